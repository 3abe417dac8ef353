#!/bin/bash
# Our talk client (examples' "talk", line mode) against the real talk daemons and the real talk
# clients: Debian's netkit in.ntalkd with netkit talk, then GNU inetutils talkd with inetutils talk,
# each under the real openbsd-inetd in the namespace.
#
#   bash interop/talk-interop.sh          (as root; IOP_PCAP=1 also records a pcap if tcpdump exists)
#
# Our talk runs as alice or bob (setpriv) inside the namespace, with standard input from a FIFO the
# script writes lines into, and standard output and error in files: stdout holds exactly the lines
# the peer finished, stderr the bracketed progress lines. The real client runs in the peer's tmux.
#
# Prints PASS/FAIL per check, then "talk-interop: N passed, M failed"; exits 1 on any failure.
# Screens, our talk's output and the inetd logs are saved in $IOP_LOGS/talk-interop/ and printed
# for failed checks.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/talk-interop
PASSED=0
FAILED=0
FAILED_IDS=()
OURS_PID=
OURS_FD=
OURS_FIFO=
OURS_OUT=
OURS_ERR=

finish() {
  ours_stop
  iop_cleanup
}
trap finish EXIT
trap 'exit 130' INT TERM

iop_setup
rm -rf "$LOG"
mkdir -p "$LOG"
iop_netns_up

iop_pcap_start "$LOG"

# ---------------------------------------------------------------- the real daemon under inetd

DAEMON=
D_USER='' D_GROUP='' D_ARGS=''
# daemon netkit|inetutils: (re)start openbsd-inetd with the line the Debian package installs.
daemon() {
  local argv0 p keep=()
  DAEMON=$1
  if [ -n "${IOP_INETD_PID:-}" ]; then
    iop_stop_pid "$IOP_INETD_PID"
    # it is gone (and reaped): iop_cleanup must not kill whatever reuses its PID
    for p in "${IOP_PIDS[@]}"; do [ "$p" = "$IOP_INETD_PID" ] || keep+=("$p"); done
    IOP_PIDS=("${keep[@]}")
    IOP_INETD_PID=
  fi
  case $DAEMON in
    netkit) D_USER=nobody D_GROUP=tty argv0=/usr/sbin/in.ntalkd D_ARGS=in.ntalkd ;;
    inetutils) D_USER=root D_GROUP=root argv0=$IU_TALKD D_ARGS=talkd ;;   # as inetutils-talkd registers it
  esac
  [ -x "$argv0" ] || iop_die "$DAEMON talkd $argv0 is missing"
  printf '127.0.0.1:ntalk\tdgram\tudp\twait\t%s.%s\t%s\t%s\n' "$D_USER" "$D_GROUP" "$argv0" "$D_ARGS" \
    >"$LOG/inetd-$DAEMON.conf"
  iop_note "inetd.conf: $(cat "$LOG/inetd-$DAEMON.conf")"
  iop_inetd_start "$LOG/inetd-$DAEMON.conf" "$LOG/inetd-$DAEMON.log"
}

# daemon_ran: the daemon inetd started for this check is the real one, as the configured user.
daemon_ran() {
  local c cmd uid gid found=0
  for c in $(iop_children "$IOP_INETD_PID"); do
    cmd=$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null)
    [ "$cmd" = "$D_ARGS " ] || continue
    found=1
    uid=$(awk '/^Uid:/ {print $2}' "/proc/$c/status")
    gid=$(awk '/^Gid:/ {print $2}' "/proc/$c/status")
    [ "$uid" = "$(id -u "$D_USER")" ] && [ "$gid" = "$(getent group "$D_GROUP" | cut -d: -f3)" ] ||
      WHY+=("inetd's $D_ARGS runs as uid $uid gid $gid, not $D_USER:$D_GROUP")
  done
  [ $found = 1 ] || WHY+=("no '$D_ARGS' child of inetd: the real $DAEMON daemon did not serve the call")
}

# ---------------------------------------------------------------- our talk client

# ours_start USER TALK-ARGS...: java -jar talk-examples.jar talk TALK-ARGS as USER in the netns.
# Standard input is a FIFO that this shell keeps open on OURS_FD (closing it is end of input).
ours_start() {
  local u=$1 fifo
  shift
  fifo=$IOP_WORK/talk-stdin.$IOP_RUN
  OURS_FIFO=$fifo
  OURS_OUT=$LOG/$ID-ours-stdout.txt
  OURS_ERR=$LOG/$ID-ours-stderr.txt
  rm -f "$fifo"
  mkfifo -m 600 "$fifo" || iop_die "mkfifo $fifo failed"
  # read-write, so that neither this open nor the client's blocks waiting for the other end
  exec {OURS_FD}<>"$fifo"
  # --default-signal=INT: a shell ignores SIGINT in what it starts in the background when it was
  # itself started with SIGINT ignored (a CI runner under nohup or "cmd &"), and a JVM started
  # with SIGINT ignored keeps ignoring it, which check 1g/2f would take for our talk hanging.
  local cmd=(setpriv --reuid="$u" --regid="$u" --init-groups
    env -i --default-signal=INT HOME="/home/$u" USER="$u" LOGNAME="$u" SHELL=/bin/bash
    PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 java -jar "$IOP_JAR" talk "$@")
  [ "$IOP_UTS" = 1 ] && cmd=(unshare --uts /bin/sh -c 'hostname localhost && exec "$@"' sh "${cmd[@]}")
  iop_note "$u\$ java -jar talk-examples.jar talk $*"
  # Every step execs, so $! is the java process. It must not inherit our end of the FIFO, or it
  # would never see end of input.
  (cd "/home/$u" && exec ip netns exec "$IOP_NS" "${cmd[@]}") \
    <"$fifo" >"$OURS_OUT" 2>"$OURS_ERR" {OURS_FD}>&- &
  OURS_PID=$!   # ours_stop ends it (finish calls that too); it is not left to iop_cleanup
}

ours_say() { printf '%s\n' "$1" >&"$OURS_FD"; }   # one line on our talk's standard input

ours_eof() {
  [ -n "$OURS_FD" ] && exec {OURS_FD}>&-
  OURS_FD=
}

ours_wait_exit() {   # ours_wait_exit SECONDS: until our talk exits; its status in OURS_RC
  local end=$((SECONDS + $1))
  OURS_RC=
  while iop_alive "$OURS_PID"; do
    [ $SECONDS -ge "$end" ] && return 1
    sleep 0.1
  done
  wait "$OURS_PID" 2>/dev/null
  OURS_RC=$?
  OURS_PID=
}

ours_stop() {
  ours_eof
  if [ -n "$OURS_PID" ]; then
    iop_alive "$OURS_PID" && iop_stop_pid "$OURS_PID"
    wait "$OURS_PID" 2>/dev/null
    OURS_PID=
  fi
  [ -n "$OURS_FIFO" ] && rm -f "$OURS_FIFO"
  OURS_FIFO=
  return 0
}

file_wait() {   # file_wait FILE GREP-ARGS... : poll for up to $FILE_WAIT seconds until grep matches
  local f=$1 end=$((SECONDS + FILE_WAIT))
  shift
  while :; do
    grep -q "$@" -- "$f" 2>/dev/null && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}
FILE_WAIT=10

# ---------------------------------------------------------------- check bookkeeping

# begin/snap/expect/end: the check bookkeeping in lib.sh
expect_err() {   # expect_err SECONDS TEXT: our talk printed the progress line [TEXT] on stderr
  FILE_WAIT=$1 file_wait "$OURS_ERR" -xF "[$2]" || WHY+=("our talk: no '[$2]' on stderr")
}
expect_out() {   # expect_out SECONDS LINE: our talk printed exactly LINE on stdout
  FILE_WAIT=$1 file_wait "$OURS_OUT" -xF "$2" || WHY+=("our talk: no line '$2' on stdout")
}

# The announcement on the callee's terminal. netkit names the caller by IP, inetutils as
# alice@localhost; both carry the caller's user name and the command to respond with.
check_rung() {   # check_rung USER CALLER
  local screen
  if iop_wait "$1" 'Message from Talk_Daemon' 20; then
    sleep 0.3   # the five lines are one write(); let tmux draw all of it
    snap announce
    screen=$(iop_cap "$1")
    grep -qF "connection requested by $2@" <<<"$screen" || WHY+=("$1: no 'connection requested by $2@...'")
    grep -qF "respond with:  talk $2@" <<<"$screen" || WHY+=("$1: no 'respond with:  talk $2@...'")
  else
    snap announce
    WHY+=("$1: not rung (no 'Message from Talk_Daemon' within 20 s)")
  fi
}

# ---------------------------------------------------------------- checks

# we_call ID NAME TALK-BINARY: our talk as alice calls bob, who answers with the real client.
we_call() {
  local talk=$3 before
  begin "$1" "our talk calls, $2 talk answers ($DAEMON talkd): ring, text both ways, edits, UTF-8, hang-up"
  iop_login bob
  ours_start alice bob --wait 60
  # a JVM on two shared cores can take a few seconds to start
  expect_err 30 "Checking for invitation on caller's machine"
  expect_err 10 "Trying to connect to your party's talk daemon"
  expect_err 10 "Waiting for your party to respond"
  check_rung bob alice
  iop_keys bob "$talk alice" Enter
  before=${#WHY[@]}
  expect bob 'Connection established' 10 "bob: no [Connection established]"
  expect_err 10 "Connection established"
  daemon_ran
  if [ ${#WHY[@]} = "$before" ]; then
    ours_say "Hello bob"
    ours_say "this is our talk client"
    expect bob 'Hello bob' 5 "bob did not see alice's 'Hello bob'"
    expect bob 'this is our talk client' 5 "bob did not see alice's second line"
    iop_type bob "hi alice"
    iop_keys bob Enter
    expect_out 5 "hi alice"
    # netkit and inetutils send the erase key as typed (DEL); our client applies bob's erase char
    iop_type bob "typo"
    iop_keys bob BSpace BSpace
    iop_type bob "o"
    iop_keys bob Enter
    expect_out 5 "tyo"
    grep -q 'typo' "$OURS_OUT" && WHY+=("our talk: printed 'typo' (bob's erase not applied)")
    # kill (^U) and word erase (^W) travel as typed too
    iop_type bob "wrong line"
    iop_keys bob C-u
    iop_type bob "right line"
    iop_keys bob Enter
    expect_out 5 "right line"
    iop_type bob "one two"
    iop_keys bob C-w
    iop_type bob "three"
    iop_keys bob Enter
    expect_out 5 "one three"
    grep -qE 'wrong|two' "$OURS_OUT" && WHY+=("our talk: printed text bob killed or word-erased")
    # the C clients send the UTF-8 bytes of a keystroke as they come (they cannot show them
    # themselves); our client decodes them
    iop_type bob "héllo wörld"
    iop_keys bob Enter
    expect_out 5 "héllo wörld"
    snap conversation
    # bob hangs up: our talk must see the end of the conversation and exit 0
    iop_keys bob C-c
    iop_wait_shell bob 5 || WHY+=("bob's talk did not exit on ^C")
    if ours_wait_exit 10; then
      [ "$OURS_RC" = 0 ] || WHY+=("our talk exited with status $OURS_RC after bob hung up, not 0")
      grep -qxF '[Connection closed]' "$OURS_ERR" || WHY+=("our talk: no '[Connection closed]' on stderr")
    else
      WHY+=("our talk did not exit within 10 s after bob hung up")
    fi
  fi
  snap end
  ours_stop
  iop_wait_shell bob 1 || { iop_keys bob C-c; iop_wait_shell bob 3; }
  iop_logout bob
  end
}

# we_answer ID NAME TALK-BINARY: the real client as alice calls bob; our talk as bob answers.
we_answer() {
  local talk=$3 before
  begin "$1" "$2 talk calls, our talk answers ($DAEMON talkd): invitation found, text both ways, hang-up"
  iop_login alice
  iop_login bob
  iop_keys alice "$talk bob" Enter
  check_rung bob alice
  expect alice 'Waiting for your party to respond' 10 "alice: no [Waiting for your party to respond]"
  # what netkit's announcement says to respond with ("talk alice@127.0.0.1")
  ours_start bob alice@127.0.0.1 --wait 60
  expect_err 30 "Checking for invitation on caller's machine"
  expect_err 10 "Waiting to connect with caller"
  before=${#WHY[@]}
  expect_err 10 "Connection established"
  expect alice 'Connection established' 10 "alice: no [Connection established]"
  grep -qF '[Trying to connect to your party' "$OURS_ERR" &&
    WHY+=("our talk announced a call of its own instead of answering alice's")
  daemon_ran
  if [ ${#WHY[@]} = "$before" ]; then
    iop_type alice "Hello bob"
    iop_keys alice Enter
    expect_out 5 "Hello bob"
    iop_type alice "abcx"
    iop_keys alice BSpace
    iop_type alice "d"
    iop_keys alice Enter
    expect_out 5 "abcd"
    grep -q 'abcx' "$OURS_OUT" && WHY+=("our talk: printed 'abcx' (alice's erase not applied)")
    ours_say "hi alice"
    ours_say "from our talk client"
    expect alice 'hi alice' 5 "alice did not see bob's 'hi alice'"
    expect alice 'from our talk client' 5 "alice did not see bob's second line"
    snap conversation
    # our side hangs up (end of input): our talk exits 0 and alice's talk sees the connection close
    ours_eof
    if ours_wait_exit 10; then
      [ "$OURS_RC" = 0 ] || WHY+=("our talk exited with status $OURS_RC at end of input, not 0")
    else
      WHY+=("our talk did not exit within 10 s after its input ended")
    fi
    iop_hung_up alice 5 || WHY+=("alice's talk did not notice that our talk hung up")
  fi
  snap end
  ours_stop
  iop_wait_shell alice 1 || { iop_keys alice C-c; iop_wait_shell alice 3; }
  iop_logout alice
  iop_logout bob
  end
}

# refused MESSAGE: our talk as alice calls bob (whom the caller has set up) and is refused.
refused() {
  ours_start alice bob --wait 30
  if ours_wait_exit 40; then
    [ "$OURS_RC" = 1 ] || WHY+=("our talk exited with status $OURS_RC, not 1")
  else
    WHY+=("our talk did not exit within 40 s")
  fi
  grep -qxF "[$1]" "$OURS_ERR" || WHY+=("our talk: no '[$1]' on stderr")
  grep -qF '[Waiting for your party' "$OURS_ERR" && WHY+=("our talk waited for an answer")
  [ -s "$OURS_OUT" ] && WHY+=("our talk printed something on stdout")
  ours_stop
}

not_logged_on() {
  begin "$1" "our talk calls bob, who is not logged in ($DAEMON talkd): refused, exit 1"
  iop_logout bob
  if who | awk '$1 == "bob"' | grep -q .; then
    WHY+=("precondition: bob still has utmp entries: $(who | awk '$1 == "bob"' | tr '\n' ';')")
  fi
  refused "Your party is not logged on"
  end
}

refusing() {
  begin "$1" "our talk calls bob, who ran 'mesg n' ($DAEMON talkd): refused, exit 1, not rung"
  iop_login bob
  iop_mesg_n bob
  refused "Your party is refusing messages"
  iop_cap bob | grep -q 'Message from' && WHY+=("bob was rung although his tty refuses messages")
  snap end
  iop_logout bob
  end
}

# reannounce ID NAME TALK-BINARY: nobody answers for RING_WAIT (30 s): our talk re-announces with
# the daemon's id + 1, the real daemon rings bob again, and the refreshed invitation still connects.
reannounce() {
  local talk=$3 i n=0
  begin "$1" "our talk rings bob again after 30 s ($DAEMON talkd), then $2 talk answers"
  iop_login bob
  ours_start alice bob --wait 90
  check_rung bob alice
  expect_err 45 "Ringing your party again"
  for ((i = 0; i < 50; i++)); do
    n=$(iop_cap bob | grep -c 'Message from Talk_Daemon')
    [ "$n" -ge 2 ] && break
    sleep 0.1
  done
  [ "$n" -ge 2 ] || WHY+=("bob: the re-announce did not ring again ($n announcement(s) on screen)")
  snap rerung
  iop_keys bob "$talk alice" Enter
  expect bob 'Connection established' 10 "bob: no [Connection established] after the re-announce"
  expect_err 10 "Connection established"
  ours_say "still there?"
  expect bob 'still there\?' 5 "bob did not see alice's 'still there?'"
  ours_eof
  if ours_wait_exit 10; then
    [ "$OURS_RC" = 0 ] || WHY+=("our talk exited with status $OURS_RC at end of input, not 0")
  else
    WHY+=("our talk did not exit within 10 s after its input ended")
  fi
  iop_hung_up bob 5 || WHY+=("bob's talk did not notice that our talk hung up")
  snap end
  ours_stop
  iop_wait_shell bob 1 || { iop_keys bob C-c; iop_wait_shell bob 3; }
  iop_logout bob
  end
}

# stale ID NAME TALK-BINARY: alice's real talk invites bob and is killed (no clean-up); our talk as
# bob finds the dead invitation, cannot connect, deletes it (look_up.c; the DELETE itself is only
# visible in a pcap, IOP_PCAP=1) and calls alice instead; alice's real talk then answers.
stale() {
  local talk=$3 c i killed=0
  begin "$1" "a dead $2 talk's invitation ($DAEMON talkd): our talk gets past it, calls back, connects"
  iop_login alice
  iop_login bob
  iop_keys alice "$talk bob" Enter
  check_rung bob alice
  expect alice 'Waiting for your party to respond' 10 "alice: no [Waiting for your party to respond]"
  for ((i = 0; i < 20 && killed == 0; i++)); do
    for c in $(iop_children "$(iop_tmux alice display -p -t alice '#{pane_pid}')"); do
      case $(cat "/proc/$c/comm" 2>/dev/null) in
        *talk*) kill -9 "$c" && killed=1 ;;
      esac
    done
    [ $killed = 1 ] || sleep 0.1
  done
  [ $killed = 1 ] || WHY+=("precondition: cannot find alice's talk process to kill")
  iop_wait_shell alice 5 || WHY+=("precondition: alice's killed talk did not go away")
  iop_keys alice C-l   # the killed curses program leaves its screen behind
  ours_start bob alice --wait 60
  expect_err 30 "Checking for invitation on caller's machine"
  expect_err 10 "Waiting to connect with caller"
  expect_err 10 "Trying to connect to your party's talk daemon"
  expect_err 10 "Waiting for your party to respond"
  check_rung alice bob
  iop_keys alice "$talk bob" Enter
  expect alice 'Connection established' 10 "alice: no [Connection established]"
  expect_err 10 "Connection established"
  iop_type alice "second try"
  iop_keys alice Enter
  expect_out 5 "second try"
  ours_say "got it"
  expect alice 'got it' 5 "alice did not see bob's 'got it'"
  snap conversation
  ours_eof
  if ours_wait_exit 10; then
    [ "$OURS_RC" = 0 ] || WHY+=("our talk exited with status $OURS_RC at end of input, not 0")
  else
    WHY+=("our talk did not exit within 10 s after its input ended")
  fi
  iop_hung_up alice 5 || WHY+=("alice's talk did not notice that our talk hung up")
  snap end
  ours_stop
  iop_wait_shell alice 1 || { iop_keys alice C-c; iop_wait_shell alice 3; }
  iop_logout alice
  iop_logout bob
  end
}

# interrupted ID: our talk as alice is ringing bob when it gets SIGINT (^C). Like the C client
# (invite.c send_delete() on quit) it must delete its invitations before it exits. Seen through
# our own talk as bob: "talk alice" must find no invitation ([Waiting to connect with caller]).
interrupted() {
  begin "$1" "^C on our talk while it rings bob ($DAEMON talkd): its invitation is deleted"
  iop_login bob
  ours_start alice bob --wait 60
  expect_err 30 "Waiting for your party to respond"
  check_rung bob alice
  kill -INT "$OURS_PID"
  if ours_wait_exit 10; then
    [ "$OURS_RC" = 130 ] || WHY+=("our talk exited with status $OURS_RC on SIGINT, not 130")
  else
    # The JVM's thread dump (SIGQUIT, to our stdout, which a failed check prints) says which
    # thread holds the exit up; no "SIGINT handler" thread in it means the signal was ignored.
    kill -QUIT "$OURS_PID" 2>/dev/null
    for ((i = 0; i < 20; i++)); do grep -q '^Full thread dump' "$OURS_OUT" && break; sleep 0.1; done
    WHY+=("our talk did not exit within 10 s of SIGINT (its thread dump: $OURS_OUT)")
  fi
  ours_stop
  # alice is not logged in, so bob's call back is refused; what matters is what it finds first
  ID=$1-callback
  ours_start bob alice --wait 10
  ID=$1
  if ours_wait_exit 40; then
    grep -qF '[Waiting to connect with caller]' "$OURS_ERR" &&
      WHY+=("bob's talk found alice's invitation after alice's talk was interrupted")
    grep -qxF '[Your party is not logged on]' "$OURS_ERR" ||
      WHY+=("bob's call back: no '[Your party is not logged on]'")
  else
    WHY+=("bob's call back did not end within 40 s")
  fi
  ours_stop
  snap end
  iop_logout bob
  end
}

# 1a, 1b and 2a, 2b are the checks of issue 4; the others cover the refusals, the re-announce
# (only against netkit: it waits out the 30 s RING_WAIT), a dead caller's invitation and ^C.
daemon netkit
we_call 1a-netkit-we-call netkit "$NETKIT_TALK"
we_answer 1b-netkit-we-answer netkit "$NETKIT_TALK"
not_logged_on 1c-netkit-not-logged-on
refusing 1d-netkit-refusing
reannounce 1e-netkit-reannounce netkit "$NETKIT_TALK"
stale 1f-netkit-stale-invitation netkit "$NETKIT_TALK"
interrupted 1g-netkit-interrupted
daemon inetutils
we_call 2a-inetutils-we-call inetutils "$IU_TALK"
we_answer 2b-inetutils-we-answer inetutils "$IU_TALK"
not_logged_on 2c-inetutils-not-logged-on
refusing 2d-inetutils-refusing
stale 2e-inetutils-stale-invitation inetutils "$IU_TALK"
interrupted 2f-inetutils-interrupted

if [ "$FAILED" != 0 ]; then
  print_failed_screens
  for f in "$LOG"/inetd-*.log; do
    printf '\n===== %s =====\n' "$f"
    cat "$f"
  done
  echo
fi
echo "screens and logs: $LOG"
echo "talk-interop: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]

#!/bin/bash
# Our talkd (examples' "talkd --inetd") under the real openbsd-inetd, called by the real Debian
# talk clients (netkit-ntalk and GNU inetutils talk) that alice and bob type into tmux panes.
#
#   bash interop/talkd-interop.sh         (as root; IOP_PCAP=1 also records a pcap if tcpdump exists)
#
# Prints PASS/FAIL per check, then "talkd-interop: N passed, M failed"; exits 1 on any failure.
# Screens of every step are saved in $IOP_LOGS/talkd-interop/ and printed for failed checks.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/talkd-interop
PASSED=0
FAILED=0
FAILED_IDS=()

finish() {
  iop_cleanup
}
trap finish EXIT
trap 'exit 130' INT TERM

iop_setup
rm -rf "$LOG"
mkdir -p "$LOG"
iop_netns_up

# The inetd.conf line Debian's talkd package installs, with our daemon instead of in.ntalkd: the
# README's line, the launcher as installed (iop_install_talkd).
# IOP_DAEMON=netkit|inetutils runs the same checks against a reference daemon instead (this is
# how the expectations were checked against the real thing).
case ${IOP_DAEMON:-ours} in
  ours)
    D_USER=nobody D_GROUP=tty D_ARGV0=$IOP_TALKD D_ARGS="talkd --inetd"
    D_CMDLINE=$(iop_talkd_cmdline --inetd) ;;
  netkit)
    D_USER=nobody D_GROUP=tty D_ARGV0=/usr/sbin/in.ntalkd D_ARGS=in.ntalkd D_CMDLINE="in.ntalkd " ;;
  inetutils)   # Debian's inetutils-talkd registers itself as root.root
    D_USER=root D_GROUP=root D_ARGV0=$IU_TALKD D_ARGS=talkd D_CMDLINE="talkd " ;;
  *) iop_die "IOP_DAEMON must be ours, netkit or inetutils" ;;
esac
printf '127.0.0.1:ntalk\tdgram\tudp\twait\t%s.%s\t%s\t%s\n' "$D_USER" "$D_GROUP" "$D_ARGV0" "$D_ARGS" \
  >"$LOG/inetd.conf"
iop_note "inetd.conf: $(cat "$LOG/inetd.conf")"
iop_inetd_start "$LOG/inetd.conf" "$LOG/inetd.log"

iop_pcap_start "$LOG"

# ---------------------------------------------------------------- check bookkeeping

# begin/snap/expect/end: the check bookkeeping in lib.sh

hang_up() {   # end a talk session from alice's side, then make sure both shells are back
  iop_keys alice C-c
  iop_wait_shell alice 5 || WHY+=("alice's talk did not exit on ^C")
  # the peer's talk notices the closed connection and exits by itself; ^C if it did not
  iop_wait_shell bob 5 || { iop_keys bob C-c; iop_wait_shell bob 3; }
}

# After a refused call inetutils talk exits, but Debian's netkit talk shows the reason for a
# few seconds and then waits for ^C (it does the same against netkit's own in.ntalkd).
stop_alice_talk() {
  iop_wait_shell alice 1 && return 0
  iop_keys alice C-c
  iop_wait_shell alice 5 || WHY+=("alice's talk did not exit on ^C")
}

# stop_pid_now PID: stop it (and its children) and forget it, so cleanup never kills a reused PID
stop_pid_now() {
  local p keep=()
  iop_stop_pid "$1"
  for p in "${IOP_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  IOP_PIDS=("${keep[@]}")
}

# wait_port_free SECONDS: until nothing listens on UDP 518 in the namespace
wait_port_free() {
  local end=$((SECONDS + $1))
  while [ -n "$(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518')" ]; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------- checks


# conversation ID CLIENT-NAME TALK-BINARY: alice calls bob, bob answers, text both ways, erase.
conversation() {
  local talk=$3 screen
  begin "$1" "$2 talk: announcement, connection, text both ways, erase"
  iop_login alice
  iop_login bob
  iop_ring_gap
  iop_keys alice "$talk bob" Enter
  if iop_wait bob 'Message from Talk_Daemon' 15; then
    iop_rang
    sleep 0.3   # the five lines are one write(); let tmux draw all of it
    snap announce
    screen=$(iop_cap bob)
    grep -qE 'Message from Talk_Daemon@[^ ]+ at [0-9]+:[0-9][0-9] \.\.\.' <<<"$screen" ||
      WHY+=("bob: no 'Message from Talk_Daemon@HOST at H:MM ...' line")
    grep -qF 'talk: connection requested by alice@127.0.0.1.' <<<"$screen" ||
      WHY+=("bob: no 'talk: connection requested by alice@127.0.0.1.'")
    grep -qF 'talk: respond with:  talk alice@127.0.0.1' <<<"$screen" ||
      WHY+=("bob: no 'talk: respond with:  talk alice@127.0.0.1'")
  else
    snap announce
    WHY+=("bob: no announcement within 15 s")
  fi
  iop_keys bob "$talk alice" Enter
  local before=${#WHY[@]}
  expect bob 'Connection established' 10 "bob: no [Connection established]"
  expect alice 'Connection established' 10 "alice: no [Connection established]"
  if [ ${#WHY[@]} = "$before" ]; then
    snap connected
    iop_type alice "Hello bob"
    iop_keys alice Enter
    expect bob 'Hello bob' 5 "bob did not see alice's 'Hello bob'"
    iop_type bob "hi alice"
    iop_keys bob Enter
    expect alice 'hi alice' 5 "alice did not see bob's 'hi alice'"
    # Erase travels as the sender's erase character (DEL here) and the receiver applies it.
    iop_type bob "typo"
    iop_keys bob BSpace BSpace
    iop_type bob "o"
    expect alice 'tyo' 5 "alice: bob's 'typo' BS BS 'o' did not show as 'tyo'"
    iop_cap alice | grep -q 'typo' && WHY+=("alice: still shows 'typo' (erase not applied)")
    iop_type alice "abcx"
    iop_keys alice BSpace
    iop_type alice "d"
    expect bob 'abcd' 5 "bob: alice's 'abcx' BS 'd' did not show as 'abcd'"
    iop_cap bob | grep -q 'abcx' && WHY+=("bob: still shows 'abcx' (erase not applied)")
    snap conversation
  fi
  hang_up
  snap end
  iop_logout alice
  iop_logout bob
  end
}

# not_logged_on ID CLIENT-NAME TALK-BINARY
not_logged_on() {
  local talk=$3
  begin "$1" "$2 talk: callee not logged in -> 'Your party is not logged on'"
  iop_logout bob
  if who | awk '$1 == "bob"' | grep -q .; then
    WHY+=("precondition: bob still has utmp entries: $(who | awk '$1 == "bob"' | tr '\n' ';')")
  fi
  iop_login alice
  iop_keys alice "$talk bob" Enter
  expect alice 'Your party is not logged on' 15 "alice: no 'Your party is not logged on'"
  stop_alice_talk
  snap end
  iop_logout alice
  end
}

# refusing ID CLIENT-NAME TALK-BINARY
refusing() {
  local talk=$3
  begin "$1" "$2 talk: callee ran 'mesg n' -> 'Your party is refusing messages'"
  iop_login alice
  iop_login bob
  iop_mesg_n bob
  iop_keys alice "$talk bob" Enter
  expect alice 'Your party is refusing messages' 15 "alice: no 'Your party is refusing messages'"
  iop_cap bob | grep -q 'Message from' && WHY+=("bob was rung although his tty refuses messages")
  stop_alice_talk
  snap end
  iop_logout alice
  iop_logout bob
  end
}

# reannounce ID: netkit talk re-sends ANNOUNCE with a higher id every RING_WAIT (30 s) while the
# callee does not answer; talkd must ring again (process.c: "an explicit re-announce"), and the
# invitation must still lead to a connection afterwards.
reannounce() {
  local i n=0
  begin "$1" "netkit talk: an unanswered call rings again after 30 s, then connects"
  iop_login alice
  iop_login bob
  iop_ring_gap
  iop_keys alice "$NETKIT_TALK bob" Enter
  expect bob 'Message from Talk_Daemon' 15 "bob: no first announcement"
  iop_rang
  expect alice 'Ringing your party again' 45 "alice: no 'Ringing your party again' after 45 s"
  for ((i = 0; i < 50; i++)); do
    n=$(iop_cap bob | grep -c 'Message from Talk_Daemon')
    [ "$n" -ge 2 ] && break
    sleep 0.1
  done
  [ "$n" -ge 2 ] || WHY+=("bob: the re-announce did not ring again ($n announcement(s) on screen)")
  snap rerung
  iop_keys bob "$NETKIT_TALK alice" Enter
  expect bob 'Connection established' 10 "bob: no [Connection established] after the re-announce"
  expect alice 'Connection established' 10 "alice: no [Connection established] after the re-announce"
  iop_type alice "still there?"
  iop_keys alice Enter
  expect bob 'still there\?' 5 "bob did not see alice's 'still there?'"
  hang_up
  snap end
  iop_logout alice
  iop_logout bob
  end
}

# inetd_child ID: the daemon that answered was the configured one, started by inetd as D_USER.D_GROUP.
inetd_child() {
  local c cmd uid gid found=0
  begin "$1" "openbsd-inetd ran $D_ARGS as $D_USER:$D_GROUP"
  for c in $(iop_children "$IOP_INETD_PID"); do
    cmd=$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null)
    [ "$cmd" = "$D_CMDLINE" ] || continue
    found=1
    # ours: the launcher's archive accepted after install -p (else a slower cold start)
    if [ "${IOP_DAEMON:-ours}" = ours ] && ! iop_uses_archive "$c"; then
      WHY+=("talkd (pid $c) does not use talk-examples.jsa: the JVM rejected the class-data archive")
    fi
    uid=$(awk '/^Uid:/ {print $2}' "/proc/$c/status")
    gid=$(awk '/^Gid:/ {print $2}' "/proc/$c/status")
    [ "$uid" = "$(id -u "$D_USER")" ] || WHY+=("talkd runs as uid $uid, not $D_USER")
    [ "$gid" = "$(getent group "$D_GROUP" | cut -d: -f3)" ] || WHY+=("talkd runs as gid $gid, not $D_GROUP")
  done
  [ $found = 1 ] || WHY+=("no '$D_CMDLINE' child of inetd pid $IOP_INETD_PID")
  end
}

# call_once USER TALK CALLEE ERE: USER runs TALK CALLEE, waits for ERE on USER's screen, hangs up.
# Sets CALL_SCREEN to USER's screen at the answer.
call_once() {
  CALL_SCREEN=
  iop_keys "$1" "$2 $3" Enter
  iop_wait "$1" "$4" 10 || return 1
  CALL_SCREEN=$(iop_cap "$1")
  iop_keys "$1" C-c
  iop_wait_shell "$1" 5 || { iop_keys "$1" C-c; iop_wait_shell "$1" 3; }
}

# stopped_tty ID (issue 8 item 3): bob presses ^S (his pty stops output, so a write to it blocks)
# and alice calls him 17 times. Each call costs only bob's terminal: a second ring while the first
# write is pending fails, the write is abandoned after the write timeout (5 s) and never reaches
# his screen, alice's own terminal is still rung, and after ^Q bob is rung again. The daemon used
# to keep 16 blocked writes and then answer FAILED to every call. Netkit waits forever for its
# child's write, so this check is for our daemon only.
stopped_tty() {
  local i rung=0 confused=0
  # The ring limits would hold back all but the first of these calls before they reach the
  # terminal; what this checks is the announcer's own protection, for a daemon run without them.
  stop_pid_now "$IOP_INETD_PID"
  wait_port_free 10 || iop_die "UDP 518 still in use after stopping inetd"
  sed 's/talkd --inetd$/talkd --inetd --ring-interval 0 --ring-cap 0/' "$LOG/inetd.conf" \
    >"$LOG/inetd-nolimits.conf"
  iop_note "inetd.conf: $(cat "$LOG/inetd-nolimits.conf")"
  iop_inetd_start "$LOG/inetd-nolimits.conf" "$LOG/inetd-nolimits.log"
  begin "$1" "netkit talk: a terminal stopped with ^S costs only itself"
  iop_login alice
  iop_login bob
  iop_keys bob C-s
  for ((i = 0; i < 17; i++)); do
    call_once alice "$NETKIT_TALK" bob 'Waiting for your party|too confused' ||
      WHY+=("alice's call $i to the stopped bob got no answer on screen")
    grep -q 'too confused' <<<"$CALL_SCREEN" && confused=$((confused + 1))
    if [ $i = 0 ]; then
      grep -q 'Waiting for your party' <<<"$CALL_SCREEN" ||
        WHY+=("alice's first call to the stopped bob was not answered SUCCESS")
      iop_cap bob | grep -q 'Message from' &&
        WHY+=("precondition: bob's terminal did not stop on ^S (he was rung)")
    fi
  done
  # the calls take well under the 5 s write timeout each, so some met the pending write
  [ $confused -ge 1 ] ||
    WHY+=("no call met bob's pending write ('too confused to talk to us' never shown)")
  iop_note "$confused of 17 calls to the stopped bob answered FAILED"
  snap calls-to-stopped
  iop_keys alice "$NETKIT_TALK alice" Enter
  expect alice 'Message from Talk_Daemon' 15 "alice was not rung while bob's terminal is stopped"
  snap alice-rung
  iop_keys alice C-c
  iop_wait_shell alice 5 || { iop_keys alice C-c; iop_wait_shell alice 3; }
  sleep 6   # past the write timeout: bob's pending write is abandoned
  iop_keys bob C-q
  sleep 1
  iop_cap bob | grep -q 'Message from Talk_Daemon' &&
    WHY+=("bob: an announcement written while his terminal was stopped appeared after ^Q")
  snap resumed
  iop_keys alice "$NETKIT_TALK bob" Enter
  iop_wait bob 'Message from Talk_Daemon' 15 && rung=1
  [ $rung = 1 ] || WHY+=("bob was not rung after ^Q")
  iop_keys alice C-c
  iop_wait_shell alice 5 || { iop_keys alice C-c; iop_wait_shell alice 3; }
  snap end
  iop_logout alice
  iop_logout bob
  end
}

conversation 1-netkit netkit "$NETKIT_TALK"
inetd_child 1-inetd-child
conversation 2-inetutils inetutils "$IU_TALK"
not_logged_on 3a-netkit netkit "$NETKIT_TALK"
not_logged_on 3a-inetutils inetutils "$IU_TALK"
refusing 3b-netkit netkit "$NETKIT_TALK"
refusing 3b-inetutils inetutils "$IU_TALK"
reannounce 4-netkit-reannounce
[ "${IOP_DAEMON:-ours}" = ours ] && stopped_tty 7-stopped-tty

# ---------------------------------------------------------------- our daemon started as root
# Issue 8 item 6: started as root (standalone as the README says, or from an inetd line that says
# root.root, as inetutils-talkd's does), our talkd must serve as nobody:tty with no capability but
# CAP_NET_BIND_SERVICE (it re-runs itself under setpriv; the root parent only waits).

# stop_pid_now PID: stop it (and its children) and forget it, so cleanup never kills a reused PID
stop_pid_now() {
  local p keep=()
  iop_stop_pid "$1"
  for p in "${IOP_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  IOP_PIDS=("${keep[@]}")
}

# wait_port_free SECONDS: until nothing listens on UDP 518 in the namespace
wait_port_free() {
  local end=$((SECONDS + $1))
  while [ -n "$(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518')" ]; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

# port_pids: the PIDs of the processes that hold the UDP 518 socket in the namespace
port_pids() {
  ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

# unprivileged PID WHAT: WHY+= unless PID runs as nobody:tty, no supplementary groups, no new
# privileges, and only CAP_NET_BIND_SERVICE (bit 10) effective, permitted and in the bounding set.
unprivileged() { iop_creds "$1" "$2 (cap_net_bind_service only)" nobody tty 0000000000000400; }

# The README's standalone command line, as root, inside the namespace. No fork in the chain
# (setsid, ip netns exec, unshare and sh all exec), so $! is the java started as root.
standalone_start() {
  local cmd=(java -jar "$IOP_JAR" talkd --bind 127.0.0.1) i
  [ "$IOP_UTS" = 1 ] && cmd=(unshare --uts /bin/sh -c 'hostname localhost && exec "$@"' sh "${cmd[@]}")
  iop_note "standalone as root: ${cmd[*]}"
  setsid ip netns exec "$IOP_NS" "${cmd[@]}" >"$LOG/standalone.log" 2>&1 </dev/null &
  SA_PID=$!
  IOP_PIDS+=("$SA_PID")
  for ((i = 0; i < 200; i++)); do   # two JVM starts on a busy machine
    [ -n "$(port_pids)" ] && return 0
    iop_alive "$SA_PID" || return 1
    sleep 0.1
  done
  return 1
}

standalone_root() {
  local up=1 pids
  stop_pid_now "$IOP_INETD_PID"
  wait_port_free 10 || iop_die "UDP 518 still in use after stopping inetd: $(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518')"
  begin 5-standalone-root "standalone 'java -jar ... talkd --bind 127.0.0.1' as root serves as nobody:tty with only cap_net_bind_service"
  standalone_start || { up=0; WHY+=("nothing listens on UDP 127.0.0.1:518 (log: $(tr '\n' ' ' <"$LOG/standalone.log"))"); }
  if [ $up = 1 ]; then
    pids=$(port_pids)
    SA_CHILD=$(iop_children "$SA_PID" | tr -d ' ')
    [ "$pids" = "$SA_CHILD" ] || WHY+=("UDP 518 is held by pid(s) $(echo $pids), not by the root java's only child '$SA_CHILD'")
    [ "$(awk '/^Uid:/ {print $3}' "/proc/$SA_PID/status")" = 0 ] || WHY+=("precondition: the java started by the script is not root")
    unprivileged "${pids%%$'\n'*}" "the java serving UDP 518"
    grep -q 'talkd: serving on /127.0.0.1:518' "$LOG/standalone.log" || WHY+=("no 'talkd: serving on /127.0.0.1:518' in its log")
  fi
  end
  [ $up = 1 ] || return 0
  conversation 5-standalone-netkit netkit "$NETKIT_TALK"

  local i rc=
  begin 5-standalone-sigterm "SIGTERM to the root java stops its unprivileged child; it exits 143"
  kill -TERM "$SA_PID"
  for ((i = 0; i < 100; i++)); do iop_alive "$SA_PID" || break; sleep 0.1; done
  if iop_alive "$SA_PID"; then
    WHY+=("the root java still runs 10 s after SIGTERM")
  else
    wait "$SA_PID"
    rc=$?
    [ "$rc" = 143 ] || WHY+=("the root java exited $rc after SIGTERM, not 143")
  fi
  [ -n "$SA_CHILD" ] && iop_alive "$SA_CHILD" && WHY+=("the serving child $SA_CHILD still runs")
  wait_port_free 5 || WHY+=("UDP 518 still held after SIGTERM: $(echo $(port_pids))")
  end
  stop_pid_now "$SA_PID"
}

# The inetd line inetutils-talkd registers (root.root), with our daemon: the root java inetd starts
# hands the socket on fd 0/1 to its unprivileged child, which serves on it (inheritedChannel).
inetd_root() {
  wait_port_free 10 || iop_die "UDP 518 still in use before starting inetd again"
  printf '127.0.0.1:ntalk\tdgram\tudp\twait\troot.root\t%s\tjava -jar %s talkd --inetd\n' \
    "$(readlink -f "$(command -v java)")" "$IOP_JAR" >"$LOG/inetd-root.conf"
  iop_note "inetd.conf: $(cat "$LOG/inetd-root.conf")"
  iop_inetd_start "$LOG/inetd-root.conf" "$LOG/inetd-root.log"
  conversation 6-inetd-root-netkit netkit "$NETKIT_TALK"
  local c cmd parent= child=
  begin 6-inetd-root-child "openbsd-inetd's root.root 'java ... talkd --inetd' serves through a nobody:tty child on inetd's socket"
  for c in $(iop_children "$IOP_INETD_PID"); do
    cmd=$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null)
    [ "$cmd" = "java -jar $IOP_JAR talkd --inetd " ] && parent=$c
  done
  if [ -z "$parent" ]; then
    WHY+=("no 'java -jar $IOP_JAR talkd --inetd' child of inetd pid $IOP_INETD_PID")
  else
    [ "$(awk '/^Uid:/ {print $3}' "/proc/$parent/status")" = 0 ] || WHY+=("precondition: inetd did not start it as root")
    child=$(iop_children "$parent" | tr -d ' ')
    if [ -z "$child" ]; then
      WHY+=("the root java $parent has no child")
    else
      unprivileged "$child" "the root java's child"
      [ "$(readlink "/proc/$child/fd/0")" = "$(readlink "/proc/$parent/fd/0")" ] ||
        WHY+=("the child's fd 0 is $(readlink "/proc/$child/fd/0"), not inetd's socket $(readlink "/proc/$parent/fd/0")")
    fi
  fi
  end
  stop_pid_now "$IOP_INETD_PID"
}

# ---------------------------------------------------------------- terminals without utmp
# Issue 12: on hosts that no longer write utmp, our talkd finds the callee's terminals in
# systemd-logind's records. bob logs in (a real pty), his utmp record is removed, and a directory
# shaped like /run/systemd (built here as logind's user_save()/session_save() write it) names his
# pty; inetd starts our talkd with --logind-dir pointing at it. No PID 1 or logind is needed.

LOGIND_DIR=$IOP_WORK/logind.$IOP_RUN

# logind_fixture USER LINE: users/UID and sessions/ID of USER, whose one live text session is on
# /dev/LINE, next to records that must not count: a closing session and a graphical one of his.
logind_fixture() {
  local u=$1 line=$2 uid
  uid=$(id -u "$u")
  rm -rf "$LOGIND_DIR"
  mkdir -p "$LOGIND_DIR/users" "$LOGIND_DIR/sessions" || iop_die "cannot create $LOGIND_DIR"
  printf '%s\n' '# This is private data. Do not parse.' "NAME=$u" STATE=active STOPPING=no \
    "RUNTIME=/run/user/$uid" "SLICE=user-$uid.slice" DISPLAY=7 "REALTIME=$(date +%s)000000" \
    'SESSIONS=7 8 9' SEATS= 'ACTIVE_SESSIONS=7 9' 'ONLINE_SESSIONS=7 9' >"$LOGIND_DIR/users/$uid"
  logind_session 7 "$u" "$uid" "$line" REMOTE=1 REMOTE_HOST=192.0.2.7 SERVICE=sshd
  logind_session 8 "$u" "$uid" pts/0 STATE=closing ACTIVE=0
  logind_session 9 "$u" "$uid" tty2 TYPE=wayland
  mkfifo "$LOGIND_DIR/sessions/7.ref"   # logind keeps one FIFO per session next to its record
  chmod -R a+rX "$LOGIND_DIR"           # inetd's talkd runs as nobody
}

# logind_session ID USER UID LINE [KEY=VALUE...]: one sessions/ID; later assignments win
logind_session() {
  local id=$1 u=$2 uid=$3 line=$4
  shift 4
  printf '%s\n' '# This is private data. Do not parse.' "UID=$uid" "USER=$u" ACTIVE=1 \
    IS_DISPLAY=0 STATE=active REMOTE=0 TYPE=tty ORIGINAL_TYPE=tty CLASS=user \
    "SCOPE=session-$id.scope" "FIFO=/run/systemd/sessions/$id.ref" "TTY=$line" \
    TTY_VALIDITY=from-pam SERVICE=login POSITION=0 LEADER=1 "$@" >"$LOGIND_DIR/sessions/$id"
}

# login_without_utmp USER: log USER in, then mark his utmp record dead, as a host without utmp
# would leave it (pututline() finds the record by ut_id, the last 4 characters of the line).
login_without_utmp() {
  local u=$1 line
  iop_login "$u"
  line=${IOP_TTY[$u]#/dev/}
  iop_utmp_put 8 "" "$line" 0
  if who | awk -v u="$u" '$1 == u' | grep -q .; then
    WHY+=("precondition: $u still has utmp entries: $(who | awk -v u="$u" '$1 == u' | tr '\n' ';')")
  fi
}

# logind_inetd NAME OPTIONS...: inetd running our talkd --inetd with OPTIONS
logind_inetd() {
  local conf=$LOG/inetd-$1.conf
  shift
  wait_port_free 10 || iop_die "UDP 518 still in use before starting inetd again"
  printf '127.0.0.1:ntalk\tdgram\tudp\twait\tnobody.tty\t%s\tjava -jar %s talkd --inetd %s\n' \
    "$(readlink -f "$(command -v java)")" "$IOP_JAR" "$*" >"$conf"
  iop_note "inetd.conf: $(cat "$conf")"
  iop_inetd_start "$conf" "${conf%.conf}.log"
}

# logind_rings ID TITLE: alice's netkit talk rings bob, who is in logind's records only; bob
# answers and they are connected.
logind_rings() {
  local screen before
  begin "$1" "$2"
  iop_login alice
  login_without_utmp bob
  logind_fixture bob "${IOP_TTY[bob]#/dev/}"
  iop_keys alice "$NETKIT_TALK bob" Enter
  if iop_wait bob 'Message from Talk_Daemon' 15; then
    sleep 0.3
    snap announce
    screen=$(iop_cap bob)
    grep -qF 'talk: connection requested by alice@127.0.0.1.' <<<"$screen" ||
      WHY+=("bob: no 'talk: connection requested by alice@127.0.0.1.'")
  else
    snap announce
    WHY+=("bob: no announcement within 15 s")
  fi
  before=${#WHY[@]}
  iop_keys bob "$NETKIT_TALK alice" Enter
  expect bob 'Connection established' 10 "bob: no [Connection established]"
  expect alice 'Connection established' 10 "alice: no [Connection established]"
  if [ ${#WHY[@]} = "$before" ]; then
    iop_type alice "logind found you"
    iop_keys alice Enter
    expect bob 'logind found you' 5 "bob did not see alice's 'logind found you'"
  fi
  hang_up
  end
}

# logind_refusing ID: bob (logind only) runs mesg n; alice is told he is refusing messages
logind_refusing() {
  begin "$1" "netkit talk: bob in logind's records only ran 'mesg n' -> 'Your party is refusing messages'"
  iop_mesg_n bob
  iop_keys alice "$NETKIT_TALK bob" Enter
  expect alice 'Your party is refusing messages' 15 "alice: no 'Your party is refusing messages'"
  iop_cap bob | grep -q 'Message from' && WHY+=("bob was rung although his tty refuses messages")
  stop_alice_talk
  iop_keys bob "mesg y" Enter
  end
}

# logind_not_consulted ID: with --terminals utmp the same fixture is not read: not logged on
logind_not_consulted() {
  begin "$1" "netkit talk: --terminals utmp ignores logind's records -> 'Your party is not logged on'"
  iop_keys alice "$NETKIT_TALK bob" Enter
  expect alice 'Your party is not logged on' 15 "alice: no 'Your party is not logged on'"
  iop_cap bob | grep -q 'Message from' && WHY+=("bob was rung from logind's records with --terminals utmp")
  stop_alice_talk
  end
}

terminals_without_utmp() {
  logind_inetd logind --terminals logind --logind-dir "$LOGIND_DIR"
  logind_rings 8-logind "netkit talk: --terminals logind rings bob, who has no utmp entry, on the pty logind's records name"
  logind_refusing 8-logind-mesg-n
  stop_pid_now "$IOP_INETD_PID"
  iop_logout alice
  iop_logout bob

  logind_inetd auto --logind-dir "$LOGIND_DIR"
  logind_rings 8-auto "netkit talk: the default --terminals auto falls back from utmp (no entry for bob) to logind's records"
  stop_pid_now "$IOP_INETD_PID"

  logind_inetd utmp --terminals utmp --logind-dir "$LOGIND_DIR"
  logind_not_consulted 8-utmp-only
  stop_pid_now "$IOP_INETD_PID"
  iop_logout alice
  iop_logout bob
  rm -rf "$LOGIND_DIR"
}

if [ "${IOP_DAEMON:-ours}" = ours ]; then
  standalone_root
  inetd_root
  terminals_without_utmp
fi

if [ "$FAILED" != 0 ]; then
  print_failed_screens
  printf '\n===== %s =====\n' "$LOG/inetd.log"
  cat "$LOG/inetd.log"
  for f in "$LOG/standalone.log" "$LOG/inetd-root.log" "$LOG"/inetd-logind.log "$LOG"/inetd-auto.log \
    "$LOG"/inetd-utmp.log; do
    [ -f "$f" ] && { printf '\n===== %s =====\n' "$f"; cat "$f"; }
  done
  echo
fi
echo "screens and logs: $LOG"
echo "talkd-interop (daemon: ${IOP_DAEMON:-ours}): $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]

#!/bin/bash
# Our talk client in OLD TALK (issue 13, check 3): the full-screen talk in alice's and bob's tmux
# panes, calling through Debian's netkit in.talkd on UDP 517 under the real openbsd-inetd, with
# Debian's own inetd line for it:
#   talk dgram udp wait nobody.tty /usr/sbin/in.talkd in.talkd
#
#   bash interop/otalk-client-interop.sh      (as root)
#
# 3a  both inetd lines (517 and 518, separate processes with separate tables, as Debian installs
#     them): alice runs "talk --protocol otalk bob", bob is rung by netkit's daemon, answers with
#     "talk --protocol otalk alice"; both show [Connection established]; text crosses both ways;
#     after both hang up, no invitation is left in the 517 daemon's table (old-talk LOOK_UPs).
# 3b  only the 517 line (nothing on 518): alice's "talk --protocol auto --line bob" says it falls
#     back to old talk (line mode, so that the status line stays on her screen: on the full screen
#     the next step replaces it within milliseconds), rings bob, and bob's full-screen
#     "talk --protocol auto alice", falling back in its turn, connects; text crosses both ways.
# 3c  only the 517 line: plain "talk bob" (ntalk, the default) does not fall back: it reports the
#     silent daemon on 518, as before.
#
# Prints PASS/FAIL per check, then "otalk-client-interop: N passed, M failed"; exits 1 on any
# failure. Screens and the inetd logs are saved in $IOP_LOGS/otalk-client-interop/ and printed for
# failed checks.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/otalk-client-interop
PASSED=0
FAILED=0
FAILED_IDS=()
SUMMARY_DONE=0
INETD_LOG=
OTALKD=/usr/sbin/in.talkd
NTALKD=/usr/sbin/in.ntalkd
PY=/usr/bin/python3

summary() {
  echo "screens and logs: $LOG"
  echo "otalk-client-interop: $PASSED passed, $FAILED failed"
  SUMMARY_DONE=1
}

finish() {
  local rc=$?
  iop_cleanup
  iop_exit_summary "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

iop_setup
# The peer of this suite: netkit's old-talk daemon, from Debian's talkd package (iop_setup
# installed it); without it nothing here would test anything.
[ -x "$OTALKD" ] || iop_die "netkit's old-talk daemon $OTALKD is missing (package talkd)"
[ -x "$NTALKD" ] || iop_die "netkit's ntalk daemon $NTALKD is missing (package talkd)"
[ -x "$PY" ] || iop_die "$PY is missing (the old-talk LOOK_UP probe needs it)"
grep -qE '^talk[[:space:]]+517/udp' /etc/services || iop_die "/etc/services has no talk 517/udp"
rm -rf "$LOG"
mkdir -p "$LOG"
iop_netns_up

# ---------------------------------------------------------------- netkit's daemons under inetd

# inetd_lines both|old: Debian's talkd lines (bound to 127.0.0.1), both or the old-talk one alone
inetd_lines() {
  local conf=$LOG/inetd-$1.conf
  iop_inetd_stop
  printf '127.0.0.1:talk\tdgram\tudp\twait\tnobody.tty\t%s\tin.talkd\n' "$OTALKD" >"$conf"
  [ "$1" = both ] &&
    printf '127.0.0.1:ntalk\tdgram\tudp\twait\tnobody.tty\t%s\tin.ntalkd\n' "$NTALKD" >>"$conf"
  iop_note "inetd.conf: $(tr '\n' '|' <"$conf")"
  INETD_LOG=$LOG/inetd-$1.log
  iop_inetd_start "$conf" "$INETD_LOG" 517
  if [ "$1" = old ] && [ -n "$(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518')" ]; then
    iop_die "UDP 518 is served in $IOP_NS though only the old-talk line is configured"
  fi
}

# served_by_old_talk: the call went through in.talkd (inetd's 517 child), and no in.ntalkd ran
served_by_old_talk() {
  local c cmd old=0
  for c in $(iop_children "$IOP_INETD_PID"); do
    cmd=$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null)
    case $cmd in
      "in.talkd ") old=1 ;;
      "in.ntalkd ") WHY+=("inetd started in.ntalkd (pid $c): something asked in ntalk on 518") ;;
    esac
  done
  [ $old = 1 ] || WHY+=("no in.talkd child of inetd: netkit's old-talk daemon did not serve the call")
  # openbsd-inetd -d logs each service it starts
  grep -qx 'someone wants talk' "$INETD_LOG" || WHY+=("inetd's log shows no datagram for talk (517)")
  ! grep -qx 'someone wants ntalk' "$INETD_LOG" || WHY+=("inetd's log shows a datagram for ntalk (518)")
}

# no_invitation CALLER CALLEE: an old-talk LOOK_UP at 127.0.0.1:517 for the pair is NOT_HERE
no_invitation() {
  local a
  a=$(ip netns exec "$IOP_NS" "$PY" - "$1" "$2" <<'EOF'
import socket, struct, sys
me, them = sys.argv[1].encode(), sys.argv[2].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(2)
host, port = s.getsockname()
def sockaddr(p):  # family and port in network order, as utalk and ytalk send them
    return struct.pack("!HH4s8x", 2, p, socket.inet_aton("127.0.0.1"))
# 4.2BSD ctl.h CTL_MSG: type, l_name[9], r_name[9], pad, id_num, pid, r_tty[16], addr, ctl_addr
msg = struct.pack("!B9s9sxII16s", 1, me, them, 0, 4242, b"") + sockaddr(0) + sockaddr(port)
assert len(msg) == 76
for _ in range(3):
    s.sendto(msg, ("127.0.0.1", 517))
    try:
        reply = s.recv(64)
    except socket.timeout:
        continue
    names = ["SUCCESS", "NOT_HERE", "FAILED", "MACHINE_UNKNOWN", "PERMISSION_DENIED",
             "UNKNOWN_REQUEST"]
    print(names[reply[1]] if len(reply) == 24 and reply[1] < len(names) else "BAD %r" % reply)
    break
else:
    print("SILENT")
EOF
)
  [ "$a" = NOT_HERE ] ||
    WHY+=("an old-talk LOOK_UP for $1 -> $2 at 517 is answered '$a', not NOT_HERE (an invitation is left)")
}

# ---------------------------------------------------------------- panes

# ours USER ARGS...: our full-screen talk in USER's pane
ours() {
  local u=$1
  shift
  iop_note "$u\$ java -jar talk-examples.jar talk $* (in the pane)"
  iop_type "$u" "java -jar $IOP_JAR talk $*"
  iop_keys "$u" Enter
}

rung() {   # rung USER CALLER: netkit's announcement on USER's terminal
  expect "$1" "Message from Talk_Daemon@" 30 "$1: no 'Message from Talk_Daemon@' announcement within 30 s"
  expect "$1" "connection requested by $2@" 1 "$1: no 'connection requested by $2@' in the announcement"
  iop_rang
}

# crosses FROM TO TEXT: FROM types TEXT and Enter (the split screen sends each key, line mode the
# line); TO's screen shows it
crosses() {
  iop_type "$1" "$3"
  iop_keys "$1" Enter
  expect "$2" "$3" 10 "$2's screen does not show '$3', typed by $1"
}

back_to_shell() {   # back_to_shell USER...: ^C whatever talk is left; WHY+= if it does not exit
  local u
  for u in "$@"; do
    [ -n "${IOP_TMUX_PID[$u]:-}" ] || continue
    iop_wait_shell "$u" 1 && continue
    iop_keys "$u" C-c
    iop_wait_shell "$u" 30 || WHY+=("$u: our talk did not exit within 30 s of ^C")
  done
}

connect_and_talk() {   # both connected, then text each way
  local before=${#WHY[@]}
  expect bob 'Connection established' 30 "bob: no [Connection established]"
  expect alice 'Connection established' 30 "alice: no [Connection established]"
  [ ${#WHY[@]} = "$before" ] || return
  snap connected
  crosses alice bob "hello bob, in old talk"
  crosses bob alice "hi alice, 76 bytes"
  snap conversation
}

# ---------------------------------------------------------------- checks

check_otalk() {
  begin 3a-otalk-through-netkit-in.talkd "our talk --protocol otalk calls through netkit's in.talkd on 517"
  inetd_lines both
  iop_login alice
  iop_login bob
  ours alice --protocol otalk bob
  rung bob alice
  expect alice 'Waiting for your party to respond' 10 "alice: no [Waiting for your party to respond]"
  snap rung
  ours bob --protocol otalk alice
  connect_and_talk
  served_by_old_talk
  back_to_shell alice bob
  no_invitation alice bob
  no_invitation bob alice
  iop_logout alice
  iop_logout bob
  end
}

check_auto() {
  begin 3b-auto-falls-back-to-517 "our talk --protocol auto with only 517 served falls back, says so, rings bob"
  inetd_lines old
  iop_login alice
  iop_login bob
  ours alice --protocol auto --line bob
  expect alice "^\[No ntalk daemon answered on your party's machine: using old talk\]$" 30 \
    "alice: no '[No ntalk daemon answered on your party's machine: using old talk]' line"
  rung bob alice
  expect alice 'Waiting for your party to respond' 10 "alice: no [Waiting for your party to respond]"
  snap rung
  ours bob --protocol auto alice
  connect_and_talk
  served_by_old_talk
  back_to_shell alice bob
  no_invitation alice bob
  iop_logout alice
  iop_logout bob
  end
}

check_ntalk_default() {
  begin 3c-ntalk-default-does-not-fall-back "plain talk (ntalk) with only 517 served reports the silent 518"
  inetd_lines old
  iop_login alice
  iop_login bob
  ours alice bob
  expect alice 'No answer from the talk daemon at 127\.0\.0\.1:518 after 5 attempts' 40 \
    "alice: no '[No answer from the talk daemon at 127.0.0.1:518 after 5 attempts]'"
  iop_cap alice | grep -q 'using old talk' && WHY+=("alice: plain talk fell back to old talk")
  iop_cap bob | grep -q 'Message from Talk_Daemon' && WHY+=("bob was rung by a plain ntalk call")
  iop_wait_shell alice 5 || WHY+=("alice: our talk did not exit after the silent daemon")
  iop_logout alice
  iop_logout bob
  end
}

check_otalk
check_auto
check_ntalk_default
iop_inetd_stop

iop_report_failures "$LOG"/inetd-*.log
summary
[ "$FAILED" = 0 ]

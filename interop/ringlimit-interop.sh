#!/bin/bash
# Ring limits and ACLs of our talkd (examples' "talkd --inetd", default limits) under the real
# openbsd-inetd, with bob logged in on a real pty (a tmux pane) and the real netkit talk client.
#
#   bash interop/ringlimit-interop.sh    (as root)
#
# 1. A burst of 30 fresh ANNOUNCEs from one caller (a script: new pid each, the impossible id of a
#    first ANNOUNCE) is answered SUCCESS every time and rings bob's terminal at most twice (we
#    count "Message from Talk_Daemon" in his pane's history); then carol's netkit talk still
#    rings him.
# 2. With --acl denying mallory, mallory's netkit talk says "Your party is refusing messages" and
#    bob is not rung; carol still rings him.
# Prints PASS/FAIL per check, then "ringlimit-interop: N passed, M failed"; exits 1 on any failure.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/ringlimit-interop
PASSED=0
FAILED=0
FAILED_IDS=()

trap iop_cleanup EXIT
trap 'exit 130' INT TERM

iop_setup
iop_users carol mallory
rm -rf "$LOG"
mkdir -p "$LOG"
iop_netns_up

JAVA=$(readlink -f "$(command -v java)")

# inetd_with ARGS...: (re)start openbsd-inetd running "java -jar JAR talkd --inetd ARGS..." as
# nobody.tty, Debian's ntalk line with our daemon
inetd_with() {
  local conf=$LOG/inetd-$#.conf
  if [ -n "${IOP_INETD_PID:-}" ]; then
    iop_stop_pid "$IOP_INETD_PID"
    local p keep=()
    for p in "${IOP_PIDS[@]}"; do [ "$p" = "$IOP_INETD_PID" ] || keep+=("$p"); done
    IOP_PIDS=("${keep[@]}")
    IOP_INETD_PID=
    local i
    for ((i = 0; i < 100; i++)); do
      [ -z "$(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518')" ] && break
      sleep 0.1
    done
  fi
  printf '127.0.0.1:ntalk\tdgram\tudp\twait\tnobody.tty\t%s\tjava -jar %s talkd --inetd%s\n' \
    "$JAVA" "$IOP_JAR" "${*:+ $*}" >"$conf"
  iop_note "inetd.conf: $(cat "$conf")"
  iop_inetd_start "$conf" "$LOG/inetd.log"
}

# bob_rings: how many announcements bob's pane shows, scrollback included
bob_rings() {
  iop_tmux bob capture-pane -p -S - -t bob 2>/dev/null | grep -c 'Message from Talk_Daemon'
}

snap_all() {   # snap_all STEP: bob's and carol's panes with their history
  local u
  for u in bob carol mallory; do
    [ -n "${IOP_TMUX_PID[$u]:-}" ] && iop_tmux "$u" capture-pane -p -S - -t "$u" >"$LOG/$ID-$1-$u.txt" 2>&1
  done
  return 0
}

# burst N CALLER CALLEE: N fresh ANNOUNCEs to 127.0.0.1:518 inside the namespace, each waiting for
# its reply (10 s for the first: inetd starts the JVM). Prints the answers, one per line.
burst() {
  iop_nsexec python3 - "$@" <<'PY'
import socket, struct, sys
n, caller, callee = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
def osockaddr(p):   # struct osockaddr: family in network order, port, address, 8 zero bytes
    return struct.pack("!HH4s8x", socket.AF_INET, p, socket.inet_aton("127.0.0.1"))
for i in range(n):
    # vers 1, type ANNOUNCE (3), id 0xffffffff (a first ANNOUNCE), a new pid: a fresh invitation
    msg = struct.pack("!BBBBI16s16sI12s12s16s", 1, 3, 0, 0, 0xFFFFFFFF, osockaddr(40000),
                      osockaddr(port), 20000 + i, caller, callee, b"")
    s.settimeout(10 if i == 0 else 3)
    s.sendto(msg, ("127.0.0.1", 518))
    try:
        reply, _ = s.recvfrom(64)
        print(reply[2] if len(reply) == 24 and reply[1] == 3 else "bad")
    except socket.timeout:
        print("none")
PY
}

# call CALLER CALLEE: CALLER's netkit talk calls CALLEE; waits for "Waiting for your party" or an
# error on CALLER's screen; leaves it running
call() {
  iop_keys "$1" "$NETKIT_TALK $2" Enter
  iop_wait "$1" 'Waiting for your party|refusing messages|not logged on|too confused' 15
}

hang_up() {   # hang_up USER: ^C the talk in USER's pane
  iop_keys "$1" C-c
  iop_wait_shell "$1" 5 || { iop_keys "$1" C-c; iop_wait_shell "$1" 3; }
}

# ---------------------------------------------------------------- 1: a burst, default limits

inetd_with
iop_login bob
iop_login carol

begin 1-burst "30 fresh ANNOUNCEs from one caller in a burst ring bob's real tty at most twice, all answered SUCCESS"
answers=$(burst 30 mallory bob)
echo "$answers" >"$LOG/1-burst-answers.txt"
n_ok=$(grep -cx 0 <<<"$answers")
[ "$n_ok" = 30 ] || WHY+=("$n_ok of 30 ANNOUNCEs answered SUCCESS (answers: $(echo $answers))")
sleep 1   # let the one write reach tmux
rings=$(bob_rings)
iop_note "bob's pane shows $rings announcement(s) after the burst"
[ "$rings" -ge 1 ] || WHY+=("the burst did not ring bob at all (the check would prove nothing)")
[ "$rings" -le 2 ] || WHY+=("the burst rang bob $rings times, more than twice")
snap_all end
end

begin 1-another-caller "after the burst, carol's netkit talk still rings bob"
before=$(bob_rings)
call carol bob || WHY+=("carol's talk showed no answer")
iop_cap carol | grep -q 'Waiting for your party' || WHY+=("carol's talk is not waiting for bob")
iop_wait bob 'connection requested by carol@' 10 || WHY+=("bob: no 'connection requested by carol@...'")
[ "$(bob_rings)" -gt "$before" ] || WHY+=("bob's pane shows no new announcement")
snap_all end
hang_up carol
end

# ---------------------------------------------------------------- 2: an ACL

printf '# ringlimit-interop\ndeny ^mallory$ any\nallow .* 127.0.0.1\n' >"$LOG/talkd.acl"
chmod 644 "$LOG/talkd.acl"
chmod 755 "$LOG"
inetd_with --acl "$LOG/talkd.acl"
iop_login mallory
iop_logout bob
iop_login bob

begin 2-acl-denied "--acl denies mallory: netkit talk says 'Your party is refusing messages', bob is not rung"
call mallory bob || WHY+=("mallory's talk showed no answer")
iop_cap mallory | grep -q 'Your party is refusing messages' ||
  WHY+=("mallory: no 'Your party is refusing messages'")
sleep 1
[ "$(bob_rings)" = 0 ] || WHY+=("bob was rung for a denied caller")
snap_all end
hang_up mallory
end

begin 2-acl-allowed "--acl allows carol: her netkit talk rings bob"
call carol bob || WHY+=("carol's talk showed no answer")
iop_wait bob 'connection requested by carol@' 10 || WHY+=("bob: no 'connection requested by carol@...'")
snap_all end
hang_up carol
end

if [ "$FAILED" != 0 ]; then
  print_failed_screens
  printf '\n===== %s =====\n' "$LOG/inetd.log"
  cat "$LOG/inetd.log"
fi
echo "screens and logs: $LOG"
echo "ringlimit-interop: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]

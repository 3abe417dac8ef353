#!/bin/bash
# Two hosts: alice on "hosta", bob on "hostb", each host a network namespace with its own address,
# its own talk daemon and an /etc/hosts naming both, joined by a veth pair. The real talk clients
# and ours call user@host across them, with our talkd on both hosts, on one, and on neither.
#
#   bash interop/twohost-interop.sh       (as root; IOP_PCAP=1 also records a pcap if tcpdump exists)
#
# Prints PASS/FAIL per check, then "twohost-interop: N passed, M failed"; exits 1 on any failure.
# Screens, our talk's output, the daemons' logs and the probe answers are saved in
# $IOP_LOGS/twohost-interop/ and printed for failed checks.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/twohost-interop
PASSED=0
FAILED=0
FAILED_IDS=()
SUMMARY_DONE=0
A=hosta B=hostb
A_ADDR=10.251.0.1 B_ADDR=10.251.0.2   # a private range, used only inside the two namespaces
PY=/usr/bin/python3
declare -A DAEMON=() DAEMON_PID=() DAEMON_N=()

summary() {
  echo "screens and logs: $LOG"
  echo "twohost-interop: $PASSED passed, $FAILED failed"
  SUMMARY_DONE=1
}

trap iop_finish EXIT
trap 'exit 130' INT TERM

iop_setup
[ -x "$PY" ] || iop_die "$PY is missing (the LEAVE_INVITE probe needs it)"
rm -rf "$LOG"
mkdir -p "$LOG"
iop_twohost_up "$A" "$A_ADDR" "$B" "$B_ADDR"
iop_note "hosts: $A $A_ADDR (netns ${IOP_HOST_NS[$A]}), $B $B_ADDR (netns ${IOP_HOST_NS[$B]})"

if [ "${IOP_PCAP:-0}" = 1 ] && command -v tcpdump >/dev/null; then
  # what crosses the veth pair, seen from hosta
  ip netns exec "${IOP_HOST_NS[$A]}" tcpdump -i eth0 -U -s 0 -w "$LOG/session.pcap" 'udp port 518 or tcp' \
    >"$LOG/tcpdump.log" 2>&1 &
  IOP_PIDS+=("$!")
  sleep 1
fi

# ---------------------------------------------------------------- the daemons

forget_pid() {   # forget_pid PID: gone (and reaped), so iop_cleanup must not kill its successor
  local p keep=()
  for p in "${IOP_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  IOP_PIDS=("${keep[@]}")
}

daemon_stop() {   # daemon_stop HOST
  local h=$1 p=${DAEMON_PID[$1]:-}
  [ -n "$p" ] || return 0
  iop_stop_pid "$p"
  wait "$p" 2>/dev/null
  forget_pid "$p"
  unset 'DAEMON_PID[$h]' 'DAEMON[$h]'
}

# daemon HOST ours|netkit: (re)start HOST's talk daemon on 0.0.0.0:518 in its namespace.
# Both are reached at the host's veth address by the other host, and at 127.0.0.1 by the host's
# own clients: netkit talk and ours send to the local daemon over loopback, inetutils talk to the
# gethostname() address. A daemon bound only to the veth address would not serve the first two.
#   ours:   java -jar talk-examples.jar talkd --bind 0.0.0.0, started standalone as root
#   netkit: Debian's in.ntalkd under the real openbsd-inetd, as the talkd package registers it
daemon() {
  local h=$1 kind=$2 ns=${IOP_HOST_NS[$1]} n i log
  daemon_stop "$h"
  n=$((${DAEMON_N[$h]:-0} + 1))
  DAEMON_N[$h]=$n
  log=$LOG/daemon-$h-$n-$kind.log
  case $kind in
    ours)
      iop_note "$h: java -jar talk-examples.jar talkd --bind 0.0.0.0 (root, standalone)"
      # setsid, ip netns exec, unshare and sh all exec: $! is the daemon's (first) process; if
      # it re-executes itself to drop privileges, iop_stop_pid ends its child too
      (iop_ours_close_fifos && exec setsid ip netns exec "$ns" unshare --uts /bin/sh -c 'hostname "$0" && exec "$@"' "$h" \
        java -jar "$IOP_JAR" talkd --bind 0.0.0.0) >"$log" 2>&1 </dev/null &
      DAEMON_PID[$h]=$!
      IOP_PIDS+=("${DAEMON_PID[$h]}")
      ;;
    netkit)
      [ -x /usr/sbin/in.ntalkd ] || iop_die "netkit /usr/sbin/in.ntalkd is missing"
      printf 'ntalk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.ntalkd\tin.ntalkd\n' >"$LOG/inetd-$h.conf"
      iop_note "$h inetd.conf: $(cat "$LOG/inetd-$h.conf")"
      # (never started while our talk runs: inetd would inherit the FIFOs' write ends)
      iop_on "$h" iop_inetd_start "$LOG/inetd-$h.conf" "$log"
      DAEMON_PID[$h]=$IOP_INETD_PID
      ;;
  esac
  DAEMON[$h]=$kind
  # A JVM on two shared cores can take several seconds to start.
  for ((i = 0; i < 300; i++)); do
    if ip netns exec "$ns" ss -Hulnp 'sport = :518' | grep -qF '0.0.0.0:518'; then
      iop_note "$h: $kind talkd (pid ${DAEMON_PID[$h]}) listening on 0.0.0.0:518"
      return 0
    fi
    iop_alive "${DAEMON_PID[$h]}" || break
    sleep 0.1
  done
  cat "$log" >&2
  iop_die "$h: the $kind talk daemon did not start listening on UDP 518"
}

# daemons_are KIND_A KIND_B: the daemons that are meant to serve this check still do.
daemons_are() {
  local h kind want=("$1" "$2") i=0 users
  for h in "$A" "$B"; do
    kind=${want[$i]}
    i=$((i + 1))
    users=$(ip netns exec "${IOP_HOST_NS[$h]}" ss -Hulnp 'sport = :518')
    case $kind in
      ours) grep -q '"java"' <<<"$users" || WHY+=("$h: no java talkd on UDP 518 ($users)")
        [ "$h" = "$B" ] && iop_ring_gap ;;   # alice rings bob@B check after check: its ring limit
      netkit) grep -q '"inetd"' <<<"$users" || WHY+=("$h: no inetd on UDP 518 ($users)") ;;
    esac
  done
}

# netkit_served HOST: inetd on HOST ran the real in.ntalkd (as nobody) for this check.
netkit_served() {
  local c found=0
  for c in $(iop_children "${DAEMON_PID[$1]}"); do
    [ "$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null)" = "in.ntalkd " ] || continue
    found=1
    [ "$(awk '/^Uid:/ {print $2}' "/proc/$c/status")" = "$(id -u nobody)" ] ||
      WHY+=("$1: in.ntalkd does not run as nobody")
  done
  [ $found = 1 ] || WHY+=("$1: inetd has no in.ntalkd child: netkit's daemon did not serve the call")
}

# ---------------------------------------------------------------- the real clients in tmux

# rung USER CALLER CALLER-HOST DAEMON-HOST: USER's terminal shows the announcement of the daemon
# on DAEMON-HOST naming the caller by the address it called from.
rung() {
  local u=$1 c=$2 ch=$3 dh=$4 screen addr=${IOP_HOST_ADDR[$3]}
  if iop_wait "$u" 'Message from Talk_Daemon' 20; then
    iop_rang
    sleep 0.3   # the five lines are one write(); let tmux draw all of it
    snap announce-$u
    screen=$(iop_cap "$u")
    grep -qE "Message from Talk_Daemon@$dh at [0-9]+:[0-9][0-9] \.\.\." <<<"$screen" ||
      WHY+=("$u: no 'Message from Talk_Daemon@$dh at H:MM ...' (rung by another daemon?)")
    grep -qF "talk: connection requested by $c@$addr." <<<"$screen" ||
      WHY+=("$u: no 'talk: connection requested by $c@$addr.' ($ch's address)")
    grep -qF "talk: respond with:  talk $c@$addr" <<<"$screen" ||
      WHY+=("$u: no 'talk: respond with:  talk $c@$addr'")
  else
    snap announce-$u
    WHY+=("$u: not rung (no 'Message from Talk_Daemon' within 20 s)")
  fi
}

# ---------------------------------------------------------------- checks

# real_call ID NAME TALK KIND_A KIND_B: with the real client TALK on both hosts, alice@hosta calls
# bob@hostb, bob answers "talk alice@hosta"; text both ways; alice hangs up.
real_call() {
  local id=$1 name=$2 talk=$3 ka=$4 kb=$5 before
  begin "$id" "$name talk alice@$A -> bob@$B, bob answers 'talk alice@$A' (talkd: $ka on $A, $kb on $B)"
  daemons_are "$ka" "$kb"
  iop_on "$A" iop_login alice
  iop_on "$B" iop_login bob
  iop_keys alice "$talk bob@$B" Enter
  rung bob alice "$A" "$B"
  expect alice 'Waiting for your party to respond' 10 "alice: no [Waiting for your party to respond]"
  iop_keys bob "$talk alice@$A" Enter
  before=${#WHY[@]}
  expect bob 'Connection established' 10 "bob: no [Connection established]"
  expect alice 'Connection established' 10 "alice: no [Connection established]"
  iop_cap alice | grep -q 'Message from' && WHY+=("alice was rung: bob's talk did not find her invitation on $A")
  if [ ${#WHY[@]} = "$before" ]; then
    snap connected
    iop_type alice "Hello bob"
    iop_keys alice Enter
    expect bob 'Hello bob' 5 "bob did not see alice's 'Hello bob'"
    iop_type bob "hi alice"
    iop_keys bob Enter
    expect alice 'hi alice' 5 "alice did not see bob's 'hi alice'"
    snap conversation
    iop_keys alice C-c
    iop_wait_shell alice 5 || WHY+=("alice's talk did not exit on ^C")
    iop_hung_up bob 5 || WHY+=("bob's talk did not notice that alice hung up")
  fi
  [ "$ka" = netkit ] && netkit_served "$A"
  [ "$kb" = netkit ] && netkit_served "$B"
  snap end
  iop_back_to_shell alice bob
  iop_logout alice
  iop_logout bob
  end
}

# ours_both ID: our talk as alice@hosta calls bob@hostb, our talk as bob answers "talk alice@hosta".
ours_both() {
  begin "$1" "our talk alice@$A -> bob@$B, our talk answers 'talk alice@$A' (talkd: ${DAEMON[$A]} on $A, ${DAEMON[$B]} on $B)"
  daemons_are "${DAEMON[$A]}" "${DAEMON[$B]}"
  iop_on "$B" iop_login bob   # logged in, to be rung; his talk runs beside his shell
  iop_on "$A" iop_ours_start alice "bob@$B" --wait 60
  iop_expect_err alice 30 "Checking for invitation on caller's machine"
  iop_expect_err alice 10 "Waiting for your party to respond"
  rung bob alice "$A" "$B"
  iop_on "$B" iop_ours_start bob "alice@$A" --wait 60
  iop_expect_err bob 30 "Waiting to connect with caller"
  local before=${#WHY[@]}
  iop_expect_err bob 10 "Connection established"
  iop_expect_err alice 10 "Connection established"
  grep -qF '[Trying to connect to your party' "${IOP_OURS_ERR[bob]}" &&
    WHY+=("bob's talk announced a call of its own instead of answering alice's")
  if [ ${#WHY[@]} = "$before" ]; then
    iop_ours_say alice "Hello bob"
    iop_expect_out bob 5 "Hello bob"
    iop_ours_say bob "hi alice"
    iop_expect_out alice 5 "hi alice"
    iop_ours_hang_up alice
    if iop_ours_wait_exit bob 10; then
      [ "${IOP_OURS_RC[bob]}" = 0 ] || WHY+=("bob's talk exited with status ${IOP_OURS_RC[bob]} after alice hung up, not 0")
      grep -qxF '[Connection closed]' "${IOP_OURS_ERR[bob]}" || WHY+=("bob's talk: no '[Connection closed]'")
    else
      WHY+=("bob's talk did not exit within 10 s after alice hung up")
    fi
  fi
  snap end
  iop_ours_stop alice
  iop_ours_stop bob
  iop_logout bob
  end
}

# ours_calls ID TALK: our talk as alice@hosta calls bob@hostb; bob answers with the real client.
ours_calls() {
  local talk=$2 before
  begin "$1" "our talk alice@$A -> bob@$B, netkit talk answers 'talk alice@$A' (talkd: ${DAEMON[$A]} on $A, ${DAEMON[$B]} on $B)"
  daemons_are "${DAEMON[$A]}" "${DAEMON[$B]}"
  iop_on "$B" iop_login bob
  iop_on "$A" iop_ours_start alice "bob@$B" --wait 60
  iop_expect_err alice 30 "Checking for invitation on caller's machine"
  iop_expect_err alice 10 "Trying to connect to your party's talk daemon"
  iop_expect_err alice 10 "Waiting for your party to respond"
  rung bob alice "$A" "$B"
  iop_keys bob "$talk alice@$A" Enter
  before=${#WHY[@]}
  expect bob 'Connection established' 10 "bob: no [Connection established]"
  iop_expect_err alice 10 "Connection established"
  if [ ${#WHY[@]} = "$before" ]; then
    iop_ours_say alice "Hello bob"
    expect bob 'Hello bob' 5 "bob did not see alice's 'Hello bob'"
    iop_type bob "hi alice"
    iop_keys bob Enter
    iop_expect_out alice 5 "hi alice"
    snap conversation
    iop_keys bob C-c
    iop_wait_shell bob 5 || WHY+=("bob's talk did not exit on ^C")
    if iop_ours_wait_exit alice 10; then
      [ "${IOP_OURS_RC[alice]}" = 0 ] || WHY+=("alice's talk exited with status ${IOP_OURS_RC[alice]} after bob hung up, not 0")
      grep -qxF '[Connection closed]' "${IOP_OURS_ERR[alice]}" || WHY+=("alice's talk: no '[Connection closed]'")
    else
      WHY+=("alice's talk did not exit within 10 s after bob hung up")
    fi
  fi
  [ "${DAEMON[$A]}" = netkit ] && netkit_served "$A"
  [ "${DAEMON[$B]}" = netkit ] && netkit_served "$B"
  snap end
  iop_ours_stop alice
  iop_back_to_shell bob
  iop_logout bob
  end
}

# ours_answers ID TALK: the real client as alice@hosta calls bob@hostb; our talk as bob answers
# "talk alice@hosta" and finds her invitation on hosta's daemon.
ours_answers() {
  local talk=$2 before
  begin "$1" "netkit talk alice@$A -> bob@$B, our talk answers 'talk alice@$A' (talkd: ${DAEMON[$A]} on $A, ${DAEMON[$B]} on $B)"
  daemons_are "${DAEMON[$A]}" "${DAEMON[$B]}"
  iop_on "$A" iop_login alice
  iop_on "$B" iop_login bob
  iop_keys alice "$talk bob@$B" Enter
  rung bob alice "$A" "$B"
  expect alice 'Waiting for your party to respond' 10 "alice: no [Waiting for your party to respond]"
  iop_on "$B" iop_ours_start bob "alice@$A" --wait 60
  iop_expect_err bob 30 "Checking for invitation on caller's machine"
  iop_expect_err bob 10 "Waiting to connect with caller"
  before=${#WHY[@]}
  iop_expect_err bob 10 "Connection established"
  expect alice 'Connection established' 10 "alice: no [Connection established]"
  grep -qF '[Trying to connect to your party' "${IOP_OURS_ERR[bob]}" &&
    WHY+=("bob's talk announced a call of its own instead of answering alice's")
  if [ ${#WHY[@]} = "$before" ]; then
    iop_type alice "Hello bob"
    iop_keys alice Enter
    iop_expect_out bob 5 "Hello bob"
    iop_ours_say bob "hi alice"
    expect alice 'hi alice' 5 "alice did not see bob's 'hi alice'"
    snap conversation
    iop_ours_hang_up bob
    iop_hung_up alice 5 || WHY+=("alice's talk did not notice that bob hung up")
  fi
  [ "${DAEMON[$A]}" = netkit ] && netkit_served "$A"
  [ "${DAEMON[$B]}" = netkit ] && netkit_served "$B"
  snap end
  iop_ours_stop bob
  iop_back_to_shell alice
  iop_logout alice
  iop_logout bob
  end
}

# restarted ID: our talk as alice@hosta is ringing bob@hostb when hosta's daemon is restarted
# (its invitation table, with alice's invitation, is lost). bob answers "talk alice@hosta": his
# LOOK_UP there finds nothing, so he invites alice in turn (her terminal rings, his invitation
# waits at hostb's daemon) while alice's talk still waits for him. Both sides now invite each
# other; within one ring interval (30 s, plus 5 s for the JVM and the network) that must end in
# a connection: alice's talk, ringing bob again, has to find his invitation.
restarted() {
  local t0 waited
  begin "$1" "$A's talkd restarted while our talk alice@$A rings bob@$B: bob's 'talk alice@$A' connects within 35 s"
  daemons_are ours ours
  iop_on "$A" iop_login alice   # logged in, so that bob's call can ring her
  iop_on "$B" iop_login bob
  iop_on "$A" iop_ours_start alice "bob@$B" --wait 120
  iop_expect_err alice 30 "Waiting for your party to respond"
  rung bob alice "$A" "$B"
  iop_note "restarting $A's talkd"
  daemon "$A" ours
  snap restarted
  iop_keys bob "$NETKIT_TALK alice@$A" Enter
  t0=$SECONDS
  # bob finds no invitation on the restarted daemon and rings alice himself
  rung alice bob "$B" "$A"
  if iop_wait bob 'Connection established' 35 && iop_file_wait 5 "${IOP_OURS_ERR[alice]}" -xF '[Connection established]'; then
    waited=$((SECONDS - t0))
    iop_note "connected ${waited} s after bob answered"
    iop_ours_say alice "after the restart"
    expect bob 'after the restart' 5 "bob did not see alice's 'after the restart'"
    iop_type bob "got it"
    iop_keys bob Enter
    iop_expect_out alice 5 "got it"
    snap conversation
    iop_ours_hang_up alice
    iop_hung_up bob 5 || WHY+=("bob's talk did not notice that alice hung up")
  else
    snap not-connected
    WHY+=("no connection within 35 s of bob's 'talk alice@$A' (both sides invite each other; alice's talk re-rang $(grep -c 'Ringing your party again' "${IOP_OURS_ERR[alice]}") time(s); bob: $(iop_cap bob | grep -oE '\[[^]]*\]' | tail -n 1))")
  fi
  snap end
  iop_ours_stop alice
  iop_back_to_shell alice bob
  iop_logout alice
  iop_logout bob
  end
}

# ---------------------------------------------------------------- LEAVE_INVITE probe

# The same crafted 84-byte CTL_MSGs, sent to hosta's daemon from hostb (not local: refused) and,
# as controls, from hosta's own veth address (local: the rule must count it local). Prints one
# line per request: NAME TYPE ANSWER [ADDR of a LOOK_UP SUCCESS], or NAME NO_REPLY. The answer of
# a stored LEAVE_INVITE is not printed: netkit leaves it unset (stale stack data).
cat >"$LOG/probe.py" <<'EOF'
import socket, struct, sys
FMT = "!BBBBI16s16sI12s12s16s"
TYPES = {"LEAVE_INVITE": 0, "LOOK_UP": 1, "DELETE": 2}
ANSWERS = ["SUCCESS", "NOT_HERE", "FAILED", "MACHINE_UNKNOWN", "PERMISSION_DENIED",
           "UNKNOWN_REQUEST", "BADVERSION", "BADADDR", "BADCTLADDR"]
src, dst = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((src, 0))
s.settimeout(2.0)
def addr(ip, port):
    return struct.pack("!HH4s", 2, port, socket.inet_aton(ip)) + b"\0" * 8
ids = {}
for case in sys.argv[3:]:
    # NAME,TYPE,L_NAME,R_NAME,ADDR_IP,ADDR_PORT[,show-answer|no-answer|id-of=NAME]
    f = case.split(",")
    name, typ, l, r, ip, port = f[:6]
    flag = f[6] if len(f) > 6 else "show-answer"
    idn = 0xFFFFFFFF if typ == "LEAVE_INVITE" else 0
    if flag.startswith("id-of="):
        idn = ids.get(flag[6:], 0)
    msg = struct.pack(FMT, 1, TYPES[typ], 0, 0, idn, addr(ip, int(port)),
                      addr(src, s.getsockname()[1]), 4242, l.encode(), r.encode(), b"")
    assert len(msg) == 84
    reply = None
    for attempt in range(3):
        s.sendto(msg, (dst, 518))
        try:
            reply = s.recv(1024)
            break
        except socket.timeout:
            pass
    if reply is None or len(reply) < 24:
        print(name, typ, "NO_REPLY" if reply is None else "SHORT_REPLY_%d" % len(reply))
        continue
    v, t, a, _, rid, raddr = struct.unpack("!BBBBI16s", reply[:24])
    ids[name] = rid
    ans = ANSWERS[a] if a < len(ANSWERS) else str(a)
    line = [name, typ, "vers=%d" % v, "type=%d" % t]
    line.append("answer=(unset)" if flag == "no-answer" else "answer=" + ans)
    if typ == "LOOK_UP" and a == 0:
        fam, rport, rip = struct.unpack("!HH4s", raddr[:8])
        line.append("addr=%s:%d" % (socket.inet_ntoa(rip), rport))
    print(" ".join(line))
EOF

# probe HOST-FROM FROM-ADDR OUT CASE...: run the probe on HOST-FROM against hosta's daemon
probe() {
  local h=$1 from=$2 out=$3
  shift 3
  ip netns exec "${IOP_HOST_NS[$h]}" "$PY" "$LOG/probe.py" "$from" "$A_ADDR" "$@" >>"$out" 2>&1 ||
    WHY+=("the probe from $h failed: $(tail -n 1 "$out")")
}

# probe_all KIND: every probe against hosta's current daemon, into $LOG/2-answers-KIND.txt
probe_all() {
  local out=$LOG/2-answers-$1.txt
  : >"$out"
  # from hostb: an invitation left by a client on another host (once with its own return
  # address, once with an address of hosta), then bob's look-up for it: nothing was stored
  probe "$B" "$B_ADDR" "$out" \
    "remote-invite,LEAVE_INVITE,probea,probeb,$B_ADDR,40001" \
    "remote-invite-local-addr,LEAVE_INVITE,probea,probeb,$A_ADDR,40002" \
    "remote-look-up,LOOK_UP,probeb,probea,0.0.0.0,0"
  # from hosta's veth address (local, not loopback): a non-local return address is refused; a
  # local one is stored, found and deleted
  probe "$A" "$A_ADDR" "$out" \
    "local-invite-remote-addr,LEAVE_INVITE,probec,probed,$B_ADDR,40003" \
    "local-look-up-refused,LOOK_UP,probed,probec,0.0.0.0,0" \
    "local-invite,LEAVE_INVITE,probee,probef,$A_ADDR,40004,no-answer" \
    "local-look-up,LOOK_UP,probef,probee,0.0.0.0,0" \
    "local-delete,DELETE,probee,probef,$A_ADDR,40004,id-of=local-invite"
  iop_note "answers of $1 talkd on $A: $(tr '\n' ';' <"$out")"
}

# leave_invite_check ID: the answers of ours, then of netkit, on hosta (daemon switched to netkit).
leave_invite_check() {
  local want
  begin "$1" "LEAVE_INVITE from $B to $A's talkd is refused as netkit in.ntalkd refuses it (same bytes, both daemons)"
  daemons_are ours ours
  probe_all ours
  daemon "$A" netkit
  probe_all netkit
  netkit_served "$A"
  if ! diff -u "$LOG/2-answers-netkit.txt" "$LOG/2-answers-ours.txt" >"$LOG/2-answers.diff"; then
    WHY+=("our daemon's answers differ from netkit's: $(grep '^[-+][a-z]' "$LOG/2-answers.diff" | tr '\n' ';')")
  fi
  # what the comparison rests on, seen from netkit (talkd.c: a LEAVE_INVITE must come from a
  # local address, else MACHINE_UNKNOWN; its return address must be local, else BADADDR)
  for want in "remote-invite LEAVE_INVITE vers=1 type=0 answer=MACHINE_UNKNOWN" \
    "remote-invite-local-addr LEAVE_INVITE vers=1 type=0 answer=MACHINE_UNKNOWN" \
    "remote-look-up LOOK_UP vers=1 type=1 answer=NOT_HERE" \
    "local-invite-remote-addr LEAVE_INVITE vers=1 type=0 answer=BADADDR" \
    "local-look-up-refused LOOK_UP vers=1 type=1 answer=NOT_HERE" \
    "local-look-up LOOK_UP vers=1 type=1 answer=SUCCESS addr=$A_ADDR:40004"; do
    grep -qxF "$want" "$LOG/2-answers-netkit.txt" || WHY+=("netkit did not answer '$want'")
    grep -qxF "$want" "$LOG/2-answers-ours.txt" || WHY+=("our talkd did not answer '$want'")
  done
  end
}

# ---------------------------------------------------------------- the run
# Ordered so that each daemon is (re)started as few times as possible.

daemon "$A" ours
daemon "$B" ours
real_call 1a-netkit netkit "$NETKIT_TALK" ours ours
real_call 1a-inetutils inetutils "$IU_TALK" ours ours
ours_both 1a-ours
restarted 3-restart
leave_invite_check 2-leave-invite      # leaves netkit on hosta
real_call 1c-netkit netkit "$NETKIT_TALK" netkit ours
daemon "$B" netkit
ours_calls 1d-ours-calls "$NETKIT_TALK"
ours_answers 1d-ours-answers "$NETKIT_TALK"
daemon "$A" ours
real_call 1b-netkit netkit "$NETKIT_TALK" ours netkit

daemon_stop "$A"
daemon_stop "$B"
if [ "$FAILED" != 0 ]; then
  print_failed_screens
  for f in "$LOG"/daemon-*.log; do
    [ -s "$f" ] || continue
    printf '\n===== %s =====\n' "$f"
    cat "$f"
  done
  echo
fi
summary
[ "$FAILED" = 0 ]

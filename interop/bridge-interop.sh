#!/bin/bash
# Our chat-room bridge ("talk-examples.jar bridge") standing in for the talk daemon, joined by the
# real Debian talk clients: alice runs netkit `talk lobby`, bob runs inetutils `talk lobby`, each
# typed into a tmux pane inside the namespace.
#
#   bash interop/bridge-interop.sh        (as root; run-all.sh runs it with the other suites)
#
# Prints PASS/FAIL per check, then "bridge-interop: N passed, M failed"; exits 1 on any failure.
# Screens of every step are saved in $IOP_LOGS/bridge-interop/ and printed for failed checks.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/bridge-interop
ROOM=lobby
PASSED=0
FAILED=0
FAILED_IDS=()
BRIDGE_PID=

trap iop_cleanup EXIT
trap 'exit 130' INT TERM

iop_setup
rm -rf "$LOG"
mkdir -p "$LOG"
iop_netns_up

# ---------------------------------------------------------------- check bookkeeping

# begin/snap/expect/end: the check bookkeeping in lib.sh

# ---------------------------------------------------------------- the bridge

bridge_start() {
  begin 1-bridge-up "our bridge serves room '$ROOM' on 127.0.0.1:518 in the namespace"
  iop_bridge_start "$LOG/bridge.log" "$ROOM" --port 518 --idle 600 --handshake-timeout 10
  ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518' | grep -q '127.0.0.1:518.*java' ||
    WHY+=("nothing of java's listens on UDP 127.0.0.1:518 in $IOP_NS")
  end
}

# ---------------------------------------------------------------- checks

# A caller's screen once the room has answered: talk's own "[Connection established]" and the
# room's welcome, which names everyone in the room (the caller last).
joined() {   # joined USER CLIENT-NAME TALK-BINARY HERE-ERE
  local u=$1 talk=$3 here=$4
  begin "$ID_PREFIX-$u-$2-joins" "$u runs $2 'talk $ROOM' and is welcomed into the room"
  iop_login "$u"
  iop_keys "$u" "$talk $ROOM" Enter
  expect "$u" 'Connection established' 15 "$u: no [Connection established]"
  expect "$u" "\*\*\* welcome to $ROOM; here: $here" 10 "$u: no '*** welcome to $ROOM; here: ${here//\\/}'"
}

says() {   # says FROM TO TEXT: FROM types TEXT and Enter; TO's screen shows "FROM@127.0.0.1: TEXT"
  iop_type "$1" "$3"
  iop_keys "$1" Enter
  expect "$2" "$1@127\.0\.0\.1: $3" 10 "$2 did not see '$1@127.0.0.1: $3'"
}

bridge_start

ID_PREFIX=2
joined alice netkit "$NETKIT_TALK" 'alice@127\.0\.0\.1$'
end

ID_PREFIX=3
joined bob inetutils "$IU_TALK" 'alice@127\.0\.0\.1, bob@127\.0\.0\.1'
expect alice "\*\*\* bob@127\.0\.0\.1 joined" 10 "alice: bob's join was not announced"
end

begin 4-alice-to-bob "a line alice types (netkit) appears on bob's screen (inetutils)"
says alice bob "hello from alice"
iop_cap alice | grep -q 'alice@127\.0\.0\.1: hello from alice' && WHY+=("alice got her own line back")
end

begin 5-bob-to-alice "a line bob types appears on alice's screen, with bob's erase applied by the room"
says bob alice "hello from bob"
# bob's erase (what BSpace sends) travels raw; the room applies it before relaying the line
iop_type bob "typo"
iop_keys bob BSpace BSpace
iop_type bob "o"
iop_keys bob Enter
expect alice 'bob@127\.0\.0\.1: tyo$' 10 "alice: bob's 'typo' BS BS 'o' did not arrive as 'tyo'"
end

begin 5b-long-line "a line sized to wrap on alice's netkit screen arrives as rows that each start with bob's name"
# Without chunks, the first row would hold "bob@127.0.0.1: " and 84 x (99 columns of this 100-column
# pane) and the next row would start with the text after them: "alice@127.0.0.1: forged", a line
# that looks like alice's. The room sends rows of at most 79 columns, each with the sender's name.
iop_type bob "$(printf 'x%.0s' {1..84})alice@127.0.0.1: forged"
iop_keys bob Enter
expect alice "^bob@127\.0\.0\.1: x{64}\$" 10 "alice: no row 'bob@127.0.0.1: ' + 64 x"
expect alice "^bob@127\.0\.0\.1: x{20}alice@127\.0\.0\.1: forged\$" 10 \
  "alice: no row 'bob@127.0.0.1: ' + 20 x + 'alice@127.0.0.1: forged'"
iop_cap alice | grep -qE '^alice@127\.0\.0\.1: forged' && WHY+=("alice's screen has a row starting 'alice@127.0.0.1: forged'")
end

begin 6-leave "alice hangs up (^C): bob is told she left, and the room goes on"
iop_keys alice C-c
iop_wait_shell alice 5 || WHY+=("alice's talk did not exit on ^C")
expect bob "\*\*\* alice@127\.0\.0\.1 left" 10 "bob: alice's leave was not announced"
grep -q "room $ROOM: alice@127.0.0.1 left" "$LOG/bridge.log" || WHY+=("bridge.log: no 'alice@127.0.0.1 left'")
iop_alive "$BRIDGE_PID" || WHY+=("the bridge died")
end

begin 7-other-name "netkit 'talk carol' at the bridge: 'Your party is not logged on'"
iop_keys alice "$NETKIT_TALK carol" Enter
expect alice 'Your party is not logged on' 15 "alice: no 'Your party is not logged on'"
snap refused   # netkit's "[Connection closing. Exiting]" on ^C overwrites the message line
# Debian's netkit talk shows the reason and waits for ^C
iop_wait_shell alice 1 || { iop_keys alice C-c; iop_wait_shell alice 5 || WHY+=("alice's talk did not exit on ^C"); }
iop_cap bob | grep -q 'carol' && WHY+=("the call to carol reached the room")
end

begin 8-forged-announce "an ANNOUNCE to the room naming 127.0.0.1:25 is refused and not connected to"
# 84 bytes of CTL_MSG: vers 1, ANNOUNCE, id 0, addr 127.0.0.1:25, ctl_addr 127.0.0.1:40000, pid 4242,
# l_name "mallory", r_name "lobby" (check with: java -jar talk-examples.jar decode HEX)
FORGED="0103000000000000""00020019""7f000001""0000000000000000""00029c40""7f000001""0000000000000000"
FORGED+="00001092""6d616c6c6f727900000000006c6f6262790000000000000000000000000000000000000000000000"
ip netns exec "$IOP_NS" bash -c 'printf "$1" >/dev/udp/127.0.0.1/518' _ "$(sed 's/../\\x&/g' <<<"$FORGED")" ||
  WHY+=("could not send the forged ANNOUNCE")
for ((i = 0; i < 50; i++)); do
  grep -q "refused mallory@127.0.0.1" "$LOG/bridge.log" && break
  sleep 0.1
done
grep -q "room $ROOM: refused mallory@127.0.0.1: rendezvous address 127.0.0.1:25 is a privileged port" \
  "$LOG/bridge.log" || WHY+=("bridge.log: no 'refused mallory@127.0.0.1: ... 127.0.0.1:25 is a privileged port'")
grep -q "could not connect to mallory" "$LOG/bridge.log" && WHY+=("the bridge tried to connect to 127.0.0.1:25")
iop_cap bob | grep -q 'mallory' && WHY+=("bob's screen shows mallory")
iop_alive "$BRIDGE_PID" || WHY+=("the bridge died")
end

iop_keys bob C-c
iop_wait_shell bob 5 || iop_note "bob's talk did not exit on ^C"

if [ "$FAILED" != 0 ]; then
  print_failed_screens
  printf '\n===== %s =====\n' "$LOG/bridge.log"
  cat "$LOG/bridge.log"
  echo
fi
echo "screens and logs: $LOG"
echo "bridge-interop: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]

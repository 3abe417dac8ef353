#!/bin/bash
# Old talk (the 4.2BSD protocol, UDP 517) against the real peers: netkit's in.talkd (Debian's
# talkd package, under the real openbsd-inetd) and Debian's utalk, with our talkd serving old talk
# and ntalk in one process ("talkd --port N --old-port 517").
#
#   bash interop/otalk-interop.sh         (as root)
#
# 1-same-replies-as-netkit  the same 11 76-byte probes (LOOK_UP, LEAVE_INVITE then LOOK_UP, DELETE,
#                           both byte orders, a LOOK_UP with addr family 0, ANNOUNCE to a
#                           logged-in and to a logged-out user)
#                           sent to netkit's in.talkd and to our 517 in the same run: the same
#                           reply length, type and answer (but a LEAVE_INVITE's answer byte, which
#                           netkit leaves uninitialised) and the same address after a LOOK_UP
# 2-mixed-table             an old-talk LEAVE_INVITE on 517 found by an ntalk LOOK_UP on 518 of
#                           the same process, and an ntalk LEAVE_INVITE found by an old-talk LOOK_UP
# 3-utalk-rings             utalk alice -> bob through our 517 (our ntalk side moved to 5518: utalk
#                           prefers ntalk on 518 and then crashes): bob's terminal rings for !alice
# 4-utalk-rendezvous        bob answers with utalk: its LOOK_UP finds alice's invitation in our
#                           table, the two utalks connect, and text crosses both ways
# 5-otalk-socket            otalk.service's ExecStart under systemd-socket-activate on
#                           otalk.socket's ListenDatagram, as the unit's User:Group: an old-talk
#                           and an ntalk LOOK_UP on that one socket, each answered in its protocol
#
# Prints PASS/FAIL per check, then "otalk-interop: N passed, M failed"; exits 1 on any failure.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/otalk-interop
PASSED=0
FAILED=0
FAILED_IDS=()
NETKIT_OLD_PORT=5517   # netkit's in.talkd, under inetd (Debian's "talk" line, on another port)
OURS_NTALK_PORT=5518   # our ntalk side while utalk runs

finish() {
  iop_cleanup
}
trap finish EXIT
trap 'exit 130' INT TERM

IOP_PACKAGES+=(utalk)
iop_setup
command -v utalk >/dev/null || iop_die "utalk missing after install"
[ -x /usr/sbin/in.talkd ] || iop_die "netkit's /usr/sbin/in.talkd missing (package talkd)"
rm -rf "$LOG"
mkdir -p "$LOG"
iop_netns_up

# ---------------------------------------------------------------- the probe (python3)

cat >"$LOG/probe.py" <<'EOF'
# Old-talk and ntalk probes; one line per reply: NAME LENGTH TYPE ANSWER ADDR
import socket, struct, sys

def sockaddr(family, ip, port, little):
    fam = struct.pack("<H" if little else ">H", family)
    return fam + struct.pack(">H", port) + socket.inet_aton(ip) + bytes(8)

def name(s, n):
    b = s.encode()
    return b + bytes(n - len(b))

def otalk(typ, l, r, idn, addr, ctl, little, tty=""):
    o = "<" if little else ">"
    return (bytes([typ]) + name(l, 9) + name(r, 9) + b"\0" + struct.pack(o + "I", idn)
            + struct.pack(o + "i", 4242) + name(tty, 16) + addr + ctl)

def ntalk(typ, l, r, idn, addr, ctl):
    return (bytes([1, typ, 0, 0]) + struct.pack(">I", idn) + addr + ctl
            + struct.pack(">i", 4242) + name(l, 12) + name(r, 12) + bytes(16))

class Client:
    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(("127.0.0.1", 0))
        self.s.settimeout(5)
        self.port = self.s.getsockname()[1]

    def ctl(self, little=False):
        return sockaddr(2, "127.0.0.1", self.port, little)

    def ask(self, port, datagram):
        self.s.sendto(datagram, ("127.0.0.1", port))
        try:
            return self.s.recvfrom(512)[0]
        except socket.timeout:
            return b""

def show(case, reply, old, little=False, answer=True, addr=False, ntalk_reply=False):
    if not reply:
        print(case, "silence")
        return
    at = 0 if old else 1   # an ntalk reply has vers in byte 0
    fields = [case, str(len(reply)), str(reply[at]), str(reply[at + 1]) if answer else "-"]
    if addr:
        port, = struct.unpack(">H", reply[10:12])
        fields.append("%s:%d" % (socket.inet_ntoa(reply[12:16]), port))
    print(" ".join(fields))

def old_id(reply, little):
    return struct.unpack("<I" if little else ">I", reply[4:8])[0]

def compare(port):
    rendezvous_be = sockaddr(2, "127.0.0.1", 40000, False)
    rendezvous_le = sockaddr(2, "127.0.0.1", 40001, True)
    alice, bob = Client(), Client()
    any_be = sockaddr(2, "0.0.0.0", 0, False)   # as utalk sends it
    show("lookup_none", bob.ask(port, otalk(1, "bob", "alice", 0, any_be, bob.ctl(), False)), True)
    r = alice.ask(port, otalk(0, "alice", "bob", 0, rendezvous_be, alice.ctl(), False))
    show("invite", r, True, answer=False)
    invite_id = old_id(r, False) if r else 0
    show("lookup_found", bob.ask(port, otalk(1, "bob", "alice", 0, any_be, bob.ctl(), False)),
         True, addr=True)
    show("delete", alice.ask(port, otalk(2, "alice", "bob", invite_id, any_be, alice.ctl(),
                                         False)), True)
    show("lookup_deleted", bob.ask(port, otalk(1, "bob", "alice", 0, any_be, bob.ctl(), False)),
         True)
    # little-endian (a native x86 client): id, pid and families in host order
    any_le = sockaddr(2, "0.0.0.0", 0, True)
    r = alice.ask(port, otalk(0, "alice", "bob", 0, rendezvous_le, alice.ctl(True), True))
    show("invite_le", r, True, answer=False)
    # the id read in the request's order; netkit writes it in network order, ours in the
    # request's: either way the DELETE below, in the same order, names the stored id
    invite_le_id = old_id(r, True) if r else 0
    show("lookup_found_le", bob.ask(port, otalk(1, "bob", "alice", 0, any_le, bob.ctl(True), True)),
         True, addr=True)
    show("delete_le", alice.ask(port, otalk(2, "alice", "bob", invite_le_id, any_le,
                                            alice.ctl(True), True)), True)
    # a LOOK_UP whose addr has family 0: neither 4.2BSD nor netkit checks it
    show("lookup_family_0", bob.ask(port, otalk(1, "bob", "alice", 0, sockaddr(0, "0.0.0.0", 0,
                                                False), bob.ctl(), False)), True)
    show("announce_bob", alice.ask(port, otalk(3, "alice", "bob", 0xFFFFFFFF, rendezvous_be,
                                               alice.ctl(), False)), True)
    show("announce_logged_out", alice.ask(port, otalk(3, "alice", "carol", 0xFFFFFFFF,
                                                      rendezvous_be, alice.ctl(), False)), True)

def mixed(old_port, ntalk_port):
    rendezvous = sockaddr(2, "127.0.0.1", 40002, False)
    alice, bob = Client(), Client()
    zero = sockaddr(2, "0.0.0.0", 0, False)   # AF_INET, as every talk client sends it
    r = alice.ask(old_port, otalk(0, "dave", "erin", 0, rendezvous, alice.ctl(), False))
    show("old_invite", r, True)
    show("ntalk_lookup", bob.ask(ntalk_port, ntalk(1, "erin", "dave", 0, zero, bob.ctl())),
         False, addr=True)
    r = alice.ask(ntalk_port, ntalk(0, "frank", "gina", 0, rendezvous, alice.ctl()))
    show("ntalk_invite", r, False)
    show("old_lookup", bob.ask(old_port, otalk(1, "gina", "frank", 0, zero, bob.ctl(), False)),
         True, addr=True)

def both(port):
    c = Client()
    zero = sockaddr(2, "0.0.0.0", 0, False)
    # the first 4 bytes tell the formats apart: old talk 01 01 00 00 (type, NOT_HERE, filler),
    # ntalk 01 01 01 00 (vers, type, NOT_HERE, pad)
    r = c.ask(port, otalk(1, "bob", "alice", 0, zero, c.ctl(), False))
    print("old_lookup", len(r), r[:4].hex())
    r = c.ask(port, ntalk(1, "bob", "alice", 0, zero, c.ctl()))
    print("ntalk_lookup", len(r), r[:4].hex())

if sys.argv[1] == "compare":
    compare(int(sys.argv[2]))
elif sys.argv[1] == "both":
    both(int(sys.argv[2]))
else:
    mixed(int(sys.argv[2]), int(sys.argv[3]))
EOF

probe() { iop_nsexec python3 "$LOG/probe.py" "$@"; }

# ---------------------------------------------------------------- daemons

# ours_start ARGS...: our talkd standalone as root (it serves as nobody:tty through setpriv) in the
# namespace, -v, until every given port is bound. No fork in the chain, so $! is the root java.
OURS_PID=
ours_start() {
  local cmd=(java -jar "$IOP_JAR" talkd --bind 127.0.0.1 -v "$@") i
  [ "$IOP_UTS" = 1 ] && cmd=(unshare --uts /bin/sh -c 'hostname localhost && exec "$@"' sh "${cmd[@]}")
  iop_note "ours: ${cmd[*]}"
  setsid ip netns exec "$IOP_NS" "${cmd[@]}" >>"$LOG/ours.log" 2>&1 </dev/null &
  OURS_PID=$!
  IOP_PIDS+=("$OURS_PID")
  for ((i = 0; i < 200; i++)); do
    grep -q 'talkd: serving on .*, old talk on ' "$LOG/ours.log" && return 0
    iop_alive "$OURS_PID" || break
    sleep 0.1
  done
  cat "$LOG/ours.log" >&2
  iop_die "our talkd did not start serving: $*"
}

ours_stop() {
  local p keep=()
  iop_stop_pid "$OURS_PID"
  for p in "${IOP_PIDS[@]}"; do [ "$p" = "$OURS_PID" ] || keep+=("$p"); done
  IOP_PIDS=("${keep[@]}")
  for ((i = 0; i < 100; i++)); do
    [ -z "$(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :517')" ] && return 0
    sleep 0.1
  done
  iop_die "UDP 517 still held after stopping our talkd"
}

# Debian's talk line (in.talkd is netkit's in.ntalkd, which answers old talk on 517) on another
# port, so that our daemon can hold 517 and 518 in the same run.
printf '127.0.0.1:%s\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.talkd\tin.talkd\n' \
  "$NETKIT_OLD_PORT" >"$LOG/inetd.conf"
iop_note "inetd.conf: $(cat "$LOG/inetd.conf")"
iop_inetd_start "$LOG/inetd.conf" "$LOG/inetd.log" "$NETKIT_OLD_PORT"

iop_login alice
iop_login bob

# ---------------------------------------------------------------- 1, 2: probes

ours_start --port 518 --old-port 517

begin 1-same-replies-as-netkit "76-byte old-talk probes: our 517 answers as netkit's in.talkd (length, type, answer, LOOK_UP address)"
probe compare "$NETKIT_OLD_PORT" >"$LOG/netkit.replies" 2>"$LOG/probe-netkit.err" ||
  WHY+=("the probe failed against netkit: $(tr '\n' ' ' <"$LOG/probe-netkit.err")")
# netkit rang bob too: clear his screen, so that the ring below is ours
iop_type bob 'clear' && iop_keys bob Enter
iop_wait bob '^bob\$' 5 || true
probe compare 517 >"$LOG/ours.replies" 2>"$LOG/probe-ours.err" ||
  WHY+=("the probe failed against ours: $(tr '\n' ' ' <"$LOG/probe-ours.err")")
iop_note "netkit: $(tr '\n' ';' <"$LOG/netkit.replies")"
iop_note "ours:   $(tr '\n' ';' <"$LOG/ours.replies")"
[ "$(wc -l <"$LOG/netkit.replies")" = 11 ] || WHY+=("netkit did not answer all 11 probes: $(tr '\n' ';' <"$LOG/netkit.replies")")
diff "$LOG/netkit.replies" "$LOG/ours.replies" >"$LOG/replies.diff" ||
  WHY+=("replies differ (netkit <, ours >): $(tr '\n' ' ' <"$LOG/replies.diff")")
grep -qx 'lookup_found 24 1 0 127.0.0.1:40000' "$LOG/ours.replies" ||
  WHY+=("our old-talk LOOK_UP did not find the old-talk invitation")
grep -qx 'announce_bob 24 3 0' "$LOG/ours.replies" || WHY+=("our ANNOUNCE to bob was not SUCCESS")
expect bob 'Message from Talk_Daemon@' 5 "bob's terminal did not ring"
end

begin 2-mixed-table "one process, one table: old-talk LEAVE_INVITE found by ntalk LOOK_UP, and the reverse"
probe mixed 517 518 >"$LOG/mixed.replies" 2>"$LOG/probe-mixed.err" ||
  WHY+=("the probe failed: $(tr '\n' ' ' <"$LOG/probe-mixed.err")")
iop_note "mixed: $(tr '\n' ';' <"$LOG/mixed.replies")"
grep -qx 'old_invite 24 0 0' "$LOG/mixed.replies" || WHY+=("the old-talk LEAVE_INVITE was not SUCCESS")
grep -qx 'ntalk_lookup 24 1 0 127.0.0.1:40002' "$LOG/mixed.replies" ||
  WHY+=("the ntalk LOOK_UP on 518 did not return the old-talk invitation's address")
grep -qx 'ntalk_invite 24 0 0' "$LOG/mixed.replies" || WHY+=("the ntalk LEAVE_INVITE was not SUCCESS")
grep -qx 'old_lookup 24 1 0 127.0.0.1:40002' "$LOG/mixed.replies" ||
  WHY+=("the old-talk LOOK_UP on 517 did not return the ntalk invitation's address")
grep -q 'old talk LEAVE_INVITE id 0 dave -> erin' "$LOG/ours.log" ||
  WHY+=("the request log has no 'old talk LEAVE_INVITE' line")
end

ours_stop

# ---------------------------------------------------------------- 3, 4: utalk

# utalk tries ntalk on 518 first and crashes when that answers (PEERS.md): our ntalk side moves.
ours_start --port "$OURS_NTALK_PORT" --old-port 517
iop_keys bob C-l
iop_type bob 'clear' && iop_keys bob Enter

begin 3-utalk-rings "utalk alice -> bob through our old talk on 517: bob's terminal rings for !alice"
iop_type alice 'utalk bob@localhost' && iop_keys alice Enter
expect bob 'connection requested by !alice@' 15 "bob's terminal did not ring for !alice"
grep -q 'old talk ANNOUNCE id [0-9]* !alice -> bob' "$LOG/ours.log" ||
  WHY+=("no old-talk ANNOUNCE from !alice in our request log")
end

begin 4-utalk-rendezvous "bob answers with utalk: the LOOK_UP finds alice's invitation and the two utalks connect"
iop_type bob 'utalk alice@localhost' && iop_keys bob Enter
sleep 3
grep -q 'old talk LOOK_UP id [0-9]* bob -> .*alice.*: SUCCESS' "$LOG/ours.log" ||
  WHY+=("bob's utalk got no SUCCESS to an old-talk LOOK_UP for alice's invitation")
iop_type alice 'hello from alice'
expect bob 'hello from alice' 10 "alice's text did not reach bob's utalk"
iop_type bob 'hi from bob'
expect alice 'hi from bob' 10 "bob's text did not reach alice's utalk"
snap talking
end

ours_stop

# ---------------------------------------------------------------- 5: socket activation

UNITS=$IOP_ROOT/deploy/systemd
unit_value() { sed -n "s/^$2=//p" "$UNITS/$1" | tail -n 1; }
begin 5-otalk-socket "otalk.service under systemd-socket-activate on otalk.socket's port: each datagram answered in its own protocol"
listen=$(unit_value otalk.socket ListenDatagram)
exec_start=$(unit_value otalk.service ExecStart)
[ "$listen" = 517 ] || WHY+=("otalk.socket listens on '$listen', not 517")
read -r -a argv <<<"$exec_start"
[ "${argv[0]}" = /usr/local/lib/bsdtalk/talkd ] || WHY+=("otalk.service runs '${argv[0]}', not the installed launcher")
argv[0]=$IOP_TALKD
if command -v systemd-socket-activate >/dev/null; then
  # one activation, as PID 1 would start the service for the first datagram (systemd-interop.sh
  # runs the whole loop for talkd.socket); --idle 5 ends it
  setsid ip netns exec "$IOP_NS" systemd-socket-activate --datagram --inetd -l "$listen"     setpriv --reuid="$(unit_value otalk.service User)" --regid="$(unit_value otalk.service Group)"     --clear-groups --no-new-privs --bounding-set=-all -- "${argv[@]}" --idle 5     >"$LOG/activate.log" 2>&1 </dev/null &
  IOP_PIDS+=("$!")
  for ((i = 0; i < 50; i++)); do
    [ -n "$(ip netns exec "$IOP_NS" ss -Hulnp "sport = :$listen")" ] && break
    sleep 0.1
  done
  probe both "$listen" >"$LOG/socket.replies" 2>"$LOG/probe-socket.err" ||
    WHY+=("the probe failed: $(tr '\n' ' ' <"$LOG/probe-socket.err")")
  iop_note "socket: $(tr '\n' ';' <"$LOG/socket.replies")"
  grep -qx 'old_lookup 24 01010000' "$LOG/socket.replies" || WHY+=("no old-talk NOT_HERE to the old-talk LOOK_UP")
  grep -qx 'ntalk_lookup 24 01010100' "$LOG/socket.replies" || WHY+=("no ntalk NOT_HERE to the ntalk LOOK_UP")
else
  WHY+=("systemd-socket-activate missing (package systemd)")
fi
end

if [ "$FAILED" != 0 ]; then
  print_failed_screens
  for f in "$LOG/ours.log" "$LOG/inetd.log"; do
    [ -f "$f" ] && { printf '\n===== %s =====\n' "$f"; cat "$f"; }
  done
  echo
fi
echo "screens and logs: $LOG"
echo "otalk-interop: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]

#!/bin/bash
# Rendezvous latency of two netkit talk clients through Debian's in.ntalkd (netkit-ntalk 0.17),
# scripted with the interop helpers (interop/lib.sh): a private network namespace with only lo,
# the real openbsd-inetd running in.ntalkd on 127.0.0.1:518, and two users logged in on tmux
# panes with utmp entries. Run as root:
#
#   bash benchmarks/rendezvous-latency.sh [RUNS]        (default 10)
#
# Per run: A types "netkit-ntalk B" + Enter (t0); the script polls B's pane until the
# announcement shows, then types "netkit-ntalk A" + Enter for B; it polls both panes until both
# show "Connection established" (t1); then ^C and clear. t1 - t0 is measured by polling
# capture-pane (each poll forks setpriv + tmux, ~5-30 ms here), so it has tens of ms of
# granularity and includes the script's own "reaction time" before B answers.
#
# tcpdump in the namespace gives the precise numbers: from A's first LOOK_UP to the daemon's
# answer to her LEAVE_INVITE (she is then "Waiting for your party to respond"), and from B's
# LOOK_UP to the later of the two first TCP payloads (the 3 edit characters each side sends on
# connecting, which is where our CallProgress.CONNECTED is reported). Their sum is the machine's
# part of the rendezvous, without the answerer's reaction time: comparable to RendezvousLatency.
#
# Users are "bmalice" and "bmbob" (created if missing), not alice/bob, so that an interop suite
# running at the same time on this machine (same /run/utmp) cannot ring the wrong pane.
set -u
IOP_RUN=bm$$
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/../interop/lib.sh"

RUNS=${1:-10}
A=bmalice
B=bmbob
OUT=$IOP_LOGS/rendezvous-latency
TCPDUMP_PID=

finish() {
  [ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null
  iop_cleanup
  rm -f "$IOP_WORK/tmux.conf.$IOP_RUN"
}
trap finish EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || iop_die "run as root"
command -v tcpdump >/dev/null || iop_die "tcpdump is needed (apt-get install tcpdump)"
command -v python3 >/dev/null || iop_die "python3 is needed to read the capture"
# iop_setup minus the jar and inetutils: only the netkit programs are used here.
umask 022
mkdir -p "$IOP_WORK" "$IOP_LOGS" "$OUT"
iop_install_packages
iop_users "$A" "$B"
iop_utmp_file
iop_hostname_check
cat >"$IOP_TMUX_CONF.$IOP_RUN" <<'CONF'
set -g status off
set -sg escape-time 0
set -g default-terminal screen
set -g history-limit 2000
set -wg alternate-screen off
CONF
chmod 644 "$IOP_TMUX_CONF.$IOP_RUN"
IOP_TMUX_CONF=$IOP_TMUX_CONF.$IOP_RUN

iop_netns_up
printf '127.0.0.1:ntalk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.ntalkd\tin.ntalkd\n' >"$OUT/inetd.conf"
iop_inetd_start "$OUT/inetd.conf" "$OUT/inetd.log"
ip netns exec "$IOP_NS" tcpdump -i lo -U -s 0 -w "$OUT/rendezvous.pcap" 'udp port 518 or tcp' \
  >"$OUT/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
IOP_PIDS+=("$TCPDUMP_PID")
sleep 1

iop_login "$A"
iop_login "$B"

# fast pane poll: no sleep between captures, a capture itself takes several ms
poll() {   # poll USER ERE SECONDS
  local u=$1 re=$2 end=$((SECONDS + $3))
  until iop_cap "$u" 2>/dev/null | grep -qE -- "$re"; do
    [ $SECONDS -ge $end ] && return 1
  done
  return 0   # an until loop returns the status of its body's last run, here the failed test
}

now() { date +%s.%N; }
: >"$OUT/runs.txt"
ok=0
for ((i = 1; i <= RUNS; i++)); do
  iop_type "$A" "netkit-ntalk $B"
  iop_type "$B" "netkit-ntalk $A"
  t0=$(now)
  iop_keys "$A" Enter
  if ! poll "$B" 'Message from Talk_Daemon' 15; then
    echo "run $i: $B was not rung (screens: $OUT/run$i-fail-*.txt)" >&2
    iop_cap "$A" >"$OUT/run$i-fail-$A.txt"; iop_cap "$B" >"$OUT/run$i-fail-$B.txt"
    break
  fi
  tr=$(now)
  iop_keys "$B" Enter
  if ! { poll "$A" 'Connection established' 10 && poll "$B" 'Connection established' 10; }; then
    echo "run $i: no 'Connection established' on both panes (screens: $OUT/run$i-fail-*.txt)" >&2
    iop_cap "$A" >"$OUT/run$i-fail-$A.txt"; iop_cap "$B" >"$OUT/run$i-fail-$B.txt"
    break
  fi
  t1=$(now)
  echo "$i $t0 $tr $t1" >>"$OUT/runs.txt"
  ok=$((ok + 1))
  iop_cap "$A" >"$OUT/run$i-$A.txt"
  iop_cap "$B" >"$OUT/run$i-$B.txt"
  iop_keys "$A" C-c
  iop_wait_shell "$A" 5 || iop_die "$A's talk did not exit on ^C"
  iop_wait_shell "$B" 5 || { iop_keys "$B" C-c; iop_wait_shell "$B" 3; }
  for u in "$A" "$B"; do iop_keys "$u" "clear" Enter; done
  for u in "$A" "$B"; do   # until clear has wiped the last run's screen
    end=$((SECONDS + 5))
    while iop_cap "$u" | grep -qE 'Connection established|Message from|netkit-ntalk'; do
      [ $SECONDS -ge $end ] && iop_die "$u's screen did not clear"
      sleep 0.05
    done
  done
  sleep 1   # let the daemon's invitation table settle (DELETEs) before the next run
done
sleep 0.5
kill "$TCPDUMP_PID" 2>/dev/null
wait "$TCPDUMP_PID" 2>/dev/null
TCPDUMP_PID=

echo "runs completed: $ok of $RUNS (screens, pcap and raw times in $OUT)"
tcpdump -tt -n -x -r "$OUT/rendezvous.pcap" >"$OUT/rendezvous.txt" 2>/dev/null
python3 - "$OUT/runs.txt" "$OUT/rendezvous.txt" <<'PY'
import re, sys, statistics

runs = [l.split() for l in open(sys.argv[1]) if l.strip()]
runs = [(int(r[0]), float(r[1]), float(r[2]), float(r[3])) for r in runs]

# tcpdump -tt -n -x: a header line, then hex lines of the IP packet
pkts = []
cur = None
for line in open(sys.argv[2]):
    m = re.match(r'^(\d+\.\d+) IP (\S+)\.(\d+) > (\S+)\.(\d+): (.*)$', line)
    if m:
        cur = {"t": float(m.group(1)), "sport": int(m.group(3)), "dport": int(m.group(5)),
               "rest": m.group(6), "hex": ""}
        pkts.append(cur)
        continue
    m = re.match(r'^\s+0x[0-9a-f]+:\s+(.*)$', line)
    if m and cur is not None:
        cur["hex"] += m.group(1).replace(" ", "")
for p in pkts:
    raw = bytes.fromhex(p["hex"])
    p["udp"] = p["rest"].startswith("UDP")
    if p["udp"]:
        ihl = (raw[0] & 0x0F) * 4
        p["payload"] = raw[ihl + 8:]
    m = re.search(r'length (\d+)', p["rest"])
    p["len"] = int(m.group(1)) if m else 0

LOOK_UP, LEAVE_INVITE = 1, 0
def req(p, t):   # a request to the daemon of type t
    return p["udp"] and p["dport"] == 518 and len(p["payload"]) > 2 and p["payload"][1] == t
def resp(p, t):
    return p["udp"] and p["sport"] == 518 and len(p["payload"]) > 2 and p["payload"][1] == t

ms = lambda s: s * 1e3
machine, alice_part, bob_part, raw_wire, poll_total, poll_react = [], [], [], [], [], []
for k, (i, t0, tr, t1) in enumerate(runs):
    end = runs[k + 1][1] if k + 1 < len(runs) else float("inf")
    w = [p for p in pkts if t0 <= p["t"] < end]
    try:
        a0 = next(p for p in w if req(p, LOOK_UP))
        a1 = next(p for p in w if p["t"] >= a0["t"] and resp(p, LEAVE_INVITE))
        b0 = next(p for p in w if p["t"] > a1["t"] and req(p, LOOK_UP))
        tcp = [p for p in w if p["t"] > b0["t"] and not p["udp"] and p["len"] > 0]
        first = {}
        for p in tcp:
            first.setdefault((p["sport"], p["dport"]), p)
        if len(first) < 2:
            raise StopIteration
        e = max(p["t"] for p in list(first.values())[:2])
    except StopIteration:
        print(f"run {i}: packets incomplete, skipped")
        continue
    alice_part.append(ms(a1["t"] - a0["t"]))
    bob_part.append(ms(e - b0["t"]))
    machine.append(alice_part[-1] + bob_part[-1])
    raw_wire.append(ms(e - a0["t"]))
    poll_total.append(ms(t1 - t0))
    poll_react.append(ms(b0["t"] - a1["t"]))

def row(name, xs):
    xs = sorted(xs)
    if not xs:
        print(f"{name:58s} (no data)")
        return
    p = lambda q: xs[max(0, -(-q * len(xs) // 100) - 1)]
    print(f"{name:58s} {xs[0]:8.1f} {p(50):8.1f} {p(90):8.1f} {xs[-1]:8.1f} {statistics.mean(xs):8.1f}")

print(f"netkit talk x2 + netkit in.ntalkd (openbsd-inetd, nowait=wait), N={len(machine)} (milliseconds)")
print(f"{'':58s} {'min':>8s} {'p50':>8s} {'p90':>8s} {'max':>8s} {'mean':>8s}")
row("wire: A LOOK_UP -> reply to A's LEAVE_INVITE", alice_part)
row("wire: B LOOK_UP -> both edit chars sent", bob_part)
row("wire: machine part (sum of the two above)", machine)
row("wire: B's reaction (poll + keys) between them", poll_react)
row("wire: A LOOK_UP -> both edit chars (incl. reaction)", raw_wire)
row("panes: A's Enter -> both show 'Connection established'", poll_total)
PY

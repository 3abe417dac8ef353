#!/bin/bash
# Keystroke-to-peer-screen latency and resize redraw cost of the full-screen talk (issue 11,
# "Speed"): two netkit talk clients and two of ours, measured the same way in the same run.
# Run as root, by hand (not in .ci/run), under the interop lock:
#
#   flock /var/lock/bsdtalk-interop.lock bash benchmarks/keystroke-latency.sh
#
# Environment: PAIRS="netkit ours" (which conversations; "tmux-cat" the floor is always run),
#   KEYS=200 measured keystrokes per pair, WARMUP=20 keystrokes first (reported apart: a fresh
#   JVM interprets before it compiles), GAP_MS=50 quiet time after each key has arrived, LINE=40
#   keys per line (then an untimed Enter and a check of both screens), RESIZES=8,
#   OURS_JAVA_OPTS="" extra JVM flags for our talk (e.g. -XX:TieredStopAtLevel=1; default none).
#
# Setup (interop/lib.sh): a private network namespace with only lo; the real openbsd-inetd
# running Debian's line for netkit in.ntalkd on 127.0.0.1:518 (the daemon only sets the call up,
# both pairs use it); users bmalice and bmbob (created if missing, as rendezvous-latency.sh does,
# so that no interop suite's alice/bob pane can be rung) logged in on tmux panes (100x30) with
# utmp entries; tcpdump on lo. Per pair: A runs the talk client for B, B answers, both show
# "Connection established"; then keystroke-latency.py measures.
#
# How a keystroke is timed (keystroke-latency.py): one tmux control-mode client ("tmux -C
# attach") per user stays connected, so nothing forks per key or per poll. t_send: just before
# "send-keys -t A -l x" is written to A's control client. t_peer: the first "%output" line of B's
# pane, which tmux emits as soon as it reads the bytes B's talk wrote to its pty, whose printable
# text (escape sequences stripped) holds the key. t_wire: the key's TCP segment in the pcap
# (same CLOCK_REALTIME). So "key -> peer's pane" = tmux writes the key to A's pty + A's talk reads
# it and sends it + loopback TCP + B's talk draws it + tmux reads it: everything but the terminal
# emulator's paint, with tmux's own part identical for both pairs. The pair "tmux-cat" (cat in a
# pane with -icanon -echo) is that tmux part alone: the floor under every figure. This is more
# precise than polling capture-pane from the shell (each poll forks setpriv + tmux, 5-30 ms here).
#
# Resize: "resize-window -t B -x C -y R" on B's control client (sizes 60x20, 100x30, 50x16,
# 100x30, 120x40, 100x30, 20x8, 100x30), then the time to B's first and last redraw byte (the
# redraw is over when the pane is quiet for 300 ms), and a capture-pane check: exactly one
# full-width divider row within one row of the middle, the last typed line still visible. After
# the resizes A types "after" and B's screen must show it.
#
# Output: a Markdown table on stdout; raw times, screens and the pcap in
# $IOP_LOGS/keystroke-latency (default /var/tmp/bsdtalk-interop/logs/keystroke-latency).
set -u
IOP_RUN=kl$$
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/../interop/lib.sh"

PAIRS=${PAIRS:-"netkit ours"}
KEYS=${KEYS:-200}
WARMUP=${WARMUP:-20}
GAP_MS=${GAP_MS:-50}
LINE=${LINE:-40}
RESIZES=${RESIZES:-8}
POLL_KEYS=${POLL_KEYS:-25}
A=${KL_A:-bmalice}
B=${KL_B:-bmbob}
OUT=$IOP_LOGS/keystroke-latency
PY=$(dirname "$0")/keystroke-latency.py
TCPDUMP_PID=
IOP_TMUX_CONF=$IOP_WORK/tmux.conf.$IOP_RUN   # our own; the suites' tmux.conf stays as it is

finish() {
  [ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null
  iop_cleanup
  rm -f "$IOP_TMUX_CONF"
}
trap finish EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || iop_die "run as root"
command -v tcpdump >/dev/null || iop_die "tcpdump is needed (apt-get install tcpdump)"
command -v python3 >/dev/null || iop_die "python3 is needed"
umask 022
mkdir -p "$IOP_WORK" "$IOP_LOGS"
rm -rf "$OUT"
mkdir -p "$OUT"
iop_install_packages
iop_users "$A" "$B"
iop_utmp_file
iop_hostname_check
case " $PAIRS " in *" ours "*) iop_jar ;; esac
cat >"$IOP_TMUX_CONF" <<'CONF'
set -g status off
set -sg escape-time 0
set -g default-terminal screen
set -g history-limit 2000
set -wg alternate-screen off
CONF
chmod 644 "$IOP_TMUX_CONF"

iop_netns_up
printf '127.0.0.1:ntalk\tdgram\tudp\twait\tnobody.tty\t/usr/sbin/in.ntalkd\tin.ntalkd\n' >"$OUT/inetd.conf"
iop_inetd_start "$OUT/inetd.conf" "$OUT/inetd.log"
ip netns exec "$IOP_NS" tcpdump -i lo -U -s 0 --time-stamp-precision=nano -w "$OUT/keys.pcap" tcp \
  >"$OUT/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
IOP_PIDS+=("$TCPDUMP_PID")
sleep 1

ctl() {   # the argv of a tmux control-mode client as USER on USER's server
  local u=$1
  printf '%s\n' setpriv --reuid="$u" --regid="$u" --init-groups env -i HOME="/home/$u" USER="$u" \
    LOGNAME="$u" SHELL=/bin/bash PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TERM=screen \
    tmux -L "bsdtalk-iop-$IOP_RUN-$u" -f "$IOP_TMUX_CONF" -C attach -t "$u"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
talk_cmd() {   # talk_cmd PAIR PEER
  case $1 in
    netkit) echo "netkit-ntalk $2" ;;
    ours) echo "java ${OURS_JAVA_OPTS:-} -jar $IOP_JAR talk $2" ;;
  esac
}

echo "date: $(date -u) (start), load $(load), commit $(git -C "$IOP_ROOT" rev-parse --short HEAD 2>/dev/null)" |
  tee "$OUT/conditions.txt"

# the floor: tmux alone, with cat echoing each key in A's pane
iop_login "$A"
iop_type "$A" "stty -icanon -echo; cat"
iop_keys "$A" Enter
sleep 0.5
mapfile -t CA < <(ctl "$A")
python3 "$PY" loopback "$OUT" "$KEYS" "$WARMUP" "$GAP_MS" "${CA[@]}" || iop_die "tmux-cat measurement failed"
iop_logout "$A"

for pair in $PAIRS; do
  case $pair in netkit | ours) ;; *) iop_die "unknown pair $pair (netkit, ours)" ;; esac
  iop_note "--- $pair talk x2, load $(load)"
  iop_login "$A"
  iop_login "$B"
  iop_type "$A" "$(talk_cmd "$pair" "$B")"
  iop_keys "$A" Enter
  iop_wait "$B" 'Message from Talk_Daemon' 60 ||
    { iop_cap "$A" >"$OUT/fail-$pair-A.txt"; iop_die "$pair: $B was not rung (see $OUT/fail-$pair-A.txt)"; }
  iop_type "$B" "$(talk_cmd "$pair" "$A")"
  iop_keys "$B" Enter
  for u in "$A" "$B"; do
    iop_wait "$u" 'Connection established' 60 ||
      { iop_cap "$u" >"$OUT/fail-$pair-$u.txt"; iop_die "$pair: no 'Connection established' for $u"; }
  done
  sleep 1
  echo "$pair: load before $(load)" >>"$OUT/conditions.txt"
  mapfile -t CA < <(ctl "$A")
  mapfile -t CB < <(ctl "$B")
  python3 "$PY" measure "$pair" "$OUT" "$KEYS" "$WARMUP" "$GAP_MS" "$LINE" "$RESIZES" "$POLL_KEYS" \
    "${CA[@]}" -- "${CB[@]}" || iop_die "$pair measurement failed"
  echo "$pair: load after $(load)" >>"$OUT/conditions.txt"
  iop_keys "$A" C-c
  iop_wait_shell "$A" 5 || iop_note "$pair: $A's talk did not exit on ^C"
  iop_keys "$B" C-c
  iop_wait_shell "$B" 5 || iop_note "$pair: $B's talk did not exit on ^C"
  iop_logout "$A"
  iop_logout "$B"
done
sleep 0.5
kill "$TCPDUMP_PID" 2>/dev/null
wait "$TCPDUMP_PID" 2>/dev/null
TCPDUMP_PID=
echo "date: $(date -u) (end), load $(load)" | tee -a "$OUT/conditions.txt"
# shellcheck disable=SC2086
python3 "$PY" report "$OUT" "$OUT/keys.pcap" tmux-cat $PAIRS | tee "$OUT/report.md"
cat "$OUT/conditions.txt"
echo "raw data: $OUT"

#!/bin/bash
# talkd footprint benchmark (issue 12 "Small and quick"): our daemon with the JVM flags it ships with,
# against Debian's netkit in.ntalkd -q, in one run.
#
#   sudo benchmarks/talkd-footprint.sh       # root on Debian: apt, ip netns, setpriv
#
# The three aims, each measured for both daemons:
#   1. throughput: TalkdLoad lookup-miss, 8 clients, DURATION s, on a fresh daemon (tx/s);
#   2. memory: then 10,000 live invitations (talkd-footprint.py fill, every one answered SUCCESS,
#      so the table holds its default 10,000) and DURATION s more of the same load; VmHWM of the
#      daemon's process from /proc/PID/status, the peak resident set of the whole process;
#   3. cold start: COLD times, the daemon's inetd-mode command started by the real
#      `systemd-socket-activate --datagram --inetd` on the first datagram; the time from sending that
#      datagram to its reply (talkd-footprint.py first), median and range. The same for the floor
#      under any Java daemon: ColdStartFloor (benchmarks.jar), which only answers, with our flags
#      (the archive left out: it is talkd's).
# Our daemon runs as installed: deploy/talkd (the launcher the unit and the inetd line run), the jar
# and the class-data archive the build makes (talk-examples.jsa), copied with install -p into one
# directory. TALKD_JAVA_OPTS replaces the launcher's JVM flags, to compare candidates.
# Environment: DURATION=10 COLD=10 SKIP_INSTALL=0 SKIP_BUILD=0 OUT=benchmarks/target/talkd-footprint
#   TALKD_JAVA_OPTS=(from the unit)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10}
COLD=${COLD:-10}
OUT=${OUT:-$ROOT/benchmarks/target/talkd-footprint}
NS=bsdtalk-footprint-$$
RUN=$OUT/$(date -u +%Y%m%dT%H%M%SZ)
EXAMPLES_JAR=$ROOT/examples/target/talk-examples.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
LAUNCHER=$ROOT/deploy/talkd
EXAMPLES_JSA=$ROOT/examples/target/talk-examples.jsa
HELPER=$ROOT/benchmarks/talkd-footprint.py
STARTED_PIDS=()

log() { echo "talkd-footprint: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, ip netns, setpriv)"
mkdir -p "$RUN"

# The flags between "java" and "-jar" on the launcher's exec line
launcher_flags=$(sed -n 's|^exec [^ ]*java \(.*\) -jar talk-examples.jar talkd "\$@"$|\1|p' "$LAUNCHER")
[ -n "$launcher_flags" ] || die "no 'exec .../java FLAGS -jar talk-examples.jar talkd \"\$@\"' line in $LAUNCHER"
JAVA_OPTS=${TALKD_JAVA_OPTS-$launcher_flags}

stop_tree() {   # PID: the activator or the daemon it became, and any children
  local pid=$1 kids
  mapfile -t kids < <(pgrep -P "$pid" || true)
  kill -TERM "$pid" "${kids[@]}" 2>/dev/null || true
  local alive k
  for _ in $(seq 50); do
    alive=0
    for k in "$pid" "${kids[@]}"; do kill -0 "$k" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  kill -KILL "$pid" "${kids[@]}" 2>/dev/null || true
}
cleanup() {   # whatever is still running (an activator stopped by stop_tree is gone already)
  local pid
  set +e
  for pid in "${STARTED_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && stop_tree "$pid"; done
  ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  need=()
  [ -x /usr/sbin/in.ntalkd ] || need+=(talkd)
  command -v systemd-socket-activate >/dev/null || need+=(systemd)
  if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >"$RUN/apt.log" 2>&1 ||
      { apt-get update -q >>"$RUN/apt.log" 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >>"$RUN/apt.log" 2>&1; } ||
      die "apt-get install ${need[*]} failed; see $RUN/apt.log"
  fi
fi
[ -x /usr/sbin/in.ntalkd ] || die "/usr/sbin/in.ntalkd missing (apt-get install talkd)"
command -v systemd-socket-activate >/dev/null || die "systemd-socket-activate missing (apt-get install systemd)"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building talk-examples.jar and benchmarks.jar"
  (cd "$ROOT" && mvn -q -pl examples,benchmarks -am package -DskipTests) >"$RUN/build.log" 2>&1 \
    || { tail -30 "$RUN/build.log" >&2; die "build failed; see $RUN/build.log"; }
fi
for f in "$EXAMPLES_JAR" "$EXAMPLES_JSA" "$BENCH_JAR"; do [ -f "$f" ] || die "$f missing (build first)"; done
# installed as README.md installs it (install -p keeps the jar's time, which the archive checks);
# with TALKD_JAVA_OPTS, the launcher's flags replaced
INSTALL=$RUN/install
mkdir -p "$INSTALL"
install -p -m 644 "$EXAMPLES_JAR" "$EXAMPLES_JSA" "$BENCH_JAR" "$INSTALL/"
sed -e "s|^\(exec [^ ]*java\) .* \(-jar talk-examples.jar talkd \"\$@\"\)$|\1 $JAVA_OPTS \2|" "$LAUNCHER" >"$INSTALL/talkd"
chmod 755 "$INSTALL/talkd"
grep -qF -- " $JAVA_OPTS -jar" "$INSTALL/talkd" || die "could not put the flags into $INSTALL/talkd"
chmod a+rx "$RUN" "$INSTALL"

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
AS_NOBODY=(setpriv --reuid=nobody --regid=tty --clear-groups)
OURS_CMD=("$INSTALL/talkd" --inetd)
NETKIT_CMD=(/usr/sbin/in.ntalkd -q)
read -r -a FLOOR_OPTS <<<"${JAVA_OPTS//-XX:SharedArchiveFile=talk-examples.jsa/}"
FLOOR_CMD=(/usr/bin/java "${FLOOR_OPTS[@]}" -cp "$INSTALL/benchmarks.jar" io.github.bsdtalk.benchmarks.ColdStartFloor)

{
  echo "date: $(date -u)"
  echo "command: ${0#"$ROOT"/} (DURATION=$DURATION COLD=$COLD)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), kernel $(uname -r)"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "our flags: $JAVA_OPTS (deploy/talkd$([ -n "${TALKD_JAVA_OPTS+x}" ] && echo ", replaced by TALKD_JAVA_OPTS"))"
  echo "netkit: talkd $(dpkg-query -W -f='${Version}' talkd 2>/dev/null), in.ntalkd -q"
} | tee "$RUN/raw.txt"

# activate NAME PORT: the daemon's command under systemd-socket-activate, as the unit runs it; prints
# the activator's PID once it holds the socket
activate() {
  local name=$1 port=$2 cmd
  case $name in
    ours) cmd=("${OURS_CMD[@]}") ;;
    floor) cmd=("${FLOOR_CMD[@]}") ;;
    *) cmd=("${NETKIT_CMD[@]}") ;;
  esac
  ip netns exec "$NS" setsid systemd-socket-activate --datagram --inetd -l "127.0.0.1:$port" \
      "${AS_NOBODY[@]}" "${cmd[@]}" >>"$RUN/$name-activated.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  for _ in $(seq 100); do
    ip netns exec "$NS" ss -Huan "sport = :$port" | grep -q . && { echo "$pid"; return 0; }
    sleep 0.05
  done
  die "systemd-socket-activate did not listen on $port; see $RUN/$name-activated.log"
}
load() {   # NAME PORT PID PHASE
  ip netns exec "$NS" java -cp "$BENCH_JAR" io.github.bsdtalk.benchmarks.TalkdLoad \
      --target "127.0.0.1:$2" --workload lookup-miss --clients 8 --warmup 0 --duration "$DURATION" \
      --server-pid "$3" --label "$1" >"$RUN/$1-$4.txt" 2>&1 || die "load on $1 failed: see $RUN/$1-$4.txt"
  sed -n 's/^RESULT .* tps=\([0-9.]*\).*/\1/p' "$RUN/$1-$4.txt"
}

declare -A TPS HWM TPS_FULL COLDS
# 3: cold_starts NAME: COLD cold starts, each a fresh activator and a fresh daemon, into COLDS[NAME]
cold_starts() {
  local name=$1 i act r
  COLDS[$name]=""
  for i in $(seq "$COLD"); do
    act=$(activate "$name" $port)
    r=$(ip netns exec "$NS" python3 "$HELPER" first $port) || die "$name: cold start $i: $r"
    COLDS[$name]+="$(awk '{print $2}' <<<"$r") "
    stop_tree "$act"
    port=$((port + 1))
  done
  echo "$name: cold first reply ms: ${COLDS[$name]}" | tee -a "$RUN/raw.txt"
}
port=6518
for d in netkit ours; do
  # 1 and 2: the daemon started by its first datagram, then kept busy
  act=$(activate "$d" $port)
  ip netns exec "$NS" python3 "$HELPER" first $port >"$RUN/$d-wake.txt" || die "$d: no first reply"
  # systemd-socket-activate waits for the first datagram and then execs the daemon in its place
  # (setpriv execs too), so the activator's PID is the daemon's
  dpid=$act
  [ "$(cat "/proc/$dpid/comm")" != systemd-socket- ] || die "$d: the activator did not exec the daemon"
  if [ "$d" = ours ] && [[ $JAVA_OPTS == *SharedArchiveFile* ]] && ! grep -q 'talk-examples\.jsa' "/proc/$dpid/maps"; then
    die "ours: the JVM did not map talk-examples.jsa (rejected archive?); see $RUN/ours-activated.log"
  fi
  TPS[$d]=$(load "$d" $port "$dpid" empty)
  any=; [ "$d" = netkit ] && any=any   # netkit's LEAVE_INVITE answer byte is junk: see the helper
  fill=$(ip netns exec "$NS" python3 "$HELPER" fill $port 10000 $any) || die "$d: the table did not take 10,000 invitations: $fill"
  echo "$d: $fill" >>"$RUN/raw.txt"
  TPS_FULL[$d]=$(load "$d" $port "$dpid" full)
  HWM[$d]=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$dpid/status")
  echo "$d: tps empty ${TPS[$d]} full ${TPS_FULL[$d]}, VmHWM ${HWM[$d]} kB" | tee -a "$RUN/raw.txt"
  stop_tree "$act"
  port=$((port + 1))
  cold_starts "$d"
done
cold_starts floor   # the floor: cold starts only

stats() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {printf "%.1f (%.1f–%.1f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
{
  echo
  echo "| daemon | VmHWM after 10,000 invitations + load | first reply, cold (median, min–max of $COLD) | lookup-miss 8 clients tx/s, empty table | same, 10,000 invitations |"
  echo "|---|---:|---:|---:|---:|"
  for d in netkit ours; do
    printf "| %s | %.1f MB | %s ms | %.0f | %.0f |\n" "$([ $d = ours ] && echo "ours ($JAVA_OPTS)" || echo "netkit in.ntalkd -q")" \
      "$(echo "${HWM[$d]} / 1024" | bc -l)" "$(stats <<<"${COLDS[$d]}")" "${TPS[$d]}" "${TPS_FULL[$d]}"
  done
  printf "| ColdStartFloor (%s) | | %s ms | | |\n" "${FLOOR_OPTS[*]}" "$(stats <<<"${COLDS[floor]}")"
  printf "\nours ÷ netkit -q, tx/s at 8 clients: %.2f (empty table), %.2f (10,000 invitations)\n" \
    "$(echo "${TPS[ours]} / ${TPS[netkit]}" | bc -l)" "$(echo "${TPS_FULL[ours]} / ${TPS_FULL[netkit]}" | bc -l)"
} | tee "$RUN/table.md"
log "raw output: $RUN/raw.txt; table: $RUN/table.md"

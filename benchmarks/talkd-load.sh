#!/bin/bash
# talkd load benchmark (issue 3 "Speed"): our TalkdServer against Debian's netkit in.ntalkd, in one run.
#
#   sudo benchmarks/talkd-load.sh            # root on Debian: apt, ip netns, setpriv
#
# What it does:
#   1. apt-get install -y talkd (netkit in.ntalkd). If that pulls in openbsd-inetd, it is disabled; a
#      running system inetd (one reading /etc/inetd.conf) is stopped through its init script.
#   2. mvn -q -pl examples,benchmarks -am package -DskipTests (talk-examples.jar, benchmarks.jar).
#   3. A private network namespace with only lo, so no load leaves the machine. In it:
#        netkit-q  in.ntalkd -q  on 127.0.0.1:518   (no per-packet syslog: the fair comparison)
#        netkit    in.ntalkd     on 127.0.0.1:1518  (Debian's default: syslog() on every packet)
#        ours      talk-examples.jar talkd           on 127.0.0.1:5518  (standalone TalkdServer)
#      netkit runs under dgram-wait-launcher.py, which binds the socket and passes it on fd 0 and 1 as
#      inetd does; every daemon runs as nobody:tty in its own session.
#   4. io.github.bsdtalk.benchmarks.TalkdLoad against each daemon in turn: workloads lookup-miss and
#      invite-delete, 1 and 8 clients, WARMUP s then DURATION s, REPEAT times (the order of the
#      daemons is reversed every other cell, so that drift in background load hits each alike).
#   5. A Markdown table: median tx/s (min-max over repeats), latency percentiles of the median run,
#      CPU, and ours/netkit ratios. Everything it started is stopped by PID; the namespace is deleted.
#
# Environment (RENDER=DIR/results.txt only prints the table of an earlier run):
#   DURATION=10 WARMUP=3 REPEAT=1 CLIENTS="1 8" WORKLOADS="lookup-miss invite-delete"
#   DAEMONS="netkit-q netkit ours" SKIP_INSTALL=0 SKIP_BUILD=0 OUT=benchmarks/target/talkd-load
#   TALKD_JAVA_OPTS= (our daemon's JVM) LOADGEN_JAVA_OPTS= (the load generator's JVM)
#   Before/after a change: OURS_BASE_JAR=/tmp/old-talk-examples.jar DAEMONS="ours-base ours" runs an
#   older build too, as daemon "ours-base" on 127.0.0.1:5519; the ratio column then reads after/before.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
REPEAT=${REPEAT:-1}
CLIENTS=${CLIENTS:-"1 8"}
WORKLOADS=${WORKLOADS:-"lookup-miss invite-delete"}
DAEMONS=${DAEMONS:-"netkit-q netkit ours"}
OUT=${OUT:-$ROOT/benchmarks/target/talkd-load}
NS=bsdtalk-bench-$$
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN=$OUT/$STAMP
EXAMPLES_JAR=$ROOT/examples/target/talk-examples.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar

declare -A PORT=([netkit-q]=518 [netkit]=1518 [ours]=5518 [ours-base]=5519)
declare -A SERVER_PID_FILE=()
STARTED_PIDS=()   # launchers and our daemon, stopped by PID on exit

log() { echo "talkd-load: $*" >&2; }
die() { log "$*"; exit 1; }

render_table() {   # results.txt -> Markdown on stdout
  awk -v daemons="$DAEMONS" -v workloads="$WORKLOADS" -v clients="$CLIENTS" '
  function kv(line, key,   i, a, f, n) {
    n = split(line, f, " ")
    for (i = 1; i <= n; i++) { split(f[i], a, "="); if (a[1] == key) return a[2] }
    return ""
  }
  function fmt(x) { return sprintf("%.0f", x) }
  /^RESULT / {
    k = kv($0, "label") SUBSEP kv($0, "workload") SUBSEP kv($0, "clients")
    c = ++cnt[k]; line[k, c] = $0; tps[k, c] = kv($0, "tps") + 0
  }
  # the run with the median tx/s represents the cell (its percentiles, CPU, errors)
  function median_index(k,   i, j, c, idx, t) {
    c = cnt[k]
    for (i = 1; i <= c; i++) idx[i] = i
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++)
      if (tps[k, idx[j]] < tps[k, idx[i]]) { t = idx[i]; idx[i] = idx[j]; idx[j] = t }
    lo[k] = tps[k, idx[1]]; hi[k] = tps[k, idx[c]]
    return idx[int((c + 1) / 2)]
  }
  END {
    nd = split(daemons, D, " "); nw = split(workloads, W, " "); nc = split(clients, C, " ")
    print "| workload | clients | daemon | tx/s | p50 µs | p99 µs | p99.9 µs | timeouts / failed / unexpected | daemon CPU | daemon CPU µs/tx | loadgen CPU | machine busy | ours ÷ this: tx/s | ours ÷ this: p99 |"
    print "|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"
    for (wi = 1; wi <= nw; wi++) for (ci = 1; ci <= nc; ci++) {
      ko = "ours" SUBSEP W[wi] SUBSEP C[ci]
      if (cnt[ko]) { mo = median_index(ko); otps = tps[ko, mo]; op99 = kv(line[ko, mo], "p99_us") }
      for (di = 1; di <= nd; di++) {
        k = D[di] SUBSEP W[wi] SUBSEP C[ci]
        if (!cnt[k]) continue
        m = median_index(k); L = line[k, m]
        t = fmt(tps[k, m]) (cnt[k] > 1 ? " (" fmt(lo[k]) "–" fmt(hi[k]) ")" : "")
        r1 = r2 = "—"
        if (D[di] != "ours" && cnt[ko] && tps[k, m] > 0) {
          r1 = sprintf("%.2f", otps / tps[k, m])
          if (kv(L, "p99_us") > 0) r2 = sprintf("%.2f", op99 / kv(L, "p99_us"))
        }
        if (W[wi] == "invite-delete") t = t " (" fmt(kv(L, "pairs") / kv(L, "duration")) " pairs/s)"
        cpu = kv(L, "server_cpu"); per = (cpu ~ /^[0-9.]+$/ && tps[k, m] > 0) ? sprintf("%.1f", cpu * 10000 / tps[k, m]) : "—"
        printf "| %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s%% | %s | %s%% | %s%% | %s | %s |\n",
          W[wi], C[ci], D[di], t, kv(L, "p50_us"), kv(L, "p99_us"), kv(L, "p999_us"),
          kv(L, "timeouts"), kv(L, "failed"), kv(L, "unexpected"), cpu, per,
          kv(L, "loadgen_cpu"), kv(L, "machine_busy"), r1, r2
      }
    }
  }' "$1"
}
if [ -n "${RENDER:-}" ]; then render_table "$RENDER"; exit 0; fi   # RENDER=results.txt: table only
[ "$(id -u)" = 0 ] || die "must run as root (apt-get, ip netns, setpriv)"
for d in $DAEMONS; do [ -n "${PORT[$d]:-}" ] || die "unknown daemon $d (netkit-q netkit ours ours-base)"; done
[[ " $DAEMONS " != *" ours-base "* || -f "${OURS_BASE_JAR:-}" ]] || die "ours-base needs OURS_BASE_JAR=talk-examples.jar"
mkdir -p "$RUN"

cleanup() {
  local pid f
  set +e
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for f in "${SERVER_PID_FILE[@]}"; do   # the launchers stop their child; make sure
    pid=$(cat "$f" 2>/dev/null) && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. netkit talkd, and no system inetd -----------------------------------------------------------
system_inetd_pid() {
  # The system inetd reads /etc/inetd.conf. A private inetd (another test's) names its own config
  # file and may even write /var/run/inetd.pid, so neither the pid file nor the name alone tells.
  local pid args
  for pid in $(pgrep -x inetd || true); do
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
    if [[ " ${args#* }" != *" /"* || "$args" == *" /etc/inetd.conf"* ]]; then echo "$pid"; return 0; fi
  done
  return 1
}
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  had_inetd=$(dpkg-query -W -f='${Status}' openbsd-inetd 2>/dev/null | grep -c 'ok installed' || true)
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q talkd >"$RUN/apt.log" 2>&1; then
    apt-get update -q >>"$RUN/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q talkd >>"$RUN/apt.log" 2>&1 \
      || die "apt-get install talkd failed; see $RUN/apt.log"
  fi
  now_inetd=$(dpkg-query -W -f='${Status}' openbsd-inetd 2>/dev/null | grep -c 'ok installed' || true)
  if [ "$had_inetd" = 0 ] && [ "$now_inetd" = 1 ]; then
    log "disabling openbsd-inetd (pulled in by talkd)"
    if [ -d /run/systemd/system ]; then systemctl disable openbsd-inetd.service >/dev/null 2>&1 || true; fi
    update-rc.d openbsd-inetd disable >/dev/null 2>&1 || true
  fi
  if pid=$(system_inetd_pid); then
    # stop it through its init script, and only if the pid file is really its own
    if [ "$(cat /var/run/inetd.pid 2>/dev/null)" = "$pid" ]; then
      log "stopping the system inetd (pid $pid)"
      if [ -d /run/systemd/system ]; then systemctl stop openbsd-inetd.service >/dev/null 2>&1 || true
      else invoke-rc.d openbsd-inetd stop >/dev/null 2>&1 || true; fi
    fi
    if pid=$(system_inetd_pid); then
      log "WARNING: the system inetd (pid $pid) still runs; it cannot reach the private namespace," \
          "but stop it (service openbsd-inetd stop) for a quiet machine"
    fi
  fi
fi
[ -x /usr/sbin/in.ntalkd ] || die "/usr/sbin/in.ntalkd missing (apt-get install talkd)"
command -v python3 >/dev/null || die "python3 is needed for the netkit launcher"

# ---- 2. build ------------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building talk-examples.jar and benchmarks.jar"
  (cd "$ROOT" && mvn -q -pl examples,benchmarks -am package -DskipTests) >"$RUN/build.log" 2>&1 \
    || { tail -30 "$RUN/build.log" >&2; die "build failed; see $RUN/build.log"; }
fi
[ -f "$EXAMPLES_JAR" ] && [ -f "$BENCH_JAR" ] || die "jars missing: $EXAMPLES_JAR $BENCH_JAR"
# the daemons run as nobody: they must be able to read the jar
chmod a+r "$EXAMPLES_JAR"

# ---- 3. namespace and daemons ------------------------------------------------------------------------
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up

start_netkit() {   # name, args...
  local name=$1; shift
  local pidfile=$RUN/$name.pid
  SERVER_PID_FILE[$name]=$pidfile
  ip netns exec "$NS" python3 "$ROOT/benchmarks/dgram-wait-launcher.py" --addr 127.0.0.1 \
      --port "${PORT[$name]}" --user nobody --group tty --stderr "$RUN/$name.stderr" \
      --pid-file "$pidfile" -- /usr/sbin/in.ntalkd "$@" >"$RUN/$name-launcher.log" 2>&1 &
  STARTED_PIDS+=($!)
  for _ in $(seq 100); do [ -s "$pidfile" ] && return 0; sleep 0.1; done
  die "$name did not start; see $RUN/$name-launcher.log"
}

start_ours() {   # name, jar
  local name=$1 jar=$2
  local pidfile=$RUN/$name.pid
  SERVER_PID_FILE[$name]=$pidfile
  # setsid: its own session, like the netkit daemons (the launcher does setsid): the scheduler's
  # autogroups then treat every daemon alike. sh writes its PID and execs, so the PID is java's.
  # shellcheck disable=SC2016
  ip netns exec "$NS" setsid sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" \
      setpriv --reuid=nobody --regid=tty --clear-groups \
      java -XX:-UsePerfData ${TALKD_JAVA_OPTS:-} -jar "$jar" talkd \
      --bind 127.0.0.1 --port "${PORT[$name]}" >"$RUN/$name.log" 2>&1 &
  STARTED_PIDS+=($!)
  for _ in $(seq 600); do
    if grep -q "serving on" "$RUN/$name.log" 2>/dev/null; then
      # STARTED_PIDS holds setsid's PID instead of java's if setsid forked: add the real one too
      STARTED_PIDS+=("$(cat "$pidfile")")
      return 0
    fi
    sleep 0.1
  done
  die "$name did not start; see $RUN/$name.log"
}

for d in $DAEMONS; do
  case $d in
    netkit-q) start_netkit netkit-q -q ;;
    netkit) start_netkit netkit ;;
    ours) start_ours ours "$EXAMPLES_JAR" ;;
    ours-base) chmod a+r "$OURS_BASE_JAR"; start_ours ours-base "$OURS_BASE_JAR" ;;
  esac
done

# ---- 4. runs -------------------------------------------------------------------------------------------
RESULTS=$RUN/results.txt
RAW=$RUN/raw.txt
: >"$RESULTS"
{
  echo "date: $(date -u)"
  echo "command: ${0#"$ROOT"/} (DURATION=$DURATION WARMUP=$WARMUP REPEAT=$REPEAT CLIENTS=\"$CLIENTS\" WORKLOADS=\"$WORKLOADS\" DAEMONS=\"$DAEMONS\")"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), kernel $(uname -r)"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "netkit: talkd $(dpkg-query -W -f='${Version}' talkd 2>/dev/null)"
  echo "load at start: $(uptime)"
} | tee "$RAW"

cell=0
for rep in $(seq "$REPEAT"); do
  for w in $WORKLOADS; do
    for n in $CLIENTS; do
      cell=$((cell + 1))
      order=$DAEMONS
      if [ $((cell % 2)) = 0 ]; then order=$(echo "$DAEMONS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
      for d in $order; do
        spid=$(cat "${SERVER_PID_FILE[$d]}")
        out=$RUN/run-$rep-$w-$n-$d.txt
        # shellcheck disable=SC2086
        if ! ip netns exec "$NS" setsid -w java ${LOADGEN_JAVA_OPTS:-} -cp "$BENCH_JAR" \
            io.github.bsdtalk.benchmarks.TalkdLoad --target "127.0.0.1:${PORT[$d]}" \
            --workload "$w" --clients "$n" --warmup "$WARMUP" --duration "$DURATION" \
            --server-pid "$spid" --label "$d" >"$out" 2>&1; then
          log "run $d $w $n failed (no answer, a client stuck, or a crash): see $out"
        fi
        cat "$out" >>"$RAW"
        grep -v '^RESULT ' "$out" || true
        sed -n "s/^RESULT /RESULT rep=$rep /p" "$out" >>"$RESULTS"
      done
    done
  done
done
echo "load at end: $(uptime)" | tee -a "$RAW"

# ---- 5. table --------------------------------------------------------------------------------------------
TABLE=$RUN/table.md
render_table "$RESULTS" >"$TABLE"
echo
cat "$TABLE"
echo
log "raw output: $RAW; table: $TABLE"

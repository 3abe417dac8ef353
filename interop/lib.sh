# shellcheck shell=bash disable=SC2034  # IOP_TTY, IOP_INETD_PID etc. are for the suites
# Shared helpers for the interop suites: run the real Debian talk programs against our talkd.
#
#   . interop/lib.sh; iop_setup           # idempotent machine setup (packages, users, utmp, jar)
#
# Everything that talks runs as root-started processes inside a private network namespace
# ($IOP_NS, only "lo"), so no talk traffic can leave the machine. alice and bob each get a tmux
# server started INSIDE the namespace AS the user, so their panes are real logins: a pty owned
# by the user (group tty, mode 0620, as login(1) leaves it) and a utmp USER_PROCESS entry.
#
# Names that carry the PID ($IOP_RUN) keep concurrent or crashed runs apart; cleanup kills only
# what this shell started (recorded PIDs and our own tmux sockets), never by process name.

IOP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IOP_ROOT=$(dirname "$IOP_DIR")
IOP_RUN=${IOP_RUN:-$$}
IOP_NS=${IOP_NS:-bsdtalk-i3-$IOP_RUN}
IOP_WORK=${IOP_WORK:-/var/tmp/bsdtalk-interop}
IOP_LOGS=${IOP_LOGS:-$IOP_WORK/logs}
IOP_JAR_BUILT=$IOP_ROOT/examples/target/talk-examples.jar
IOP_JAR=$IOP_WORK/talk-examples.jar          # a copy that user nobody (inetd's talkd) can read
IOP_TMUX_CONF=$IOP_WORK/tmux.conf
NETKIT_TALK=/usr/bin/netkit-ntalk
IU_ROOT=$IOP_WORK/inetutils-root
IU_TALK=$IU_ROOT/usr/bin/inetutils-talk
IU_TALKD=$IU_ROOT/usr/sbin/talkd
IOP_PACKAGES=(talk talkd tmux openbsd-inetd iproute2 libncurses6 perl python3)

declare -gA IOP_TTY=() IOP_TMUX_PID=() IOP_OWN_UTMP=()
declare -ga IOP_PIDS=()
IOP_NS_CREATED=0
IOP_UTS=${IOP_UTS:-}
IOP_UTS_NAME=${IOP_UTS_NAME:-localhost}   # the host name inside those UTS namespaces

iop_note() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
iop_die() {
  printf '\ninterop: FATAL: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------- setup (idempotent)

iop_setup() {
  [ "$(id -u)" = 0 ] || iop_die "the interop suites must run as root (they create users, a netns, utmp)"
  umask 022
  mkdir -p "$IOP_WORK" "$IOP_LOGS" || iop_die "cannot create $IOP_WORK"
  chmod 755 "$IOP_WORK"
  iop_install_packages
  iop_fetch_inetutils
  iop_users alice bob
  iop_utmp_file
  iop_jar
  iop_hostname_check
  iop_tmux_conf
}

# the tmux configuration every per-user tmux server starts with (iop_login)
iop_tmux_conf() {
  cat >"$IOP_TMUX_CONF" <<'EOF'
set -g status off
set -sg escape-time 0
set -g default-terminal screen
set -g history-limit 2000
# keep what curses programs leave on screen after they exit ("Your party is not logged on")
set -wg alternate-screen off
EOF
  chmod 644 "$IOP_TMUX_CONF"
}

iop_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

iop_install_packages() {
  local p missing=()
  for p in "${IOP_PACKAGES[@]}"; do iop_installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] && return 0
  iop_note "installing: ${missing[*]}"
  # Installing openbsd-inetd + talkd would start a system inetd serving talk on 0.0.0.0:518.
  # A policy-rc.d that denies every start keeps it down; ours is removed again right after.
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# bsdtalk interop: no service starts during this install\nexit 101\n' \
      >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local ok=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
    >"$IOP_LOGS/apt-install.log" 2>&1 && ok=1
  if [ $ok = 0 ]; then
    iop_note "apt-get install failed; running apt-get update and trying again"
    apt-get update >>"$IOP_LOGS/apt-install.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
      >>"$IOP_LOGS/apt-install.log" 2>&1 && ok=1
  fi
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ $ok = 0 ]; then
    tail -n 30 "$IOP_LOGS/apt-install.log" >&2
    iop_die "cannot install ${missing[*]} (log: $IOP_LOGS/apt-install.log)"
  fi
  # Leave no system talk service behind: the suites start their own inetd inside the netns.
  if printf '%s\n' "${missing[@]}" | grep -qx talkd && command -v update-inetd >/dev/null; then
    update-inetd --disable talk,ntalk >/dev/null 2>&1 || true
  fi
  if printf '%s\n' "${missing[@]}" | grep -qx openbsd-inetd; then
    if [ -d /run/systemd/system ]; then
      systemctl disable --now inetd.service >/dev/null 2>&1 || true
    else
      update-rc.d openbsd-inetd disable >/dev/null 2>&1 || true
    fi
    if [ -s /run/inetd.pid ] && [ "$(cat /proc/"$(cat /run/inetd.pid)"/comm 2>/dev/null)" = inetd ]; then
      iop_note "stopping the system inetd that the install started"
      kill "$(cat /run/inetd.pid)" 2>/dev/null || true
    fi
  fi
  for p in "${missing[@]}"; do iop_installed "$p" || iop_die "package $p is still not installed"; done
  [ -x "$NETKIT_TALK" ] || iop_die "netkit talk client $NETKIT_TALK missing after install"
  [ -x /usr/sbin/inetd ] || iop_die "/usr/sbin/inetd missing after install"
}

# inetutils-talkd "Conflicts: talkd", so both inetutils packages are unpacked, not installed.
iop_fetch_inetutils() {
  if [ ! -x "$IU_TALK" ] || [ ! -x "$IU_TALKD" ]; then
    iop_note "downloading inetutils-talk and inetutils-talkd (unpacked into $IU_ROOT)"
    rm -rf "$IOP_WORK/debs" "$IU_ROOT"
    mkdir -p "$IOP_WORK/debs"
    # apt warns that it downloads unsandboxed as root into a root-owned dir; harmless.
    if ! (cd "$IOP_WORK/debs" && apt-get download inetutils-talk inetutils-talkd) \
      >"$IOP_LOGS/apt-download.log" 2>&1; then
      apt-get update >>"$IOP_LOGS/apt-download.log" 2>&1
      (cd "$IOP_WORK/debs" && apt-get download inetutils-talk inetutils-talkd) \
        >>"$IOP_LOGS/apt-download.log" 2>&1 ||
        { cat "$IOP_LOGS/apt-download.log" >&2; iop_die "apt-get download inetutils-talk inetutils-talkd failed"; }
    fi
    local d
    for d in "$IOP_WORK"/debs/*.deb; do dpkg -x "$d" "$IU_ROOT" || iop_die "dpkg -x $d failed"; done
  fi
  [ -x "$IU_TALK" ] || iop_die "inetutils talk client missing: $IU_TALK"
  [ -x "$IU_TALKD" ] || iop_die "inetutils talkd missing: $IU_TALKD"
  if ldd "$IU_TALK" | grep -q 'not found'; then
    ldd "$IU_TALK" >&2
    iop_die "$IU_TALK lacks shared libraries"
  fi
  chmod -R go+rX "$IU_ROOT"
}

iop_users() {
  local u
  for u in "$@"; do
    id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u" || iop_die "useradd $u failed"
    [ -d "/home/$u" ] || { mkdir -p "/home/$u" && chown "$u:" "/home/$u"; }
  done
}

# libutempter (tmux) writes login records only into an existing utmp; talkd reads it.
iop_utmp_file() {
  [ -f /run/utmp ] || : >/run/utmp
  chown root:utmp /run/utmp && chmod 664 /run/utmp || iop_die "cannot set up /run/utmp"
}

# The jar must exist and be newer than every main source and pom; then copy it where nobody can read it.
iop_jar() {
  local stale=
  if [ ! -f "$IOP_JAR_BUILT" ]; then
    stale="missing"
  elif [ -n "$(cd "$IOP_ROOT" && find . -path ./interop -prune -o \( -path '*/src/main/*' -o -name pom.xml \) \
      -newer "$IOP_JAR_BUILT" -print -quit 2>/dev/null)" ]; then
    stale="older than the sources"
  fi
  if [ -n "$stale" ]; then
    iop_note "building the talkd jar ($stale): mvn -q -B -pl examples -am package -DskipTests"
    (cd "$IOP_ROOT" && mvn -q -B -pl examples -am package -DskipTests) >"$IOP_LOGS/mvn-package.log" 2>&1 ||
      { tail -n 40 "$IOP_LOGS/mvn-package.log" >&2; iop_die "building examples/target/talk-examples.jar failed"; }
    [ -f "$IOP_JAR_BUILT" ] || iop_die "the build did not produce $IOP_JAR_BUILT"
  fi
  cmp -s "$IOP_JAR_BUILT" "$IOP_JAR" || install -m 644 "$IOP_JAR_BUILT" "$IOP_JAR"
  command -v java >/dev/null || iop_die "no java on PATH"
  iop_install_talkd
}

# talkd installed as README.md installs it in /usr/local/lib/bsdtalk, here in $IOP_TALKD_DIR:
# the launcher deploy/talkd, the jar and the class-data archive the build made beside it, copied
# with install -p (the archive checks the jar's size and time).
IOP_TALKD_DIR=$IOP_WORK/bsdtalk
IOP_TALKD=$IOP_TALKD_DIR/talkd
iop_install_talkd() {
  local jsa=${IOP_JAR_BUILT%.jar}.jsa
  [ -f "$jsa" ] || iop_die "the build made no $jsa"
  mkdir -p "$IOP_TALKD_DIR"
  if ! { install -p -m 644 "$IOP_JAR_BUILT" "$jsa" "$IOP_TALKD_DIR/" &&
      install -p -m 755 "$IOP_ROOT/deploy/talkd" "$IOP_TALKD" && chmod 755 "$IOP_TALKD_DIR"; }; then
    iop_die "cannot install talkd in $IOP_TALKD_DIR"
  fi
}

# iop_talkd_cmdline ARGS...: the command line of the JVM the launcher execs for "talkd ARGS"
# (its exec line's words, "$@" replaced), as /proc/PID/cmdline shows it with spaces for NULs
iop_talkd_cmdline() {
  local line words
  line=$(sed -n 's/^exec \(.*\) "\$@"$/\1/p' "$IOP_ROOT/deploy/talkd")
  [ -n "$line" ] || iop_die "deploy/talkd has no 'exec ... \"\$@\"' line"
  read -r -a words <<<"$line"
  printf '%s ' "${words[@]}" "$@"
}

# iop_uses_archive PID: true if the JVM PID maps the class-data archive (it was accepted)
iop_uses_archive() { grep -q 'talk-examples\.jsa' "/proc/$1/maps" 2>/dev/null; }

# The talk clients find their own address with gethostbyname(gethostname()). If this host's name
# does not resolve to a loopback address, every talking process runs in its own UTS namespace
# with the host name "localhost" (the netns has no other interface to reach).
iop_hostname_check() {
  if [ -z "$IOP_UTS" ]; then
    local a
    a=$(getent ahostsv4 "$(hostname)" 2>/dev/null | awk 'NR==1{print $1}')
    case $a in 127.*) IOP_UTS=0 ;; *) IOP_UTS=1 ;; esac
  fi
  [ "$IOP_UTS" = 1 ] && iop_note "host name $(hostname) is not loopback: using host name localhost in a UTS namespace"
  return 0
}

# ---------------------------------------------------------------- namespace, inetd

iop_nsexec() {
  if [ "$IOP_UTS" = 1 ]; then
    ip netns exec "$IOP_NS" unshare --uts /bin/sh -c 'hostname "$0" && exec "$@"' "$IOP_UTS_NAME" "$@"
  else
    ip netns exec "$IOP_NS" "$@"
  fi
}

iop_netns_up() {
  if ! ip netns list | awk '{print $1}' | grep -qx "$IOP_NS"; then
    ip netns add "$IOP_NS" || iop_die "ip netns add $IOP_NS failed"
    IOP_NS_CREATED=1
  fi
  ip netns exec "$IOP_NS" ip link set lo up || iop_die "cannot bring lo up in $IOP_NS"
  [ -z "$(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518')" ] ||
    iop_die "UDP port 518 is already in use in netns $IOP_NS: $(ip netns exec "$IOP_NS" ss -Hulnp 'sport = :518')"
}

# iop_inetd_start CONF LOGFILE [PORT...]: the real openbsd-inetd, in the foreground with debug
# output, inside the netns; returns once it listens on every UDP PORT (default 518). It writes
# /run/inetd.pid (and deletes it on exit); if a system inetd owns that file, a private file is
# bind-mounted over it in the mount namespace that "ip netns exec" creates.
iop_inetd_start() {
  local conf=$1 log=$2 pid i port ports=("${@:3}") up
  [ ${#ports[@]} = 0 ] && ports=(518)
  local cmd=(/usr/sbin/inetd -d -i "$conf")
  [ "$IOP_UTS" = 1 ] && cmd=(unshare --uts /bin/sh -c 'hostname "$0" && exec "$@"' "$IOP_UTS_NAME" "${cmd[@]}")
  : >"$IOP_WORK/inetd.pid.$IOP_RUN"
  # No fork anywhere in this chain (setsid, ip netns exec, sh and unshare all exec), so $! is inetd.
  setsid ip netns exec "$IOP_NS" /bin/sh -c '
      if [ -e /run/inetd.pid ]; then mount --bind "$1" /run/inetd.pid || exit 111; fi
      shift
      exec "$@"' sh "$IOP_WORK/inetd.pid.$IOP_RUN" "${cmd[@]}" >"$log" 2>&1 </dev/null &
  pid=$!
  IOP_PIDS+=("$pid")
  IOP_INETD_PID=$pid
  for ((i = 0; i < 50; i++)); do
    up=0
    for port in "${ports[@]}"; do
      ip netns exec "$IOP_NS" ss -Hulnp "sport = :$port" | grep -q inetd && up=$((up + 1))
    done
    if [ $up = ${#ports[@]} ]; then
      iop_note "inetd pid $pid listening on UDP ${ports[*]} in netns $IOP_NS"
      return 0
    fi
    iop_alive "$pid" || break
    sleep 0.1
  done
  cat "$log" >&2
  iop_die "openbsd-inetd did not start listening on UDP ${ports[*]} in netns $IOP_NS"
}

# iop_forget_pid PID: PID is gone (and reaped), so iop_cleanup must not kill whatever reuses it
iop_forget_pid() {
  local p keep=()
  for p in "${IOP_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  IOP_PIDS=("${keep[@]}")
}

# iop_inetd_stop: stop the inetd iop_inetd_start started (and the daemons it spawned), if any
iop_inetd_stop() {
  if [ -n "${IOP_INETD_PID:-}" ]; then
    iop_stop_pid "$IOP_INETD_PID"
    wait "$IOP_INETD_PID" 2>/dev/null
    iop_forget_pid "$IOP_INETD_PID"
    IOP_INETD_PID=
  fi
}

# Is PID running? A zombie is not: this machine's init may never reap what we leave it.
iop_alive() {
  local st
  st=$(sed -e 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "${st%% *}" != Z ]
}

# children of a PID (what inetd spawned), from /proc, without procps
iop_children() { cat /proc/"$1"/task/*/children 2>/dev/null; }

iop_stop_pid() {   # iop_stop_pid PID: kill its children (inetd's talkd), then it
  local p=$1 c
  for c in $(iop_children "$p"); do kill "$c" 2>/dev/null; done
  kill "$p" 2>/dev/null
  for ((c = 0; c < 30; c++)); do iop_alive "$p" || return 0; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
}

# ---------------------------------------------------------------- two hosts (twohost-interop.sh)
# Two network namespaces joined by a veth pair ("eth0" in each), each with its own address on a
# private /24 and no route anywhere else, so nothing can leave them; each gets an /etc/hosts that
# names both (ip netns exec bind-mounts /etc/netns/NS/hosts over /etc/hosts). iop_on runs a
# command or a helper of this file "on" one of them: in its netns, in a UTS namespace with its
# host name, so that gethostbyname(gethostname()) gives its veth address as on a real host.

declare -gA IOP_HOST_NS=() IOP_HOST_ADDR=()
declare -ga IOP_TWOHOST_NS=()
IOP_ETC_NETNS_CREATED=0

# iop_twohost_up NAME_A ADDR_A NAME_B ADDR_B [PREFIX]: netns PREFIX-NAME-$IOP_RUN for each host
# (PREFIX default bsdtalk), ADDR/24 on eth0; iop_twohost_down removes all of it again.
iop_twohost_up() {
  local ha=$1 aa=$2 hb=$3 ab=$4 prefix=${5:-bsdtalk} h ns
  [ -d /etc/netns ] || { mkdir /etc/netns && IOP_ETC_NETNS_CREATED=1; } || iop_die "cannot create /etc/netns"
  for h in "$ha" "$hb"; do
    ns=$prefix-$h-$IOP_RUN
    ip netns list | awk '{print $1}' | grep -qx "$ns" && iop_die "netns $ns exists already"
    [ -e "/etc/netns/$ns" ] && iop_die "/etc/netns/$ns exists already"
    IOP_TWOHOST_NS+=("$ns")   # before creating anything: iop_twohost_down removes what exists
    mkdir "/etc/netns/$ns" || iop_die "cannot create /etc/netns/$ns"
    printf '127.0.0.1\tlocalhost\n%s\t%s\n%s\t%s\n' "$aa" "$ha" "$ab" "$hb" >"/etc/netns/$ns/hosts" ||
      iop_die "cannot write /etc/netns/$ns/hosts"
    ip netns add "$ns" || iop_die "ip netns add $ns failed"
    ip -n "$ns" link set lo up || iop_die "cannot bring lo up in $ns"
    IOP_HOST_NS[$h]=$ns
  done
  IOP_HOST_ADDR[$ha]=$aa
  IOP_HOST_ADDR[$hb]=$ab
  # created directly inside the two namespaces: the pair never exists in the machine's own netns
  ip link add eth0 netns "${IOP_HOST_NS[$ha]}" type veth peer name eth0 netns "${IOP_HOST_NS[$hb]}" ||
    iop_die "cannot create the veth pair between ${IOP_HOST_NS[$ha]} and ${IOP_HOST_NS[$hb]}"
  for h in "$ha" "$hb"; do
    ip -n "${IOP_HOST_NS[$h]}" addr add "${IOP_HOST_ADDR[$h]}/24" dev eth0 &&
      ip -n "${IOP_HOST_NS[$h]}" link set eth0 up || iop_die "cannot configure eth0 on $h"
  done
  for h in "$ha" "$hb"; do
    # the address must be usable (no duplicate address detection on IPv4) and named right
    [ "$(iop_on "$h" getent ahostsv4 "$h" | awk 'NR==1{print $1}')" = "${IOP_HOST_ADDR[$h]}" ] ||
      iop_die "$h does not resolve to ${IOP_HOST_ADDR[$h]} inside its namespace"
    [ "$(iop_on "$h" hostname)" = "$h" ] || iop_die "the UTS host name on $h is not $h"
    [ -z "$(ip netns exec "${IOP_HOST_NS[$h]}" ss -Hulnp 'sport = :518')" ] ||
      iop_die "UDP port 518 is already in use in netns ${IOP_HOST_NS[$h]}"
  done
}

iop_twohost_down() {
  local ns
  for ns in "${IOP_TWOHOST_NS[@]}"; do
    ip netns del "$ns" 2>/dev/null   # takes its end of the veth pair with it
    rm -f "/etc/netns/$ns/hosts"
    rmdir "/etc/netns/$ns" 2>/dev/null
  done
  IOP_TWOHOST_NS=()
  if [ "$IOP_ETC_NETNS_CREATED" = 1 ]; then
    rmdir /etc/netns 2>/dev/null
    IOP_ETC_NETNS_CREATED=0
  fi
  return 0
}

# iop_on HOST CMD...: CMD (a program or a helper such as iop_login, iop_nsexec, iop_inetd_start)
# with IOP_NS, IOP_UTS and IOP_UTS_NAME set for HOST.
iop_on() {
  local h=$1
  shift
  [ -n "${IOP_HOST_NS[$h]:-}" ] || iop_die "iop_on: no host $h (iop_twohost_up first)"
  if [ "$(type -t "$1")" = function ]; then
    IOP_NS=${IOP_HOST_NS[$h]} IOP_UTS=1 IOP_UTS_NAME=$h "$@"
  else
    IOP_NS=${IOP_HOST_NS[$h]} IOP_UTS=1 IOP_UTS_NAME=$h iop_nsexec "$@"
  fi
}

# ---------------------------------------------------------------- users and their terminals

iop_as() {   # iop_as USER CMD...: run as USER with a clean login-like environment
  local u=$1
  shift
  setpriv --reuid="$u" --regid="$u" --init-groups \
    env -i HOME="/home/$u" USER="$u" LOGNAME="$u" SHELL=/bin/bash PATH=/usr/local/bin:/usr/bin:/bin \
    LANG=C.UTF-8 TERM=screen "$@"
}
iop_tmux() { local u=$1; shift; (cd "/home/$u" && iop_as "$u" tmux -L "bsdtalk-iop-$IOP_RUN-$u" -f "$IOP_TMUX_CONF" "$@"); }

iop_logged_in() {  # iop_logged_in USER LINE: is there a USER_PROCESS utmp record?
  who | awk -v u="$1" -v l="$2" '$1 == u && $2 == l {f = 1} END {exit !f}'
}

# iop_login USER: a tmux server as USER inside the netns; sets IOP_TTY[USER] (/dev/pts/N).
iop_login() {
  local u=$1 tty line i
  iop_logout "$u"
  (cd "/home/$u" && iop_nsexec setpriv --reuid="$u" --regid="$u" --init-groups \
    env -i HOME="/home/$u" USER="$u" LOGNAME="$u" SHELL=/bin/bash PATH=/usr/local/bin:/usr/bin:/bin \
    LANG=C.UTF-8 TERM=screen PS1="$u\$ " \
    tmux -L "bsdtalk-iop-$IOP_RUN-$u" -f "$IOP_TMUX_CONF" new-session -d -s "$u" -x 100 -y 30 \
    bash --norc --noprofile -i) </dev/null >/dev/null 2>&1 || iop_die "cannot start tmux as $u in netns $IOP_NS"
  IOP_TMUX_PID[$u]=$(iop_tmux "$u" display -p '#{pid}')
  tty=$(iop_tmux "$u" display -p -t "$u" '#{pane_tty}')
  [ -c "$tty" ] || iop_die "no pty for $u (got '$tty')"
  IOP_TTY[$u]=$tty
  line=${tty#/dev/}
  # devpts may be mounted mode=600 without gid=5: give the pty what login(1) does.
  chown "$u:tty" "$tty" && chmod 620 "$tty" || iop_die "cannot chown/chmod $tty"
  iop_wait "$u" "^$u\\\$" 10 || iop_die "no shell prompt in $u's tmux pane"
  # IOP_FORCE_UTMP=1 writes our own record even if tmux wrote one (tests the fallback).
  if [ "${IOP_FORCE_UTMP:-0}" != 1 ]; then
    for ((i = 0; i < 20; i++)); do
      iop_logged_in "$u" "$line" && break
      sleep 0.1
    done
  fi
  if [ "${IOP_FORCE_UTMP:-0}" = 1 ] || ! iop_logged_in "$u" "$line"; then
    # tmux registers panes through libutempter; if it did not, write the record like login would.
    iop_utmp_put 7 "$u" "$line" "$(iop_tmux "$u" display -p -t "$u" '#{pane_pid}')"
    IOP_OWN_UTMP[$u]=$line
    iop_logged_in "$u" "$line" || iop_die "cannot register $u on $line in /run/utmp"
  fi
}

iop_logout() {
  local u=$1 p i
  p=${IOP_TMUX_PID[$u]:-}
  iop_tmux "$u" kill-server >/dev/null 2>&1 || true
  if [ -n "$p" ]; then
    for ((i = 0; i < 30; i++)); do iop_alive "$p" || break; sleep 0.1; done
    iop_alive "$p" && kill -9 "$p" 2>/dev/null
  fi
  # tmux leaves its socket file behind here; it is ours (the name carries $IOP_RUN)
  rm -f "/tmp/tmux-$(id -u "$u")/bsdtalk-iop-$IOP_RUN-$u"
  if [ -n "${IOP_OWN_UTMP[$u]:-}" ]; then
    iop_utmp_put 8 "" "${IOP_OWN_UTMP[$u]}" 0
    unset 'IOP_OWN_UTMP[$u]'
  fi
  unset 'IOP_TMUX_PID[$u]' 'IOP_TTY[$u]'
}

# iop_utmp_put TYPE USER LINE PID: write one glibc struct utmp (384 bytes, x86_64 layout) into
# /run/utmp the way pututline(3) does: overwrite the record with the same ut_id, else append.
# TYPE 7 = USER_PROCESS (log in), 8 = DEAD_PROCESS (log out).
iop_utmp_put() {
  perl -e '
    use strict; use warnings; use Fcntl qw(:flock SEEK_SET);
    my ($type, $user, $line, $pid) = @ARGV;
    my $id = substr($line, -4);                      # "ts/3", as login and libutempter do
    my ($sec, $usec) = (time, 0);
    #        type pad pid  line id  user host   exit  session tv     addr_v6 unused
    my $rec = pack("s x2 l a32 a4 a32 a256 s s l l l a16 x20",
                   $type, $pid, $line, $id, $user, "", 0, 0, 0, $sec, $usec, "");
    length($rec) == 384 or die "bad utmp record size " . length($rec) . "\n";
    open(my $fh, "+<", "/run/utmp") or die "open /run/utmp: $!\n";
    binmode $fh; flock($fh, LOCK_EX) or die "flock: $!\n";
    my ($buf, $at, $slot) = ("", 0, undef);
    while (read($fh, $buf, 384) == 384) {
      my ($t, $i) = unpack("s x2 x4 x32 a4", $buf);
      if ($t >= 5 && $t <= 8 && $i eq pack("a4", $id)) { $slot = $at; last; }
      $at += 384;
    }
    $slot = $at unless defined $slot;
    seek($fh, $slot, SEEK_SET) or die "seek: $!\n";
    print $fh $rec or die "write: $!\n";
    close($fh) or die "close: $!\n";
  ' "$@" || iop_die "writing a utmp record failed"
}

# iop_creds PID WHAT USER GROUP CAPS: WHY+= unless PID runs with all four uids of USER and gids
# of GROUP, no supplementary groups, CapEff, CapPrm and CapBnd all CAPS (hex, as /proc/PID/status
# shows them) and NoNewPrivs 1. WHAT names the process in the reasons.
iop_creds() {
  local pid=$1 what=$2 uid gid caps=$5 st f v
  uid=$(id -u "$3") || { WHY+=("no user $3"); return; }
  gid=$(getent group "$4" | cut -d: -f3)
  [ -n "$gid" ] || { WHY+=("no group $4"); return; }
  st=$(cat "/proc/$pid/status" 2>/dev/null) || { WHY+=("$what (pid $pid) is gone"); return; }
  v=$(awk '/^Uid:/ {print $2, $3, $4, $5}' <<<"$st")
  [ "$v" = "$uid $uid $uid $uid" ] || WHY+=("$what runs as uid $v, not $3 ($uid)")
  v=$(awk '/^Gid:/ {print $2, $3, $4, $5}' <<<"$st")
  [ "$v" = "$gid $gid $gid $gid" ] || WHY+=("$what runs as gid $v, not $4 ($gid)")
  v=$(awk '/^Groups:/ {$1 = ""; print}' <<<"$st" | tr -d ' ')
  [ -z "$v" ] || WHY+=("$what keeps supplementary groups: $v")
  for f in CapEff CapPrm CapBnd; do
    v=$(awk -v f="$f:" '$1 == f {print $2}' <<<"$st")
    [ "$v" = "$caps" ] || WHY+=("$what has $f $v, not $caps")
  done
  v=$(awk '/^NoNewPrivs:/ {print $2}' <<<"$st")
  [ "$v" = 1 ] || WHY+=("$what has NoNewPrivs '$v', not 1")
}

# ---------------------------------------------------------------- driving panes

iop_keys() { local u=$1; shift; iop_tmux "$u" send-keys -t "$u" "$@"; }
iop_type() { iop_tmux "$1" send-keys -t "$1" -l "$2"; }
iop_cap() { iop_tmux "$1" capture-pane -p -t "$1"; }
iop_cmd() { iop_tmux "$1" display -p -t "$1" '#{pane_current_command}'; }

iop_mesg_n() {   # iop_mesg_n USER: USER types "mesg n"; WHY+= unless the tty is 0600 within 5 s
  local i mode=
  iop_keys "$1" "mesg n" Enter
  for ((i = 0; i < 50; i++)); do
    mode=$(stat -c %a "${IOP_TTY[$1]}")
    [ "$mode" = 600 ] && return 0
    sleep 0.1
  done
  WHY+=("precondition: $1's tty mode is $mode after 'mesg n', not 600")
}

iop_wait() {   # iop_wait USER ERE SECONDS: poll the screen until it matches
  local u=$1 re=$2 end=$((SECONDS + ${3:-10}))
  while :; do
    iop_cap "$u" 2>/dev/null | grep -qE -- "$re" && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

iop_wait_shell() {   # iop_wait_shell USER SECONDS: until the pane's foreground program is bash again
  local u=$1 end=$((SECONDS + ${2:-5}))
  while [ "$(iop_cmd "$u" 2>/dev/null)" != bash ]; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------- our talk client, line mode

# Our talk (java -jar talk-examples.jar talk ..., line mode) as one or more users at once: each
# reads standard input from a FIFO that this shell keeps open (closing it is end of input) and
# writes standard output and error to $LOG/$ID-ours-USER-std{out,err}.txt (the suite's LOG, the
# check's ID). Per user: IOP_OURS_PID, _FD (this shell's end of the FIFO), _FIFO, _OUT, _ERR,
# _RC (the exit status, once iop_ours_wait_exit saw it).
declare -gA IOP_OURS_PID=() IOP_OURS_FD=() IOP_OURS_FIFO=() IOP_OURS_OUT=() IOP_OURS_ERR=() IOP_OURS_RC=()

# iop_ours_start USER TALK-ARGS...: "talk TALK-ARGS" as USER in $IOP_NS, in a UTS namespace named
# $IOP_UTS_NAME if IOP_UTS=1 (so "iop_on HOST iop_ours_start USER ..." runs it on a host of
# iop_twohost_up).
iop_ours_start() {
  local u=$1 fifo fd
  shift
  fifo=$IOP_WORK/talk-stdin.$IOP_RUN.$u
  IOP_OURS_FIFO[$u]=$fifo
  IOP_OURS_OUT[$u]=$LOG/$ID-ours-$u-stdout.txt
  IOP_OURS_ERR[$u]=$LOG/$ID-ours-$u-stderr.txt
  rm -f "$fifo"
  mkfifo -m 600 "$fifo" || iop_die "mkfifo $fifo failed"
  exec {fd}<>"$fifo"   # read-write: neither this open nor the client's blocks waiting for the other
  IOP_OURS_FD[$u]=$fd
  # --default-signal=INT: a JVM started with SIGINT ignored (a CI runner under nohup) keeps ignoring it
  local cmd=(setpriv --reuid="$u" --regid="$u" --init-groups
    env -i --default-signal=INT HOME="/home/$u" USER="$u" LOGNAME="$u" SHELL=/bin/bash
    PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 java -jar "$IOP_JAR" talk "$@")
  [ "$IOP_UTS" = 1 ] && cmd=(unshare --uts /bin/sh -c 'hostname "$0" && exec "$@"' "$IOP_UTS_NAME" "${cmd[@]}")
  local at=
  [ "$IOP_UTS" = 1 ] && at=@$IOP_UTS_NAME
  iop_note "$u$at\$ java -jar talk-examples.jar talk $*"
  # Every step execs, so $! is the java process. It must not inherit this shell's end of any
  # FIFO, or that FIFO's reader would never see end of input.
  (iop_ours_close_fifos && cd "/home/$u" && exec ip netns exec "$IOP_NS" "${cmd[@]}") \
    <"$fifo" >"${IOP_OURS_OUT[$u]}" 2>"${IOP_OURS_ERR[$u]}" &
  IOP_OURS_PID[$u]=$!
}

iop_ours_close_fifos() {   # in a child: close this shell's ends of every FIFO
  local f
  for f in "${IOP_OURS_FD[@]}"; do exec {f}>&-; done
  return 0
}

iop_ours_say() { printf '%b\n' "$2" >&"${IOP_OURS_FD[$1]}"; }   # iop_ours_say USER LINE (\x7f: a DEL)

iop_ours_eof() {   # iop_ours_eof USER: end of USER's input
  local fd=${IOP_OURS_FD[$1]:-}
  [ -n "$fd" ] && exec {fd}>&-
  unset 'IOP_OURS_FD[$1]'
}

# iop_ours_wait_exit USER SECONDS: until USER's talk exits; its status in IOP_OURS_RC[USER]
iop_ours_wait_exit() {
  local u=$1 end=$((SECONDS + $2)) p=${IOP_OURS_PID[$1]:-}
  IOP_OURS_RC[$u]=
  [ -n "$p" ] || return 1
  while iop_alive "$p"; do
    [ $SECONDS -ge "$end" ] && return 1
    sleep 0.1
  done
  wait "$p" 2>/dev/null
  IOP_OURS_RC[$u]=$?
  unset 'IOP_OURS_PID[$u]'
}

iop_ours_stop() {   # iop_ours_stop USER: end of input, the process stopped if still running, FIFO gone
  local u=$1 p=${IOP_OURS_PID[$1]:-}
  iop_ours_eof "$u"
  if [ -n "$p" ]; then
    iop_alive "$p" && iop_stop_pid "$p"
    wait "$p" 2>/dev/null
    unset 'IOP_OURS_PID[$u]'
  fi
  [ -n "${IOP_OURS_FIFO[$u]:-}" ] && rm -f "${IOP_OURS_FIFO[$u]}"
  unset 'IOP_OURS_FIFO[$u]'
  return 0
}

iop_ours_stop_all() {   # for a suite's EXIT trap
  local u
  for u in "${!IOP_OURS_PID[@]}" "${!IOP_OURS_FIFO[@]}"; do iop_ours_stop "$u"; done
}

iop_ours_hang_up() {   # iop_ours_hang_up USER: end of input; WHY+= unless our talk exits 0
  iop_ours_eof "$1"
  if iop_ours_wait_exit "$1" 10; then
    [ "${IOP_OURS_RC[$1]}" = 0 ] || WHY+=("$1's talk exited with status ${IOP_OURS_RC[$1]} at end of input, not 0")
  else
    WHY+=("$1's talk did not exit within 10 s after its input ended")
  fi
}

iop_file_wait() {   # iop_file_wait SECONDS FILE GREP-ARGS...: poll until grep matches
  local end=$((SECONDS + $1)) f=$2
  shift 2
  while :; do
    grep -q "$@" -- "$f" 2>/dev/null && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}
iop_expect_err() {   # iop_expect_err USER SECONDS TEXT: USER's talk printed [TEXT] on stderr
  iop_file_wait "$2" "${IOP_OURS_ERR[$1]}" -xF "[$3]" || WHY+=("$1's talk: no '[$3]' on stderr")
}
iop_expect_out() {   # iop_expect_out USER SECONDS LINE: USER's talk printed exactly LINE on stdout
  iop_file_wait "$2" "${IOP_OURS_OUT[$1]}" -xF "$3" || WHY+=("$1's talk: no line '$3' on stdout")
}

# iop_hung_up USER SECONDS: USER's real talk noticed the end of the conversation. inetutils talk
# exits; netkit talk shows "[Connection closed. ^C to exit]" and waits for ^C.
iop_hung_up() {
  local end=$((SECONDS + $2))
  while :; do
    [ "$(iop_cmd "$1" 2>/dev/null)" = bash ] && return 0
    iop_cap "$1" 2>/dev/null | grep -qF 'Connection closed' && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

iop_back_to_shell() {   # iop_back_to_shell USER...: ^C whatever talk is left in their panes, quietly
  local u
  for u in "$@"; do
    [ -n "${IOP_TMUX_PID[$u]:-}" ] || continue
    iop_wait_shell "$u" 1 || { iop_keys "$u" C-c; iop_wait_shell "$u" 3; }
  done
}

# ---------------------------------------------------------------- ring limits

# Our talkd rings one callee at most once per 10 s for the same caller host and name (its default
# --ring-interval; a fresh ANNOUNCE within that is answered SUCCESS without a ring). A suite that
# has the same caller ring the same callee check after check calls iop_ring_gap before each call
# (it waits until 11 s after the last one) and iop_rang once the callee was rung.
IOP_LAST_RING=-100
iop_ring_gap() {
  local wait=$((IOP_LAST_RING + 11 - SECONDS))
  [ $wait -gt 0 ] && sleep $wait
  return 0
}
iop_rang() { IOP_LAST_RING=$SECONDS; }

# ---------------------------------------------------------------- cleanup

iop_cleanup() {
  local u p
  for u in "${!IOP_TMUX_PID[@]}"; do iop_logout "$u"; done
  for p in "${IOP_PIDS[@]}"; do iop_stop_pid "$p"; done
  IOP_PIDS=()
  rm -f "$IOP_WORK/inetd.pid.$IOP_RUN"
  if [ "$IOP_NS_CREATED" = 1 ]; then
    ip netns del "$IOP_NS" 2>/dev/null || true
    IOP_NS_CREATED=0
  fi
}

# ---------------------------------------------------------------- check bookkeeping (every suite)
# iop_exit_summary RC: for a suite's EXIT trap, after iop_cleanup: if the suite died before its
# "summary" function ran (iop_die: a peer missing or not starting), that counts as a failed check
# and the counts line still ends the output. The suite defines summary() and sets SUMMARY_DONE=1.
iop_exit_summary() {
  if [ "${SUMMARY_DONE:-0}" = 0 ]; then
    [ "$1" = 0 ] || FAILED=$((FAILED + 1))
    summary
  fi
}
# iop_finish: the EXIT trap of a suite that may use our line-mode talk or two hosts: those
# clients, what iop_cleanup ends, the two hosts' namespaces, then iop_exit_summary.
iop_finish() {
  local rc=$?
  iop_ours_stop_all
  iop_cleanup
  iop_twohost_down
  iop_exit_summary "$rc"
}
# A suite sets LOG and PASSED=0 FAILED=0 FAILED_IDS=(), then for each check:
#   begin ID TITLE; ... expect USER ERE SECONDS WHAT-IS-MISSING ...; WHY+=(reason) ...; end
ID=
TITLE=
WHY=()
begin() { ID=$1; TITLE=$2; WHY=(); iop_note "--- $ID: $TITLE"; }
snap() {   # snap STEP: save the screens of everyone logged in
  local u
  for u in alice bob; do
    [ -n "${IOP_TMUX_PID[$u]:-}" ] && iop_cap "$u" >"$LOG/$ID-$1-$u.txt" 2>&1
  done
  return 0
}
expect() {   # expect USER ERE SECONDS WHAT-IS-MISSING: on USER's screen
  iop_wait "$1" "$2" "$3" || WHY+=("$4")
}
end() {
  snap end
  if [ ${#WHY[@]} = 0 ]; then
    echo "PASS: $ID: $TITLE"
    PASSED=$((PASSED + 1))
  else
    echo "FAIL: $ID: $TITLE"
    printf '      - %s\n' "${WHY[@]}"
    FAILED=$((FAILED + 1))
    FAILED_IDS+=("$ID")
  fi
}

print_failed_screens() {   # the saved screens of every failed check, blank lines dropped
  local id f
  for id in "${FAILED_IDS[@]}"; do
    for f in "$LOG/$id"-*.txt; do
      [ -f "$f" ] || continue
      printf '\n===== %s =====\n' "$f"
      sed -e '/^[[:space:]]*$/d' "$f"
    done
  done
}

# iop_report_failures LOGFILE...: if a check failed, the saved screens of every failed check and
# then each non-empty LOGFILE (daemon logs), for the CI log
iop_report_failures() {
  local f
  [ "$FAILED" != 0 ] || return 0
  print_failed_screens
  for f in "$@"; do
    [ -s "$f" ] || continue
    printf '\n===== %s =====\n' "$f"
    cat "$f"
  done
  echo
}

# iop_bridge_start LOGFILE ROOM ARG...: our bridge ("talk-examples.jar bridge --room ROOM --bind
# 127.0.0.1 ARG...") standalone inside the netns, as root, its output in LOGFILE; sets BRIDGE_PID and
# returns once it says "room 'ROOM' open" (WHY+= if not within 20 s). No fork between setsid and
# java (both setsid and "ip netns exec" exec), so $! is the JVM and iop_cleanup stops it. The bridge
# needs no host name of its own: only the talk clients run with IOP_UTS.
iop_bridge_start() {
  local log=$1 room=$2 i
  shift 2
  setsid ip netns exec "$IOP_NS" java -jar "$IOP_JAR" bridge --room "$room" --bind 127.0.0.1 "$@" \
    >"$log" 2>&1 </dev/null &
  BRIDGE_PID=$!
  IOP_PIDS+=("$BRIDGE_PID")
  for ((i = 0; i < 200; i++)); do
    grep -q "room '$room' open" "$log" && return 0
    iop_alive "$BRIDGE_PID" || break
    sleep 0.1
  done
  WHY+=("no \"room '$room' open\" line within 20 s")
}

# iop_pcap_start DIR: with IOP_PCAP=1 (and tcpdump installed), capture the namespace's talk traffic.
iop_pcap_start() {
  if [ "${IOP_PCAP:-0}" = 1 ] && command -v tcpdump >/dev/null; then
    ip netns exec "$IOP_NS" tcpdump -i lo -U -s 0 -w "$1/session.pcap" 'udp port 518 or tcp' \
      >"$1/tcpdump.log" 2>&1 &
    IOP_PIDS+=("$!")
    sleep 1
  fi
}

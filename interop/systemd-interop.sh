#!/bin/bash
# Our talkd as systemd starts it: deploy/systemd/talkd.service's ExecStart line, read from the unit
# file (only the launcher's path is replaced by the interop copy, installed as README.md installs
# it: iop_install_talkd), run under the real
# `systemd-socket-activate --datagram --inetd` on the address talkd.socket listens on, as the
# unit's User and Group, and called by netkit talk typed into alice's and bob's tmux panes.
#
#   bash interop/systemd-interop.sh       (as root; no PID 1 systemd needed)
#
# Prints PASS/FAIL per check, then "systemd-interop: N passed, M failed"; exits 1 on any failure.
# Screens and logs go to $IOP_LOGS/systemd-interop/ (screens of failed checks are printed).
#
# What stands in for systemd, and how faithfully:
# - systemd-socket-activate binds the socket, waits for the first datagram WITHOUT reading it
#   ("Communication attempt on fd 3") and then execs the command with the socket on fds 0 and 1,
#   as PID 1 does for StandardInput=socket with Accept=no. It execs, so it cannot start the
#   daemon a second time: a loop here runs it again each time the daemon exits (checks 2-5). PID 1
#   keeps the socket open across restarts; this loop closes and rebinds it, so the restart check
#   waits until the socket is bound again before it sends the datagram that must wake the daemon.
#   Check 6 keeps the socket open as PID 1 does: a holder binds it once and hands it to each
#   systemd-socket-activate run (LISTEN_FDS), and a datagram is sent while nothing but the holder
#   runs.
# - between the activator and the daemon: setsid (systemd makes every service a session leader
#   with no controlling terminal, the case ControllingTty guards against), the unit's
#   StandardOutput=journal and StandardError=journal as fds 1 and 2 to a file, and setpriv with
#   the unit's User=, Group=, no supplementary groups, NoNewPrivileges=yes and the empty
#   CapabilityBoundingSet=.
# - the unit's sandboxing (ProtectSystem=, SystemCallFilter= ...) needs PID 1 and is not applied
#   here; `systemd-analyze verify` checks that systemd accepts every line of both units.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/systemd-interop
PASSED=0
FAILED=0
FAILED_IDS=()
UNITS=$IOP_ROOT/deploy/systemd
SHIPPED_TALKD=/usr/local/lib/bsdtalk/talkd    # where README.md installs the launcher, as the unit says
IDLE=2                                         # seconds, for the idle-exit checks
# systemd-socket-activate and systemd-analyze are in package systemd (no PID 1 needed)
IOP_PACKAGES+=(systemd)

ACT_PID=
STOP_FILE=
finish() {
  [ "$(type -t stop_activation)" = function ] && stop_activation   # defined further down
  iop_cleanup
  rm -f "${REARM:-}"
}
trap finish EXIT
trap 'exit 130' INT TERM

iop_setup
for b in systemd-socket-activate systemd-analyze setpriv setsid; do
  command -v "$b" >/dev/null || iop_die "$b missing after installing systemd and util-linux"
done
rm -rf "$LOG"
mkdir -p "$LOG"
iop_netns_up

# ---------------------------------------------------------------- reading the unit files

# unit_value FILE KEY: the value of KEY= in FILE (backslash-continued lines joined); dies unless it
# is set exactly once, so that a unit this script cannot read faithfully fails loudly.
unit_value() {
  local v n
  n=$(awk -v k="$2" '$0 ~ "^" k "=" {n++} END {print n + 0}' "$1")
  [ "$n" = 1 ] || iop_die "$1: $2= is set $n times, expected once"
  v=$(awk -v k="$2" '
      cont { sub(/^[ \t]+/, ""); line = line " " $0 }
      !cont && $0 ~ "^" k "=" { line = substr($0, length(k) + 2); cont = 1 }
      cont { if (line ~ /\\$/) { sub(/\\$/, "", line) } else { print line; exit } }' "$1")
  printf '%s\n' "$v"
}

SERVICE=$UNITS/talkd.service
SOCKET=$UNITS/talkd.socket
for f in "$SERVICE" "$SOCKET"; do [ -f "$f" ] || iop_die "no $f"; done
# (iop_die in a command substitution ends only the subshell: hence "|| exit 1")
EXEC_START=$(unit_value "$SERVICE" ExecStart) || exit 1
D_USER=$(unit_value "$SERVICE" User) || exit 1
D_GROUP=$(unit_value "$SERVICE" Group) || exit 1
LISTEN=$(unit_value "$SOCKET" ListenDatagram) || exit 1
# Only a plain command line is run as systemd would run it: no prefix (-@+!:), no quotes,
# specifiers (%) or variables ($), which systemd would expand and this script would not.
case $EXEC_START in
  [-@+!:]* | *[\"\'%\$\\]*) iop_die "ExecStart= is not a plain command line this script can run: $EXEC_START" ;;
esac
read -r -a D_ARGV <<<"$EXEC_START"
n=0
for i in "${!D_ARGV[@]}"; do
  if [ "${D_ARGV[$i]}" = "$SHIPPED_TALKD" ]; then D_ARGV[i]=$IOP_TALKD; n=$((n + 1)); fi
done
[ $n = 1 ] || iop_die "ExecStart= names $SHIPPED_TALKD $n times, expected once: $EXEC_START"
[ -x "${D_ARGV[0]}" ] || iop_die "ExecStart='s program ${D_ARGV[0]} is not executable here"
# The unit says so; the stand-in below does exactly this (the checks fail if the unit changes).
for kv in StandardInput=socket StandardOutput=journal StandardError=journal NoNewPrivileges=yes \
  CapabilityBoundingSet= Accept=no; do
  grep -qxh -- "$kv" "$SERVICE" "$SOCKET" || iop_die "the units lack '$kv', which this script assumes"
done
# systemd-socket-activate -l reads an address as systemd reads ListenDatagram=: a port alone is
# [::]:PORT, one dual-stack socket (IPv4 callers arrive as ::ffff:a.b.c.d).
ACT_ADDR=$LISTEN
iop_note "ExecStart (launcher replaced): ${D_ARGV[*]}"
iop_note "as $D_USER:$D_GROUP, socket: ListenDatagram=$LISTEN"

# ---------------------------------------------------------------- the stand-in for PID 1

id -u "$D_USER" >/dev/null || iop_die "no user $D_USER"
getent group "$D_GROUP" >/dev/null || iop_die "no group $D_GROUP"

# start_activation NAME EXTRA-ARGS...: the activator loop (ExecStart's words plus EXTRA-ARGS,
# kept in D_EXTRA),
# with its output in $LOG/NAME-activate.log, the daemon's stdout/stderr in $LOG/NAME-journal.log
# and one "exit STATUS" line per daemon run in $LOG/NAME-exits.log.
start_activation() {
  local name=$1 i
  shift
  STOP_FILE=$IOP_WORK/systemd-interop.stop.$IOP_RUN
  rm -f "$STOP_FILE"
  ACT_NAME=$name
  D_EXTRA=("$@")
  # opened by the root sh between the activator and setpriv, as PID 1 opens the journal stream
  : >"$LOG/$name-journal.log"
  : >"$LOG/$name-exits.log"
  # shellcheck disable=SC2016  # $1.. and "$@" are the inner shells' own
  local cmd=(/bin/sh -c '
      stop=$1 journal=$2 exits=$3 addr=$4; shift 4
      while [ ! -e "$stop" ]; do
        systemd-socket-activate --datagram --inetd -l "$addr" \
          setsid /bin/sh -c '\''exec "$@" >>"$0" 2>&1'\'' "$journal" "$@"
        echo "exit $?" >>"$exits"
      done' sh "$STOP_FILE" "$LOG/$name-journal.log" "$LOG/$name-exits.log" "$ACT_ADDR"
    setpriv --reuid="$D_USER" --regid="$D_GROUP" --clear-groups --no-new-privs --bounding-set=-all
    -- "${D_ARGV[@]}" "$@")
  # shellcheck disable=SC2016
  [ "$IOP_UTS" = 1 ] && cmd=(unshare --uts /bin/sh -c 'hostname "$0" && exec "$@"' "$IOP_UTS_NAME" "${cmd[@]}")
  setsid ip netns exec "$IOP_NS" "${cmd[@]}" >"$LOG/$name-activate.log" 2>&1 </dev/null &
  ACT_PID=$!
  IOP_PIDS+=("$ACT_PID")
  wait_listening 10 || { cat "$LOG/$name-activate.log" >&2; iop_die "systemd-socket-activate did not bind $ACT_ADDR"; }
  iop_note "systemd-socket-activate (loop pid $ACT_PID) listening on $ACT_ADDR in netns $IOP_NS"
}

# stop_activation: no more restarts, then stop the activator or daemon of this run
stop_activation() {
  [ -n "$ACT_PID" ] || return 0
  touch "$STOP_FILE"
  local c i
  for ((i = 0; i < 3; i++)); do
    for c in $(iop_children "$ACT_PID"); do kill "$c" 2>/dev/null; done
    sleep 0.3
  done
  iop_stop_pid "$ACT_PID"
  local p keep=()
  for p in "${IOP_PIDS[@]}"; do [ "$p" = "$ACT_PID" ] || keep+=("$p"); done
  IOP_PIDS=("${keep[@]}")
  rm -f "$STOP_FILE"
  ACT_PID=
}

port_holders() { ip netns exec "$IOP_NS" ss -Hulnp "sport = :${LISTEN##*:}"; }

# wait_listening SECONDS: until the activator (not a daemon) holds the socket
wait_listening() {
  local end=$((SECONDS + $1))
  until port_holders | grep -q '"systemd-socket-'; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

# daemon_pid: the pid holding the socket once the activator has exec'd the daemon (neither the
# activator nor the socket holder), else empty
daemon_pid() {
  port_holders | grep -o '("[^"]*",pid=[0-9]*' | grep -v '"systemd-socket-\|"python3"' |
    head -n 1 | grep -o '[0-9]*$'
}

# like_systemd PID: WHY+= unless PID runs as the unit says: User:Group, no supplementary groups,
# no capabilities, NoNewPrivs, a session leader without a controlling terminal, the socket on fd 0
# and the journal (not the socket) on fds 1 and 2.
like_systemd() {
  local pid=$1 v f stat fields
  iop_creds "$pid" "the daemon" "$D_USER" "$D_GROUP" 0000000000000000
  [ -e "/proc/$pid/stat" ] || return 0
  stat=$(sed -e 's/.*) //' "/proc/$pid/stat")   # state ppid pgrp session tty_nr ...
  read -r -a fields <<<"$stat"
  [ "${fields[3]}" = "$pid" ] || WHY+=("the daemon is not a session leader (session ${fields[3]}), as systemd would make it")
  [ "${fields[4]}" = 0 ] || WHY+=("the daemon has a controlling terminal (tty_nr ${fields[4]})")
  case $(readlink "/proc/$pid/fd/0") in socket:*) ;; *) WHY+=("fd 0 of the daemon is $(readlink "/proc/$pid/fd/0"), not the socket") ;; esac
  for f in 1 2; do
    [ "$(readlink "/proc/$pid/fd/$f")" = "$LOG/$ACT_NAME-journal.log" ] ||
      WHY+=("fd $f of the daemon is $(readlink "/proc/$pid/fd/$f"), not the journal stand-in")
  done
  # the launcher execs the JVM: its command line is the launcher's exec line with ExecStart's
  # arguments, and it maps the class-data archive (accepted after install -p)
  v=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  [ "$v" = "$(iop_talkd_cmdline "${D_ARGV[@]:1}" "${D_EXTRA[@]}")" ] ||
    WHY+=("the daemon's command line is '$v', not what the unit's ExecStart ${D_EXTRA[*]} runs")
  iop_uses_archive "$pid" ||
    WHY+=("the daemon (pid $pid) does not use talk-examples.jsa: the JVM rejected the class-data archive")
}

# wake_probe NAME [REARM-FILE]: ONE LEAVE_INVITE with names unique to this run (sent once, never
# again), its reply awaited for 20 s, then a LOOK_UP for that invitation and a DELETE of it. Prints
# "invite ANSWER ID MS" (MS: milliseconds from the send, or from creating REARM-FILE, to the
# reply) and "lookup ANSWER ID PORT". With REARM-FILE it first waits 1.5 s for a reply that must
# not come ("early" if one does), and then creates the file, which lets the socket holder start the
# activator.
wake_probe() {
  ip netns exec "$IOP_NS" python3 - "$@" <<'EOF'
import socket, struct, sys, time
FMT = "!BBBBI16s16sI12s12s16s"
caller, callee, port = sys.argv[1], "w%d" % (time.time_ns() % 10**9), 40000 + time.time_ns() % 20000
def addr(ip, p):
    return struct.pack("!HH4s", socket.AF_INET, p, socket.inet_aton(ip)) + b"\0" * 8
def send(s, typ, l, r, idn, a):
    ip, p = s.getsockname()
    s.sendto(struct.pack(FMT, 1, typ, 0, 0, idn, a, addr(ip, p), 4242, l.encode(), r.encode(), b""),
             ("127.0.0.1", 518))
def reply(s, typ):
    s.settimeout(20)
    r, _ = s.recvfrom(100)
    v, t, ans, _, idn, a = struct.unpack("!BBBBI16s", r)
    assert len(r) == 24 and v == 1 and t == typ, "bad reply " + r.hex()
    return ans, idn, struct.unpack("!H", a[2:4])[0]
inv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); inv.bind(("127.0.0.1", 0))
t0 = time.monotonic()
send(inv, 0, caller, callee, 0xffffffff, addr("127.0.0.1", port))
if len(sys.argv) > 2:
    inv.settimeout(1.5)
    try:
        inv.recvfrom(100)
        print("early"); sys.exit(0)
    except socket.timeout:
        pass
    open(sys.argv[2], "w").close()
    t0 = time.monotonic()
try:
    ans, idn, _ = reply(inv, 0)
except socket.timeout:
    print("invite none"); sys.exit(0)
print("invite %d %d %d" % (ans, idn, (time.monotonic() - t0) * 1000))
look = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); look.bind(("127.0.0.1", 0))
send(look, 1, callee, caller, 0, addr("0.0.0.0", 0))
lans, lid, lport = reply(look, 1)
print("lookup %d %d %d" % (lans, lid, lport))
print("expected_port %d" % port)
send(inv, 2, caller, callee, idn, addr("0.0.0.0", 0))
reply(inv, 2)
EOF
}

# ---------------------------------------------------------------- checks

begin 1-verify "systemd-analyze verify accepts talkd.socket, talkd.service, otalk.socket and otalk.service"
# verify checks that ExecStart's program exists: a copy of both units is verified, with the
# launcher's path replaced by the interop copy (not installed in /usr/local/lib here).
VERIFY_DIR=$LOG/units
mkdir -p "$VERIFY_DIR"
cp "$SOCKET" "$UNITS/otalk.socket" "$VERIFY_DIR/"
for unit in talkd.service otalk.service; do   # otalk: the same daemon for old talk on udp/517
  sed -e "s|^ExecStart=$SHIPPED_TALKD |ExecStart=$IOP_TALKD |" "$UNITS/$unit" >"$VERIFY_DIR/$unit"
  grep -q "^ExecStart=$IOP_TALKD " "$VERIFY_DIR/$unit" || iop_die "could not replace the launcher in a copy of $UNITS/$unit"
done
(cd "$VERIFY_DIR" && systemd-analyze verify ./talkd.socket ./talkd.service ./otalk.socket ./otalk.service) >"$LOG/verify.log" 2>&1 ||
  WHY+=("systemd-analyze verify exited $?: $(tr '\n' ' ' <"$LOG/verify.log")")
# The one warning accepted: systemd's general one about User=nobody (README.md says why nobody).
if grep -v 'Special user nobody configured, this is not safe!' "$LOG/verify.log" | grep -q .; then
  WHY+=("systemd-analyze verify says: $(grep -v 'Special user nobody' "$LOG/verify.log" | tr '\n' ' ')")
fi
end

start_activation shipped

begin 2-netkit "netkit talk alice -> bob through the unit's daemon under systemd-socket-activate"
iop_login alice
iop_login bob
iop_keys alice "$NETKIT_TALK bob" Enter
if iop_wait bob 'Message from Talk_Daemon' 20; then
  sleep 0.3   # the five lines are one write(); let tmux draw all of it
  iop_cap bob | grep -qF 'talk: connection requested by alice@127.0.0.1.' ||
    WHY+=("bob: no 'talk: connection requested by alice@127.0.0.1.'")
else
  WHY+=("bob: no announcement within 20 s")
fi
snap announce
DPID=$(daemon_pid)
if [ -n "$DPID" ]; then like_systemd "$DPID"; else WHY+=("no daemon holds the socket after the call"); fi
iop_keys bob "$NETKIT_TALK alice" Enter
expect bob 'Connection established' 10 "bob: no [Connection established]"
expect alice 'Connection established' 10 "alice: no [Connection established]"
iop_type alice "Hello bob"
iop_keys alice Enter
expect bob 'Hello bob' 5 "bob did not see alice's 'Hello bob'"
iop_type bob "hi alice"
iop_keys bob Enter
expect alice 'hi alice' 5 "alice did not see bob's 'hi alice'"
snap conversation
iop_keys alice C-c
iop_wait_shell alice 5 || WHY+=("alice's talk did not exit on ^C")
iop_wait_shell bob 5 || { iop_keys bob C-c; iop_wait_shell bob 3; }
grep -q . "$LOG/shipped-journal.log" && iop_note "daemon's journal: $(tr '\n' ' ' <"$LOG/shipped-journal.log")"
iop_logout alice
iop_logout bob
end
stop_activation

# The same command with a short --idle, so that the idle exit and the restart take seconds, and
# with -v, so that check 3 also sees the request log in the journal.
start_activation idle --idle "$IDLE" -v

begin 3-first-datagram "the datagram that starts the daemon is answered (one LEAVE_INVITE, no resend), and -v logs it in the journal"
OUT=$(wake_probe first)
iop_note "probe: $(tr '\n' ' ' <<<"$OUT")"
grep -qE '^invite 0 [0-9]+ [0-9]+$' <<<"$OUT" || WHY+=("the one LEAVE_INVITE got no SUCCESS reply: $OUT")
FIRST=$(daemon_pid)
[ -n "$FIRST" ] || WHY+=("no daemon holds the socket after the first datagram")
[ -n "$FIRST" ] && like_systemd "$FIRST"
T_LAST=$SECONDS
# -v: the journal has the request's line (the LEAVE_INVITE from "first"), as the activated daemon
# logs it on its stderr
for ((i = 0; i < 30; i++)); do
  grep -qE '^talkd: [0-9T:.-]+Z 127\.0\.0\.1:[0-9]+ LEAVE_INVITE id [0-9]+ first -> w[0-9]+ tty "": SUCCESS id [0-9]+$' \
    "$LOG/idle-journal.log" && break
  sleep 0.1
done
[ "$i" -lt 30 ] || WHY+=("-v: no 'LEAVE_INVITE ... first -> ...: SUCCESS' line in the journal: $(tr '\n' ' ' <"$LOG/idle-journal.log")")
end

begin 4-idle-exit "the daemon exits 0 after --idle $IDLE without a datagram, and the socket is watched again"
if [ -n "$FIRST" ]; then
  for ((i = 0; i < 200; i++)); do iop_alive "$FIRST" || break; sleep 0.1; done
  took=$((SECONDS - T_LAST))
  if iop_alive "$FIRST"; then
    WHY+=("the daemon (pid $FIRST) still runs 20 s after the last datagram")
  else
    [ $took -ge $((IDLE - 1)) ] || WHY+=("the daemon exited after ${took} s, before its --idle $IDLE")
    iop_note "the daemon exited about $took s after the last datagram"
  fi
fi
wait_listening 10 || WHY+=("systemd-socket-activate does not hold $ACT_ADDR again after the daemon exited")
[ "$(tail -n 1 "$LOG/idle-exits.log")" = "exit 0" ] ||
  WHY+=("the daemon's exit status: '$(tail -n 1 "$LOG/idle-exits.log")', not 'exit 0'")
end

begin 5-wake "after the idle exit, one datagram starts the daemon again and that very datagram is served"
OUT=$(wake_probe second)
iop_note "probe: $(tr '\n' ' ' <<<"$OUT")"
read -r _ ans id ms <<<"$(grep '^invite' <<<"$OUT")"
read -r _ lans lid lport <<<"$(grep '^lookup' <<<"$OUT")"
read -r _ want <<<"$(grep '^expected_port' <<<"$OUT")"
if [ "${ans:-none}" != 0 ]; then
  WHY+=("the LEAVE_INVITE that woke the daemon got no SUCCESS reply within 20 s: $OUT")
else
  iop_note "first reply of the restarted daemon after $ms ms (cold JVM start)"
  # the invitation the waking datagram left is in the new daemon's table: it was processed
  [ "${lans:-}" = 0 ] && [ "${lid:-}" = "$id" ] && [ "${lport:-}" = "${want:-x}" ] ||
    WHY+=("the LOOK_UP did not find the waking LEAVE_INVITE's invitation (id $id, port ${want:-?}): $OUT")
fi
SECOND=$(daemon_pid)
if [ -z "$SECOND" ]; then
  WHY+=("no daemon holds the socket after the waking datagram")
elif [ "$SECOND" = "$FIRST" ]; then
  WHY+=("the same daemon pid $SECOND served again: it never exited")
else
  like_systemd "$SECOND"
fi
[ "$(grep -c 'Communication attempt' "$LOG/idle-activate.log")" -ge 2 ] ||
  WHY+=("systemd-socket-activate did not start the daemon twice ($LOG/idle-activate.log)")
end
stop_activation

# ---------------------------------------------------------------- the socket held across restarts
# PID 1 keeps the socket open while no daemon runs; systemd-socket-activate can be given such a
# socket instead of binding one (LISTEN_FDS=1, the socket as fd 3, no -l). A small holder binds it
# as systemd binds ListenDatagram=518 (one [::] socket, IPV6_V6ONLY off) and starts the activator
# each time the test creates REARM, so a datagram can be sent while nothing at all runs.

REARM=$IOP_WORK/systemd-interop.rearm.$IOP_RUN
cat >"$LOG/socket-holder.py" <<'EOF'
import os, socket, sys, time
port, rearm, stop, exits = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", port))
while not os.path.exists(stop):
    if not os.path.exists(rearm):
        time.sleep(0.05)
        continue
    os.unlink(rearm)
    pid = os.fork()
    if pid == 0:
        if s.fileno() != 3:
            os.dup2(s.fileno(), 3)
        # dup2 onto itself (the socket already fd 3, as under .ci/run) keeps Python's close-on-exec
        os.set_inheritable(3, True)
        os.environ["LISTEN_FDS"], os.environ["LISTEN_PID"] = "1", str(os.getpid())
        os.execvp(sys.argv[5], sys.argv[5:])
    _, status = os.waitpid(pid, 0)
    with open(exits, "a") as f:
        f.write("exit %d\n" % os.waitstatus_to_exitcode(status))
EOF

# held_start EXTRA-ARGS...: the holder, and through it the activator and ExecStart + EXTRA-ARGS
held_start() {
  case $LISTEN in
    *[!0-9]*) iop_die "the socket holder binds [::]:PORT as ListenDatagram=PORT does, not '$LISTEN'" ;;
  esac
  STOP_FILE=$IOP_WORK/systemd-interop.stop.$IOP_RUN
  rm -f "$STOP_FILE" "$REARM"
  ACT_NAME=held
  D_EXTRA=("$@")
  : >"$LOG/held-journal.log"
  : >"$LOG/held-exits.log"
  # shellcheck disable=SC2016
  local cmd=(python3 "$LOG/socket-holder.py" "$LISTEN" "$REARM" "$STOP_FILE" "$LOG/held-exits.log"
    systemd-socket-activate --datagram --inetd
    setsid /bin/sh -c 'exec "$@" >>"$0" 2>&1' "$LOG/held-journal.log"
    setpriv --reuid="$D_USER" --regid="$D_GROUP" --clear-groups --no-new-privs --bounding-set=-all
    -- "${D_ARGV[@]}" "$@")
  # shellcheck disable=SC2016
  [ "$IOP_UTS" = 1 ] && cmd=(unshare --uts /bin/sh -c 'hostname "$0" && exec "$@"' "$IOP_UTS_NAME" "${cmd[@]}")
  setsid ip netns exec "$IOP_NS" "${cmd[@]}" >"$LOG/held-activate.log" 2>&1 </dev/null &
  ACT_PID=$!
  IOP_PIDS+=("$ACT_PID")
  local i
  for ((i = 0; i < 50; i++)); do port_holders | grep -q '"python3"' && return 0; sleep 0.1; done
  cat "$LOG/held-activate.log" >&2
  iop_die "the socket holder did not bind $LISTEN"
}

held_start --idle "$IDLE"
begin 6-held-socket "with the socket held as PID 1 holds it, a datagram sent while nothing runs is served by the next start"
touch "$REARM"
wait_listening 10 || WHY+=("systemd-socket-activate did not take the held socket ($LOG/held-activate.log)")
OUT=$(wake_probe held1)
grep -qE '^invite 0 [0-9]+ [0-9]+$' <<<"$OUT" || WHY+=("the first LEAVE_INVITE on the held socket got no SUCCESS: $OUT")
P1=$(daemon_pid)
[ -n "$P1" ] && like_systemd "$P1"
if [ -n "$P1" ]; then
  for ((i = 0; i < 200; i++)); do iop_alive "$P1" || break; sleep 0.1; done
  iop_alive "$P1" && WHY+=("the daemon on the held socket did not exit after --idle $IDLE")
else
  WHY+=("no daemon holds the held socket after the first datagram")
fi
[ "$(tail -n 1 "$LOG/held-exits.log")" = "exit 0" ] || WHY+=("held: the daemon's exit: '$(tail -n 1 "$LOG/held-exits.log")'")
if port_holders | grep -q '"systemd-socket-\|"java"'; then
  WHY+=("precondition: something but the holder still serves the socket: $(port_holders)")
fi
OUT=$(wake_probe held2 "$REARM")
iop_note "probe: $(tr '\n' ' ' <<<"$OUT")"
read -r _ ans id ms <<<"$(grep '^invite' <<<"$OUT")"
read -r _ lans lid lport <<<"$(grep '^lookup' <<<"$OUT")"
read -r _ want <<<"$(grep '^expected_port' <<<"$OUT")"
if grep -qx early <<<"$OUT"; then
  WHY+=("a reply came while no daemon ran")
elif [ "${ans:-none}" != 0 ]; then
  WHY+=("the LEAVE_INVITE queued while nothing ran got no SUCCESS reply after the start: $OUT")
else
  iop_note "queued datagram answered $ms ms after the activator was started"
  [ "${lans:-}" = 0 ] && [ "${lid:-}" = "$id" ] && [ "${lport:-}" = "${want:-x}" ] ||
    WHY+=("the LOOK_UP did not find the queued LEAVE_INVITE's invitation (id $id): $OUT")
fi
P2=$(daemon_pid)
[ -n "$P2" ] && [ "$P2" != "$P1" ] && like_systemd "$P2"
[ -n "$P2" ] || WHY+=("no daemon holds the socket after the queued datagram")
end
stop_activation

if [ "$FAILED" != 0 ]; then
  print_failed_screens
  for f in "$LOG"/*-activate.log "$LOG"/*-journal.log "$LOG"/*-exits.log "$LOG/verify.log"; do
    [ -f "$f" ] && { printf '\n===== %s =====\n' "$f"; cat "$f"; }
  done
  echo
fi
echo "screens and logs: $LOG"
echo "systemd-interop: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]

#!/bin/bash
# Runs every interop suite (interop/*-interop.sh: bridge, capture, dissector, irc, otalk,
# otalk-client, ringlimit, screen, systemd, talk, talkd, twohost, web): the real Debian talk programs
# (and Debian's tshark) against our code.
#
#   bash interop/run-all.sh            (as root; no stdin needed)
#
# Builds examples/target/talk-examples.jar if it is missing or older than the sources, sets the
# machine up (lib.sh: packages, inetutils binaries, users, utmp), runs each suite, and ends with
# "interop: N passed, M failed" summed over every suite's checks. Exits 1 if anything failed,
# including a suite that could not set up its peers (that counts as a failed check).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# The suites share machine-wide state (/run/utmp, the users alice and bob, the jar copy under
# /var/tmp/bsdtalk-interop): two runs at once would ring each other's terminals. One at a time.
exec 9>/var/lock/bsdtalk-interop.lock
if ! flock -w 1800 9; then
  echo "interop: another interop run still holds /var/lock/bsdtalk-interop.lock after 30 min" >&2
  exit 1
fi
# shellcheck source=interop/lib.sh
. "$here/lib.sh"

start=$SECONDS
iop_setup

passed=0
failed=0
bad_suites=()
for suite in "$here"/*-interop.sh; do
  name=$(basename "$suite" .sh)
  echo "=== $name"
  out=$IOP_LOGS/$name.out
  bash "$suite" </dev/null 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  # the suite's last "N passed, M failed" line
  counts=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  if [ -n "$counts" ]; then
    p=${counts%% passed*}
    f=${counts#*, }
    f=${f%% failed*}
  else
    p=0 f=1   # died before it could count: setup or a peer failed
  fi
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$rc" = 0 ] || bad_suites+=("$name (exit $rc)")
done

echo
echo "interop suites took $((SECONDS - start)) s; logs in $IOP_LOGS"
[ ${#bad_suites[@]} = 0 ] || echo "failed suites: ${bad_suites[*]}"
echo "interop: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ ${#bad_suites[@]} = 0 ]

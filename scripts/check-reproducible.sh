#!/usr/bin/env bash
# Builds the reactor twice from clean, each time in its own temporary copy of this checkout (so
# also from two different paths), and compares the sha256 of every jar: the libraries' jars,
# -sources and -javadoc jars, talk-proto's test-jar, the shaded tool jar
# examples/target/talk-examples.jar and the benchmarks. Prints the table; exits 1 if any jar
# differs or exists in one build only. Tests are skipped (-DskipTests): they run in .ci/run's main
# build. KEEP_REPRODUCIBLE_CHECK=1 keeps the two copies (it prints where).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsdtalk-reproducible.XXXXXX")
cleanup() {
  if [[ "${KEEP_REPRODUCIBLE_CHECK:-}" == 1 ]]; then
    echo "check-reproducible: kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

for n in 1 2; do
  copy_worktree "$root" "$tmp/build$n"
  if ! (cd "$tmp/build$n" && mvn -B -ntp -q -Dstyle.color=never clean package -DskipTests \
      </dev/null >"$tmp/build$n.log" 2>&1); then
    tail -n 40 "$tmp/build$n.log" >&2
    echo "check-reproducible: FAIL: build $n failed (log above)" >&2
    exit 1
  fi
  (cd "$tmp/build$n" && find . -path '*/target/*' -name '*.jar' -not -path '*/target/*/*' |
    sort | xargs -r sha256sum) >"$tmp/sums$n"
done

if [[ ! -s "$tmp/sums1" ]]; then
  echo "check-reproducible: FAIL: the build produced no jar" >&2
  exit 1
fi
failures=0
printf '%-68s %-12s %s\n' jar sha256 result
while read -r jar; do
  a=$(awk -v j="$jar" '$2 == j { print $1 }' "$tmp/sums1")
  b=$(awk -v j="$jar" '$2 == j { print $1 }' "$tmp/sums2")
  if [[ -z "$a" || -z "$b" ]]; then
    result="FAIL: only in build $([[ -n "$a" ]] && echo 1 || echo 2)"
  elif [[ "$a" != "$b" ]]; then
    result="FAIL: differs (${b:0:12} in build 2)"
  else
    result=same
  fi
  [[ "$result" == same ]] || failures=$((failures + 1))
  printf '%-68s %-12s %s\n' "${jar#./}" "${a:0:12}" "$result"
done < <(awk '{ print $2 }' "$tmp/sums1" "$tmp/sums2" | sort -u)

if ((failures > 0)); then
  echo "check-reproducible: FAIL: ${failures} jar(s) not reproducible" >&2
  exit 1
fi
echo "check-reproducible: OK: $(wc -l <"$tmp/sums1") jars identical in both builds"

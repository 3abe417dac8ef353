#!/usr/bin/env bash
# Checks that the tests of the last build printed nothing: a passing `mvn -q verify` must not show
# warnings, stack traces or Jazzer's instrumentation lines that look like failures. Tests that
# drive failure paths send the libraries' logs to target/test-logging.log (see the modules'
# src/test/resources/logging.properties); anything a test JVM still writes to stdout or stderr
# lands in surefire's reports, which this script reads: the <system-out>/<system-err> elements
# of TEST-*.xml and, if redirectTestOutputToFile is on, *-output.txt. Also fails on *.dumpstream
# (output surefire could not attribute to a test). Runs nothing; run it after a build:
#   mvn -B -ntp -q verify && bash scripts/check-quiet.sh
# .ci/run runs it after the main build. Exit status 1 names each offending test class.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml)
if [[ ${#reports[@]} -eq 0 ]]; then
  echo "check-quiet: no surefire reports (*/target/surefire-reports/TEST-*.xml): build first" >&2
  exit 1
fi

loud=0
for xml in "${reports[@]}"; do
  # the captured output of the class's tests, CDATA markers removed; empty when they printed nothing
  out=$(awk '/<system-(out|err)>/ { on = 1 }
             on { sub(/.*<system-(out|err)>(<!\[CDATA\[)?/, ""); sub(/(\]\]>)?<\/system-(out|err)>.*/, "");
                  print }
             /<\/system-(out|err)>/ { on = 0 }' "$xml")
  if [[ -n "${out//[[:space:]]/}" ]]; then
    loud=1
    echo "check-quiet: ${xml} printed $(printf '%s\n' "$out" | wc -l) lines, first:" >&2
    printf '%s\n' "$out" | head -n 5 | sed 's/^/  | /' >&2
  fi
done
for f in */target/surefire-reports/*-output.txt */target/surefire-reports/*.dumpstream; do
  if [[ -s "$f" ]]; then
    loud=1
    echo "check-quiet: ${f} is not empty, first:" >&2
    head -n 5 "$f" | sed 's/^/  | /' >&2
  fi
done
if [[ $loud -ne 0 ]]; then
  echo "check-quiet: tests must not print: assert on it, or log it (System.Logger, which the" \
    "test JVMs send to MODULE/target/test-logging.log)" >&2
  exit 1
fi
echo "check-quiet: ${#reports[@]} test classes, none printed anything"

#!/usr/bin/env bash
# The consumer integration test: installs the libraries (talk-proto, talk-proto-testkit,
# talk-client-api, talk-server-api, talk-endpoint) into a TEMPORARY local repository, checks that
# each has its jar, sources, Javadoc and POM there, then builds it/consumer, a separate project
# with its own module-info.java, against them, as a user would, and runs it on the module path:
# Surefire (the tests are patched into the consumer module) and a plain `java --module-path ... -m`.
# Fails if a module descriptor, an export or the packaging of an artifact breaks.
#
# Never touches ~/.m2: the user's local repository is read (as a file:// remote, releases only,
# so plugins and test libraries need no download) but every write goes to the temporary one; our
# SNAPSHOTs can only come from the fresh install. Usage: bash scripts/check-consumer.sh
# (M2_REPO overrides where the local repository to read from is; default ~/.m2/repository).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsdtalk-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
m2=${M2_REPO:-$HOME/.m2/repository}
repo=$tmp/repo
# The project's version: the first <version> of the root POM is the project's own.
version=$(grep -m1 -o '<version>[^<]*' pom.xml | sed 's/<version>//')
libraries=(talk-proto talk-proto-testkit talk-client-api talk-server-api talk-endpoint)

cat >"$tmp/settings.xml" <<XML
<settings>
  <profiles><profile><id>read-user-repository</id>
    <repositories><repository><id>user-m2</id><url>file://$m2</url>
      <snapshots><enabled>false</enabled></snapshots></repository></repositories>
    <pluginRepositories><pluginRepository><id>user-m2</id><url>file://$m2</url>
      <snapshots><enabled>false</enabled></snapshots></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>read-user-repository</activeProfile></activeProfiles>
</settings>
XML
mvn_tmp() { mvn -B -ntp -q -Dstyle.color=never -s "$tmp/settings.xml" -Dmaven.repo.local="$repo" "$@" </dev/null; }

echo "check-consumer: installing ${libraries[*]} $version into $repo"
mvn_tmp -pl "$(IFS=,; echo "${libraries[*]}")" -am install -Dmaven.test.skip=true -Djacoco.skip=true

for a in "${libraries[@]}"; do
  dir=$repo/io/github/bsdtalk/$a/$version
  for f in "$a-$version.jar" "$a-$version-sources.jar" "$a-$version-javadoc.jar" "$a-$version.pom"; do
    if [[ ! -s "$dir/$f" ]]; then
      echo "check-consumer: $f missing from the installed artifacts" >&2
      exit 1
    fi
  done
  # Every library is a named module (a module-info.class, not an automatic module).
  listing=$(jar tf "$dir/$a-$version.jar")
  if ! grep -qx module-info.class <<<"$listing"; then
    echo "check-consumer: $a-$version.jar has no module-info.class" >&2
    exit 1
  fi
done
if ls "$repo/io/github/bsdtalk/talk-proto/$version/"*-tests.jar >/dev/null 2>&1; then
  echo "check-consumer: talk-proto still installs a test-jar" >&2
  exit 1
fi

echo "check-consumer: building it/consumer against them (Surefire on the module path)"
cp -r it/consumer "$tmp/consumer"
mvn_tmp -f "$tmp/consumer/pom.xml" -Dbsdtalk.version="$version" verify
reports=("$tmp"/consumer/target/surefire-reports/TEST-*.xml)
tests=$(grep -ho '<testsuite [^>]*' "${reports[@]}" | grep -o ' tests="[0-9]*"' | grep -o '[0-9]*' |
  awk '{ n += $1 } END { print n + 0 }')
echo "check-consumer: $tests consumer tests passed"
if [[ "$tests" -eq 0 ]]; then
  echo "check-consumer: the consumer ran no tests" >&2
  exit 1
fi

echo "check-consumer: java --module-path ... -m io.github.bsdtalk.it.consumer"
modules=$tmp/consumer/target/classes
for a in "${libraries[@]}"; do
  modules+=":$repo/io/github/bsdtalk/$a/$version/$a-$version.jar"
done
# Only our five modules and the consumer: no QuickTheories, no Jazzer (requires static).
java --module-path "$modules" \
  -m io.github.bsdtalk.it.consumer/io.github.bsdtalk.it.consumer.Consumer </dev/null
echo "check-consumer: ok"

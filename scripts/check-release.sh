#!/usr/bin/env bash
# Builds the release exactly as RELEASING.md does (mvn -P release deploy, with the version's
# -SNAPSHOT dropped) and checks the bundle the central-publishing plugin would upload, offline:
#   - a throwaway signing key in a temporary GNUPGHOME;
#   - the build runs in a temporary copy of this checkout (the working tree, uncommitted changes
#     included), never installs (-Dmaven.install.skip), and "uploads" to a stand-in for the Central
#     Portal on 127.0.0.1 that only accepts the bundle (no token, no network beyond Maven's
#     downloads of plugins into the local repository);
#   - every artifact of the bundle: jar, -sources.jar, -javadoc.jar and .pom present, each with an
#     .asc that gpg accepts from the throwaway key; every jar holds META-INF/LICENSE (this
#     checkout's LICENSE), sources jars .java files, javadoc jars index.html; every POM, with its
#     parents' inherited fields, has what Central requires (name, description, url, licenses,
#     developers, scm) and depends on no module of ours that is not in the bundle;
#   - the bundle holds exactly the reactor's published modules: every module without
#     maven.deploy.skip, and none with it; every jar the build produced (also the shaded tool
#     jar and the benchmarks) has exactly one META-INF/LICENSE.
# Tests are skipped (-DskipTests): they run in .ci/run's main build.
# Exit status 0 when everything holds; otherwise 1, after one line per failure on stderr.
# KEEP_RELEASE_CHECK=1 keeps the temporary directory (it prints where).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsdtalk-release-check.XXXXXX")
portal_pid=
cleanup() {
  if [[ -n "$portal_pid" ]]; then kill "$portal_pid" 2>/dev/null || true; fi
  GNUPGHOME="$tmp/gnupg" gpgconf --kill all 2>/dev/null || true
  if [[ "${KEEP_RELEASE_CHECK:-}" == 1 ]]; then
    echo "check-release: kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

failures=0
fail() {
  echo "check-release: FAIL: $*" >&2
  failures=$((failures + 1))
}

# --- the throwaway key
export GNUPGHOME="$tmp/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'bsdtalk CI <ci@invalid>' default default never \
  2>/dev/null
fingerprint=$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')
echo "check-release: throwaway key $fingerprint"

# --- a copy of the working tree
src="$tmp/src"
copy_worktree "$root" "$src"

# --- the release version, as RELEASING.md sets it
snapshot=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$src/pom.xml" | head -n 1)
release=${snapshot%-SNAPSHOT}
find "$src" -name pom.xml -not -path '*/target/*' -print0 |
  xargs -0 sed -i "s:<version>${snapshot}</version>:<version>${release}</version>:g"
echo "check-release: building ${release} (from ${snapshot}) in $src"

# --- a stand-in for the Central Portal's upload endpoint (POST /api/v1/publisher/upload answers
# a deployment id): the plugin writes target/central-publishing/central-bundle.zip before it
# uploads, and this lets the upload succeed without a token or the network.
cat >"$tmp/portal.py" <<'EOF'
import http.server, sys

class Portal(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with open(sys.argv[2], "ab") as log:
            log.write(f"{self.command} {self.path} {len(body)}\n".encode())
        reply = b"00000000-0000-0000-0000-000000000000"
        self.send_response(201)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Portal)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
EOF
python3 "$tmp/portal.py" "$tmp/portal.port" "$tmp/portal.log" &
portal_pid=$!
for _ in $(seq 50); do [[ -s "$tmp/portal.port" ]] && break; sleep 0.1; done
[[ -s "$tmp/portal.port" ]] || { echo "check-release: the stand-in portal did not start" >&2; exit 1; }
port=$(cat "$tmp/portal.port")

# The plugin reads the server "central" even when nothing real is uploaded. The file replaces the
# global settings (-gs) when the user has settings of his own (mirrors, proxies: they still
# apply), else the user settings (-s), so that the installation's global settings still apply.
cat >"$tmp/settings.xml" <<'EOF'
<settings>
  <servers><server><id>central</id><username>offline-check</username><password>none</password></server></servers>
</settings>
EOF

settings=(-s "$tmp/settings.xml")
if [[ -f "${HOME}/.m2/settings.xml" ]]; then settings=(-gs "$tmp/settings.xml"); fi
log="$tmp/build.log"
if ! (cd "$src" && mvn -B -ntp -Dstyle.color=never "${settings[@]}" -P release \
    -DskipTests -Dmaven.install.skip=true -Dgpg.keyname="$fingerprint" \
    -DcentralBaseUrl="http://127.0.0.1:$port" -DwaitUntil=uploaded \
    deploy </dev/null >"$log" 2>&1); then
  tail -n 40 "$log" >&2
  echo "check-release: FAIL: mvn -P release deploy failed (log above)" >&2
  exit 1
fi
bundle_zip="$src/target/central-publishing/central-bundle.zip"
if [[ ! -f "$bundle_zip" ]]; then
  echo "check-release: FAIL: no $bundle_zip" >&2
  exit 1
fi
grep -q '^POST /api/v1/publisher/upload' "$tmp/portal.log" ||
  fail "the plugin did not upload the bundle (no POST /api/v1/publisher/upload)"
bundle="$tmp/bundle"
mkdir "$bundle"
(cd "$bundle" && unzip -q "$bundle_zip")
echo "check-release: bundle $(du -h "$bundle_zip" | cut -f1), $(find "$bundle" -type f | wc -l) files"

# --- the POMs: fields, inheritance, references, and which modules are in the bundle
python3 - "$src" "$bundle" "$release" >"$tmp/poms.out" <<'EOF' || true
import os, sys, xml.etree.ElementTree as ET

src, bundle, version = sys.argv[1:4]
NS = "{http://maven.apache.org/POM/4.0.0}"
out = []

def fail(msg):
    out.append("FAIL " + msg)

def text(el, path):
    found = el.find("/".join(NS + p for p in path.split("/")))
    return (found.text or "").strip() if found is not None else ""

# the reactor: modules reachable from the root POM, and whether each is published
reactor = {}
def walk(d):
    pom = ET.parse(os.path.join(d, "pom.xml")).getroot()
    aid = text(pom, "artifactId")
    skip = text(pom, "properties/maven.deploy.skip") == "true"
    reactor[aid] = not skip
    for m in pom.findall(NS + "modules/" + NS + "module"):
        walk(os.path.join(d, m.text.strip()))
walk(src)

# the bundle: groupId/artifactId/version directories
poms = {}
listed = []
for dirpath, _, files in os.walk(bundle):
    for f in files:
        if f.endswith(".pom"):
            root = ET.parse(os.path.join(dirpath, f)).getroot()
            aid = text(root, "artifactId")
            if f != f"{aid}-{version}.pom":
                fail(f"{f}: not named {aid}-{version}.pom")
            poms[aid] = root
            listed.append(("POM", os.path.relpath(os.path.join(dirpath, f), bundle),
                           text(root, "packaging") or "jar"))
for line in sorted(listed):
    print(*line)

for aid, published in sorted(reactor.items()):
    if published and aid not in poms:
        fail(f"{aid}: a published module (no maven.deploy.skip) missing from the bundle")
    if not published and aid in poms:
        fail(f"{aid}: has maven.deploy.skip but is in the bundle")
for aid in poms:
    if aid not in reactor:
        fail(f"{aid}: in the bundle but not a module of the reactor")

def chain(aid):
    """The POM and its parents, nearest first; a parent must be in the bundle."""
    result = [(aid, poms[aid])]
    while True:
        parent = result[-1][1].find(NS + "parent")
        if parent is None:
            return result
        paid = text(parent, "artifactId")
        if paid not in poms:
            fail(f"{aid}: parent {paid} is not in the bundle")
            return result
        if text(parent, "version") != version:
            fail(f"{aid}: parent version {text(parent, 'version')}, not {version}")
        result.append((paid, poms[paid]))

def inherited(aid, path, attr=None):
    """(value, declaring POM, appended path) the way Maven inherits url-like fields."""
    links = chain(aid)
    for i, (name, pom) in enumerate(links):
        value = text(pom, path)
        if value:
            appended = []
            if attr:
                # each child below the declaring POM appends its artifactId unless told not to
                el = pom.find("/".join(NS + p for p in path.split("/")[:-1])) if "/" in path else pom
                if el is None or el.get(attr) != "false":
                    appended = [n for n, _ in links[:i]][::-1]
            return value, name, appended
    return "", None, []

for aid, pom in sorted(poms.items()):
    for field in ("name", "description"):
        if not text(pom, field):
            fail(f"{aid}: no <{field}> of its own")
    url, _, appended = inherited(aid, "url", "child.project.url.inherit.append.path")
    if not url:
        fail(f"{aid}: no <url> (also not inherited)")
    elif appended:
        fail(f"{aid}: <url> inherits as {url}/{'/'.join(appended)}: set "
             "child.project.url.inherit.append.path=\"false\"")
    for sub in ("connection", "developerConnection", "url"):
        value, _, appended = inherited(aid, "scm/" + sub, f"child.scm.{sub}.inherit.append.path")
        if not value:
            fail(f"{aid}: no <scm><{sub}> (also not inherited)")
        elif appended:
            fail(f"{aid}: <scm><{sub}> inherits with /{'/'.join(appended)} appended")
    licenses = [p.findall(NS + "licenses/" + NS + "license") for _, p in chain(aid)]
    licenses = next((l for l in licenses if l), [])
    if not licenses:
        fail(f"{aid}: no <licenses> (also not inherited)")
    for lic in licenses:
        if not text(lic, "name") or not text(lic, "url"):
            fail(f"{aid}: a <license> without <name> or <url>")
    developers = [p.findall(NS + "developers/" + NS + "developer") for _, p in chain(aid)]
    developers = next((d for d in developers if d), [])
    if not any(text(d, "name") or text(d, "id") for d in developers):
        fail(f"{aid}: no <developers> with a name or id (also not inherited)")
    group = text(pom, "groupId") or text(pom, "parent/groupId")
    for dep in pom.iter(NS + "dependency"):
        dgroup = text(dep, "groupId").replace("${project.groupId}", group)
        daid = text(dep, "artifactId")
        if dgroup == group and daid not in poms:
            fail(f"{aid}: refers to {dgroup}:{daid}, which is not published")
    if "SNAPSHOT" in ET.tostring(pom, encoding="unicode"):
        fail(f"{aid}: the POM still mentions a SNAPSHOT")
print("\n".join(out))
EOF
if ! grep -q '^POM ' "$tmp/poms.out"; then
  fail "the bundle holds no POM"
fi
while IFS= read -r line; do
  case "$line" in
    FAIL\ *) fail "${line#FAIL }" ;;
  esac
done <"$tmp/poms.out"

# --- artifacts: presence, signatures, contents
while read -r _ pom packaging; do
  dir=$(dirname "$bundle/$pom")
  base="${pom%.pom}"
  base=$(basename "$base")
  expected=("$base.pom")
  if [[ "$packaging" != pom ]]; then
    expected+=("$base.jar" "$base-sources.jar" "$base-javadoc.jar")
  fi
  for f in "${expected[@]}"; do
    [[ -f "$dir/$f" ]] || fail "$f: missing from the bundle"
  done
  for f in "$dir"/*; do
    name=$(basename "$f")
    case "$name" in
      *.asc | *.md5 | *.sha1 | *.sha256 | *.sha512) continue ;;
    esac
    if [[ ! -f "$f.asc" ]]; then
      fail "$name: no $name.asc"
    elif ! gpg --batch --status-fd 1 --verify "$f.asc" "$f" 2>/dev/null |
        grep -q "^\[GNUPG:\] VALIDSIG $fingerprint "; then
      fail "$name.asc: not a valid signature of $name by the throwaway key"
    fi
    for sum in md5 sha1; do
      [[ -f "$f.$sum" ]] || fail "$name: no $name.$sum"
    done
    if [[ "$name" == *.jar ]]; then
      listing=$(unzip -Z1 "$f")
      if ! grep -qx 'META-INF/LICENSE' <<<"$listing"; then
        fail "$name: no META-INF/LICENSE"
      elif ! unzip -p "$f" META-INF/LICENSE | cmp -s - "$root/LICENSE"; then
        fail "$name: META-INF/LICENSE differs from LICENSE"
      fi
      case "$name" in
        *-sources.jar) grep -q '\.java$' <<<"$listing" || fail "$name: no .java file" ;;
        *-javadoc.jar) grep -qx 'index.html' <<<"$listing" || fail "$name: no index.html" ;;
        *) grep -q '\.class$' <<<"$listing" || fail "$name: no .class file" ;;
      esac
    fi
  done
  echo "check-release: checked ${base} (${packaging}):" \
    "$(cd "$dir" && ls | grep -cv -E '\.(asc|md5|sha1|sha256|sha512)$') files"
done < <(grep '^POM ' "$tmp/poms.out")

# --- every jar the build produced, published or not: one META-INF/LICENSE
while IFS= read -r -d '' jar; do
  n=$(unzip -Z1 "$jar" | grep -cx 'META-INF/LICENSE' || true)
  [[ "$n" == 1 ]] || fail "${jar#"$src"/}: $n META-INF/LICENSE entries, not 1"
done < <(find "$src" -path '*/target/*' -name '*.jar' -not -path '*/central-*' -print0)

if ((failures > 0)); then
  echo "check-release: ${failures} failure(s)" >&2
  exit 1
fi
echo "check-release: OK: the ${release} bundle is complete, signed and licensed"

#!/bin/bash
# The Wireshark dissector tools/wireshark/bsdtalk.lua under Debian's tshark (4.0, Lua 5.2), checked
# against our own capture decoder on every test capture (examples/src/test/resources, *.pcap and
# *.pcapng). Nothing talks: tshark and the decoder only read files, so no namespace is made.
#
#   bash interop/dissector-interop.sh     (as root: iop_setup installs tshark if it is missing)
#
# fields-ntalk-FILE   tshark -X lua_script:tools/wireshark/bsdtalk.lua -r FILE -Y ntalk -T fields
#                     -e ntalk.type -e ntalk.id_num -e ntalk.l_name -e ntalk.r_name prints byte
#                     for byte what "talk-examples.jar decode --pcap FILE --fields ntalk" prints
# fields-otalk-FILE   the same for old talk (otalk.*, --fields otalk)
# no-lua-errors       no capture makes the dissector fail ("Lua Error" in tshark -V, one pass or two)
# response-tracking   in the session captures, in one pass and in two (-2), every reply names its
#                     request (ntalk.response_to, ntalk.time) and, in two passes, every request
#                     answered names its reply (ntalk.response_in), both ways the same pairs
# expert-malformed    in golden-datagrams.pcap, exactly the datagrams of a wrong length carry the
#                     ntalk.malformed or otalk.malformed expert info (PI_MALFORMED, error), which
#                     names the expected and the actual length as talk-proto's TalkCodec does
#                     ("CTL_MSG needs 84 bytes, got 83")
# edit-characters     in the session captures the TCP conversation on the announced port is talk:
#                     each side's first three bytes are talk.erase 0x7f, talk.kill 0x15,
#                     talk.werase 0x17, in one pass and in two, and both sides typed talk.text
#
# Prints PASS/FAIL per check (with the diff of a failed comparison), then "dissector-interop: N
# passed, M failed"; exits 1 on any failure.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

LOG=$IOP_LOGS/dissector-interop
PASSED=0
FAILED=0
FAILED_IDS=()
LUA=tools/wireshark/bsdtalk.lua
CAPTURES=examples/src/test/resources/io/github/bsdtalk/examples/pcap
SESSIONS=(netkit-session.pcap inetutils-session.pcap netkit-manual.pcap)

summary() {
  SUMMARY_DONE=1
  [ "$FAILED" = 0 ] || print_failed_screens
  echo "outputs: $LOG"
  echo "dissector-interop: $PASSED passed, $FAILED failed"
}
finish() {
  local rc=$?
  iop_cleanup
  iop_exit_summary "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

IOP_PACKAGES+=(tshark)
iop_setup
command -v tshark >/dev/null || iop_die "tshark missing after apt-get install tshark"
rm -rf "$LOG"
mkdir -p "$LOG"
cd "$IOP_ROOT" || iop_die "cannot cd to $IOP_ROOT"
[ -f "$LUA" ] || iop_die "$LUA missing"
iop_note "$(tshark --version 2>/dev/null | head -n 1)"

# ts OUT ARG...: tshark with the dissector; stdout to OUT, stderr (but root's warning) to OUT.err;
# WHY+= if it fails or complains
ts() {
  local out=$1
  shift
  if ! tshark -X lua_script:"$LUA" "$@" >"$out" 2>"$out.raw-err"; then
    WHY+=("tshark $* failed: $(tr '\n' ' ' <"$out.raw-err")")
  fi
  grep -v '^Running as user "root" and group "root"\. This could be dangerous\.$' \
    "$out.raw-err" >"$out.err"
  [ -s "$out.err" ] && WHY+=("tshark $* wrote to stderr: $(head -c 400 "$out.err" | tr '\n' ' ')")
  return 0
}

# same ID EXPECTED ACTUAL WHAT: WHY+= unless the files are equal; the diff goes with the check
same() {
  if ! cmp -s "$2" "$3"; then
    WHY+=("$4 differ (diff below: - $(basename "$2"), + $(basename "$3"))")
    diff -u "$2" "$3" | head -n 80 >"$LOG/$1-diff.txt"
  fi
}

mapfile -t FILES < <(find "$CAPTURES" -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort)
[ ${#FILES[@]} -gt 0 ] || iop_die "no captures under $CAPTURES"

# ---------------------------------------------------------------- the four fields, file by file

for f in "${FILES[@]}"; do
  name=$(basename "$f")
  for p in ntalk otalk; do
    id=fields-$p-$name
    begin "$id" "tshark -Y $p -T fields ($p.type, id_num, l_name, r_name) = decode --fields $p"
    ts "$LOG/$id.tshark" -r "$f" -Y "$p" -T fields \
      -e "$p.type" -e "$p.id_num" -e "$p.l_name" -e "$p.r_name"
    # tshark writes UTF-8 whatever the locale, and so does --fields: run it in the C locale to
    # check that (names with bytes >= 0x80 are in golden-datagrams.pcap)
    if ! LC_ALL=C java -jar "$IOP_JAR" decode --pcap "$f" --fields "$p" \
      >"$LOG/$id.decode" 2>"$LOG/$id.decode.err"; then
      WHY+=("decode --pcap $name --fields $p failed: $(head -c 400 "$LOG/$id.decode.err" | tr '\n' ' ')")
    fi
    same "$id" "$LOG/$id.decode" "$LOG/$id.tshark" "the decoder's and tshark's lines"
    iop_note "$(wc -l <"$LOG/$id.tshark") datagrams"
    end
  done
done

# ---------------------------------------------------------------- the rest of the dissector

begin no-lua-errors "no capture gives a Lua error, in one pass or two"
for f in "${FILES[@]}"; do
  name=$(basename "$f")
  for pass in 1 2; do
    args=(-r "$f" -V)
    [ $pass = 2 ] && args=(-2 "${args[@]}")
    ts "$LOG/verbose-$pass-$name.txt" "${args[@]}"
    n=$(grep -c 'Lua Error' "$LOG/verbose-$pass-$name.txt")
    [ "$n" = 0 ] || WHY+=("$name, $pass pass(es): $n lines with 'Lua Error', first: $(grep -m 1 'Lua Error' "$LOG/verbose-$pass-$name.txt")")
  done
done
end

begin response-tracking "every reply paired with its request (response_to, time; response_in with -2)"
for name in "${SESSIONS[@]}"; do
  for pass in 1 2; do
    # no display filter: without one, tshark -2 builds no tree in its first pass, and the
    # pairing must still be made there
    args=(-r "$CAPTURES/$name" -T fields -E occurrence=f -e frame.number -e udp.srcport
      -e ntalk.response_in -e ntalk.response_to -e ntalk.time -e ntalk.vers)
    [ $pass = 2 ] && args=(-2 "${args[@]}")
    out=$LOG/pairs-$pass-$name.txt
    ts "$out" "${args[@]}"
    # frame srcport response_in response_to time vers (only ntalk datagrams have a vers): a reply
    # (from 518) needs response_to and time; in two passes a request needs response_in, and the
    # two columns must name the same pairs (to[] and in_[] both map a request's frame to its
    # reply's)
    problems=$(awk -F'\t' -v pass="$pass" '
      $6 == "" { next }
      $2 == 518 { replies++; if ($4 == "" || $5 == "") print "reply #" $1 " has no response_to/time"
                  else to[$4] = $1 }
      $2 != 518 { requests++; if (pass == 2) { if ($3 == "") print "request #" $1 " has no response_in"
                  else in_[$1] = $3 } else if ($3 != "") print "request #" $1 " has response_in in one pass" }
      END {
        if (replies == 0) print "no replies at all"
        if (pass == 2) {
          for (q in in_) if (!(q in to) || to[q] != in_[q]) print "request #" q " names reply #" in_[q] ", which does not name it"
          for (q in to) if (!(q in in_) || in_[q] != to[q]) print "reply #" to[q] " names request #" q ", which does not name it"
        }
        printf "%d requests, %d replies\n", requests, replies > "/dev/stderr"
      }' "$out" 2>"$out.counts")
    iop_note "$name, $pass pass(es): $(cat "$out.counts")"
    [ -z "$problems" ] || WHY+=("$name, $pass pass(es): $(tr '\n' ';' <<<"$problems")")
  done
done
end

begin expert-malformed "exactly the wrong-length datagrams carry ntalk/otalk.malformed, naming both lengths"
f=$CAPTURES/golden-datagrams.pcap
if [ -f "$f" ]; then
  # expected, by the rule of the contract (destination port first, then source; on 518: 84, 24, 76
  # fine; on 517: 76, 24 fine), from UDP's own length field, ICMP-quoted datagrams excluded; the
  # message in the words of talk-proto's TalkCodec.checkLength, as decode --pcap reads a wrong
  # length: to a daemon port a request of the wrong size, from it a reply of the wrong size
  ts "$LOG/udp.txt" -r "$f" -Y 'udp && !icmp' -T fields -e frame.number -e udp.srcport -e udp.dstport -e udp.length
  awk -F'\t' '
    function problem(what, size, n) { return what " " (n < size ? "needs" : "is") " " size " bytes, got " n }
    {
      to_daemon = $3 == 518 || $3 == 517; port = to_daemon ? $3 : $2; n = $4 - 8
      if (port == 518 && n != 84 && n != 24 && n != 76)
        print $1 "\tntalk\t" (to_daemon ? problem("CTL_MSG", 84, n) : problem("CTL_RESPONSE", 24, n))
      if (port == 517 && n != 76 && n != 24)
        print $1 "\totalk\t" (to_daemon ? problem("old-talk CTL_MSG", 76, n) : problem("old-talk CTL_RESPONSE", 24, n))
    }' "$LOG/udp.txt" >"$LOG/malformed.expected"
  ts "$LOG/malformed.tshark" -r "$f" -Y 'ntalk.malformed || otalk.malformed' -T fields \
    -E occurrence=f -e frame.number -e _ws.col.Protocol -e _ws.expert.message -e _ws.expert.group \
    -e _ws.expert.severity
  # frame, protocol and message; the group must be PI_MALFORMED (0x07000000), the severity
  # PI_ERROR (0x00800000)
  cut -f 1-3 "$LOG/malformed.tshark" >"$LOG/malformed.found"
  awk -F'\t' '$4 != 117440512 || $5 != 8388608 { print "frame " $1 ": expert group " $4 ", severity " $5 }' \
    "$LOG/malformed.tshark" >"$LOG/malformed.levels"
  [ -s "$LOG/malformed.levels" ] && WHY+=("not PI_MALFORMED/PI_ERROR: $(tr '\n' ' ' <"$LOG/malformed.levels")")
  [ -s "$LOG/malformed.expected" ] || WHY+=("golden-datagrams.pcap has no wrong-length datagram")
  same expert-malformed "$LOG/malformed.expected" "$LOG/malformed.found" "the malformed frames (number, protocol, message) expected and flagged"
  iop_note "$(wc -l <"$LOG/malformed.found") malformed datagrams flagged"
else
  WHY+=("$f missing")
fi
end

begin edit-characters "the announced TCP conversation: 7f 15 17 first each way, then talk.text"
for name in "${SESSIONS[@]}"; do
  for pass in 1 2; do
    args=(-r "$CAPTURES/$name" -Y talk -T fields -e tcp.srcport -e talk.erase -e talk.kill -e talk.werase
      -e talk.text)
    [ $pass = 2 ] && args=(-2 "${args[@]}")
    out=$LOG/talk-$pass-$name.txt
    ts "$out" "${args[@]}"
    edits=$(awk -F'\t' '$2 != "" || $3 != "" || $4 != "" { print $2, $3, $4 }' "$out" | sort | uniq -c |
      sed 's/^ *//')
    sides=$(awk -F'\t' '$2 != "" { print $1 }' "$out" | sort -u | wc -l)
    typing=$(awk -F'\t' '$5 != "" { print $1 }' "$out" | sort -u | wc -l)
    iop_note "$name, $pass pass(es): edit characters: $edits; $typing sides typed"
    [ "$edits" = "2 0x7f 0x15 0x17" ] && [ "$sides" = 2 ] ||
      WHY+=("$name, $pass pass(es): expected 0x7f 0x15 0x17 once from each of 2 ports, got '$edits' from $sides")
    [ "$typing" = 2 ] || WHY+=("$name, $pass pass(es): talk.text from $typing sides, not 2")
  done
done
end

summary
[ "$FAILED" = 0 ]

#!/bin/bash
# The chat room mirrored into IRC ("talk-examples.jar bridge --irc"), against a real IRC server:
# Debian's ngircd inside the namespace, a scripted channel user (carol, interop/irc-user.py), real
# netkit talk users in tmux (alice, bob) and a raw talk caller that types what no talk client would
# (eve, interop/talk-raw.py). Check 8 is the load of issue 14: 50 talk members and a busy channel
# (benchmarks.jar's BridgeLoad), its numbers printed for BENCHMARKS.md; check 9 is --tls against
# ngircd's TLS port with a throwaway certificate.
#
#   bash interop/irc-interop.sh        (as root; run-all.sh runs it with the other suites)
#
# Prints PASS/FAIL per check, then "irc-interop: N passed, M failed"; exits 1 on any failure.
# Screens, the IRC user's log, the bridge's and ngircd's logs are in $IOP_LOGS/irc-interop/.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

IOP_PACKAGES+=(ngircd tcpdump openssl)
LOG=$IOP_LOGS/irc-interop
ROOM=lobby
CHAN='#talk'
IRC_PORT=6667
IRC_TLS_PORT=6697
PASSED=0
FAILED=0
FAILED_IDS=()
BRIDGE_PID=
NGIRCD_PID=
CAROL_PID=
BENCH_JAR=$IOP_ROOT/benchmarks/target/benchmarks.jar

summary() {
  SUMMARY_DONE=1
  iop_report_failures "$LOG/bridge.log" "$LOG/ngircd.log" "$LOG/carol.log"
  echo "screens and logs: $LOG"
  echo "irc-interop: $PASSED passed, $FAILED failed"
}
finish() {
  local rc=$?
  exec 7>&- 2>/dev/null
  iop_cleanup
  iop_exit_summary "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

iop_setup
command -v ngircd >/dev/null || iop_die "ngircd is not installed"
command -v tcpdump >/dev/null || iop_die "tcpdump is not installed"
[ -f "$BENCH_JAR" ] || iop_die "$BENCH_JAR is missing: mvn -q -pl benchmarks -am package -DskipTests"
rm -rf "$LOG"
mkdir -p "$LOG/ngircd.d"
chmod 755 "$LOG" "$LOG/ngircd.d"
iop_netns_up

# ---------------------------------------------------------------- ngircd, carol, the bridge

# PEERS.md: this config runs in a namespace; after TERM a fresh start rebinds the port at once.
cat >"$LOG/ngircd.conf" <<EOF
[Global]
	Name = irc.bsdtalk.test
	Info = bsdtalk interop IRC server
	AdminInfo1 = bsdtalk interop
	AdminInfo2 = a private network namespace
	AdminEMail = root@localhost
	Listen = 127.0.0.1
	Ports = $IRC_PORT
	ServerUID = nobody
	ServerGID = nogroup
	MotdPhrase = bsdtalk interop
[Limits]
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxNickLength = 30
[Options]
	DNS = no
	Ident = no
	PAM = no
	IncludeDir = $LOG/ngircd.d
[SSL]
	CertFile = $LOG/tls/cert.pem
	KeyFile = $LOG/tls/key.pem
	Ports = $IRC_TLS_PORT
EOF
# A throwaway certificate for 127.0.0.1 (read by ngircd, which runs as nobody) and a trust store
# holding it, for the TLS check: the bridge checks the server's certificate and name.
mkdir -p "$LOG/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$LOG/tls/key.pem" \
  -out "$LOG/tls/cert.pem" >"$LOG/tls/openssl.log" 2>&1 || iop_die "openssl could not make a certificate"
chmod 644 "$LOG/tls/key.pem"
keytool -importcert -noprompt -alias ngircd -file "$LOG/tls/cert.pem" -keystore "$LOG/tls/trust.p12" \
  -storetype PKCS12 -storepass interop >"$LOG/tls/keytool.log" 2>&1 || iop_die "keytool could not make a trust store"

ngircd_start() {   # WHY+= unless ngircd listens on 127.0.0.1:$IRC_PORT in the netns within 10 s
  local i
  setsid ip netns exec "$IOP_NS" ngircd -n -f "$LOG/ngircd.conf" >>"$LOG/ngircd.log" 2>&1 </dev/null &
  NGIRCD_PID=$!
  IOP_PIDS+=("$NGIRCD_PID")
  for ((i = 0; i < 100; i++)); do
    ip netns exec "$IOP_NS" ss -Htln "sport = :$IRC_PORT" | grep -q "127.0.0.1:$IRC_PORT" && return 0
    iop_alive "$NGIRCD_PID" || break
    sleep 0.1
  done
  WHY+=("ngircd did not listen on 127.0.0.1:$IRC_PORT within 10 s")
}

ngircd_stop() {
  iop_stop_pid "$NGIRCD_PID"
  iop_forget_pid "$NGIRCD_PID"
  NGIRCD_PID=
}

# carol: the channel user. Commands go through FIFO fd 7; every line she receives is in carol.log.
carol_start() {
  mkfifo "$LOG/carol.cmd"
  setsid ip netns exec "$IOP_NS" python3 "$IOP_DIR/irc-user.py" --port "$IRC_PORT" --nick carol \
    --channel "$CHAN" --log "$LOG/carol.log" --commands "$LOG/carol.cmd" </dev/null >/dev/null 2>&1 &
  CAROL_PID=$!
  IOP_PIDS+=("$CAROL_PID")
  exec 7>"$LOG/carol.cmd"
}
carol() { printf '%s\n' "$*" >&7; }

# carol_saw SINCE ERE SECONDS: a line carol received after line SINCE of her log matches ERE
carol_saw() {
  local since=$1 re=$2 end=$((SECONDS + $3))
  while :; do
    tail -n +"$((since + 1))" "$LOG/carol.log" 2>/dev/null | grep -qE -- "$re" && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}
carol_mark() { wc -l <"$LOG/carol.log" 2>/dev/null || echo 0; }

# What the bridge (nick $ROOM) said in the channel since line SINCE of carol's log: the texts.
bridge_texts() {
  tail -n +"$(($1 + 1))" "$LOG/carol.log" | sed -n "s/^[0-9]* :$ROOM![^ ]* PRIVMSG $CHAN :\(.*\)\$/\1/p"
}

says() {   # says USER TEXT: USER types TEXT and Enter in netkit talk
  iop_type "$1" "$2"
  iop_keys "$1" Enter
}

# ---------------------------------------------------------------- checks

begin 1-up "ngircd in the namespace, carol in $CHAN, and the bridge joins $CHAN as '$ROOM'"
ngircd_start
carol_start
carol_saw 0 " 366 carol " 15 || WHY+=("carol did not get into $CHAN (no 366 End of NAMES)")
MARK=$(carol_mark)
iop_bridge_start "$LOG/bridge.log" "$ROOM" --port 518 --irc "127.0.0.1:$IRC_PORT" --channel "$CHAN"
carol_saw "$MARK" "^[0-9]+ :$ROOM![^ ]* JOIN :?$CHAN\$" 20 || WHY+=("carol did not see $ROOM join $CHAN within 20 s")
grep -q "^irc: joined $CHAN\$" "$LOG/bridge.log" || WHY+=("bridge.log: no 'irc: joined $CHAN'")
end

begin 2-member-to-channel "alice (netkit talk) joins the room: $CHAN is told, and her line reaches it naming her"
MARK=$(carol_mark)
iop_login alice
iop_keys alice "$NETKIT_TALK $ROOM" Enter
expect alice 'Connection established' 15 "alice: no [Connection established]"
expect alice "\*\*\* welcome to $ROOM" 10 "alice: no welcome"
carol_saw "$MARK" "PRIVMSG $CHAN :.*alice@127\.0\.0\.1 joined" 10 || WHY+=("$CHAN was not told that alice joined")
says alice "hello irc"
carol_saw "$MARK" "^[0-9]+ :$ROOM![^ ]* PRIVMSG $CHAN :<alice@127\.0\.0\.1> hello irc\$" 10 ||
  WHY+=("carol did not see '<alice@127.0.0.1> hello irc' from $ROOM")
end

begin 3-channel-to-member "carol's channel line appears on alice's screen, naming carol"
carol "say hi from irc"
expect alice "carol: hi from irc" 10 "alice did not see 'carol: hi from irc'"
end

begin 4-who "'!who' in $CHAN lists the talk members"
MARK=$(carol_mark)
carol "say !who"
carol_saw "$MARK" "^[0-9]+ :$ROOM![^ ]* NOTICE $CHAN :talk members: alice@127\.0\.0\.1\$" 10 ||
  WHY+=("no NOTICE answering !who with 'talk members: alice@127.0.0.1'")
end

begin 5-hostile-irc "ESC sequences, colour codes, BEL and CTCP from IRC reach alice's terminal without those bytes"
# Every TCP payload in the namespace except IRC's is captured: the talk streams to alice and bob.
ip netns exec "$IOP_NS" tcpdump -i lo --immediate-mode -U -s 0 -w "$LOG/hostile.pcap" "tcp and not port $IRC_PORT" \
  >"$LOG/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
IOP_PIDS+=("$TCPDUMP_PID")
for ((i = 0; i < 50; i++)); do grep -q 'listening on' "$LOG/tcpdump.log" && break; sleep 0.1; done
MARK=$(carol_mark)
carol 'say \x1b[2J\x1b]0;pwned\x07\x034,12red\x03 \x02bold\x02 \x1funder\x1f bell\x07 end1'
carol 'say \x01ACTION waves\x01'
carol 'say \x01VERSION\x01'
carol 'say plain after'
expect alice "carol: plain after" 10 "alice did not see 'carol: plain after'"
expect alice "carol: red bold under bell end1" 5 "alice: no 'carol: red bold under bell end1' (the text with its codes stripped)"
expect alice "carol waves" 5 "alice: no 'carol waves' (the CTCP ACTION)"
snap hostile
iop_cap alice | grep -qE '\^\[|\^C|\^G|\^A|\^B|pwned|VERSION' &&
  WHY+=("alice's screen shows a control character or the text of an escape sequence")
sleep 0.5
iop_stop_pid "$TCPDUMP_PID"
iop_forget_pid "$TCPDUMP_PID"
python3 "$IOP_DIR/pcap-tcp-bytes.py" "$LOG/hostile.pcap" --forbid 01,02,03,07,0f,16,1b,1d,1f \
  >"$LOG/hostile-bytes.txt" 2>&1 || WHY+=("forbidden bytes on the talk streams: $(head -3 "$LOG/hostile-bytes.txt" | tr '\n' ' ')")
grep -q '^segments [1-9]' "$LOG/hostile-bytes.txt" || WHY+=("the capture holds no talk segment at all: $(cat "$LOG/hostile-bytes.txt")")
carol_saw "$MARK" "NOTICE carol :.VERSION" 1 && WHY+=("the bridge answered carol's CTCP VERSION")
end

begin 6-hostile-talk "a talk line with CR, LF, NUL and 2,000 bytes gives only well-formed PRIVMSGs; the bridge stays"
MARK=$(carol_mark)
LONG=$(python3 -c 'print(("abcdefghi\u00e9\u65e5 " * 200)[:1400], end="")')
printf 'one\rQUIT :pwned\r\nPRIVMSG %s :injected\0tail\n%s\nbye\n' "$CHAN" "$LONG" >"$LOG/eve.payload"
ip netns exec "$IOP_NS" python3 "$IOP_DIR/talk-raw.py" --callee "$ROOM" --user eve \
  --payload "$LOG/eve.payload" --hold 4 --log "$LOG/eve.received" >"$LOG/eve.log" 2>&1 ||
  WHY+=("talk-raw.py failed: $(cat "$LOG/eve.log")")
carol_saw "$MARK" "<eve@127\.0\.0\.1> bye\$" 30 || WHY+=("carol did not see eve's last line 'bye' within 30 s (paced: 4 lines, then one every 2 s)")
carol "names"
carol_saw "$MARK" " 353 carol = $CHAN :.*\\b$ROOM\\b" 10 || WHY+=("$ROOM is not in $CHAN's NAMES after eve's lines")
# Every line from the bridge is a PRIVMSG to the channel, at most 512 bytes as relayed.
awk -v room=":$ROOM!" -v since="$MARK" 'NR > since && index($2, room) == 1 {
    if ($3 != "PRIVMSG") print "not a PRIVMSG: " $0
    line = substr($0, index($0, " ") + 1); gsub(/\\x[0-9a-f][0-9a-f]/, "x", line)
    if (length(line) + 2 > 512) print "longer than 512 bytes: " length(line) + 2
  }' "$LOG/carol.log" >"$LOG/eve-badlines.txt"
[ -s "$LOG/eve-badlines.txt" ] && WHY+=("bad lines from the bridge: $(head -3 "$LOG/eve-badlines.txt" | tr '\n' ' ')")
# Each PRIVMSG names eve (or is the room's own *** notice): no text of eve's starts a line of its own.
bridge_texts "$MARK" | grep -vE '^(<eve@127\.0\.0\.1> |\*\*\* )' >"$LOG/eve-unlabelled.txt"
[ -s "$LOG/eve-unlabelled.txt" ] && WHY+=("PRIVMSGs without eve's label: $(head -3 "$LOG/eve-unlabelled.txt" | tr '\n' ' ')")
tail -n +"$((MARK + 1))" "$LOG/carol.log" | grep -E "^[0-9]+ :$ROOM![^ ]* QUIT" && WHY+=("the bridge quit")
# The long line arrived whole: its pieces, labels removed, give back the 1,400 characters.
got=$(bridge_texts "$MARK" | sed -n 's/^<eve@127\.0\.0\.1> //p' | grep -v -e '^bye$' -e 'QUIT' -e 'injected' -e '^one' | tr -d '\n')
want=$(python3 -c 'import sys; s=sys.argv[1]; print("".join(c if 32 <= ord(c) < 127 else "\\x%02x" % b for c in s for b in c.encode()), end="")' "$LONG" 2>/dev/null)
[ "${got// /}" = "${want// /}" ] || WHY+=("the long line's pieces do not give back the line (got ${#got} characters, want ${#want})")
iop_alive "$BRIDGE_PID" || WHY+=("the bridge died")
end

begin 7-restart "ngircd restarts: within 30 s the bridge is back in $CHAN and relays; alice stays connected"
ngircd_stop
MARK=$(carol_mark)
T0=$SECONDS
ngircd_start
carol_saw "$MARK" "^[0-9]+ :$ROOM![^ ]* JOIN :?$CHAN\$" 30 || WHY+=("the bridge was not back in $CHAN within 30 s")
iop_note "bridge back in $CHAN after $((SECONDS - T0)) s"
carol_saw "$MARK" " 366 carol " 10 || WHY+=("carol did not get back into $CHAN")
[ "$(iop_cmd alice)" = bash ] && WHY+=("alice's talk exited")
iop_cap alice | grep -q 'Connection closing' && WHY+=("alice's talk says the connection closed")
MARK=$(carol_mark)
says alice "after restart"
carol_saw "$MARK" "<alice@127\.0\.0\.1> after restart\$" 10 || WHY+=("carol did not see alice's line after the restart")
carol "say welcome back"
expect alice "carol: welcome back" 10 "alice did not see 'carol: welcome back'"
end

begin 8-load "50 talk members and a busy channel: every line reaches every screen (latencies for BENCHMARKS.md)"
iop_keys alice C-c
iop_wait_shell alice 5 || WHY+=("alice's talk did not exit on ^C")
ip netns exec "$IOP_NS" java -cp "$BENCH_JAR" io.github.bsdtalk.benchmarks.BridgeLoad \
  --daemon 127.0.0.1:518 --room "$ROOM" --members 50 --irc "127.0.0.1:$IRC_PORT" --channel "$CHAN" \
  --duration "${LOAD_SECONDS:-20}" --talk-rate 5 --irc-rate 2 --bridge-pid "$BRIDGE_PID" \
  >"$LOG/load.txt" 2>&1 || WHY+=("BridgeLoad failed: $(tail -3 "$LOG/load.txt")")
sed 's/^/      /' "$LOG/load.txt"
result=$(grep '^RESULT' "$LOG/load.txt")
val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
[ "$(val members)" = 50 ] || WHY+=("not 50 members joined")
for k in tt it; do
  [ -n "$(val ${k}_seen)" ] && [ "$(val ${k}_seen)" = "$(val ${k}_expected)" ] ||
    WHY+=("$k: $(val ${k}_seen) lines seen of $(val ${k}_expected)")
done
iop_alive "$BRIDGE_PID" || WHY+=("the bridge died")
end

begin 9-tls "--tls: a bridge that trusts ngircd's certificate joins over TLS; one that does not is refused"
tls_bridge() {   # tls_bridge ROOM PORT LOG [JAVA-OPTION...]: another bridge on UDP PORT, IRC over TLS
  local room=$1 port=$2 log=$3
  shift 3
  setsid ip netns exec "$IOP_NS" java "$@" -jar "$IOP_JAR" bridge --room "$room" --bind 127.0.0.1 \
    --port "$port" --irc "127.0.0.1:$IRC_TLS_PORT" --tls --channel "$CHAN" >"$log" 2>&1 </dev/null &
  TLS_PID=$!
  IOP_PIDS+=("$TLS_PID")
}
MARK=$(carol_mark)
tls_bridge tlsroom 5518 "$LOG/bridge-tls.log" -Djavax.net.ssl.trustStore="$LOG/tls/trust.p12" \
  -Djavax.net.ssl.trustStorePassword=interop
GOOD_PID=$TLS_PID
tls_bridge untrusted 5519 "$LOG/bridge-untrusted.log"
BAD_PID=$TLS_PID
carol_saw "$MARK" "^[0-9]+ :tlsroom![^ ]* JOIN :?$CHAN\$" 20 || WHY+=("carol did not see tlsroom join $CHAN over TLS")
grep -q "^irc: connected to 127.0.0.1:$IRC_TLS_PORT (TLS)\$" "$LOG/bridge-tls.log" ||
  WHY+=("bridge-tls.log: no 'irc: connected to 127.0.0.1:$IRC_TLS_PORT (TLS)'")
for ((i = 0; i < 100; i++)); do
  grep -q "cannot connect to 127.0.0.1:$IRC_TLS_PORT" "$LOG/bridge-untrusted.log" && break
  sleep 0.1
done
grep -q "cannot connect to 127.0.0.1:$IRC_TLS_PORT: .*certification path" "$LOG/bridge-untrusted.log" ||
  WHY+=("bridge-untrusted.log: no refused certificate: $(head -2 "$LOG/bridge-untrusted.log" | tr '\n' ' ')")
grep -q "registered\|joined" "$LOG/bridge-untrusted.log" && WHY+=("the bridge that does not trust the certificate registered")
grep -q ":untrusted!" "$LOG/carol.log" && WHY+=("carol saw the untrusting bridge in $CHAN")
iop_stop_pid "$GOOD_PID"
iop_stop_pid "$BAD_PID"
end

iop_stop_pid "$BRIDGE_PID"
summary
[ "$FAILED" = 0 ]

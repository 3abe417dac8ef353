#!/bin/bash
# The chat room's web page ("talk-examples.jar bridge --http", issue 15) in a real headless
# browser: Debian's chromium, driven through chromium-driver by Debian's python3-selenium
# (interop/web-check.py: the visitor ann, one browser session for the whole suite), against real
# netkit talk users in tmux inside the namespace: alice in the room, bob called from the page.
#
#   bash interop/web-interop.sh              (as root; run-all.sh runs it with the other suites)
#   WEB_SCREENSHOT=1 bash interop/web-interop.sh    (also copies the screenshot to docs/web-bridge.png)
#
# Prints PASS/FAIL per check, then "web-interop: N passed, M failed"; exits 1 on any failure.
# Screens, the visitor's results, the bridge's log, the capture and the screenshot are in
# $IOP_LOGS/web-interop/.
set -u
# shellcheck source=interop/lib.sh
. "$(dirname "$0")/lib.sh"

IOP_PACKAGES+=(chromium chromium-driver python3-selenium tcpdump)
LOG=$IOP_LOGS/web-interop
ROOM=lobby
HTTP=127.0.0.1:8080
URL=http://$HTTP/
PY=/usr/bin/python3          # Debian's python3-selenium lives under this one (PEERS.md)
CHROMIUM=/usr/lib/chromium/chromium
CHROMEDRIVER=/usr/bin/chromedriver
SCREEN_CHECK=$IOP_DIR/screen-check.py
# netkit talk splits "web:ann@127.0.0.1" at the ':' (host "web", user "ann@127.0.0.1"; its
# separators are @ : ! . and the first one wins), so the announced "talk web:ann@127.0.0.1"
# cannot be typed as it stands: bob answers in netkit's host:user form, with a host name that
# holds no '.', and 'localhost' is 127.0.0.1, where the bridge's daemon keeps the invitation.
BOB_ANSWERS=${WEB_BOB_ANSWERS:-localhost:web:ann}
PASSED=0
FAILED=0
FAILED_IDS=()
BRIDGE_PID=
WEB_PID=
TCPDUMP_PID=
LATENCY_KEYS=${WEB_LATENCY_KEYS:-20}

summary() {
  SUMMARY_DONE=1
  iop_report_failures "$LOG/bridge.log" "$LOG/web.results" "$LOG/web-check.log"
  echo "screens and logs: $LOG"
  echo "web-interop: $PASSED passed, $FAILED failed"
}
finish() {
  local rc=$?
  if [ -n "$WEB_PID" ] && iop_alive "$WEB_PID"; then
    printf '%s\tquit\n' 999999 >&8 2>/dev/null
    for ((i = 0; i < 50; i++)); do iop_alive "$WEB_PID" || break; sleep 0.1; done
  fi
  exec 8>&- 2>/dev/null
  iop_cleanup
  iop_exit_summary "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

iop_setup
[ -x "$CHROMIUM" ] || iop_die "$CHROMIUM is missing (package chromium; /usr/bin/chromium, the wrapper, is not used)"
[ -x "$CHROMEDRIVER" ] || iop_die "$CHROMEDRIVER is missing (package chromium-driver)"
"$PY" -c 'import selenium.webdriver' 2>/dev/null || iop_die "$PY cannot import selenium (package python3-selenium)"
command -v tcpdump >/dev/null || iop_die "tcpdump is not installed"
rm -rf "$LOG"
mkdir -p "$LOG"
chmod 755 "$LOG"
iop_netns_up

# ---------------------------------------------------------------- the bridge, the visitor

# Standalone on 127.0.0.1:518 as root, as in bridge-interop.sh, with the web page on $HTTP.
# --ring-ttys: a call from the page is placed by the bridge's own endpoint through the talk
# daemon on 518, which is the bridge; it must ring bob's tty like talkd does.
bridge_start() {
  iop_bridge_start "$LOG/bridge.log" "$ROOM" --port 518 --ring-ttys --http "$HTTP" --web-callable bob
  bridge_logged "web: serving $URL" 20 || WHY+=("bridge.log: no line 'web: serving $URL' within 20 s")
  # the JDK's server listens on a dual-stack socket: ss shows [::ffff:127.0.0.1]:PORT
  local ip=${HTTP%:*} port=${HTTP##*:}
  ip netns exec "$IOP_NS" ss -Htln "sport = :$port" | grep -qE "(^| |\[::ffff:)${ip//./\\.}\]?:$port " ||
    WHY+=("nothing listens on TCP $HTTP in the namespace")
}

# bridge_logged LINE SECONDS: until bridge.log has exactly LINE (a fixed string)
bridge_logged() {
  local end=$((SECONDS + $2))
  while :; do
    grep -qxF -- "$1" "$LOG/bridge.log" && return 0
    [ $SECONDS -ge $end ] && return 1
    sleep 0.1
  done
}

# The visitor: web-check.py inside the namespace, commands through FIFO fd 8, one result line per
# command in web.results. For the latency check it reads bob's screen and types at bob itself,
# through his tmux socket (root may use it; the commands below run without the netns).
web_start() {
  local sock cap keys i
  sock=/tmp/tmux-$(id -u bob)/bsdtalk-iop-$IOP_RUN-bob
  printf -v cap 'tmux -S %q capture-pane -p -t bob' "$sock"
  printf -v keys 'if [ "$1" = $%q ]; then tmux -S %q send-keys -t bob Enter; else tmux -S %q send-keys -t bob -l -- "$1"; fi' \
    '\n' "$sock" "$sock"
  mkfifo "$LOG/web.cmd"
  : >"$LOG/web.results"
  setsid ip netns exec "$IOP_NS" "$PY" "$IOP_DIR/web-check.py" --commands "$LOG/web.cmd" \
    --results "$LOG/web.results" --chromium "$CHROMIUM" --chromedriver "$CHROMEDRIVER" \
    --capture-cmd "$cap" --peer-keys-cmd "$keys" --driver-log "$LOG/chromedriver.log" \
    >"$LOG/web-check.log" 2>&1 </dev/null &
  WEB_PID=$!
  IOP_PIDS+=("$WEB_PID")
  exec 8>"$LOG/web.cmd"
  for ((i = 0; i < 300; i++)); do
    grep -q '^0 ' "$LOG/web.results" && break
    iop_alive "$WEB_PID" || break
    sleep 0.1
  done
  grep -q '^0 OK ' "$LOG/web.results" ||
    WHY+=("chromium did not start: $(head -1 "$LOG/web.results") $(tail -3 "$LOG/web-check.log" | tr '\n' ' ')")
  iop_note "$(sed -n 's/^0 OK //p' "$LOG/web.results")"
}

# web VERB ARG...: one command to web-check.py (see its header); waits for its result line.
# WEB_OUT is the text after OK or FAIL; the status is 0 for OK. WEB_TIMEOUT (60 s) bounds it.
WEB_SEQ=0
WEB_OUT=
web() {
  local verb=$1 end line st
  WEB_SEQ=$((WEB_SEQ + 1))
  (IFS=$'\t' && printf '%s\n' "$WEB_SEQ$IFS$*") >&8
  end=$((SECONDS + ${WEB_TIMEOUT:-60}))
  while :; do
    line=$(grep -m1 "^$WEB_SEQ \(OK\|FAIL\) " "$LOG/web.results")
    [ -n "$line" ] && break
    if ! iop_alive "$WEB_PID"; then
      WEB_OUT="web-check.py is gone (during '$verb'): $(tail -3 "$LOG/web-check.log" | tr '\n' ' ')"
      return 1
    fi
    if [ $SECONDS -ge $end ]; then
      WEB_OUT="web-check.py gave no answer to '$verb' within ${WEB_TIMEOUT:-60} s"
      return 1
    fi
    sleep 0.05
  done
  WEB_OUT=${line#"$WEB_SEQ "}
  st=${WEB_OUT%% *}
  WEB_OUT=${WEB_OUT#* }
  [ "$st" = OK ]
}
# w WHAT VERB ARG...: web VERB ARG..., and on failure WHY+=("WHAT: why")
w() {
  local what=$1
  shift
  web "$@" || { WHY+=("$what: $WEB_OUT"); return 1; }
}

says() {   # says USER TEXT: USER types TEXT and Enter in netkit talk
  iop_type "$1" "$2"
  iop_keys "$1" Enter
}

# see USER SECONDS WHAT CONDITION...: poll USER's screen until screen-check.py's CONDITIONs
# hold (rows "top"/"bottom" of netkit's split), else WHY+=
see() {
  local u=$1 end=$((SECONDS + $2)) what=$3 why
  shift 3
  while :; do
    why=$(iop_tmux "$u" capture-pane -p -t "$u" 2>/dev/null | "$PY" "$SCREEN_CHECK" "$@") && return 0
    if [ $SECONDS -ge $end ]; then
      WHY+=("$u's screen: $what ($why)")
      return 1
    fi
    sleep 0.05
  done
}

# ---------------------------------------------------------------- checks

begin 1-up "the bridge serves room '$ROOM' on UDP 518 and its page on $HTTP; headless chromium starts in the namespace"
bridge_start
web_start
end
# nothing below can pass without these two (a bridge without --http stops at its usage error):
# stop, with that one failure counted
if [ "$FAILED" != 0 ]; then
  printf '\nweb-interop: the bridge or chromium did not start; nothing else can be checked\n' >&2
  summary
  exit 1
fi

begin 2-page "the page loads with its ids; ann joins; alice (netkit talk) sees web:ann and her line; alice's line reaches #log"
iop_login alice
iop_login bob
iop_keys alice "$NETKIT_TALK $ROOM" Enter
expect alice 'Connection established' 15 "alice: no [Connection established]"
expect alice "\*\*\* welcome to $ROOM" 10 "alice: no welcome"
w "open $URL" open "$URL"
w "the page's ids" ids name join message log members call-user call call-status split mine theirs keys hangup
w "ann joins" join ann
bridge_logged "web: web:ann joined" 5 || WHY+=("bridge.log: no 'web: web:ann joined'")
expect alice '\*\*\* web:ann joined' 10 "alice: no '*** web:ann joined'"
w "ann says hello" say "hello from the web"
expect alice '^web:ann: hello from the web *$' 10 "alice: no 'web:ann: hello from the web'"
says alice "hello from alice"
w "alice's line in #log within 5 s" wait-log '^alice@127\.0\.0\.1: hello from alice$' 5
w "#members" wait-members 5 alice@127.0.0.1 web:ann
iop_note "#members: $WEB_OUT"
end

begin 2b-names "POST /api/join refuses a name in use (409) and names that are not 1 to 7 of A-Z a-z 0-9 _ - (400)"
w "join ann again" fetch POST /api/join '{"name": "ann"}' '^409 \{"error": ?"[^"]+"\}$'
for bad in '' abcdefgh 'a b' 'ann:x' 'web:a' '<b>' 'caf\u00e9' 'x\u001by'; do
  w "join '$bad'" fetch POST /api/join "{\"name\": \"$bad\"}" '^400 \{"error": ?"[^"]+"\}$'
done
w "join 7 characters" fetch POST /api/join '{"name": "Ab0_-xY"}' '^200 \{.*"name": ?"web:Ab0_-xY"'
bridge_logged "web: web:Ab0_-xY joined" 5 || WHY+=("bridge.log: no 'web: web:Ab0_-xY joined'")
expect alice '\*\*\* web:Ab0_-xY joined' 10 "alice: no '*** web:Ab0_-xY joined'"
grep -E 'web: web:(abcdefgh|a b|ann:x|<b>)' "$LOG/bridge.log" && WHY+=("the bridge logged a refused name as joined")
end

begin 3-hostile-web "<script>, <img onerror> and ESC from the page show literally, add no element, and reach alice's terminal without an ESC or BEL byte"
# alice's talk stream, both ways: the TCP port of her netkit talk's one connection (the room
# connected to her). Not "every segment but the page's" as in irc-interop.sh: Selenium talks to
# chromedriver and chromedriver to chromium over TCP in this namespace too, and the WebSocket
# frames of the latter are masked, so they hold any byte.
ALICE_PORT=$(ip netns exec "$IOP_NS" ss -Htnp state established |
  awk '/"netkit-ntalk"/ {n = split($3, a, ":"); print a[n]; exit}')
[ -n "$ALICE_PORT" ] || WHY+=("no established TCP connection of alice's netkit talk: $(ip netns exec "$IOP_NS" ss -Htnp | tr '\n' ' ')")
ip netns exec "$IOP_NS" tcpdump -i lo --immediate-mode -U -s 0 -w "$LOG/hostile.pcap" "tcp port ${ALICE_PORT:-1}" \
  >"$LOG/tcpdump.log" 2>&1 &
TCPDUMP_PID=$!
IOP_PIDS+=("$TCPDUMP_PID")
for ((i = 0; i < 50; i++)); do grep -q 'listening on' "$LOG/tcpdump.log" && break; sleep 0.1; done
w "mark" mark
# (Selenium types no ESC or BEL: web-check.py puts such text in #message as its value, then Enter)
w "say <script>" say '<script>window.__pwned=1</script>'
w "say <img>" say '<img src=x onerror="window.__pwned=2"> end2'
w "say ESC" say 'esc \x1b[2J\x1b]0;pwned\x07 bell\x07 end3'
w "the <script> line in #log, as text" wait-log '^web:ann: <script>window\.__pwned=1</script>$' 10
w "the <img> line in #log, as text" wait-log '^web:ann: <img src=x onerror="window\.__pwned=2"> end2$' 10
w "the ESC line in #log" wait-log '^web:ann: esc .*end3$' 10
sleep 0.5   # an onerror handler would have run by now
w "the page stayed inert" inert
expect alice '^web:ann: <script>window\.__pwned=1</script> *$' 10 "alice: no 'web:ann: <script>window.__pwned=1</script>'"
expect alice '^web:ann: <img src=x onerror="window\.__pwned=2"> end2 *$' 10 "alice: no 'web:ann: <img src=x onerror=\"window.__pwned=2\"> end2'"
expect alice '^web:ann: esc .*end3 *$' 10 "alice: no 'web:ann: esc ... end3'"
snap hostile
# The screen cannot tell an ESC that arrived (netkit shows it as "^[") from the project's own
# sanitiser (TextSanitizer writes ESC as the two characters "^[", BEL as "^G"), nor from one
# that strips them: the capture below decides. What the screen shows is that no sequence took
# effect: the "ESC[2J" did not clear it, the earlier lines are still there.
expect alice '^web:ann: hello from the web *$' 1 "alice's screen was cleared: 'web:ann: hello from the web' is gone after the ESC[2J line"
iop_note "alice's screen shows: $(iop_cap alice | grep -m1 'end3')"
sleep 0.5
iop_stop_pid "$TCPDUMP_PID"
iop_forget_pid "$TCPDUMP_PID"
"$PY" "$IOP_DIR/pcap-tcp-bytes.py" "$LOG/hostile.pcap" --forbid 1b,07 >"$LOG/hostile-bytes.txt" 2>&1 ||
  WHY+=("ESC or BEL on alice's talk stream: $(head -3 "$LOG/hostile-bytes.txt" | tr '\n' ' ')")
grep -q '^segments [1-9]' "$LOG/hostile-bytes.txt" || WHY+=("the capture holds no segment of alice's talk stream: $(cat "$LOG/hostile-bytes.txt")")
iop_alive "$BRIDGE_PID" || WHY+=("the bridge died")
end

begin 4-call-bob "ann calls bob (--web-callable bob): his tty rings naming web:ann, he answers with netkit talk, keys cross live both ways with the edits applied"
w "fill #call-user" fill call-user bob
w "click #call" click call
w "#call-status ringing" wait-text call-status '^ringing bob$' 10
bridge_logged "web: web:ann calls bob" 5 || WHY+=("bridge.log: no 'web: web:ann calls bob'")
expect bob 'Message from Talk_Daemon@[^ ]+ at [0-9]+:[0-9][0-9] \.\.\.' 10 "bob: no 'Message from Talk_Daemon@HOST at H:MM ...'"
expect bob 'talk: connection requested by web:ann@127\.0\.0\.1\.' 5 "bob: no 'talk: connection requested by web:ann@127.0.0.1.'"
expect bob 'talk: respond with:  talk web:ann@127\.0\.0\.1' 5 "bob: no 'talk: respond with:  talk web:ann@127.0.0.1'"
snap rung
iop_keys bob "$NETKIT_TALK $BOB_ANSWERS" Enter
expect bob 'Connection established' 15 "bob: no [Connection established] after 'talk $BOB_ANSWERS'"
w "#call-status connected" wait-text call-status '^connected to bob$' 10
w "#split shown" wait-visible split 5
# ann: Backspace (erase), Alt-Backspace and Ctrl-W (word erase), Ctrl-U (kill), Enter
w "ann types" keys "t:hi bob" ENTER t:hellp BS t:o ENTER "t:junk words" C-W t:w ENTER \
  t:xyz C-U t:done ENTER "t:two words" M-BS
w "#mine" wait-text mine '^hi bob\nhello\njunk w\ndone\ntwo $' 5
see bob 10 "ann's keys in the lower half, edits applied" row bottom "hi bob" row bottom hello \
  row bottom "junk w" row bottom done row bottom two lacks any hellp lacks any words lacks any xyz
# bob: his erase (BSpace sends his tty's erase, 0x7F) applied in #theirs
says bob "hello ann"
iop_type bob typo
iop_keys bob BSpace BSpace
iop_type bob o
w "#theirs" wait-text theirs '^hello ann\ntyo$' 5
snap keys
end

begin 5-screenshot "the page with the room and the split view, as a PNG"
w "screenshot" screenshot "$LOG/web-bridge.png"
if [ -s "$LOG/web-bridge.png" ] && [ "$(head -c 8 "$LOG/web-bridge.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
  if [ "${WEB_SCREENSHOT:-0}" = 1 ]; then
    install -m 644 "$LOG/web-bridge.png" "$IOP_ROOT/docs/web-bridge.png" ||
      WHY+=("cannot copy the screenshot to docs/web-bridge.png")
    iop_note "screenshot copied to docs/web-bridge.png"
  fi
else
  WHY+=("$LOG/web-bridge.png is not a PNG")
fi
end

begin 6-latency "keystrokes each way during the call: ${LATENCY_KEYS} keys, medians (issue 15: within 50 ms)"
WEB_TIMEOUT=300 w "latency" latency "$LATENCY_KEYS"
sed -n "s/^$WEB_SEQ # /      /p" "$LOG/web.results"
if [ ${#WHY[@]} = 0 ]; then
  kd=$(sed -n 's/.*"web_to_tty_keydown_ms": \([0-9.]*\).*/\1/p' <<<"$WEB_OUT")
  ar=$(sed -n 's/.*"tty_to_web_arrive_ms": \([0-9.]*\).*/\1/p' <<<"$WEB_OUT")
  for v in "browser -> terminal:$kd" "terminal -> browser:$ar"; do
    n=${v##*:}
    if [ -n "$n" ] && awk -v n="$n" 'BEGIN {exit !(n <= 50)}'; then
      echo "      ${v%%:*}: median $n ms, within 50 ms: yes"
    else
      echo "      ${v%%:*}: median ${n:-unknown} ms, within 50 ms: no"
    fi
  done
fi
end

begin 7-hangup "ann hangs up: bob's netkit talk shows the connection closed"
w "click #hangup" click hangup
expect bob 'Connection closed' 10 "bob: no [Connection closed. ^C to exit]"
web text call-status
iop_note "#call-status after the hang-up: $WEB_OUT"
iop_keys bob C-c
iop_wait_shell bob 5 || WHY+=("bob's talk did not exit on ^C")
end

begin 8-not-callable "calls to carol (no such user) and alice (logged in, not listed) are refused in the page; no tty rings"
iop_keys bob clear Enter
w "fill #call-user carol" fill call-user carol
w "click #call" click call
w "#call-status refuses carol" wait-text call-status '^refused: carol cannot be called from the web$' 10
bridge_logged "web: web:ann refused: carol is not callable from the web" 5 ||
  WHY+=("bridge.log: no 'web: web:ann refused: carol is not callable from the web'")
w "fill #call-user alice" fill call-user alice
w "click #call" click call
w "#call-status refuses alice" wait-text call-status '^refused: alice cannot be called from the web$' 10
bridge_logged "web: web:ann refused: alice is not callable from the web" 5 ||
  WHY+=("bridge.log: no 'web: web:ann refused: alice is not callable from the web'")
sleep 2   # a ring, were there one, would be on the screens by now
iop_cap alice | grep -q 'Talk_Daemon' && WHY+=("alice's tty was rung")
iop_cap bob | grep -q 'Talk_Daemon' && WHY+=("bob's tty was rung")
grep -E 'web:ann calls (carol|alice)' "$LOG/bridge.log" && WHY+=("the bridge placed a call to carol or alice")
iop_alive "$BRIDGE_PID" || WHY+=("the bridge died")
end

begin 9-leave "ann's page goes away: the room tells alice at once that web:ann left; a session without a page is dropped within ${WEB_LEAVE_SECONDS:-60} s"
# the page's pagehide beacon (POST /api/leave) leaves at once
w "leave the page" open about:blank
bridge_logged "web: web:ann left" 5 || WHY+=("bridge.log: no 'web: web:ann left' within 5 s of leaving the page")
expect alice '\*\*\* web:ann left' 5 "alice: no '*** web:ann left'"
# web:Ab0_-xY (2b-names) joined through the API and never opened its event stream: the contract
# drops a visitor whose event stream is gone for 30 s
bridge_logged "web: web:Ab0_-xY left" "${WEB_LEAVE_SECONDS:-60}" ||
  WHY+=("bridge.log: no 'web: web:Ab0_-xY left' (joined in 2b-names, no event stream since)")
end

iop_keys alice C-c
iop_wait_shell alice 5 || iop_note "alice's talk did not exit on ^C"
iop_stop_pid "$BRIDGE_PID"
summary
[ "$FAILED" = 0 ]

#!/usr/bin/python3
"""The visitor of interop/web-interop.sh: one headless Chromium session, driven through Selenium
(Debian's python3-selenium and chromium-driver; nothing is downloaded), doing what lines written
to its command FIFO say, one page kept for the whole suite.

  web-check.py --commands FIFO --results FILE [--capture-cmd CMD] [--peer-keys-cmd CMD]
               [--chromium /usr/lib/chromium/chromium] [--chromedriver /usr/bin/chromedriver]

Each command is one line: "ID VERB ARG..." with the words separated by TABs (an argument may hold
spaces). For each command one line is appended to FILE: "ID OK TEXT" or "ID FAIL TEXT", TEXT on
one line (strings in it JSON-quoted). Arguments marked TEXT take Python escapes ("\\x1b" is an ESC
character); regular expressions are used as given (Python re, searched).

  open URL                       load the page
  ids ID...                      every element id exists
  join NAME                      type NAME into #name, click #join, wait for #status to say
                                 "joined as web:NAME" (10 s)
  say TEXT                       type TEXT into #message and press Enter (text Selenium cannot
                                 type, a control character, is set as the input's value first),
                                 then wait for the input to be cleared (5 s)
  wait-log ERE SECONDS           until a child div of #log has a textContent that matches
  mark                           remember how many script elements and images the page has
  inert                          no element inside #log other than its child divs, those divs hold
                                 no element, as many scripts and images as at "mark", and
                                 window.__pwned undefined
  members                        OK with the texts of #members' li elements, JSON
  wait-members SECONDS NAME...   until each NAME is exactly the text of one li of #members
  fill ID TEXT                   clear the input #ID and type TEXT
  click ID                       click #ID
  wait-text ID ERE SECONDS       until #ID's textContent matches
  wait-visible ID SECONDS        until #ID is displayed
  text ID                        OK with #ID's textContent, JSON
  keys KEY...                    focus #keys and send each KEY: BS (Backspace), C-U, C-W,
                                 M-BS (Alt-Backspace), ENTER, or "t:TEXT" (characters)
  fetch METHOD PATH BODY ERE     the page's fetch() of PATH with BODY (JSON text; "-" for none):
                                 OK if "STATUS RESPONSE-TEXT" matches ERE
  screenshot PATH                save the page as a PNG
  latency N                      N keys each way during a call (see below); OK with the medians
  quit                           end the session and exit

latency: with --capture-cmd (a bash command printing the callee's screen, e.g. a tmux
capture-pane) and --peer-keys-cmd (a bash command that types its argument $1 at the callee, e.g.
tmux send-keys -l), it types N characters in #keys one at a time, after "lat", and polls the
capture until the screen shows each; then types N characters at the callee, after "LAT", and
waits until #theirs shows each. Times: "keydown" from the browser's keydown event (a listener the
script adds) to the first capture that shows the key; "send" from just before send_keys; the
other way "arrive" from just before the peer-keys command to the mutation of #theirs (a
MutationObserver, timed in the page) and "poll" to the first execute_script poll (every 5 ms)
that saw it. The page's clock is performance.timeOrigin + performance.now(), the script's
time.time(): both the system's wall clock. A key not seen within 3 s fails the command.
"""
import argparse
import json
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError as e:  # Debian's python3-selenium is under /usr/bin/python3
    print("web-check.py: cannot import selenium (%s): install python3-selenium and run with"
          " /usr/bin/python3" % e, file=sys.stderr)
    sys.exit(2)

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--window-size=1000,800"]

KEYDOWN_JS = """
if (!window.__webcheck) {
  window.__webcheck = {keydowns: [], theirs: []};
  var k = document.getElementById('keys');
  if (k) k.addEventListener('keydown', function () {
    window.__webcheck.keydowns.push(performance.timeOrigin + performance.now());
  }, true);
  var t = document.getElementById('theirs');
  if (t) new MutationObserver(function () {
    window.__webcheck.theirs.push([performance.timeOrigin + performance.now(), t.textContent]);
  }).observe(t, {childList: true, characterData: true, subtree: true});
}
"""


def unescape(text):
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


class Failed(Exception):
    pass


class Visitor:
    def __init__(self, args):
        self.args = args
        self.profile = tempfile.mkdtemp(prefix="web-check-")
        options = webdriver.ChromeOptions()
        options.binary_location = args.chromium
        for f in FLAGS + ["--user-data-dir=" + self.profile]:
            options.add_argument(f)
        service = Service(executable_path=args.chromedriver,
                          log_path=args.driver_log or os.devnull)
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(20)
        self.driver.set_script_timeout(10)
        self.marked = None

    def close(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    # ------------------------------------------------------------ helpers

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def el(self, ident):
        found = self.driver.find_elements(By.ID, ident)
        if not found:
            raise Failed("no element #%s" % ident)
        return found[0]

    def text_of(self, ident):
        v = self.js("var e = document.getElementById(arguments[0]); return e ? e.textContent : null;",
                    ident)
        if v is None:
            raise Failed("no element #%s" % ident)
        return v

    def until(self, seconds, probe, what):
        end = time.time() + float(seconds)
        while True:
            got = probe()
            if got is not None and got is not False:
                return got
            if time.time() >= end:
                raise Failed(what())
            time.sleep(0.05)

    def log_lines(self):
        return self.js("var l = document.getElementById('log'); if (!l) return null;"
                       " return Array.from(l.children).filter(function (c) {"
                       " return c.tagName === 'DIV'; }).map(function (c) { return c.textContent; });")

    def member_texts(self):
        return self.js("var m = document.getElementById('members'); if (!m) return null;"
                       " return Array.from(m.querySelectorAll('li')).map(function (l) {"
                       " return l.textContent; });")

    def dom_counts(self):
        return self.js("""
            var l = document.getElementById('log');
            return {scripts: document.querySelectorAll('script').length,
                    images: document.images.length,
                    all: document.getElementsByTagName('*').length,
                    logAll: l ? l.querySelectorAll('*').length : -1,
                    logDivs: l ? l.querySelectorAll(':scope > div').length : -1,
                    logChildren: l ? l.children.length : -1,
                    pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned)};""")

    # ------------------------------------------------------------ commands

    def c_open(self, url):
        self.driver.get(url)
        return json.dumps(self.driver.title)

    def c_ids(self, *ids):
        missing = [i for i in ids if not self.driver.find_elements(By.ID, i)]
        if missing:
            raise Failed("missing ids: " + " ".join(missing))
        return "%d ids" % len(ids)

    def c_join(self, name):
        box = self.el("name")
        box.clear()
        box.send_keys(name)
        self.el("join").click()
        want = "joined as web:" + name
        self.until(10, lambda: want in self.text_of("status"),
                   lambda: "#status is %s, not %s" % (json.dumps(self.text_of("status")),
                                                      json.dumps(want)))
        flags = self.js("return [document.getElementById('name').disabled,"
                        " document.getElementById('join').disabled];")
        if flags != [True, True]:
            raise Failed("after joining, #name/#join disabled are %s, not [true, true]" % flags)
        return json.dumps(self.text_of("status"))

    def c_say(self, text):
        text = unescape(text)
        box = self.el("message")
        box.clear()
        if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
            # Selenium types characters as keys and has none for ESC or BEL: put the text in the
            # input as the page would hold it, then Enter, so the page's own code sends it.
            self.js("arguments[0].value = arguments[1];", box, text)
            box.send_keys(Keys.ENTER)
            how = "set as the value"
        else:
            box.send_keys(text + Keys.ENTER)
            how = "typed"
        self.until(5, lambda: self.js("return arguments[0].value;", box) == "",
                   lambda: "#message was not cleared after Enter: %s"
                   % json.dumps(self.js("return arguments[0].value;", box)))
        return "%s %s" % (how, json.dumps(text))

    def c_wait_log(self, ere, seconds):
        rx = re.compile(ere)

        def probe():
            lines = self.log_lines()
            if lines is None:
                raise Failed("no element #log")
            for t in lines:
                if rx.search(t):
                    return t
            return None
        return json.dumps(self.until(seconds, probe, lambda: "no line of #log matches /%s/ within"
                                     " %s s; the last lines: %s"
                                     % (ere, seconds, json.dumps((self.log_lines() or [])[-6:]))))

    def c_mark(self):
        self.marked = self.dom_counts()
        return json.dumps(self.marked)

    def c_inert(self):
        if self.marked is None:
            raise Failed("inert without mark")
        now = self.dom_counts()
        why = []
        if now["logAll"] != now["logDivs"] or now["logChildren"] != now["logDivs"]:
            why.append("#log holds elements other than its child divs (%d elements, %d child divs)"
                       % (now["logAll"], now["logDivs"]))
        for k in ("scripts", "images"):
            if now[k] != self.marked[k]:
                why.append("%s: %d at mark, %d now" % (k, self.marked[k], now[k]))
        if now["pwned"] is not None:
            why.append("window.__pwned is set: %s" % now["pwned"])
        if why:
            raise Failed("; ".join(why))
        return json.dumps(now)

    def c_members(self):
        return json.dumps(self.member_texts())

    def c_wait_members(self, seconds, *names):
        def probe():
            got = self.member_texts() or []
            return all(got.count(n) == 1 for n in names)
        self.until(seconds, probe, lambda: "#members lists %s, not each of %s once"
                   % (json.dumps(self.member_texts()), json.dumps(names)))
        return json.dumps(self.member_texts())

    def c_fill(self, ident, text):
        box = self.el(ident)
        box.clear()
        box.send_keys(unescape(text))
        return "ok"

    def c_click(self, ident):
        self.el(ident).click()
        return "ok"

    def c_wait_text(self, ident, ere, seconds):
        rx = re.compile(ere)
        self.until(seconds, lambda: rx.search(self.text_of(ident)) is not None,
                   lambda: "#%s is %s, which does not match /%s/ within %s s"
                   % (ident, json.dumps(self.text_of(ident)), ere, seconds))
        return json.dumps(self.text_of(ident))

    def c_wait_visible(self, ident, seconds):
        self.until(seconds, lambda: self.el(ident).is_displayed(),
                   lambda: "#%s is not displayed within %s s" % (ident, seconds))
        return "displayed"

    def c_text(self, ident):
        return json.dumps(self.text_of(ident))

    def focus_keys(self):
        box = self.el("keys")
        if not self.js("return document.activeElement === arguments[0];", box):
            box.click()
        return box

    def c_keys(self, *keys):
        box = self.focus_keys()
        special = {"BS": [Keys.BACKSPACE], "ENTER": [Keys.ENTER]}
        chords = {"C-U": (Keys.CONTROL, "u"), "C-W": (Keys.CONTROL, "w"),
                  "M-BS": (Keys.ALT, Keys.BACKSPACE)}
        for k in keys:
            if k in special:
                box.send_keys(*special[k])
            elif k in chords:
                mod, key = chords[k]
                ActionChains(self.driver).key_down(mod).send_keys(key).key_up(mod).perform()
            elif k.startswith("t:"):
                box.send_keys(unescape(k[2:]))
            else:
                raise Failed("unknown key %s" % json.dumps(k))
        return "%d keys" % len(keys)

    def c_fetch(self, method, path, body, ere):
        got = self.driver.execute_async_script("""
            var done = arguments[arguments.length - 1];
            var init = {method: arguments[0], headers: {'Content-Type': 'application/json'}};
            if (arguments[2] !== '-') init.body = arguments[2];
            fetch(arguments[1], init).then(function (r) {
              return r.text().then(function (t) { done(r.status + ' ' + t); });
            }).catch(function (e) { done('error ' + e); });""", method, path, body)
        if not re.search(ere, got):
            raise Failed("%s %s %s: %s, which does not match /%s/" % (method, path, body,
                                                                     json.dumps(got), ere))
        return json.dumps(got)

    def c_screenshot(self, path):
        if not self.driver.save_screenshot(path):
            raise Failed("save_screenshot(%s) failed" % path)
        return "%s %d bytes" % (path, os.path.getsize(path))

    def c_latency(self, n):
        n = int(n)
        if not self.args.capture_cmd or not self.args.peer_keys_cmd:
            raise Failed("latency needs --capture-cmd and --peer-keys-cmd")
        seq = ("0123456789abcdefghijklmnopqrstuvwxyz" * 10)[:n]
        self.js(KEYDOWN_JS)

        def capture():
            return subprocess.run(["bash", "-c", self.args.capture_cmd], capture_output=True,
                                  text=True, errors="replace").stdout

        # visitor -> callee's terminal
        box = self.focus_keys()
        box.send_keys(Keys.ENTER, "lat")
        self.until(3, lambda: "lat" in capture(), lambda: "the callee's screen never showed 'lat'")
        send, keydown, captures = [], [], []
        for i, ch in enumerate(seq):
            want = "lat" + seq[:i + 1]
            before = len(self.js("return window.__webcheck.keydowns;"))
            # the screen is polled from another thread while send_keys runs: chromedriver's
            # send_keys returns well after the keydown (tens of ms), when the key may be shown
            seen = {}

            def poller():
                end = time.time() + 3
                while time.time() < end:
                    tc = time.time()
                    screen = capture()
                    t1 = time.time()
                    captures.append((t1 - tc) * 1000)
                    if want in screen:
                        seen["t"] = t1
                        return
            thread = threading.Thread(target=poller)
            t0 = time.time()
            thread.start()
            box.send_keys(ch)
            thread.join()
            if "t" not in seen:
                raise Failed("key %d (%s) never showed on the callee's screen (wanted %s)"
                             % (i, ch, json.dumps(want)))
            t1 = seen["t"]
            downs = self.js("return window.__webcheck.keydowns;")
            send.append((t1 - t0) * 1000)
            if len(downs) > before:
                keydown.append(t1 * 1000 - downs[before])
        # callee -> the visitor's #theirs
        self.peer_key("\n")
        self.peer_key("LAT")
        self.until(3, lambda: "LAT" in self.text_of("theirs"), lambda: "#theirs never showed 'LAT'")
        arrive, poll = [], []
        for i, ch in enumerate(seq):
            want = "LAT" + seq[:i + 1]
            self.js("window.__webcheck.theirs = [];")
            t0 = time.time()
            self.peer_key(ch)
            end = t0 + 3
            while True:
                got = self.js("return [document.getElementById('theirs').textContent,"
                              " window.__webcheck.theirs];")
                t1 = time.time()
                if want in got[0]:
                    break
                if t1 >= end:
                    raise Failed("key %d (%s) typed at the callee never showed in #theirs (%s)"
                                 % (i, ch, json.dumps(got[0][-40:])))
                time.sleep(0.005)
            poll.append((t1 - t0) * 1000)
            seen = [t for t, text in got[1] if want in text]
            if seen:
                arrive.append(seen[0] - t0 * 1000)

        def stats(xs):
            if not xs:
                return "none"
            return "%.1f ms (min %.1f, max %.1f, n %d)" % (statistics.median(xs), min(xs), max(xs),
                                                           len(xs))
        result = {
            "web_to_tty_keydown_ms": round(statistics.median(keydown), 1) if keydown else None,
            "web_to_tty_send_ms": round(statistics.median(send), 1),
            "tty_to_web_arrive_ms": round(statistics.median(arrive), 1) if arrive else None,
            "tty_to_web_poll_ms": round(statistics.median(poll), 1),
        }
        self.report = [
            "browser -> terminal, keydown to screen: " + stats(keydown),
            "browser -> terminal, send_keys to screen: " + stats(send),
            "terminal -> browser, key to #theirs mutation: " + stats(arrive),
            "terminal -> browser, key to poll seeing it: " + stats(poll),
            "screen captures: %d for %d keys, each %s" % (len(captures), n, stats(captures)),
        ]
        return json.dumps(result)

    def peer_key(self, text):
        r = subprocess.run(["bash", "-c", self.args.peer_keys_cmd, "peer-keys", text],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Failed("peer-keys command failed: %s" % r.stderr.strip())

    def c_quit(self):
        return "bye"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--commands", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--capture-cmd")
    p.add_argument("--peer-keys-cmd")
    p.add_argument("--chromium", default="/usr/lib/chromium/chromium")
    p.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    p.add_argument("--driver-log")
    args = p.parse_args()
    for f in (args.chromium, args.chromedriver):
        if not os.access(f, os.X_OK):
            print("web-check.py: %s is missing (chromium, chromium-driver)" % f, file=sys.stderr)
            return 2
    # O_RDWR: the FIFO never reports end of file when a writer closes it
    fifo = os.open(args.commands, os.O_RDWR | os.O_NONBLOCK)
    with open(args.results, "a", encoding="utf-8") as out:
        def put(line):
            out.write(line.replace("\n", "\\n") + "\n")
            out.flush()
        t0 = time.time()
        try:
            v = Visitor(args)
        except WebDriverException as e:
            put("0 FAIL chromium did not start: %s" % str(e).strip())
            return 1
        put("0 OK chromium up in %.1f s: %s %s" % (time.time() - t0, v.driver.capabilities.get(
            "browserName"), v.driver.capabilities.get("browserVersion")))
        pending = b""
        try:
            while True:
                select.select([fifo], [], [], 1.0)
                try:
                    pending += os.read(fifo, 65536)
                except BlockingIOError:
                    continue
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    words = line.decode("utf-8", "replace").split("\t")
                    ident, verb, rest = words[0], (words[1:] or [""])[0], words[2:]
                    fn = getattr(v, "c_" + verb.replace("-", "_"), None)
                    v.report = []
                    try:
                        if fn is None:
                            raise Failed("unknown command %s" % json.dumps(verb))
                        result = "OK %s" % fn(*rest)
                    except Failed as e:
                        result = "FAIL %s" % e
                    except TypeError as e:
                        result = "FAIL bad arguments for %s: %s" % (verb, e)
                    except WebDriverException as e:
                        result = "FAIL webdriver: %s" % (str(e).strip().splitlines() or [""])[0]
                    # the notes first: the shell reads them once the result line is there
                    for r in v.report:
                        put("%s # %s" % (ident, r))
                    put("%s %s" % (ident, result))
                    if verb == "quit":
                        return 0
        finally:
            v.close()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Checks on a tmux capture (capture-pane -p) of a split talk screen, and a LOOK_UP probe.

Used by screen-interop.sh. Conditions (all must hold; the first that fails is printed, exit 1):

  screen-check.py CONDITION... <capture
    layout COLS ROWS   exactly ROWS rows; exactly one divider row (one character repeated, one of
                       - = q U+2500 U+2501, "q" is curses' line drawing as tmux stores it) spanning
                       all COLS columns, within a row of the middle; no row wider than COLS
    clean              no ESC, no other C0 control, no "^[", no "[...X" left of an escape sequence
    row HALF TEXT      a row of HALF (top, bottom: above or below the divider; any) is exactly
                       TEXT (trailing blanks ignored)
    has HALF TEXT      a row of HALF contains TEXT
    line N TEXT        row N (0 is the top row) is exactly TEXT
    lacks HALF TEXT    no row of HALF contains TEXT

  screen-check.py lookup DAEMON-IP L_NAME R_NAME
    sends one LOOK_UP (l_name L_NAME asks for an invitation from R_NAME; netkit talkd/process.c
    answers it from the invitations LEAVE_INVITE left) to DAEMON-IP:518 and prints the answer
    (SUCCESS, NOT_HERE, ...) or NO_REPLY after three tries.
"""
import re
import socket
import struct
import sys
import unicodedata

DIVIDER_CHARS = "-=q\u2500\u2501"
# what is left on screen of an escape sequence whose ESC got lost: CSI parameters and a final
# byte ("[2J", "[?25l", "[0m"), or a bare "[H", "[K", "[m" not followed by a word
CSI_REMNANT = re.compile(r"\[[0-9;?]+[@-~]|\[[HJKm](?![a-z])")


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)


def divider_rows(rows, cols):
    found = []
    for i, r in enumerate(rows):
        t = r.rstrip()
        if t and t[0] in DIVIDER_CHARS and t == t[0] * len(t) and width(t) == cols:
            found.append(i)
    return found


def half(rows, name):
    if name == "any":
        return rows
    divs = divider_rows(rows, max((width(r.rstrip()) for r in rows), default=0))
    if len(divs) != 1:
        return None
    return rows[:divs[0]] if name == "top" else rows[divs[0] + 1:]


def check(rows, args):
    i = 0
    while i < len(args):
        c = args[i]
        if c == "layout":
            cols, nrows = int(args[i + 1]), int(args[i + 2])
            i += 3
            if len(rows) != nrows:
                return "%d rows, not %d" % (len(rows), nrows)
            wide = [n for n, r in enumerate(rows) if width(r.rstrip()) > cols]
            if wide:
                return "row %d is wider than %d columns" % (wide[0], cols)
            divs = divider_rows(rows, cols)
            if len(divs) != 1:
                return "%d full-width divider rows (%s), not 1" % (len(divs), divs)
            if abs(divs[0] - (nrows - 1) / 2) > 1.5:
                return "the divider is row %d of %d, not near the middle" % (divs[0], nrows)
        elif c == "clean":
            i += 1
            for n, r in enumerate(rows):
                bad = [ch for ch in r if ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0]
                if bad:
                    return "row %d holds control character(s) %r" % (n, bad)
                if "^[" in r:
                    return "row %d holds '^[': %r" % (n, r.rstrip())
                m = CSI_REMNANT.search(r)
                if m:
                    return "row %d holds escape-sequence garbage %r: %r" % (n, m.group(0), r.rstrip())
        elif c == "line":
            n, text = int(args[i + 1]), args[i + 2]
            i += 3
            if n >= len(rows) or rows[n].rstrip() != text:
                return "row %d is %r, not %r" % (n, rows[n].rstrip() if n < len(rows) else None, text)
        elif c in ("row", "has", "lacks"):
            name, text = args[i + 1], args[i + 2]
            i += 3
            part = half(rows, name)
            if part is None:
                return "no single divider row, so no %s half" % name
            if c == "row" and not any(r.rstrip() == text for r in part):
                return "no row '%s' in the %s half" % (text, name)
            if c == "has" and not any(text in r for r in part):
                return "no row containing '%s' in the %s half" % (text, name)
            if c == "lacks" and any(text in r for r in part):
                return "a row containing '%s' in the %s half" % (text, name)
        else:
            return "unknown condition " + c
    return None


def lookup(daemon, l_name, r_name):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(1.0)
    ctl = struct.pack("!HH4s", 2, s.getsockname()[1], socket.inet_aton("127.0.0.1")) + b"\0" * 8
    # addr: AF_INET 0.0.0.0:0, as in the clients. LOOK_UP (our talkd, like FreeBSD talkd/process.c,
    # answers BADADDR to another family; Debian netkit does not look)
    addr = struct.pack("!HH4s", 2, 0, b"\0" * 4) + b"\0" * 8
    msg = struct.pack("!BBBBI16s16sI12s12s16s", 1, 1, 0, 0, 0, addr, ctl, 4242,
                      l_name.encode(), r_name.encode(), b"")
    names = ["SUCCESS", "NOT_HERE", "FAILED", "MACHINE_UNKNOWN", "PERMISSION_DENIED",
             "UNKNOWN_REQUEST", "BADVERSION", "BADADDR", "BADCTLADDR"]
    for _ in range(3):
        s.sendto(msg, (daemon, 518))
        try:
            reply = s.recv(1024)
        except socket.timeout:
            continue
        if len(reply) < 24:
            return "SHORT_REPLY"
        a = reply[2]
        return names[a] if a < len(names) else str(a)
    return "NO_REPLY"


def main():
    if sys.argv[1:2] == ["lookup"]:
        print(lookup(*sys.argv[2:5]))
        return 0
    data = sys.stdin.buffer.read().decode("utf-8", "replace")
    rows = data.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    why = check(rows, sys.argv[1:])
    if why:
        print(why)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Keystroke-to-peer-screen latency and resize redraw cost, driven through tmux control mode.

Helper of benchmarks/keystroke-latency.sh (which sets up the namespace, the daemon, the users'
tmux servers and the conversation); not meant to be run alone.

  keystroke-latency.py measure PAIR OUTDIR KEYS WARMUP GAP_MS LINE RESIZES A_CMD... -- B_CMD...
  keystroke-latency.py loopback OUTDIR KEYS WARMUP GAP_MS A_CMD...
  keystroke-latency.py report OUTDIR PCAP PAIR...

A_CMD / B_CMD start a tmux control-mode client ("tmux -C attach") on A's and B's tmux server.
One control client per user stays connected for the whole run, so no poll forks a process: a key
is sent by writing "send-keys -t A -l x" to A's client, and tmux reports every byte a pane's
program writes to its pty as a "%output" line the moment it reads it. This process waits on both
clients with select(); a keystroke's times are:

  t_send  just before the send-keys command is written to A's control client
  t_echo  the first %output of A's pane whose text (escape sequences removed) holds the key
  t_peer  the same on B's pane: B's talk has drawn the key on its screen (tmux has read it)
  t_wire  (report, from the pcap) the TCP segment from A's talk carrying the key

All four are CLOCK_REALTIME (time.time_ns(); pcap timestamps come from the same kernel clock).
"""
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import time

OCTAL = re.compile(rb'\\([0-7]{3})')


def unescape(data):
    """%output data: tmux writes bytes < 0x20 and the backslash as \\ooo."""
    return OCTAL.sub(lambda m: bytes([int(m.group(1), 8)]), data)


class Stripper:
    """Incremental removal of escape sequences and controls: only printable text stays.

    The key must be found in what a terminal would print, not inside "ESC [ 1 0 ; 5 H" or the
    "ESC ( B" that curses sends around line drawing, and a sequence may be split across reads.
    """

    def __init__(self):
        self.state = 'text'

    def feed(self, data):
        out = bytearray()
        for b in data:
            s = self.state
            if s == 'text':
                if b == 0x1b:
                    self.state = 'esc'
                elif b >= 0x20 and b != 0x7f:
                    out.append(b)
            elif s == 'esc':
                if b == 0x5b:
                    self.state = 'csi'
                elif b == 0x5d or b in (0x50, 0x58, 0x5e, 0x5f):
                    self.state = 'str'
                elif 0x20 <= b <= 0x2f:
                    self.state = 'inter'   # ESC ( B, ESC ) 0, ESC # 8 ...
                else:
                    self.state = 'text'
            elif s == 'inter':
                if not 0x20 <= b <= 0x2f:
                    self.state = 'text'
            elif s == 'csi':
                if 0x40 <= b <= 0x7e:
                    self.state = 'text'
            elif s == 'str':
                if b == 0x07:
                    self.state = 'text'
                elif b == 0x1b:
                    self.state = 'stresc'
            elif s == 'stresc':
                self.state = 'text' if b == 0x5c else 'str'
        return bytes(out)


class Ctl:
    """One tmux control-mode client: commands in, %output and command replies out."""

    def __init__(self, name, argv):
        self.name = name
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=0, cwd='/')
        self.fd = self.proc.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.buf = b''
        self.block = None        # lines of the command reply being read
        self.replies = []        # finished replies (lists of lines)
        self.outputs = []        # (t_ns, raw bytes, printable text) of the pane's program
        self.strip = Stripper()
        self.raw_log = open(os.path.join(OUT, f'{name}-control.log'), 'ab')

    def send(self, command):
        self.proc.stdin.write(command.encode() + b'\n')

    def pump(self, t_ns):
        """Read what is there (fd readable at t_ns) and split it into lines."""
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        if not data:
            raise SystemExit(f'{self.name}: tmux control client ended')
        self.raw_log.write(data)
        self.buf += data
        *lines, self.buf = self.buf.split(b'\n')
        for line in lines:
            if self.block is not None:
                if line.startswith(b'%end ') or line.startswith(b'%error '):
                    # flags 1: a command this client sent (not the attach on its command line)
                    if line.split(b' ')[-1] == b'1':
                        self.replies.append((line.startswith(b'%end '), self.block))
                    self.block = None
                else:
                    self.block.append(line)
            elif line.startswith(b'%begin '):
                self.block = []
            elif line.startswith(b'%output '):
                raw = unescape(line.split(b' ', 2)[2] if line.count(b' ') >= 2 else b'')
                self.outputs.append((t_ns, raw, self.strip.feed(raw)))

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.raw_log.close()


def pump_all(ctls, timeout_s):
    """Wait up to timeout_s for any client to have data, read it; return whether any did."""
    fds = {c.fd: c for c in ctls}
    ready, _, _ = select.select(list(fds), [], [], max(0.0, timeout_s))
    t = time.time_ns()
    for fd in ready:
        fds[fd].pump(t)
    return bool(ready)


def command(ctl, ctls, cmd, timeout_s=5.0):
    """Run a tmux command on ctl and return its reply lines (other clients keep being read)."""
    n = len(ctl.replies)
    ctl.send(cmd)
    end = time.monotonic() + timeout_s
    while len(ctl.replies) <= n:
        if time.monotonic() > end:
            raise SystemExit(f'{ctl.name}: no reply to {cmd!r}')
        pump_all(ctls, end - time.monotonic())
    ok, lines = ctl.replies[n]
    if not ok:
        raise SystemExit(f'{ctl.name}: {cmd!r} failed: {b" ".join(lines)!r}')
    return [l.decode('utf-8', 'replace') for l in lines]


def settle(ctls, quiet_s, limit_s=5.0):
    """Read until no client has printed anything for quiet_s, or for at most limit_s (a client
    that never stops redrawing, such as a resize loop, then shows as a redraw of ~limit_s)."""
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        if not pump_all(ctls, quiet_s):
            return


def wait_text(ctl, ctls, start, key, timeout_s):
    """The time of the first output of ctl at index >= start whose printable text holds key."""
    end = time.monotonic() + timeout_s
    i = start
    while True:
        while i < len(ctl.outputs):
            t, _, text = ctl.outputs[i]
            if key in text:
                return t, i + 1
            i += 1
        if time.monotonic() > end:
            return None, i
        pump_all(ctls, min(0.05, end - time.monotonic()))


def capture(ctl, ctls, target):
    return command(ctl, ctls, f'capture-pane -p -t {target}')


def split_argv(args):
    i = args.index('--')
    return args[:i], args[i + 1:]


def target_of(argv):
    return argv[argv.index('-t') + 1]


KEYSET = 'abcdefghijklmnopqrstuvwxyz'


def measure(pair, keys, warmup, gap_ms, line, resizes, poll_keys, a_argv, b_argv):
    a = Ctl(f'{pair}-A', a_argv)
    b = Ctl(f'{pair}-B', b_argv)
    ctls = [a, b]
    ta, tb = target_of(a_argv), target_of(b_argv)
    settle(ctls, 0.3)
    command(a, ctls, 'display -p "#{window_width}x#{window_height}"')
    size_b = command(b, ctls, f'display -p -t {tb} "#{{window_width}}x#{{window_height}}"')[0]
    settle(ctls, 0.3)
    rows = []
    bad = missed = 0
    typed = ''
    total = warmup + keys
    with open(os.path.join(OUT, f'keys-{pair}.txt'), 'w') as f:
        f.write('# i key warmup t_send_ns t_echo_ns t_peer_ns\n')
        for i in range(total):
            ch = KEYSET[i % len(KEYSET)]
            ia, ib = len(a.outputs), len(b.outputs)
            t_send = time.time_ns()
            a.send(f'send-keys -t {ta} -l {ch}')
            t_peer, _ = wait_text(b, ctls, ib, ch.encode(), 3.0)
            t_echo, _ = wait_text(a, ctls, ia, ch.encode(), 1.0)
            typed += ch
            if t_peer is None:
                bad += 1
                missed += 1
                if missed == 5:
                    raise SystemExit(f'{pair}: 5 keys in a row never reached B\'s screen '
                                     '(a line-mode talk shows nothing before Enter)')
            else:
                missed = 0
            f.write(f'{i} {ch} {int(i < warmup)} {t_send} {t_echo or "-"} {t_peer or "-"}\n')
            f.flush()
            # the gap between keys: a fast typist's ~15 keys/s at the default 50 ms after the
            # key arrived; what arrives meanwhile (tmux replies, redraw tails) is read
            settle(ctls, gap_ms / 1000.0, gap_ms / 1000.0 * 4)
            if (i + 1) % line == 0:
                # end the line (not timed) and check that both screens show what was typed
                a.send(f'send-keys -t {ta} Enter')
                settle(ctls, 0.15)
                last = typed[-line:]
                for who, ctl, tgt in (('A', a, ta), ('B', b, tb)):
                    if not any(last in r for r in capture(ctl, ctls, tgt)):
                        print(f'{pair}: line {last!r} not on {who}\'s screen', file=sys.stderr)
                        bad += 1
    # the same keys timed the way a shell script would see them: poll capture-pane of B's pane
    # (over the control client, no fork) until the line typed so far shows; cross-checks t_peer
    a.send(f'send-keys -t {ta} Enter')
    settle(ctls, 0.15)
    cur = ''
    with open(os.path.join(OUT, f'poll-{pair}.txt'), 'w') as f:
        f.write('# i key t_send_ns t_peer_ns t_screen_ns polls\n')
        for i in range(poll_keys):
            ch = KEYSET[i % len(KEYSET)].upper()   # no earlier line can end like this one
            cur += ch
            ib = len(b.outputs)
            t_send = time.time_ns()
            a.send(f'send-keys -t {ta} -l {ch}')
            t_screen, polls, end = None, 0, time.monotonic() + 3.0
            while time.monotonic() < end:
                polls += 1
                if any(r.endswith(cur) for r in capture(b, ctls, tb)):
                    t_screen = time.time_ns()
                    break
            t_peer, _ = wait_text(b, ctls, ib, ch.encode(), 0.5)
            f.write(f'{i} {ch} {t_send} {t_peer or "-"} {t_screen or "-"} {polls}\n')
            settle(ctls, gap_ms / 1000.0, gap_ms / 1000.0 * 4)
    # B writes a line of its own, so that both halves have text to keep across the resizes
    b.send(f'send-keys -t {tb} -l bobtext')
    settle(ctls, 0.3)
    settle(ctls, 0.3)
    screens = {'A': capture(a, ctls, ta), 'B': capture(b, ctls, tb)}
    for who, lines in screens.items():
        with open(os.path.join(OUT, f'screen-{pair}-{who}-before-resize.txt'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    last_line = cur or typed[-line:]

    # resize: B's window alternates between sizes; time to the first and the last redraw byte
    sizes = [(60, 20), (100, 30), (50, 16), (100, 30), (120, 40), (100, 30), (20, 8), (100, 30)]
    with open(os.path.join(OUT, f'resize-{pair}.txt'), 'w') as f:
        f.write('# n cols rows t_cmd_ns t_first_ns t_last_ns bytes divider_row divider_ok text_kept\n')
        for n in range(resizes):
            cols, rws = sizes[n % len(sizes)]
            ib = len(b.outputs)
            t_cmd = time.time_ns()
            b.send(f'resize-window -t {tb} -x {cols} -y {rws}')
            # the redraw is done when the pane has been quiet for 300 ms
            settle(ctls, 0.3, 5.0)
            outs = b.outputs[ib:]
            t_first = outs[0][0] if outs else None
            t_last = outs[-1][0] if outs else None
            nbytes = sum(len(o[1]) for o in outs)
            screen = capture(b, ctls, tb)
            with open(os.path.join(OUT, f'screen-{pair}-B-resize{n}-{cols}x{rws}.txt'), 'w') as s:
                s.write('\n'.join(screen) + '\n')
            div = [k for k, r in enumerate(screen) if len(r) >= cols and len(set(r)) == 1
                   and r[0] in 'q-\u2500']
            div_ok = len(div) == 1 and abs(div[0] - rws // 2) <= 1
            # the end of the line last typed by A (5 characters: contiguous at any width, whether a
            # client re-wraps or cuts long lines) and B's own text, on B's screen
            kept = (any(last_line[-5:] in r for r in screen)
                    and any('bobtext' in r for r in screen))
            f.write(f'{n} {cols} {rws} {t_cmd} {t_first or "-"} {t_last or "-"} {nbytes} '
                    f'{div[0] if div else "-"} {int(div_ok)} {int(kept)}\n')
    # back to the starting size, then prove the conversation still works after the resizes
    w, h = size_b.split('x')
    b.send(f'resize-window -t {tb} -x {w} -y {h}')
    settle(ctls, 0.3)
    a.send(f'send-keys -t {ta} Enter')
    a.send(f'send-keys -t {ta} -l after')
    t, _ = wait_text(b, ctls, len(b.outputs), b'r', 3.0)
    settle(ctls, 0.3)
    alive = any('after' in r for r in capture(b, ctls, tb))
    with open(os.path.join(OUT, f'after-resize-{pair}.txt'), 'w') as f:
        f.write(f'typed_after_resize_shows {int(alive)}\n')
    a.close()
    b.close()
    print(f'{pair}: {total} keys sent, {bad} not seen; after the resizes typing '
          f'{"still shows" if alive else "does NOT show"} on B')


def loopback(keys, warmup, gap_ms, a_argv):
    """The floor: tmux in, a pty, "cat" (-icanon -echo) writing it back, tmux out."""
    a = Ctl('tmux-cat', a_argv)
    ctls = [a]
    ta = target_of(a_argv)
    settle(ctls, 0.3)
    with open(os.path.join(OUT, 'keys-tmux-cat.txt'), 'w') as f:
        f.write('# i key warmup t_send_ns t_echo_ns t_peer_ns\n')
        for i in range(warmup + keys):
            ch = KEYSET[i % len(KEYSET)]
            ia = len(a.outputs)
            t_send = time.time_ns()
            a.send(f'send-keys -t {ta} -l {ch}')
            t, _ = wait_text(a, ctls, ia, ch.encode(), 3.0)
            f.write(f'{i} {ch} {int(i < warmup)} {t_send} {t or "-"} {t or "-"}\n')
            settle(ctls, gap_ms / 1000.0, gap_ms / 1000.0 * 4)
    a.close()


# ---------------------------------------------------------------- report

def read_pcap(path):
    """(t_ns, src_port, dst_port, payload) of every TCP segment with a payload."""
    pkts = []
    with open(path, 'rb') as f:
        hdr = f.read(24)
        if len(hdr) < 24:
            return pkts
        magic = struct.unpack('<I', hdr[:4])[0]
        endian, nano = {0xa1b2c3d4: ('<', False), 0xa1b23c4d: ('<', True),
                        0xd4c3b2a1: ('>', False), 0x4d3cb2a1: ('>', True)}[magic]
        linktype = struct.unpack(endian + 'I', hdr[20:24])[0]
        while True:
            rh = f.read(16)
            if len(rh) < 16:
                break
            sec, frac, incl, _ = struct.unpack(endian + 'IIII', rh)
            data = f.read(incl)
            t = sec * 10**9 + (frac if nano else frac * 1000)
            off = {1: 14, 113: 16, 0: 4, 12: 0, 101: 0}.get(linktype, 14)
            ip = data[off:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            ihl = (ip[0] & 15) * 4
            total = struct.unpack('!H', ip[2:4])[0]
            tcp = ip[ihl:total]
            if len(tcp) < 20:
                continue
            sport, dport = struct.unpack('!HH', tcp[:4])
            payload = tcp[(tcp[12] >> 4) * 4:]
            if payload:
                pkts.append((t, sport, dport, payload))
    return pkts


def pct(xs, q):
    xs = sorted(xs)
    return xs[max(0, -(-q * len(xs) // 100) - 1)]


def row(name, xs, unit_div=1e6):
    if not xs:
        return None
    v = [x / unit_div for x in xs]
    return (f'| {name} | {len(v)} | {min(v):.2f} | **{pct(v, 50):.2f}** | {pct(v, 90):.2f} | '
            f'{pct(v, 99):.2f} | {max(v):.2f} | {statistics.mean(v):.2f} |')


def prow(line):
    if line is not None:
        print(line)


def report(pcap, pairs):
    pkts = read_pcap(pcap) if pcap and os.path.exists(pcap) else []
    print('Times in ms; percentiles nearest-rank. t_send = send-keys written to A\'s tmux, '
          'wire = A\'s TCP segment with the key (pcap), peer = B\'s pane got it, '
          'echo = A\'s own pane got it.\n')
    hdr = '| pair: measure | n | min | p50 | p90 | p99 | max | mean |\n|---|---:|---:|---:|---:|---:|---:|---:|'
    print(hdr)
    for pair in pairs:
        path = os.path.join(OUT, f'keys-{pair}.txt')
        if not os.path.exists(path):
            continue
        peer, echo, wire_a, wire_b, warm, lost = [], [], [], [], [], 0
        for l in open(path):
            if l.startswith('#'):
                continue
            i, ch, w, ts, te, tp = l.split()
            if tp == '-':
                lost += 1
                continue
            ts, tp = int(ts), int(tp)
            if w == '1':
                warm.append(tp - ts)
                continue
            peer.append(tp - ts)
            if te != '-' and pair != 'tmux-cat':
                echo.append(int(te) - ts)
            if pkts and pair != 'tmux-cat':
                # the first segment after t_send that is exactly this key
                seg = next((p for p in pkts if ts <= p[0] <= tp + 10**9 and p[3] == ch.encode()), None)
                if seg:
                    wire_a.append(seg[0] - ts)
                    wire_b.append(tp - seg[0])
        if pair == 'tmux-cat':
            prow(row('tmux-cat: send-keys → cat\'s echo in the same pane (the floor)', peer))
            continue
        prow(row(f'{pair}: **key → peer\'s pane**', peer))
        prow(row(f'{pair}: key → own pane (local echo)', echo))
        prow(row(f'{pair}: key → A\'s TCP segment (A reads, sends)', wire_a))
        prow(row(f'{pair}: A\'s TCP segment → peer\'s pane (B receives, draws)', wire_b))
        prow(row(f'{pair}: warm-up keys (not above): key → peer\'s pane', warm))
        if len(peer) >= 200:   # how it changes as the process warms up (a JVM compiles hot code)
            blocks = [sorted(peer[k:k + 100]) for k in range(0, len(peer) - 99, 100)]
            print(f'| {pair}: p50 per 100 keys, in order | {len(blocks)} blocks | '
                  + ' '.join(f'{b[49] / 1e6:.2f}' for b in blocks) + ' | | | | | |')
        pp = os.path.join(OUT, f'poll-{pair}.txt')
        if os.path.exists(pp):
            sp, sc, np_ = [], [], []
            for l in open(pp):
                if l.startswith('#'):
                    continue
                _, _, ts, tp, tsc, polls = l.split()
                if tsc != '-':
                    sc.append(int(tsc) - int(ts))
                    np_.append(int(polls))
                if tp != '-':
                    sp.append(int(tp) - int(ts))
            prow(row(f'{pair}: polled keys: key → capture-pane shows it ({pct(np_, 50) if np_ else 0} polls p50)', sc))
            prow(row(f'{pair}: polled keys: key → peer\'s pane (%output, while polling)', sp))
        if lost:
            print(f'| {pair}: keys never seen on the peer\'s pane | {lost} | | | | | | |')
    print()
    print('| pair: resize of B\'s window | n | to first redraw byte p50 / max | '
          'to last redraw byte p50 / max | bytes p50 | divider row right | text kept | no redraw | '
          'typing shows afterwards |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---|')
    for pair in pairs:
        path = os.path.join(OUT, f'resize-{pair}.txt')
        if not os.path.exists(path):
            continue
        first, last, nb, div, kept, none, n = [], [], [], 0, 0, 0, 0
        for l in open(path):
            if l.startswith('#'):
                continue
            _, c, r, tc, tf, tl, b, _, dok, k = l.split()
            n += 1
            div += int(dok)
            kept += int(k)
            if tf == '-':
                none += 1
                continue
            first.append((int(tf) - int(tc)) / 1e6)
            last.append((int(tl) - int(tc)) / 1e6)
            nb.append(int(b))
        f = f'{pct(first, 50):.1f} / {max(first):.1f}' if first else '—'
        la = f'{pct(last, 50):.1f} / {max(last):.1f}' if last else '—'
        bb = f'{pct(nb, 50)}' if nb else '0'
        alive = open(os.path.join(OUT, f'after-resize-{pair}.txt')).read().split()[-1] == '1'
        print(f'| {pair} | {n} | {f} | {la} | {bb} | {div} of {n} | {kept} of {n} | {none} of {n} | '
              f'{"yes" if alive else "NO"} |')


if __name__ == '__main__':
    mode = sys.argv[1]
    if mode == 'measure':
        pair, OUT = sys.argv[2], sys.argv[3]
        keys, warmup, gap, line, resizes, poll_keys = map(int, sys.argv[4:10])
        a_argv, b_argv = split_argv(sys.argv[10:])
        measure(pair, keys, warmup, gap, line, resizes, poll_keys, a_argv, b_argv)
    elif mode == 'loopback':
        OUT = sys.argv[2]
        keys, warmup, gap = map(int, sys.argv[3:6])
        loopback(keys, warmup, gap, sys.argv[6:])
    elif mode == 'report':
        OUT = sys.argv[2]
        report(sys.argv[3], sys.argv[4:])
    else:
        raise SystemExit(__doc__)

#!/usr/bin/env python3
"""A talk caller that sends bytes no real talk client would: for the hostile-text checks of
interop/irc-interop.sh (a CR, a LF inside a line, a NUL, a line of 2,000 bytes).

  talk-raw.py --callee lobby --user eve --payload FILE [--daemon-port 518] [--hold 5] [--log FILE]

It does what a caller's talk does, in its shortest form: listens on a TCP port of 127.0.0.1,
sends one ntalk ANNOUNCE (84 bytes, docs/PROTOCOL.md section 3) for CALLEE to the daemon on
127.0.0.1, and once the callee (here: the chat room) connects, exchanges the three edit
characters (DEL, ^U, ^W), writes the payload file's bytes as they are, reads what comes back for
--hold seconds (into --log, escaped as irc-user.py does), and hangs up. Exit status 0 once the
payload was written; 1 with a message if the daemon refused or nobody connected within 10 s.
Python 3 standard library only.
"""
import argparse
import select
import socket
import struct
import sys
import time

VERSION, ANNOUNCE = 1, 3
ANSWERS = ["SUCCESS", "NOT_HERE", "FAILED", "MACHINE_UNKNOWN", "PERMISSION_DENIED",
           "UNKNOWN_REQUEST", "BADVERSION", "BADADDR", "BADCTLADDR"]


def sockaddr(ip, port):
    """struct osockaddr as ntalk sends it: family 2 and port in network order, then 8 zeros."""
    return struct.pack("!HH", 2, port) + socket.inet_aton(ip) + b"\0" * 8


def field(text, size):
    return text.encode()[:size - 1].ljust(size, b"\0")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--callee", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--payload", required=True)
    p.add_argument("--daemon-port", type=int, default=518)
    p.add_argument("--hold", type=float, default=5.0)
    p.add_argument("--log")
    args = p.parse_args()
    with open(args.payload, "rb") as f:
        payload = f.read()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    ctl = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ctl.bind(("127.0.0.1", 0))
    ctl.settimeout(2)
    msg = struct.pack("!BBBBI", VERSION, ANNOUNCE, 0, 0, 0)
    msg += sockaddr("127.0.0.1", listener.getsockname()[1])
    msg += sockaddr("127.0.0.1", ctl.getsockname()[1])
    msg += struct.pack("!I", 4242) + field(args.user, 12) + field(args.callee, 12) + field("", 16)
    assert len(msg) == 84
    ctl.sendto(msg, ("127.0.0.1", args.daemon_port))
    try:
        reply, _ = ctl.recvfrom(1024)
    except socket.timeout:
        print("talk-raw: no reply to the ANNOUNCE within 2 s", file=sys.stderr)
        return 1
    answer = reply[2] if len(reply) >= 3 else -1
    if answer != 0:
        name = ANSWERS[answer] if 0 <= answer < len(ANSWERS) else str(answer)
        print("talk-raw: the ANNOUNCE was answered %s" % name, file=sys.stderr)
        return 1

    listener.settimeout(10)
    try:
        conn, _ = listener.accept()
    except socket.timeout:
        print("talk-raw: nobody connected within 10 s", file=sys.stderr)
        return 1
    conn.sendall(b"\x7f\x15\x17")
    got = b""
    conn.settimeout(5)
    while len(got) < 3:
        chunk = conn.recv(3 - len(got))
        if not chunk:
            print("talk-raw: the callee hung up before its edit characters", file=sys.stderr)
            return 1
        got += chunk
    conn.sendall(payload)

    received = b""
    end = time.time() + args.hold
    conn.setblocking(False)
    while time.time() < end:
        ready, _, _ = select.select([conn], [], [], max(0.0, end - time.time()))
        if ready:
            data = conn.recv(65536)
            if not data:
                break
            received += data
    conn.close()
    if args.log:
        with open(args.log, "w", encoding="ascii") as log:
            for line in received.split(b"\n"):
                log.write("".join(chr(b) if 0x20 <= b < 0x7F else "\\x%02x" % b for b in line))
                log.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

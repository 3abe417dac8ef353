#!/usr/bin/env python3
"""A scripted IRC channel user for interop/irc-interop.sh: it stays in one channel and does what
lines written to its command FIFO say, logging every line the server sends.

  irc-user.py --port 6667 --nick carol --channel '#talk' --log FILE --commands FIFO

Commands (one per line on FIFO; TEXT and LINE take Python escapes, so "\\x1b" is an ESC byte):
  say TEXT      PRIVMSG the channel with TEXT (its UTF-8 bytes)
  raw LINE      send LINE (CRLF added)
  names         NAMES the channel (the reply shows who is in it)
  quit          QUIT and exit

The log has one line per line received: "<unix-ms> <line>" with every byte outside printable
ASCII written as \\xNN, so a check can grep for an ESC the server relayed ("\\x1b"). Lines
starting "#" are the script's own notes (connected, joined, disconnected). When the server goes
away (the restart check) it reconnects every 0.5 s and joins again, until "quit".
Python 3 standard library only.
"""
import argparse
import os
import select
import socket
import sys
import time


def escaped(raw):
    return "".join(chr(b) if 0x20 <= b < 0x7F and b != 0x5C else "\\x%02x" % b for b in raw)


def unescape(text):
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("utf-8")


class User:
    def __init__(self, args, log):
        self.args = args
        self.log = log
        self.sock = None
        self.buf = b""

    def note(self, text):
        self.log.write("%d # %s\n" % (time.time() * 1000, text))
        self.log.flush()

    def send(self, raw):
        if self.sock is not None:
            try:
                self.sock.sendall(raw + b"\r\n")
            except OSError as e:
                self.note("send failed: %s" % e)
                self.drop()

    def connect(self):
        try:
            self.sock = socket.create_connection(("127.0.0.1", self.args.port), timeout=2)
        except OSError:
            self.sock = None
            return False
        self.sock.settimeout(None)
        self.buf = b""
        nick = self.args.nick.encode()
        self.send(b"NICK " + nick)
        self.send(b"USER " + nick + b" 0 * :interop channel user")
        self.note("connected")
        return True

    def drop(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.note("disconnected")

    def received(self, line):
        self.log.write("%d %s\n" % (time.time() * 1000, escaped(line)))
        self.log.flush()
        parts = line.split(b" ")
        if parts[0] == b"PING":
            self.send(b"PONG " + b" ".join(parts[1:]))
        elif len(parts) > 1 and parts[1] == b"001":
            self.send(b"JOIN " + self.args.channel.encode())
            self.note("registered")

    def command(self, text):
        verb, _, rest = text.partition(" ")
        chan = self.args.channel.encode()
        if verb == "say":
            self.send(b"PRIVMSG " + chan + b" :" + unescape(rest))
        elif verb == "raw":
            self.send(unescape(rest))
        elif verb == "names":
            self.send(b"NAMES " + chan)
        elif verb == "quit":
            self.send(b"QUIT :done")
            return False
        else:
            self.note("unknown command: " + text)
        return True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=6667)
    p.add_argument("--nick", required=True)
    p.add_argument("--channel", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--commands", required=True)
    args = p.parse_args()
    # O_RDWR: the FIFO never reports end of file when a writer closes it
    fifo = os.open(args.commands, os.O_RDWR | os.O_NONBLOCK)
    pending = b""
    with open(args.log, "a", encoding="ascii") as log:
        user = User(args, log)
        while True:
            if user.sock is None and not user.connect():
                time.sleep(0.5)
                continue
            ready, _, _ = select.select([user.sock, fifo], [], [], 1.0)
            if fifo in ready:
                pending += os.read(fifo, 65536)
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if not user.command(line.decode("utf-8", "replace")):
                        time.sleep(0.2)
                        return 0
            if user.sock is not None and user.sock in ready:
                try:
                    data = user.sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    user.drop()
                    continue
                user.buf += data
                while b"\n" in user.buf:
                    line, user.buf = user.buf.split(b"\n", 1)
                    user.received(line.rstrip(b"\r"))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Which forbidden bytes travelled in the TCP payloads of a capture: for the hostile-text checks of
interop/irc-interop.sh, which must show that no control byte of an IRC user's reaches a talk
terminal, whatever the terminal would have drawn.

  pcap-tcp-bytes.py FILE --skip-port 6667 --forbid 01,02,03,07,1b

Reads a classic pcap file as tcpdump -w writes it on lo (Ethernet link type 1, or raw IPv4 101,
or Linux cooked 113), IPv4 only, and looks at the payload of every TCP segment whose ports are
both not --skip-port (the IRC traffic, which carries those bytes to the bridge). Prints one line
per segment holding a forbidden byte ("src -> dst: offset N byte 0xNN") and "segments N bytes M"
at the end; exit status 1 if a forbidden byte was found, 2 if the file is not a readable capture.
Python 3 standard library only.
"""
import argparse
import socket
import struct
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--skip-port", type=int, action="append", default=[])
    p.add_argument("--forbid", required=True)
    args = p.parse_args()
    forbidden = {int(x, 16) for x in args.forbid.split(",")}
    with open(args.file, "rb") as f:
        data = f.read()
    if len(data) < 24:
        print("pcap-tcp-bytes: %s: too short for a pcap header" % args.file, file=sys.stderr)
        return 2
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1":
        end = "<"
    elif magic == b"\xa1\xb2\xc3\xd4":
        end = ">"
    else:
        print("pcap-tcp-bytes: %s: not a classic pcap file" % args.file, file=sys.stderr)
        return 2
    link = struct.unpack(end + "I", data[20:24])[0]
    skip = {1: 14, 101: 0, 113: 16}.get(link)
    if skip is None:
        print("pcap-tcp-bytes: link type %d not handled" % link, file=sys.stderr)
        return 2
    at, segments, total, bad = 24, 0, 0, 0
    while at + 16 <= len(data):
        incl = struct.unpack(end + "I", data[at + 8:at + 12])[0]
        frame = data[at + 16:at + 16 + incl]
        at += 16 + incl
        ip = frame[skip:]
        if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        ihl = (ip[0] & 15) * 4
        length = struct.unpack("!H", ip[2:4])[0]
        tcp = ip[ihl:length]
        if len(tcp) < 20:
            continue
        sport, dport = struct.unpack("!HH", tcp[:4])
        if sport in args.skip_port or dport in args.skip_port:
            continue
        payload = tcp[(tcp[12] >> 4) * 4:]
        if not payload:
            continue
        segments += 1
        total += len(payload)
        for i, b in enumerate(payload):
            if b in forbidden:
                bad += 1
                print("%s:%d -> %s:%d: offset %d byte 0x%02x" % (
                    socket.inet_ntoa(ip[12:16]), sport, socket.inet_ntoa(ip[16:20]), dport, i, b))
    print("segments %d bytes %d" % (segments, total))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

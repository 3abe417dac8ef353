#!/usr/bin/env python3
"""Rebuilds recorded talk datagrams into a pcap file, for the checks of the Wireshark dissector
(interop/dissector-interop.sh) and of `decode --pcap` on datagrams no lab session sends: the
malformed, old-talk and odd-name cases of the golden files, whose bytes real daemons sent or
answered (talk-proto/src/test/resources/golden/*.txt, "CASE <name> SENT|REPLY <len> <hex>").

  golden-to-pcap.py OUT.pcap GOLDEN:CASE[,CASE...] ...

Each named case's SENT and REPLY lines become UDP datagrams between 127.0.0.1:<client port> and
127.0.0.1:<daemon port>, in the order of the golden file, 1 ms apart from 2026-12-01T10:00:00Z.
The daemon port of each SENT line is the one the file's "#S" summary line for it names
("otalk:517" or "ntalk:518"; 518 in files without such lines), a REPLY comes from the port of the
SENT before it; the client port is 42000 + 8 * the case's index in its file (as otalk-probe.py
numbers its sockets). Classic little-endian pcap, microsecond magic, link type 1 (Ethernet, zero
MAC addresses), as tcpdump -i lo writes; UDP checksums 0 (none, allowed for IPv4). The output
depends only on the arguments. Python 3 standard library only.
"""
import re
import struct
import sys

START = 1796119200  # 2026-12-01T10:00:00Z


def read_golden(path):
    """Returns (cases in file order, {case: [(direction, bytes)]}, {case: [daemon port per SENT]})."""
    order, datagrams, ports = [], {}, {}
    with open(path, encoding="ascii") as f:
        for line in f:
            m = re.match(r"#S (\S+)\s+\| (?:ntalk|otalk):(\d+)\s+\|", line)
            if m:
                ports.setdefault(m.group(1), []).append(int(m.group(2)))
                continue
            m = re.match(r"CASE (\S+) (SENT|REPLY) (\d+) ?([0-9a-f]*)$", line.rstrip("\n"))
            if not m:
                continue
            name, direction, length, hex_bytes = m.groups()
            data = bytes.fromhex(hex_bytes)
            if len(data) != int(length):
                sys.exit(f"{path}: case {name}: length {length} but {len(data)} bytes")
            if name not in datagrams:
                order.append(name)
                datagrams[name] = []
            datagrams[name].append((direction, data))
    return order, datagrams, ports


def ip_checksum(header):
    total = sum(struct.unpack("!10H", header))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def frame(src_port, dst_port, payload, ident):
    udp = struct.pack("!HHHH", src_port, dst_port, 8 + len(payload), 0) + payload
    loopback = bytes([127, 0, 0, 1])
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident, 0x4000, 64, 17, 0,
                     loopback, loopback)
    ip = ip[:10] + struct.pack("!H", ip_checksum(ip)) + ip[12:]
    return bytes(12) + b"\x08\x00" + ip + udp


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    frames = []
    for arg in sys.argv[2:]:
        path, _, names = arg.partition(":")
        order, datagrams, ports = read_golden(path)
        for name in names.split(","):
            if name not in datagrams:
                sys.exit(f"{path}: no case {name}")
            client = 42000 + 8 * order.index(name)
            sent_ports = list(ports.get(name, []))
            daemon = None
            for direction, data in datagrams[name]:
                if direction == "SENT":
                    daemon = sent_ports.pop(0) if sent_ports else 518
                    frames.append(frame(client, daemon, data, len(frames) + 1))
                elif daemon is None:
                    sys.exit(f"{path}: case {name}: a REPLY before any SENT")
                else:
                    frames.append(frame(daemon, client, data, len(frames) + 1))
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for i, f in enumerate(frames):
        usec = i * 1000
        out.append(struct.pack("<IIII", START + usec // 1000000, usec % 1000000, len(f), len(f)))
        out.append(f)
    with open(sys.argv[1], "wb") as f:
        f.write(b"".join(out))


if __name__ == "__main__":
    main()

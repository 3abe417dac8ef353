#!/usr/bin/env python3
"""Helpers of benchmarks/talkd-footprint.sh (issue 12 "Small and quick"); runs inside its namespace.

  talkd-footprint.py fill PORT COUNT [any]  leave COUNT live invitations, from 127.0.0.1.. as needed
  talkd-footprint.py first PORT             one LEAVE_INVITE, its reply awaited: "first MS ANSWER"

fill spreads the invitations over COUNT/1000 source addresses (127.0.0.1, 127.0.0.2, ...): a
daemon may cap one address's share (ours does at 1,000, InvitationTable.Limits.DEFAULT), and the
aim is a full table, not a refused sender. Every invitation has its own caller name, so none
replaces another; it prints "fill SENT SUCCESS OTHER TIMEOUTS MS answers ANSWER:COUNT,..." and
fails unless every one was answered SUCCESS, or with "any" answered at all: netkit's in.ntalkd
stores every new LEAVE_INVITE (its table has no limit) but may leave the answer byte of that reply
unset (seen here: 82), so that it carries what its reply buffer held. first measures from the send of the datagram that makes the activator start the
daemon to its reply: process start, runtime start, and the first request served; then it deletes
that invitation.

The layout is the ntalk CTL_MSG and CTL_RESPONSE of <protocols/talkd.h> (84 and 24 bytes).
"""
import socket
import struct
import sys
import time

CTL_MSG = "!BBBBI16s16sI12s12s16s"
LEAVE_INVITE, DELETE, SUCCESS = 0, 2, 0


def sockaddr(ip, port):
    return struct.pack("!HH4s", socket.AF_INET, port, socket.inet_aton(ip)) + b"\0" * 8


def send_request(sock, port, caller, callee, talk_port, typ=LEAVE_INVITE, id_num=0):
    ip, p = sock.getsockname()
    sock.sendto(struct.pack(CTL_MSG, 1, typ, 0, 0, id_num, sockaddr(ip, talk_port),
                            sockaddr(ip, p), 4242, caller.encode(), callee.encode(), b""),
                ("127.0.0.1", port))


def answer(sock, timeout, want=LEAVE_INVITE, with_id=False):
    sock.settimeout(timeout)
    data, _ = sock.recvfrom(100)
    vers, typ, ans, _, id_num = struct.unpack("!BBBBI", data[:8])
    if len(data) != 24 or vers != 1 or typ != want:
        raise SystemExit("bad reply " + data.hex())
    return (ans, id_num) if with_id else ans


def fill(port, count, any_answer):
    per_address = 1000
    sent = ok = other = timeouts = 0
    answers = {}
    t0 = time.monotonic()
    for a in range((count + per_address - 1) // per_address):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.%d" % (a + 1), 0))
        for i in range(min(per_address, count - a * per_address)):
            n = a * per_address + i
            for _ in range(3):   # bounded: a lost datagram is sent again twice at most
                send_request(sock, port, "c%05d" % n, "bob", 40000 + n % 20000)
                sent += 1
                try:
                    ans = answer(sock, 1.0)
                except socket.timeout:
                    timeouts += 1
                    continue
                answers[ans] = answers.get(ans, 0) + 1
                ok += ans == SUCCESS
                other += ans != SUCCESS
                break
        sock.close()
    ms = (time.monotonic() - t0) * 1000
    print("fill %d %d %d %d %.0f answers %s" % (sent, ok, other, timeouts, ms,
          ",".join("%d:%d" % kv for kv in sorted(answers.items()))))
    return 0 if ok == count or (any_answer and ok + other == count) else 1


def first(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    t0 = time.monotonic()
    caller = "cold%d" % (time.time_ns() % 10**6)
    send_request(sock, port, caller, "bob", 40000)
    try:
        ans, id_num = answer(sock, 20.0, with_id=True)
    except socket.timeout:
        print("first none")
        return 1
    print("first %.1f %d" % ((time.monotonic() - t0) * 1000, ans))
    # and it goes again, so that a fill after it has the whole table
    send_request(sock, port, caller, "bob", 0, DELETE, id_num)
    answer(sock, 5.0, DELETE)
    return 0


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "fill":
        sys.exit(fill(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:] == ["any"]))
    if len(sys.argv) == 3 and sys.argv[1] == "first":
        sys.exit(first(int(sys.argv[2])))
    sys.exit(__doc__)

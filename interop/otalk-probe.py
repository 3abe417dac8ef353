#!/usr/bin/env python3
"""Send old-talk (4.2BSD "otalk", udp/517) requests to a talk daemon and record every answer.

  otalk-probe.py replay PORT [--ntalk-port P] [--cases a,b,...] [--bob-tty /dev/pts/N]
  otalk-probe.py list

"replay" runs the named cases (default: all, in order) against 127.0.0.1:PORT; the cases that
belong to the ntalk port (a 76-byte request to an ntalk daemon, an 84-byte ntalk LOOK_UP after an
old-talk invitation there) go to --ntalk-port and are skipped without it. interop/otalk-golden.sh
ran it against Debian netkit's in.talkd (517) and in.ntalkd (518) to make
talk-proto/src/test/resources/golden/netkit-otalk.txt; run it against another daemon to get the
same requests in the same format and compare.

Every request is sent from a UDP socket bound to 127.0.0.1 on a fixed port (42000 + 8 * the
case's index in CASES + the socket's number inside the case), and its ctl_addr names that socket,
so the SENT bytes are the same on every run. Only two things in a request depend on a reply:
a DELETE carries the id a LEAVE_INVITE reply gave. --ephemeral binds port 0 instead.

Output (stdout), the format of golden/netkit-errors.txt:
  CASE <name> SENT <len> <hex>           (one per datagram sent, in order)
  CASE <name> REPLY <len> <hex>          (the datagram received on the same socket within 1 s)
  CASE <name> SILENCE 1s
  '#' lines: decoded fields, the #S summary table and #F facts computed from the replies.
Exit status 0 unless the probe itself failed (a daemon that never answers is a result, not an error).

Old request, 76 bytes: type u8 @0; l_name[9] @1; r_name[9] @10; pad @19; id_num u32 @20;
pid u32 @24; r_tty[16] @28; addr sockaddr_in @44; ctl_addr sockaddr_in @60. id_num, pid and the two
sin_family fields are in the SENDER's byte order ("be": 00 02, "le": 02 00); ports and addresses are
network order. Old reply, 24 bytes: type u8, answer u8, 2 filler, id_num u32, addr sockaddr_in.
Python 3 standard library only.
"""
import argparse
import os
import socket
import struct
import sys
import time

HOST = "127.0.0.1"
PORT_BASE = 42000
TIMEOUT = 1.0

LEAVE_INVITE, LOOK_UP, DELETE, ANNOUNCE = 0, 1, 2, 3
TYPES = {0: "LEAVE_INVITE", 1: "LOOK_UP", 2: "DELETE", 3: "ANNOUNCE"}
ANSWERS = {0: "SUCCESS", 1: "NOT_HERE", 2: "FAILED", 3: "MACHINE_UNKNOWN", 4: "PERMISSION_DENIED",
           5: "UNKNOWN_REQUEST", 6: "BADVERSION", 7: "BADADDR", 8: "BADCTLADDR"}
NO_ID = 0xFFFFFFFF
FAKE_TCP = 40517          # the "caller's TCP listen port" in invitations; nothing listens there


def name9(s):
    b = s.encode() if isinstance(s, str) else s
    return b[:9].ljust(9, b"\0")


def sockaddr(order, family, ip, port):
    """sockaddr_in as the old protocol sends it: family in `order`, port and ip network order."""
    return struct.pack(">H" if order == "be" else "<H", family) + struct.pack("!H", port) + \
        socket.inet_aton(ip) + b"\0" * 8


def otalk(type_, l_name, r_name, ctl, order="be", id_num=0, pid=4242, r_tty="", addr=None,
          addr_family=socket.AF_INET, ctl_family=socket.AF_INET, pad=0):
    """A 76-byte old-talk request. ctl = (ip, port) of the sending socket; addr = (ip, port) or None."""
    e = ">" if order == "be" else "<"
    a_ip, a_port = addr or ("0.0.0.0", 0)
    pkt = struct.pack("B", type_) + name9(l_name) + name9(r_name) + struct.pack("B", pad) + \
        struct.pack(e + "II", id_num, pid) + r_tty.encode()[:16].ljust(16, b"\0") + \
        sockaddr(order, addr_family, a_ip, a_port) + sockaddr(order, ctl_family, ctl[0], ctl[1])
    assert len(pkt) == 76
    return pkt


def ntalk(type_, l_name, r_name, ctl, id_num=0, pid=4242, r_tty="", addr=None, vers=1):
    """An 84-byte ntalk CTL_MSG (everything big-endian), for the cross-protocol cases."""
    a_ip, a_port = addr or ("0.0.0.0", 0)
    pkt = struct.pack("!BBBBI", vers, type_, 0, 0, id_num) + sockaddr("be", 2, a_ip, a_port) + \
        sockaddr("be", 2, ctl[0], ctl[1]) + struct.pack("!I", pid) + \
        l_name.encode()[:12].ljust(12, b"\0") + r_name.encode()[:12].ljust(12, b"\0") + \
        r_tty.encode()[:16].ljust(16, b"\0")
    assert len(pkt) == 84
    return pkt


def describe_otalk(p):
    if len(p) != 76:
        return "%d bytes (not an old-talk request)" % len(p)
    def fam(b):
        return "%s(be=%d le=%d)" % (b.hex(), struct.unpack(">H", b)[0], struct.unpack("<H", b)[0])
    def sa(b):
        return "fam=%s port=%d ip=%s zero=%s" % (fam(b[0:2]), struct.unpack("!H", b[2:4])[0],
                                                 socket.inet_ntoa(b[4:8]), b[8:16].hex())
    return ("type=%d(%s) l_name=%r r_name=%r pad=%d id_num=%s pid=%s r_tty=%r addr=(%s) ctl_addr=(%s)" %
            (p[0], TYPES.get(p[0], "?"), p[1:10], p[10:19], p[19], p[20:24].hex(), p[24:28].hex(),
             p[28:44].rstrip(b"\0"), sa(p[44:60]), sa(p[60:76])))


def describe_ntalk(p):
    v, t, a, pad, idn = struct.unpack("!BBBBI", p[:8])
    return "vers=%d type=%d(%s) id_num=%08x pid=%s l_name=%r r_name=%r" % (
        v, t, TYPES.get(t, "?"), idn, p[40:44].hex(), p[44:56].rstrip(b"\0"), p[56:68].rstrip(b"\0"))


def describe_reply(r, pkt=b""):
    if len(r) != 24:
        return "%d bytes (not a 24-byte reply)" % len(r)
    if reply_format(pkt, r) == "ntalk":
        return ("ntalk reply: vers=%d type=%d(%s) answer=%d(%s) pad=%02x id_num=%s addr: fam=%s port=%d ip=%s rest=%s" %
                (r[0], r[1], TYPES.get(r[1], "?"), r[2], ANSWERS.get(r[2], "?"), r[3], r[4:8].hex(), r[8:10].hex(),
                 struct.unpack("!H", r[10:12])[0], socket.inet_ntoa(r[12:16]), r[16:24].hex()))
    return ("old reply: type=%d(%s) answer=%d(%s) filler=%s id_num=%s(be=%d le=%d) addr: fam=%s port=%d ip=%s rest=%s" %
            (r[0], TYPES.get(r[0], "?"), r[1], ANSWERS.get(r[1], "?"), r[2:4].hex(), r[4:8].hex(),
             struct.unpack(">I", r[4:8])[0], struct.unpack("<I", r[4:8])[0], r[8:10].hex(),
             struct.unpack("!H", r[10:12])[0], socket.inet_ntoa(r[12:16]), r[16:24].hex()))


class Run:
    """Output, sockets and the replies of one run."""

    def __init__(self, port, ntalk_port, ephemeral, bob_tty):
        self.port, self.ntalk_port, self.ephemeral, self.bob_tty = port, ntalk_port, ephemeral, bob_tty
        self.seq = []           # (case name, sent, reply or None, target), in order
        self.summary = []       # (case, target, text)
        self.case = None
        self.index = 0
        self.nsock = 0
        self.socks = []

    def emit(self, s=""):
        print(s, flush=True)

    def sock(self):
        """A fresh UDP socket on 127.0.0.1, on this case's next fixed port; returns (sock, (ip, port))."""
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        want = 0 if self.ephemeral else PORT_BASE + 8 * self.index + self.nsock
        self.nsock += 1
        try:
            s.bind((HOST, want))
        except OSError as e:
            self.emit("#   note: cannot bind %s:%d (%s); using an ephemeral port" % (HOST, want, e))
            s.bind((HOST, 0))
        self.socks.append(s)
        return s, s.getsockname()

    def send(self, s, pkt, target="otalk", note=""):
        """Send pkt from s to the otalk or ntalk port, wait up to TIMEOUT for a reply on s."""
        port = self.port if target == "otalk" else self.ntalk_port
        name = self.case
        self.emit("CASE %s SENT %d %s" % (name, len(pkt), pkt.hex()))
        if len(pkt) == 76:
            self.emit("#   sent to %d: %s" % (port, describe_otalk(pkt)))
        elif len(pkt) == 84:
            self.emit("#   sent to %d: ntalk %s" % (port, describe_ntalk(pkt)))
        else:
            self.emit("#   sent to %d: %d bytes" % (port, len(pkt)))
        if note:
            self.emit("#   note: " + note)
        s.settimeout(TIMEOUT)
        t0 = time.monotonic()
        s.sendto(pkt, (HOST, port))
        reply = None
        try:
            reply, frm = s.recvfrom(4096)
            self.emit("CASE %s REPLY %d %s" % (name, len(reply), reply.hex()))
            self.emit("#   from %s:%d after %.1f ms: %s" % (frm[0], frm[1], (time.monotonic() - t0) * 1e3,
                                                          describe_reply(reply, pkt)))
            extra = []
            s.settimeout(0.2)
            try:
                while True:
                    extra.append(s.recvfrom(4096)[0])
            except socket.timeout:
                pass
            for x in extra:
                self.emit("CASE %s REPLY %d %s" % (name, len(x), x.hex()))
                self.emit("#   a further datagram on the same socket: " + describe_reply(x, pkt))
        except socket.timeout:
            self.emit("CASE %s SILENCE %gs" % (name, TIMEOUT))
        self.seq.append((name, pkt, reply, target))
        self.summary.append((name, "%s:%d" % (target, port), summarize(pkt, reply)))
        return reply


def reply_format(pkt, reply):
    """'old' or 'ntalk'. Both are 24 bytes; netkit's old-format replies always had filler 00 00,
    its ntalk ones vers 1 at byte 0 and the answer at byte 2: an 84-byte request, or a reply whose
    bytes 2-3 are not 00 00, is read as ntalk (an ntalk SUCCESS with pad 00 would be misread)."""
    return "ntalk" if len(pkt) == 84 or reply[2:4] != b"\0\0" else "old"


def summarize(pkt, reply):
    req = "%dB type %d" % (len(pkt), pkt[0] if len(pkt) != 84 else pkt[1])
    if reply is None:
        return req + " -> silence"
    if len(reply) != 24:
        return req + " -> %d-byte reply" % len(reply)
    if reply_format(pkt, reply) == "ntalk":
        t, a = reply[1], reply[2]
        return "%s -> ntalk reply: vers=%d type=%d %s pad=%02x id=%s%s" % (
            req, reply[0], t, ANSWERS.get(a, "answer %d" % a), reply[3], reply[4:8].hex(),
            " addr=%s" % reply[8:16].hex() if a == 0 and t == LOOK_UP else "")
    return "%s -> old reply: type=%d %s id=%s%s" % (req, reply[0], ANSWERS.get(reply[1], "answer %d" % reply[1]),
                                                    reply[4:8].hex(),
                                                    " addr=%s" % reply[8:16].hex() if reply[1] == 0 and reply[0] == LOOK_UP else "")


# ---------------------------------------------------------------- the cases
# Each case is (name, target, description, function(run)). target "otalk" or "ntalk" says which
# port the case needs (an "ntalk" case is skipped when no --ntalk-port is given).

def c_lookup(order, l="alice", r="bob", pid=4242):
    def f(run):
        s, me = run.sock()
        run.send(s, otalk(LOOK_UP, l, r, me, order, pid=pid))
    return f


def c_invite_lookup(inv_order, look_order, l="alice", r="bob", delete=True, inv_target="otalk",
                    look_target="otalk"):
    """alice leaves an invitation (addr 127.0.0.1:FAKE_TCP); bob looks it up; alice deletes it
    with the id bytes of the invite reply copied verbatim (what a client of either order does:
    it reads the 4 bytes as its own int and writes them back the same way)."""
    def f(run):
        sa, me_a = run.sock()
        sb, me_b = run.sock()
        r1 = run.send(sa, otalk(LEAVE_INVITE, l, r, me_a, inv_order, id_num=NO_ID, pid=1000 + run.index,
                                addr=(HOST, FAKE_TCP + run.index)), inv_target)
        if look_target == "otalk":
            run.send(sb, otalk(LOOK_UP, r, l, me_b, look_order, pid=2000 + run.index), look_target)
        else:
            run.send(sb, ntalk(LOOK_UP, r, l, me_b, pid=2000 + run.index), look_target)
        if delete and r1 is not None and len(r1) == 24:
            rid_bytes = r1[4:8]
            p = bytearray(otalk(DELETE, l, r, me_a, inv_order, id_num=0, pid=1000 + run.index))
            p[20:24] = rid_bytes
            if inv_order == "le":
                # first the id as a little-endian client means it if it reads the reply's id as
                # network order and writes it in its own order (bytes reversed): does netkit
                # take it? Then the verbatim bytes.
                q = bytearray(p)
                q[20:24] = struct.pack("<I", struct.unpack(">I", rid_bytes)[0])
                run.send(sa, bytes(q), inv_target, note="DELETE, id bytes of the invite reply reversed (%s)" % q[20:24].hex())
            run.send(sa, bytes(p), inv_target, note="DELETE, id bytes copied from the invite reply (%s)" % rid_bytes.hex())
            run.send(sb, otalk(LOOK_UP, r, l, me_b, look_order, pid=2000 + run.index), inv_target,
                     note="LOOK_UP again after the DELETE")
    return f


def c_announce(order, r="bob", l="alice", mesg_n=False, r_tty=""):
    def f(run):
        s, me = run.sock()
        path = run.bob_tty if mesg_n else None
        if mesg_n and not path:
            run.emit("#   note: no --bob-tty given, so this is not a mesg n case")
        st = None
        if path:
            st = os.stat(path)
            os.chmod(path, 0o600)
        try:
            run.send(s, otalk(ANNOUNCE, l, r, me, order, id_num=NO_ID, pid=3000 + run.index, r_tty=r_tty,
                              addr=(HOST, FAKE_TCP + run.index)),
                     note="bob's tty set to 0600 (mesg n) for this request" if path else "")
        finally:
            if st is not None:
                os.chmod(path, st.st_mode & 0o7777)
    return f


def c_raw(build):
    """build(me) -> bytes sent as-is to the otalk port."""
    def f(run):
        s, me = run.sock()
        run.send(s, build(me))
    return f


def c_type(t, target="otalk"):
    def f(run):
        s, me = run.sock()
        run.send(s, otalk(t, "alice", "bob", me, "be", id_num=NO_ID, pid=4242, addr=(HOST, FAKE_TCP)), target)
    return f


def c_ntalk_to(target):
    def f(run):
        s, me = run.sock()
        run.send(s, ntalk(LOOK_UP, "alice", "bob", me), target)
    return f


def c_repeat(order, n):
    def f(run):
        for _ in range(n):
            s, me = run.sock()
            run.send(s, otalk(LOOK_UP, "alice", "bob", me, order))
    return f


def c_ctl_family(fam, order="be"):
    def f(run):
        s, me = run.sock()
        run.send(s, otalk(LOOK_UP, "alice", "bob", me, order, ctl_family=fam))
    return f


def c_invite_family(fam, order="be"):
    """LEAVE_INVITE with addr family `fam`, then bob's LOOK_UP: which family comes back?"""
    def f(run):
        sa, me_a = run.sock()
        sb, me_b = run.sock()
        r1 = run.send(sa, otalk(LEAVE_INVITE, "alice", "bob", me_a, order, id_num=NO_ID, pid=1000 + run.index,
                                addr=(HOST, FAKE_TCP), addr_family=fam))
        run.send(sb, otalk(LOOK_UP, "bob", "alice", me_b, order, pid=2000 + run.index))
        if r1 is not None and len(r1) == 24:
            p = bytearray(otalk(DELETE, "alice", "bob", me_a, order, pid=1000 + run.index))
            p[20:24] = r1[4:8]
            run.send(sa, bytes(p), note="clean up: DELETE with the invite reply's id bytes")
    return f


def c_resize(n, order="be"):
    def f(run):
        s, me = run.sock()
        p = otalk(LOOK_UP, "alice", "bob", me, order)
        run.send(s, (p + b"\0" * 8)[:n])
    return f


CASES = [
    ("lookup_none_be", "otalk", "LOOK_UP alice->bob, nothing on file; id/pid/families big-endian (00 02)", c_lookup("be")),
    ("lookup_none_le", "otalk", "the same, little-endian (02 00)", c_lookup("le")),
    ("lookup_none_be_repeat", "otalk", "LOOK_UP big-endian three more times from fresh sockets (does the junk vary?)", c_repeat("be", 3)),
    ("lookup_none_le_repeat", "otalk", "LOOK_UP little-endian three more times", c_repeat("le", 3)),
    ("invite_lookup_be", "otalk", "LEAVE_INVITE alice->bob big-endian, bob's LOOK_UP big-endian, DELETE, LOOK_UP", c_invite_lookup("be", "be")),
    ("invite_lookup_le", "otalk", "the same, all little-endian (first a DELETE with the reply's id bytes reversed)", c_invite_lookup("le", "le")),
    ("invite_le_lookup_be", "otalk", "LEAVE_INVITE little-endian, LOOK_UP big-endian (across orders; DELETEs as in invite_lookup_le)", c_invite_lookup("le", "be")),
    ("invite_be_lookup_le", "otalk", "LEAVE_INVITE big-endian, LOOK_UP little-endian (across orders)", c_invite_lookup("be", "le")),
    ("invite_addr_family_0", "otalk", "LEAVE_INVITE with addr family 0, then LOOK_UP", c_invite_family(0)),
    ("invite_addr_family_le_in_be", "otalk", "LEAVE_INVITE big-endian but addr family bytes 02 00", c_invite_family(0x0200)),
    ("announce_bob_be", "otalk", "ANNOUNCE alice->bob big-endian (bob logged in, mesg y: rings his tty)", c_announce("be")),
    ("announce_bob_le", "otalk", "ANNOUNCE alice->bob little-endian (rings again)", c_announce("le", l="alice2")),
    ("announce_not_logged_in", "otalk", "ANNOUNCE alice->carol (no utmp entry)", c_announce("be", r="carol")),
    ("announce_no_such_user", "otalk", "ANNOUNCE alice->nosuch (no account)", c_announce("be", r="nosuch")),
    ("announce_wrong_tty", "otalk", "ANNOUNCE alice->bob with r_tty pts/99", c_announce("be", l="alice3", r_tty="pts/99")),
    ("announce_mesg_n", "otalk", "ANNOUNCE alice->bob while bob's tty is 0600", c_announce("be", l="alice4", mesg_n=True)),
    ("invite_lookup_name8", "otalk", "LEAVE_INVITE from an 8-character name (alice678, NUL at l_name[8]), LOOK_UP", c_invite_lookup("be", "be", l="alice678")),
    ("invite_lookup_name9", "otalk", "LEAVE_INVITE from a 9-character name (alice6789, no NUL in l_name), LOOK_UP by that name", c_invite_lookup("be", "be", l="alice6789")),
    ("lookup_name9_as_8", "otalk", "after name9's DELETE: LEAVE_INVITE alice6789 again, LOOK_UP for alice678 (truncated?)",
     None),   # filled in below
    ("announce_name9", "otalk", "ANNOUNCE from alice6789 to bob (what does bob's tty show?)", c_announce("be", l="alice6789")),
    ("ctl_family_0", "otalk", "LOOK_UP big-endian ids but ctl_addr family 00 00", c_ctl_family(0)),
    ("ctl_family_10", "otalk", "LOOK_UP, ctl_addr family 10 (AF_INET6) big-endian 00 0a", c_ctl_family(10)),
    ("ctl_family_10_le", "otalk", "LOOK_UP little-endian, ctl_addr family 0a 00", c_ctl_family(10, "le")),
    ("truncated_75", "otalk", "a big-endian LOOK_UP cut to 75 bytes", c_resize(75)),
    ("oversized_77", "otalk", "a big-endian LOOK_UP with one extra 00 byte (77 bytes)", c_resize(77)),
    ("type_4", "otalk", "type 4 (ytalk's DELETE_INVITE), big-endian", c_type(4)),
    ("type_5", "otalk", "type 5 (ytalk's AUTO_LOOK_UP)", c_type(5)),
    ("type_6", "otalk", "type 6 (ytalk's AUTO_DELETE)", c_type(6)),
    ("type_9", "otalk", "type 9", c_type(9)),
    ("ntalk84_to_otalk", "otalk", "an 84-byte ntalk LOOK_UP (vers 1) sent to the old-talk port", c_ntalk_to("otalk")),
    ("otalk_be_to_ntalk", "ntalk", "a 76-byte big-endian old-talk LOOK_UP sent to the ntalk port", None),
    ("otalk_le_to_ntalk", "ntalk", "a 76-byte little-endian old-talk LOOK_UP sent to the ntalk port", None),
    ("otalk_invite_ntalk_lookup_518", "ntalk", "old-talk LEAVE_INVITE to the ntalk port, then an 84-byte ntalk LOOK_UP there (one table?)",
     c_invite_lookup("be", "be", delete=False, inv_target="ntalk", look_target="ntalk")),
    ("otalk_invite_517_ntalk_lookup_518", "ntalk", "old-talk LEAVE_INVITE to the old-talk port, ntalk LOOK_UP to the ntalk port (separate tables?)",
     c_invite_lookup("be", "be", l="alice5", delete=True, look_target="ntalk")),
    ("otalk_types_to_ntalk", "ntalk", "old-talk types 4, 5, 6 sent to the ntalk port", None),
]


def _name9_as_8(run):
    sa, me_a = run.sock()
    sb, me_b = run.sock()
    r1 = run.send(sa, otalk(LEAVE_INVITE, "alice6789", "bob", me_a, "be", id_num=NO_ID, pid=1000 + run.index,
                            addr=(HOST, FAKE_TCP)))
    run.send(sb, otalk(LOOK_UP, "bob", "alice678", me_b, "be", pid=2000 + run.index))
    if r1 is not None and len(r1) == 24:
        p = bytearray(otalk(DELETE, "alice6789", "bob", me_a, "be", pid=1000 + run.index))
        p[20:24] = r1[4:8]
        run.send(sa, bytes(p), note="clean up: DELETE with the invite reply's id bytes")


def _otalk_to_ntalk(order):
    def f(run):
        s, me = run.sock()
        run.send(s, otalk(LOOK_UP, "alice", "bob", me, order), "ntalk")
    return f


def _types_to_ntalk(run):
    for t in (4, 5, 6):
        s, me = run.sock()
        run.send(s, otalk(t, "alice", "bob", me, "be", id_num=NO_ID, addr=(HOST, FAKE_TCP)), "ntalk")


_FILL = {"lookup_name9_as_8": _name9_as_8, "otalk_be_to_ntalk": _otalk_to_ntalk("be"),
         "otalk_le_to_ntalk": _otalk_to_ntalk("le"), "otalk_types_to_ntalk": _types_to_ntalk}
CASES = [(n, t, d, f if f is not None else _FILL[n]) for n, t, d, f in CASES]


# ---------------------------------------------------------------- facts from the replies

def facts(run):
    """#F lines: what the replies show, computed (so a regenerated file states what it measured)."""
    out = []
    seq = run.seq
    got = [(n, p, r, t) for n, p, r, t in seq if r is not None]
    out.append("#F FACTS computed by otalk-probe.py from the datagrams in this file")
    out.append("#F requests sent: %d; replies: %d; silences: %d; reply sizes: %s" % (
        len(seq), len(got), len(seq) - len(got), ", ".join(sorted({"%d" % len(r) for _, _, r, _ in got}))))
    old = [(n, p, r, t) for n, p, r, t in got if len(r) == 24 and reply_format(p, r) == "old"]
    nt = [(n, p, r, t) for n, p, r, t in got if len(r) == 24 and reply_format(p, r) == "ntalk"]
    out.append("#F old-format replies (filler 00 00): %d; ntalk-format replies (vers byte 01, answer at byte 2): %d" % (
        len(old), len(nt)))
    rej = [(n, p, r) for n, p, r, _ in nt if len(p) != 84]
    if rej:
        names = []
        for n, _, _ in rej:
            if n not in names:
                names.append(n)
        out.append("#F non-84-byte requests answered in ntalk format (not taken as old talk): %s" % ", ".join(
            "%s x%d" % (n, sum(1 for m, _, _ in rej if m == n)) for n in names))
        same = all(r[1] == p[1] and r[0] == 1 and r[2] == 5 and r[4:] == b"\0" * 20 for _, p, r in rej)
        out.append("#F   %s" % ("each is 01 <request byte 1> 05(UNKNOWN_REQUEST) 00 and 20 zero bytes" if same
                                 else "they differ: see the cases"))
    # id byte order: replies to LEAVE_INVITE carry a fresh small id
    for order in ("be", "le"):
        ids = [r[4:8] for _, p, r, _ in old if _order(p) == order and p[0] == LEAVE_INVITE]
        if ids:
            be = all(struct.unpack(">I", b)[0] < 0x10000 for b in ids)
            le = all(struct.unpack("<I", b)[0] < 0x10000 for b in ids)
            out.append("#F id of the LEAVE_INVITE replies to %s requests: %s -> %s" % (
                order, " ".join(b.hex() for b in ids),
                "network (big-endian) order" if be and not le else "little-endian" if le and not be else "order unclear"))
    for n, p, r, _ in old:
        if p[0] == LOOK_UP and r[0] == LOOK_UP and r[1] == 0:
            inv = [q for m, q, _, _ in seq if m == n and len(q) == 76 and q[0] == LEAVE_INVITE]
            out.append("#F LOOK_UP SUCCESS %s (%s request): id %s, addr %s (family %s, port %d, ip %s)%s" % (
                n, _order(p), r[4:8].hex(), r[8:24].hex(), r[8:10].hex(), struct.unpack("!H", r[10:12])[0],
                socket.inet_ntoa(r[12:16]), "; the invitation's addr was %s" % inv[0][44:60].hex() if inv else ""))
    out.append("#F filler bytes 2-3 of the old-format replies: %s" % ", ".join(sorted({r[2:4].hex() for _, _, r, _ in old})))
    junk = [r[8:24].hex() for _, p, r, _ in old if not (r[0] == LOOK_UP and r[1] == 0)]
    out.append("#F bytes 8-23 (addr) of the %d old-format replies that are not a LOOK_UP SUCCESS: %d distinct values" % (
        len(junk), len(set(junk))))
    for v in sorted(set(junk)):
        out.append("#F   %s  x%d" % (v, junk.count(v)))
    prev, same, total, seen = None, 0, 0, []
    for n, p, r, t in seq:
        if r is None or len(r) != 24:
            continue
        a = r[2] if reply_format(p, r) == "ntalk" else r[1]
        if len(p) == 76 and p[0] == LEAVE_INVITE and reply_format(p, r) == "old" and prev is not None and t == prev[1]:
            total += 1
            same += a == prev[0]
            seen.append("%02x(prev %02x)" % (a, prev[0]))
        prev = (a, t)
    if total:
        out.append("#F answer byte of the old LEAVE_INVITE replies equals the previous reply's answer on that port in %d of %d: %s" % (
            same, total, " ".join(seen)))
    return out


# ---------------------------------------------------------------- pcap -> golden (utalk's probes)

def read_pcap(path):
    """Classic pcap (tcpdump -w): yields (time, proto, src, sport, dst, dport, payload, icmp_note)."""
    with open(path, "rb") as f:
        data = f.read()
    magics = {b"\xd4\xc3\xb2\xa1": ("<", 1e6), b"\xa1\xb2\xc3\xd4": (">", 1e6),
              b"\x4d\x3c\xb2\xa1": ("<", 1e9), b"\xa1\xb2\x3c\x4d": (">", 1e9)}
    if data[:4] not in magics:
        raise SystemExit("otalk-probe: %s is not a classic pcap file" % path)
    e, frac = magics[data[:4]]
    linktype = struct.unpack(e + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        ts, tf, incl, _ = struct.unpack(e + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if linktype == 1:
            etype, ip = struct.unpack("!H", pkt[12:14])[0], pkt[14:]
        elif linktype == 113:
            etype, ip = struct.unpack("!H", pkt[14:16])[0], pkt[16:]
        elif linktype in (101, 12):
            etype, ip = 0x0800, pkt
        else:
            raise SystemExit("otalk-probe: unsupported pcap link type %d" % linktype)
        if etype != 0x0800 or len(ip) < 20:
            continue
        ihl = (ip[0] & 15) * 4
        l4 = ip[ihl:struct.unpack("!H", ip[2:4])[0]]
        src, dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
        t = ts + tf / frac
        if ip[9] == 17:
            sport, dport = struct.unpack("!HH", l4[:4])
            yield t, "udp", src, sport, dst, dport, l4[8:], ""
        elif ip[9] == 1 and len(l4) >= 36 and l4[0] == 3:
            inner = l4[8:]
            ih = (inner[0] & 15) * 4
            isport, idport = struct.unpack("!HH", inner[ih:ih + 4])
            yield t, "icmp", src, 0, dst, 0, b"", "ICMP unreachable code %d for UDP %s:%d -> %s:%d" % (
                l4[1], socket.inet_ntoa(inner[12:16]), isport, socket.inet_ntoa(inner[16:20]), idport)


def pcap_golden(path, prefix, ports=(517, 518)):
    """CASE lines for every datagram to or from a talk daemon port, '#' lines for the rest."""
    out, n, t0, pending, other, sent, icmp = [], 0, None, {}, {}, [], 0
    for t, proto, src, sport, dst, dport, pl, note in read_pcap(path):
        t0 = t if t0 is None else t0
        rel = t - t0
        if proto == "icmp":
            icmp += 1
            out.append("#   %+.3fs %s" % (rel, note))
            continue
        if dport in ports:
            n += 1
            if len(pl) == 76:
                kind = TYPES.get(pl[0], "type%d" % pl[0])
            elif len(pl) == 84:
                kind = "ntalk_" + TYPES.get(pl[1], "type%d" % pl[1])
            else:
                kind = "%dB" % len(pl)
            name = "%s%02d_%s_%d" % (prefix, n, kind.lower(), dport)
            pending[(src, sport, dst, dport)] = (name, pl)
            sent.append((dport, pl))
            out.append("CASE %s SENT %d %s" % (name, len(pl), pl.hex()))
            out.append("#   %+.3fs %s:%d -> %s:%d: %s" % (rel, src, sport, dst, dport,
                       describe_otalk(pl) if len(pl) == 76 else "ntalk " + describe_ntalk(pl) if len(pl) == 84 else ""))
        elif sport in ports:
            name, req = pending.get((dst, dport, src, sport), ("%sunmatched_%d" % (prefix, sport), b""))
            out.append("CASE %s REPLY %d %s" % (name, len(pl), pl.hex()))
            out.append("#   %+.3fs %s:%d -> %s:%d: %s" % (rel, src, sport, dst, dport, describe_reply(pl, req)))
        else:
            k = "%s:%d -> %s:%d" % (src, sport, dst, dport)
            c = other.setdefault(k, [0, 0, rel, pl[:16].hex()])
            c[0] += 1
            c[1] += len(pl)
    for k, (cnt, size, first, head) in other.items():
        out.append("#   other UDP (utalk's own protocol) %s: %d datagrams, %d bytes, first at %+.3fs, first bytes %s" % (
            k, cnt, size, first, head))
    # facts about what the client sent
    for port in ports:
        mine = [p for d, p in sent if d == port]
        if not mine:
            continue
        out.append("#F to %d: %d datagrams, sizes %s, types %s" % (
            port, len(mine), ",".join(sorted({"%d" % len(p) for p in mine})),
            " ".join(TYPES.get(p[0] if len(p) == 76 else p[1], "?") for p in mine if len(p) in (76, 84))))
        old = [p for p in mine if len(p) == 76]
        if old:
            out.append("#F   old-talk requests: addr family bytes %s, ctl_addr family bytes %s, id_num %s, pid %s, l_names %s" % (
                "/".join(sorted({p[44:46].hex() for p in old})), "/".join(sorted({p[60:62].hex() for p in old})),
                " ".join(p[20:24].hex() for p in old), "/".join(sorted({p[24:28].hex() for p in old})),
                " ".join(sorted({repr(p[1:10].rstrip(b"\0").decode("latin-1")) for p in old}))))
    if icmp:
        out.append("#F ICMP port unreachable messages: %d" % icmp)
    return out


def _order(p):
    if len(p) != 76:
        return "?"
    return "be" if p[60:62] == b"\x00\x02" else "le" if p[60:62] == b"\x02\x00" else "fam=" + p[60:62].hex()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    rp = sub.add_parser("replay", help="run the cases against 127.0.0.1:PORT")
    rp.add_argument("port", type=int)
    rp.add_argument("--ntalk-port", type=int, default=None)
    rp.add_argument("--cases", default=None, help="comma-separated case names (default: all)")
    rp.add_argument("--bob-tty", default=None, help="bob's pty, set to 0600 for announce_mesg_n")
    rp.add_argument("--ephemeral", action="store_true", help="bind port 0 instead of the fixed ports")
    sub.add_parser("list", help="print the case names")
    pp = sub.add_parser("pcap", help="CASE lines for the datagrams to and from 517/518 in a pcap")
    pp.add_argument("file")
    pp.add_argument("--prefix", default="", help="prefix of the generated case names")
    a = ap.parse_args()
    if a.cmd == "list":
        for n, t, d, _ in CASES:
            print("%-36s %-6s %s" % (n, t, d))
        return 0
    if a.cmd == "pcap":
        for line in pcap_golden(a.file, a.prefix):
            print(line)
        return 0
    names = [n for n, _, _, _ in CASES]
    want = a.cases.split(",") if a.cases else names
    bad = [n for n in want if n not in names]
    if bad:
        print("otalk-probe: unknown case(s): %s" % ", ".join(bad), file=sys.stderr)
        return 2
    run = Run(a.port, a.ntalk_port, a.ephemeral, a.bob_tty)
    run.emit("# otalk-probe.py replay %d%s: %s, %s" % (
        a.port, " --ntalk-port %d" % a.ntalk_port if a.ntalk_port else "", time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "ephemeral ports" if a.ephemeral else "client ports %d + 8*case index + socket number" % PORT_BASE))
    run.emit("# format: CASE <name> SENT|REPLY <len> <hex>  or  CASE <name> SILENCE <timeout>")
    for i, (n, t, d, f) in enumerate(CASES):
        if n not in want:
            continue
        run.case, run.index, run.nsock = n, i, 0
        run.emit("")
        run.emit("# ---- %s: %s" % (n, d))
        if t == "ntalk" and a.ntalk_port is None:
            run.emit("#   skipped: no --ntalk-port")
            continue
        f(run)
        for s in run.socks:
            s.close()
        run.socks = []
        time.sleep(0.1)
    run.emit("")
    run.emit("#S SUMMARY (per datagram: size and type sent -> reply type, answer, id bytes; addr bytes for LOOK_UP SUCCESS)")
    w = max(len(n) for n, _, _ in run.summary) if run.summary else 10
    for n, tgt, txt in run.summary:
        run.emit("#S %-*s | %-11s | %s" % (w, n, tgt, txt))
    run.emit("")
    for line in facts(run):
        run.emit(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Run a "dgram udp wait" inetd service, such as netkit in.ntalkd, without inetd (for talkd-load.sh).

It binds the UDP socket itself and starts the server with that socket on fd 0 AND fd 1, as inetd
does: netkit talkd recvfrom()s on fd 0 but sendto()s on fd 1. stderr goes to --stderr. The server
runs as --user.--group (nobody.tty, as in Debian's /etc/inetd.conf). The first start is immediate;
when the server exits (in.ntalkd does after 120 s idle) it is started again once the next datagram is
readable, which it leaves for the server to read ("wait" semantics). The current server's PID is
written to --pid-file. SIGTERM or SIGINT stops the server and then the launcher.

  dgram-wait-launcher.py --addr 127.0.0.1 --port 518 --pid-file F -- /usr/sbin/in.ntalkd -q
"""
import argparse
import grp
import os
import pwd
import select
import signal
import socket
import sys
import time

child = 0


def stop(signum, frame):
    if child:
        try:
            os.kill(child, signal.SIGTERM)
            os.waitpid(child, 0)
        except OSError:
            pass
    sys.exit(0)


def main():
    global child
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=518)
    ap.add_argument("--user", default="nobody")
    ap.add_argument("--group", default="tty")
    ap.add_argument("--stderr", default="/dev/null")
    ap.add_argument("--pid-file", required=True)
    ap.add_argument("server", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    argv = a.server[1:] if a.server and a.server[0] == "--" else a.server
    if not argv:
        ap.error("missing server command")
    uid = pwd.getpwnam(a.user).pw_uid
    gid = grp.getgrnam(a.group).gr_gid
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.addr, a.port))
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    first = True
    while True:
        if not first:
            select.select([s], [], [])
        first = False
        pid = os.fork()
        if pid == 0:
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.dup2(s.fileno(), 0)
                os.dup2(s.fileno(), 1)
                err = os.open(a.stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                os.dup2(err, 2)
                os.closerange(3, 1024)
                os.setsid()
                os.setgroups([])
                os.setgid(gid)
                os.setuid(uid)
                os.execv(argv[0], argv)
            except BaseException as e:
                os.write(2, ("launcher: exec %s failed: %s\n" % (argv[0], e)).encode())
            os._exit(127)
        child = pid
        with open(a.pid_file + ".tmp", "w") as f:
            f.write("%d\n" % pid)
        os.replace(a.pid_file + ".tmp", a.pid_file)
        started = time.time()
        _, status = os.waitpid(pid, 0)
        child = 0
        sys.stderr.write("launcher: %s (pid %d) exited with status 0x%x after %.0f s\n"
                         % (argv[0], pid, status, time.time() - started))
        sys.stderr.flush()
        if time.time() - started < 1:
            time.sleep(1)  # do not spin on a server that fails at once


if __name__ == "__main__":
    main()

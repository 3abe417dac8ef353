package io.github.bsdtalk.examples.session;

import io.github.bsdtalk.examples.session.SessionEvent.Reply;
import io.github.bsdtalk.examples.session.SessionEvent.Request;
import io.github.bsdtalk.examples.session.SessionEvent.TcpClose;
import io.github.bsdtalk.examples.session.SessionEvent.TcpConnect;
import io.github.bsdtalk.examples.session.SessionEvent.TcpData;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A netkit-like session as events: alice calls bob, bob answers, they type, alice hangs up. The
 * order is netkit's caller ({@code talk/invite.c}, {@code talk/look_up.c}): LOOK_UP at the callee's
 * daemon (NOT_HERE), ANNOUNCE there, LEAVE_INVITE at her own, then bob's LOOK_UP at alice's daemon
 * finds the invitation, bob connects, and alice's DELETEs clean up both daemons.
 */
final class Sessions {

  static final Instant START = Instant.parse("2026-12-01T10:00:00.123456Z");

  private Sessions() {}

  static InetSocketAddress at(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  private static InetSocketAddress any(int port) {
    return at("0.0.0.0", port);
  }

  /**
   * The session.
   *
   * @param aliceHost alice's IP, where her talk and daemon are
   * @param bobHost bob's; the same as alice's for one daemon playing both
   * @return the events, in order
   */
  static List<SessionEvent> netkit(String aliceHost, String bobHost) {
    InetSocketAddress aliceDaemon = at(aliceHost, 518);
    InetSocketAddress bobDaemon = at(bobHost, 518);
    // netkit's talk sends its requests from two UDP sockets
    InetSocketAddress aliceCtl = at(aliceHost, 40001);
    InetSocketAddress aliceCtl2 = at(aliceHost, 40002);
    InetSocketAddress bobCtl = at(bobHost, 40003);
    InetSocketAddress aliceTcp = at(aliceHost, 41234);
    InetSocketAddress bobTcp = at(bobHost, 45678);
    List<SessionEvent> events = new ArrayList<>();
    events.add(request(0, aliceCtl, bobDaemon, 1, 0, "alice", "bob", any(0)));
    events.add(reply(140, bobDaemon, aliceCtl, 1, 1, 0, any(0)));
    events.add(request(300, aliceCtl, bobDaemon, 3, 0, "alice", "bob", aliceTcp));
    events.add(reply(512, bobDaemon, aliceCtl, 3, 0, 3, any(0)));
    events.add(request(600, aliceCtl2, aliceDaemon, 0, 0, "alice", "bob", aliceTcp));
    events.add(reply(700, aliceDaemon, aliceCtl2, 0, 0, 4, any(0)));
    events.add(request(2000, bobCtl, aliceDaemon, 1, 0, "bob", "alice", any(0)));
    events.add(reply(2001, aliceDaemon, bobCtl, 1, 0, 4, aliceTcp));
    events.add(new TcpConnect(START.plusMillis(2010), bobTcp, aliceTcp));
    events.add(new TcpData(START.plusMillis(2011), aliceTcp, bobTcp, "edit chars 7f 15 17"));
    events.add(new TcpData(START.plusMillis(2012), bobTcp, aliceTcp, "edit chars 7f 15 17"));
    events.add(new TcpData(START.plusMillis(2500), aliceTcp, bobTcp, "\"hello bob\""));
    events.add(new TcpData(START.plusMillis(2800), bobTcp, aliceTcp, "\"hi alice\""));
    events.add(new TcpClose(START.plusMillis(3000), aliceTcp, bobTcp, "FIN"));
    events.add(request(3001, aliceCtl2, aliceDaemon, 2, 4, "alice", "bob", any(0)));
    events.add(reply(3002, aliceDaemon, aliceCtl2, 2, 0, 0, any(0)));
    events.add(request(3003, aliceCtl, bobDaemon, 2, 3, "alice", "bob", any(0)));
    events.add(reply(3004, bobDaemon, aliceCtl, 2, 0, 0, any(0)));
    return events;
  }

  /**
   * A session that goes wrong: an old-talk probe, a resent ANNOUNCE, a refusal, a malformed
   * datagram, one sent to its own sender, and a name with markup and a control character.
   *
   * @return the events, in order
   */
  static List<SessionEvent> odd() {
    InetSocketAddress otalkd = at("127.0.0.1", 517);
    InetSocketAddress ntalkd = at("127.0.0.1", 518);
    InetSocketAddress probe = at("127.0.0.1", 40000);
    InetSocketAddress ctl = at("127.0.0.1", 40001);
    InetSocketAddress tcp = at("127.0.0.1", 41234);
    String name = "<mallory&\u0007>";
    List<SessionEvent> events = new ArrayList<>();
    events.add(new Request(START, probe, otalkd, true, 1, 0, name, "bob", any(0), false));
    events.add(new Reply(START.plusMillis(1), otalkd, probe, true, 1, 1, 0, any(0)));
    events.add(request(5, ctl, ntalkd, 3, 0, name, "bob", tcp));
    events.add(
        new Request(START.plusMillis(1005), ctl, ntalkd, false, 3, 0, name, "bob", tcp, true));
    events.add(reply(1006, ntalkd, ctl, 3, 4, 0, any(0)));
    events.add(
        new SessionEvent.Malformed(
            START.plusMillis(1500), ctl, ntalkd, "TRUNCATED: 50 bytes, expected 84"));
    events.add(
        new SessionEvent.Malformed(START.plusMillis(1600), ntalkd, ntalkd, "sent to itself"));
    events.add(reply(1700, ntalkd, ctl, 9, 12, 77, any(0)));
    return events;
  }

  static Request request(
      long millis,
      InetSocketAddress from,
      InetSocketAddress to,
      int type,
      long id,
      String localUser,
      String remoteUser,
      InetSocketAddress address) {
    return new Request(
        START.plusMillis(millis), from, to, false, type, id, localUser, remoteUser, address, false);
  }

  static Reply reply(
      long millis,
      InetSocketAddress from,
      InetSocketAddress to,
      int type,
      int answer,
      long id,
      InetSocketAddress address) {
    return new Reply(START.plusMillis(millis), from, to, false, type, answer, id, address);
  }
}

package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Requests as the netkit client builds them ({@code talk/invite.c}, {@code talk/look_up.c}), for the
 * server tests. Written locally on purpose: the shared generators of talk-proto-testkit are not
 * relied on here.
 */
public final class TestRequests {

  /** 127.0.0.1: a local address under the processor's default rule (loopback). */
  public static final Inet4Address LOCALHOST = TalkAddress.ipv4(0x7f00_0001);
  /** 127.0.0.2: another local address, as the lab's second client used. */
  public static final Inet4Address LOCALHOST_2 = TalkAddress.ipv4(0x7f00_0002);
  /**
   * 192.0.2.7 (TEST-NET-1, RFC 5737): a non-local sender. These tests only build address objects;
   * nothing is ever sent to it.
   */
  public static final Inet4Address REMOTE = TalkAddress.ipv4(0xc000_0207);

  /** The id the C clients put in a first LEAVE_INVITE or ANNOUNCE: "an impossible id". */
  public static final long IMPOSSIBLE_ID = CtlMessage.MAX_ID_NUM;

  private TestRequests() {}

  public static InetSocketAddress sender(Inet4Address ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  /** Alice's client on 127.0.0.1:50000, the usual sender. */
  public static InetSocketAddress aliceClient() {
    return sender(LOCALHOST, 50_000);
  }

  /** Bob's client on 127.0.0.1:50001. */
  public static InetSocketAddress bobClient() {
    return sender(LOCALHOST, 50_001);
  }

  public static TalkAddress rendezvous(Inet4Address ip, int port) {
    return TalkAddress.of(ip, port);
  }

  public static CtlMessage leaveInvite(String caller, String callee, int pid, TalkAddress rendezvous) {
    return CtlMessage.of(RequestType.LEAVE_INVITE, IMPOSSIBLE_ID, rendezvous,
        TalkAddress.of(aliceClient()), pid, caller, callee, "");
  }

  public static CtlMessage announce(String caller, String callee, int pid, TalkAddress rendezvous) {
    return CtlMessage.of(RequestType.ANNOUNCE, IMPOSSIBLE_ID, rendezvous,
        TalkAddress.of(aliceClient()), pid, caller, callee, "");
  }

  /** LOOK_UP as the callee sends it: its own name in l_name, the caller's in r_name. */
  public static CtlMessage lookUp(String callee, String caller) {
    return CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
        TalkAddress.of(bobClient()), 2222, callee, caller, "");
  }

  public static CtlMessage delete(long id, String caller, String callee) {
    return CtlMessage.of(RequestType.DELETE, id, TalkAddress.ANY,
        TalkAddress.of(aliceClient()), 0, caller, callee, "");
  }
}

package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.Announcement;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A call that a talk daemon was asked to ring, as a {@link CallAcceptor} sees it.
 *
 * <p>Names are as on the wire: the bytes the caller typed, one char per byte (ISO-8859-1), so a
 * callee name compares with {@link TalkText#toWire(String)} of the application's name ({@code talk
 * café} arrives as the 5 bytes of UTF-8 "café"). Every text here comes from the network and is
 * attacker-controlled: show it through {@link #caller()} or {@link TalkText#displayName(String)}.
 *
 * <p>Immutable. No component may be null.
 *
 * @param calleeName whom the call is for ({@code r_name}), wire text
 * @param callerName who calls ({@code l_name}), wire text
 * @param callerHost the address the ANNOUNCE came from
 * @param rendezvousAddress where the caller's talk listens ({@code addr}); the endpoint connects
 *     there
 * @param time when the daemon received the ANNOUNCE
 */
public record IncomingCall(
    String calleeName,
    String callerName,
    InetAddress callerHost,
    TalkAddress rendezvousAddress,
    Instant time) {

  /** Ports below this are reserved for root's services (SMTP, ssh...): never connect there. */
  private static final int FIRST_UNPRIVILEGED_PORT = 1024;

  /**
   * Validates the components.
   *
   * @param calleeName see the class description
   * @param callerName see the class description
   * @param callerHost see the class description
   * @param rendezvousAddress see the class description
   * @param time see the class description
   * @throws NullPointerException if a component is null
   */
  public IncomingCall {
    Objects.requireNonNull(calleeName, "calleeName");
    Objects.requireNonNull(callerName, "callerName");
    Objects.requireNonNull(callerHost, "callerHost");
    Objects.requireNonNull(rendezvousAddress, "rendezvousAddress");
    Objects.requireNonNull(time, "time");
  }

  /**
   * Returns the call a daemon's announcement asks for.
   *
   * @param a the announcement
   * @return the call
   * @throws NullPointerException if a is null
   */
  public static IncomingCall of(Announcement a) {
    return new IncomingCall(
        a.calleeName(), a.callerName(), a.callerHost(), a.callerAddress(), a.time());
  }

  /**
   * Returns the caller as people should see it: {@code user@host}, the name decoded as UTF-8 (else
   * Latin-1) with nothing a terminal would act on ({@link TalkText#displayName(String)}), the host
   * as the numeric address the ANNOUNCE came from (a DNS name could be forged).
   *
   * @return the caller's display name
   */
  public String caller() {
    return TalkText.displayName(callerName) + "@" + callerHost.getHostAddress();
  }

  /**
   * Returns why the endpoint will not connect to this call's rendezvous address, if it will not.
   *
   * <p>A callee connects to the rendezvous address in the request ({@code addr}); nothing stops a
   * datagram from naming any host and port, so an endpoint that connected anywhere would open
   * connections for whoever sends an ANNOUNCE, to this host's own services too, hand their banner
   * to the application and write the application's text into them. So, as for a callee's talk:
   * the address must be IPv4, on the host the ANNOUNCE came from (the C clients bind their control
   * and rendezvous sockets to the same address, BSD {@code talk/ctl.c} {@code open_ctl()} and
   * {@code open_sockt()}, so a real caller always passes), and not a privileged port (Debian
   * netkit-ntalk 0.17-10, {@code talkd/talkd.c}: "Don't accept connections on privileged ports").
   * An unprivileged port on the caller's own host is the caller's business: he could connect there
   * himself.
   *
   * @return the problem, in words; empty if the address is fine
   */
  public Optional<String> rendezvousProblem() {
    TalkAddress to = rendezvousAddress;
    if (!to.isInet()) {
      return Optional.of("rendezvous address " + to + " is not an IPv4 address");
    }
    if (!to.ip().equals(callerHost)) {
      return Optional.of(
          "rendezvous address " + to + " is not on the calling host " + callerHost.getHostAddress());
    }
    if (to.port() < FIRST_UNPRIVILEGED_PORT) {
      return Optional.of("rendezvous address " + to + " is a privileged port");
    }
    return Optional.empty();
  }
}

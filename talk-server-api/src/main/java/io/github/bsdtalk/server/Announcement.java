package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkAddress;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A request to ring a user: what an {@link Announcer} gets for each ANNOUNCE a daemon accepts.
 *
 * <p>Every text here comes from the network and is attacker-controlled; an announcer that shows it
 * to a person must sanitise it (see {@link io.github.bsdtalk.proto.TalkText#displayName(String)}).
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param callerName who is calling: the request's {@code l_name}, text before the first NUL
 * @param calleeName who is being called: the request's {@code r_name}
 * @param calleeTty the terminal asked for ({@code r_tty}), or "" for the callee's best one
 * @param callerHost the address the ANNOUNCE came from (netkit, as Debian ships it, shows this
 *     address rather than a DNS name, which a caller could forge)
 * @param callerAddress the caller's TCP rendezvous address ({@code addr}), where the callee's talk
 *     will connect
 * @param request the whole request as received
 * @param time when the daemon received it
 */
public record Announcement(
    String callerName,
    String calleeName,
    String calleeTty,
    InetAddress callerHost,
    TalkAddress callerAddress,
    CtlMessage request,
    Instant time) {
  /**
   * Validates the components.
   *
   * @param callerName see the class description
   * @param calleeName see the class description
   * @param calleeTty see the class description
   * @param callerHost see the class description
   * @param callerAddress see the class description
   * @param request see the class description
   * @param time see the class description
   * @throws NullPointerException if a component is null
   */
  public Announcement {
    Objects.requireNonNull(callerName, "callerName");
    Objects.requireNonNull(calleeName, "calleeName");
    Objects.requireNonNull(calleeTty, "calleeTty");
    Objects.requireNonNull(callerHost, "callerHost");
    Objects.requireNonNull(callerAddress, "callerAddress");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(time, "time");
  }
}

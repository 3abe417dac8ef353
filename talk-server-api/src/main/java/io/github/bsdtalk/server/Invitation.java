package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * An entry of a daemon's {@link InvitationTable}: a stored LEAVE_INVITE or ANNOUNCE request with the
 * id the daemon gave it (netkit and BSD {@code talkd/table.c} keep the whole request and a time).
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param id the invitation id, 1..15999 as the C daemons allocate them
 * @param request the stored request; its text fields hold the names as the daemon compares them
 *     (text before the first NUL, at most 11 bytes)
 * @param owner the IP address the request came from; only a requester from the same address (and
 *     with the same {@code l_name}) may DELETE the entry
 * @param touched when the entry was stored or last refreshed; it expires {@code MAX_LIFE} later
 */
public record Invitation(long id, CtlMessage request, InetAddress owner, Instant touched) {
  /**
   * Validates the components.
   *
   * @param id see the class description
   * @param request see the class description
   * @param owner see the class description
   * @param touched see the class description
   * @throws IllegalArgumentException if {@code id} is outside 1..0xFFFFFFFF
   * @throws NullPointerException if a component is null
   */
  public Invitation {
    if (id < 1 || id > CtlMessage.MAX_ID_NUM) {
      throw new IllegalArgumentException("id out of range 1..0xFFFFFFFF: " + id);
    }
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(touched, "touched");
  }
}

package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers the datagrams of one protocol on one {@link TalkdServer.Endpoint}: {@link
 * RequestProcessor} answers ntalk (port 518); a handler for the old talk protocol (port 517) can
 * share its {@link InvitationTable}. Called on the serving thread, one datagram at a time per
 * server; it must never throw for any bytes, and should return quickly.
 */
@FunctionalInterface
public interface RequestHandler {

  /**
   * Decodes and answers one datagram, decoding it once.
   *
   * @param datagram the datagram, from position to limit; the handler must not change the buffer
   * @param sender where it came from
   * @param now the current time
   * @return what was decoded and what to reply
   */
  Handled answer(ByteBuffer datagram, InetSocketAddress sender, Instant now);

  /** What a handler made of one datagram: the request it decoded and the reply to send, if any. */
  final class Handled {
    private final CtlMessage request;
    private final CtlResponse response;
    private final boolean ringLimited;

    private Handled(CtlMessage request, CtlResponse response, boolean ringLimited) {
      this.request = request;
      this.response = response;
      this.ringLimited = ringLimited;
    }

    /**
     * A decoded request and its reply.
     *
     * @param request the request
     * @param response the reply
     * @return the outcome
     */
    public static Handled answered(CtlMessage request, CtlResponse response) {
      return new Handled(Objects.requireNonNull(request, "request"),
          Objects.requireNonNull(response, "response"), false);
    }

    /**
     * A decoded ANNOUNCE that would have rung but was over a {@link RingLimits} limit, and its
     * reply; {@link TalkdServer.Stats#ringsLimited()} counts these.
     *
     * @param request the request
     * @param response the reply
     * @return the outcome
     */
    public static Handled ringLimited(CtlMessage request, CtlResponse response) {
      return new Handled(Objects.requireNonNull(request, "request"),
          Objects.requireNonNull(response, "response"), true);
    }

    /**
     * A datagram that could not be decoded, answered anyway (netkit answers a wrong length with
     * UNKNOWN_REQUEST).
     *
     * @param response the reply
     * @return the outcome
     */
    public static Handled malformed(CtlResponse response) {
      return new Handled(null, Objects.requireNonNull(response, "response"), false);
    }

    /**
     * A datagram that gets no reply.
     *
     * @param request the decoded request, or null if it could not be decoded
     * @return the outcome
     */
    public static Handled dropped(CtlMessage request) {
      return new Handled(request, null, false);
    }

    /**
     * Returns the decoded request.
     *
     * @return the request, empty if the datagram was malformed
     */
    public Optional<CtlMessage> request() {
      return Optional.ofNullable(request);
    }

    /**
     * Returns the reply.
     *
     * @return the reply, empty if none is to be sent
     */
    public Optional<CtlResponse> response() {
      return Optional.ofNullable(response);
    }

    /**
     * Returns true if this was an ANNOUNCE not rung because it was over a ring limit.
     *
     * @return whether a ring limit held it back
     */
    public boolean isRingLimited() {
      return ringLimited;
    }

    @Override
    public String toString() {
      return "Handled[request=" + request + ", response=" + response
          + (ringLimited ? ", ring limited" : "") + "]";
    }
  }
}

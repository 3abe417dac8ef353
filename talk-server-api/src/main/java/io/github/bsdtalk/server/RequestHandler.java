package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers the datagrams of one protocol on one {@link TalkdServer.Endpoint}: {@link
 * RequestProcessor} answers ntalk (84 bytes) and old talk (76 bytes) by length, so one processor
 * serves port 518, port 517 and a socket from inetd alike. Called on the serving thread, one
 * datagram at a time per server; it must never throw for any bytes, and should return quickly.
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

  /**
   * What a handler made of one datagram: the request it decoded and the reply to send, if any, and
   * which protocol to write that reply in. The request and reply are always the ntalk records; for
   * an old-talk datagram ({@link #isOldTalk()}) they are its ntalk view ({@link
   * OldCtlMessage#toCtlMessage()}) and the answer to that, which {@link #oldTalkResponse()} turns
   * back into the 24-byte old-talk reply in the request's byte order.
   */
  final class Handled {
    private final CtlMessage request;
    private final CtlResponse response;
    private final boolean ringLimited;
    /** Null for ntalk. */
    private final OldCtlMessage oldTalkRequest;

    private Handled(CtlMessage request, CtlResponse response, boolean ringLimited,
        OldCtlMessage oldTalkRequest) {
      this.request = request;
      this.response = response;
      this.ringLimited = ringLimited;
      this.oldTalkRequest = oldTalkRequest;
    }

    private Handled(CtlMessage request, CtlResponse response, boolean ringLimited) {
      this(request, response, ringLimited, null);
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
     * The same outcome for a request that arrived in old talk: its reply, if any, is to be written
     * as an {@link OldCtlResponse} in the old request's byte order. The {@link #request()} stays
     * the ntalk view the policy ran on.
     *
     * @param oldTalk the old-talk request as decoded
     * @return the outcome, marked old talk
     */
    public Handled inOldTalk(OldCtlMessage oldTalk) {
      return new Handled(request, response, ringLimited,
          Objects.requireNonNull(oldTalk, "oldTalk"));
    }

    /**
     * Returns whether the datagram was an old-talk request (76 bytes), to be answered in old talk.
     *
     * @return true for old talk
     */
    public boolean isOldTalk() {
      return oldTalkRequest != null;
    }

    /**
     * Returns the old-talk request as decoded, with its byte order.
     *
     * @return the request, empty for ntalk and for a malformed datagram
     */
    public Optional<OldCtlMessage> oldTalkRequest() {
      return Optional.ofNullable(oldTalkRequest);
    }

    /**
     * Returns the reply in old-talk form: {@link #response()} in the old request's byte order
     * ({@link OldCtlResponse#of(CtlResponse, java.nio.ByteOrder)}).
     *
     * @return the old-talk reply, empty for ntalk or when nothing is to be sent
     */
    public Optional<OldCtlResponse> oldTalkResponse() {
      return oldTalkRequest == null || response == null
          ? Optional.empty()
          : Optional.of(OldCtlResponse.of(response, oldTalkRequest.byteOrder()));
    }

    /**
     * Returns the decoded request (for old talk, its ntalk view).
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
      return "Handled[" + (oldTalkRequest != null ? "old talk " + oldTalkRequest.byteOrder() + ", "
          : "") + "request=" + request + ", response=" + response
          + (ringLimited ? ", ring limited" : "") + "]";
    }
  }
}

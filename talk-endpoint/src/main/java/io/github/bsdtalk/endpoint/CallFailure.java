package io.github.bsdtalk.endpoint;

import java.util.Objects;

/**
 * A call that did not become a conversation, as {@link ConversationListener#notConnected} reports
 * it: a call the acceptor wanted that the endpoint refused or could not connect, or a placed call
 * that was refused, not answered, cancelled or failed.
 *
 * <p>Immutable. No component may be null.
 *
 * @param direction whether the call came in or was placed
 * @param peer who: {@code user@host} as shown to people (control characters made harmless; see
 *     {@link IncomingCall#caller()}), or the placed call's {@link
 *     io.github.bsdtalk.client.TalkPeer}
 * @param reason why, as a value
 * @param message why, in words (for a log line): for a refusal, what is wrong with the call; for a
 *     placed call, what the C client would print; for an I/O failure, the exception's message
 */
public record CallFailure(Direction direction, String peer, Reason reason, String message) {

  /** Why a call did not connect. */
  public enum Reason {
    /**
     * An incoming call's rendezvous address is unusable (see {@link
     * IncomingCall#rendezvousProblem()}); answered BADADDR.
     */
    BAD_ADDRESS,
    /** {@link EndpointLimits#maxPending()} calls were already connecting; answered FAILED. */
    TOO_MANY_PENDING,
    /** {@link EndpointLimits#maxConversations()} were already taken; answered FAILED. */
    ENDPOINT_FULL,
    /** The endpoint was not started or already closed; an incoming call was answered FAILED. */
    ENDPOINT_CLOSED,
    /**
     * Connecting to the caller or the edit-character exchange failed or took longer than {@link
     * EndpointLimits#handshakeTimeout()}.
     */
    HANDSHAKE_FAILED,
    /** The placed call's peer daemon refused the announcement (not logged on, refusing, ...). */
    REFUSED,
    /** The placed call rang until its answer timeout. */
    NOT_ANSWERED,
    /** {@link PlacedCall#cancel()} was called. */
    CANCELLED,
    /** The placed call failed on the network (a daemon that never answered, say). */
    IO_ERROR
  }

  /**
   * Validates the components.
   *
   * @param direction see the class description
   * @param peer see the class description
   * @param reason see the class description
   * @param message see the class description
   * @throws NullPointerException if a component is null
   */
  public CallFailure {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}

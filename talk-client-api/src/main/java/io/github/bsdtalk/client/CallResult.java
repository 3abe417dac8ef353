package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.Answer;
import java.util.Objects;
import java.util.Optional;

/**
 * How a call ended: connected (with the conversation), or not (with the reason and the message real
 * talk would print). Protocol answers are values here, not exceptions; only I/O failures and a
 * silent daemon ({@link TalkTimeoutException}) are thrown.
 *
 * <p>Instances are immutable; the conversation, if any, belongs to the receiver.
 *
 * @param status how the call ended
 * @param answer the daemon's answer that refused the call, if that is how it ended
 * @param conversation the connected conversation, present exactly when connected
 * @param message a one-line explanation, for example "Your party is refusing messages"
 */
public record CallResult(
    Status status, Optional<Answer> answer, Optional<Conversation> conversation, String message) {

  /** How a call ended. */
  public enum Status {
    /** We invited, the other party answered and connected to us. */
    CONNECTED_AS_CALLER,
    /** The other party had invited us; we connected to them. */
    CONNECTED_AS_CALLEE,
    /** The other party's daemon refused the announcement; see {@link CallResult#answer()}. */
    REFUSED,
    /** Rung, but nobody answered before the answer timeout. */
    NOT_ANSWERED,
    /** {@link Rendezvous#cancel()} was called. */
    CANCELLED
  }

  /**
   * Validates the components.
   *
   * @param status see the class description
   * @param answer see the class description
   * @param conversation see the class description
   * @param message see the class description
   * @throws IllegalArgumentException if a conversation is present without a connected status or
   *     the other way round
   * @throws NullPointerException if a component is null
   */
  public CallResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(message, "message");
    if (conversation.isPresent() != isConnected(status)) {
      throw new IllegalArgumentException("conversation must be present exactly when connected: "
          + status);
    }
  }

  /**
   * Returns whether the call connected.
   *
   * @return true for {@link Status#CONNECTED_AS_CALLER} and {@link Status#CONNECTED_AS_CALLEE}
   */
  public boolean connected() {
    return isConnected(status);
  }

  private static boolean isConnected(Status s) {
    return s == Status.CONNECTED_AS_CALLER || s == Status.CONNECTED_AS_CALLEE;
  }
}

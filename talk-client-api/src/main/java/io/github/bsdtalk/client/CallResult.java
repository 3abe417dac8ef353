package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.Answer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a call ended: connected (with the conversation), or not (with the reason and the message real
 * talk would print). Protocol answers are values here, not exceptions; only I/O failures and a
 * silent daemon ({@link TalkTimeoutException}) are thrown.
 *
 * <p>Only consistent results can be made, one factory per way a call ends: {@link
 * #connectedAsCaller}, {@link #connectedAsCallee}, {@link #refused}, {@link #notAnswered}, {@link
 * #cancelled}. A refusal keeps the daemon's raw answer code, also one this library does not know.
 *
 * <p>Instances are immutable; the conversation, if any, belongs to the receiver.
 */
public final class CallResult {

  /** How a call ended. */
  public enum Status {
    /** We invited, the other party answered and connected to us. */
    CONNECTED_AS_CALLER,
    /** The other party had invited us; we connected to them. */
    CONNECTED_AS_CALLEE,
    /** The other party's daemon refused the announcement; see {@link CallResult#answerCode()}. */
    REFUSED,
    /** Rung, but nobody answered before the answer timeout. */
    NOT_ANSWERED,
    /** {@link TalkCall#cancel()} was called. */
    CANCELLED
  }

  private static final CallResult CANCELLED = new CallResult(Status.CANCELLED, -1, null,
      "Cancelled");

  private final Status status;
  private final int answerCode; // -1 unless refused
  private final Conversation conversation; // null unless connected
  private final String message;

  private CallResult(Status status, int answerCode, Conversation conversation, String message) {
    this.status = status;
    this.answerCode = answerCode;
    this.conversation = conversation;
    this.message = message;
  }

  /**
   * We invited and the other party connected to us.
   *
   * @param conversation the conversation, past its edit characters
   * @return the result
   */
  public static CallResult connectedAsCaller(Conversation conversation) {
    return new CallResult(Status.CONNECTED_AS_CALLER, -1,
        Objects.requireNonNull(conversation, "conversation"), CallProgress.CONNECTED.message());
  }

  /**
   * The other party had invited us and we connected to them.
   *
   * @param conversation the conversation, past its edit characters
   * @return the result
   */
  public static CallResult connectedAsCallee(Conversation conversation) {
    return new CallResult(Status.CONNECTED_AS_CALLEE, -1,
        Objects.requireNonNull(conversation, "conversation"), CallProgress.CONNECTED.message());
  }

  /**
   * The other party's daemon answered the ANNOUNCE with something other than SUCCESS. The message
   * is what the C client prints: {@link Answer#clientMessage()}, or "Unknown error (N)" for a code
   * it has no text for (invite.c prints {@code answers[answer]} only below NANSWERS).
   *
   * @param answerCode the raw answer byte, 0..255, not SUCCESS (0)
   * @return the result
   * @throws IllegalArgumentException if the code is SUCCESS or not a byte
   */
  public static CallResult refused(int answerCode) {
    if (answerCode <= 0 || answerCode > 0xFF) {
      throw new IllegalArgumentException("a refusal's answer code is 1..255: " + answerCode);
    }
    String message = Answer.fromCode(answerCode).map(Answer::clientMessage)
        .orElse("Unknown error (" + answerCode + ")");
    return new CallResult(Status.REFUSED, answerCode, null, message);
  }

  /**
   * Rung until the answer timeout, and nobody answered.
   *
   * @param waited the answer timeout
   * @return the result
   */
  public static CallResult notAnswered(Duration waited) {
    Objects.requireNonNull(waited, "waited");
    return new CallResult(Status.NOT_ANSWERED, -1, null,
        "Your party did not answer within " + waited.toMillis() / 1000.0 + " s");
  }

  /**
   * The call was cancelled.
   *
   * @return the result
   */
  public static CallResult cancelled() {
    return CANCELLED;
  }

  /**
   * Returns how the call ended.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Returns the raw answer code of a refusal.
   *
   * @return the code, present exactly when {@link Status#REFUSED}
   */
  public OptionalInt answerCode() {
    return answerCode < 0 ? OptionalInt.empty() : OptionalInt.of(answerCode);
  }

  /**
   * Returns the refusal's answer, if this library knows the code ({@link #answerCode()} has it in
   * any case).
   *
   * @return the answer, present when refused with a known code
   */
  public Optional<Answer> answer() {
    return answerCode < 0 ? Optional.empty() : Answer.fromCode(answerCode);
  }

  /**
   * Returns the conversation of a connected call.
   *
   * @return the conversation, present exactly when {@link #connected()}
   */
  public Optional<Conversation> conversation() {
    return Optional.ofNullable(conversation);
  }

  /**
   * Returns a one-line explanation, for example "Your party is refusing messages".
   *
   * @return the message
   */
  public String message() {
    return message;
  }

  /**
   * Returns whether the call connected.
   *
   * @return true for {@link Status#CONNECTED_AS_CALLER} and {@link Status#CONNECTED_AS_CALLEE}
   */
  public boolean connected() {
    return conversation != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallResult r && r.status == status && r.answerCode == answerCode
        && r.conversation == conversation && r.message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, answerCode, System.identityHashCode(conversation), message);
  }

  @Override
  public String toString() {
    return "CallResult[" + status + (answerCode < 0 ? "" : " answer " + answerCode) + ": "
        + message + "]";
  }
}

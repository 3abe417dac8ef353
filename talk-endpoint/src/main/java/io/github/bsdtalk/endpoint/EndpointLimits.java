package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.client.LineAssembler;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link TalkEndpoint} lets its peers cost it: how many conversations, how much memory each,
 * how long each may take to connect and stay silent.
 *
 * <p>Memory per conversation is bounded by {@link #maxQueuedBytes()} of output, a line buffer of
 * {@link #maxLineLength()} code points and a fixed read buffer of {@value
 * TalkEndpoint#READ_BUFFER_SIZE} bytes; the endpoint's event queue holds at most {@value
 * TalkEndpoint#EVENT_QUEUE_CAPACITY} events, each at most one read buffer.
 *
 * <p>Immutable; the {@code with} methods return copies.
 *
 * @param maxConversations conversations, calls being connected and calls being placed together at
 *     most; at least 1
 * @param maxPending incoming calls still connecting or exchanging edit characters at most; at least
 *     1; a call beyond it is answered FAILED at once
 * @param maxQueuedBytes bytes waiting to be written to one peer at most; at least 1; a send beyond
 *     it drops that peer ({@link CloseReason#OUTPUT_OVERFLOW})
 * @param maxLineLength code points of one finished line at most; at least 1
 * @param handshakeTimeout how long connecting to a caller and exchanging edit characters may take
 *     together; positive
 * @param idleTimeout how long a peer may send nothing before {@link TalkEndpoint#expireIdle()} ends
 *     the conversation; positive
 */
public record EndpointLimits(
    int maxConversations,
    int maxPending,
    int maxQueuedBytes,
    int maxLineLength,
    Duration handshakeTimeout,
    Duration idleTimeout) {

  /**
   * 64 conversations, 16 pending, 64 KiB of output each, lines of {@value
   * LineAssembler#DEFAULT_MAX_LINE_LENGTH} code points, 10 s to connect, 10 minutes idle.
   */
  public static final EndpointLimits DEFAULTS =
      new EndpointLimits(
          64,
          16,
          64 * 1024,
          LineAssembler.DEFAULT_MAX_LINE_LENGTH,
          Duration.ofSeconds(10),
          Duration.ofMinutes(10));

  /**
   * Validates the limits.
   *
   * @param maxConversations see the class description
   * @param maxPending see the class description
   * @param maxQueuedBytes see the class description
   * @param maxLineLength see the class description
   * @param handshakeTimeout see the class description
   * @param idleTimeout see the class description
   * @throws IllegalArgumentException if a count is below 1 or a duration is not positive
   * @throws NullPointerException if a duration is null
   */
  public EndpointLimits {
    positive(maxConversations, "maxConversations");
    positive(maxPending, "maxPending");
    positive(maxQueuedBytes, "maxQueuedBytes");
    positive(maxLineLength, "maxLineLength");
    positive(handshakeTimeout, "handshakeTimeout");
    positive(idleTimeout, "idleTimeout");
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
  }

  static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /**
   * Returns a copy with another conversation cap.
   *
   * @param n the cap; at least 1
   * @return the copy
   * @throws IllegalArgumentException if n is below 1
   */
  public EndpointLimits withMaxConversations(int n) {
    return new EndpointLimits(
        n, maxPending, maxQueuedBytes, maxLineLength, handshakeTimeout, idleTimeout);
  }

  /**
   * Returns a copy with another pending cap.
   *
   * @param n the cap; at least 1
   * @return the copy
   * @throws IllegalArgumentException if n is below 1
   */
  public EndpointLimits withMaxPending(int n) {
    return new EndpointLimits(
        maxConversations, n, maxQueuedBytes, maxLineLength, handshakeTimeout, idleTimeout);
  }

  /**
   * Returns a copy with another output bound per conversation.
   *
   * @param n the bound in bytes; at least 1
   * @return the copy
   * @throws IllegalArgumentException if n is below 1
   */
  public EndpointLimits withMaxQueuedBytes(int n) {
    return new EndpointLimits(
        maxConversations, maxPending, n, maxLineLength, handshakeTimeout, idleTimeout);
  }

  /**
   * Returns a copy with another line bound.
   *
   * @param n the bound in code points; at least 1
   * @return the copy
   * @throws IllegalArgumentException if n is below 1
   */
  public EndpointLimits withMaxLineLength(int n) {
    return new EndpointLimits(
        maxConversations, maxPending, maxQueuedBytes, n, handshakeTimeout, idleTimeout);
  }

  /**
   * Returns a copy with another handshake timeout.
   *
   * @param timeout the timeout; positive
   * @return the copy
   * @throws IllegalArgumentException if the timeout is not positive
   * @throws NullPointerException if the timeout is null
   */
  public EndpointLimits withHandshakeTimeout(Duration timeout) {
    return new EndpointLimits(
        maxConversations, maxPending, maxQueuedBytes, maxLineLength, timeout, idleTimeout);
  }

  /**
   * Returns a copy with another idle timeout.
   *
   * @param timeout the timeout; positive
   * @return the copy
   * @throws IllegalArgumentException if the timeout is not positive
   * @throws NullPointerException if the timeout is null
   */
  public EndpointLimits withIdleTimeout(Duration timeout) {
    return new EndpointLimits(
        maxConversations, maxPending, maxQueuedBytes, maxLineLength, handshakeTimeout, timeout);
  }
}

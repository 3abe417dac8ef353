package io.github.bsdtalk.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Thrown when a talk daemon gave no matching answer within the {@link RetryPolicy}: every attempt
 * timed out. The message names the daemon.
 */
public final class TalkTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The daemon that did not answer. */
  private final InetSocketAddress daemon;

  /** How many times the request was sent. */
  private final int attempts;

  /**
   * Creates an exception.
   *
   * @param daemon the daemon that did not answer
   * @param attempts how many times the request was sent
   * @param policy the policy that was exhausted
   */
  public TalkTimeoutException(InetSocketAddress daemon, int attempts, RetryPolicy policy) {
    super(
        "no answer from talk daemon at "
            + Objects.requireNonNull(daemon, "daemon")
            + " after "
            + attempts
            + " attempts ("
            + policy.attemptTimeout().toMillis()
            + " ms each)");
    this.daemon = daemon;
    this.attempts = attempts;
  }

  /**
   * Returns the daemon that did not answer.
   *
   * @return its address
   */
  public InetSocketAddress daemon() {
    return daemon;
  }

  /**
   * Returns how many times the request was sent.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }
}

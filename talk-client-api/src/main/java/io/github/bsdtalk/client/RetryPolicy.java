package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.TalkProtocol;
import java.time.Duration;
import java.util.Objects;

/**
 * How a client retries a request to a talk daemon: wait {@code attemptTimeout} for a matching
 * answer, resend, and give up after {@code maxAttempts} sends.
 *
 * <p>The C clients wait {@link TalkProtocol#CTL_WAIT} (2 s) per attempt and retry for ever ({@code
 * talk/ctl_transact.c}); this library always gives up. {@link #DEFAULT} waits 2 s and sends 5 times,
 * so an unreachable daemon is reported after about 10 s.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param attemptTimeout how long to wait for an answer after each send; positive
 * @param maxAttempts how many times to send the request before giving up; at least 1
 */
public record RetryPolicy(Duration attemptTimeout, int maxAttempts) {

  /** 2 s per attempt ({@code CTL_WAIT}), 5 attempts. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(TalkProtocol.CTL_WAIT, 5);

  /**
   * Validates the components.
   *
   * @param attemptTimeout see the class description
   * @param maxAttempts see the class description
   * @throws IllegalArgumentException if the timeout is not positive or attempts is below 1
   * @throws NullPointerException if the timeout is null
   */
  public RetryPolicy {
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
      throw new IllegalArgumentException("attemptTimeout must be positive: " + attemptTimeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
  }

  /**
   * Returns a copy with another attempt timeout.
   *
   * @param newAttemptTimeout positive
   * @return the copy
   */
  public RetryPolicy withAttemptTimeout(Duration newAttemptTimeout) {
    return new RetryPolicy(newAttemptTimeout, maxAttempts);
  }

  /**
   * Returns a copy with another number of attempts.
   *
   * @param newMaxAttempts at least 1
   * @return the copy
   */
  public RetryPolicy withMaxAttempts(int newMaxAttempts) {
    return new RetryPolicy(attemptTimeout, newMaxAttempts);
  }

  /**
   * Returns the longest a transaction can take: {@code attemptTimeout × maxAttempts}.
   *
   * @return the total bound
   */
  public Duration totalTimeout() {
    return attemptTimeout.multipliedBy(maxAttempts);
  }
}

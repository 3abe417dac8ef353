package io.github.bsdtalk.examples.irc;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before reconnecting: {@code first}, doubling after each failed attempt, never
 * more than {@code cap}. The client counts failures from its last successful registration, so a
 * server that restarts sees the bridge back within {@code cap} plus a connect (the interop test's
 * bound is 30 s; {@link #DEFAULT} waits at most 8 s).
 *
 * @param first the wait after the first failure
 * @param cap the longest wait
 */
public record Backoff(Duration first, Duration cap) {

  /** 1 s, 2 s, 4 s, then 8 s between attempts. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8));

  /** Checks that both are positive and {@code first <= cap}. */
  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(cap, "cap");
    if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= cap: " + first + ", " + cap);
    }
  }

  /** The wait after {@code failures} failed attempts in a row (1 or more). */
  public Duration delay(int failures) {
    Duration d = first;
    for (int i = 1; i < failures && d.compareTo(cap) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(cap) > 0 ? cap : d;
  }
}

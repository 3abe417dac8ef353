package io.github.bsdtalk.examples.web;

import java.time.Duration;
import java.util.Objects;

/**
 * What one visitor may do how often: room lines, keystrokes in a call, calls placed. Each is a
 * token bucket ({@link io.github.bsdtalk.examples.irc.TokenBucket}): {@code burst} at once, then
 * one per {@code interval}. A request over its limit is answered 429 and does nothing, so nothing
 * is lost without the visitor being told. Immutable.
 *
 * @param lines room lines
 * @param keys keystrokes, each character one token
 * @param calls calls placed
 */
public record RateLimits(Rate lines, Rate keys, Rate calls) {

  /**
   * Why these: 5 lines at once then one a second lets a person chat and paste a few lines but
   * keeps one visitor from scrolling everyone's terminal away; 100 keystrokes at once then 50 a
   * second is faster than anyone types and still bounds a script; one call per 10 seconds keeps a
   * visitor from ringing a terminal over and over.
   */
  public static final RateLimits DEFAULTS =
      new RateLimits(
          new Rate(5, Duration.ofSeconds(1)),
          new Rate(100, Duration.ofMillis(20)),
          new Rate(1, Duration.ofSeconds(10)));

  /**
   * Validates.
   *
   * @param lines see the class description
   * @param keys see the class description
   * @param calls see the class description
   */
  public RateLimits {
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(calls, "calls");
  }

  /**
   * One bucket's shape.
   *
   * @param burst at once; at least 1
   * @param interval then one per this long; positive
   */
  public record Rate(int burst, Duration interval) {
    /**
     * Validates.
     *
     * @param burst see the class description
     * @param interval see the class description
     */
    public Rate {
      if (burst < 1) {
        throw new IllegalArgumentException("burst must be at least 1: " + burst);
      }
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive: " + interval);
      }
    }
  }
}

package io.github.bsdtalk.server.internal;

import java.time.Instant;
import java.time.InstantSource;

/**
 * {@link System#nanoTime()} as an {@link InstantSource}: monotonic, unaffected by changes to the
 * wall clock, so that an idle timeout measures time that really passed. Its instants mean nothing
 * on their own; only differences between them do.
 */
public final class MonotonicClock implements InstantSource {

  /** The one instance. */
  public static final MonotonicClock INSTANCE = new MonotonicClock();

  private MonotonicClock() {}

  @Override
  public Instant instant() {
    return Instant.ofEpochSecond(0, System.nanoTime());
  }

  @Override
  public String toString() {
    return "MonotonicClock";
  }
}

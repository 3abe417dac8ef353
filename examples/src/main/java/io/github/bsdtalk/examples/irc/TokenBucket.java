package io.github.bsdtalk.examples.irc;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A token bucket for lines: {@code burst} lines at once, then one line per {@code interval}, on an
 * injected clock. Not thread-safe: {@link IrcClient}'s writer owns one.
 *
 * <p>{@link #DEFAULT_BURST} and {@link #DEFAULT_INTERVAL}, and why: RFC 1459 section 8.10 has the
 * server charge 2 seconds a message and stop reading a client whose charge is 10 seconds ahead,
 * and the servers that disconnect for "Excess Flood" (ircd-hybrid's MAX_FLOOD of 5 lines, then
 * about one a second) follow it; irssi's defaults are the same shape (5 at once, then one per 2.2
 * s). ngircd 26.1, the server we test against, never disconnects a user for the rate: it
 * handles at most 3 commands of a user per pass (conn.c MAX_COMMANDS) and adds a 1-second
 * penalty, not reading the socket, when more are waiting or when 256 bytes (COMMAND_LEN / 2,
 * conn.c Read_Request) arrived within a second; it disconnects only for a line over 512 bytes
 * ("Request too long", which {@link IrcMessage#toWire} rules out) or a full buffer (2048 bytes
 * read, READBUFFER_LEN, which its penalty keeps it from reading). So: 4 lines at once, below the
 * RFC's 5, then one line every 2 seconds, at most 256 bytes a second on average with 512-byte
 * lines, so that ngircd's penalty never builds up and nothing waits in its buffers for long.
 *
 * <p>Public for the web bridge's per-visitor rate limits ({@code examples.web}), which take
 * several tokens at once ({@link #tryTake(int)}: a burst of keystrokes in one request).
 */
public final class TokenBucket {

  /** Lines sent at once after a quiet spell. */
  static final int DEFAULT_BURST = 4;

  /** Then one line per this long. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private final int burst;
  private final long intervalNanos;
  private final InstantSource clock;
  /**
   * The theoretical arrival time of the generic cell rate algorithm (ITU-T I.371), the usual
   * exact form of a token bucket: a line may go when {@code now >= tat - (burst - 1) * interval}.
   */
  private Instant tat;

  /**
   * A full bucket.
   *
   * @param burst tokens at once; at least 1
   * @param interval then one token per this long; not negative
   * @param clock the time
   */
  public TokenBucket(int burst, Duration interval, InstantSource clock) {
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("negative interval: " + interval);
    }
    this.burst = burst;
    this.intervalNanos = interval.toNanos();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tat = clock.instant();
  }

  /** Takes a token if one is there. */
  public boolean tryTake() {
    return tryTake(1);
  }

  /**
   * Takes {@code n} tokens if all are there, else none: as {@code n} calls of {@link #tryTake()}
   * at one instant that all succeed.
   *
   * @param n 1 or more; more than the burst never succeeds
   * @return whether they were taken
   */
  public boolean tryTake(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    if (!until(n).isZero()) {
      return false;
    }
    Instant now = clock.instant();
    // an idle hour does not save up more than burst tokens
    tat = (tat.isBefore(now) ? now : tat).plusNanos(intervalNanos * n);
    return true;
  }

  /** How long until a token is there: zero if one is there now. */
  public Duration untilToken() {
    return until(1);
  }

  /** How long until {@code n} tokens are there; for a 429's Retry-After too. */
  private Duration until(int n) {
    if (n > burst) {
      return ChronoUnit.FOREVER.getDuration();
    }
    Instant now = clock.instant();
    Instant start = tat.isBefore(now) ? now : tat;
    Instant ready = start.plusNanos(intervalNanos * (n - 1)).minusNanos(intervalNanos * (burst - 1));
    Duration wait = Duration.between(now, ready);
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}

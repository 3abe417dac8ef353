package io.github.bsdtalk.examples.irc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What waits to be sent on the IRC connection: urgent lines (registration, PONG, JOIN), sent first
 * and without pacing, and channel lines, paced by a {@link TokenBucket} and sent only while the
 * gate is open (we are in the channel). Both queues are bounded; when full, the oldest lines go,
 * and the caller is told how many so that it can log it. Not thread-safe: {@link IrcClient}
 * guards it.
 */
final class Outbox {

  /** Channel lines kept while the server is slow or away: about 100 KB at 512 bytes a line. */
  static final int DEFAULT_LIMIT = 200;

  /** Urgent lines kept: only a server that floods us with PINGs fills this. */
  static final int URGENT_LIMIT = 64;

  private final ArrayDeque<IrcMessage> urgent = new ArrayDeque<>();
  private final ArrayDeque<IrcMessage> channel = new ArrayDeque<>();
  private final int limit;
  private final TokenBucket bucket;

  Outbox(int limit, TokenBucket bucket) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    this.limit = limit;
    this.bucket = Objects.requireNonNull(bucket, "bucket");
  }

  /** Queues urgent lines; returns how many old ones were dropped to make room. */
  int urgent(List<IrcMessage> lines) {
    return add(urgent, lines, URGENT_LIMIT);
  }

  /** Queues channel lines; returns how many old ones were dropped to make room. */
  int channel(List<IrcMessage> lines) {
    return add(channel, lines, limit);
  }

  private static int add(ArrayDeque<IrcMessage> q, List<IrcMessage> lines, int most) {
    int dropped = 0;
    for (IrcMessage m : lines) {
      if (q.size() == most) {
        q.removeFirst();
        dropped++;
      }
      q.addLast(m);
    }
    return dropped;
  }

  /** Forgets the urgent lines of a connection that is gone; channel lines wait for the next. */
  void newConnection() {
    urgent.clear();
  }

  /** The next line to send now, if any: urgent first, then a channel line if the gate and the bucket allow. */
  Optional<IrcMessage> next(boolean gateOpen) {
    if (!urgent.isEmpty()) {
      return Optional.of(urgent.removeFirst());
    }
    if (gateOpen && !channel.isEmpty() && bucket.tryTake()) {
      return Optional.of(channel.removeFirst());
    }
    return Optional.empty();
  }

  /**
   * How long until {@link #next} may have a line, if nothing is queued meanwhile; empty if it
   * never will (nothing queued, or only channel lines behind a closed gate).
   */
  Optional<Duration> wait(boolean gateOpen) {
    if (!urgent.isEmpty()) {
      return Optional.of(Duration.ZERO);
    }
    if (gateOpen && !channel.isEmpty()) {
      return Optional.of(bucket.untilToken());
    }
    return Optional.empty();
  }

  /** Channel lines waiting. */
  int queued() {
    return channel.size();
  }
}

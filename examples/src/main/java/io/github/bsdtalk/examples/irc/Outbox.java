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

  /** Joins two channel lines into one when they may go as one ({@link IrcSession#merge}). */
  @FunctionalInterface
  interface Merger {
    /** The one line for {@code first} then {@code second}, if they may be joined. */
    Optional<IrcMessage> merge(IrcMessage first, IrcMessage second);

    /** Joins nothing. */
    Merger NONE = (first, second) -> Optional.empty();
  }

  private final Merger merger;

  Outbox(int limit, TokenBucket bucket) {
    this(limit, bucket, Merger.NONE);
  }

  /**
   * An outbox whose paced lines are joined by {@code merger} where it can: when a token comes, the
   * line at the head takes in the lines after it for as long as the merger joins them, so a backlog
   * of room notices goes out as few lines as fit.
   */
  Outbox(int limit, TokenBucket bucket, Merger merger) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    this.limit = limit;
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.merger = Objects.requireNonNull(merger, "merger");
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
      IrcMessage line = channel.removeFirst();
      while (!channel.isEmpty()) {
        Optional<IrcMessage> merged = merger.merge(line, channel.peekFirst());
        if (merged.isEmpty()) {
          break;
        }
        line = merged.get();
        channel.removeFirst();
      }
      return Optional.of(line);
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

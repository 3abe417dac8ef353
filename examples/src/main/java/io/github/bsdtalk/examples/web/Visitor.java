package io.github.bsdtalk.examples.web;

import io.github.bsdtalk.examples.irc.TokenBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One visitor of the web page: his name and session token, his rate limits, the events waiting for
 * his page, whether his event stream is there, and his call. Thread-safe: the HTTP threads, the
 * room's event thread and the call endpoint's event thread all reach him.
 *
 * <p>Events wait in a bounded queue ({@value #MAX_QUEUED} at most) until his page's event stream
 * takes them, so that a page that reconnects (EventSource does so by itself) misses nothing. A page
 * that takes nothing while more arrive overflows it: the visitor is then {@linkplain #overflowed()
 * marked} and the bridge drops him, rather than dropping events unseen.
 */
public final class Visitor {

  /** Events waiting for one visitor at most. */
  public static final int MAX_QUEUED = 1_000;

  private final String name;
  private final String token;
  private final InstantSource clock;
  private final TokenBucket lines;
  private final TokenBucket keys;
  private final TokenBucket calls;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<ServerEvent> queue = new ArrayDeque<>();
  private boolean overflowed;
  private boolean gone;
  /** The newest event stream's number; an older stream ends when a newer one opens. */
  private long stream;
  private boolean streaming;
  private Instant lastSeen;
  private WebCall call;

  Visitor(String name, String token, RateLimits limits, InstantSource clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.token = Objects.requireNonNull(token, "token");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lines = bucket(limits.lines(), clock);
    this.keys = bucket(limits.keys(), clock);
    this.calls = bucket(limits.calls(), clock);
    this.lastSeen = clock.instant();
  }

  private static TokenBucket bucket(RateLimits.Rate rate, InstantSource clock) {
    return new TokenBucket(rate.burst(), rate.interval(), clock);
  }

  /**
   * Returns the name as typed.
   *
   * @return the name, without {@value VisitorName#PREFIX}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the name as the room shows it.
   *
   * @return {@value VisitorName#PREFIX}NAME
   */
  public String shown() {
    return VisitorName.shown(name);
  }

  /** The session token; only the registry and the join reply see it. */
  String token() {
    return token;
  }

  /**
   * Queues an event for the page.
   *
   * @param event the event
   * @return false if the queue was full (the visitor is then {@linkplain #overflowed() overflowed})
   *     or the visitor is gone
   */
  public boolean offer(ServerEvent event) {
    lock.lock();
    try {
      if (gone || overflowed) {
        return false;
      }
      if (queue.size() >= MAX_QUEUED) {
        overflowed = true;
        return false;
      }
      queue.add(event);
      arrived.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns whether an event did not fit.
   *
   * @return true once the queue overflowed
   */
  public boolean overflowed() {
    lock.lock();
    try {
      return overflowed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens an event stream: the one before it, if any, ends at its next {@link #next}.
   *
   * @return the stream's number, for {@link #next} and {@link #closeStream}
   */
  long openStream() {
    lock.lock();
    try {
      stream++;
      streaming = true;
      arrived.signalAll();
      return stream;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes a stream: from now the visitor counts as unseen, unless a newer stream is open.
   *
   * @param number the stream's number
   */
  void closeStream(long number) {
    lock.lock();
    try {
      if (number == stream) {
        streaming = false;
        lastSeen = clock.instant();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next event for stream {@code number}, waiting at most {@code wait}.
   *
   * @param number the stream's number
   * @param wait how long to wait for one
   * @return the event; empty if none came in time (time for a keep-alive)
   * @throws StreamEnded if the stream is superseded or the visitor is gone
   * @throws InterruptedException if interrupted
   */
  Optional<ServerEvent> next(long number, Duration wait) throws StreamEnded, InterruptedException {
    long nanos = wait.toNanos();
    lock.lock();
    try {
      while (true) {
        if (gone || number != stream) {
          throw new StreamEnded();
        }
        if (!queue.isEmpty()) {
          return Optional.of(queue.poll());
        }
        if (nanos <= 0) {
          return Optional.empty();
        }
        nanos = arrived.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The stream of {@link #next} is over: superseded, or the visitor left. */
  static final class StreamEnded extends Exception {
    private static final long serialVersionUID = 1L;

    StreamEnded() {
      super("stream ended", null, false, false);
    }
  }

  /** Marks the visitor gone: his streams end and nothing more is queued. */
  void leave() {
    lock.lock();
    try {
      gone = true;
      queue.clear();
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns whether his page has had no event stream for {@code after}, or his queue overflowed.
   *
   * @param after how long a visitor may be unseen
   * @return true if he should be dropped
   */
  boolean unseenFor(Duration after) {
    lock.lock();
    try {
      return overflowed
          || !streaming && Duration.between(lastSeen, clock.instant()).compareTo(after) >= 0;
    } finally {
      lock.unlock();
    }
  }

  /** Takes a room line's token, or says how long to wait. */
  void takeLine() throws WebRefusal {
    take(lines, 1, "lines");
  }

  /** Takes one token per keystroke, or says how long to wait. */
  void takeKeys(int n) throws WebRefusal {
    take(keys, n, "keystrokes");
  }

  /** Takes a call's token, or says how long to wait. */
  void takeCall() throws WebRefusal {
    take(calls, 1, "calls");
  }

  private void take(TokenBucket bucket, int n, String what) throws WebRefusal {
    Duration wait;
    synchronized (bucket) {
      if (bucket.tryTake(n)) {
        return;
      }
      wait = bucket.untilToken();
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    throw new WebRefusal(
        WebRefusal.Reason.TOO_MANY,
        "too many " + what + ": try again in " + seconds + " s", Duration.ofSeconds(seconds));
  }

  /** His call now, ringing or connected. */
  synchronized Optional<WebCall> call() {
    return Optional.ofNullable(call);
  }

  /** Sets his call, unless he has one. */
  synchronized boolean startCall(WebCall c) {
    if (call != null) {
      return false;
    }
    call = c;
    return true;
  }

  /** His call {@code c} is over. */
  synchronized void callEnded(WebCall c) {
    if (call == c) {
      call = null;
    }
  }

  @Override
  public String toString() {
    return shown();
  }
}

package io.github.bsdtalk.server.internal;

import io.github.bsdtalk.server.RingLimits;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state behind {@link RingLimits}: when each (source address, caller, callee) last rang and
 * the recent ring times of each callee. A pure function of its calls' arguments and its own state:
 * it reads no clock. Both maps are bounded by {@link RingLimits#tracked()} and kept in order of
 * last ring, so the one forgotten first is the least recently rung. Thread-safe: one lock, held
 * only for map work.
 */
public final class RingLimiter {

  /**
   * What the per-caller interval is kept by. Hashed on every ring, so its equals and hashCode are
   * written out: a record's own are bootstrapped through invokedynamic and {@code
   * java.lang.runtime.ObjectMethods} on first use, 20-35 ms of method-handle spinning in the fresh
   * JVM of an inetd or socket-activated talkd, on its first ring. (Its toString is left to the
   * record: nothing on the request path calls it.)
   */
  private record Key(InetAddress host, String caller, String callee) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(host, k.host)
          && Objects.equals(caller, k.caller)
          && Objects.equals(callee, k.callee);
    }

    @Override
    public int hashCode() {
      return (Objects.hashCode(host) * 31 + Objects.hashCode(caller)) * 31
          + Objects.hashCode(callee);
    }
  }

  /** The last ring times of one callee, oldest first, as a ring buffer of at most the cap. */
  private static final class Recent {
    final Instant[] times;
    int start;
    int size;

    Recent(int cap) {
      times = new Instant[cap];
    }

    /** Drops times outside the window, or after now (the clock was set back): they prove nothing. */
    void expire(Instant now, Duration window) {
      while (size > 0) {
        Instant t = times[start];
        if (!t.isAfter(now) && Duration.between(t, now).compareTo(window) < 0) {
          return;
        }
        times[start] = null;
        start = (start + 1) % times.length;
        size--;
      }
    }

    void add(Instant now) {
      // only called when size < cap
      times[(start + size) % times.length] = now;
      size++;
    }

    /** Removes the newest time that is this very object, if it is still held. */
    void removeNewest(Instant t) {
      for (int k = size - 1; k >= 0; k--) {
        int at = (start + k) % times.length;
        if (times[at] == t) {
          for (int j = k; j < size - 1; j++) {
            times[(start + j) % times.length] = times[(start + j + 1) % times.length];
          }
          times[(start + size - 1) % times.length] = null;
          size--;
          return;
        }
      }
    }
  }

  /**
   * A ring {@link #tryRing} let through, to {@link #cancel} if the ring then failed.
   *
   * @param key the key rung
   * @param previous the key's last ring before this one, or null
   * @param at this ring's time (compared by identity)
   */
  public record Ticket(Object key, Instant previous, Instant at) {}

  private final RingLimits limits;
  private final Map<Key, Instant> lastRing;
  private final Map<String, Recent> recent;

  /**
   * A limiter with no history.
   *
   * @param limits the limits
   */
  public RingLimiter(RingLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    int max = limits.tracked();
    // access order false: an entry moves to the end only when it is put again (a ring), so the
    // eldest is the least recently rung
    this.lastRing = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Instant> eldest) {
        return size() > max;
      }
    };
    this.recent = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
        return size() > max;
      }
    };
  }

  /**
   * Decides whether a ring may go ahead and, if so, records it, atomically.
   *
   * @param host the request's source address
   * @param caller the caller's name ({@code l_name})
   * @param callee the callee's name ({@code r_name})
   * @param reannounce true for the regular re-announce (stored id + 1), which the per-caller
   *     interval does not limit
   * @param now the current time
   * @return the ticket if it may ring (and is counted), null if it is over a limit
   */
  public synchronized Ticket tryRing(
      InetAddress host, String caller, String callee, boolean reannounce, Instant now) {
    Key key = new Key(host, caller, callee);
    if (!reannounce && !limits.perCaller().isZero()) {
      Instant last = lastRing.get(key);
      // a last ring "in the future" means the clock was set back: it limits only until now
      if (last != null && !last.isAfter(now)
          && Duration.between(last, now).compareTo(limits.perCaller()) < 0) {
        return null;
      }
    }
    Recent r = null;
    if (limits.perCallee() > 0) {
      r = recent.get(callee);
      if (r != null) {
        r.expire(now, limits.perCalleeWindow());
        if (r.size >= limits.perCallee()) {
          return null;
        }
      }
    }
    // a new object: cancel() finds exactly this ring's time by identity
    Instant at = Instant.ofEpochSecond(now.getEpochSecond(), now.getNano());
    Instant previous = null;
    if (!limits.perCaller().isZero()) {
      previous = lastRing.remove(key);
      lastRing.put(key, at);
    }
    if (r == null && limits.perCallee() > 0) {
      r = new Recent(limits.perCallee());
    }
    if (r != null) {
      recent.remove(callee);
      recent.put(callee, r);
      r.add(at);
    }
    return new Ticket(key, previous, at);
  }

  /**
   * Forgets a ring that failed (the callee is not logged in or refuses messages), so that it
   * neither holds the caller back nor uses up the callee's cap: the caller's next try asks the
   * announcer again and gets its real answer. A later ring of the same key is left alone.
   *
   * @param ticket what {@link #tryRing} returned
   */
  public synchronized void cancel(Ticket ticket) {
    Key key = (Key) ticket.key();
    if (lastRing.get(key) == ticket.at()) {
      lastRing.remove(key);
      if (ticket.previous() != null) {
        lastRing.put(key, ticket.previous());
      }
    }
    Recent r = recent.get(key.callee());
    if (r != null) {
      r.removeNewest(ticket.at());
    }
  }

  /**
   * Returns how many keys and callees are remembered, for tests of the memory bound.
   *
   * @return the number of (caller, callee) keys plus the number of callee names
   */
  public synchronized int tracked() {
    return lastRing.size() + recent.size();
  }
}

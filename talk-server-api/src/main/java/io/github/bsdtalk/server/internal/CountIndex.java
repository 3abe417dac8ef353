package io.github.bsdtalk.server.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Things with counts, and the things holding the largest count, kept up to date in O(1) per
 * change: the in-memory invitation table asks it for the heaviest source address, and for a
 * source's heaviest {@code l_name}, on every insert into a full table, so it must never scan.
 *
 * <p>Things with the same count are kept in the order they reached it, so {@link #firstWithMax()}
 * is the thing that has held the largest count longest. Not thread-safe; the table holds its lock.
 *
 * <p>The index is intrusive: each thing is a {@link Counted} and carries its own count and its
 * links to the others with the same count, so the index allocates nothing per thing. The table
 * keeps one such thing per source address and per (source address, {@code l_name}) anyway; a map
 * of counts and an ordered set per count beside them cost about 80 bytes more per name.
 *
 * @param <T> the type of the things counted
 */
final class CountIndex<T extends CountIndex.Counted<T>> {

  /**
   * Something counted by one {@link CountIndex}. It belongs to at most one index.
   *
   * @param <T> the type of the things counted, the subclass itself
   */
  abstract static class Counted<T extends Counted<T>> {
    // Not private, so that the index can reach them through its type variable; nothing else
    // changes them.
    int count;
    /** The neighbours among those with the same count, in the order they reached it. */
    T earlier;
    T later;

    /**
     * Returns this thing's count.
     *
     * @return the count, 0 if it is not counted
     */
    final int count() {
      return count;
    }
  }

  /** Element c - 1 holds the first thing whose count is c; trimmed so the last is not null. */
  private final List<T> first = new ArrayList<>();
  /** Element c - 1 holds the last thing whose count is c. */
  private final List<T> last = new ArrayList<>();

  /**
   * Returns the largest count.
   *
   * @return the largest count, 0 if empty
   */
  int max() {
    return first.size();
  }

  /**
   * Returns the thing that has held the largest count longest.
   *
   * @return the thing
   * @throws IllegalStateException if empty
   */
  T firstWithMax() {
    if (first.isEmpty()) {
      throw new IllegalStateException("nothing counted");
    }
    return first.get(first.size() - 1);
  }

  /**
   * Adds one to a thing's count.
   *
   * @param t the thing
   */
  void increment(T t) {
    int c = t.count;
    if (c > 0) {
      unlink(t, c);
    }
    t.count = c + 1;
    if (first.size() == c) {
      first.add(null);
      last.add(null);
    }
    append(t, c + 1);
  }

  /**
   * Takes one from a thing's count; a thing whose count reaches 0 is no longer counted.
   *
   * @param t the thing
   * @throws IllegalStateException if its count is 0
   */
  void decrement(T t) {
    int c = t.count;
    if (c == 0) {
      throw new IllegalStateException("count already 0: " + t);
    }
    unlink(t, c);
    t.count = c - 1;
    if (c > 1) {
      append(t, c - 1);
    }
    // Counts change by one, so at most the top count has emptied.
    int top = first.size() - 1;
    if (top >= 0 && first.get(top) == null) {
      first.remove(top);
      last.remove(top);
    }
  }

  /**
   * Returns whether nothing has a count.
   *
   * @return true if empty
   */
  boolean isEmpty() {
    return first.isEmpty();
  }

  /** Adds t at the end of those with count c, which exist in the lists. */
  private void append(T t, int c) {
    T tail = last.get(c - 1);
    t.earlier = tail;
    t.later = null;
    if (tail == null) {
      first.set(c - 1, t);
    } else {
      tail.later = t;
    }
    last.set(c - 1, t);
  }

  /** Takes t out of those with count c. */
  private void unlink(T t, int c) {
    if (t.earlier == null) {
      first.set(c - 1, t.later);
    } else {
      t.earlier.later = t.later;
    }
    if (t.later == null) {
      last.set(c - 1, t.earlier);
    } else {
      t.later.earlier = t.earlier;
    }
    t.earlier = null;
    t.later = null;
  }
}

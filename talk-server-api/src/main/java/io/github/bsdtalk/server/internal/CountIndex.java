package io.github.bsdtalk.server.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Keys with counts, and the keys holding the largest count, kept up to date in O(1) per change:
 * the in-memory invitation table asks it for the heaviest source address, and for a source's
 * heaviest {@code l_name}, on every insert into a full table, so it must never scan.
 *
 * <p>Keys with the same count are kept in the order they reached it, so {@link #firstWithMax()}
 * is the key that has held the largest count longest. Not thread-safe; the table holds its lock.
 *
 * @param <K> the key type
 */
final class CountIndex<K> {

  private final Map<K, Integer> counts = new HashMap<>();
  /** Element c - 1 holds the keys whose count is c; trimmed so that the last one is not empty. */
  private final List<LinkedHashSet<K>> byCount = new ArrayList<>();

  /**
   * Returns a key's count.
   *
   * @param key the key
   * @return its count, 0 if absent
   */
  int count(K key) {
    Integer c = counts.get(key);
    return c == null ? 0 : c;
  }

  /**
   * Returns the largest count.
   *
   * @return the largest count, 0 if empty
   */
  int max() {
    return byCount.size();
  }

  /**
   * Returns the key that has held the largest count longest.
   *
   * @return the key
   * @throws IllegalStateException if empty
   */
  K firstWithMax() {
    if (byCount.isEmpty()) {
      throw new IllegalStateException("no keys");
    }
    return byCount.get(byCount.size() - 1).iterator().next();
  }

  /**
   * Adds one to a key's count.
   *
   * @param key the key
   */
  void increment(K key) {
    int c = count(key);
    if (c > 0) {
      byCount.get(c - 1).remove(key);
    }
    counts.put(key, c + 1);
    if (byCount.size() == c) {
      byCount.add(new LinkedHashSet<>());
    }
    byCount.get(c).add(key);
  }

  /**
   * Takes one from a key's count; a key whose count reaches 0 is forgotten.
   *
   * @param key the key
   * @throws IllegalStateException if the key's count is 0
   */
  void decrement(K key) {
    int c = count(key);
    if (c == 0) {
      throw new IllegalStateException("count already 0: " + key);
    }
    byCount.get(c - 1).remove(key);
    if (c == 1) {
      counts.remove(key);
    } else {
      counts.put(key, c - 1);
      byCount.get(c - 2).add(key);
    }
    // Counts change by one, so at most the top bucket has emptied.
    int top = byCount.size() - 1;
    if (top >= 0 && byCount.get(top).isEmpty()) {
      byCount.remove(top);
    }
  }

  /**
   * Returns whether no key has a count.
   *
   * @return true if empty
   */
  boolean isEmpty() {
    return counts.isEmpty();
  }
}

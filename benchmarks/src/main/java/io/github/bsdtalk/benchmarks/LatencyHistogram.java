package io.github.bsdtalk.benchmarks;

/**
 * A fixed-size log-linear histogram of latencies in nanoseconds, for the load generator (HdrHistogram
 * is not available here). Values below 64 ns have a bucket each; above, every power of two is cut
 * into 64 buckets, so a reported value is at most 1/64 (1.6 %) above the true one. Recording
 * allocates nothing. Not thread-safe: each client thread keeps its own and they are merged at the
 * end.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  /** Buckets for exponents 6..62, after the 64 exact ones. */
  private static final int BUCKETS = SUB + (63 - SUB_BITS) * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long min = Long.MAX_VALUE;
  private long max;

  /** Records one value; negative values are recorded as 0. */
  void record(long nanos) {
    long v = Math.max(0, nanos);
    counts[index(v)]++;
    total++;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }

  /** Adds every value recorded in {@code other} to this histogram. */
  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  /** The largest value recorded, exactly; 0 if none. */
  long max() {
    return max;
  }

  /** The smallest value recorded, exactly; 0 if none. */
  long min() {
    return total == 0 ? 0 : min;
  }

  /**
   * Returns the value at a percentile: the upper bound of the bucket holding the value ranked
   * {@code ceil(percentile / 100 * count)}, capped at the exact maximum.
   *
   * @param percentile 0 (exclusive) to 100 (inclusive)
   * @return the value in nanoseconds, or 0 if nothing was recorded
   */
  long percentile(double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile out of range (0, 100]: " + percentile);
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(upperBound(i), max);
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
    int shift = exponent - SUB_BITS;
    int sub = (int) (v >>> shift) & (SUB - 1);
    return SUB + shift * SUB + sub;
  }

  static long lowerBound(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = (index - SUB) / SUB;
    int sub = (index - SUB) % SUB;
    return (long) (SUB + sub) << shift;
  }

  static long upperBound(int index) {
    if (index < SUB) {
      return index;
    }
    int shift = (index - SUB) / SUB;
    return lowerBound(index) + (1L << shift) - 1;
  }
}

package io.github.bsdtalk.proto.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The few ways the testkit draws from a {@link RandomGenerator}. Everything goes through the
 * bounded {@code nextInt(origin, bound)} and {@code nextLong(origin, bound)}, so that an adapter
 * that maps those calls onto a framework's own draws (QuickTheories' constraints, Jazzer's
 * {@code consumeInt(min, max)}) sees the real range of every choice. Choices are ordered simplest
 * first: a source that returns the lowest value of every range (a shrinker, an exhausted fuzz
 * input) gets the simplest sample.
 */
final class Draw {

  private Draw() {}

  /** A value from {@code min} to {@code max}, both included. */
  static int between(RandomGenerator random, int min, int max) {
    return random.nextInt(min, max + 1);
  }

  /** The index of one of the weights, with probability proportional to its weight. */
  static int weighted(RandomGenerator random, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = random.nextInt(0, total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    throw new AssertionError("weights " + Arrays.toString(weights));
  }

  /** One element of a non-empty list, each equally likely. */
  static <T> T pick(RandomGenerator random, List<T> choices) {
    return choices.get(random.nextInt(0, choices.size()));
  }

  /** {@code random}, checked, for the public entry points. */
  static RandomGenerator checked(RandomGenerator random) {
    return Objects.requireNonNull(random, "random");
  }

  /** A string of {@code min} to {@code max} chars, each from {@code lo} to {@code hi}. */
  static String chars(RandomGenerator random, int min, int max, int lo, int hi) {
    int n = between(random, min, max);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) between(random, lo, hi));
    }
    return s.toString();
  }

  /** A string of {@code min} to {@code max} chars picked from {@code alphabet}. */
  static String chars(RandomGenerator random, int min, int max, String alphabet) {
    int n = between(random, min, max);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(0, alphabet.length())));
    }
    return s.toString();
  }

  /** {@code length} bytes of any value. */
  static byte[] bytes(RandomGenerator random, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) random.nextInt(0, 256);
    }
    return b;
  }
}

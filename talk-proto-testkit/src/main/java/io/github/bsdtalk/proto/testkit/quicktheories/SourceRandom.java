package io.github.bsdtalk.proto.testkit.quicktheories;

import java.util.random.RandomGenerator;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * A {@link RandomGenerator} whose every draw is one QuickTheories draw with the same range, shrink
 * point at the low end. QuickTheories records the draws and shrinks a failing example by replaying
 * smaller ones, so the testkit's choices (ordered simplest first) shrink towards simple values.
 */
final class SourceRandom implements RandomGenerator {

  private final RandomnessSource in;

  SourceRandom(RandomnessSource in) {
    this.in = in;
  }

  @Override
  public long nextLong() {
    return in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE).withShrinkPoint(0));
  }

  @Override
  public int nextInt() {
    return (int) in.next(
        Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE).withShrinkPoint(0));
  }

  @Override
  public boolean nextBoolean() {
    return in.next(Constraint.between(0, 1).withShrinkPoint(0)) != 0;
  }

  @Override
  public int nextInt(int bound) {
    return nextInt(0, bound);
  }

  @Override
  public int nextInt(int origin, int bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException("bound must be greater than origin");
    }
    return (int) in.next(Constraint.between(origin, bound - 1L).withShrinkPoint(origin));
  }

  @Override
  public long nextLong(long bound) {
    return nextLong(0, bound);
  }

  @Override
  public long nextLong(long origin, long bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException("bound must be greater than origin");
    }
    return in.next(Constraint.between(origin, bound - 1).withShrinkPoint(origin));
  }
}

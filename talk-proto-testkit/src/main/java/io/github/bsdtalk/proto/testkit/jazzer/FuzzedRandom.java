package io.github.bsdtalk.proto.testkit.jazzer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A {@link RandomGenerator} that draws from a Jazzer {@link FuzzedDataProvider}, so that a fuzz
 * test can build structured ntalk values and datagrams with the testkit's core from the fuzzer's
 * input:
 *
 * <pre>{@code
 * @FuzzTest
 * void daemonSurvivesAnySequence(FuzzedDataProvider data) {
 *   RandomGenerator random = FuzzedRandom.of(data);
 *   while (data.remainingBytes() > 0) {
 *     myDaemon.handle(TalkDatagrams.mixed(random), sender, now); // must never throw
 *   }
 * }
 * }</pre>
 *
 * <p>Each bounded draw is one {@code consumeInt(min, max)} or {@code consumeLong(min, max)} over
 * the same range, so the fuzzer's mutations map onto the testkit's choices, and the same input always
 * gives the same values. An exhausted input makes the provider return the low end of each range,
 * which the testkit reads as its simplest choice: sampling never fails for lack of bytes.
 *
 * <p>Needs Jazzer's API ({@code com.code-intelligence:jazzer-api}, which {@code jazzer-junit}
 * brings) on your test path; the testkit declares it optional. Not thread-safe, like the provider.
 */
public final class FuzzedRandom implements RandomGenerator {

  private final FuzzedDataProvider data;

  private FuzzedRandom(FuzzedDataProvider data) {
    this.data = data;
  }

  /**
   * A generator that draws from {@code data}.
   *
   * @param data the fuzzer's input, as Jazzer passes it to a {@code @FuzzTest}
   * @return a generator over {@code data}; it consumes the input as it is used
   */
  public static FuzzedRandom of(FuzzedDataProvider data) {
    return new FuzzedRandom(Objects.requireNonNull(data, "data"));
  }

  /**
   * Any long: {@code consumeLong()}.
   *
   * @return the next long
   */
  @Override
  public long nextLong() {
    return data.consumeLong();
  }

  /**
   * Any int: {@code consumeInt()}.
   *
   * @return the next int
   */
  @Override
  public int nextInt() {
    return data.consumeInt();
  }

  /**
   * A boolean: {@code consumeBoolean()}.
   *
   * @return the next boolean
   */
  @Override
  public boolean nextBoolean() {
    return data.consumeBoolean();
  }

  /**
   * An int from 0 to {@code bound - 1}: {@code consumeInt(0, bound - 1)}.
   *
   * @param bound the upper bound, exclusive, positive
   * @return the next int in range
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  @Override
  public int nextInt(int bound) {
    return nextInt(0, bound);
  }

  /**
   * An int from {@code origin} to {@code bound - 1}: {@code consumeInt(origin, bound - 1)}.
   *
   * @param origin the lowest value
   * @param bound the upper bound, exclusive, greater than {@code origin}
   * @return the next int in range
   * @throws IllegalArgumentException if {@code bound} is not greater than {@code origin}
   */
  @Override
  public int nextInt(int origin, int bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException("bound must be greater than origin");
    }
    return data.consumeInt(origin, bound - 1);
  }

  /**
   * A long from 0 to {@code bound - 1}: {@code consumeLong(0, bound - 1)}.
   *
   * @param bound the upper bound, exclusive, positive
   * @return the next long in range
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  @Override
  public long nextLong(long bound) {
    return nextLong(0, bound);
  }

  /**
   * A long from {@code origin} to {@code bound - 1}: {@code consumeLong(origin, bound - 1)}.
   *
   * @param origin the lowest value
   * @param bound the upper bound, exclusive, greater than {@code origin}
   * @return the next long in range
   * @throws IllegalArgumentException if {@code bound} is not greater than {@code origin}
   */
  @Override
  public long nextLong(long origin, long bound) {
    if (origin >= bound) {
      throw new IllegalArgumentException("bound must be greater than origin");
    }
    return data.consumeLong(origin, bound - 1);
  }
}

package io.github.bsdtalk.proto.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.bsdtalk.proto.TalkDescriber;
import io.github.bsdtalk.proto.testkit.quicktheories.TalkGenerators;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code talk-proto-testkit/TESTING.md}, run as tests; {@link
 * TestingGuideSnippetsTest} checks that the guide shows exactly this code. The code under test in
 * the examples is talk-proto's {@link TalkDescriber}, which must explain any datagram without
 * throwing.
 */
class TestingGuideExamplesTest {

  @Test
  void anyFrameworkWithASeededGenerator() {
    long seed = 20261202L;
    // [snippet:core]
    RandomGenerator random = new SplittableRandom(seed);
    for (int i = 0; i < 10_000; i++) {
      byte[] datagram = TalkDatagrams.mixed(random);
      TalkDescriber.Description d = TalkDescriber.describe(datagram); // must never throw
      assertThat(d.length()).as("seed %d, datagram %d", seed, i).isEqualTo(datagram.length);
    }
    // [/snippet:core]
  }

  @Test
  void quickTheories() {
    // [snippet:quicktheories]
    qt().withExamples(1000)
        .forAll(TalkGenerators.mutatedMessageDatagrams())
        .checkAssert(d -> assertThat(TalkDescriber.describe(d).length()).isEqualTo(d.length));
    // [/snippet:quicktheories]
  }

  // ---- jqwik -----------------------------------------------------------------------------------
  //
  // This project does not use jqwik (its author asks AI tools not to). The guide shows how a jqwik
  // user wraps the testkit: Arbitraries.randomValue(Function<Random, T>) hands the function a
  // java.util.Random, which is a RandomGenerator. The stand-ins below have the names and the
  // signatures of jqwik's (net.jqwik.api.Provide, Arbitrary, Arbitraries.randomValue), so that the
  // snippet in the guide compiles here verbatim, and the lambda it passes runs on a seeded Random.

  // [snippet:jqwik]
  @Provide
  Arbitrary<byte[]> datagrams() {
    return Arbitraries.randomValue(random -> TalkDatagrams.mixed(random));
  }
  // [/snippet:jqwik]

  @Test
  void jqwikUsersPassTheCoreAFunctionOfRandom() {
    Arbitrary<byte[]> datagrams = datagrams();
    for (long seed = 0; seed < 500; seed++) {
      byte[] d = datagrams.sample(new Random(seed));
      assertThat(d).isEqualTo(datagrams.sample(new Random(seed)));
      assertThat(TalkDescriber.describe(d).length()).isEqualTo(d.length);
    }
  }

  /** Stand-in for {@code net.jqwik.api.Provide}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface Provide {}

  /** Stand-in for {@code net.jqwik.api.Arbitrary}: here, just the function jqwik would call. */
  interface Arbitrary<T> {
    T sample(Random random);
  }

  /** Stand-in for {@code net.jqwik.api.Arbitraries}. */
  static final class Arbitraries {
    private Arbitraries() {}

    static <T> Arbitrary<T> randomValue(Function<Random, T> generator) {
      return generator::apply;
    }
  }
}

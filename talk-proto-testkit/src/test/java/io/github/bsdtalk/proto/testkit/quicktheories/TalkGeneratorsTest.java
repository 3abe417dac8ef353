package io.github.bsdtalk.proto.testkit.quicktheories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.proto.testkit.TalkDatagrams;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The generators keep the promises their Javadoc makes to other projects: ranges, invariants of the
 * well-formed shapes, and a mix that reaches the interesting cases.
 */
class TalkGeneratorsTest {

  private static final int EXAMPLES = 1000;

  @Test
  void namesAreOneToTwelveNonNulBytesIncludingNonAsciiAndFullWidth() {
    assertThat(
            counting(
                TalkGenerators.names(),
                n -> {
                  assertThat(n.length()).isBetween(1, TalkProtocol.NAME_SIZE);
                  assertThat(n.chars()).allMatch(c -> c >= 0x01 && c <= 0xFF);
                },
                n -> n.chars().anyMatch(c -> c > 0x7F),
                n -> n.length() == TalkProtocol.NAME_SIZE))
        .allMatch(count -> count > 0);
  }

  @Test
  void fullWidthNamesFillTheFieldWithoutNul() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.fullWidthNames())
        .checkAssert(
            n -> {
              assertThat(n).hasSize(TalkProtocol.NAME_SIZE);
              assertThat(n.chars()).allMatch(c -> c >= 0x01 && c <= 0xFF);
            });
  }

  @Test
  void ttysFitSixteenBytesWithoutNul() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.ttys())
        .checkAssert(
            t -> {
              assertThat(t.length()).isLessThanOrEqualTo(TalkProtocol.TTY_SIZE);
              assertThat(t.chars()).allMatch(c -> c >= 0x01 && c <= 0xFF);
            });
  }

  @Test
  void fieldTextsNeverEndInNulButMayHoldOne() {
    assertThat(
            counting(
                TalkGenerators.fieldTexts(TalkProtocol.NAME_SIZE),
                s -> {
                  assertThat(s.length()).isLessThanOrEqualTo(TalkProtocol.NAME_SIZE);
                  assertThat(s).doesNotEndWith("\0");
                  assertThat(s.chars()).allMatch(c -> c <= 0xFF);
                },
                s -> s.indexOf('\0') >= 0,
                String::isEmpty))
        .allMatch(count -> count > 0);
    assertThatIllegalArgumentException().isThrownBy(() -> TalkGenerators.fieldTexts(-1));
  }

  @Test
  void wellFormedCtlMessagesUseOnlyDefinedValues() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.wellFormedCtlMessages())
        .checkAssert(
            m -> {
              assertThat(m.version()).isEqualTo(TalkProtocol.VERSION);
              assertThat(m.requestType()).isPresent();
              assertThat(m.answer()).isZero();
              assertThat(m.address().isInet()).isTrue();
              assertThat(m.controlAddress().isInet()).isTrue();
              assertThat(m.localName()).isNotEmpty().doesNotContain("\0");
              assertThat(m.remoteName()).isNotEmpty().doesNotContain("\0");
              assertThat(m.remoteTty()).doesNotContain("\0");
            });
  }

  @Test
  void wellFormedCtlResponsesUseOnlyDefinedValues() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.wellFormedCtlResponses())
        .checkAssert(
            r -> {
              assertThat(r.version()).isEqualTo(TalkProtocol.VERSION);
              assertThat(r.requestType()).isPresent();
              assertThat(r.knownAnswer()).isPresent();
              assertThat(r.address().isInet() || r.address().equals(TalkAddress.ZERO)).isTrue();
            });
  }

  @Test
  void ctlMessagesReachUndefinedVersionsTypesAndFamilies() {
    assertThat(
            counting(
                TalkGenerators.ctlMessages(),
                m -> {},
                m -> m.version() != TalkProtocol.VERSION,
                m -> m.requestType().isEmpty(),
                m -> !m.address().isInet(),
                m -> m.remoteTty().length() == TalkProtocol.TTY_SIZE,
                m -> m.localName().indexOf('\0') >= 0))
        .allMatch(count -> count > 0);
  }

  @Test
  void ctlResponsesReachUndefinedAnswers() {
    assertThat(
            counting(
                TalkGenerators.ctlResponses(),
                r -> {},
                r -> r.knownAnswer().isEmpty(),
                r -> r.is(Answer.BADCTLADDR),
                r -> r.id() == CtlMessage.MAX_ID_NUM))
        .allMatch(count -> count > 0);
  }

  @Test
  void sizedArraysHaveTheStructureSizes() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.messageSizedArrays(), TalkGenerators.responseSizedArrays())
        .checkAssert(
            (m, r) -> {
              assertThat(m).hasSize(CtlMessage.SIZE);
              assertThat(r).hasSize(CtlResponse.SIZE);
            });
  }

  @Test
  void byteArraysStayWithinTheirBoundAndHitTheStructureSizes() {
    assertThat(
            counting(
                TalkGenerators.byteArrays(),
                b -> assertThat(b.length).isBetween(0, TalkDatagrams.MAX_ARBITRARY_LENGTH),
                b -> b.length == 0,
                b -> b.length == CtlResponse.SIZE,
                b -> b.length == CtlMessage.SIZE,
                b -> b.length == TalkDatagrams.MAX_ARBITRARY_LENGTH))
        .allMatch(count -> count > 0);
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.byteArrays(5))
        .checkAssert(b -> assertThat(b.length).isBetween(0, 5));
    assertThatIllegalArgumentException().isThrownBy(() -> TalkGenerators.byteArrays(-1));
  }

  @Test
  void mutatedMessageDatagramsMixLengthAndMeaningDamage() {
    assertThat(
            counting(
                TalkGenerators.mutatedMessageDatagrams(),
                d -> assertThat(d.length).isBetween(0, CtlMessage.SIZE + 4 * 32),
                d -> d.length < CtlMessage.SIZE,
                d -> d.length > CtlMessage.SIZE,
                d -> d.length == CtlMessage.SIZE && d[0] != TalkProtocol.VERSION,
                d -> d.length == CtlMessage.SIZE && (d[1] & 0xFF) > 3,
                d -> d.length == CtlMessage.SIZE && (d[8] != 0 || d[9] != TalkProtocol.AF_INET),
                d -> d.length == CtlMessage.SIZE && d[55] != 0,
                d -> d.length == CtlMessage.SIZE && d[3] != 0))
        .allMatch(count -> count > 0);
  }

  @Test
  void mutatedResponseDatagramsMixLengthAndMeaningDamage() {
    assertThat(
            counting(
                TalkGenerators.mutatedResponseDatagrams(),
                d -> assertThat(d.length).isBetween(0, CtlResponse.SIZE + 4 * 32),
                d -> d.length < CtlResponse.SIZE,
                d -> d.length > CtlResponse.SIZE,
                d -> d.length == CtlResponse.SIZE && (d[2] & 0xFF) > 8,
                d -> d.length == CtlResponse.SIZE && d[23] != 0))
        .allMatch(count -> count > 0);
  }

  @Test
  void datagramsMixBothStructureSizesAndOtherLengths() {
    assertThat(
            counting(
                TalkGenerators.datagrams(),
                d -> {},
                d -> d.length == CtlMessage.SIZE,
                d -> d.length == CtlResponse.SIZE,
                d -> d.length != CtlMessage.SIZE && d.length != CtlResponse.SIZE))
        .allMatch(count -> count > 0);
  }

  @Test
  void aFailingPropertyShrinksTowardsASmallCounterexampleShownInHex() {
    AssertionError e =
        catchThrowableOfType(
            AssertionError.class,
            () ->
                qt().withFixedSeed(20261202L)
                    .withExamples(EXAMPLES)
                    .forAll(TalkGenerators.byteArrays())
                    .check(b -> b.length < 40));
    // The smallest counterexample QuickTheories reports: the line after the heading, in hex.
    String smallest =
        e.getMessage().lines().dropWhile(l -> !l.startsWith("Smallest")).skip(1).findFirst()
            .orElseThrow();
    byte[] b = HexFormat.of().parseHex(smallest.strip());
    // From a random array of 40..300 bytes down to zeros and a structure-sized length.
    assertThat(b.length).isBetween(40, CtlMessage.SIZE);
    assertThat(b).containsOnly(0);
  }

  /**
   * Checks {@code invariant} on {@value #EXAMPLES} examples and counts how many satisfy each of
   * {@code cases}; a zero count means the generator never reached that case.
   */
  @SafeVarargs
  private static <T> List<Integer> counting(
      Gen<T> gen, Consumer<T> invariant, Predicate<T>... cases) {
    AtomicInteger[] counts = new AtomicInteger[cases.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new AtomicInteger();
    }
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            x -> {
              invariant.accept(x);
              for (int i = 0; i < cases.length; i++) {
                if (cases[i].test(x)) {
                  counts[i].incrementAndGet();
                }
              }
            });
    List<Integer> result = new ArrayList<>();
    for (AtomicInteger count : counts) {
      result.add(count.get());
    }
    return result;
  }
}

package io.github.bsdtalk.endpoint.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * Any sequence of offers and takes: the outbox never holds more than its capacity, takes what was
 * accepted in order, and accepts exactly what fits.
 */
class OutboxPropertyTest {

  @Test
  void anySequenceOfOffersAndTakesStaysWithinTheCapacityAndKeepsTheOrder() {
    // each step: a positive number offers that many bytes, zero or less takes one chunk
    qt().withExamples(500)
        .forAll(integers().between(1, 64), lists().of(integers().between(-20, 40)).ofSizeBetween(0, 60))
        .checkAssert(
            (capacity, steps) -> {
              Outbox box = new Outbox(capacity);
              ArrayDeque<byte[]> model = new ArrayDeque<>();
              int modelBytes = 0;
              int serial = 0;
              for (int step : steps) {
                if (step > 0) {
                  byte[] chunk = new byte[step];
                  chunk[0] = (byte) serial++;
                  boolean fits = modelBytes + step <= capacity;
                  assertThat(box.offer(chunk)).isEqualTo(fits);
                  if (fits) {
                    model.add(chunk);
                    modelBytes += step;
                  }
                } else if (!model.isEmpty()) {
                  byte[] expected = model.poll();
                  modelBytes -= expected.length;
                  assertThat(take(box)).isSameAs(expected);
                }
                assertThat(box.bytes()).isEqualTo(modelBytes).isBetween(0, capacity);
              }
            });
  }

  @Test
  void aFinishedOutboxTakesNothingMoreAndHandsOutWhatItHoldsThenTheEnd() {
    Outbox box = new Outbox(10);
    byte[] a = {1, 2};
    assertThat(box.offer(a)).isTrue();
    assertThat(box.offer(new byte[0])).isTrue();
    box.finish();

    assertThat(box.isClosed()).isTrue();
    assertThat(box.offer(new byte[] {3})).isFalse();
    assertThat(take(box)).isSameAs(a);
    assertThat(take(box)).isNull();
  }

  @Test
  void aDiscardedOutboxIsEmptyAndEnded() {
    Outbox box = new Outbox(10);
    box.offer(new byte[] {1, 2, 3});
    box.discard();

    assertThat(box.bytes()).isZero();
    assertThat(take(box)).isNull();
    assertThat(box.isClosed()).isTrue();
  }

  @Test
  void aChunkAsLargeAsTheCapacityFitsAndOneByteMoreDoesNot() {
    assertThat(new Outbox(4).offer(new byte[4])).isTrue();
    assertThat(new Outbox(4).offer(new byte[5])).isFalse();
    assertThatThrownBy(() -> new Outbox(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] take(Outbox box) {
    try {
      return box.take();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

}

package io.github.bsdtalk.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void everyValueFallsInsideItsBucketWithinOneSixtyFourth() {
    qt().forAll(longs().between(0, Long.MAX_VALUE)).checkAssert(v -> {
      int i = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.lowerBound(i)).isLessThanOrEqualTo(v);
      assertThat(LatencyHistogram.upperBound(i)).isGreaterThanOrEqualTo(v);
      assertThat(LatencyHistogram.upperBound(i) - LatencyHistogram.lowerBound(i))
          .isLessThanOrEqualTo(v / 64);
    });
  }

  @Test
  void bucketsAreContiguous() {
    for (int i = 1; i < LatencyHistogram.index(Long.MAX_VALUE); i++) {
      assertThat(LatencyHistogram.lowerBound(i)).isEqualTo(LatencyHistogram.upperBound(i - 1) + 1);
    }
  }

  @Test
  void reportsPercentilesOfOneToTenThousandMicrosecondsWithinPrecision() {
    LatencyHistogram h = new LatencyHistogram();
    for (long us = 10_000; us >= 1; us--) {
      h.record(us * 1000);
    }
    assertThat(h.count()).isEqualTo(10_000);
    assertThat(h.percentile(50)).isBetween(5_000_000L, 5_000_000L + 5_000_000L / 64);
    assertThat(h.percentile(99)).isBetween(9_900_000L, 9_900_000L + 9_900_000L / 64);
    assertThat(h.percentile(99.9)).isBetween(9_990_000L, 10_000_000L);
    assertThat(h.percentile(100)).isEqualTo(10_000_000L);
    assertThat(h.min()).isEqualTo(1000);
    assertThat(h.max()).isEqualTo(10_000_000L);
  }

  @Test
  void mergingAddsCountsAndKeepsExtremes() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(100);
    a.record(200);
    b.record(5);
    b.record(1_000_000);
    a.add(b);
    assertThat(a.count()).isEqualTo(4);
    assertThat(a.min()).isEqualTo(5);
    assertThat(a.max()).isEqualTo(1_000_000);
    assertThat(a.percentile(25)).isEqualTo(5);
    assertThat(a.percentile(75)).isBetween(200L, 203L);
  }

  @Test
  void emptyHistogramReportsZeroAndRejectsBadPercentiles() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.percentile(99)).isZero();
    assertThat(h.min()).isZero();
    assertThatThrownBy(() -> h.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
  }
}

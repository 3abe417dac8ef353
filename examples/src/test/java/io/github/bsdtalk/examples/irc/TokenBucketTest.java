package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final FakeClock clock = new FakeClock();

  @Test
  void aBurstThenOneLinePerInterval() {
    TokenBucket b = new TokenBucket(4, Duration.ofSeconds(2), clock);

    for (int i = 0; i < 4; i++) {
      assertThat(b.tryTake()).as("token %d", i).isTrue();
    }
    assertThat(b.tryTake()).isFalse();
    assertThat(b.untilToken()).isEqualTo(Duration.ofSeconds(2));

    clock.advance(Duration.ofMillis(1999));
    assertThat(b.tryTake()).isFalse();
    assertThat(b.untilToken()).isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(b.tryTake()).isTrue();
    assertThat(b.tryTake()).isFalse();
  }

  @Test
  void anIdleHourSavesUpNoMoreThanTheBurst() {
    TokenBucket b = new TokenBucket(4, Duration.ofSeconds(2), clock);
    clock.advance(Duration.ofHours(1));

    int taken = 0;
    while (b.tryTake()) {
      taken++;
    }

    assertThat(taken).isEqualTo(4);
  }

  @Test
  void theDefaultsStayBelowTheRfcFloodRule() {
    // RFC 1459 section 8.10: 2 s a message, reading stops 10 s ahead, so 5 lines at once at most
    assertThat(TokenBucket.DEFAULT_BURST).isLessThan(5);
    assertThat(TokenBucket.DEFAULT_INTERVAL).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void overAnyScheduleNoMoreThanBurstPlusElapsedOverInterval() {
    qt().withExamples(500)
        .forAll(lists().of(integers().between(0, 3000)).ofSizeBetween(1, 60))
        .checkAssert(
            gaps -> {
              FakeClock c = new FakeClock();
              TokenBucket b = new TokenBucket(4, Duration.ofSeconds(2), c);
              long elapsed = 0;
              int sent = 0;
              for (int gap : gaps) {
                c.advance(Duration.ofMillis(gap));
                elapsed += gap;
                while (b.tryTake()) {
                  sent++;
                }
                assertThat(sent).isLessThanOrEqualTo(4 + (int) (elapsed / 2000));
                assertThat(b.untilToken()).isPositive();
              }
            });
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new TokenBucket(0, Duration.ofSeconds(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCap() {
    Backoff b = Backoff.DEFAULT;

    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void aCapThatIsNoPowerOfTwoIsKept() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void noWaitIsLongerThanEightSecondsSoARestartedServerSeesTheBridgeWellWithinThirty() {
    for (int failures = 1; failures <= 100; failures++) {
      assertThat(Backoff.DEFAULT.delay(failures)).isLessThanOrEqualTo(Duration.ofSeconds(8));
    }
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

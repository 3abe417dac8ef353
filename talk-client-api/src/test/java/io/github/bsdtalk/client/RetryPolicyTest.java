package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.bsdtalk.proto.TalkProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultWaitsCtlWaitFiveTimes() {
    assertThat(RetryPolicy.DEFAULT.attemptTimeout())
        .isEqualTo(TalkProtocol.CTL_WAIT)
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(5);
    assertThat(RetryPolicy.DEFAULT.totalTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void acceptsTheSmallestValidValues() {
    RetryPolicy p = new RetryPolicy(Duration.ofNanos(1), 1);

    assertThat(p.totalTimeout()).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void rejectsANonPositiveAttemptTimeout() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(Duration.ZERO, 5));
    assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(Duration.ofNanos(-1), 5));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.DEFAULT.withAttemptTimeout(Duration.ofSeconds(-2)));
  }

  @Test
  void rejectsFewerThanOneAttempt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Integer.MIN_VALUE));
    assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.DEFAULT.withMaxAttempts(-1));
  }

  @Test
  void rejectsANullAttemptTimeout() {
    assertThatNullPointerException().isThrownBy(() -> new RetryPolicy(null, 5));
  }

  @Test
  void copiesChangeOneComponent() {
    RetryPolicy fast = RetryPolicy.DEFAULT.withAttemptTimeout(Duration.ofMillis(200));
    RetryPolicy many = RetryPolicy.DEFAULT.withMaxAttempts(15);

    assertThat(fast).isEqualTo(new RetryPolicy(Duration.ofMillis(200), 5));
    assertThat(many).isEqualTo(new RetryPolicy(Duration.ofSeconds(2), 15));
    assertThat(fast.withMaxAttempts(15).totalTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryPolicy.DEFAULT).isEqualTo(new RetryPolicy(Duration.ofSeconds(2), 5));
  }

  @Test
  void timeoutExceptionCarriesTheDaemonAndTheAttempts() {
    InetSocketAddress daemon = FakeNetwork.DAEMON;

    TalkTimeoutException e = new TalkTimeoutException(daemon, 3, RetryPolicy.DEFAULT);

    assertThat(e.daemon()).isEqualTo(daemon);
    assertThat(e.attempts()).isEqualTo(3);
    assertThatNullPointerException()
        .isThrownBy(() -> new TalkTimeoutException(null, 3, RetryPolicy.DEFAULT));
  }
}

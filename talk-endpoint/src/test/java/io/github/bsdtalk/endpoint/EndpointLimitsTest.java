package io.github.bsdtalk.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.client.LineAssembler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointLimitsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    EndpointLimits d = EndpointLimits.DEFAULTS;
    assertThat(d.maxConversations()).isEqualTo(64);
    assertThat(d.maxPending()).isEqualTo(16);
    assertThat(d.maxQueuedBytes()).isEqualTo(64 * 1024);
    assertThat(d.maxLineLength()).isEqualTo(LineAssembler.DEFAULT_MAX_LINE_LENGTH);
    assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void withCopiesChangeOneLimit() {
    EndpointLimits d = EndpointLimits.DEFAULTS;
    assertThat(d.withMaxConversations(3).maxConversations()).isEqualTo(3);
    assertThat(d.withMaxPending(4).maxPending()).isEqualTo(4);
    assertThat(d.withMaxQueuedBytes(5).maxQueuedBytes()).isEqualTo(5);
    assertThat(d.withMaxLineLength(6).maxLineLength()).isEqualTo(6);
    assertThat(d.withHandshakeTimeout(Duration.ofSeconds(7)).handshakeTimeout())
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(d.withIdleTimeout(Duration.ofSeconds(8)).idleTimeout())
        .isEqualTo(Duration.ofSeconds(8));
    assertThat(d.withMaxPending(4).withMaxPending(16)).isEqualTo(d);
  }

  @Test
  void rejectsCountsBelowOneAndDurationsThatAreNotPositive() {
    EndpointLimits d = EndpointLimits.DEFAULTS;
    assertThatThrownBy(() -> d.withMaxConversations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConversations");
    assertThatThrownBy(() -> d.withMaxPending(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withMaxQueuedBytes(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withMaxLineLength(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(d.withMaxLineLength(1).maxLineLength()).isEqualTo(1);
    assertThatThrownBy(() -> d.withHandshakeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withIdleTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withIdleTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TalkEndpoint.builder().idleCheckInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HandshakeExceptionTest {

  @Test
  void saysWhatHappenedAndHowManyBytesCame() {
    IOException cause = new IOException("reset");
    HandshakeException closed =
        new HandshakeException(HandshakeException.Reason.PEER_CLOSED, 2, cause);
    HandshakeException timedOut =
        new HandshakeException(HandshakeException.Reason.TIMED_OUT, 0, null);

    assertThat(closed.getMessage())
        .isEqualTo("peer closed before sending its edit characters (got 2 of 3 bytes)");
    assertThat(closed.reason()).isEqualTo(HandshakeException.Reason.PEER_CLOSED);
    assertThat(closed.bytesReceived()).isEqualTo(2);
    assertThat(closed.getCause()).isSameAs(cause);
    assertThat(timedOut.getMessage())
        .isEqualTo("timed out waiting for the peer's edit characters (got 0 of 3 bytes)");
  }

  @Test
  void acceptsZeroToTwoBytesOnly() {
    assertThatThrownBy(() -> new HandshakeException(HandshakeException.Reason.TIMED_OUT, 3, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandshakeException(HandshakeException.Reason.TIMED_OUT, -1, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandshakeException(null, 0, null))
        .isInstanceOf(NullPointerException.class);
  }
}

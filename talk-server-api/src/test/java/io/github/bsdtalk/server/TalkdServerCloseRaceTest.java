package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TalkdServerCloseRaceTest {

  /**
   * close() wakes the selector and closes it at once; the serving thread, just woken, used to find
   * it closed in selectedKeys() and die with ClosedSelectorException. The window is small, so the
   * race is run many times.
   */
  @Test
  @Timeout(60)
  void serveReturnsFalseWhenClosedFromAnotherThread() throws Exception {
    for (int i = 0; i < 200; i++) {
      TalkdServer server =
          TalkdServer.builder()
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .build();
      TalkdServer.Serving s = ServingThread.start(server);
      server.close();

      assertThat(ServingThread.awaitResult(s)).as("serve() after close, round %d", i).isFalse();
    }
  }
}

package io.github.bsdtalk.server;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
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
      CompletableFuture<Boolean> served = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  served.complete(server.serve());
                } catch (Throwable e) {
                  served.completeExceptionally(e);
                }
              });
      t.start();
      server.close();

      assertThat(served.get(10, SECONDS)).as("serve() after close, round %d", i).isFalse();
      t.join();
    }
  }
}

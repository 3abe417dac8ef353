package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.server.internal.LazyLogger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The logger the daemon's classes use, found on first use: it logs what System.getLogger's would. */
class LazyLoggerTest {

  /** A class of its own, so that no other test's records mix in. */
  private static final class Source {}

  @Test
  void messagesReachTheLoggerNamedAfterTheClass() {
    System.Logger log = LazyLogger.of(Source.class);
    assertThat(log.getName()).isEqualTo(Source.class.getName());
    try (LogRecorder recorder = LogRecorder.of(Source.class)) {
      assertThat(log.isLoggable(System.Logger.Level.WARNING)).isTrue();
      log.log(System.Logger.Level.WARNING, "{0} and {1}", "this", 2);
      log.log(System.Logger.Level.ERROR, "failed", new IllegalStateException("why"));

      assertThat(recorder.records()).hasSize(2);
      assertThat(recorder.records().get(0).getLevel()).isEqualTo(Level.WARNING);
      assertThat(recorder.records().get(0).getParameters()).containsExactly("this", 2);
      assertThat(recorder.records().get(1).getLevel()).isEqualTo(Level.SEVERE);
      assertThat(recorder.records().get(1).getThrown()).hasMessage("why");
    }
  }
}

package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors only; the room itself is tested in {@link ChatRoomLoopbackTest}. */
class BridgeCommandTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  /**
   * Every case binds 127.0.0.1 port 0 first, so that if a regression accepted one, the bridge would
   * serve on loopback only, and the hang guard would fail the test.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "--bind 127.0.0.1 --port 0", // no room
        "--bind 127.0.0.1 --port 0 --room twelve-chars", // talk sends at most 11 bytes of a name
        "--bind 127.0.0.1 --port 0 --room \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", // 12 bytes
        "--bind 127.0.0.1 --room lobby --port x",
        "--bind 127.0.0.1 --room lobby --port", // option without its value
        "--bind 127.0.0.1 --port 0 --room lobby --verbose"
      })
  void badUsageExits2WithoutServing(String args) {
    String[] argv = ("bridge " + args).split(" ");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () ->
                Main.run(
                    argv,
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));

    assertThat(status).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("usage: bridge")
        .doesNotContain("room '");
  }
}

package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage errors only; the room itself is tested in {@link ChatRoomLoopbackTest}. */
class BridgeCommandTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // no room
        "--bind 127.0.0.1 --port 0", // still no room
        "--room twelve-chars", // talk sends at most 11 bytes of a name
        "--room lobby --port x",
        "--room lobby --port", // option without its value
        "--room lobby --verbose"
      })
  void badUsageExits2WithoutServing(String args) {
    String[] argv = ("bridge " + args).trim().split(" ");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Main.run(
            argv,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("usage: bridge")
        .doesNotContain("room '");
  }
}

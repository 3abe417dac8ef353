package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.examples.irc.IrcMirror;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Usage errors only; the room itself is tested in {@link ChatRoomLoopbackTest} and {@link
 * ChatRoomAbuseLoopbackTest}.
 */
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
        "--bind 127.0.0.1 --port 0 --room lobby --verbose",
        "--bind 127.0.0.1 --port 0 --room lobby --idle", // no value
        "--bind 127.0.0.1 --port 0 --room lobby --idle x",
        "--bind 127.0.0.1 --port 0 --room lobby --idle 0",
        "--bind 127.0.0.1 --port 0 --room lobby --idle -5",
        "--bind 127.0.0.1 --port 0 --room lobby --idle 1.5",
        "--bind 127.0.0.1 --port 0 --room lobby --idle 86401", // more than a day
        "--bind 127.0.0.1 --port 0 --room lobby --idle 99999999999999999999",
        "--bind 127.0.0.1 --port 0 --room lobby --handshake-timeout",
        "--bind 127.0.0.1 --port 0 --room lobby --handshake-timeout 0",
        "--bind 127.0.0.1 --port 0 --room lobby --handshake-timeout PT10S",
        "--bind 127.0.0.1 --port 0 --room lobby --handshake-timeout 86401",
        "--bind 127.0.0.1 --port 0 --room lobby --irc", // no value
        "--bind 127.0.0.1 --port 0 --room lobby --irc irc.example --channel #talk", // no port
        "--bind 127.0.0.1 --port 0 --room lobby --irc irc.example:0 --channel #talk",
        "--bind 127.0.0.1 --port 0 --room lobby --irc irc.example:65536 --channel #talk",
        "--bind 127.0.0.1 --port 0 --room lobby --irc irc.example:x --channel #talk",
        "--bind 127.0.0.1 --port 0 --room lobby --irc :6667 --channel #talk",
        "--bind 127.0.0.1 --port 0 --room lobby --irc [::1 --channel #talk",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667", // no channel
        "--bind 127.0.0.1 --port 0 --room lobby --channel #talk", // no --irc
        "--bind 127.0.0.1 --port 0 --room lobby --tls",
        "--bind 127.0.0.1 --port 0 --room lobby --nick bridge",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel talk",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #a,#b",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #a\u0007b",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #a:b",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel "
            + "#123456789012345678901234567890123456789012345678901",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #t --nick 1abc",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #t --nick -abc",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #t --nick a.b",
        "--bind 127.0.0.1 --port 0 --room lobby --irc 127.0.0.1:6667 --channel #t --nick "
            + "abcdefghijabcdefghijabcdefghijk", // 31
        "--bind 127.0.0.1 --port 0 --room caf\u00e9 --irc 127.0.0.1:6667 --channel #t",
        "--bind 127.0.0.1 --port 0 --room 2go --irc 127.0.0.1:6667 --channel #t",
        "--bind 127.0.0.1 --port 0 --room lobby --http", // no value
        "--bind 127.0.0.1 --port 0 --room lobby --http x",
        "--bind 127.0.0.1 --port 0 --room lobby --http 127.0.0.1:65536",
        "--bind 127.0.0.1 --port 0 --room lobby --http 127.0.0.1:",
        "--bind 127.0.0.1 --port 0 --room lobby --http :8080",
        "--bind 127.0.0.1 --port 0 --room lobby --web-callable bob", // no --http
        "--bind 127.0.0.1 --port 0 --room lobby --http 0 --web-callable -bob",
        "--bind 127.0.0.1 --port 0 --room lobby --http 0 --web-callable bob,c@rol",
        "--bind 127.0.0.1 --port 0 --room lobby --http 0 --web-callable twelve-chars",
        "--bind 127.0.0.1 --port 0 --room lobby --http 0 --max-visitors 0",
        "--bind 127.0.0.1 --port 0 --room lobby --http 0 --max-visitors 1001",
        "--bind 127.0.0.1 --port 0 --room lobby --http 0 --max-visitors x"
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
        .startsWith("bridge: ")
        .doesNotContain("room '")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void aBadTimeoutIsNamedWithItsRange() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Main.run(
            new String[] {"bridge", "--room", "lobby", "--idle", "0"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("bridge: --idle: whole seconds from 1 to 86400, not '0'")
        .hasLineCount(1);
  }

  @Test
  void theIrcOptionsMakeTheMirror() {
    BridgeCommand options = new BridgeCommand();
    new CommandLine(options)
        .parseArgs("--room", "lobby", "--irc", "[::1]:6697", "--channel", "&local", "--tls");

    assertThat(options.irc).isEqualTo(new Converters.IrcServer("::1", 6697));
    assertThat(options.irc.toString()).isEqualTo("[::1]:6697");
    assertThat(options.ircNick()).isEqualTo("lobby");
    try (IrcMirror mirror =
        BridgeCommand.ircMirror(
            options, (from, text) -> {}, List::of,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      assertThat(mirror.client().session().nick()).isEqualTo("lobby");
      assertThat(mirror.client().session().say("", "x").get(0).param(0)).isEqualTo("&local");
    }
  }

  /** Runs the bridge with the talk port taken, so that it stops at the bind; returns its errors. */
  private static String runWithBusyPort(String... args) throws Exception {
    try (DatagramSocket busy = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(busy.getLocalPort());
      List<String> argv = new ArrayList<>(List.of(
          "bridge", "--room", "lobby", "--bind", "127.0.0.1", "--port", port));
      argv.addAll(List.of(args));
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int status =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () ->
                  Main.run(
                      argv.toArray(String[]::new),
                      new ByteArrayInputStream(new byte[0]),
                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                      new PrintStream(err, true, StandardCharsets.UTF_8)));

      assertThat(status).isEqualTo(1);
      String said = err.toString(StandardCharsets.UTF_8);
      assertThat(said).doesNotContain("usage").contains("cannot bind talkd to /127.0.0.1:" + port);
      return said;
    }
  }

  /**
   * Good values are not usage errors: the command gets as far as binding its port, which is taken
   * here, so it stops with status 1 instead of serving.
   */
  @Test
  void goodTimeoutsAreAcceptedAndTheCommandGoesOnToBind() throws Exception {
    runWithBusyPort("--idle", "86400", "--handshake-timeout", "1");
  }

  /** Good web options get as far as binding too; the web server is bound only after talkd. */
  @Test
  void goodWebOptionsAreAcceptedAndNothingServesWhenTheBindFails() throws Exception {
    String said =
        runWithBusyPort("--http", "127.0.0.1:0", "--web-callable", "bob,carol.x,d_e-f",
            "--max-visitors", "1000");

    assertThat(said).doesNotContain("web:");
  }

  @Test
  void aBadWebPortIsNamedWithItsRange() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Main.run(
            new String[] {"bridge", "--room", "lobby", "--http", "127.0.0.1:99999"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("bridge: --http: 99999 is not a port (0-65535)")
        .hasLineCount(1);
  }

  /** Good IRC options get as far as binding too; the mirror starts only once the port is bound. */
  @Test
  void goodIrcOptionsAreAcceptedAndNothingConnectsWhenTheBindFails() throws Exception {
    String said =
        runWithBusyPort("--irc", "127.0.0.1:1", "--channel", "#talk", "--nick", "Talk_Bridge",
            "--tls");

    assertThat(said).doesNotContain("irc:");
  }
}

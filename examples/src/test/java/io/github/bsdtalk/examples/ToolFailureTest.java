package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failures that are not the user's typing: one sentence on standard error, status 1, in real
 * talk's words where it has some, never an exception class name.
 */
class ToolFailureTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  private record Result(int status, String out, String err) {}

  private static Result run(Subcommand command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
    int status =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () -> command == null ? Main.run(args, in, o, e) : command.run(args, in, o, e));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final TalkCommand.ExitHooks NO_HOOKS =
      new TalkCommand.ExitHooks() {
        @Override
        public void add(Thread hook) {}

        @Override
        public void remove(Thread hook) {}
      };

  /** netkit talk/get_addrs.c: {@code fprintf(stderr, "talk: %s: ", host); herror(NULL);}. */
  @Test
  void anUnknownHostIsTalksOwnSentence() {
    Result r = run(null, "talk", "bob@nohost.invalid", "--user", "alice");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).last().isEqualTo("talk: nohost.invalid: Unknown host");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("java.");
  }

  /** Retries that make a silent daemon quick: 2 attempts of 50 ms. */
  private static final RetryPolicy QUICK =
      RetryPolicy.DEFAULT.withAttemptTimeout(Duration.ofMillis(50)).withMaxAttempts(2);

  /** A daemon that is there (the port is bound) but never answers, with quick retries. */
  @Test
  void aSilentDaemonIsOneSentenceAfterTheRetries() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {

      Result r =
          run(new TalkCommand(NO_HOOKS, QUICK), "bob", "--user", "alice",
              "--daemon-port", Integer.toString(silent.getLocalPort()));

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().lines()).last().isEqualTo(
          "[No answer from the talk daemon at 127.0.0.1:" + silent.getLocalPort()
              + " after 2 attempts]");
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("java.");
    }
  }

  /**
   * {@code --protocol auto} at a port that answers neither protocol: the fallback is shown, as a
   * status line like the others, before the usual sentence, which names the old-talk try.
   */
  @Test
  void autoShowsTheFallbackToOldTalkThenTheSilentDaemon() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {

      Result r =
          run(new TalkCommand(NO_HOOKS, QUICK), "bob", "--user", "alice", "--protocol", "auto",
              "--daemon-port", Integer.toString(silent.getLocalPort()));

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err().lines()).containsExactly(
          "[Checking for invitation on caller's machine]",
          "[No ntalk daemon answered on your party's machine: using old talk]",
          "[No answer from the talk daemon at 127.0.0.1:" + silent.getLocalPort()
              + " after 2 attempts]");
    }
  }

  /** Old talk cannot carry a 9-byte name: one sentence, and not one datagram sent. */
  @Test
  void otalkRefusesALongNameBeforeSendingAnything() throws Exception {
    try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Result r =
          run(new TalkCommand(NO_HOOKS), "bob", "--user", "alexandra", "--protocol", "otalk",
              "--daemon-port", Integer.toString(daemon.getLocalPort()));

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err().lines()).last().isEqualTo(
          "talk: old talk carries login names of at most 8 bytes; \"alexandra\" has 9");
      daemon.setSoTimeout(1);
      assertThatThrownBy(() -> daemon.receive(new java.net.DatagramPacket(new byte[100], 100)))
          .isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  @Test
  void aPortInUseIsOneSentence() throws Exception {
    try (DatagramSocket busy = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(busy.getLocalPort());

      Result r = run(null, "bridge", "--room", "lobby", "--bind", "127.0.0.1", "--port", port);

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err().lines()).singleElement().asString()
          .startsWith("bridge: cannot bind talkd to /127.0.0.1:" + port + ": ")
          .doesNotContain("Exception")
          .doesNotContain("java.");
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new UnknownHostException("nohost.invalid: Name or service not known"),
            "nohost.invalid: Unknown host"),
        Arguments.of(new UnknownHostException("nohost.invalid"), "nohost.invalid: Unknown host"),
        Arguments.of(new AccessDeniedException("/dev/pts/3"), "/dev/pts/3: Permission denied"),
        Arguments.of(new NoSuchFileException("/var/run/utmp"),
            "/var/run/utmp: No such file or directory"),
        Arguments.of(new UncheckedIOException(new AccessDeniedException("/var/run/utmp")),
            "/var/run/utmp: Permission denied"),
        Arguments.of(new BindException("Address already in use"), "Address already in use"),
        Arguments.of(new IOException("cannot bind talkd to /0.0.0.0:518: Permission denied"),
            "cannot bind talkd to /0.0.0.0:518: Permission denied"),
        Arguments.of(new IOException(), "input/output error"),
        Arguments.of(new NullPointerException(), "internal error"),
        Arguments.of(new IllegalStateException("first line\nsecond line"), "first line"),
        Arguments.of(new RuntimeException(new IOException("disk full")), "disk full"),
        Arguments.of(new IOException("cannot stat it: java.nio.file.NoSuchFileException: /x"),
            "cannot stat it: /x"),
        Arguments.of(new ExecutionException(new UnknownHostException("far.invalid")),
            "far.invalid: Unknown host"),
        Arguments.of(new RuntimeException(new NullPointerException()), "internal error"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void eachFailureIsOneSentenceWithoutItsClassName(Throwable failure, String sentence) {
    assertThat(Main.failure(failure)).isEqualTo(sentence);
  }
}

package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.DaemonClient;
import io.github.bsdtalk.examples.session.Svg;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TraceCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern RELAYING =
      Pattern.compile("trace: relaying (127\\.0\\.0\\.1):(\\d+) <-> 127\\.0\\.0\\.1:(\\d+)");

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A daemon on 127.0.0.1 that rings nobody, serving in the background. */
  private static TalkdServer refusingDaemon() throws Exception {
    TalkdServer talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(Announcer.refuseAll())
            .build();
    Background.start("talkd", talkd::serve);
    return talkd;
  }

  /** {@code trace --listen 0 --daemon DAEMON --count 2 EXTRA...}, running in the background. */
  private static Future<Integer> startTrace(
      String daemon, ByteArrayOutputStream out, LineQueue err, String... extra) {
    List<String> args = new ArrayList<>(
        List.of("trace", "--listen", "0", "--daemon", daemon, "--count", "2"));
    args.addAll(List.of(extra));
    return Background.start(
        "trace",
        () ->
            Main.run(
                args.toArray(String[]::new),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                err.printStream()));
  }

  /** The relay's address, from its first line on standard error. */
  private static InetSocketAddress relayAddress(LineQueue err, TalkdServer talkd)
      throws Exception {
    Matcher relaying = RELAYING.matcher(err.nextLine(WAIT));
    assertThat(relaying.matches()).isTrue();
    assertThat(relaying.group(3)).isEqualTo(String.valueOf(talkd.localAddress().getPort()));
    return new InetSocketAddress(relaying.group(1), Integer.parseInt(relaying.group(2)));
  }

  @Test
  void relaysAndPrintsALookUpAndItsReplyThenStopsAfterCount() throws Exception {
    try (TalkdServer talkd = refusingDaemon()) {
      String daemon = TraceRelay.text(talkd.localAddress());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LineQueue err = new LineQueue();
      Future<Integer> status = startTrace(daemon, out, err);
      InetSocketAddress relay = relayAddress(err, talkd);

      CtlResponse reply;
      try (DaemonClient client = DaemonClient.connect(relay)) {
        reply =
            client.transact(CtlMessage.of(
                    RequestType.LOOK_UP,
                    0,
                    TalkAddress.ANY,
                    TalkAddress.of(client.localAddress()),
                    4242,
                    "alice",
                    "bob",
                    ""));
      }

      assertThat(reply.knownAnswer()).contains(Answer.NOT_HERE);
      assertThat(status.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .containsSubsequence(
              " -> daemon " + daemon + "  CTL_MSG 84 bytes",
              "LOOK_UP (1)",
              "daemon " + daemon + " -> ",
              "CTL_RESPONSE 24 bytes",
              "NOT_HERE (1)");
    }
  }

  @Test
  void diagramIsRewrittenAfterEveryDatagram(@TempDir Path dir) throws Exception {
    Path svg = dir.resolve("trace.svg");
    try (TalkdServer talkd = refusingDaemon()) {
      String daemon = TraceRelay.text(talkd.localAddress());
      LineQueue err = new LineQueue();
      Future<Integer> status =
          startTrace(daemon, new ByteArrayOutputStream(), err, "--diagram", svg.toString());
      InetSocketAddress relay = relayAddress(err, talkd);

      try (DaemonClient client = DaemonClient.connect(relay)) {
        client.transact(CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
            TalkAddress.of(client.localAddress()), 4242, "alice", "bob", ""));
      }
      assertThat(status.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
    }

    Document d = Svg.parse(Files.readString(svg));
    assertThat(Svg.find(d, "text", "lane-label")).extracting(Element::getTextContent)
        .containsExactly("alice's talk", "bob's daemon");
    assertThat(Svg.find(d, "text", "label")).extracting(Element::getTextContent)
        .containsExactly("LOOK_UP id 0", "LOOK_UP: NOT_HERE, id 0");
  }

  @Test
  void withoutArgumentsPrintsUsageAndExits2() {
    Result r = run("trace");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("trace: ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--listen 0", // no daemon
        "--daemon 127.0.0.1:518", // no listen port
        "--listen 0 --daemon 518", // daemon without host
        "--listen 0 --daemon 127.0.0.1:x",
        "--listen 0 --daemon 127.0.0.1:518 --count many",
        "--listen 0 --daemon 127.0.0.1:518 --count -1",
        "--listen 0 --daemon", // option without its value
        "--listen 0 --daemon 127.0.0.1:518 --verbose"
      })
  void badUsageExits2WithoutRelaying(String args) {
    String[] argv = ("trace " + args).split(" ");

    // a hang guard: were a case accepted, the relay would run on 127.0.0.1 until stopped
    Result r = assertTimeoutPreemptively(WAIT, () -> run(argv));

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("trace: ").doesNotContain("relaying");
  }
}

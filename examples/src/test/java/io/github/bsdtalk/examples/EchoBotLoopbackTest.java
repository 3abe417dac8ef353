package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's endpoint example, {@link EchoBot}, called by our own client on loopback. */
class EchoBotLoopbackTest {

  /** A hang guard only: each test takes well under a second. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private TalkEndpoint bot;
  private TalkdServer talkd;

  @BeforeEach
  void start() throws IOException {
    // what EchoBot.main does, on port 0
    bot = TalkEndpoint.builder().acceptor(EchoBot.answering("echo")).build();
    talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(bot.announcer(a -> Answer.NOT_HERE))
            .build();
    bot.start();
    Background.start("talkd", talkd::serve);
  }

  @AfterEach
  void stop() throws IOException {
    talkd.close();
    bot.close();
  }

  private CallResult call(String callee) throws IOException {
    try (TalkCall call =
        TalkClient.newBuilder()
            .daemonPort(talkd.localAddress().getPort())
            .answerTimeout(Duration.ofSeconds(20))
            .build()
            .newCall("alice", TalkPeer.parse(callee))) {
      return call.execute();
    }
  }

  @Test
  void greetsTheCallerAndEchoesEachFinishedLineInCapitals() {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          CallResult result = call("echo");
          assertThat(result.connected()).as(result.message()).isTrue();
          try (Conversation talk = result.conversation().orElseThrow()) {
            LineReader lines = talk.lines();
            assertThat(lines.readLine()).contains("hello alice@127.0.0.1, I echo what you type");
            // typed with a mistake and DEL, as a terminal sends it: the bot sees the finished line
            talk.send("hi thx\u007f\u007fhere\n");
            assertThat(lines.readLine()).contains("HI THERE");
          }
        });
  }

  @Test
  void callsToOtherNamesAreNotAnswered() {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          CallResult result = call("bob");
          assertThat(result.connected()).isFalse();
          assertThat(result.answer()).contains(Answer.NOT_HERE);
          assertThat(bot.size()).isZero();
        });
  }
}

package io.github.bsdtalk.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint behind a real daemon on 127.0.0.1: our own talk client calls a name the endpoint
 * answers, over real UDP and TCP, and the endpoint places a call through {@link Dialer#of} that
 * the same endpoint answers.
 */
class TalkEndpointLoopbackTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private final Recorder recorder =
      new Recorder() {
        @Override
        public void line(TalkConversation c, String line) {
          super.line(c, line);
          if (c.direction() == Direction.ANSWERED) {
            c.sendLine("echo: " + line);
          }
        }
      };
  private TalkdServer talkd;
  private TalkEndpoint endpoint;
  private TalkClient client;

  @BeforeEach
  void open() throws IOException {
    String echo = TalkText.toWire("échO");
    endpoint =
        TalkEndpoint.builder()
            .acceptor(c -> c.calleeName().equals(echo) ? Optional.of(recorder) : Optional.empty())
            // the client needs the daemon's port, the daemon the endpoint's announcer
            .dialer((user, peer) -> Dialer.of(client).newCall(user, peer))
            .build();
    talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(endpoint.announcer(a -> Answer.NOT_HERE))
            .build();
    client =
        TalkClient.newBuilder()
            .daemonPort(talkd.localAddress().getPort())
            .answerTimeout(Duration.ofSeconds(20))
            .build();
    endpoint.start();
    Thread serving = new Thread(this::serve, "talkd");
    serving.setDaemon(true);
    serving.start();
  }

  private void serve() {
    try {
      talkd.serve();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() throws IOException {
    endpoint.close();
    talkd.close();
  }

  @Test
  void aRealTalkCallIsAnsweredByTheEndpoint() {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          try (TalkCall call = client.newCall("alice", TalkPeer.parse("échO"))) {
            CallResult result = call.execute();
            assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
            try (Conversation c = result.conversation().orElseThrow()) {
              assertThat(recorder.next()).isEqualTo("connected alice@127.0.0.1");
              LineReader lines = c.lines(false);
              c.send("hellp\u007fo\n");
              assertThat(lines.readLine()).contains("echo: hello");
              TalkConversation answered = recorder.conversations.get(0);
              assertThat(answered.peerAddress()).isPresent();
              assertThat(answered.localName()).isEqualTo(TalkText.toWire("échO"));
            }
            assertThat(recorder.nextStartingWith("closed")).isEqualTo("closed alice PEER_HUNG_UP");
          }
        });
  }

  @Test
  void aCallPlacedThroughTheClientIsAnsweredByTheSameEndpoint() {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          ConversationListener placedSide = recorder;
          PlacedCall call = endpoint.call("robot", TalkPeer.parse("échO"), placedSide);

          // both ends are this endpoint's: the answered one and the placed one
          String first = recorder.nextStartingWith("connected");
          String second = recorder.nextStartingWith("connected");
          assertThat(first + " " + second).contains("connected robot@127.0.0.1");
          TalkConversation placed = call.conversation().orElseThrow();
          assertThat(placed.direction()).isEqualTo(Direction.PLACED);
          assertThat(placed.peer()).isEqualTo("échO@127.0.0.1");
          assertThat(endpoint.size()).isEqualTo(2);

          placed.sendLine("ping");
          assertThat(recorder.nextStartingWith("line échO")).isEqualTo("line échO echo: ping");
          // hanging up one end is the other's peer hanging up; which is told first is a race
          placed.close();
          assertThat(List.of(recorder.nextStartingWith("closed"), recorder.nextStartingWith("closed")))
              .containsExactlyInAnyOrder("closed échO CLOSED_LOCALLY", "closed robot PEER_HUNG_UP");
          assertThat(call.isDone()).isTrue();
        });
  }
}

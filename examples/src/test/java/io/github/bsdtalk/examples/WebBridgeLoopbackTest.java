package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.endpoint.Dialer;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.examples.web.EventStream;
import io.github.bsdtalk.examples.web.Json;
import io.github.bsdtalk.examples.web.WebBridge;
import io.github.bsdtalk.examples.web.WebServer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.server.Announcement;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The web bridge as {@code bridge --http} wires it, on loopback: a real daemon and chat room, our
 * own talk client as a member, a visitor over HTTP, and a call from the web answered by a talk
 * client as bob. No timing asserts: the keystrokes' latency is measured in the browser suite.
 */
class WebBridgeLoopbackTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private final LineQueue log = new LineQueue();
  private final HttpClient http = HttpClient.newHttpClient();
  private final CompletableFuture<Conversation> bob = new CompletableFuture<>();
  private final AtomicReference<Announcement> rang = new AtomicReference<>();
  private TalkdServer talkd;
  private ChatRoom room;
  private TalkEndpoint calls;
  private WebServer server;
  private URI base;
  private Conversation alice;

  @BeforeEach
  void open() throws IOException {
    BridgeCommand options = new BridgeCommand();
    new CommandLine(options)
        .parseArgs("--room", "lobby", "--http", "127.0.0.1:0", "--web-callable", "bob");
    options.streams(InputStream.nullInputStream(), log.printStream(), log.printStream());
    AtomicReference<ChatRoom> toRoom = new AtomicReference<>();
    AtomicReference<Integer> port = new AtomicReference<>();
    calls =
        TalkEndpoint.builder()
            .dialer((user, peer) ->
                Dialer.of(TalkClient.newBuilder().daemonPort(port.get()).build())
                    .newCall(user, peer))
            .build();
    WebBridge web = options.webBridge(toRoom, calls);
    room = new ChatRoom("lobby", log.printStream(), TalkEndpoint.builder(), web);
    toRoom.set(room);
    talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(room.announcer(this::bobAnswers))
            .build();
    port.set(talkd.localAddress().getPort());
    room.start();
    calls.start();
    Background.start("talkd", talkd::serve);
    server =
        WebServer.create(new InetSocketAddress("127.0.0.1", 0), web, 4,
            WebServer.DEFAULT_KEEP_ALIVE, log.printStream());
    server.start();
    base = server.uri();
  }

  /**
   * bob's terminal "rings": he answers as his talk would once its LOOK_UP finds the invitation,
   * by connecting to the caller's rendezvous address and exchanging edit characters, on a thread
   * of his own (the daemon waits for this answer). Not a second call: the caller announces before
   * it leaves its invitation (as BSD talk's invite.c does), so an immediate LOOK_UP could miss it.
   */
  private Answer bobAnswers(Announcement a) {
    if (!a.calleeName().equals("bob")) {
      return Answer.NOT_HERE;
    }
    rang.set(a);
    Background.start("bob", () -> {
      Socket s = new Socket();
      try {
        s.connect(a.callerAddress().toSocketAddress(), 10_000);
        bob.complete(Conversation.start(s, EditChars.DEFAULT, Duration.ofSeconds(10)));
      } catch (IOException | RuntimeException e) {
        s.close();
        bob.completeExceptionally(e);
      }
      return null;
    });
    return Answer.SUCCESS;
  }

  @AfterEach
  void close() throws IOException {
    if (alice != null) {
      alice.close();
    }
    if (bob.isDone() && !bob.isCompletedExceptionally()) {
      bob.join().close();
    }
    server.close();
    talkd.close();
    calls.close();
    room.close();
  }

  private Json.Fields post(String path, Map<String, ?> body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(Json.encode(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return Json.decode(r.body());
  }

  private String join(String name) throws Exception {
    return post("/api/join", Map.of("name", name)).string("session").orElseThrow();
  }

  @Test
  void aVisitorAndATalkMemberHearEachOther() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      try (TalkCall call =
          TalkClient.newBuilder().daemonPort(talkd.localAddress().getPort()).pid(1001).build()
              .newCall("alice", TalkPeer.local("lobby"))) {
        alice = call.execute().conversation().orElseThrow();
      }
      LineReader lines = alice.lines(false);
      assertThat(lines.readLine().orElseThrow()).startsWith("*** welcome to lobby");

      String ann = join("ann");
      assertThat(lines.readLine()).contains("*** web:ann joined");
      try (EventStream events = new EventStream(http, base, ann)) {
        events.awaitLine("*** web:ann joined");
        assertThat(events.nextFields("members").asMap())
            .containsEntry("members", java.util.List.of("alice@127.0.0.1", "web:ann"));

        post("/api/say", Map.of("session", ann, "text", "hi \u001b[2Jalice <script>"));
        assertThat(lines.readLine()).contains("web:ann: hi alice <script>");
        events.awaitLine("web:ann: hi alice <script>");

        alice.send("hello ann\n");
        events.awaitLine("alice@127.0.0.1: hello ann");

        // a line from the IRC mirror reaches the page too
        room.post("ircnick", "from irc");
        events.awaitLine("ircnick: from irc");
        assertThat(lines.readLine()).contains("ircnick: from irc");
      }
      assertThat(room.members()).containsExactly("alice@127.0.0.1", "web:ann");
    });
  }

  @Test
  void aCallFromTheWebRingsBobAndCarriesKeysBothWays() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      String ann = join("ann");
      try (EventStream events = new EventStream(http, base, ann)) {
        post("/api/call", Map.of("session", ann, "user", "bob"));
        assertThat(events.nextFields("call").string("text")).contains("ringing bob");
        Conversation b = bob.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(rang.get().callerName()).isEqualTo("web:ann");

        assertThat(events.nextFields("editchars").asMap())
            .containsEntry("erase", 127L).containsEntry("kill", 21L).containsEntry("werase", 23L);
        Json.Fields connected = events.nextFields("call");
        assertThat(connected.string("state")).contains("connected");
        assertThat(connected.string("text")).contains("connected to bob");

        // the visitor's keys go to bob raw, edit characters and all, escape sequences not
        post("/api/keys", Map.of("session", ann, "text", "hx\u007fi\u001b[A\n"));
        byte[] got = b.input().readNBytes(5);
        assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("hx\u007fi\n");

        // bob's keys reach the page decoded, a character split across writes made whole
        byte[] e = "\u00e9".getBytes(StandardCharsets.UTF_8);
        b.output().write(new byte[] {'y', 'o', ' ', e[0]});
        b.output().flush();
        b.output().write(new byte[] {e[1], 0x7F, 0x1B, '[', 'A', 0x07, '!'});
        b.output().flush();
        StringBuilder keys = new StringBuilder();
        while (keys.length() < 6) {
          keys.append(events.nextFields("keys").string("text").orElseThrow());
        }
        assertThat(keys.toString()).isEqualTo("yo \u00e9\u007f!");

        b.close();
        Json.Fields ended = events.nextFields("call");
        assertThat(ended.string("state")).contains("ended");
        assertThat(ended.string("text")).contains("bob hung up");
      }
      log.awaitText("web: web:ann calls bob", HANG_GUARD);
    });
  }
}

package io.github.bsdtalk.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.irc.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP shell against itself on 127.0.0.1 port 0, over a fake room that reports each visitor's
 * doings back to the bridge as the chat room does.
 */
class WebServerTest {

  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final List<String> roomSaw = new CopyOnWriteArrayList<>();
  private final List<String> members = new CopyOnWriteArrayList<>(List.of("alice@127.0.0.1"));
  private final HttpClient http = HttpClient.newHttpClient();
  private WebBridge bridge;
  private WebServer server;
  private URI base;

  /** The chat room as the bridge sees it: what the room would do, at once. */
  private final class FakeRoom implements WebRoom {
    @Override
    public void visitorJoined(String visitor) {
      roomSaw.add("joined " + visitor);
      members.add(visitor);
      bridge.joined(visitor);
    }

    @Override
    public void visitorLine(String visitor, String text) {
      roomSaw.add("line " + visitor + ": " + text);
      bridge.line(visitor, text);
    }

    @Override
    public void visitorLeft(String visitor) {
      roomSaw.add("left " + visitor);
      members.remove(visitor);
      bridge.left(visitor, "");
    }

    @Override
    public List<String> members() {
      return List.copyOf(members);
    }
  }

  @BeforeEach
  void start() throws IOException {
    Visitors visitors =
        new Visitors(2, Visitors.DEFAULT_UNSEEN_LIMIT, RateLimits.DEFAULTS, clock,
            new SecureRandom());
    bridge =
        new WebBridge(visitors, new FakeRoom(), Set.of("bob"),
            (user, peer, listener) -> {
              throw new IllegalStateException("no calls in this test");
            },
            log);
    server =
        WebServer.create(new InetSocketAddress("127.0.0.1", 0), bridge, 2, Duration.ofMillis(50),
            log);
    server.start();
    base = server.uri();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, ?> body)
      throws IOException, InterruptedException {
    return post(path, Json.encode(body));
  }

  private String join(String name) throws Exception {
    HttpResponse<String> r = post("/api/join", Map.of("name", name));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Json.Fields f = Json.decode(r.body());
    assertThat(f.string("name")).contains("web:" + name);
    return f.string("session").orElseThrow();
  }

  private static String error(HttpResponse<String> r) throws JsonException {
    return Json.decode(r.body()).string("error").orElseThrow();
  }

  @Test
  void servesThePageAndItsFilesFromTheJar() throws Exception {
    HttpResponse<String> page =
        http.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'");
    assertThat(page.body())
        .contains("id=\"name\"", "id=\"join\"", "id=\"message\"", "id=\"log\"", "id=\"members\"",
            "id=\"call-user\"", "id=\"call\"", "id=\"call-status\"", "id=\"split\"",
            "id=\"mine\"", "id=\"theirs\"", "id=\"keys\"", "id=\"hangup\"", "id=\"status\"")
        .doesNotContain("http://", "https://"); // nothing from elsewhere: works offline
    for (String file : List.of("/app.js", "/style.css")) {
      HttpResponse<String> r =
          http.send(HttpRequest.newBuilder(base.resolve(file)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isNotEmpty().doesNotContain("innerHTML");
    }
    assertThat(http.send(HttpRequest.newBuilder(base.resolve("/etc/passwd")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
  }

  @Test
  void aVisitorJoinsSaysALineAndHisStreamCarriesTheRoom() throws Exception {
    String session = join("ann");
    try (EventStream events = new EventStream(http, base, session)) {
      assertThat(events.status()).isEqualTo(200);
      assertThat(events.nextFields("line").string("text")).contains("*** web:ann joined");
      assertThat(events.nextFields("members").asMap())
          .containsEntry("members", List.of("alice@127.0.0.1", "web:ann"));

      HttpResponse<String> said =
          post("/api/say", Map.of("session", session, "text", "hi <b>\u001b[31mthere\u0007"));
      assertThat(said.statusCode()).isEqualTo(200);
      assertThat(said.body()).isEqualTo("{}");
      assertThat(roomSaw).contains("line web:ann: hi <b>there");
      assertThat(events.nextFields("line").string("text")).contains("web:ann: hi <b>there");

      bridge.line("alice@127.0.0.1", "hello");
      assertThat(events.nextFields("line").string("text")).contains("alice@127.0.0.1: hello");
      bridge.posted("ircnick", "from irc");
      assertThat(events.nextFields("line").string("text")).contains("ircnick: from irc");
      assertThat(events.next(":").data()).startsWith(": keep-alive");
    }
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("web: serving " + base + "\n", "web: web:ann joined\n");
  }

  @Test
  void badNamesAreRefused400AndTakenNames409() throws Exception {
    for (String name : List.of("", "toolongname", "a b", "<img>")) {
      HttpResponse<String> r = post("/api/join", Map.of("name", name));
      assertThat(r.statusCode()).as(name).isEqualTo(400);
      assertThat(error(r)).startsWith("a name ");
    }
    join("ann");
    assertThat(post("/api/join", Map.of("name", "ann")).statusCode()).isEqualTo(409);
  }

  @Test
  void theCapIs503() throws Exception {
    join("a");
    join("b");

    HttpResponse<String> r = post("/api/join", Map.of("name", "c"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(error(r)).contains("2 web visitors");
  }

  @Test
  void tooManyLinesAre429WithRetryAfterAndNotSaid() throws Exception {
    String session = join("ann");
    for (int i = 0; i < 5; i++) {
      assertThat(post("/api/say", Map.of("session", session, "text", "l" + i)).statusCode())
          .isEqualTo(200);
    }

    HttpResponse<String> r = post("/api/say", Map.of("session", session, "text", "one more"));
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(error(r)).isEqualTo("too many lines: try again in 1 s");
    assertThat(roomSaw).doesNotContain("line web:ann: one more");
    clock.advance(Duration.ofSeconds(1));
    assertThat(post("/api/say", Map.of("session", session, "text", "one more")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void callingAnUnlistedUserIs403AndLogged() throws Exception {
    String session = join("ann");

    HttpResponse<String> r = post("/api/call", Map.of("session", session, "user", "carol"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(error(r)).isEqualTo("carol cannot be called from the web");
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("web: web:ann refused: carol is not callable from the web\n")
        .doesNotContain("calls carol");
  }

  @Test
  void keysWithoutACallAre409AndUnknownSessions401() throws Exception {
    String session = join("ann");

    assertThat(post("/api/keys", Map.of("session", session, "text", "x")).statusCode())
        .isEqualTo(409);
    assertThat(post("/api/say", Map.of("session", "forged", "text", "x")).statusCode())
        .isEqualTo(401);
    assertThat(new EventStream(http, base, "forged").status()).isEqualTo(401);
    assertThat(post("/api/hangup", Map.of("session", session)).statusCode()).isEqualTo(200);
  }

  @Test
  void badJsonAndMissingFieldsAre400() throws Exception {
    for (String body : List.of("", "{", "[\"name\"]", "{\"name\":{}}", "{\"name\":7}",
        "{\"nom\":\"ann\"}")) {
      HttpResponse<String> r = post("/api/join", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(error(r)).isNotEmpty();
    }
  }

  @Test
  void aHugeBodyIs413AndWrongMethods405() throws Exception {
    HttpResponse<String> r =
        post("/api/say", "{\"text\":\"" + "x".repeat(WebServer.MAX_BODY) + "\"}");
    assertThat(r.statusCode()).isEqualTo(413);

    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(base.resolve("/api/join")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void aVisitorWhoseStreamIsGoneIsDroppedAndLeavesTheRoom() throws Exception {
    String session = join("ann");
    String bob = join("bob");
    try (EventStream bobs = new EventStream(http, base, bob)) {
      clock.advance(Visitors.DEFAULT_UNSEEN_LIMIT);
      // ann never opened a stream; bob's is open
      bridge.dropUnseen();

      bobs.awaitLine("*** web:ann left");
      assertThat(roomSaw).contains("left web:ann").doesNotContain("left web:bob");
      assertThat(post("/api/say", Map.of("session", session, "text", "x")).statusCode())
          .isEqualTo(401);
      assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("web: web:ann left\n");
    }
  }

  @Test
  void aPageThatSaysItIsGoingLeavesAtOnce() throws Exception {
    String session = join("ann");
    String bob = join("bob");
    try (EventStream bobs = new EventStream(http, base, bob)) {
      // what the page's pagehide beacon sends: no clock moved, no sweep
      assertThat(post("/api/leave", Map.of("session", session)).statusCode()).isEqualTo(200);

      bobs.awaitLine("*** web:ann left");
      assertThat(roomSaw).contains("left web:ann").doesNotContain("left web:bob");
      assertThat(post("/api/say", Map.of("session", session, "text", "x")).statusCode())
          .isEqualTo(401);
      // a beacon that comes after the sweep is no error
      assertThat(post("/api/leave", Map.of("session", session)).statusCode()).isEqualTo(200);
      assertThat(logBytes.toString(StandardCharsets.UTF_8)).containsOnlyOnce("web: web:ann left\n");
    }
  }

  @Test
  void postsThatABrowserMarksAsFromAnotherSiteAre403() throws Exception {
    for (String site : List.of("cross-site", "same-site")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/join"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ann\"}"))
                  .header("Sec-Fetch-Site", site)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(site).isEqualTo(403);
    }
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain("joined");

    HttpResponse<String> own =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/join"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ann\"}"))
                .header("Sec-Fetch-Site", "same-origin")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(own.statusCode()).isEqualTo(200);
  }
}

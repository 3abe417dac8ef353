package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.irc.IrcSession.ChannelLine;
import io.github.bsdtalk.examples.irc.IrcSession.Event;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a scripted server on 127.0.0.1: registration, nicks, PING, reconnects, TLS. */
@Timeout(60)
class IrcClientTest {

  private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200));

  private final LogLines log = new LogLines();
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private FakeIrcServer server;
  private IrcClient client;

  private IrcClient.Builder builder(int port) {
    return IrcClient.builder("127.0.0.1", port, "lobby", "#talk")
        .backoff(QUICK)
        .pacing(100, Duration.ofMillis(1))
        .log(log.stream())
        .events(events::add);
  }

  /** Starts a plain server and a client of it, and registers and joins on the first connection. */
  private FakeIrcServer.Connection joined(UnaryOperator<IrcClient.Builder> more)
      throws Exception {
    server = FakeIrcServer.start();
    client = more.apply(builder(server.port())).build();
    client.start();
    FakeIrcServer.Connection c = server.accept();
    c.register("lobby", "#talk");
    return c;
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void registersJoinsAndSaysLabelledLines() throws Exception {
    server = FakeIrcServer.start();
    client = builder(server.port()).build();
    client.start();

    FakeIrcServer.Connection c = server.accept();
    assertThat(c.next()).isEqualTo("NICK lobby");
    assertThat(c.next()).isEqualTo("USER talk 0 * :bsdtalk bridge");
    c.send(":fake.server 001 lobby :Welcome");
    assertThat(c.next()).isEqualTo("JOIN #talk");
    c.send(":lobby!~talk@127.0.0.1 JOIN :#talk");

    log.await("irc: connected to 127.0.0.1:" + server.port());
    log.await("irc: registered as lobby");
    log.await("irc: joined #talk");
    client.say("<alice@10.0.0.1> ", "hello\r\nQUIT :injected");
    assertThat(c.next()).isEqualTo("PRIVMSG #talk :<alice@10.0.0.1> helloQUIT :injected");
  }

  @Test
  void linesSaidBeforeTheJoinWaitForIt() throws Exception {
    server = FakeIrcServer.start();
    client = builder(server.port()).build();
    client.say("<alice@h> ", "early");
    client.start();

    FakeIrcServer.Connection c = server.accept();
    c.register("lobby", "#talk");

    assertThat(c.next()).isEqualTo("PRIVMSG #talk :<alice@h> early");
  }

  @Test
  void aTakenNickIsRetriedWithAnUnderscore() throws Exception {
    server = FakeIrcServer.start();
    client = builder(server.port()).build();
    client.start();

    FakeIrcServer.Connection c = server.accept();
    assertThat(c.next()).isEqualTo("NICK lobby");
    c.send(":fake.server 433 * lobby :Nickname already in use");
    assertThat(c.next()).startsWith("USER ");
    assertThat(c.next()).isEqualTo("NICK lobby_");
    c.send(":fake.server 001 lobby_ :Welcome");

    log.await("irc: nick lobby refused (433), trying lobby_");
    log.await("irc: registered as lobby_");
    assertThat(c.next()).isEqualTo("JOIN #talk");
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    FakeIrcServer.Connection c = joined(b -> b);

    c.send("PING :fake.server-12345");

    assertThat(c.next()).isEqualTo("PONG fake.server-12345");
  }

  @Test
  void channelLinesOfOthersAreEventsAndHostileTextIsStripped() throws Exception {
    FakeIrcServer.Connection c = joined(b -> b);

    c.send(":bob!b@h PRIVMSG #talk :\u0001VERSION\u0001");
    c.send(":bob!b@h PRIVMSG #talk :\u001b]0;owned\u0007\u00034,5hi\u0003 \u0007there");

    assertThat(nextChannelLine()).isEqualTo(new ChannelLine("bob", "hi there"));
  }

  @Test
  void aRoomThatFailsToTakeALineDoesNotEndTheConnection() throws Exception {
    FakeIrcServer.Connection c =
        joined(
            b ->
                b.events(
                    e -> {
                      if (e instanceof ChannelLine) {
                        throw new IllegalStateException("room gone");
                      }
                    }));

    c.send(":bob!b@h PRIVMSG #talk :hello");
    c.send("PING :still-there");

    assertThat(c.next()).isEqualTo("PONG still-there");
    log.await("irc: relaying to the room failed: room gone");
  }

  @Test
  void whenTheServerClosesTheClientReconnectsAndJoinsAgain() throws Exception {
    FakeIrcServer.Connection first = joined(b -> b);
    log.await("irc: joined #talk");

    first.send("ERROR :Closing connection: server going down");
    first.close();

    log.await("irc: server says: Closing connection: server going down");
    log.await("irc: disconnected: Closing connection: server going down");
    log.await("irc: reconnecting in 50 ms");
    client.say("<alice@h> ", "during the outage");
    FakeIrcServer.Connection second = server.accept();
    second.register("lobby", "#talk");
    assertThat(second.next()).isEqualTo("PRIVMSG #talk :<alice@h> during the outage");
    assertThat(log.lines().stream().filter(l -> l.equals("irc: joined #talk"))).hasSize(2);
  }

  @Test
  void theBackoffStartsAgainAfterARegistrationHoweverTheConnectionEnds() throws Exception {
    server = FakeIrcServer.start();
    client = builder(server.port()).build();
    client.start();
    server.accept().close(); // before registering: a failure
    log.await("irc: reconnecting in 50 ms");
    server.accept().close();
    log.await("irc: reconnecting in 100 ms");

    FakeIrcServer.Connection c = server.accept();
    c.register("lobby", "#talk");
    log.await("irc: joined #talk");
    c.reset();
    log.await("irc: reconnecting in 50 ms", 2);

    server.accept().close();
    log.await("irc: reconnecting in 100 ms", 2);
    assertThat(log.lines().stream().filter(l -> l.startsWith("irc: reconnecting in ")))
        .containsExactly(
            "irc: reconnecting in 50 ms",
            "irc: reconnecting in 100 ms",
            "irc: reconnecting in 50 ms",
            "irc: reconnecting in 100 ms");
  }

  @Test
  void aSilentServerIsPingedThenGivenUp() throws Exception {
    FakeIrcServer.Connection c =
        joined(b -> b.pingAfter(Duration.ofMillis(300)).deadAfter(Duration.ofMillis(300)));

    assertThat(c.next()).isEqualTo("PING bsdtalk");
    c.awaitClosed();

    log.await("irc: disconnected: no reply from the server for 600 ms");
    server.accept().register("lobby", "#talk");
  }

  @Test
  void aServerThatIsDownIsRetriedWithBackoff() throws Exception {
    int port;
    try (FakeIrcServer gone = FakeIrcServer.start()) {
      port = gone.port();
    }
    client = builder(port).build();
    client.start();

    log.awaitStart("irc: disconnected: cannot connect to 127.0.0.1:" + port + ": ");
    log.await("irc: reconnecting in 50 ms");
    log.await("irc: reconnecting in 100 ms");
    log.await("irc: reconnecting in 200 ms");
  }

  @Test
  void tlsWithAServerCertificateForThisAddress() throws Exception {
    startTls("localhost.p12");

    server.accept().register("lobby", "#talk");

    log.await("irc: connected to 127.0.0.1:" + server.port() + " (TLS)");
    log.await("irc: joined #talk");
  }

  @Test
  void tlsRefusesATrustedCertificateForAnotherName() throws Exception {
    startTls("other-name.p12");

    log.awaitStart(
        "irc: disconnected: cannot connect to 127.0.0.1:" + server.port()
            + ": the server's TLS certificate is not trusted (");
    assertThat(log.lines()).noneMatch(l -> l.startsWith("irc: connected"));
  }

  @Test
  void closeEndsTheConnection() throws Exception {
    FakeIrcServer.Connection c = joined(b -> b);

    client.close();

    c.awaitClosed();
    assertThat(log.lines()).noneMatch(l -> l.startsWith("irc: reconnecting"));
  }

  /** A TLS server with the certificate in {@code keystore}, and a client trusting just that. */
  private void startTls(String keystore) throws Exception {
    server = FakeIrcServer.startTls(keystore);
    client =
        builder(server.port()).tls(true).sslContext(FakeIrcServer.trusting(keystore)).build();
    client.start();
  }

  private ChannelLine nextChannelLine() throws InterruptedException {
    while (true) {
      Event e = events.poll(FakeIrcServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (e == null) {
        throw new AssertionError("no channel line within " + FakeIrcServer.WAIT);
      }
      if (e instanceof ChannelLine) {
        return (ChannelLine) e;
      }
    }
  }
}

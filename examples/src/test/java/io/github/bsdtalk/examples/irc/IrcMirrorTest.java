package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mirror between a room (a fake post and member list) and a scripted IRC server. */
@Timeout(60)
class IrcMirrorTest {

  private final LogLines log = new LogLines();
  private final LinkedBlockingQueue<String> posted = new LinkedBlockingQueue<>();
  private final List<String> members = new CopyOnWriteArrayList<>();
  private FakeIrcServer server;
  private IrcMirror mirror;
  private FakeIrcServer.Connection irc;

  @BeforeEach
  void joinTheChannel() throws Exception {
    server = FakeIrcServer.start();
    mirror =
        IrcMirror.create(
            IrcClient.builder("127.0.0.1", server.port(), "lobby", "#talk")
                .pacing(100, Duration.ofMillis(1))
                .log(log.stream()),
            (from, text) -> posted.add(from + ": " + text),
            () -> List.copyOf(members));
    mirror.start();
    irc = server.accept();
    irc.register("lobby", "#talk");
    log.await("irc: joined #talk");
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    server.close();
  }

  @Test
  void roomEventsBecomeChannelLines() throws Exception {
    mirror.joined("alice@10.0.0.1");
    mirror.line("alice@10.0.0.1", "hello, IRC");
    mirror.left("bob@10.0.0.2", " (idle)");

    assertThat(irc.next()).isEqualTo("PRIVMSG #talk :*** alice@10.0.0.1 joined the talk room");
    assertThat(irc.next()).isEqualTo("PRIVMSG #talk :<alice@10.0.0.1> hello, IRC");
    assertThat(irc.next()).isEqualTo("PRIVMSG #talk :*** bob@10.0.0.2 left (idle)");
  }

  @Test
  void aLongTalkLineBecomesSeveralLabelledPrivmsgs() throws Exception {
    mirror.line("alice@10.0.0.1", "x".repeat(2000));

    int total = 0;
    while (total < 2000) {
      String line = irc.next();
      assertThat(line).startsWith("PRIVMSG #talk :<alice@10.0.0.1> ");
      assertThat((":lobby__!~talk@" + "h".repeat(63) + " " + line + "\r\n").length())
          .isLessThanOrEqualTo(512);
      total += line.length() - "PRIVMSG #talk :<alice@10.0.0.1> ".length();
    }
    assertThat(total).isEqualTo(2000);
  }

  @Test
  void channelLinesArePostedToTheRoomWithTheNick() throws Exception {
    irc.send(":bob!b@h PRIVMSG #talk :hi talkers");
    irc.send(":bob!b@h PRIVMSG #talk :\u0001ACTION waves\u0001");

    assertThat(nextPost()).isEqualTo("bob: hi talkers");
    assertThat(nextPost()).isEqualTo("bob: * bob waves");
  }

  @Test
  void whoIsAnsweredInTheChannelAndNotPosted() throws Exception {
    irc.send(":bob!b@h PRIVMSG #talk :!who");
    assertThat(irc.next()).isEqualTo("NOTICE #talk :no talk members");

    members.add("alice@10.0.0.1");
    irc.send(":bob!b@h PRIVMSG #talk :!who");
    assertThat(irc.next()).isEqualTo("NOTICE #talk :talk members: alice@10.0.0.1");

    irc.send(":bob!b@h PRIVMSG #talk :after");
    assertThat(nextPost()).isEqualTo("bob: after");
  }

  private String nextPost() throws InterruptedException {
    String p = posted.poll(FakeIrcServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (p == null) {
      throw new AssertionError("nothing posted within " + FakeIrcServer.WAIT);
    }
    return p;
  }
}

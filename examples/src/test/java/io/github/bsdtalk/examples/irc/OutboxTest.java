package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

  private final FakeClock clock = new FakeClock();
  private final Outbox box = new Outbox(3, new TokenBucket(2, Duration.ofSeconds(2), clock));

  private static IrcMessage line(String text) {
    return IrcMessage.of("PRIVMSG", "#a", text);
  }

  @Test
  void urgentLinesGoFirstAndUnpaced() {
    box.channel(List.of(line("1")));
    box.urgent(List.of(IrcMessage.of("PONG", "x"), IrcMessage.of("JOIN", "#a")));

    assertThat(box.next(true)).contains(IrcMessage.of("PONG", "x"));
    assertThat(box.next(true)).contains(IrcMessage.of("JOIN", "#a"));
    assertThat(box.next(true)).contains(line("1"));
  }

  @Test
  void channelLinesWaitForTheGate() {
    box.channel(List.of(line("1")));

    assertThat(box.next(false)).isEmpty();
    assertThat(box.wait(false)).isEmpty();
    assertThat(box.next(true)).contains(line("1"));
    assertThat(box.wait(true)).isEmpty();
  }

  @Test
  void channelLinesArePaced() {
    box.channel(List.of(line("1"), line("2"), line("3")));

    assertThat(box.next(true)).contains(line("1"));
    assertThat(box.next(true)).contains(line("2"));
    assertThat(box.next(true)).isEmpty();
    assertThat(box.wait(true)).contains(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(box.wait(true)).contains(Duration.ZERO);
    assertThat(box.next(true)).contains(line("3"));
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsThem() {
    assertThat(box.channel(List.of(line("1"), line("2")))).isZero();
    assertThat(box.channel(List.of(line("3"), line("4"), line("5")))).isEqualTo(2);

    assertThat(box.queued()).isEqualTo(3);
    assertThat(box.next(true)).contains(line("3"));
  }

  @Test
  void urgentLinesAreBoundedToo() {
    for (int i = 0; i < Outbox.URGENT_LIMIT + 10; i++) {
      box.urgent(List.of(IrcMessage.of("PONG", "t" + i)));
    }
    int n = 0;
    while (box.next(false).isPresent()) {
      n++;
    }
    assertThat(n).isEqualTo(Outbox.URGENT_LIMIT);
  }

  @Test
  void aNewConnectionForgetsUrgentLinesButKeepsChannelLines() {
    box.urgent(List.of(IrcMessage.of("PONG", "old")));
    box.channel(List.of(line("kept")));

    box.newConnection();

    assertThat(box.next(true)).contains(line("kept"));
  }

  @Test
  void aTokenTakesTheLinesTheMergerJoinsWithTheHead() {
    // joins lines that start with "+", as IrcSession.merge joins the room's notices
    Outbox merging =
        new Outbox(
            10,
            new TokenBucket(1, Duration.ofSeconds(2), clock),
            (a, b) ->
                a.param(1).startsWith("+") && b.param(1).startsWith("+")
                    ? java.util.Optional.of(line(a.param(1) + b.param(1)))
                    : java.util.Optional.empty());
    merging.channel(List.of(line("+a"), line("+b"), line("+c"), line("d"), line("+e")));

    assertThat(merging.next(true)).contains(line("+a+b+c"));
    assertThat(merging.queued()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(2));
    assertThat(merging.next(true)).contains(line("d"));
    clock.advance(Duration.ofSeconds(2));
    assertThat(merging.next(true)).contains(line("+e"));
  }
}

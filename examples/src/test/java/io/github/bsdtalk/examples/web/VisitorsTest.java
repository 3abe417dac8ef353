package io.github.bsdtalk.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.examples.irc.FakeClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VisitorsTest {

  private final FakeClock clock = new FakeClock();
  private final Visitors visitors =
      new Visitors(3, Visitors.DEFAULT_UNSEEN_LIMIT, RateLimits.DEFAULTS, clock,
          new SecureRandom());

  private static void refused(ThrowingCallable call, WebRefusal.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(WebRefusal.class)
        .extracting(e -> ((WebRefusal) e).reason())
        .isEqualTo(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "ann", "A_b-9", "1234567"})
  void takesNamesOfOneToSevenLettersDigitsUnderscoresAndDashes(String name) throws WebRefusal {
    assertThat(visitors.join(name).shown()).isEqualTo("web:" + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12345678", "ann bob", "a:b", "a@b", "<b>", "\u00e9", "a\u001b",
      "web:x"})
  void refusesOtherNames(String name) {
    refused(() -> visitors.join(name), WebRefusal.Reason.BAD_REQUEST);
    assertThat(VisitorName.problem(name)).isPresent();
  }

  @Test
  void aNameIsTakenWhateverItsCase() throws WebRefusal {
    visitors.join("ann");

    refused(() -> visitors.join("ann"), WebRefusal.Reason.CONFLICT);
    refused(() -> visitors.join("ANN"), WebRefusal.Reason.CONFLICT);
  }

  @Test
  void theCapTurnsTheNextVisitorAway() throws WebRefusal {
    visitors.join("a");
    visitors.join("b");
    visitors.join("c");

    refused(() -> visitors.join("d"), WebRefusal.Reason.FULL);
  }

  @Test
  void tokensAreLongRandomAndFindTheirVisitor() throws WebRefusal {
    Visitors many =
        new Visitors(1000, Visitors.DEFAULT_UNSEEN_LIMIT, RateLimits.DEFAULTS, clock,
            new SecureRandom());
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      Visitor v = many.join("v" + i);
      assertThat(v.token()).hasSize(22).matches("[A-Za-z0-9_-]+"); // 16 bytes, base64url
      tokens.add(v.token());
      assertThat(many.find(v.token())).isSameAs(v);
    }
    assertThat(tokens).hasSize(500);
    refused(() -> many.find("nope"), WebRefusal.Reason.UNKNOWN_SESSION);
  }

  @Test
  void aVisitorWithoutAStreamIsDroppedAfterThirtySeconds() throws WebRefusal {
    Visitor never = visitors.join("never");
    Visitor reading = visitors.join("reading");
    long stream = reading.openStream();
    Visitor gone = visitors.join("gone");
    long goneStream = gone.openStream();
    clock.advance(Duration.ofSeconds(20));
    gone.closeStream(goneStream);

    clock.advance(Duration.ofSeconds(10));
    assertThat(visitors.removeUnseen()).containsExactly(never);
    clock.advance(Duration.ofSeconds(19));
    assertThat(visitors.removeUnseen()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(visitors.removeUnseen()).containsExactly(gone);
    assertThat(visitors.all()).containsExactly(reading);
    refused(() -> visitors.find(never.token()), WebRefusal.Reason.UNKNOWN_SESSION);
    reading.closeStream(stream);
  }

  @Test
  void aNewerStreamEndsTheOlderOneAndKeepsTheVisitorSeen() throws Exception {
    Visitor v = visitors.join("ann");
    long first = v.openStream();
    long second = v.openStream();
    v.closeStream(first); // the old stream's end does not make him unseen

    clock.advance(Duration.ofMinutes(5));
    assertThat(visitors.removeUnseen()).isEmpty();
    assertThatThrownBy(() -> v.next(first, Duration.ZERO))
        .isInstanceOf(Visitor.StreamEnded.class);
    assertThat(v.next(second, Duration.ZERO)).isEmpty();
  }

  @Test
  void eventsWaitForTheStreamInOrderAndAnOverflowDropsTheVisitor() throws Exception {
    Visitor v = visitors.join("ann");
    for (int i = 0; i < Visitor.MAX_QUEUED; i++) {
      assertThat(v.offer(new ServerEvent("line", "{\"n\":" + i + "}"))).isTrue();
    }
    long s = v.openStream();
    assertThat(v.next(s, Duration.ZERO)).contains(new ServerEvent("line", "{\"n\":0}"));

    assertThat(v.offer(new ServerEvent("line", "{}"))).isTrue();
    assertThat(v.offer(new ServerEvent("line", "{}"))).isFalse();
    assertThat(v.overflowed()).isTrue();
    assertThat(visitors.removeUnseen()).containsExactly(v);
    assertThatThrownBy(() -> v.next(s, Duration.ZERO)).isInstanceOf(Visitor.StreamEnded.class);
  }

  @Test
  void linesAreFiveAtOnceThenOneASecond() throws WebRefusal {
    Visitor v = visitors.join("ann");
    for (int i = 0; i < 5; i++) {
      v.takeLine();
    }
    assertThatThrownBy(v::takeLine)
        .isInstanceOf(WebRefusal.class)
        .satisfies(e -> assertThat(((WebRefusal) e).retryAfter()).contains(Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    v.takeLine();
    refused(v::takeLine, WebRefusal.Reason.TOO_MANY);
  }

  @Test
  void keystrokesAreAHundredAtOnceThenFiftyASecond() throws WebRefusal {
    Visitor v = visitors.join("ann");
    v.takeKeys(60);
    v.takeKeys(40);
    refused(() -> v.takeKeys(1), WebRefusal.Reason.TOO_MANY);
    clock.advance(Duration.ofSeconds(1));
    v.takeKeys(50);
    refused(() -> v.takeKeys(1), WebRefusal.Reason.TOO_MANY);
    refused(() -> v.takeKeys(101), WebRefusal.Reason.TOO_MANY);
  }

  @Test
  void callsAreOnePerTenSeconds() throws WebRefusal {
    Visitor v = visitors.join("ann");
    v.takeCall();
    refused(v::takeCall, WebRefusal.Reason.TOO_MANY);
    clock.advance(Duration.ofSeconds(9));
    refused(v::takeCall, WebRefusal.Reason.TOO_MANY);
    clock.advance(Duration.ofSeconds(1));
    v.takeCall();
  }
}

package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.bsdtalk.examples.irc.MalformedMessageException.Reason;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrcMessageTest {

  @Test
  void parsesPrefixCommandMiddleAndTrailing() throws Exception {
    IrcMessage m = IrcMessage.parse(":alice!~a@host.example PRIVMSG #talk :hello  there :)");

    assertThat(m.prefix()).isEqualTo("alice!~a@host.example");
    assertThat(m.nick()).isEqualTo("alice");
    assertThat(m.command()).isEqualTo("PRIVMSG");
    assertThat(m.params()).containsExactly("#talk", "hello  there :)");
  }

  @Test
  void skipsTagsAndRunsOfSpaces() throws Exception {
    IrcMessage m = IrcMessage.parse("@time=2024-01-01T00:00:00Z;x=y  :srv   001   bridge  :Welcome");

    assertThat(m.prefix()).isEqualTo("srv");
    assertThat(m.nick()).isEqualTo("srv");
    assertThat(m.verb()).isEqualTo("001");
    assertThat(m.params()).containsExactly("bridge", "Welcome");
  }

  @Test
  void aMessageWithoutPrefixOrParams() throws Exception {
    IrcMessage m = IrcMessage.parse("ping");

    assertThat(m.prefix()).isEmpty();
    assertThat(m.verb()).isEqualTo("PING");
    assertThat(m.params()).isEmpty();
    assertThat(m.param(0)).isEmpty();
  }

  @Test
  void anEmptyTrailingParameterIsKept() throws Exception {
    assertThat(IrcMessage.parse("TOPIC #a :").params()).containsExactly("#a", "");
  }

  @Test
  void afterFourteenMiddleParametersTheRestIsTheFifteenth() throws Exception {
    String line = "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 fifteen and more";

    List<String> params = IrcMessage.parse(line).params();

    assertThat(params).hasSize(15);
    assertThat(params.get(14)).isEqualTo("fifteen and more");
  }

  @Test
  void aNickPrefixWithoutUserStillHasItsNick() throws Exception {
    assertThat(IrcMessage.parse(":bob@h JOIN #x").nick()).isEqualTo("bob");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", ":prefix", ":prefix   ", "@tags", "@tags :p"})
  void aLineWithoutCommandIsEmpty(String line) {
    assertThat(reason(line)).isEqualTo(Reason.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12 x", "1234 x", "PRIV1MSG #a", "PRIVMSG! #a", ":p 0x1 a", "\u00e9t\u00e9"})
  void aCommandIsLettersOrThreeDigits(String line) {
    assertThat(reason(line)).isEqualTo(Reason.BAD_COMMAND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PRIVMSG #a :x\u0000y", "PRIVMSG #a :x\ry", "PRIVMSG #a :x\ny"})
  void aLineBreakOrNulInsideIsMalformed(String line) {
    assertThat(reason(line)).isEqualTo(Reason.BAD_CHARACTER);
  }

  @Test
  void formatsWithTheTrailingColonOnlyWhereNeeded() {
    assertThat(IrcMessage.of("NICK", "bridge").toWire()).isEqualTo("NICK bridge\r\n");
    assertThat(IrcMessage.of("PRIVMSG", "#a", "hi there").toWire())
        .isEqualTo("PRIVMSG #a :hi there\r\n");
    assertThat(IrcMessage.of("PRIVMSG", "#a", ":)").toWire()).isEqualTo("PRIVMSG #a ::)\r\n");
    assertThat(IrcMessage.of("PONG", "").toWire()).isEqualTo("PONG :\r\n");
    assertThat(new IrcMessage("srv", "001", List.of("me", "hi")).toWire())
        .isEqualTo(":srv 001 me hi\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b"})
  void refusesToSendLineBreaksOrNulAnywhere(String bad) {
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "#a", bad).toWire())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", bad, "x").toWire())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IrcMessage(bad, "PRIVMSG", List.of("#a", "x")).toWire())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesBadCommandsAndMiddles() {
    assertThatThrownBy(() -> IrcMessage.of("PRIV MSG").toWire())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG\r\nQUIT").toWire())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "#a b", "x").toWire())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "", "x").toWire())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", ":a", "x").toWire())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IrcMessage.of("X", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
            "11", "12", "13", "14", "15", "16").toWire())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesLinesOverFiveHundredTwelveBytesWithCrLf() {
    String head = "PRIVMSG #a :"; // 12 bytes, + 2 for CR LF
    String fits = " " + "x".repeat(512 - 15); // a space: the ':' is written

    assertThat(IrcMessage.of("PRIVMSG", "#a", fits).toWire()).hasSize(512).startsWith(head);
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "#a", fits + "x").toWire())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("513 bytes");
    // bytes of UTF-8, not chars: 249 two-byte letters are 498 bytes
    assertThatThrownBy(() -> IrcMessage.of("PRIVMSG", "#a", "\u00e9".repeat(250)).toWire())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsingAnyStringGivesAMessageOrTheTypedError() {
    qt().withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(0, 60))
        .checkAssert(
            s -> {
              Throwable t = catchThrowable(() -> IrcMessage.parse(s));
              assertThat(t).satisfiesAnyOf(
                  x -> assertThat(x).isNull(),
                  x -> assertThat(x).isInstanceOf(MalformedMessageException.class));
            });
  }

  @Test
  void whatWeSendParsesBackToTheSameMessage() {
    qt().withExamples(1000)
        .forAll(
            lists().of(strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(1, 8))
                .ofSizeBetween(0, 5),
            strings().betweenCodePoints(0x20, 0x2000).ofLengthBetween(0, 40),
            integers().between(0, 1))
        .assuming((middles, last, x) -> middles.stream().noneMatch(p -> p.startsWith(":")))
        .checkAssert(
            (middles, last, withLast) -> {
              List<String> params =
                  withLast == 1
                      ? java.util.stream.Stream.concat(middles.stream(), java.util.stream.Stream.of(last))
                          .collect(Collectors.toList())
                      : middles;
              IrcMessage m = new IrcMessage("", "PRIVMSG", params);
              String wire = m.toWire();
              IrcMessage back = parse(wire.substring(0, wire.length() - 2));
              assertThat(back).isEqualTo(m);
            });
  }

  private static IrcMessage parse(String line) {
    try {
      return IrcMessage.parse(line);
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  private static Reason reason(String line) {
    Throwable t = catchThrowable(() -> IrcMessage.parse(line));
    assertThat(t).isInstanceOf(MalformedMessageException.class);
    return ((MalformedMessageException) t).reason();
  }
}

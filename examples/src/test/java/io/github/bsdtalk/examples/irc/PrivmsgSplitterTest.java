package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class PrivmsgSplitterTest {

  /** What the server puts in front when relaying: {@code :nick!~user@host }, host at its longest. */
  private static final String RELAY = ":bridge__!~talk@" + "h".repeat(63) + " ";

  private static final String LABEL = "<alice@127.0.0.1> ";

  @Test
  void aShortLineIsOneMessage() {
    assertThat(PrivmsgSplitter.split("PRIVMSG", "#talk", LABEL, "hello", RELAY.length()))
        .containsExactly(IrcMessage.of("PRIVMSG", "#talk", LABEL + "hello"));
  }

  @Test
  void emptyTextIsOneMessageWithTheLabel() {
    assertThat(PrivmsgSplitter.split("PRIVMSG", "#talk", LABEL, "", RELAY.length()))
        .containsExactly(IrcMessage.of("PRIVMSG", "#talk", LABEL));
  }

  @Test
  void twoThousandBytesBecomePiecesThatFitWhenRelayed() {
    String text = "word ".repeat(400);

    List<IrcMessage> pieces = PrivmsgSplitter.split("PRIVMSG", "#talk", LABEL, text, RELAY.length());

    assertThat(pieces).hasSizeGreaterThan(4);
    for (IrcMessage m : pieces) {
      assertThat(relayedBytes(m)).isLessThanOrEqualTo(512);
      assertThat(m.param(1)).startsWith(LABEL).endsWith(" "); // cut after a space
    }
    assertThat(texts(pieces)).isEqualTo(text);
  }

  @Test
  void aLongWordIsCutWhereItMustBe() {
    String text = "a".repeat(1000);

    List<IrcMessage> pieces = PrivmsgSplitter.split("PRIVMSG", "#talk", LABEL, text, RELAY.length());

    assertThat(pieces.subList(0, pieces.size() - 1))
        .allSatisfy(m -> assertThat(relayedBytes(m)).isEqualTo(512));
    assertThat(texts(pieces)).isEqualTo(text);
  }

  @Test
  void aSpaceInTheFirstHalfDoesNotShortenThePiece() {
    String text = "a " + "b".repeat(1000);

    List<IrcMessage> pieces = PrivmsgSplitter.split("PRIVMSG", "#talk", LABEL, text, RELAY.length());

    assertThat(relayedBytes(pieces.get(0))).isEqualTo(512);
  }

  @Test
  void neverSplitsACodePointOrASurrogatePair() {
    String text = "\ud83d\ude00".repeat(300) + "\u00e9".repeat(300);

    List<IrcMessage> pieces = PrivmsgSplitter.split("PRIVMSG", "#talk", LABEL, text, RELAY.length());

    for (IrcMessage m : pieces) {
      String t = m.param(1);
      assertThat(Character.isHighSurrogate(t.charAt(t.length() - 1))).isFalse();
      assertThat(Character.isLowSurrogate(t.charAt(LABEL.length()))).isFalse();
      assertThat(relayedBytes(m)).isLessThanOrEqualTo(512);
    }
    assertThat(relayedBytes(pieces.get(0))).isGreaterThan(512 - 4);
    assertThat(texts(pieces)).isEqualTo(text);
  }

  @Test
  void aHugeLabelIsCutToLeaveRoom() {
    String label = "<" + "x".repeat(600) + "> ";

    List<IrcMessage> pieces = PrivmsgSplitter.split("PRIVMSG", "#talk", label, "hi", RELAY.length());

    assertThat(pieces).hasSize(1);
    assertThat(relayedBytes(pieces.get(0))).isLessThanOrEqualTo(512);
    assertThat(pieces.get(0).param(1)).endsWith("hi");
  }

  @Test
  void noRoomAtAllIsAnError() {
    assertThatThrownBy(() -> PrivmsgSplitter.split("PRIVMSG", "#" + "c".repeat(480), "", "x", 30))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Gen<String> talkLines() {
    Gen<Integer> cp =
        integers().between(0x20, 0x7e)
            .mix(integers().between(' ', ' '), 15)
            .mix(integers().between(0, 0x1f), 10)
            .mix(integers().between(0x7f, 0x9f), 5)
            .mix(integers().between(0xa0, 0x17f), 10)
            .mix(integers().between(0x4e00, 0x9fff), 15)
            .mix(integers().between(0x1f300, 0x1f64f), 10)
            .mix(integers().between(0xd800, 0xdfff), 2);
    return lists().of(cp).ofSizeBetween(0, 2500).map(
        l -> l.stream().map(Character::toString).collect(Collectors.joining()));
  }

  @Test
  void anyTalkLineGivesOnlyWellFormedPiecesThatFitAndJoinBack() {
    qt().withExamples(300)
        .forAll(talkLines(), strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(1, 12))
        .checkAssert(
            (line, user) -> {
              IrcSession s = new IrcSession("bridge", "talk", "r", "", "#talk", List::of);
              String label = "<" + user + "@10.0.0.1> ";
              List<IrcMessage> pieces = s.say(label, line);
              for (IrcMessage m : pieces) {
                String wire = m.toWire();
                assertThat(wire.substring(0, wire.length() - 2)).doesNotContain("\r", "\n", "\0");
                assertThat(relayedBytes(m)).isLessThanOrEqualTo(512);
                assertThat(m.param(1)).startsWith(label);
              }
              assertThat(texts(pieces, label)).isEqualTo(IrcText.fromTalk(line));
            });
  }

  /** The line as the server relays it to others, our prefix in front, CR LF included. */
  static int relayedBytes(IrcMessage m) {
    return (RELAY + m.toWire()).getBytes(StandardCharsets.UTF_8).length;
  }

  private static String texts(List<IrcMessage> pieces) {
    return texts(pieces, LABEL);
  }

  private static String texts(List<IrcMessage> pieces, String label) {
    return pieces.stream()
        .map(m -> m.param(1).substring(label.length()))
        .collect(Collectors.joining());
  }
}

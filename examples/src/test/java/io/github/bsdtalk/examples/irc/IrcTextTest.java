package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IrcTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false, // it would trim the leading controls
      value = {
        "bold and reset|\u0002bold\u000f plain|bold plain",
        "colour fg|\u00034red|red",
        "colour fg,bg|\u000304,12blue on red\u0003|blue on red",
        "colour, three digits keep the third|\u0003123|3",
        "colour comma without digit stays|\u00035,x|,x",
        "hex colour|\u0004FF00AAtext|text",
        "hex colour, both|\u0004ff00aa,00FF00text|text",
        "hex colour, short|\u0004FFxx|FFxx",
        "monospace reverse italic strike underline|\u0011a\u0016b\u001dc\u001ed\u001fe|abcde",
        "CSI|\u001b[31;1mred\u001b[0m|red",
        "CSI with intermediates|a\u001b[?25lb|ab",
        "OSC to BEL|\u001b]0;title\u0007text|text",
        "OSC to ST|\u001b]52;c;Zm9v\u001b\\text|text",
        "OSC unterminated eats the rest|ok\u001b]0;evil|ok",
        "DCS|\u001bPq#0;2;0;0;0\u001b\\after|after",
        "two-byte ESC|\u001bcreset|reset",
        "ESC with intermediate|\u001b(Bx|x",
        "8-bit CSI|\u009b31mred|red",
        "8-bit OSC|\u009d0;t\u0007x|x",
        "BEL backspace DEL C1|a\u0007b\bc\u007fd\u0085e|abcde",
        "tab as a space|a\tb|a b",
        "lone ESC at the end|abc\u001b|abc",
      })
  void stripsFormattingEscapesAndControls(String what, String in, String out) {
    assertThat(IrcText.forTerminal(in)).isEqualTo(out);
  }

  @Test
  void bidiOverridesAreReplacedLikeTalkText() {
    assertThat(IrcText.forTerminal("a\u202eb")).isEqualTo("a?b");
  }

  @Test
  void anActionIsShownWithTheNick() {
    assertThat(IrcText.channelText("bob", "\u0001ACTION waves\u0001")).contains("* bob waves");
    assertThat(IrcText.channelText("bob", "\u0001ACTION waves")).contains("* bob waves");
    assertThat(IrcText.channelText("bob", "\u0001action \u00034waves\u0001"))
        .contains("* bob waves");
    assertThat(IrcText.channelText("bob", "\u0001ACTION\u0001")).contains("* bob");
  }

  @Test
  void otherCtcpRequestsAreDropped() {
    assertThat(IrcText.channelText("eve", "\u0001VERSION\u0001")).isEmpty();
    assertThat(IrcText.channelText("eve", "\u0001PING 12345\u0001")).isEmpty();
    assertThat(IrcText.channelText("eve", "\u0001DCC SEND x 1 2 3\u0001")).isEmpty();
    assertThat(IrcText.channelText("eve", "\u0001")).isEmpty();
  }

  @Test
  void plainTextIsStripped() {
    assertThat(IrcText.channelText("bob", "hi \u0002there\u0002")).contains("hi there");
    assertThat(IrcText.channelText("bob", "")).contains("");
  }

  @Test
  void invalidUtf8FromTheServerReadsAsReplacementCharacters() throws Exception {
    byte[] bytes = "PRIVMSG #a :caf\u00e9 \u00ff\u00fe ok\r\n".getBytes(StandardCharsets.ISO_8859_1);

    String line = new IrcLineReader(new java.io.ByteArrayInputStream(bytes)).readLine().get();

    assertThat(IrcText.forTerminal(IrcMessage.parse(line).param(1)))
        .isEqualTo("caf\ufffd \ufffd\ufffd ok");
  }

  @Test
  void anyTextForTheTerminalHasNoControlCharacterAtAll() {
    qt().withExamples(5000)
        .forAll(strings().allPossible().ofLengthBetween(0, 80))
        .checkAssert(
            s -> {
              assertThat(IrcText.forTerminal(s).chars()).noneMatch(IrcTextTest::isControl);
              IrcText.channelText("n", s)
                  .ifPresent(t -> assertThat(t.chars()).noneMatch(IrcTextTest::isControl));
            });
  }

  @Test
  void controlHeavyTextForTheTerminalHasNoControlCharacterAtAll() {
    qt().withExamples(5000)
        .forAll(strings().betweenCodePoints(0, 0xa0).ofLengthBetween(0, 80))
        .checkAssert(
            s -> assertThat(IrcText.forTerminal(s).chars()).noneMatch(IrcTextTest::isControl));
  }

  @Test
  void talkTextLosesLineBreaksNulAndControls() {
    assertThat(IrcText.fromTalk("a\r\nQUIT :x\u0000y")).isEqualTo("aQUIT :xy");
    assertThat(IrcText.fromTalk("\u0001VERSION\u0001 \u00034red\tx\u007f\u0085"))
        .isEqualTo("VERSION 4red x");
    assertThat(IrcText.fromTalk("a\ud800b")).isEqualTo("a\ufffdb");
  }

  @Test
  void talkTextIsBoundedBetweenCodePoints() {
    String emoji = "\ud83d\ude00"; // 4 bytes of UTF-8
    String text = "x" + emoji.repeat(2000);

    String out = IrcText.fromTalk(text);

    assertThat(out.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(IrcText.MAX_TALK_BYTES)
        .isGreaterThan(IrcText.MAX_TALK_BYTES - 4);
    assertThat(Character.isHighSurrogate(out.charAt(out.length() - 1))).isFalse();
  }

  @Test
  void namesCompareWithoutAsciiCase() {
    assertThat(IrcText.sameName("#Talk", "#tALK")).isTrue();
    assertThat(IrcText.sameName("#talk", "#talk2")).isFalse();
  }

  private static boolean isControl(int c) {
    return Character.getType(c) == Character.CONTROL;
  }
}

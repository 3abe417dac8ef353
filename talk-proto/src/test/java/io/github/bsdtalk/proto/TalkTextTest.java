package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TalkText}: names to and from the wire (UTF-8 first, the bytes themselves when they are not
 * UTF-8), and text made safe for a terminal. The cases of the server's {@code WireTextTest} and
 * {@code UnixTtyAnnouncer.sanitize} tests are ported here unchanged.
 */
class TalkTextTest {

  /** Hex bytes to a wire string, one char a byte. */
  private static String bytes(String hex) {
    String[] parts = hex.split(" ");
    byte[] b = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  // ---- toWire / fromWire -----------------------------------------------------------------------

  @Test
  void toWireGivesTheUtf8BytesOneCharEach() {
    assertThat(TalkText.toWire("alice")).isEqualTo("alice");
    assertThat(TalkText.toWire("\u0142ukasz")).isEqualTo(bytes("c5 82 75 6b 61 73 7a"));
    assertThat(TalkText.toWire("\u65e5")).isEqualTo(bytes("e6 97 a5"));
    assertThat(TalkText.toWire("\ud83d\ude00")).isEqualTo(bytes("f0 9f 98 80"));
    assertThat(TalkText.toWire("\u00e9")).isEqualTo(bytes("c3 a9"));
    assertThat(TalkText.toWire("")).isEmpty();
    assertThat(TalkText.toWire("\u0080")).isEqualTo(bytes("c2 80")); // the first non-ASCII char
  }

  @Test
  void toWireTurnsAnUnpairedSurrogateIntoAQuestionMark() {
    assertThat(TalkText.toWire("a\ud800b")).isEqualTo("a?b");
    assertThat(TalkText.toWire("\udc00\u00e9")).isEqualTo("?" + bytes("c3 a9"));
  }

  @Test
  void asciiIsReturnedAsTheSameInstance() {
    String ascii = "alice\u0000\u001b";
    assertThat(TalkText.toWire(ascii)).isSameAs(ascii);
    assertThat(TalkText.fromWire(ascii)).isSameAs(ascii);
  }

  @Test
  void fromWireReadsValidUtf8AsUtf8() {
    assertThat(TalkText.fromWire(bytes("c5 82 75 6b 61 73 7a"))).isEqualTo("\u0142ukasz");
    assertThat(TalkText.fromWire(bytes("c3 a9 6d 69 6c 65"))).isEqualTo("\u00e9mile");
    assertThat(TalkText.fromWire(bytes("f4 8f bf bf"))).isEqualTo("\udbff\udfff");
    assertThat(TalkText.fromWire(bytes("c2 9b"))).isEqualTo("\u009b"); // decoded, not judged
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "e9 6d 69 6c 65", // émile in Latin-1
      "61 c5", // cut short
      "c0 9b", // overlong
      "ed a0 80", // an encoded surrogate
      "f4 90 80 80", // above U+10FFFF
      "f0 8f bf bf", // overlong U+FFFF
      "c3 a9 9b", // valid, then a stray continuation byte
      "ff fe"})
  void fromWireKeepsBytesThatAreNotUtf8AsLatin1(String hex) {
    assertThat(TalkText.fromWire(bytes(hex))).isEqualTo(bytes(hex));
  }

  @Test
  void fromWireReturnsTextThatIsNoWireStringUnchanged() {
    assertThat(TalkText.fromWire("\u0142")).isEqualTo("\u0142");
    assertThat(TalkText.fromWire("\u00c3\u00a9\u0142")).isEqualTo("\u00c3\u00a9\u0142");
  }

  @Test
  void fromWireKeepsNuls() {
    assertThat(TalkText.fromWire(bytes("61 00 c3 a9"))).isEqualTo("a\u0000\u00e9");
  }

  // ---- forTerminal -----------------------------------------------------------------------------

  @Test
  void forTerminalReplacesControlsAndKeepsPrintableText() {
    assertThat(TalkText.forTerminal("plain text ~!")).isEqualTo("plain text ~!");
    assertThat(TalkText.forTerminal(
        "\u0000\u0007\t\r\n\u001b\u007f\u0080\u009b\u009f\u200b\u202e\u2066\u2028\u2029"
            + "\ue000\ud800x\udc00\u0378")) // lone surrogates, private use, unassigned
        .isEqualTo("?".repeat(16) + "?x??");
    assertThat(TalkText.forTerminal("\u00a0\u00e9\u0142\u20ac\u65e5\ud83d\ude00"))
        .isEqualTo("\u00a0\u00e9\u0142\u20ac\u65e5\ud83d\ude00");
    assertThat(TalkText.forTerminal("")).isEmpty();
  }

  @Test
  void forTerminalReturnsTheSameInstanceWhenNothingChanges() {
    String ok = "\u0142ukasz \ud83d\ude00 \ufffd";
    assertThat(TalkText.forTerminal(ok)).isSameAs(ok);
  }

  @Test
  void forTerminalLeavesNoEscapeSequence() {
    assertThat(TalkText.forTerminal("\u001b[2J\u001b]0;pwned\u0007red"))
        .isEqualTo("?[2J?]0;pwned?red");
    assertThat(TalkText.forTerminal("hello\u001b")).isEqualTo("hello?");
    assertThat(TalkText.forTerminal("\u009b31m")).isEqualTo("?31m");
  }

  /** Where the client's TextSanitizer was laxer, the stricter rule of the announcer holds. */
  @Test
  void forTerminalIsTheStricterRule() {
    assertThat(TalkText.forTerminal("a\tb")).isEqualTo("a?b"); // TextSanitizer kept TAB
    assertThat(TalkText.forTerminal("\u0001\u007f")).isEqualTo("??"); // not ^A ^?
    assertThat(TalkText.forTerminal("a\ud83db")).isEqualTo("a?b"); // not U+FFFD
    assertThat(TalkText.forTerminal("a\u200bb\u00adc\ufeff")).isEqualTo("a?b?c?"); // Cf
    assertThat(TalkText.forTerminal("\ue000\udb80\udc00")).isEqualTo("??"); // private use
    assertThat(TalkText.forTerminal("\uffff\ufffe")).isEqualTo("??"); // noncharacters
    assertThat(TalkText.forTerminal("\udb40\udc01")).isEqualTo("?"); // U+E0001, a tag: one ?
  }

  @Test
  void forTerminalReplacesEachBidiControl() {
    assertThat(TalkText.forTerminal("a\u202ab\u202ec\u2066d\u2069e")).isEqualTo("a?b?c?d?e");
    assertThat(TalkText.forTerminal("\u202d\u2067\u2068\u200e\u200f\u061c")).isEqualTo("??????");
  }

  @Test
  void forTerminalKeepsCombiningMarks() {
    assertThat(TalkText.forTerminal("e\u0301")).isEqualTo("e\u0301");
  }

  @Test
  void forTerminalDecidesEachCharAtTheBoundariesAlikeWhetherItComesFirstOrLater() {
    int[][] cases = {
      {0x1f, '?'}, {0x20, 0x20}, {0x7e, 0x7e}, {0x7f, '?'}, {0x9f, '?'}, {0xa0, 0xa0},
      {0x2027, 0x2027}, {0x2028, '?'}, {0x2029, '?'}, {0x202a, '?'}, {0x202f, 0x202f},
      {0xfffd, 0xfffd}, {0xd7a3, 0xd7a3}, {0xd7ff, '?'}, {0xe000, '?'}, {0xf8ff, '?'},
      {0xf900, 0xf900},
    };
    for (int[] c : cases) {
      String alone = Character.toString(c[0]);
      String expected = Character.toString(c[1]);
      String what = "U+" + Integer.toHexString(c[0]);
      assertThat(TalkText.forTerminal(alone)).as(what).isEqualTo(expected);
      assertThat(TalkText.forTerminal("\u001b" + alone)).as(what).isEqualTo("?" + expected);
      assertThat(TalkText.forTerminal("ok" + alone)).as(what).isEqualTo("ok" + expected);
    }
  }

  // ---- displayName -----------------------------------------------------------------------------

  @Test
  void displayNameDecodesAndSanitises() {
    assertThat(TalkText.displayName(bytes("c5 82 75 6b 61 73 7a"))).isEqualTo("\u0142ukasz");
    assertThat(TalkText.displayName("\u00e9mile")).isEqualTo("\u00e9mile"); // e9: Latin-1
    // U+009B (8-bit CSI) as c2 9b, U+202E as e2 80 ae, ESC, DEL
    assertThat(TalkText.displayName(TalkText.toWire("a\u009b2Jb\u202ec\u001bd\u007f")))
        .isEqualTo("a?2Jb?c?d?");
    assertThat(TalkText.displayName(bytes("61 9b 32 4a"))).isEqualTo("a?2J"); // raw C1 byte
    assertThat(TalkText.displayName("bob\u0000")).isEqualTo("bob?");
  }

  @Test
  void nullIsRejected() {
    assertThatNullPointerException().isThrownBy(() -> TalkText.toWire(null));
    assertThatNullPointerException().isThrownBy(() -> TalkText.fromWire(null));
    assertThatNullPointerException().isThrownBy(() -> TalkText.forTerminal(null));
    assertThatNullPointerException().isThrownBy(() -> TalkText.displayName(null));
    assertThatNullPointerException().isThrownBy(() -> TalkText.hasControlCharacter(null));
  }

  // ---- hasControlCharacter (the server's WireText rule) -----------------------------------------

  @Test
  void aCharThatIsNoByteIsAControl() {
    assertThat(TalkText.hasControlCharacter("al\u0100ice")).isTrue();
    assertThat(TalkText.hasControlCharacter("\u00c3\u0180")).isTrue(); // 0x180 & 0xc0 is 0x80
  }

  @Test
  void formatCharactersAreNoControlsForTheCheck() {
    assertThat(TalkText.hasControlCharacter(TalkText.toWire("a\u202eb"))).isFalse();
    assertThat(TalkText.hasControlCharacter("")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "61 6c 69 63 65", // alice
      "c5 82 75 6b 61 73 7a", // łukasz: 0x82 is a continuation byte
      "c3 a9 6d 69 6c 65", // émile
      "e6 97 a5 e6 9c ac", // 日本, three-byte sequences with 0x97, 0x9c
      "f0 9f 98 80", // U+1F600, four bytes
      "c2 a0", // U+00A0, the first code point after C1
      "61 c5", // a cut-short sequence: not UTF-8, and 0xc5 is a printable Latin-1 byte
      "e9 6d 69 6c 65", // émile in Latin-1: not UTF-8, and 0xe9 is no control byte
      "20 7e",
      // Valid UTF-8 whose continuation bytes, read as Latin-1, would be C1 controls: each pins
      // one edge of the decoder (the lead ranges, the shortest form, the top of Unicode).
      "c3 80", // U+00C0
      "df 80", // U+07C0, the last two-byte lead
      "e0 a0 80", // U+0800, the shortest three-byte form
      "ef 80 80", // U+F000, the last three-byte lead
      "ed 9f bf", // U+D7FF, just below the surrogates
      "ee 80 80", // U+E000, just above them
      "f0 90 80 80", // U+10000, the shortest four-byte form
      "f4 8f bf bf", // U+10FFFF, the last code point
      "79 ff"}) // y, then the Latin-1 byte 0xff (not UTF-8): printable
  void printableTextPasses(String hex) {
    assertThat(TalkText.hasControlCharacter(bytes(hex))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "c2 9b 32 4a", // U+009B CSI in UTF-8
      "c2 80", // U+0080
      "c2 9f", // U+009F
      "61 9b 32 4a", // raw 0x9b: not UTF-8, a C1 byte
      "c3 a9 9b", // a valid é, then a raw 0x9b: not UTF-8 as a whole
      "1b 5b 32 4a", // ESC
      "c5 82 1b", // ESC after a valid UTF-8 char
      "7f", // DEL
      "00", // NUL
      "1f", // last C0
      "c0 9b", // overlong ESC+0x80: not UTF-8, and 0x9b is a C1 byte
      "ed a0 80", // a surrogate: not UTF-8, 0x80 is a C1 byte
      "ed bf bf c5 82", // U+DFFF, the last surrogate, then ł: not UTF-8, 0x82 is a C1 byte
      "c1 9b", // overlong, never valid
      "f8 88 80 80 80", // five-byte form, never valid
      "e2 80", // a three-byte sequence cut short: not UTF-8, and 0x80 is a C1 byte
      "c3 1b", // a lead byte, then ESC
      "e0 9f 80", // overlong U+07C0: not UTF-8
      "f4 90 80 80", // U+110000, above Unicode: not UTF-8
      "f0 8f bf bf"}) // overlong U+FFFF: not UTF-8
  void controlsAreFound(String hex) {
    assertThat(TalkText.hasControlCharacter(bytes(hex))).isTrue();
  }
}

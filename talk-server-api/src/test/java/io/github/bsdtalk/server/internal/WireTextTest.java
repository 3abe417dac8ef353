package io.github.bsdtalk.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WireText}: UTF-8 first, bytes when the text is not UTF-8. */
class WireTextTest {

  /** Hex bytes to a wire string, one char a byte. */
  private static String bytes(String hex) {
    String[] parts = hex.split(" ");
    byte[] b = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void aCharThatIsNoByteIsAControl() {
    assertThat(WireText.hasControlCharacter("al\u0100ice")).isTrue();
    assertThat(WireText.hasControlCharacter("\u00c3\u0180")).isTrue(); // 0x180 & 0xc0 is 0x80
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
    assertThat(WireText.hasControlCharacter(bytes(hex))).isFalse();
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
      "c1 9b", // overlong, never valid
      "f8 88 80 80 80", // five-byte form, never valid
      "e2 80", // a three-byte sequence cut short: not UTF-8, and 0x80 is a C1 byte
      "c3 1b", // a lead byte, then ESC
      "e0 9f 80", // overlong U+07C0: not UTF-8
      "f4 90 80 80", // U+110000, above Unicode: not UTF-8
      "f0 8f bf bf"}) // overlong U+FFFF: not UTF-8
  void controlsAreFound(String hex) {
    assertThat(WireText.hasControlCharacter(bytes(hex))).isTrue();
  }
}

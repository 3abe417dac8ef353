package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class TextSanitizerTest {

  @Test
  void turnsC0ControlsIntoCaretNotation() {
    assertThat(TextSanitizer.sanitize("\u0000\u0001\u0007\u001a\u001f")).isEqualTo("^@^A^G^Z^_");
  }

  @Test
  void turnsEscIntoCaretBracketSoNoEscapeSequenceSurvives() {
    assertThat(TextSanitizer.sanitize("\u001b[2J\u001b]0;pwned\u0007red"))
        .isEqualTo("^[[2J^[]0;pwned^Gred")
        .doesNotContain("\u001b");
  }

  @Test
  void turnsDelIntoCaretQuestionMark() {
    assertThat(TextSanitizer.sanitize("a\u007fb")).isEqualTo("a^?b");
  }

  @Test
  void replacesC1Controls() {
    // U+009B is the 8-bit CSI; U+0085 is NEL.
    assertThat(TextSanitizer.sanitize("\u0080x\u0085\u009b31m\u009f")).isEqualTo("?x??31m?");
  }

  @Test
  void replacesBidiOverridesAndIsolates() {
    assertThat(TextSanitizer.sanitize("a\u202ab\u202ec\u2066d\u2069e")).isEqualTo("a?b?c?d?e");
    assertThat(TextSanitizer.sanitize("\u202d\u2067\u2068")).isEqualTo("???");
  }

  @Test
  void keepsTabTextAndReplacementCharacter() {
    String ok = "a\tb héllo wörld \uFFFD €  \uD83D\uDE00 日本 \u00a0\u00ff";
    assertThat(TextSanitizer.sanitize(ok)).isSameAs(ok);
  }

  /**
   * Issue 9: one rule for wire text. What TalkText.forTerminal replaces beyond the controls and
   * bidi characters is replaced here too: format characters (soft hyphen, zero-width space,
   * word joiner, the deprecated format characters), the line and paragraph separators, private
   * use and unassigned code points, also as surrogate pairs.
   */
  @Test
  void replacesFormatSeparatorPrivateUseAndUnassignedCharactersAsTalkTextDoes() {
    assertThat(TextSanitizer.sanitize("soft\u00adhyphen")).isEqualTo("soft?hyphen");
    assertThat(TextSanitizer.sanitize("a\u200bb\u2060c\u206ad")).isEqualTo("a?b?c?d");
    assertThat(TextSanitizer.sanitize("1\u20282\u20293")).isEqualTo("1?2?3");
    assertThat(TextSanitizer.sanitize("\ue000\u2065")).isEqualTo("??");
    assertThat(TextSanitizer.sanitize("x\uDB80\uDC00y")).isEqualTo("x?y"); // U+F0000, private use
    assertThat(TextSanitizer.sanitize("\t\u0007\u00ad")).isEqualTo("\t^G?");
  }

  @Test
  void replacesUnpairedSurrogates() {
    assertThat(TextSanitizer.sanitize("a\uD83Db")).isEqualTo("a\uFFFDb");
    assertThat(TextSanitizer.sanitize("a\uDE00")).isEqualTo("a\uFFFD");
    assertThat(TextSanitizer.sanitize("\u0001\uD83D\uDE00\uDE00"))
        .isEqualTo("^A\uD83D\uDE00\uFFFD");
  }

  @Test
  void keepsAllSafePrefixWhenTheFirstUnsafeCharIsLate() {
    assertThat(TextSanitizer.sanitize("hello\u001b")).isEqualTo("hello^[");
  }

  @Test
  void keepsSpaceAfterAControl() {
    // the space mutant: with "c <= 0x20" after the first unsafe char, space became "^`"
    assertThat(TextSanitizer.sanitize("\u001b[2J rm -rf ~")).isEqualTo("^[[2J rm -rf ~");
    assertThat(TextSanitizer.sanitize("\u0007 ")).isEqualTo("^G ");
  }

  /**
   * Every boundary of the class description, checked on both paths: a string that needs no change
   * (returned as is, the same instance) and one that does (an ESC first, then rebuilt char by
   * char).
   */
  @Test
  void eachCharNearABoundaryIsTreatedTheSameWhetherOrNotTheRestNeedsChanging() {
    StringBuilder chars = new StringBuilder();
    for (char c = 0; c <= 0xFF; c++) {
      chars.append(c);
    }
    for (char c = '\u2028'; c <= '\u2070'; c++) {
      chars.append(c);
    }
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      String alone = String.valueOf(c);
      String expected = expected(c);
      String what = String.format("U+%04X", (int) c);

      assertThat(TextSanitizer.sanitize(alone)).as(what).isEqualTo(expected);
      assertThat(TextSanitizer.sanitize("\u001b" + c)).as(what).isEqualTo("^[" + expected);
      if (expected.equals(alone)) {
        assertThat(TextSanitizer.sanitize(alone)).as(what).isSameAs(alone);
      }
    }
  }

  /** The class description's rules, written out independently of its code. */
  private static String expected(char c) {
    if (c == '\t') {
      return "\t";
    }
    if (c < 0x20) {
      return "^" + (char) ('@' + c);
    }
    if (c == 0x7F) {
      return "^?";
    }
    if (c >= 0x80 && c <= 0x9F
        || c >= '\u202A' && c <= '\u202E'
        || c >= '\u2066' && c <= '\u2069') {
      return "?";
    }
    int type = Character.getType(c);
    if (type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED) {
      return "?";
    }
    return String.valueOf(c);
  }

  @Test
  void resultNeverContainsControlsExceptTab() {
    qt().withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(
            s -> {
              String out = TextSanitizer.sanitize(s);
              assertNoUnsafeChars(out);
            });
    qt().withExamples(2000)
        .forAll(strings().betweenCodePoints(0, 0x2070).ofLengthBetween(0, 40))
        .checkAssert(s -> assertNoUnsafeChars(TextSanitizer.sanitize(s)));
  }

  static void assertNoUnsafeChars(String out) {
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (c != '\t') {
        assertThat(Character.getType(c))
            .as("char U+%04X at %d in %s", (int) c, i, out)
            .isNotEqualTo((int) Character.CONTROL);
      }
      assertThat(c).isNotIn('\u202a', '\u202b', '\u202c', '\u202d', '\u202e');
      assertThat(c).isNotIn('\u2066', '\u2067', '\u2068', '\u2069');
    }
    assertThat(out.codePoints().filter(cp -> Character.getType(cp) == Character.SURROGATE))
        .as("unpaired surrogates in %s", out)
        .isEmpty();
  }
}

package io.github.bsdtalk.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class WebTextTest {

  @Test
  void roomLinesLoseEscapeSequencesWholeAndEveryControl() {
    assertThat(WebText.roomLine("<script>x</script>\u001b[2J\u001b[31mred\u001b[0m"))
        .isEqualTo("<script>x</script>red");
    assertThat(WebText.roomLine("a\u001b]0;title\u0007b\u001b]2;t\u001b\\c\u001bcd\u001b"))
        .isEqualTo("abcd");
    assertThat(WebText.roomLine("tab\there\r\nbell\u0007 del\u007f c1\u009b"))
        .isEqualTo("tabherebell del c1");
  }

  @Test
  void roomLinesLoseBidiOverridesAndLoneSurrogatesButKeepText() {
    assertThat(WebText.roomLine("a\u202eb\u2066c\u200bd\ud800e \u00e9\u4e2d\ud83d\ude00"))
        .isEqualTo("abcde \u00e9\u4e2d\ud83d\ude00");
  }

  @Test
  void keystrokesKeepTalksEditingKeysAndLineFeedOnly() {
    assertThat(WebText.keystrokes("hi\u007f\u0015\u0017\n\u0008\t\r\u0003\u001b[Ax"))
        .isEqualTo("hi\u007f\u0015\u0017\n\u0008x");
  }

  @Test
  void nothingFilteredHoldsAControlOrFormatCharacter() {
    qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 30))
        .checkAssert(s -> {
          String line = WebText.roomLine(s);
          assertThat(line.codePoints().map(Character::getType))
              .doesNotContain((int) Character.CONTROL, (int) Character.FORMAT,
                  (int) Character.SURROGATE);
          assertThat(WebText.keystrokes(s).codePoints().filter(c -> c < 0x20 || c == 0x7F))
              .allMatch(c -> c == 0x7F || c == 0x15 || c == 0x17 || c == '\n' || c == 0x08);
        });
  }
}

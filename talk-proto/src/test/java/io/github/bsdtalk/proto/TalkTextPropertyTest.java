package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of {@link TalkText} over generated text, valid Unicode or not, 2000 examples each. */
class TalkTextPropertyTest {

  private static final int EXAMPLES = 2000;

  /** Code points, weighted towards the ranges where the rules have edges. */
  private static Gen<Integer> codePoints() {
    return integers().between(0, 0xFF)
        .mix(integers().between(0x2000, 0x206F))
        .mix(integers().between(0, 0xFFFF))
        .mix(integers().between(0, Character.MAX_CODE_POINT));
  }

  /** Any string: chars of any value, lone surrogates included. */
  private static Gen<String> anyStrings() {
    return lists().of(codePoints()).ofSizeBetween(0, 24).map(TalkTextPropertyTest::chars);
  }

  /** Valid Unicode: code points, never a surrogate. */
  private static Gen<String> validStrings() {
    return lists().of(codePoints()).ofSizeBetween(0, 24)
        .map(cps -> chars(cps.stream().filter(cp -> cp < 0xD800 || cp > 0xDFFF).toList()));
  }

  /** Wire strings: any bytes, one char each. */
  private static Gen<String> wireStrings() {
    return lists().of(integers().between(0, 0xFF)).ofSizeBetween(0, 24)
        .map(TalkTextPropertyTest::chars);
  }

  /** Each int appended as a code point (a surrogate value becomes that lone char). */
  private static String chars(List<Integer> cps) {
    StringBuilder sb = new StringBuilder();
    cps.forEach(sb::appendCodePoint);
    return sb.toString();
  }

  @Test
  void forTerminalLeavesNothingATerminalActsOn() {
    qt().withExamples(EXAMPLES)
        .forAll(anyStrings().mix(wireStrings()))
        .checkAssert(s -> assertSafe(TalkText.forTerminal(s)));
  }

  @Test
  void forTerminalReplacesCodePointByCodePointAndKeepsTheRest() {
    qt().withExamples(EXAMPLES)
        .forAll(anyStrings())
        .checkAssert(s -> {
          String out = TalkText.forTerminal(s);
          assertThat(out.codePointCount(0, out.length()))
              .isEqualTo(s.codePointCount(0, s.length()));
          int[] in = s.codePoints().toArray();
          int[] kept = out.codePoints().toArray();
          for (int i = 0; i < in.length; i++) {
            assertThat(kept[i] == in[i] || kept[i] == '?').isTrue();
          }
          assertThat(TalkText.forTerminal(out)).isEqualTo(out); // idempotent
        });
  }

  @Test
  void fromWireUndoesToWireForValidUnicode() {
    qt().withExamples(EXAMPLES)
        .forAll(validStrings())
        .checkAssert(s -> {
          String wire = TalkText.toWire(s);
          assertThat(wire.chars()).allMatch(c -> c <= 0xFF);
          assertThat(wire.getBytes(StandardCharsets.ISO_8859_1))
              .isEqualTo(s.getBytes(StandardCharsets.UTF_8));
          assertThat(TalkText.fromWire(wire)).isEqualTo(s);
        });
  }

  @Test
  void fromWireLosesNoByte() {
    qt().withExamples(EXAMPLES)
        .forAll(wireStrings())
        .checkAssert(w -> assertThat(TalkText.toWire(TalkText.fromWire(w))).satisfiesAnyOf(
            back -> assertThat(back).isEqualTo(w), // it was UTF-8
            back -> assertThat(TalkText.fromWire(w)).isEqualTo(w))); // kept as Latin-1
  }

  @Test
  void displayNameNeverThrowsAndIsSafe() {
    qt().withExamples(EXAMPLES)
        .forAll(anyStrings().mix(wireStrings()))
        .checkAssert(s -> assertSafe(TalkText.displayName(s)));
  }

  @Test
  void aWireNameWithoutControlsDisplaysWithoutReplacingAnyC0OrC1() {
    // hasControlCharacter and displayName read the bytes the same way: a name the check passes
    // loses no character to the C0/DEL/C1 rule when shown.
    qt().withExamples(EXAMPLES)
        .forAll(wireStrings().mix(validStrings().map(TalkText::toWire)))
        .checkAssert(w -> {
          boolean control = TalkText.fromWire(w).codePoints()
              .anyMatch(cp -> cp < 0x20 || cp >= 0x7F && cp <= 0x9F);
          assertThat(TalkText.hasControlCharacter(w)).isEqualTo(control);
        });
  }

  /** The rule, written independently of TalkText's own. */
  private static void assertSafe(String out) {
    out.codePoints().forEach(cp -> {
      int type = Character.getType(cp);
      assertThat(cp < 0x20 || cp >= 0x7F && cp <= 0x9F).as("U+%04X", cp).isFalse();
      assertThat(type)
          .as("U+%04X", cp)
          .isNotIn((int) Character.CONTROL, (int) Character.FORMAT, (int) Character.SURROGATE,
              (int) Character.PRIVATE_USE, (int) Character.UNASSIGNED,
              (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR);
    });
  }
}

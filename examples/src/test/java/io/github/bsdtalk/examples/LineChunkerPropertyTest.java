package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The rules for relayed lines, checked on random text: every line starts with the sender's name,
 * fits in 79 columns on the worst C client's screen, splits no character, and the chunks joined
 * give back the text.
 */
class LineChunkerPropertyTest {

  private static final int EXAMPLES = 2000;

  private static final List<String> PREFIXES =
      List.of("", "*** ", "alice@127.0.0.1: ", "\u0142ukasz@10.0.0.1: ", "\u5f20\u4f1f@10.9.8.7: ");

  /** Code points a relayed line can hold: ASCII, tabs, spaces, Latin, CJK, emoji, anything. */
  private static Gen<Integer> codePoints() {
    return integers()
        .between(0x20, 0x7e)
        .mix(integers().between(0x20, 0x20), 15)
        .mix(integers().between('\t', '\t'), 5)
        .mix(integers().between(0xa0, 0x17f), 10)
        .mix(integers().between(0x4e00, 0x9fff), 15)
        .mix(integers().between(0x1f300, 0x1f64f), 10)
        .mix(integers().between(0xa0, 0x10ffff).assuming(cp -> cp < 0xd800 || cp > 0xdfff), 10);
  }

  private static Gen<String> texts() {
    return lists()
        .of(codePoints())
        .ofSizeBetween(0, 400)
        .map(
            cps -> {
              StringBuilder sb = new StringBuilder();
              cps.forEach(sb::appendCodePoint);
              return sb.toString();
            });
  }

  private static Gen<String> prefixes() {
    return integers().between(0, PREFIXES.size() - 1).map(PREFIXES::get);
  }

  /**
   * Columns on an inetutils screen in a UTF-8 locale, worked out from the bytes, independently of
   * LineChunker: printable ASCII 1, tab to the next multiple of 8, every other byte {@code ^X}.
   */
  private static int inetutilsColumns(String line) {
    int col = 0;
    for (byte b : line.getBytes(StandardCharsets.UTF_8)) {
      if (b == '\t') {
        col = (col / 8 + 1) * 8;
      } else {
        col += b >= 0x20 && b < 0x7f ? 1 : 2;
      }
    }
    return col;
  }

  @Test
  void everyLineStartsWithThePrefixAndTheChunksJoinedAreTheText() {
    qt().withExamples(EXAMPLES)
        .forAll(prefixes(), texts())
        .checkAssert(
            (prefix, text) -> {
              List<String> lines = LineChunker.chunks(prefix, text);
              StringBuilder joined = new StringBuilder();
              for (String line : lines) {
                assertThat(line).startsWith(prefix);
                joined.append(line, prefix.length(), line.length());
              }
              assertThat(joined.toString()).isEqualTo(text);
              assertThat(lines).isNotEmpty();
            });
  }

  @Test
  void everyLineFitsSeventyNineColumnsOnTheWorstScreen() {
    qt().withExamples(EXAMPLES)
        .forAll(prefixes(), texts())
        .checkAssert(
            (prefix, text) -> {
              for (String line : LineChunker.chunks(prefix, text)) {
                assertThat(inetutilsColumns(line)).as(line).isLessThanOrEqualTo(79);
                // no wide character on a UTF-8 terminal takes more than the 4+ counted for it
                assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(79);
              }
            });
  }

  @Test
  void noChunkSplitsACharacterAndNoneEndsEarlyButAfterASpace() {
    qt().withExamples(EXAMPLES)
        .forAll(prefixes(), texts())
        .checkAssert(
            (prefix, text) -> {
              List<String> lines = LineChunker.chunks(prefix, text);
              int at = 0;
              for (int i = 0; i < lines.size(); i++) {
                String body = lines.get(i).substring(prefix.length());
                at += body.length();
                if (!text.isEmpty()) {
                  assertThat(body).isNotEmpty();
                }
                if (!body.isEmpty()) {
                  assertThat(Character.isLowSurrogate(body.charAt(0))).isFalse();
                  assertThat(Character.isHighSurrogate(body.charAt(body.length() - 1))).isFalse();
                }
                if (i < lines.size() - 1 && !body.endsWith(" ")) {
                  // full: the next character would not have fitted
                  int next = text.codePointAt(at);
                  assertThat(LineChunker.columns(LineChunker.columnsAfter(0, lines.get(i)), next))
                      .isGreaterThan(79);
                }
              }
            });
  }
}

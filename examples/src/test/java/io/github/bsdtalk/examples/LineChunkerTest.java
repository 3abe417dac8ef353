package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Examples of how the room cuts long lines; {@link LineChunkerPropertyTest} has the rules. */
class LineChunkerTest {

  private static final String ALICE = "alice@127.0.0.1: "; // 17 columns

  @Test
  void aLineThatFitsIsOneLine() {
    assertThat(LineChunker.chunks(ALICE, "hello")).containsExactly(ALICE + "hello");
    assertThat(LineChunker.chunks(ALICE, "")).containsExactly(ALICE);
  }

  @Test
  void seventyNineColumnsFitAndEightyDoNot() {
    String fits = "x".repeat(79 - ALICE.length());

    assertThat(LineChunker.chunks(ALICE, fits)).containsExactly(ALICE + fits);
    assertThat(LineChunker.chunks(ALICE, fits + "y")).containsExactly(ALICE + fits, ALICE + "y");
  }

  @Test
  void threeHundredCharactersAreFiveLinesEachWithTheName() {
    String line = "0123456789".repeat(30);

    List<String> lines = LineChunker.chunks(ALICE, line);

    // 62 characters after the name on each full line: 4 x 62 + 52
    assertThat(lines).hasSize(5).allSatisfy(l -> assertThat(l).startsWith(ALICE));
    assertThat(lines.subList(0, 4)).allSatisfy(l -> assertThat(l).hasSize(79));
    assertThat(lines.get(4)).hasSize(ALICE.length() + 52);
  }

  @Test
  void aChunkEndsAfterItsLastSpaceWhenThatKeepsMostOfIt() {
    String words = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor";

    List<String> lines = LineChunker.chunks(ALICE, words);

    assertThat(lines)
        .containsExactly(
            ALICE + "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed ",
            ALICE + "do eiusmod tempor");
  }

  @Test
  void aSpaceNearTheStartDoesNotLeaveAnAlmostEmptyRow() {
    String text = "a " + "b".repeat(100);

    List<String> lines = LineChunker.chunks(ALICE, text);

    assertThat(lines.get(0)).isEqualTo(ALICE + "a " + "b".repeat(60));
  }

  @Test
  void everyByteOfACharacterOutsideAsciiCountsTwoColumns() {
    // inetutils talk in a UTF-8 locale shows each of the 3 bytes of U+4E2D as ^X: 6 columns
    String cjk = "\u4e2d".repeat(30);

    List<String> lines = LineChunker.chunks(ALICE, cjk);

    // (79 - 17) / 6 = 10 per line
    assertThat(lines)
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).isEqualTo(ALICE + "\u4e2d".repeat(10)));
    assertThat(LineChunker.columnsAfter(0, "\u00e9")).isEqualTo(4);
    assertThat(LineChunker.columnsAfter(0, "\ud83d\ude00")).isEqualTo(8);
  }

  @Test
  void aSurrogatePairIsNeverSplit() {
    String emoji = "\ud83d\ude00"; // U+1F600, 8 columns
    String text = "x".repeat(60) + emoji + "y";

    List<String> lines = LineChunker.chunks(ALICE, text);

    // 17 + 60 = 77; the emoji would end at 85, so it starts the next line whole
    assertThat(lines).containsExactly(ALICE + "x".repeat(60), ALICE + emoji + "y");
  }

  @Test
  void aTabMovesToTheNextStopOfEight() {
    assertThat(LineChunker.columnsAfter(0, "\t")).isEqualTo(8);
    assertThat(LineChunker.columnsAfter(3, "\t")).isEqualTo(8);
    assertThat(LineChunker.columnsAfter(8, "\t")).isEqualTo(16);
    // 17 + 55 = 72: a tab would end at 80, past the last usable column
    String text = "x".repeat(55) + "\tz";
    assertThat(LineChunker.chunks(ALICE, text))
        .containsExactly(ALICE + "x".repeat(55), ALICE + "\tz");
  }

  @Test
  void aPrefixThatLeavesNoRoomStillMakesProgress() {
    String wide = "p".repeat(90);

    assertThat(LineChunker.chunks(wide, "ab")).containsExactly(wide + "a", wide + "b");
  }
}

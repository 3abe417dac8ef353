package io.github.bsdtalk.examples.screen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.bsdtalk.client.EditChars;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The split screen's layout, editing, UTF-8, width, control-character and resize rules. */
class SplitScreenTest {

  private static final String DEL = "\u007f";
  private static final String KILL = "\u0015";
  private static final String WERASE = "\u0017";

  private static void local(SplitScreen s, String text) {
    byte[] b = text.getBytes(UTF_8);
    s.local(b, 0, b.length);
  }

  private static void peer(SplitScreen s, String text) {
    byte[] b = text.getBytes(UTF_8);
    s.peer(b, 0, b.length);
  }

  private static void peerBytes(SplitScreen s, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    s.peer(b, 0, b.length);
  }

  /** The row being typed in the top half, without trailing blanks. */
  private static String typing(SplitScreen s) {
    return s.lines().get(s.rows() / 2 - 1).stripTrailing();
  }

  /** The peer's row being typed (the last row), without trailing blanks. */
  private static String peerTyping(SplitScreen s) {
    return s.lines().get(s.rows() - 1).stripTrailing();
  }

  private static List<String> top(SplitScreen s) {
    return s.lines().subList(0, s.rows() / 2).stream()
        .map(String::stripTrailing)
        .collect(Collectors.toList());
  }

  private static List<String> bottom(SplitScreen s) {
    return s.lines().subList(s.rows() / 2 + 1, s.rows()).stream()
        .map(String::stripTrailing)
        .collect(Collectors.toList());
  }

  private static int width(String line) {
    return line.codePoints().map(CharWidth::of).sum();
  }

  private static void assertConsistent(SplitScreen s) {
    assertThat(s.lines()).hasSize(s.rows());
    for (String line : s.lines()) {
      assertThat(width(line)).as("width of [%s]", line).isEqualTo(s.columns());
      line.codePoints()
          .forEach(cp -> assertThat(CharWidth.invisible(cp)).as("U+%04X", cp).isFalse());
    }
    assertThat(s.lines().get(s.rows() / 2)).isEqualTo("\u2500".repeat(s.columns()));
    assertThat(s.cursorRow()).isEqualTo(s.rows() / 2 - 1);
    assertThat(s.cursorColumn()).isBetween(0, s.columns() - 1);
  }

  private static List<String> netkitScreen(String name) throws IOException {
    try (InputStream in = SplitScreenTest.class.getResourceAsStream(name + ".txt")) {
      assertThat(in).as(name).isNotNull();
      List<String> lines = new ArrayList<>(new String(in.readAllBytes(), UTF_8).lines().toList());
      lines.remove(0); // the provenance line
      // netkit draws the divider with ACS_HLINE, which tmux's capture shows as q
      lines.replaceAll(l -> l.matches("q+") ? "\u2500".repeat(l.length()) : l.stripTrailing());
      return lines;
    }
  }

  private static List<String> stripped(SplitScreen s) {
    return s.lines().stream().map(String::stripTrailing).collect(Collectors.toList());
  }

  @Test
  void emptyScreenIsSplitLikeNetkit() {
    SplitScreen s = new SplitScreen(100, 30);
    assertThat(s.lines()).hasSize(30).allSatisfy(l -> assertThat(l).hasSize(100));
    // netkit dorefresh(): sepline = LINES/2, 15 rows above it and 14 below
    assertThat(s.lines().get(15)).isEqualTo("\u2500".repeat(100));
    assertThat(s.lines()).filteredOn(l -> l.contains("\u2500")).hasSize(1);
    assertThat(s.cursorRow()).isEqualTo(14);
    assertThat(s.cursorColumn()).isZero();
    assertThat(s.generation()).isZero();
    assertConsistent(s);
  }

  @Test
  void statusScreenMatchesNetkitCapture() throws IOException {
    SplitScreen alice = new SplitScreen(100, 30);
    alice.status("[Connection established]");
    assertThat(stripped(alice)).isEqualTo(netkitScreen("netkit-2-alice-connected"));
  }

  @Test
  void conversationScreensMatchNetkitCaptures() throws IOException {
    // the keys of lab/real-talk-session.sh: tmux sends Enter and BSpace, netkit sends \n and DEL
    String aliceTyped = "Hello bob\n";
    String bobTyped = "hi alice!\ntypo" + DEL + DEL + "o";
    SplitScreen alice = new SplitScreen(100, 30);
    SplitScreen bob = new SplitScreen(100, 30);
    alice.status("[Connection established]");
    bob.status("[Connection established]");
    local(alice, aliceTyped);
    peer(bob, aliceTyped);
    local(bob, bobTyped);
    peer(alice, bobTyped);
    assertThat(stripped(alice)).isEqualTo(netkitScreen("netkit-3-alice-conversation"));
    assertThat(stripped(bob)).isEqualTo(netkitScreen("netkit-3-bob-conversation"));
    assertThat(bob.cursorColumn()).isEqualTo(3); // after "tyo"
  }

  @Test
  void everyKeystrokeShowsAtOnce() {
    SplitScreen s = new SplitScreen(80, 24);
    local(s, "h");
    assertThat(typing(s)).isEqualTo("h");
    local(s, "el");
    assertThat(typing(s)).isEqualTo("hel");
    assertThat(s.cursorColumn()).isEqualTo(3);
    peer(s, "hel");
    assertThat(peerTyping(s)).isEqualTo("hel");
    assertThat(typing(s)).isEqualTo("hel");
    assertConsistent(s);
  }

  @Test
  void eraseRemovesAThreeByteCodePoint() {
    SplitScreen s = new SplitScreen(80, 24);
    local(s, "a\u20ac"); // € is E2 82 AC
    assertThat(typing(s)).isEqualTo("a\u20ac");
    local(s, DEL);
    assertThat(typing(s)).isEqualTo("a");
    assertThat(s.cursorColumn()).isEqualTo(1);
  }

  @Test
  void eraseRemovesAFourByteCodePoint() {
    SplitScreen s = new SplitScreen(80, 24);
    peer(s, "a\uD83D\uDE00b"); // U+1F600 is F0 9F 98 80, two columns
    assertThat(peerTyping(s)).isEqualTo("a\uD83D\uDE00b");
    peer(s, DEL);
    assertThat(peerTyping(s)).isEqualTo("a\uD83D\uDE00");
    peer(s, DEL);
    assertThat(peerTyping(s)).isEqualTo("a");
    assertConsistent(s);
  }

  @Test
  void eraseOfAWideCharacterFreesBothColumns() {
    SplitScreen s = new SplitScreen(80, 24);
    local(s, "caf\u00e9 \u65e5\u672c");
    assertThat(s.cursorColumn()).isEqualTo(9); // c a f é blank 日(2) 本(2)
    local(s, DEL);
    assertThat(typing(s)).isEqualTo("caf\u00e9 \u65e5");
    assertThat(s.cursorColumn()).isEqualTo(7);
    assertThat(width(s.lines().get(s.cursorRow()))).isEqualTo(80);
  }

  @Test
  void eraseRemovesACombiningMarkFirst() {
    SplitScreen s = new SplitScreen(80, 24);
    local(s, "cafe\u0301");
    assertThat(typing(s)).isEqualTo("cafe\u0301");
    assertThat(s.cursorColumn()).isEqualTo(4);
    local(s, DEL);
    assertThat(typing(s)).isEqualTo("cafe");
    local(s, DEL);
    assertThat(typing(s)).isEqualTo("caf");
  }

  @Test
  void backspaceAndDelAlwaysErase() {
    SplitScreen s = new SplitScreen(80, 24);
    s.peerEditChars(new EditChars((byte) '#', (byte) '@', (byte) 0x17));
    peer(s, "abcd\b" + DEL + "#");
    assertThat(peerTyping(s)).isEqualTo("a");
  }

  @Test
  void killErasesTheLineBeingTypedOnly() {
    SplitScreen s = new SplitScreen(80, 24);
    local(s, "first\nhello wor" + KILL);
    assertThat(typing(s)).isEmpty();
    assertThat(s.lines().get(s.cursorRow() - 1).stripTrailing()).isEqualTo("first");
    local(s, KILL + DEL + WERASE);
    assertThat(s.lines().get(s.cursorRow() - 1).stripTrailing()).isEqualTo("first");
  }

  @Test
  void wordEraseRemovesTheLastWordAsNetkit() {
    SplitScreen s = new SplitScreen(80, 24);
    local(s, "hello world" + WERASE);
    assertThat(typing(s)).isEqualTo("hello");
    assertThat(s.cursorColumn()).isEqualTo(6); // the blank stays: "hello "
    local(s, KILL + "hello world   " + WERASE); // trailing blanks go with the word
    assertThat(s.cursorColumn()).isEqualTo(6);
    local(s, KILL + "    " + WERASE); // blanks only: all of them
    assertThat(s.cursorColumn()).isZero();
    local(s, "\u65e5\u672c \u8a9e" + WERASE);
    assertThat(typing(s)).isEqualTo("\u65e5\u672c");
    assertThat(s.cursorColumn()).isEqualTo(5);
  }

  @Test
  void eachSideUsesItsOwnEditCharacters() {
    SplitScreen s = new SplitScreen(80, 24);
    s.localEditChars(new EditChars((byte) 0x08, (byte) 0x18, (byte) 0x17)); // ^H, ^X, ^W
    s.peerEditChars(new EditChars((byte) '#', (byte) '@', (byte) '%'));
    peer(s, "abc#");
    assertThat(peerTyping(s)).isEqualTo("ab");
    peer(s, " de%");
    assertThat(peerTyping(s)).isEqualTo("ab");
    peer(s, "@");
    assertThat(peerTyping(s)).isEmpty();
    local(s, "x#@%");
    assertThat(typing(s)).isEqualTo("x#@%");
    local(s, "\u0018");
    assertThat(typing(s)).isEmpty();
    peer(s, "q\u0018"); // ^X is our kill, not the peer's: shown
    assertThat(peerTyping(s)).isEqualTo("q^X");
  }

  @Test
  void utf8SplitAtEveryByteBoundaryArrivesWhole() {
    String text = "caf\u00e9 \u65e5\u672c \uD83D\uDE00!";
    byte[] bytes = text.getBytes(UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      SplitScreen s = new SplitScreen(80, 24);
      s.peer(bytes, 0, cut);
      s.peer(bytes, cut, bytes.length - cut);
      assertThat(peerTyping(s)).as("cut at %d", cut).isEqualTo(text);
    }
    SplitScreen one = new SplitScreen(80, 24);
    for (int i = 0; i < bytes.length; i++) {
      one.local(bytes, i, 1);
    }
    assertThat(typing(one)).isEqualTo(text);
  }

  @Test
  void invalidBytesShowOneReplacementPerBadSequence() {
    SplitScreen s = new SplitScreen(80, 24);
    peerBytes(s, 'a', 0xFF, 'b'); // never valid
    assertThat(peerTyping(s)).isEqualTo("a\uFFFDb");
    peer(s, KILL);
    peerBytes(s, 0xE6, 0x97, 'x'); // truncated 3-byte sequence: one U+FFFD, then x
    assertThat(peerTyping(s)).isEqualTo("\uFFFDx");
    peer(s, KILL);
    peerBytes(s, 0xC0, 0x80); // overlong NUL: two bad bytes
    assertThat(peerTyping(s)).isEqualTo("\uFFFD\uFFFD");
    peer(s, KILL);
    peerBytes(s, 0xED, 0xA0, 0x80); // a surrogate
    assertThat(peerTyping(s)).isEqualTo("\uFFFD\uFFFD\uFFFD");
    peer(s, KILL);
    peerBytes(s, 0xF4, 0x90, 0x80, 0x80); // above U+10FFFF
    assertThat(peerTyping(s)).isEqualTo("\uFFFD".repeat(4));
    peer(s, KILL);
    peerBytes(s, 0xE6, 0x97);
    peer(s, DEL); // an edit character interrupts a sequence: its U+FFFD, then the erase
    assertThat(peerTyping(s)).isEmpty();
    assertConsistent(s);
  }

  @Test
  void noControlOrEscapeSequenceFromThePeerReachesACell() {
    SplitScreen s = new SplitScreen(80, 24);
    peer(s, "\u001b[2J\u001b]0;pwned\u0007x");
    assertThat(peerTyping(s)).isEqualTo("^[[2J^[]0;pwnedx"); // netkit: ^ and (c & 63) + 64
    peer(s, "\n\u009b31m\u0085"); // C1 CSI and NEL, encoded in UTF-8
    assertThat(peerTyping(s)).isEqualTo("^[31m^E");
    peerBytes(s, '\n', 0x9B, 'm'); // a raw C1 byte is not UTF-8
    assertThat(peerTyping(s)).isEqualTo("\uFFFDm");
    peer(s, "\nab\u202ecd\u2066e\u200df\ufeffg\u2028h"); // bidi, ZWJ, BOM, separator: dropped
    assertThat(peerTyping(s)).isEqualTo("abcdefgh");
    peer(s, "\n\u0000\u0001\u001f\f");
    assertThat(peerTyping(s)).isEqualTo("^@^A^_");
    assertConsistent(s);
    for (String line : s.lines()) {
      assertThat(line.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
    }
  }

  @Test
  void aControlCharacterIsErasedWhole() {
    SplitScreen s = new SplitScreen(80, 24);
    peer(s, "a\u0001");
    assertThat(peerTyping(s)).isEqualTo("a^A");
    peer(s, DEL);
    assertThat(peerTyping(s)).isEqualTo("a");
  }

  @Test
  void aLineWrapsBeforeTheLastColumn() {
    SplitScreen s = new SplitScreen(20, 8);
    local(s, "a".repeat(19));
    assertThat(typing(s)).isEqualTo("a".repeat(19));
    assertThat(s.cursorColumn()).isEqualTo(19); // the last column stays empty, as in netkit
    local(s, "b");
    assertThat(top(s).subList(2, 4)).containsExactly("a".repeat(19), "b");
    local(s, DEL + DEL); // the wrapped row is finished: erase stops at the start of the line
    assertThat(top(s).subList(2, 4)).containsExactly("a".repeat(19), "");
  }

  @Test
  void aWideCharacterThatDoesNotFitStartsTheNextLine() {
    SplitScreen s = new SplitScreen(20, 8);
    peer(s, "a".repeat(18) + "\u65e5");
    assertThat(bottom(s).subList(1, 3)).containsExactly("a".repeat(18), "\u65e5");
    assertConsistent(s);
  }

  @Test
  void aFullHalfScrollsAsNetkitDoes() {
    SplitScreen s = new SplitScreen(40, 10); // 5 rows above the divider, 4 below
    for (int i = 1; i <= 7; i++) {
      local(s, "mine " + i + "\n");
      peer(s, "his " + i + "\n");
    }
    local(s, "now");
    peer(s, "then");
    assertThat(top(s)).containsExactly("mine 4", "mine 5", "mine 6", "mine 7", "now");
    assertThat(bottom(s)).containsExactly("his 5", "his 6", "his 7", "then");
  }

  @Test
  void newlineAndCarriageReturnEachFinishALine() {
    SplitScreen s = new SplitScreen(40, 10);
    peer(s, "one\r\ntwo\rthree");
    assertThat(bottom(s)).containsExactly("one", "", "two", "three");
  }

  @Test
  void tabMovesToTheNextMultipleOfEight() {
    SplitScreen s = new SplitScreen(40, 10);
    local(s, "ab\tc");
    assertThat(typing(s)).isEqualTo("ab      c");
    local(s, KILL + "12345678\tx");
    assertThat(typing(s)).isEqualTo("12345678        x");
    local(s, DEL + DEL);
    assertThat(s.cursorColumn()).isEqualTo(15); // each blank is erased on its own
    local(s, KILL + "a".repeat(36) + "\t"); // to the end of the line: the next line is the stop
    assertThat(s.cursorColumn()).isZero();
    local(s, "z");
    assertThat(top(s).subList(3, 5)).containsExactly("a".repeat(36), "z");
  }

  @Test
  void statusGoesOnRowZeroAndLeavesWithOurNextLine() {
    SplitScreen s = new SplitScreen(60, 20);
    s.status("[Waiting for your party to respond]");
    assertThat(s.lines().get(0)).startsWith("[Waiting for your party to respond] ");
    s.status("[Ringing your party again]");
    assertThat(s.lines().get(0).stripTrailing()).isEqualTo("[Ringing your party again]");
    peer(s, "hi\n");
    assertThat(s.lines().get(0).stripTrailing()).isEqualTo("[Ringing your party again]");
    local(s, "typing");
    assertThat(s.lines().get(0).stripTrailing()).isEqualTo("[Ringing your party again]");
    local(s, "\n");
    assertThat(s.lines().get(0).stripTrailing()).isEmpty();
    s.status("[Connection closed. ^C to exit]");
    s.status("");
    assertThat(s.lines().get(0).stripTrailing()).isEmpty();
  }

  @Test
  void statusCoversOnlyTheStartOfRowZero() {
    SplitScreen s = new SplitScreen(20, 8); // 4 rows above the divider
    local(s, "\u65e5".repeat(9) + "\n1\n2\n");
    assertThat(s.lines().get(0).stripTrailing()).isEqualTo("\u65e5".repeat(9));
    s.status("[abc]"); // covers columns 0-4; the wide character at 4-5 loses its first half
    assertThat(s.lines().get(0).stripTrailing()).isEqualTo("[abc] " + "\u65e5".repeat(6));
    assertConsistent(s);
    s.status("[" + "x".repeat(40) + "\u001b[2J]");
    assertThat(s.lines().get(0)).isEqualTo("[" + "x".repeat(19));
    s.status("[\u001b[2J]");
    assertThat(s.lines().get(0)).startsWith("[^[[2J]");
    assertConsistent(s);
  }

  @Test
  void resizeTo100x30Then50x16KeepsTheLatestText() {
    SplitScreen s = new SplitScreen(80, 24);
    for (int i = 1; i <= 20; i++) {
      local(s, "mine " + i + "\n");
      peer(s, "his " + i + "\n");
    }
    local(s, "typed");
    peer(s, "peer typed");
    s.resize(100, 30);
    assertThat(s.columns()).isEqualTo(100);
    assertThat(s.rows()).isEqualTo(30);
    assertConsistent(s);
    assertThat(top(s).subList(12, 15)).containsExactly("mine 19", "mine 20", "typed");
    assertThat(bottom(s).subList(11, 14)).containsExactly("his 19", "his 20", "peer typed");
    s.resize(50, 16);
    assertConsistent(s);
    assertThat(s.lines().get(8)).isEqualTo("\u2500".repeat(50));
    assertThat(top(s)).endsWith("mine 19", "mine 20", "typed");
    assertThat(bottom(s)).endsWith("his 19", "his 20", "peer typed");
    assertThat(s.cursorRow()).isEqualTo(7);
    assertThat(s.cursorColumn()).isEqualTo(5);
    local(s, "!");
    peer(s, "!");
    assertThat(typing(s)).isEqualTo("typed!");
    assertThat(peerTyping(s)).isEqualTo("peer typed!");
  }

  @Test
  void resizeReflowsWrappedLines() {
    SplitScreen s = new SplitScreen(100, 30);
    String longLine = "word ".repeat(30).trim(); // 149 columns: two rows at 100
    peer(s, longLine + "\nlast\n");
    assertThat(bottom(s).subList(10, 13))
        .containsExactly(longLine.substring(0, 99), longLine.substring(99), "last");
    s.resize(40, 30);
    assertThat(bottom(s).subList(8, 14))
        .containsExactly(
            longLine.substring(0, 39),
            longLine.substring(39, 78),
            longLine.substring(78, 117),
            longLine.substring(117),
            "last",
            "");
    s.resize(200, 30); // wider again: the rows are joined once more
    assertThat(bottom(s).subList(11, 13)).containsExactly(longLine, "last");
    assertConsistent(s);
  }

  @Test
  void resizeNarrowerWrapsTheLineBeingTyped() {
    SplitScreen s = new SplitScreen(100, 30);
    local(s, "x".repeat(60));
    s.resize(25, 10);
    assertConsistent(s);
    assertThat(top(s)).endsWith("x".repeat(24), "x".repeat(24), "x".repeat(12));
    assertThat(s.cursorColumn()).isEqualTo(12);
  }

  @Test
  void resizeToAnySizeClampsAndNeverThrows() {
    SplitScreen s = new SplitScreen(0, -5);
    assertThat(s.columns()).isEqualTo(SplitScreen.MIN_COLUMNS);
    assertThat(s.rows()).isEqualTo(SplitScreen.MIN_ROWS);
    local(s, "text \u65e5\u672c\n");
    for (int[] size :
        new int[][] {{1, 1}, {0, 0}, {-1, -1}, {Integer.MAX_VALUE, Integer.MAX_VALUE}, {19, 7}}) {
      assertThatCode(() -> s.resize(size[0], size[1])).doesNotThrowAnyException();
      assertConsistent(s);
    }
    assertThat(s.columns()).isEqualTo(20);
    assertThat(s.rows()).isEqualTo(8);
    assertThat(top(s)).contains("text \u65e5\u672c");
  }

  @Test
  void generationMovesOnVisibleChangesOnly() {
    SplitScreen s = new SplitScreen(80, 24);
    long g = s.generation();
    local(s, DEL); // nothing to erase
    s.resize(80, 24);
    s.status("");
    peer(s, "\u200d"); // dropped
    peerBytes(s, 0xE6); // pending
    assertThat(s.generation()).isEqualTo(g);
    peerBytes(s, 0x97, 0xA5);
    assertThat(s.generation()).isGreaterThan(g);
    g = s.generation();
    local(s, "a");
    assertThat(s.generation()).isGreaterThan(g);
    g = s.generation();
    s.status("[x]");
    assertThat(s.generation()).isGreaterThan(g);
    g = s.generation();
    s.resize(81, 24);
    assertThat(s.generation()).isGreaterThan(g);
  }
}

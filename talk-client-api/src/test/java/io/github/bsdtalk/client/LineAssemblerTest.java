package io.github.bsdtalk.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {

  private static final byte DEL = 0x7F;
  private static final byte KILL = 0x15;
  private static final byte WERASE = 0x17;

  /** Concatenates strings (as UTF-8) and single bytes. */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String) {
        out.writeBytes(((String) p).getBytes(UTF_8));
      } else if (p instanceof Byte) {
        out.write((Byte) p);
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  private static LineAssembler assembler() {
    return new LineAssembler(EditChars.DEFAULT);
  }

  @Test
  void anEditByteThatNoUtf8TextUsesActsAsTheEditFromF5Up() {
    // 0xF5 is the first lead byte UTF-8 never uses (RFC 3629), so it can be the erase character
    LineAssembler lines = new LineAssembler(new EditChars((byte) 0xF5, KILL, WERASE));

    assertThat(lines.feed(bytes("ab", 0xF5, "\n"))).containsExactly("a");
  }

  @Test
  void anEditByteThatUtf8ContinuationsUseIsTextNotTheEdit() {
    // 0x80 continues UTF-8 characters: as erase it would eat text, so it stays a (bad) byte
    LineAssembler lines = new LineAssembler(new EditChars((byte) 0x80, KILL, WERASE));

    assertThat(lines.feed(bytes("ab", 0x80, "\n"))).containsExactly("ab\uFFFD");
  }

  @Test
  void anEditByteEndsAPendingCharacterSoTheNextByteStartsAfresh() {
    LineAssembler lines = new LineAssembler(new EditChars((byte) 0xF8, KILL, WERASE));

    // C3 waits for a continuation; F8 ends it as U+FFFD and erases that; A9 is then a stray
    // continuation byte (U+FFFD), not the end of C3 A9 (é)
    assertThat(lines.feed(bytes("x", 0xC3, 0xF8, 0xA9, "\n"))).containsExactly("x\uFFFD");
  }

  @Test
  void saysWhetherItSanitizes() {
    assertThat(new LineAssembler(EditChars.DEFAULT, false).sanitizes()).isFalse();
    assertThat(new LineAssembler(EditChars.DEFAULT, true).sanitizes()).isTrue();
  }

  @Test
  void assemblesTheStreamCapturedFromNetkitTalk() {
    byte[] stream = Golden.load("netkit-tcp-callee-to-caller.hex");
    assertThat(stream).hasSize(20);
    EditChars peer = EditChars.fromWire(Arrays.copyOf(stream, 3));
    LineAssembler lines = new LineAssembler(peer);

    assertThat(lines.feed(stream, 3, stream.length - 3)).containsExactly("hi alice!");
    assertThat(lines.pending()).isEqualTo("tyo");
    assertThat(lines.finish()).contains("tyo");
  }

  @Test
  void assemblesTheCapturedStreamFedOneSegmentAtATime() {
    // Segment sizes of PKT 25..34 in netkit-session.txt.
    byte[] stream = Golden.load("netkit-tcp-callee-to-caller.hex");
    int[] segments = {1, 8, 1, 1, 1, 1, 1, 1, 1, 1};
    LineAssembler lines = new LineAssembler(EditChars.fromWire(Arrays.copyOf(stream, 3)));
    List<String> got = new ArrayList<>();
    int off = 3;
    for (int len : segments) {
      got.addAll(lines.feed(stream, off, len));
      off += len;
    }
    assertThat(off).isEqualTo(stream.length);
    assertThat(got).containsExactly("hi alice!");
    assertThat(lines.pending()).isEqualTo("tyo");
  }

  @Test
  void decodesUtf8SplitAtEveryByteBoundary() {
    byte[] text = bytes("héllo wörld\n");
    for (int split = 0; split <= text.length; split++) {
      LineAssembler lines = assembler();
      List<String> got = new ArrayList<>(lines.feed(text, 0, split));
      got.addAll(lines.feed(text, split, text.length - split));
      assertThat(got).as("split at %d", split).containsExactly("héllo wörld");
    }
  }

  @Test
  void decodesUtf8FedOneByteAtATime() {
    byte[] text = bytes("日本語 € \uD83D\uDE00\n");
    LineAssembler lines = assembler();
    List<String> got = new ArrayList<>();
    for (int i = 0; i < text.length; i++) {
      got.addAll(lines.feed(text, i, 1));
    }
    assertThat(got).containsExactly("日本語 € \uD83D\uDE00");
  }

  @Test
  void eraseRemovesAWholeMultiByteCharacter() {
    LineAssembler lines = assembler();
    lines.feed(bytes("hé", DEL));
    assertThat(lines.pending()).isEqualTo("h");
    lines.feed(bytes("€", (byte) 0x08));
    assertThat(lines.pending()).isEqualTo("h");
  }

  @Test
  void eraseRemovesASurrogatePairAsOneCharacter() {
    LineAssembler lines = assembler();
    lines.feed(bytes("a\uD83D\uDE00", DEL));
    assertThat(lines.pending()).isEqualTo("a");
    lines.feed(bytes("\uD83D\uDE00\uD83D\uDE01", DEL));
    assertThat(lines.pending()).isEqualTo("a\uD83D\uDE00");
  }

  @Test
  void eraseOnAnEmptyLineDoesNothing() {
    LineAssembler lines = assembler();
    lines.feed(bytes(DEL, DEL, "x"));
    assertThat(lines.pending()).isEqualTo("x");
    assertThat(lines.feed(bytes("ab\n", DEL, "c\n"))).containsExactly("xab", "c");
  }

  @Test
  void backspaceAndDelEraseWhateverThePeersEraseKeyIs() {
    EditChars hash = new EditChars((byte) '#', (byte) '@', WERASE);
    LineAssembler lines = new LineAssembler(hash);
    assertThat(lines.feed(bytes("abc", (byte) 0x08, "d", DEL, "e#f\n"))).containsExactly("abf");
  }

  @Test
  void appliesOldStyleHashEraseAndAtKill() {
    // Classic UNIX line editing: # erases, @ kills, as a peer with those tty settings sends them.
    EditChars hash = new EditChars((byte) '#', (byte) '@', WERASE);
    LineAssembler lines = new LineAssembler(hash);
    assertThat(lines.feed(bytes("ab#c@xy#z\n"))).containsExactly("xz");
  }

  @Test
  void killClearsTheLine() {
    LineAssembler lines = assembler();
    assertThat(lines.feed(bytes("hello wörld", KILL, "bye\n"))).containsExactly("bye");
    lines.feed(bytes("again", KILL));
    assertThat(lines.pending()).isEmpty();
    assertThat(lines.finish()).isEmpty();
  }

  @Test
  void wordEraseRemovesTrailingSpacesThenTheWord() {
    LineAssembler lines = assembler();
    lines.feed(bytes("hello wörld   ", WERASE));
    assertThat(lines.pending()).isEqualTo("hello ");
    lines.feed(bytes(WERASE));
    assertThat(lines.pending()).isEmpty();
    lines.feed(bytes("   ", WERASE));
    assertThat(lines.pending()).isEmpty();
    lines.feed(bytes("a\tb\t", WERASE));
    assertThat(lines.pending()).isEqualTo("a\t");
    lines.feed(bytes("x \uD83D\uDE00\uD83D\uDE00", WERASE));
    assertThat(lines.pending()).isEqualTo("a\tx ");
  }

  @Test
  void wordEraseOnAnEmptyLineDoesNothing() {
    LineAssembler lines = assembler();
    assertThat(lines.feed(bytes(WERASE, "a\n"))).containsExactly("a");
  }

  @Test
  void crLfEndsOneLineAndCrOrLfAloneEndOneEach() {
    LineAssembler lines = assembler();
    assertThat(lines.feed(bytes("a\r\nb\rc\n\nd\r"))).containsExactly("a", "b", "c", "", "d");
    // The \n that completes d's \r\n arrives in the next chunk: still one line end.
    assertThat(lines.feed(bytes("\ne\n\r"))).containsExactly("e", "");
  }

  @Test
  void crThenSomethingThenLfIsTwoLineEnds() {
    LineAssembler lines = assembler();
    assertThat(lines.feed(bytes("a\r", (byte) 0x07, "\n"))).containsExactly("a", "");
  }

  @Test
  void dropsBellAndFormFeedAndKeepsTab() {
    LineAssembler lines = assembler();
    assertThat(lines.feed(bytes("a\u0007b\fc\td\n"))).containsExactly("abc\td");
  }

  @Test
  void keepsOtherControlsUnlessSanitising() {
    byte[] evil = bytes("\u001b[31mred\u001b[0m\u0000\u0085\n");
    assertThat(new LineAssembler(EditChars.DEFAULT).feed(evil))
        .containsExactly("\u001b[31mred\u001b[0m\u0000\u0085");
    assertThat(new LineAssembler(EditChars.DEFAULT, true).feed(evil))
        .containsExactly("^[[31mred^[[0m^@?");
  }

  @Test
  void sanitisesPendingAndFinishedLinesToo() {
    LineAssembler lines = new LineAssembler(EditChars.DEFAULT, true);
    lines.feed(bytes("x\u001b]0;t"));
    assertThat(lines.pending()).isEqualTo("x^[]0;t");
    assertThat(lines.finish()).contains("x^[]0;t");
    assertThat(lines.sanitizes()).isTrue();
  }

  @Test
  void replacesMalformedUtf8() {
    LineAssembler lines = assembler();
    assertThat(lines.feed(bytes("a", 0xFF, "b", 0xC0, 0x80, "c", 0xED, 0xA0, 0x80, "d\n")))
        .containsExactly("a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFD\uFFFDd");
    // A truncated sequence interrupted by ASCII: one U+FFFD, then the ASCII.
    assertThat(lines.feed(bytes("x", 0xE2, 0x82, "y", 0xF0, 0x9F, "\n")))
        .containsExactly("x\uFFFDy\uFFFD");
  }

  @Test
  void encodedSurrogatePrefixGivesOneReplacementPerByte() {
    // ED may only be followed by 80..9F (Unicode table 3-7), so ED A0 is two ill-formed subparts.
    // (java.lang.String gives one U+FFFD for ED A0 here; we follow Unicode's recommended practice.)
    LineAssembler lines = assembler();
    assertThat(lines.feed(bytes(0xED, 0xA0, "x", 0xED, 0x9F, 0xBF, "\n")))
        .containsExactly("\uFFFD\uFFFDx\uD7FF");
  }

  @Test
  void anIncompleteCharacterIsNotPendingUntilItCompletes() {
    LineAssembler lines = assembler();
    lines.feed(bytes("a", 0xE2, 0x82));
    assertThat(lines.pending()).isEqualTo("a");
    lines.feed(bytes(0xAC));
    assertThat(lines.pending()).isEqualTo("a€");
  }

  @Test
  void finishTurnsAnIncompleteCharacterIntoReplacement() {
    LineAssembler lines = assembler();
    lines.feed(bytes("ab", 0xE2, 0x82));
    assertThat(lines.finish()).contains("ab\uFFFD");
    assertThat(lines.pending()).isEmpty();
    assertThat(lines.finish()).isEmpty();
    lines.feed(bytes(0xF0));
    assertThat(lines.finish()).contains("\uFFFD");
  }

  @Test
  void finishReturnsNothingWhenTheLastLineWasEnded() {
    LineAssembler lines = assembler();
    lines.feed(bytes("done\n"));
    assertThat(lines.finish()).isEqualTo(Optional.empty());
  }

  @Test
  void canBeFedAgainAfterFinish() {
    LineAssembler lines = assembler();
    lines.feed(bytes("a\r"));
    lines.finish();
    // finish forgets the \r, so this \n is a line end of its own.
    assertThat(lines.feed(bytes("\nb\n"))).containsExactly("", "b");
  }

  @Test
  void breaksALineWhenItReachesTheBound() {
    LineAssembler lines = new LineAssembler(EditChars.DEFAULT, false, 4);
    assertThat(lines.feed(bytes("abcdefghij\n"))).containsExactly("abcd", "efgh", "ij");
    assertThat(lines.maxLineLength()).isEqualTo(4);
  }

  @Test
  void aLineEndRightAfterABreakIsAbsorbed() {
    LineAssembler lines = new LineAssembler(EditChars.DEFAULT, false, 4);
    assertThat(lines.feed(bytes("abcd\nxy\n"))).containsExactly("abcd", "xy");
    assertThat(lines.feed(bytes("abcd\r\n\n"))).containsExactly("abcd", "");
    assertThat(lines.feed(bytes("abcd", DEL, "\n"))).containsExactly("abcd", "");
  }

  @Test
  void countsTheBoundInCodePoints() {
    LineAssembler lines = new LineAssembler(EditChars.DEFAULT, false, 3);
    assertThat(lines.feed(bytes("\uD83D\uDE00é€\uD83D\uDE01\n")))
        .containsExactly("\uD83D\uDE00é€", "\uD83D\uDE01");
  }

  @Test
  void eraseKeepsTheCodePointCountRight() {
    LineAssembler lines = new LineAssembler(EditChars.DEFAULT, false, 3);
    assertThat(lines.feed(bytes("ab", DEL, DEL, DEL, "cd", WERASE, "xy", KILL, "123")))
        .containsExactly("123");
    assertThat(lines.feed(bytes("\uD83D\uDE00\uD83D\uDE00", DEL, "é€")))
        .containsExactly("\uD83D\uDE00é€");
  }

  @Test
  void neverHoldsMoreThanTheDefaultBound() {
    LineAssembler lines = assembler();
    byte[] flood = new byte[10_000];
    Arrays.fill(flood, (byte) 'x');
    List<String> got = lines.feed(flood);
    assertThat(got).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(4096));
    assertThat(lines.pending()).hasSize(10_000 - 2 * 4096);
    assertThat(LineAssembler.DEFAULT_MAX_LINE_LENGTH).isEqualTo(4096);
  }

  @Test
  void appliesAnEditByteThatIsNeverUtf8() {
    // ytalk sends erase 0xFE; the byte cannot occur in UTF-8, so it can act as erase.
    LineAssembler lines =
        new LineAssembler(EditChars.fromWire(new byte[] {(byte) 0xFE, KILL, WERASE}));
    lines.feed(bytes("ab", 0xFE, "é", 0xFE));
    assertThat(lines.pending()).isEqualTo("a");
    // In the middle of a character it ends the character (U+FFFD) and then erases that.
    lines.feed(bytes("x", 0xE2, 0x82, 0xFE));
    assertThat(lines.pending()).isEqualTo("ax");
  }

  @Test
  void decodesAnEditByteThatUtf8UsesAsText() {
    // 0xC3 starts "é" in UTF-8; as an erase key it would cut text apart, so it is text.
    LineAssembler lines = new LineAssembler(new EditChars((byte) 0xC3, KILL, WERASE));
    assertThat(lines.feed(bytes("é\n"))).containsExactly("é");
  }

  @Test
  void matchesEditCharsOnlyAgainstAsciiCodePoints() {
    // U+00FE (þ, c3 be) and U+0015 encoded overlong (c0 95) must not act as erase or kill.
    LineAssembler lines = new LineAssembler(new EditChars((byte) 0xFE, KILL, WERASE));
    assertThat(lines.feed(bytes("aþ", 0xC0, 0x95, "\n"))).containsExactly("aþ\uFFFD\uFFFD");
  }

  @Test
  void lineEndBeatsAnEditCharacterThatIsAlsoALineEnd() {
    LineAssembler lines = new LineAssembler(new EditChars((byte) '\n', (byte) '\r', WERASE));
    assertThat(lines.feed(bytes("ab\ncd\r"))).containsExactly("ab", "cd");
  }

  @Test
  void editCharactersBeatBellAndFormFeed() {
    LineAssembler lines = new LineAssembler(new EditChars((byte) 0x07, (byte) 0x0C, WERASE));
    assertThat(lines.feed(bytes("abc\u0007\n"))).containsExactly("ab");
    assertThat(lines.feed(bytes("abc\f\n"))).containsExactly("");
  }

  @Test
  void returnsAnUnmodifiableList() {
    List<String> got = assembler().feed(bytes("a\n"));
    assertThatThrownBy(() -> got.add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void checksArguments() {
    LineAssembler lines = assembler();
    assertThatThrownBy(() -> lines.feed(new byte[4], 3, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> lines.feed(new byte[4], -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new LineAssembler(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new LineAssembler(EditChars.DEFAULT, false, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(lines.peerEditChars()).isEqualTo(EditChars.DEFAULT);
  }
}

package io.github.bsdtalk.examples.screen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.bsdtalk.client.EditChars;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Any bytes on both sides, any status messages, interleaved with any resizes, leave a consistent
 * screen: exactly {@code rows()} lines of exactly {@code columns()} columns, one divider row, no
 * control or format character in any cell, the cursor in the top half, a generation that moves
 * exactly when the screen does; and how the bytes are split into calls does not matter.
 */
class SplitScreenPropertyTest {

  private static final int EXAMPLES = 400;

  /** One call on the model. */
  private record Event(int kind, byte[] bytes, int columns, int rows) {
    static final int LOCAL = 0;
    static final int PEER = 1;
    static final int STATUS = 2;
    static final int RESIZE = 3;

    @Override
    public String toString() {
      return switch (kind) {
        case LOCAL -> "local" + hex(bytes);
        case PEER -> "peer" + hex(bytes);
        case STATUS -> "status(" + new String(bytes, UTF_8) + ")";
        default -> "resize(" + columns + "x" + rows + ")";
      };
    }

    private static String hex(byte[] bytes) {
      StringBuilder sb = new StringBuilder("[");
      for (byte b : bytes) {
        sb.append(String.format(" %02x", b & 0xff));
      }
      return sb.append(" ]").toString();
    }
  }

  /** Code points worth typing: ASCII, edit and other controls, C1, marks, format, wide, any. */
  private static Gen<Integer> codePoints() {
    return integers()
        .between(0x20, 0x7e)
        .mix(Generate.pick(List.of(0x7f, 0x08, 0x15, 0x17, 0x0a, 0x0d, 0x09, 0x1b, 0x07)), 25)
        .mix(integers().between(0, 0x1f), 5)
        .mix(integers().between(0x80, 0x9f), 5)
        .mix(integers().between(0x300, 0x36f), 8)
        .mix(Generate.pick(List.of(0x200b, 0x200d, 0x200e, 0x202e, 0x2066, 0xfeff, 0x2028)), 5)
        .mix(integers().between(0x4e00, 0x9fff), 10)
        .mix(integers().between(0x1f300, 0x1f64f), 8)
        .mix(integers().between(0xa0, 0x10ffff).assuming(cp -> cp < 0xd800 || cp > 0xdfff), 10);
  }

  private static Gen<byte[]> utf8Text() {
    return lists()
        .of(codePoints())
        .ofSizeBetween(0, 60)
        .map(
            cps -> {
              StringBuilder sb = new StringBuilder();
              cps.forEach(sb::appendCodePoint);
              return sb.toString().getBytes(UTF_8);
            });
  }

  private static Gen<byte[]> anyBytes() {
    return Generate.byteArrays(
        integers().between(0, 40), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  private static Gen<byte[]> typed() {
    return utf8Text().mix(anyBytes(), 30);
  }

  private static Gen<Integer> sizes() {
    return integers().between(1, 30).mix(integers().between(1, 250), 40);
  }

  private static Gen<Event> events() {
    Gen<Event> local = typed().map(b -> new Event(Event.LOCAL, b, 0, 0));
    Gen<Event> peer = typed().map(b -> new Event(Event.PEER, b, 0, 0));
    Gen<Event> status = typed().map(b -> new Event(Event.STATUS, b, 0, 0));
    Gen<Event> resize = sizes().zip(sizes(), (c, r) -> new Event(Event.RESIZE, new byte[0], c, r));
    return peer.mix(local, 40).mix(resize, 20).mix(status, 8);
  }

  private static void apply(SplitScreen s, Event e) {
    switch (e.kind()) {
      case Event.LOCAL -> s.local(e.bytes(), 0, e.bytes().length);
      case Event.PEER -> s.peer(e.bytes(), 0, e.bytes().length);
      case Event.STATUS -> s.status(new String(e.bytes(), UTF_8));
      default -> s.resize(e.columns(), e.rows());
    }
  }

  private static void assertConsistent(SplitScreen s) {
    assertThat(s.columns()).isBetween(SplitScreen.MIN_COLUMNS, 1024);
    assertThat(s.rows()).isBetween(SplitScreen.MIN_ROWS, 1024);
    List<String> lines = s.lines();
    assertThat(lines).hasSize(s.rows());
    String divider = "\u2500".repeat(s.columns());
    assertThat(lines.get(s.rows() / 2)).isEqualTo(divider);
    assertThat(lines).filteredOn(divider::equals).hasSize(1);
    for (String line : lines) {
      assertThat(line.codePoints().map(CharWidth::of).sum())
          .as("columns of [%s]", line)
          .isEqualTo(s.columns());
      line.codePoints()
          .forEach(
              cp ->
                  assertThat(CharWidth.invisible(cp) || (cp >= 0x7f && cp <= 0x9f))
                      .as("U+%04X in [%s]", cp, line)
                      .isFalse());
    }
    assertThat(s.cursorRow()).isEqualTo(s.rows() / 2 - 1);
    assertThat(s.cursorColumn()).isBetween(0, s.columns() - 1);
  }

  @Test
  void anyEventsLeaveAConsistentScreen() {
    qt().withExamples(EXAMPLES)
        .forAll(lists().of(events()).ofSizeBetween(0, 30))
        .checkAssert(
            events -> {
              SplitScreen s = new SplitScreen(80, 24);
              assertConsistent(s);
              for (Event e : events) {
                List<String> before = s.lines();
                int row = s.cursorRow();
                int column = s.cursorColumn();
                long generation = s.generation();
                apply(s, e);
                assertConsistent(s);
                boolean moved =
                    !s.lines().equals(before) || s.cursorRow() != row || s.cursorColumn() != column;
                if (moved) {
                  assertThat(s.generation()).as("after %s", e).isGreaterThan(generation);
                } else {
                  assertThat(s.generation()).as("after %s", e).isEqualTo(generation);
                }
              }
              // and what is typed afterwards still shows, on both halves
              s.local(new byte[] {'Z'}, 0, 1);
              s.peer(new byte[] {'Q'}, 0, 1);
              assertThat(s.lines().get(s.cursorRow()).stripTrailing()).endsWith("Z");
              assertThat(s.lines().get(s.rows() - 1).stripTrailing()).endsWith("Q");
              assertThat(s.cursorColumn()).isPositive();
            });
  }

  @Test
  void cachedRowsAlwaysEqualAFromScratchRebuild() {
    qt().withExamples(EXAMPLES)
        .forAll(lists().of(events()).ofSizeBetween(1, 40), sizes(), sizes())
        .checkAssert(
            (events, columns, rows) -> {
              SplitScreen s = new SplitScreen(columns, rows);
              assertThat(s.lines()).isEqualTo(s.rebuiltLines());
              for (Event e : events) {
                apply(s, e);
                assertThat(s.lines()).as("after %s", e).isEqualTo(s.rebuiltLines());
              }
            });
  }

  @Test
  void manyShortLinesScrollingThroughKeepTheCacheRight() {
    SplitScreen s = new SplitScreen(30, 10);
    byte[] text = "ab\ncd\n\nef ghij klmnopqrstuvwxyz0123456789x\u00e9\u0301\b\n".getBytes(UTF_8);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < text.length; i++) {
        s.peer(text, i, 1);
        s.local(text, i, 1);
        assertThat(s.lines()).isEqualTo(s.rebuiltLines());
      }
      if (round % 7 == 3) {
        s.status("round " + round);
        s.resize(30 + round % 5, 10 + round % 3);
        assertThat(s.lines()).isEqualTo(s.rebuiltLines());
      }
    }
  }

  @Test
  void howBytesAreSplitIntoCallsDoesNotMatter() {
    qt().withExamples(EXAMPLES)
        .forAll(
            lists().of(typed()).ofSizeBetween(1, 8),
            lists().of(integers().between(0, 400)).ofSizeBetween(0, 10),
            sizes(),
            sizes())
        .checkAssert(
            (pieces, cuts, columns, rows) -> {
              ByteArrayOutputStream all = new ByteArrayOutputStream();
              pieces.forEach(all::writeBytes);
              byte[] bytes = all.toByteArray();
              SplitScreen whole = new SplitScreen(columns, rows);
              whole.peerEditChars(new EditChars((byte) '#', (byte) '@', (byte) 0x17));
              whole.peer(bytes, 0, bytes.length);
              whole.local(bytes, 0, bytes.length);
              SplitScreen split = new SplitScreen(columns, rows);
              split.peerEditChars(new EditChars((byte) '#', (byte) '@', (byte) 0x17));
              int from = 0;
              for (int cut : cuts.stream().sorted().toList()) {
                int to = Math.min(cut, bytes.length);
                split.peer(bytes, from, to - from);
                split.local(bytes, from, to - from);
                from = to;
              }
              split.peer(bytes, from, bytes.length - from);
              split.local(bytes, from, bytes.length - from);
              assertThat(split.lines()).isEqualTo(whole.lines());
              assertThat(split.cursorColumn()).isEqualTo(whole.cursorColumn());
            });
  }
}

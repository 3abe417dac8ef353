package io.github.bsdtalk.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a relayed line into screen lines that each carry the sender's name and fit on one row of an
 * 80-column talk window, so that no text of the sender's can start a row on the receiver's screen.
 *
 * <p>Why: the C clients wrap a long line onto the next row of the window ({@code display()} in
 * netkit and inetutils {@code talk/display.c}: "check for wraparound"). A room member who sends a
 * line sized to the receiver's width would put his own text at the start of the next row, where it
 * reads like a line from someone else: {@code bob@127.0.0.1: } forged by alice.
 *
 * <p>Those clients wrap before drawing a character at the last column ({@code x_col == COLS-1}), so
 * an 80-column row holds {@value #COLUMNS} characters and then a line feed without wrapping. Every
 * line this class returns, prefix included, takes at most {@value #COLUMNS} columns as {@link
 * #columns(int, int)} counts them. Windows narrower than 80 columns still wrap.
 *
 * <p>Columns are counted for the worst C client, not for a UTF-8 terminal: netkit and inetutils
 * talk draw the peer's bytes one by one and show each byte they take for a control as {@code ^X}
 * (inetutils: every byte 0x80..0xFF in a UTF-8 locale; netkit as Debian ships it: 0x80..0x9F). So a
 * character outside ASCII counts 2 columns per UTF-8 byte: 4 for {@code é}, 6 for a CJK character,
 * 8 for an emoji. That is at least what any receiver uses (a wide character takes 2 columns on a
 * UTF-8 terminal), so the bound holds for all of them; on a UTF-8 terminal the rows are just
 * shorter. A tab moves to the next multiple of 8, as curses draws it. A chunk never splits a code
 * point, so a surrogate pair stays whole.
 *
 * <p>A chunk ends after its last space if that is in the second half of the chunk, so words stay
 * whole where they can; the space stays at the end of the chunk, so the chunks joined give back the
 * text exactly.
 */
final class LineChunker {
  /** Columns a line may take, prefix included: one less than an 80-column window. */
  static final int COLUMNS = 79;

  private static final int TAB_STOP = 8;

  private LineChunker() {}

  /**
   * Returns {@code prefix + chunk} for each chunk of {@code text}; one line if it fits, and one
   * line {@code prefix} for empty text. If the prefix alone leaves no room, each chunk still gets
   * one code point, so the result is finite whatever the prefix.
   */
  static List<String> chunks(String prefix, String text) {
    int start = columnsAfter(0, prefix);
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (true) {
      int col = start;
      int i = from;
      int afterSpace = -1; // index just after the chunk's last space, if any
      while (i < text.length()) {
        int cp = text.codePointAt(i);
        int next = columns(col, cp);
        if (next > COLUMNS && i > from) {
          break;
        }
        col = next;
        i += Character.charCount(cp);
        if (cp == ' ') {
          afterSpace = i;
        }
      }
      // break after the last space only if that keeps at least half the chunk on this row
      int end = i < text.length() && afterSpace - from > (i - from) / 2 ? afterSpace : i;
      lines.add(prefix + text.substring(from, end));
      if (end >= text.length()) {
        return lines;
      }
      from = end;
    }
  }

  /** Returns the column after drawing {@code text} from column {@code col}. */
  static int columnsAfter(int col, String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      col = columns(col, cp);
      i += Character.charCount(cp);
    }
    return col;
  }

  /** Returns the column after drawing code point {@code cp} from column {@code col}. */
  static int columns(int col, int cp) {
    if (cp == '\t') {
      return (col / TAB_STOP + 1) * TAB_STOP;
    }
    if (cp < 0x80) {
      return col + (cp < 0x20 || cp == 0x7f ? 2 : 1); // ^X; the room sanitises these away anyway
    }
    return col + 2 * utf8Length(cp);
  }

  private static int utf8Length(int cp) {
    if (cp < 0x800) {
      return 2;
    }
    return cp < 0x10000 ? 3 : 4; // a lone surrogate is sent as '?', counted as 3 bytes here
  }
}

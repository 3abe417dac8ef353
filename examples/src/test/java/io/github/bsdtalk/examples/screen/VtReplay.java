package io.github.bsdtalk.examples.screen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough of an xterm to replay what {@link FullScreenTalk} writes: CUP, EL, ED, printable
 * characters with the model's widths; other escape sequences (alternate screen, keypad, cursor
 * visibility) and BEL change no cell. Anything else (a raw control) fails the replay, since the
 * shell must never write one.
 */
final class VtReplay {
  private final int columns;
  private final String[][] cells; // null: the second column of a wide character
  private int row;
  private int column;

  VtReplay(int columns, int rows) {
    this.columns = columns;
    this.cells = new String[rows][columns];
    for (String[] line : cells) {
      Arrays.fill(line, " ");
    }
  }

  /** The screen after {@code text}, as the model's lines are written (wide: one element). */
  static List<String> replay(String text, int columns, int rows) {
    VtReplay vt = new VtReplay(columns, rows);
    vt.feed(text);
    return vt.lines();
  }

  void feed(String text) {
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (cp == 0x1B) {
        i = escape(text, i + 1);
        continue;
      }
      i += Character.charCount(cp);
      if (cp == 0x07) {
        continue;
      }
      if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
        throw new AssertionError("raw control U+" + Integer.toHexString(cp) + " written");
      }
      put(cp);
    }
  }

  private void put(int cp) {
    int width = CharWidth.of(cp);
    String s = new String(Character.toChars(cp));
    if (width == 0) {
      int c = Math.max(0, column - 1);
      while (c > 0 && cells[row][c] == null) {
        c--;
      }
      cells[row][c] = cells[row][c] + s;
      return;
    }
    if (column + width > columns) {
      return; // past the edge: the shell never writes there
    }
    cells[row][column] = s;
    if (width == 2) {
      cells[row][column + 1] = null;
    }
    column += width; // at the last column this is xterm's pending wrap: a mark still joins it
  }

  private int escape(String text, int at) {
    if (at >= text.length()) {
      throw new AssertionError("ESC at the end");
    }
    char c = text.charAt(at);
    if (c != '[') {
      return at + 1; // ESC = and ESC >
    }
    int end = at + 1;
    while (end < text.length() && (text.charAt(end) < 0x40 || text.charAt(end) > 0x7E)) {
      end++;
    }
    String params = text.substring(at + 1, end);
    char command = text.charAt(end);
    if (!params.startsWith("?")) {
      String[] p = params.isEmpty() ? new String[0] : params.split(";");
      switch (command) {
        case 'H' -> {
          row = p.length > 0 ? Integer.parseInt(p[0]) - 1 : 0;
          column = p.length > 1 ? Integer.parseInt(p[1]) - 1 : 0;
        }
        case 'K' -> clearLine(row, column);
        case 'J' -> {
          int from = params.equals("2") ? 0 : row + 1;
          if (!params.equals("2")) {
            clearLine(row, column);
          }
          for (int r = from; r < cells.length; r++) {
            clearLine(r, 0);
          }
        }
        default -> {}
      }
    }
    return end + 1;
  }

  private void clearLine(int r, int from) {
    for (int c = from; c < columns; c++) {
      cells[r][c] = " ";
    }
  }

  List<String> lines() {
    List<String> out = new ArrayList<>(cells.length);
    for (String[] line : cells) {
      StringBuilder b = new StringBuilder();
      for (String cell : line) {
        if (cell != null) {
          b.append(cell);
        }
      }
      out.add(b.toString());
    }
    return out;
  }
}

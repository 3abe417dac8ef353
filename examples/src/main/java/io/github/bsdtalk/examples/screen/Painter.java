package io.github.bsdtalk.examples.screen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;
import org.jline.terminal.Terminal;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp.Capability;

/**
 * What brings a terminal from what it shows to what a {@link SplitScreen} holds: each changed row
 * from its first changed cell, then the cursor, as escape sequences in a {@link StringBuilder}. It
 * remembers what it drew, so that a keystroke costs one short row update, not a screen.
 *
 * <p>It writes nothing itself, so {@link FullScreenTalk}'s warm-up runs exactly this code on a
 * throwaway model into a discarded buffer, and the JIT has compiled it before the first key. Not
 * thread-safe: the shell uses it under its lock.
 */
final class Painter {

  /**
   * The cursor_address of xterm, tmux, screen, the Linux console and most others, in terminfo's
   * notation as JLine keeps it ({@code \E} for ESC, expanded by {@code tputs}).
   */
  static final String ANSI_CURSOR_ADDRESS = "\\E[%i%p1%d;%p2%dH";

  private final String clearScreen;
  private final String cursorAddress;
  private final String clearToEndOfLine;
  private final boolean ansiCursorAddress;

  // what the terminal shows, row by row; null: unknown, clear it first
  private String[] shown;
  // the model's row Strings that shown was made from (the model keeps an unchanged row's String)
  private String[] drawnFrom;
  private int drawnColumns = -1;
  private long drawnGeneration = -1;
  private int drawnCursorRow = -1;
  private int drawnCursorColumn = -1;

  /**
   * Reads the three capabilities it uses once ({@link FullScreenTalk#usable} checked they exist).
   *
   * @param terminal the terminal whose escape sequences to use
   */
  Painter(Terminal terminal) {
    // the two without parameters are the same every time: expanded once (padding included)
    this.clearScreen = expand(terminal.getStringCapability(Capability.clear_screen));
    this.cursorAddress = terminal.getStringCapability(Capability.cursor_address);
    this.clearToEndOfLine = expand(terminal.getStringCapability(Capability.clr_eol));
    this.ansiCursorAddress = ANSI_CURSOR_ADDRESS.equals(cursorAddress);
  }

  private static String expand(String capability) {
    StringBuilder out = new StringBuilder();
    if (capability != null) {
      Curses.tputs(out, capability);
    }
    return out.toString();
  }

  /** Forgets what the terminal shows: the next {@link #paint} clears it and draws everything. */
  void invalidate() {
    shown = null;
  }

  /** What the terminal shows as far as this painter drew it; null before the first paint. */
  List<String> shown() {
    return shown == null ? null : List.of(shown);
  }

  /**
   * Appends what brings the terminal up to date with the model, if anything moved since the last
   * call.
   *
   * @param screen the model
   * @param terminalRows the terminal's rows (the model may be larger, never smaller than 20x8)
   * @param terminalColumns the terminal's columns
   * @param out where the escape sequences and text go
   * @return false if nothing moved (nothing was appended)
   */
  boolean paint(SplitScreen screen, int terminalRows, int terminalColumns, StringBuilder out) {
    long generation = screen.generation();
    int cursorRow = screen.cursorRow();
    int cursorColumn = screen.cursorColumn();
    if (shown != null
        && generation == drawnGeneration
        && cursorRow == drawnCursorRow
        && cursorColumn == drawnCursorColumn) {
      return false;
    }
    int rows = Math.max(1, Math.min(screen.rows(), terminalRows));
    int columns = Math.max(1, Math.min(screen.columns(), terminalColumns));
    boolean clipped = columns < screen.columns(); // a terminal below the model's 20x8
    String[] old = shown;
    boolean reuse = old != null && old.length == rows && columns == drawnColumns;
    if (old == null) {
      out.append(clearScreen);
    }
    String[] now = new String[rows];
    String[] from = new String[rows];
    // one pass, arrays and identity first: before the JIT has compiled this, every call counts
    for (int r = 0; r < rows; r++) {
      String source = screen.row(r);
      from[r] = source;
      if (reuse && source == drawnFrom[r]) {
        now[r] = old[r]; // the same row of the model: the same on the terminal
        continue;
      }
      String line = safe(clipped ? clip(source, columns) : source);
      now[r] = line;
      String before = old == null || r >= old.length ? null : old[r];
      if (!line.equals(before)) {
        update(out, r, line, before);
      }
    }
    moveTo(out, Math.min(cursorRow, rows - 1), Math.min(cursorColumn, columns - 1));
    shown = now;
    drawnFrom = from;
    drawnColumns = columns;
    drawnGeneration = generation;
    drawnCursorRow = cursorRow;
    drawnCursorColumn = cursorColumn;
    return true;
  }

  /**
   * Rewrites row {@code r} from {@code before} (null: a cleared row) to {@code line}: from its
   * first changed cell, and its blank end as a clear-to-end-of-line.
   */
  private void update(StringBuilder out, int r, String line, String before) {
    // on char arrays: a String's charAt() is three calls deep, too slow for every character of
    // a row while the JIT has not compiled this yet
    char[] text = line.toCharArray();
    int end = text.length;
    while (end > 0 && text[end - 1] == ' ') {
      end--;
    }
    int from = 0;
    if (before != null) {
      char[] was = before.toCharArray();
      // skip the unchanged beginning while every character is one column (plain ASCII)
      int limit = Math.min(end, was.length);
      while (from < limit && text[from] == was[from] && text[from] < 0x7F) {
        from++;
      }
      // a combining mark after the prefix (new or old) belongs to the prefix's last cell: the
      // terminal would add it to that cell, or keep the old one there, so rewrite that cell
      if (from > 0
          && ((from < end && text[from] >= 0x7F) || (from < was.length && was[from] >= 0x7F))) {
        from--;
      }
    } else if (end == 0) {
      return; // just cleared
    }
    moveTo(out, r, from);
    out.append(text, from, end - from);
    if (end < text.length) {
      out.append(clearToEndOfLine); // never at the last column: xterm would erase it
    }
  }

  /**
   * The cursor to a row and column (from 0). The common ANSI form is written directly (what
   * {@code tputs} gives for it, checked by a test), as interpreting the terminfo string for every
   * keystroke costs more than the rest of a row update before the JIT has compiled it; any other
   * terminal's string goes through JLine's {@code tputs}.
   */
  private void moveTo(StringBuilder out, int row, int column) {
    if (ansiCursorAddress) {
      out.append("\u001b[").append(row + 1).append(';').append(column + 1).append('H');
    } else {
      Curses.tputs(out, cursorAddress, row, column);
    }
  }

  /**
   * Encodes and writes what {@link #paint} appended, with one {@code write(2)} when {@code out}
   * buffers (as JLine's terminal output does): the same code for the terminal and the warm-up.
   *
   * @param out the terminal's output stream
   * @param text the escape sequences and text
   * @param charset the terminal's encoding
   * @throws IOException if the terminal is gone
   */
  static void emit(OutputStream out, CharSequence text, Charset charset) throws IOException {
    Objects.requireNonNull(out, "out");
    out.write(text.toString().getBytes(charset));
    out.flush();
  }

  /**
   * The first {@code columns} columns of a line, exactly (only when the terminal is below the
   * model's size).
   */
  static String clip(String line, int columns) {
    int width = 0;
    int i = 0;
    while (i < line.length()) {
      int cp = line.codePointAt(i);
      int w = CharWidth.of(cp); // the model's widths, so the cut falls where it lays out
      if (width + w > columns) {
        break;
      }
      width += w;
      i += Character.charCount(cp);
    }
    if (i == line.length()) {
      return line;
    }
    // a wide character cut in half leaves a column: a space, so that the row is cleared to its end
    return line.substring(0, i) + " ".repeat(columns - width);
  }

  /** No control character reaches the terminal, whatever the model holds. */
  static String safe(String line) {
    char[] chars = line.toCharArray(); // not charAt(): see update()
    boolean replaced = false;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
        chars[i] = '?';
        replaced = true;
      }
    }
    return replaced ? new String(chars) : line;
  }
}

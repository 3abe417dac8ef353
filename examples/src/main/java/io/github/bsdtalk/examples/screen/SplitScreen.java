package io.github.bsdtalk.examples.screen;

import io.github.bsdtalk.client.EditChars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pure screen model of the full-screen split talk: events in (the local user's keys, the peer's
 * bytes, status messages, resizes), a grid of cells out ({@link #lines()} and the cursor). It holds
 * every layout, wrapping, erase and width rule; the terminal shell only feeds it and draws what it
 * returns. No terminal, I/O, threads or clock. Not thread-safe: call it from one thread or under
 * one lock.
 *
 * <h2>What it mirrors</h2>
 *
 * The layout and editing rules are those of netkit talk 0.17 as Debian ships it ({@code
 * talk/display.c}, rewritten in 11/99 for scrollback, and the screens of a real netkit session):
 *
 * <ul>
 *   <li>Layout ({@code dorefresh()}): the divider is row {@code rows / 2}; the top half, rows 0 to
 *       {@code rows/2 - 1}, shows our own text; the bottom half, the rows below the divider, the
 *       peer's. With 30 rows: 15 rows, the divider on row 15, 14 rows. netkit draws the divider
 *       with {@code ACS_HLINE}; we draw {@code ─} (U+2500 BOX DRAWINGS LIGHT HORIZONTAL, one
 *       column) across the full width.
 *   <li>Each half scrolls ({@code refresh_window()}): the line being typed is the half's last row,
 *       finished lines move up above it and the oldest leave at the top. (BSD 4.4 and FreeBSD talk
 *       instead continue at the top of a full half, {@code xscroll()} clearing the next line;
 *       netkit 0.17, which the interop suites run, scrolls, so we do.)
 *   <li>Wrapping ({@code display_addch()}): a line holds at most {@code columns - 1} columns, "the
 *       last column of the screen doesn't get used"; the next character finishes the line and
 *       starts a new one. A character two columns wide that would not fit starts the new line.
 *   <li>{@code '\n'} and {@code '\r'} each finish the line (so CR LF gives an empty line, as in
 *       netkit).
 *   <li>Erase: the side's erase character, and always BS (0x08) and DEL (0x7F) as in netkit,
 *       removes the last character of the line being typed; kill empties that line; word erase
 *       removes back to the start of the last word, blanks being the only separators and trailing
 *       blanks going with the word ({@code display_werase()}). None of them reaches back into a
 *       finished (or wrapped) line: netkit does not either, and so both screens stay alike.
 *   <li>TAB adds blanks up to the next multiple of 8; each blank is erased on its own.
 *   <li>Control characters are shown as netkit shows them: {@code ^} and {@code (c & 63) + 64}, two
 *       columns, so ESC is {@code ^[} and {@code ESC [ 2 J} shows as the text {@code ^[[2J}; no
 *       control character or escape sequence ever reaches a cell. BEL and FF show nothing (netkit
 *       beeps on BEL; the model has no sound).
 *   <li>A status message ({@code message()}) overwrites the start of row 0 and stays until it is
 *       replaced or until our own line is finished, as netkit's {@code topmessage} does.
 * </ul>
 *
 * <h2>Deliberate differences from netkit</h2>
 *
 * <ul>
 *   <li>UTF-8: each side's bytes go through an incremental decoder, so a character split across
 *       packets arrives whole; a malformed sequence shows as one U+FFFD; erase removes one whole
 *       code point (netkit removes one byte). C1 controls (U+0080..U+009F) show as {@code ^X} like
 *       C0 ones. An erase, kill or word-erase character above 0x7F is not honoured (such a byte
 *       belongs to a UTF-8 sequence).
 *   <li>Width: characters that are East Asian Wide or Fullwidth, and emoji, take two columns; a
 *       control shown as {@code ^X} is one character taking two columns, erased at once (netkit
 *       stores {@code '^'} and the letter and erases one of them).
 *   <li>Zero-width code points: a combining mark (Mn, Me) is joined to the character before it and
 *       shares its cells (at most 4 per character; one at the start of a line is dropped); erase
 *       removes the last mark first. Format characters (Cf: bidi controls, ZWJ, ZWSP, BOM, soft
 *       hyphen) and line/paragraph separators are not shown at all and cannot be erased.
 *   <li>TAB at a multiple of 8 moves to the next one (netkit's loop adds nothing there), and a TAB
 *       that reaches the end of the line starts the next line and stops.
 *   <li>Resize (netkit 0.17 keeps its old line length and lets curses wrap the stored lines): the
 *       layout follows the new size at once. Finished lines are re-flowed to the new width (rows
 *       that had wrapped are joined again first), so the most recent text of both halves stays
 *       visible at the bottom of each half; a line being typed that no longer fits is finished
 *       where it wraps. Sizes below {@link #MIN_COLUMNS} x {@link #MIN_ROWS} are laid out as that
 *       minimum, and sizes above 1024 x 1024 as at most that, so the model never fails or grows
 *       without bound; the shell draws what fits.
 *   <li>No scrollback keys (netkit's M-p, M-n, ^P, ^N): up to {@value Pane#MAX_HISTORY} finished
 *       lines per half are kept, for re-flowing on resize.
 *   <li>A status message longer than the width is cut at the width; its control characters show as
 *       {@code ^X} and its format characters are dropped, as in the halves. An empty message
 *       removes the status.
 * </ul>
 *
 * <p>The local cursor ({@link #cursorRow()}, {@link #cursorColumn()}) is always on the last row of
 * the top half, after the line being typed (netkit moves it to the half that changed last; the
 * shell shows it in ours).
 */
public final class SplitScreen {

  /** The smallest width laid out; a smaller {@link #resize} is clamped up to it. */
  public static final int MIN_COLUMNS = 20;

  /** The smallest height laid out; a smaller {@link #resize} is clamped up to it. */
  public static final int MIN_ROWS = 8;

  /** The largest size laid out, so that a bogus terminal size cannot exhaust memory. */
  private static final int MAX_SIZE = 1024;

  /** The divider's cell: U+2500, one column wide. */
  static final String DIVIDER = "\u2500";

  private final Pane mine;
  private final Pane his;
  private int columns;
  private int rows;
  private String status = "";
  private List<String> lines; // null: built changed since, made again by lines()
  private int cursorRow;
  private int cursorColumn;
  private long generation;
  // the cache of build(): the rows it built last, and what they were built from
  private String[] built;
  private int builtColumns = -1;
  private String builtStatus;
  private long topHistory = -1;
  private long topLine = -1;
  private long bottomHistory = -1;
  private long bottomLine = -1;
  // a finished line's glyphs are an immutable list: the same list is the same text, wherever it
  // has scrolled to (one map per half, each holding only what the half shows)
  private Map<List<Glyph>, String> topRows = new IdentityHashMap<>();
  private Map<List<Glyph>, String> bottomRows = new IdentityHashMap<>();
  private String divider = "";
  private String blanks = "";

  /**
   * Creates an empty screen of the given terminal size (clamped to {@link #MIN_COLUMNS} x {@link
   * #MIN_ROWS} at least).
   *
   * @param columns the terminal width in columns
   * @param rows the terminal height in rows
   */
  public SplitScreen(int columns, int rows) {
    this.columns = clamp(columns, MIN_COLUMNS);
    this.rows = clamp(rows, MIN_ROWS);
    this.mine = new Pane(this.columns);
    this.his = new Pane(this.columns);
    render();
  }

  private static int clamp(int value, int min) {
    return Math.min(MAX_SIZE, Math.max(min, value));
  }

  /**
   * Sets the edit characters the local user's bytes are interpreted with (default {@link
   * EditChars#DEFAULT}): our terminal's, as we sent them in the 3-byte exchange.
   *
   * @param chars our erase, kill and word-erase
   */
  public void localEditChars(EditChars chars) {
    mine.editChars(chars);
  }

  /**
   * Sets the edit characters the peer's bytes are interpreted with (default {@link
   * EditChars#DEFAULT}), as received in the peer's 3-byte exchange.
   *
   * @param chars the peer's erase, kill and word-erase
   */
  public void peerEditChars(EditChars chars) {
    his.editChars(chars);
  }

  /**
   * Shows what the local user typed (the same bytes that are sent) in the top half. Finishing a
   * line removes the status message, as in netkit.
   *
   * @param bytes the buffer
   * @param offset the first byte
   * @param length how many bytes
   * @throws IndexOutOfBoundsException if the range is outside the buffer
   */
  public void local(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    long before = mine.finishedLines();
    mine.feed(bytes, offset, length);
    if (mine.finishedLines() != before) {
      status = ""; // netkit display_eol(): if (win == &my_win) topmessage = NULL
    }
    changed();
  }

  /**
   * Shows bytes that arrived from the peer in the bottom half.
   *
   * @param bytes the buffer
   * @param offset the first byte
   * @param length how many bytes
   * @throws IndexOutOfBoundsException if the range is outside the buffer
   */
  public void peer(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    his.feed(bytes, offset, length);
    changed();
  }

  /**
   * Shows a status message, such as {@code [Waiting for your party to respond]}, verbatim at the
   * start of row 0 (over the top half's first row, as netkit's {@code message()} does); the next
   * message replaces it, an empty one removes it, and so does finishing a line of our own.
   *
   * @param message the message, brackets included
   */
  public void status(String message) {
    status = Objects.requireNonNull(message, "message");
    changed();
  }

  /**
   * Follows a new terminal size (clamped to {@link #MIN_COLUMNS} x {@link #MIN_ROWS} at least and
   * 1024 x 1024 at most), keeping the most recent visible text of both halves: finished lines are
   * re-flowed to the new width. Never throws, for any size.
   *
   * @param columns the new width in columns
   * @param rows the new height in rows
   */
  public void resize(int columns, int rows) {
    this.columns = clamp(columns, MIN_COLUMNS);
    this.rows = clamp(rows, MIN_ROWS);
    mine.resize(this.columns);
    his.resize(this.columns);
    changed();
  }

  /**
   * Returns the width laid out.
   *
   * @return columns, at least {@link #MIN_COLUMNS}
   */
  public int columns() {
    return columns;
  }

  /**
   * Returns the height laid out.
   *
   * @return rows, at least {@link #MIN_ROWS}
   */
  public int rows() {
    return rows;
  }

  /**
   * Returns the screen: exactly {@link #rows()} strings, each exactly {@link #columns()} columns
   * wide when displayed (a wide character counts two columns and is followed directly by the next
   * cell's text; a combining mark follows its base and takes no column). No string holds a control
   * or format character. Row {@code rows() / 2} is the divider.
   *
   * @return the lines, top to bottom, unmodifiable
   */
  public List<String> lines() {
    if (lines == null) {
      lines = List.of(built);
    }
    return lines;
  }

  /**
   * Returns one row of {@link #lines()} without making the list (the painter reads the rows one by
   * one on every keystroke). An unchanged row is the same String instance as before.
   *
   * @param row from 0 to {@link #rows()} - 1
   * @return the row's text, exactly {@link #columns()} columns wide
   */
  String row(int row) {
    return built[row];
  }

  /**
   * Returns the row of the local cursor: the last row of the top half.
   *
   * @return {@code rows() / 2 - 1}
   */
  public int cursorRow() {
    return cursorRow;
  }

  /**
   * Returns the column of the local cursor: after the line being typed.
   *
   * @return a column index from 0, less than {@link #columns()}
   */
  public int cursorColumn() {
    return cursorColumn;
  }

  /**
   * Returns a counter that increases on every visible change (lines or cursor), and only then, so
   * that the shell redraws when it moved.
   *
   * @return the generation, 0 for the new screen
   */
  public long generation() {
    return generation;
  }

  private void changed() {
    int row = cursorRow;
    int column = cursorColumn;
    boolean moved = render();
    if (moved || row != cursorRow || column != cursorColumn) {
      generation++;
    }
  }

  /** Brings the rows and the cursor up to date; returns whether a row's text changed. */
  private boolean render() {
    boolean moved = build();
    if (moved) {
      lines = null;
    }
    cursorRow = rows / 2 - 1;
    cursorColumn = Math.min(mine.cursorColumn(), columns - 1);
    return moved;
  }

  /**
   * For tests: the lines built from scratch, bypassing the row cache; always equal to {@link
   * #lines()}.
   */
  List<String> rebuiltLines() {
    return List.of(fromScratch());
  }

  /**
   * Brings {@link #built} up to date and returns whether a row's text changed. A half's finished
   * rows are rebuilt only when its finished lines changed ({@link Pane#historyVersion()}, or the
   * status over the top half), and the row being typed only when it changed ({@link
   * Pane#lineVersion()}), from the text the pane keeps in step: a keystroke costs one short row,
   * which keeps the receive-to-draw path short even before the JIT has compiled it (issue 11's
   * "Speed", BENCHMARKS.md). {@link #rebuiltLines()} builds every row from its cells instead, and
   * the property tests hold the two equal.
   */
  private boolean build() {
    int divide = rows / 2; // netkit dorefresh(): sepline = LINES/2
    boolean all = built == null || built.length != rows || builtColumns != columns;
    if (all) {
      built = new String[rows];
      builtColumns = columns;
      divider = DIVIDER.repeat(columns);
      blanks = " ".repeat(columns);
      built[divide] = divider;
      topRows.clear();
      bottomRows.clear();
    }
    boolean moved = all;
    if (all || mine.historyVersion() != topHistory || !status.equals(builtStatus)) {
      List<List<Glyph>> top = mine.rows(divide);
      Map<List<Glyph>, String> used = new IdentityHashMap<>();
      for (int r = 0; r < divide - 1; r++) {
        List<Glyph> glyphs = top.get(r);
        String text;
        if (r == 0 && !status.isEmpty()) {
          String[] cells = cells(glyphs);
          overlayStatus(cells);
          text = String.join("", cells);
        } else {
          text = row(glyphs, topRows, used);
        }
        moved |= set(r, text);
      }
      topRows = used;
      topHistory = mine.historyVersion();
      builtStatus = status;
    }
    if (all || mine.lineVersion() != topLine) {
      moved |= set(divide - 1, typingRow(mine));
      topLine = mine.lineVersion();
    }
    int bottomRowCount = rows - divide - 1;
    if (all || his.historyVersion() != bottomHistory) {
      List<List<Glyph>> bottom = his.rows(bottomRowCount);
      Map<List<Glyph>, String> used = new IdentityHashMap<>();
      for (int i = 0; i < bottomRowCount - 1; i++) {
        moved |= set(divide + 1 + i, row(bottom.get(i), bottomRows, used));
      }
      bottomRows = used;
      bottomHistory = his.historyVersion();
    }
    if (all || his.lineVersion() != bottomLine) {
      moved |= set(rows - 1, typingRow(his));
      bottomLine = his.lineVersion();
    }
    return moved;
  }

  /** Puts a row's text in place; returns whether it differs from what was there. */
  private boolean set(int row, String text) {
    String old = built[row];
    built[row] = text;
    return !text.equals(old);
  }

  /** The row being typed: the half's text kept in step with its glyphs, and blanks. */
  private String typingRow(Pane pane) {
    StringBuilder out = new StringBuilder(columns + 8);
    pane.typingText(out);
    int width = pane.cursorColumn(); // the line's width in columns, at most columns - 1
    out.append(blanks, 0, Math.max(0, columns - width));
    return out.toString();
  }

  /** Every row from its cells, as the cached build must give. */
  private String[] fromScratch() {
    int divide = rows / 2;
    String[] out = new String[rows];
    List<List<Glyph>> top = mine.rows(divide);
    for (int r = 0; r < divide; r++) {
      String[] cells = cells(top.get(r));
      if (r == 0 && !status.isEmpty()) {
        overlayStatus(cells);
      }
      out[r] = String.join("", cells);
    }
    out[divide] = DIVIDER.repeat(columns);
    List<List<Glyph>> bottom = his.rows(rows - divide - 1);
    for (int i = 0; i < bottom.size(); i++) {
      out[divide + 1 + i] = String.join("", cells(bottom.get(i)));
    }
    return out;
  }

  /** A finished row's text: from the half's cache if it showed before, else built. */
  private String row(
      List<Glyph> glyphs, Map<List<Glyph>, String> before, Map<List<Glyph>, String> used) {
    String text = before.get(glyphs);
    if (text == null) {
      text = used.get(glyphs);
    }
    if (text == null) {
      text = text(glyphs);
    }
    used.put(glyphs, text);
    return text;
  }

  /**
   * A row's text, the glyphs from column 0 and blanks to the width: what {@link #cells} joined
   * gives, without an array of cells.
   */
  private String text(List<Glyph> glyphs) {
    StringBuilder out = new StringBuilder(columns + 8);
    int column = 0;
    for (int i = 0; i < glyphs.size(); i++) {
      Glyph glyph = glyphs.get(i);
      if (column + glyph.width() > columns) {
        break; // cannot happen (a line is at most columns - 1 wide); never overflow the row
      }
      out.append(glyph.text());
      column += glyph.width();
    }
    for (; column < columns; column++) {
      out.append(' ');
    }
    return out.toString();
  }

  /** One string per column: a glyph's text in its first column, "" in the second of a wide one. */
  private String[] cells(List<Glyph> glyphs) {
    String[] cells = new String[columns];
    Arrays.fill(cells, " ");
    int column = 0;
    for (Glyph glyph : glyphs) {
      if (column + glyph.width() > columns) {
        break; // cannot happen (a line is at most columns - 1 wide); never overflow the row
      }
      cells[column] = glyph.text();
      if (glyph.width() == 2) {
        cells[column + 1] = "";
      }
      column += glyph.width();
    }
    return cells;
  }

  private void overlayStatus(String[] cells) {
    int column = 0;
    for (Glyph glyph : statusGlyphs()) {
      if (column + glyph.width() > columns) {
        break; // cut at the width
      }
      cells[column] = glyph.text();
      if (glyph.width() == 2) {
        cells[column + 1] = "";
      }
      column += glyph.width();
    }
    if (column < columns && cells[column].isEmpty()) {
      cells[column] = " "; // the second half of a wide character whose first half is covered
    }
  }

  private List<Glyph> statusGlyphs() {
    List<Glyph> glyphs = new ArrayList<>();
    status
        .codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                glyphs.add(Glyph.control(cp));
              } else if (CharWidth.combining(cp)) {
                int last = glyphs.size() - 1;
                if (last >= 0
                    && !glyphs.get(last).control()
                    && glyphs.get(last).marks() < Pane.MAX_MARKS) {
                  glyphs.set(last, glyphs.get(last).withMark(cp));
                }
              } else if (!CharWidth.invisible(cp)) {
                glyphs.add(Glyph.of(cp));
              }
            });
    return glyphs;
  }
}

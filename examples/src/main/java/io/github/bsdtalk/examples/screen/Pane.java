package io.github.bsdtalk.examples.screen;

import io.github.bsdtalk.client.EditChars;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One half of the split screen: the text one side typed, as netkit talk 0.17 keeps it ({@code
 * talk/display.c}, "heavily modified 11/99 by dholland to add scrollback support"): a list of
 * finished lines and the line being typed, which is always the half's bottom row. Erase, kill and
 * word erase work on the line being typed only; a line that wrapped is finished and stays as it is,
 * as in netkit. Not thread-safe.
 */
final class Pane {

  /** At most this many combining marks join one character; more are dropped (bounds memory). */
  static final int MAX_MARKS = 4;

  /** At most this many finished lines are kept (netkit keeps up to 16384, for its scrollback). */
  static final int MAX_HISTORY = 2000;

  /** One finished row; {@code soft} if it wrapped (its logical line goes on in the next row). */
  private record Segment(List<Glyph> glyphs, boolean soft) {}

  private final Utf8Decoder decoder = new Utf8Decoder();
  private final List<Segment> history = new ArrayList<>();
  private final List<Glyph> line = new ArrayList<>();
  private final List<Glyph> typingView = Collections.unmodifiableList(line);
  // the texts of line's glyphs, kept in step with it: the row being typed without a rebuild
  private final StringBuilder lineText = new StringBuilder();
  private EditChars edit = EditChars.DEFAULT;
  private int limit;
  private int lineWidth;
  private long finished;
  // bumped by every change to the finished lines (history) and to the line being typed, so that
  // SplitScreen rebuilds only the rows whose source moved (a keystroke costs one row, not a half)
  private long historyVersion;
  private long lineVersion;

  /**
   * Creates an empty half.
   *
   * @param columns the screen width
   */
  Pane(int columns) {
    this.limit = columns - 1;
  }

  void editChars(EditChars chars) {
    this.edit = Objects.requireNonNull(chars, "chars");
  }

  /** Returns how many lines were finished so far (by newline or by wrapping), a counter. */
  /** Returns a counter that moves whenever the finished lines change (a new one, a resize). */
  long historyVersion() {
    return historyVersion;
  }

  /** Returns a counter that moves whenever the line being typed changes. */
  long lineVersion() {
    return lineVersion;
  }

  /**
   * Returns the line being typed as text (its glyphs' texts, no padding): what its row shows.
   *
   * @param into appended to
   */
  void typingText(StringBuilder into) {
    into.append(lineText);
  }

  /** Returns the line being typed, a read-only view (the bottom row of the half). */
  List<Glyph> typingLine() {
    return typingView;
  }

  long finishedLines() {
    return finished;
  }

  /** Returns the display width of the line being typed: where the cursor is. */
  int cursorColumn() {
    return lineWidth;
  }

  void feed(byte[] bytes, int offset, int length) {
    decoder.decode(bytes, offset, length, this::codePoint);
  }

  private void codePoint(int cp) {
    // The order of the tests is display() in netkit talk/display.c: newline first, then the
    // erase characters (BS and DEL always erase, "someday erase characters will work right in
    // unix"), word erase, line kill, bell, form feed, TAB, other controls as ^X.
    if (cp == '\n' || cp == '\r') {
      finish(false);
    } else if (cp == '\b' || cp == 0x7F || isEdit(cp, edit.erase())) {
      erase();
    } else if (isEdit(cp, edit.wordErase())) {
      wordErase();
    } else if (isEdit(cp, edit.kill())) {
      kill();
    } else if (cp == 0x07 || cp == '\f') {
      // netkit beeps on BEL and ignores FF; the model shows neither
    } else if (cp == '\t') {
      tab();
    } else if (cp < 0x20 || (cp >= 0x80 && cp <= 0x9F)) {
      add(Glyph.control(cp)); // netkit: (text[j] & 0x7F) < ' ' shows '^', (text[j] & 63) + 64
    } else if (CharWidth.combining(cp)) {
      joinMark(cp);
    } else if (!CharWidth.invisible(cp)) {
      add(Glyph.of(cp));
    }
    // format characters (bidi controls, ZWJ, BOM, ...) and separators are dropped
  }

  private static boolean isEdit(int cp, byte editChar) {
    // An edit character is a byte; one of 0x80..0xFF would be part of a UTF-8 sequence, so only
    // ASCII ones are honoured (netkit compares raw bytes)
    int value = Byte.toUnsignedInt(editChar);
    return value < 0x80 && cp == value;
  }

  private void add(Glyph glyph) {
    // netkit display_addch(): "the last column of the screen doesn't get used", a line holds at
    // most COLS-1 columns and the next character finishes it
    if (lineWidth + glyph.width() > limit) {
      finish(true);
    }
    line.add(glyph);
    lineText.append(glyph.text());
    lineWidth += glyph.width();
    lineVersion++;
  }

  private void joinMark(int mark) {
    int last = line.size() - 1;
    if (last >= 0 && !line.get(last).control() && line.get(last).marks() < MAX_MARKS) {
      replaceLast(line.get(last).withMark(mark));
      lineVersion++;
    }
    // a mark at the start of a line, after ^X, or beyond MAX_MARKS is dropped
  }

  private void tab() {
    // netkit display_tab() adds blanks up to the next multiple of 8; we always move (at least one
    // blank, as a terminal's TAB does) and stop at the end of the line, the next stop being
    // column 0 of the next line
    int stop = (lineWidth / 8 + 1) * 8;
    while (lineWidth < stop) {
      if (lineWidth + 1 > limit) {
        finish(true);
        return;
      }
      add(Glyph.SPACE);
    }
  }

  private void erase() {
    // netkit display_cerase(): one character of the line being typed; here one code point
    int last = line.size() - 1;
    if (last < 0) {
      return;
    }
    Glyph glyph = line.get(last);
    lineVersion++;
    if (glyph.marks() > 0) {
      replaceLast(glyph.withoutLastMark());
    } else {
      line.remove(last);
      lineText.setLength(lineText.length() - glyph.text().length());
      lineWidth -= glyph.width();
    }
  }

  private void replaceLast(Glyph glyph) {
    int last = line.size() - 1;
    lineText.setLength(lineText.length() - line.get(last).text().length());
    line.set(last, glyph);
    lineText.append(glyph.text());
  }

  private void wordErase() {
    // netkit display_werase(): back to the start of the last word; only blanks separate words,
    // and trailing blanks go with the word
    int end = line.size();
    int pos = end;
    while (pos >= 0) {
      boolean onWord = pos < end && !line.get(pos).space();
      boolean prevSpace = pos == 0 || line.get(pos - 1).space();
      if (onWord && prevSpace) {
        break;
      }
      pos--;
    }
    truncate(Math.max(pos, 0));
  }

  private void kill() {
    truncate(0); // netkit display_lerase()
  }

  private void truncate(int size) {
    if (line.size() > size) {
      lineVersion++;
    }
    while (line.size() > size) {
      Glyph removed = line.remove(line.size() - 1);
      lineWidth -= removed.width();
      lineText.setLength(lineText.length() - removed.text().length());
    }
  }

  private void finish(boolean soft) {
    history.add(new Segment(List.copyOf(line), soft));
    if (history.size() > 2 * MAX_HISTORY) {
      history.subList(0, history.size() - MAX_HISTORY).clear();
    }
    line.clear();
    lineText.setLength(0);
    lineWidth = 0;
    finished++;
    historyVersion++;
    lineVersion++;
  }

  /**
   * Follows a new width: finished lines are re-wrapped (rows that wrapped are joined again first),
   * and a line being typed that no longer fits is finished where it wraps.
   */
  void resize(int columns) {
    int newLimit = columns - 1;
    if (newLimit == limit) {
      return;
    }
    limit = newLimit;
    historyVersion++;
    lineVersion++;
    List<Segment> old = new ArrayList<>(history);
    history.clear();
    List<Glyph> logical = new ArrayList<>();
    for (Segment segment : old) {
      logical.addAll(segment.glyphs());
      if (!segment.soft()) {
        rewrap(logical, false);
        logical.clear();
      }
    }
    if (!logical.isEmpty()) {
      rewrap(logical, true); // it went on in the line being typed
    }
    if (history.size() > MAX_HISTORY) {
      history.subList(0, history.size() - MAX_HISTORY).clear();
    }
    if (lineWidth > limit) {
      List<Glyph> typed = new ArrayList<>(line);
      line.clear();
      lineText.setLength(0);
      lineWidth = 0;
      for (Glyph glyph : typed) {
        add(glyph);
      }
    }
  }

  private void rewrap(List<Glyph> glyphs, boolean soft) {
    List<Glyph> row = new ArrayList<>();
    int width = 0;
    for (Glyph glyph : glyphs) {
      if (width + glyph.width() > limit) {
        history.add(new Segment(List.copyOf(row), true));
        row.clear();
        width = 0;
      }
      row.add(glyph);
      width += glyph.width();
    }
    history.add(new Segment(List.copyOf(row), soft));
  }

  /**
   * Returns the half's rows, top to bottom: the latest finished lines, then the line being typed on
   * the last row (netkit refresh_window()); empty rows above when there is little text.
   *
   * @param rows how many rows the half has, at least 1
   * @return exactly {@code rows} rows of glyphs
   */
  List<List<Glyph>> rows(int rows) {
    List<List<Glyph>> out = new ArrayList<>(rows);
    int fromHistory = rows - 1;
    int first = history.size() - fromHistory;
    for (int i = first; i < history.size(); i++) {
      out.add(i < 0 ? Collections.emptyList() : history.get(i).glyphs());
    }
    out.add(typingView);
    return out;
  }
}

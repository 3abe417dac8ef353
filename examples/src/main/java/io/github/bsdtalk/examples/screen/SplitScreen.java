package io.github.bsdtalk.examples.screen;

import io.github.bsdtalk.client.EditChars;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The pure screen model of the full-screen split talk: events in (local keys, peer bytes, status,
 * resize), a grid of cells out. No terminal, I/O, threads or clock. Not thread-safe: the shell
 * calls it from one thread (or under one lock).
 *
 * <p>Skeleton: the full behaviour follows on this branch.
 */
public final class SplitScreen {

  /** The smallest width laid out; a smaller {@link #resize} is clamped up to it. */
  public static final int MIN_COLUMNS = 20;

  /** The smallest height laid out; a smaller {@link #resize} is clamped up to it. */
  public static final int MIN_ROWS = 8;

  private int columns;
  private int rows;
  private long generation;

  /**
   * Creates an empty screen of the given terminal size (clamped up to {@link #MIN_COLUMNS} x {@link
   * #MIN_ROWS}).
   *
   * @param columns the terminal width in columns
   * @param rows the terminal height in rows
   */
  public SplitScreen(int columns, int rows) {
    this.columns = Math.max(MIN_COLUMNS, columns);
    this.rows = Math.max(MIN_ROWS, rows);
  }

  /**
   * Sets the edit characters the local user's bytes are interpreted with (default {@link
   * EditChars#DEFAULT}).
   *
   * @param chars our terminal's erase, kill and word-erase
   */
  public void localEditChars(EditChars chars) {
    Objects.requireNonNull(chars, "chars");
  }

  /**
   * Sets the edit characters the peer's bytes are interpreted with (default {@link
   * EditChars#DEFAULT}), as received in the peer's 3-byte handshake.
   *
   * @param chars the peer's erase, kill and word-erase
   */
  public void peerEditChars(EditChars chars) {
    Objects.requireNonNull(chars, "chars");
  }

  /**
   * Shows what the local user typed (the same bytes that are sent) in the top half.
   *
   * @param bytes the buffer
   * @param offset the first byte
   * @param length how many bytes
   */
  public void local(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
  }

  /**
   * Shows bytes that arrived from the peer in the bottom half.
   *
   * @param bytes the buffer
   * @param offset the first byte
   * @param length how many bytes
   */
  public void peer(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
  }

  /**
   * Shows a status message, such as {@code [Waiting for your party to respond]}, where netkit shows
   * it; the next message replaces it.
   *
   * @param message the message
   */
  public void status(String message) {
    Objects.requireNonNull(message, "message");
  }

  /**
   * Follows a new terminal size (clamped up to {@link #MIN_COLUMNS} x {@link #MIN_ROWS}), keeping
   * the most recent visible text of both halves. Never throws for any size.
   *
   * @param columns the new width in columns
   * @param rows the new height in rows
   */
  public void resize(int columns, int rows) {
    this.columns = Math.max(MIN_COLUMNS, columns);
    this.rows = Math.max(MIN_ROWS, rows);
    generation++;
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
   * wide when displayed (a wide character counts two columns and is not followed by anything for
   * its second column). No cell holds a control or format character.
   *
   * @return the lines, top to bottom
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      out.add(" ".repeat(columns));
    }
    return out;
  }

  /**
   * Returns the row of the local cursor, always inside the top half.
   *
   * @return a row index from 0
   */
  public int cursorRow() {
    return 0;
  }

  /**
   * Returns the column of the local cursor.
   *
   * @return a column index from 0, less than {@link #columns()}
   */
  public int cursorColumn() {
    return 0;
  }

  /**
   * Returns a counter that increases on every visible change, so that the shell redraws only when
   * it moved.
   *
   * @return the generation
   */
  public long generation() {
    return generation;
  }
}

package io.github.bsdtalk.examples.web;

import java.io.IOException;

/**
 * A request body that is not one of the flat JSON objects {@link Json} reads: bad UTF-8, bad
 * syntax, a nested value, a duplicate key. Checked, like the protocol's own parse errors, so that
 * a handler cannot forget it; the web server answers it with 400.
 */
public final class JsonException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * Makes one.
   *
   * @param message what is wrong, for the reply's {@code error}
   * @param offset where in the text (characters) the problem was found
   */
  JsonException(String message, int offset) {
    super(message + " at offset " + offset);
    this.offset = offset;
  }

  /**
   * Returns where the problem was found.
   *
   * @return the offset in characters of the decoded text, or of the bytes for bad UTF-8
   */
  public int offset() {
    return offset;
  }
}

package io.github.bsdtalk.examples.screen;

/**
 * What one typed character shows as: its text (a code point, maybe with combining marks joined to
 * it, or {@code ^X} for a control character) and the columns it takes (1 or 2).
 *
 * @param text what the cells show; never a control or format character
 * @param width the columns taken, 1 or 2
 * @param control whether this is a control character shown as {@code ^X} (takes no marks)
 */
record Glyph(String text, int width, boolean control) {

  /** A blank, as TAB produces. */
  static final Glyph SPACE = new Glyph(" ", 1, false);

  /**
   * Returns the glyph of a printable code point.
   *
   * @param cp a code point with {@link CharWidth#of} 1 or 2
   * @return its glyph
   */
  static Glyph of(int cp) {
    return new Glyph(Character.toString(cp), CharWidth.of(cp), false);
  }

  /**
   * Returns how a control character shows, as netkit {@code talk/display.c} does: {@code '^'} and
   * {@code (c & 63) + 64}, so ESC is {@code ^[} and the C1 CSI (U+009B) is {@code ^[} too; DEL
   * (which netkit always treats as erase, and only a status message can hold) is {@code ^?}.
   *
   * @param cp a C0 or C1 control, or DEL
   * @return a two-column glyph
   */
  static Glyph control(int cp) {
    return new Glyph("^" + (cp == 0x7F ? '?' : (char) ((cp & 63) + 64)), 2, true);
  }

  /**
   * Returns whether this is a blank, the only word separator of netkit's word erase.
   *
   * @return true for a space
   */
  boolean space() {
    return text.equals(" ");
  }

  /**
   * Returns how many code points beyond the first are joined to this one.
   *
   * @return the number of combining marks
   */
  int marks() {
    return control ? 0 : text.codePointCount(0, text.length()) - 1;
  }

  /**
   * Returns this glyph with a combining mark joined to it.
   *
   * @param mark a combining code point
   * @return the longer glyph
   */
  Glyph withMark(int mark) {
    return new Glyph(text + Character.toString(mark), width, false);
  }

  /**
   * Returns this glyph without its last combining mark.
   *
   * @return the shorter glyph
   */
  Glyph withoutLastMark() {
    return new Glyph(text.substring(0, text.offsetByCodePoints(text.length(), -1)), width, false);
  }
}

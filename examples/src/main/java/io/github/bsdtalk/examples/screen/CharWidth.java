package io.github.bsdtalk.examples.screen;

/**
 * How many terminal columns a code point takes, in the manner of Markus Kuhn's {@code wcwidth()}: 2
 * for East Asian Wide and Fullwidth characters and for emoji presentation characters, 0 for
 * combining marks (Mn, Me), Hangul medial vowels and final consonants (U+1160..U+11FF), format
 * characters (Cf) and line/paragraph separators, 1 for everything else printable. Control
 * characters are not asked about: {@link Pane} shows them as {@code ^X} first.
 *
 * <p>A zero-width combining mark is shown joined to the character before it (the two share the
 * base's cells); a zero-width format character (ZWJ, bidi controls, BOM, soft hyphen, ...) is not
 * shown at all: see {@link #invisible(int)}.
 *
 * <p>Unassigned code points (newer than the JDK's Unicode tables) count 1, except in the ranges
 * below that hold wide characters; most terminals do the same.
 */
final class CharWidth {

  // Wide and fullwidth ranges (East Asian Width W and F) and emoji with default emoji
  // presentation, inclusive pairs, sorted.
  private static final int[] WIDE = {
    0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
    0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1,
    0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA,
    0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B,
    0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
    0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x2E80, 0x303E,
    0x3041, 0x33FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xA000, 0xA4CF, 0xA960, 0xA97F, 0xAC00, 0xD7A3,
    0xF900, 0xFAFF, 0xFE10, 0xFE19, 0xFE30, 0xFE6F, 0xFF00, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0,
    0x16FE4, 0x17000, 0x18CFF, 0x1B000, 0x1B2FF, 0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F18E,
    0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F202, 0x1F210, 0x1F23B, 0x1F240, 0x1F248, 0x1F250,
    0x1F251, 0x1F260, 0x1F265, 0x1F300, 0x1F64F, 0x1F680, 0x1F6FF, 0x1F7E0, 0x1F7EB, 0x1F90C,
    0x1F9FF, 0x1FA70, 0x1FAFF, 0x20000, 0x2FFFD, 0x30000, 0x3FFFD,
  };

  private CharWidth() {}

  /**
   * Returns the columns a printable code point takes.
   *
   * @param cp a code point that is not a control character
   * @return 0, 1 or 2
   */
  static int of(int cp) {
    if (combining(cp) || invisible(cp)) {
      return 0;
    }
    return wide(cp) ? 2 : 1;
  }

  /**
   * Returns whether the code point is a zero-width mark that joins the character before it.
   *
   * @param cp a code point
   * @return true for Mn, Me and Hangul Jungseong/Jongseong U+1160..U+11FF
   */
  static boolean combining(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || (cp >= 0x1160 && cp <= 0x11FF);
  }

  /**
   * Returns whether the code point is never shown: a format character (Cf, which includes the bidi
   * controls, ZWJ, ZWSP and BOM), a line or paragraph separator, a surrogate, or a control.
   *
   * @param cp a code point
   * @return true if it must never reach a cell
   */
  static boolean invisible(int cp) {
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.CONTROL
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static boolean wide(int cp) {
    if (cp < WIDE[0]) {
      return false;
    }
    int lo = 0;
    int hi = WIDE.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (cp < WIDE[2 * mid]) {
        hi = mid - 1;
      } else if (cp > WIDE[2 * mid + 1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}

package io.github.bsdtalk.examples.web;

import io.github.bsdtalk.examples.irc.IrcText;

/**
 * Makes what a visitor types safe for a terminal before it goes anywhere: a visitor's text ends up
 * on the screens of talk members and of the callee, where an escape sequence could move the
 * cursor, retitle the window or make the terminal answer back (docs/PROTOCOL.md section 11, item
 * 10). The room sanitises once more ({@link io.github.bsdtalk.client.TextSanitizer}); this is the
 * web side's own rule, stricter because a browser never needs to send a control character but
 * the few editing keys of talk.
 *
 * <p>Escape sequences are removed whole (CSI {@code ESC [ ... final}, OSC, DCS, APC, PM and SOS
 * up to BEL or ST, and any other {@code ESC x}; {@link IrcText#afterEscape}), so that no half of
 * one shows as text; then every
 * character of the Unicode categories Cc (controls, C1 included), Cf (format: the bidi overrides
 * and zero-width characters), Zl and Zp (line and paragraph separators), Co (private use) and Cn
 * (unassigned), and any unpaired surrogate, is removed. Static methods only.
 */
public final class WebText {

  /** Erase, as the page sends Backspace (our edit characters are talk's defaults). */
  public static final char ERASE = 0x7F;

  /** Kill, as the page sends Ctrl-U. */
  public static final char KILL = 0x15;

  /** Word erase, as the page sends Ctrl-W or Alt-Backspace. */
  public static final char WORD_ERASE = 0x17;

  /** Backspace, which some terminals send for erase. */
  public static final char BACKSPACE = 0x08;

  private static final char ESC = 0x1B;

  private WebText() {}

  /**
   * Returns a room line with escape sequences and every control and format character removed.
   *
   * @param text what the visitor sent
   * @return the safe line
   */
  public static String roomLine(String text) {
    return filter(text, "");
  }

  /**
   * Returns keystrokes for a call with escape sequences removed and only printable characters,
   * line feed, erase, kill, word erase and backspace kept.
   *
   * @param text what the visitor typed
   * @return the safe keystrokes
   */
  public static String keystrokes(String text) {
    return filter(text, "\n" + ERASE + KILL + WORD_ERASE + BACKSPACE);
  }

  /**
   * Returns the same filter with {@code allowed} kept: for the callee's keystrokes on their way to
   * the page, which keeps line feeds and the callee's own edit characters.
   *
   * @param text the text
   * @param allowed control characters to keep
   * @return the filtered text
   */
  static String filter(String text, String allowed) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      if (c == ESC) {
        i = IrcText.afterEscape(text, i + 1); // the IRC mirror's rule: the same terminals
        continue;
      }
      i += Character.charCount(c);
      if (c < 0x80 && allowed.indexOf(c) >= 0 || printable(c)) {
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  /** Whether a code point may reach a terminal as it is. */
  private static boolean printable(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.SURROGATE:
        return false;
      default:
        return true;
    }
  }
}

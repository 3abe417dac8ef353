package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.TalkText;

/**
 * Makes text typed by a talk peer safe to write to a terminal.
 *
 * <p>Why: the conversation stream is raw bytes from another machine, with no framing and no
 * filtering (docs/PROTOCOL.md section 6.2). A peer that sends ESC sequences can move the cursor,
 * rewrite what is on screen, change the window title or, on some terminals, make the terminal
 * answer back with bytes that the local shell then reads; the announcement text has the same
 * problem (docs/PROTOCOL.md section 7). The checklist rule is: never pass C0/C1/ESC from the peer
 * to a terminal unescaped (docs/PROTOCOL.md section 11, item 10). The C clients show most controls
 * in caret notation ({@code ^X}, netkit {@code display.c}); this class does the same for C0 and
 * also covers what a UTF-8 decoder can produce: C1 controls and the bidirectional overrides that
 * reorder text on screen ("Trojan Source", CVE-2021-42574).
 *
 * <ul>
 *   <li>C0 controls U+0000..U+001F except tab become caret notation: {@code ^@}, {@code ^A} ..
 *       {@code ^_}. ESC (U+001B) becomes {@code ^[}, so no escape sequence survives.
 *   <li>DEL (U+007F) becomes {@code ^?}.
 *   <li>C1 controls U+0080..U+009F (8-bit CSI is U+009B) become {@code ?}.
 *   <li>The bidi embeddings, overrides and isolates U+202A..U+202E and U+2066..U+2069 become {@code
 *       ?}.
 *   <li>An unpaired surrogate (not valid text; a UTF-8 decoder never produces one) becomes U+FFFD.
 *   <li>Every other character that {@link TalkText#forTerminal(String)} would replace (format
 *       characters, line and paragraph separators, private-use and unassigned code points) becomes
 *       {@code ?}: one rule for all text from the wire, names and conversation alike.
 *   <li>Tab and everything else, including U+FFFD, is kept.
 * </ul>
 *
 * <p>Why a variant of {@link TalkText#forTerminal(String)} rather than that method: conversation
 * text keeps its tabs (the C clients show them as tab stops), and shows C0 and DEL in caret
 * notation as netkit {@code talk/display.c} does, so that a peer's ^H or ^[ is readable; names
 * have no use for either.
 *
 * <p>The result contains no character of general category {@code Cc} except tab. Line breaks are
 * controls too, so sanitise single lines, not text that should keep its line structure.
 *
 * <p>Static methods only; thread-safe. Null arguments are rejected with {@link
 * NullPointerException}.
 */
public final class TextSanitizer {

  private TextSanitizer() {}

  /**
   * Returns the text with controls made visible and reordering characters replaced, as described in
   * the class description.
   *
   * @param text any text
   * @return the safe text; the same instance if nothing needed changing
   * @throws NullPointerException if text is null
   */
  public static String sanitize(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && isSafe(text, i)) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder sb = new StringBuilder(n + 8).append(text, 0, i);
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        sb.append(TalkText.forTerminal(text.substring(i, i + 2)));
        i += 2;
        continue;
      }
      if (c == '\t') {
        sb.append(c);
      } else if (c < 0x20) {
        sb.append('^').append((char) (c + 0x40));
      } else if (c == 0x7F) {
        sb.append("^?");
      } else if (c >= 0x80 && c <= 0x9F || isBidiControl(c)) {
        sb.append('?');
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else if (c > 0x7F) {
        sb.append(TalkText.forTerminal(String.valueOf(c)));
      } else {
        sb.append(c);
      }
      i++;
    }
    return sb.toString();
  }

  /** True if the char at i is kept as is; a surrogate counts as safe only in a valid pair. */
  private static boolean isSafe(String text, int i) {
    char c = text.charAt(i);
    if (c == '\t') {
      return true;
    }
    if (c < 0x20 || c >= 0x7F && c <= 0x9F || isBidiControl(c)) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          && keptByTalkText(text.substring(i, i + 2));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
    return c < 0x7F || keptByTalkText(String.valueOf(c));
  }

  private static boolean keptByTalkText(String one) {
    return TalkText.forTerminal(one).equals(one);
  }

  private static boolean isBidiControl(char c) {
    return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
  }
}

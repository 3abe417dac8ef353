package io.github.bsdtalk.examples.irc;

import io.github.bsdtalk.client.TextSanitizer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Text safety both ways between IRC and talk.
 *
 * <p>IRC to a terminal ({@link #forTerminal}, {@link #channelText}): the text of a PRIVMSG is
 * whatever bytes another IRC user chose. Removed: the mIRC formatting codes (bold 0x02, colour 0x03
 * with up to two digits and an optional comma and two more, hex colour 0x04 with RRGGBB[,RRGGBB],
 * reset 0x0F, monospace 0x11, reverse 0x16, italic 0x1D, strike 0x1E, underline 0x1F; as listed in
 * the modern IRC client documentation, modern.ircdocs.horse/formatting), ESC sequences whole (CSI
 * {@code ESC [ params final}, OSC/DCS/PM/APC strings up to BEL or ST, two-byte {@code ESC x}, and
 * their 8-bit forms 0x9B and 0x9D), and then every other control character: C0 (a tab becomes a
 * space), DEL and C1. What remains goes through {@link TextSanitizer}, which replaces the bidi
 * overrides and other reordering characters, so the result holds no character of category {@code
 * Cc} at all. CTCP (the 0x01-delimited requests of the CTCP specification): {@code ACTION}
 * becomes {@code * nick text}; every other request (VERSION, PING, DCC, ...) is dropped and never
 * answered, so the bridge tells nobody what it runs and cannot be made to flood.
 *
 * <p>Talk to IRC ({@link #fromTalk}): CR, LF, NUL and every other C0 control are removed (a tab
 * becomes a space), as are DEL and C1, so a talk line can never end an IRC line early (RFC 2812
 * section 2.3; ngircd also ends a line at a lone CR or LF, conn.c Handle_Buffer) nor send mIRC
 * codes or CTCP; the text is bounded to {@value #MAX_TALK_BYTES} bytes of UTF-8.
 *
 * <p>Static methods only; thread-safe.
 */
public final class IrcText {

  /** The most UTF-8 bytes of one talk line sent on: a few PRIVMSGs, not a flood. */
  public static final int MAX_TALK_BYTES = 4096;

  private static final char CTCP = 0x01;
  private static final char ESC = 0x1B;
  private static final char BEL = 0x07;

  private IrcText() {}

  /**
   * The text of a channel message as a talk member should see it: formatting and controls
   * removed, an ACTION as {@code * nick text}; empty for any other CTCP request, which is dropped.
   */
  public static Optional<String> channelText(String nick, String text) {
    if (text.isEmpty() || text.charAt(0) != CTCP) {
      return Optional.of(forTerminal(text));
    }
    int end = text.length();
    if (end > 1 && text.charAt(end - 1) == CTCP) {
      end--;
    }
    String body = text.substring(1, Math.max(1, end));
    int space = body.indexOf(' ');
    String verb = space < 0 ? body : body.substring(0, space);
    if (!asciiUpper(verb).equals("ACTION")) {
      return Optional.empty();
    }
    String action = space < 0 ? "" : body.substring(space + 1);
    return Optional.of(forTerminal("* " + nick + " " + action).stripTrailing());
  }

  /** The text with formatting, ESC sequences and every control character removed. */
  public static String forTerminal(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      switch (c) {
        case 0x03:
          i = colour(text, i + 1);
          break;
        case 0x04:
          i = hexColour(text, i + 1);
          break;
        case ESC:
          i = afterEscape(text, i + 1);
          break;
        case 0x9B: // the 8-bit CSI
          i = csi(text, i + 1);
          break;
        case 0x9D: // the 8-bit OSC
          i = controlString(text, i + 1);
          break;
        case '\t':
          sb.append(' ');
          i++;
          break;
        default:
          if (!isControl(c)) {
            sb.append(c);
          }
          i++;
      }
    }
    return TextSanitizer.sanitize(sb.toString());
  }

  /**
   * A talk line made safe to send in a PRIVMSG: no C0 (tab as a space), DEL or C1, unpaired
   * surrogates as U+FFFD, and at most {@value #MAX_TALK_BYTES} bytes of UTF-8, cut between code
   * points.
   */
  public static String fromTalk(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_TALK_BYTES));
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\t') {
        cp = ' ';
      } else if (cp < 0x20 || cp >= 0x7F && cp <= 0x9F) {
        continue;
      } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        cp = 0xFFFD;
      }
      int size = utf8Length(cp);
      if (bytes + size > MAX_TALK_BYTES) {
        break;
      }
      bytes += size;
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** The UTF-8 length of a code point (a lone surrogate counts 3, as it would be replaced). */
  static int utf8Length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  /** UTF-8 bytes of a string. */
  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** ASCII upper case: IRC commands and CTCP verbs are ASCII, and no locale may change them. */
  static String asciiUpper(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
    }
    return sb.toString();
  }

  /**
   * Compares nicks or channel names as ngircd does: ASCII letters without case ({@code
   * strcasecmp} in ngircd's client.c and channel.c), everything else exactly.
   */
  static boolean sameName(String a, String b) {
    return asciiUpper(a).equals(asciiUpper(b));
  }

  private static boolean isControl(char c) {
    // the formatting codes 0x02, 0x0F, 0x11, 0x16, 0x1D-0x1F are C0 too
    return c < 0x20 || c >= 0x7F && c <= 0x9F;
  }

  /** After 0x03: up to two digits, then a comma and up to two digits only if a digit follows. */
  private static int colour(String s, int i) {
    int j = digits(s, i, 2);
    if (j > i && j + 1 < s.length() && s.charAt(j) == ',' && isDigit(s.charAt(j + 1))) {
      j = digits(s, j + 1, 2);
    }
    return j;
  }

  /** After 0x04: RRGGBB, then ",RRGGBB" if six hex digits follow the comma. */
  private static int hexColour(String s, int i) {
    if (!hex6(s, i)) {
      return i;
    }
    int j = i + 6;
    if (j < s.length() && s.charAt(j) == ',' && hex6(s, j + 1)) {
      j += 7;
    }
    return j;
  }

  /**
   * Where the text goes on after an escape sequence (ECMA-48 section 5.3): CSI, a control string,
   * or ESC with its final byte. Public for the web bridge's sanitising ({@code examples.web}).
   *
   * @param s the text
   * @param i the index just after the ESC
   * @return the index just after the sequence
   */
  public static int afterEscape(String s, int i) {
    if (i >= s.length()) {
      return i;
    }
    char c = s.charAt(i);
    if (c == '[') {
      return csi(s, i + 1);
    }
    if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
      return controlString(s, i + 1);
    }
    int j = i;
    while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2F) {
      j++; // intermediate bytes, as in ESC ( B
    }
    if (j < s.length() && s.charAt(j) >= 0x30 && s.charAt(j) <= 0x7E) {
      j++;
    }
    return j;
  }

  /** After CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final 0x40-0x7E. */
  private static int csi(String s, int i) {
    while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x3F) {
      i++;
    }
    if (i < s.length() && s.charAt(i) >= 0x40 && s.charAt(i) <= 0x7E) {
      i++;
    }
    return i;
  }

  /** An OSC (or DCS, SOS, PM, APC) string runs to BEL, ST (ESC \ or 0x9C), or the line's end. */
  private static int controlString(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == BEL || c == 0x9C) {
        return i + 1;
      }
      if (c == ESC && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
        return i + 2;
      }
      i++;
    }
    return i;
  }

  private static int digits(String s, int i, int most) {
    int j = i;
    while (j < s.length() && j - i < most && isDigit(s.charAt(j))) {
      j++;
    }
    return j;
  }

  private static boolean hex6(String s, int i) {
    if (i + 6 > s.length()) {
      return false;
    }
    for (int j = i; j < i + 6; j++) {
      char c = s.charAt(j);
      if (!isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

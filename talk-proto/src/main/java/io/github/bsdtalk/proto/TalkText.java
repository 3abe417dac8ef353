package io.github.bsdtalk.proto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the text fields of the wire into display text and back: the one place where the bytes of
 * a user name become characters a person reads.
 *
 * <p>A {@code CTL_MSG}'s {@code l_name}, {@code r_name} and {@code r_tty} are byte arrays; the C
 * programs copy them with {@code strncpy} and never say which character set they are in
 * (netkit {@code talk/get_names.c}, {@code talkd/announce.c}). The {@link CtlMessage} record holds
 * each field as a <em>wire string</em>: one char per byte, U+0000..U+00FF (ISO-8859-1), so any
 * field round trips byte for byte. Systems today name users in UTF-8, so this class reads and
 * writes names as UTF-8 bytes, falls back to the bytes themselves when they are not UTF-8, and
 * makes the result safe to write to a terminal:
 *
 * <ul>
 *   <li>{@link #toWire(String)}: a name as typed, to the wire string of its UTF-8 bytes;
 *   <li>{@link #fromWire(String)}: a wire string back to the text it was most likely typed as;
 *   <li>{@link #forTerminal(String)}: any text, with every character a terminal could act on
 *       replaced by {@code ?};
 *   <li>{@link #displayName(String)}: both of the last two, what a program shows for a caller;
 *   <li>{@link #hasControlCharacter(String)}: whether a wire string carries a control character
 *       (the check a daemon makes before it rings a terminal), without allocating.
 * </ul>
 *
 * <p>Static methods only; thread-safe. Null arguments are rejected with {@link
 * NullPointerException}.
 */
public final class TalkText {

  private static final int CLEAN = 0;
  private static final int CONTROL = 1;
  private static final int INVALID = 2;

  private TalkText() {}

  /**
   * Returns the wire string of a name: its UTF-8 bytes, one char per byte, as {@link CtlMessage}
   * holds its text fields. ASCII text is returned as it is. An unpaired surrogate, which has no
   * UTF-8 form, becomes {@code ?} (as {@link String#getBytes(java.nio.charset.Charset)} does).
   *
   * <p>The result may be longer than the field it goes into (a non-ASCII character takes two to
   * four bytes); {@link CtlMessage} rejects a field that does not fit.
   *
   * @param text the name as a person typed it
   * @return the same bytes as UTF-8, one char per byte (each char U+0000..U+00FF)
   * @throws NullPointerException if text is null
   */
  public static String toWire(String text) {
    if (isAscii(text)) {
      return text;
    }
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads a wire string the way it was most likely typed: its bytes as UTF-8 when they are valid
   * (strict) UTF-8, else each byte as the ISO-8859-1 character it is. So {@code
   * fromWire(toWire(s))} is {@code s} for any valid Unicode text, a Latin-1 name from an old
   * system shows as Latin-1, and no byte is ever lost or replaced. Text that is not one char per
   * byte (a char above U+00FF) is no wire string and is returned unchanged. NULs are kept (the C
   * programs would stop at the first one; {@link #forTerminal(String)} shows each as {@code ?}).
   *
   * <p>The result is not safe to print: it may hold controls. Use {@link #displayName(String)} to
   * show it.
   *
   * @param wire a text field, one char per byte, as {@link CtlMessage} holds it
   * @return the decoded text
   * @throws NullPointerException if wire is null
   */
  public static String fromWire(String wire) {
    if (isAscii(wire)) {
      return wire;
    }
    byte[] bytes = new byte[wire.length()];
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (c > 0xFF) {
        return wire;
      }
      bytes[i] = (byte) c;
    }
    try {
      // The JDK's UTF-8 decoder is strict: overlong forms, encoded surrogates and code points
      // above U+10FFFF are malformed, so they fall back to Latin-1 as WireText's check does.
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return wire;
    }
  }

  /**
   * Makes text safe to write to a terminal: each code point a terminal could act on, or that
   * changes how the text around it is shown, becomes one {@code ?}. Those are:
   *
   * <ul>
   *   <li>the C0 controls U+0000..U+001F, among them NUL, BEL, TAB, LF, CR and ESC (so no escape
   *       sequence survives);
   *   <li>DEL (U+007F) and the C1 controls U+0080..U+009F (U+009B is the 8-bit CSI);
   *   <li>format characters (Unicode category Cf): the bidirectional embeddings, overrides and
   *       isolates ("Trojan Source", CVE-2021-42574), zero-width characters, the soft hyphen;
   *   <li>the line and paragraph separators U+2028 and U+2029;
   *   <li>an unpaired surrogate (a surrogate pair is one code point and is judged as that);
   *   <li>private-use and unassigned code points (unassigned as of the running JDK's Unicode
   *       version), noncharacters among them.
   * </ul>
   *
   * <p>Every other character, ASCII or not, is kept, combining marks included. netkit's {@code
   * safechar()} ({@code talkd/announce.c}) keeps printable ASCII only; what of the rest a terminal
   * gets is the caller's choice of charset when it encodes the result.
   *
   * <p>This is the stricter of the two rules the libraries had: the server's announcement rule,
   * exactly. The client's conversation-text rule kept TAB, showed C0 and DEL in caret notation
   * ({@code ^[}, {@code ^?}, as netkit {@code talk/display.c} does), turned unpaired surrogates
   * into U+FFFD, and kept format characters other than the bidi controls, private-use and
   * unassigned code points and the separators; here all of those become {@code ?}. Line breaks are
   * controls, so pass single lines.
   *
   * @param text any text, valid Unicode or not
   * @return the text without controls; the same instance if nothing needed changing
   * @throws NullPointerException if text is null
   */
  public static String forTerminal(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!isSafe(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    if (i == n) {
      return text;
    }
    StringBuilder sb = new StringBuilder(n).append(text, 0, i);
    while (i < n) {
      int cp = text.codePointAt(i);
      if (isSafe(cp)) {
        sb.appendCodePoint(cp);
      } else {
        sb.append('?');
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /**
   * Returns a wire name as a person should see it: {@code forTerminal(fromWire(wire))}. Never
   * throws for any string, wire string or not.
   *
   * @param wire a text field, one char per byte, as {@link CtlMessage} holds it
   * @return the name decoded (UTF-8, else Latin-1) and safe to write to a terminal
   * @throws NullPointerException if wire is null
   */
  public static String displayName(String wire) {
    return forTerminal(fromWire(wire));
  }

  /**
   * Returns whether a wire string holds a control character: C0 (U+0000..U+001F), DEL (U+007F) or
   * C1 (U+0080..U+009F). The bytes are read as UTF-8 first, because the continuation bytes of a
   * printable UTF-8 character such as {@code ł} (c5 82) look like C1 controls byte by byte; only
   * if they are not valid (strict) UTF-8 is each byte checked as a Latin-1 character. A char above
   * U+00FF is no byte and counts as a control.
   *
   * <p>Only these controls count: a format character such as U+202E is no control here (a daemon
   * refuses an ANNOUNCE whose caller name has one, as FreeBSD {@code libexec/talkd/process.c}
   * does, and shows the rest through {@link #forTerminal(String)}). Allocates nothing; a daemon
   * runs it on every ANNOUNCE.
   *
   * @param wire a text field, one char per byte, as {@link CtlMessage} holds it
   * @return true if it holds a control character
   * @throws NullPointerException if wire is null
   */
  public static boolean hasControlCharacter(String wire) {
    int utf8 = utf8HasControl(wire);
    return utf8 == INVALID ? latin1HasControl(wire) : utf8 == CONTROL;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Whether forTerminal keeps the code point (a lone surrogate arrives as itself). */
  private static boolean isSafe(int cp) {
    if (cp < 0x20 || cp >= 0x7F && cp <= 0x9F) {
      return false; // C0, DEL, C1
    }
    if (cp < 0x7F) {
      return true; // printable ASCII: the common case, no table look-up
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** Decodes strict UTF-8 (no overlongs, surrogates or code points above U+10FFFF). */
  private static int utf8HasControl(String s) {
    boolean control = false;
    int i = 0;
    int n = s.length();
    while (i < n) {
      int b = s.charAt(i++);
      if (b < 0x80) {
        control |= isControl(b);
        continue;
      }
      int more;
      int cp;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        more = 1;
        cp = b & 0x1F;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        more = 2;
        cp = b & 0x0F;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        more = 3;
        cp = b & 0x07;
        min = 0x1_0000;
      } else {
        return INVALID; // a continuation byte without a lead, C0, C1, F5..FF, or not a byte
      }
      if (i + more > n) {
        return INVALID; // cut short
      }
      for (int k = 0; k < more; k++) {
        int c = s.charAt(i++);
        if ((c & 0xFFC0) != 0x80) {
          return INVALID; // not a continuation byte (10xxxxxx), or not a byte at all
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10_FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return INVALID; // overlong, out of range, or a surrogate
      }
      control |= isControl(cp);
    }
    return control ? CONTROL : CLEAN;
  }

  private static boolean latin1HasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      int c = s.charAt(i);
      if (isControl(c) || c > 0xFF) {
        return true;
      }
    }
    return false;
  }

  /** C0, DEL and C1, as a code point or as a Latin-1 byte. */
  private static boolean isControl(int c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
  }
}

package io.github.bsdtalk.server.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text fields from the wire: whether one carries a control character, and the text it most
 * likely was typed as. Wire text fields are
 * Strings of one char per byte (ISO-8859-1), so a UTF-8 name such as {@code łukasz} (c5 82 ...)
 * arrives as chars, some of them in 0x80..0x9F; read byte by byte those look like C1 controls, but
 * they are continuation bytes of a printable character.
 *
 * <p>So the bytes are read as UTF-8 first: if they are valid UTF-8, the decoded code points are
 * checked for C0 (U+0000..U+001F), DEL (U+007F) and C1 (U+0080..U+009F). If they are not valid
 * UTF-8, each byte is checked as a Latin-1 character: 0x00..0x1F, 0x7F and 0x80..0x9F are
 * controls. Only after this decision may the text be sanitised for display.
 *
 * <p>The check allocates nothing; a daemon runs it on every ANNOUNCE.
 */
public final class WireText {

  private static final int CLEAN = 0;
  private static final int CONTROL = 1;
  private static final int INVALID = 2;

  private WireText() {}

  /**
   * Returns whether the text, one char per byte, holds a control character (C0, DEL or C1), read
   * as UTF-8 if it is valid UTF-8 and as Latin-1 bytes otherwise.
   *
   * @param bytes the field, each char one byte 0..255 (chars above 0xFF count as controls)
   * @return true if it holds a control character
   */
  public static boolean hasControlCharacter(String bytes) {
    int utf8 = utf8HasControl(bytes);
    return utf8 == INVALID ? latin1HasControl(bytes) : utf8 == CONTROL;
  }

  /**
   * Reads a caller name the way it was most likely typed: the wire's bytes (one char each, as the
   * codec decodes them) as UTF-8 when they are valid UTF-8, else as they are (ISO-8859-1). Text
   * that is not one char per byte is returned unchanged.
   */
  public static String decode(String wire) {
    byte[] bytes = new byte[wire.length()];
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (c > 0xFF) {
        return wire;
      }
      bytes[i] = (byte) c;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return wire;
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

  /**
   * Turns a wire name into text safe to show or log: decoded as {@link #decode} does, then every
   * character a terminal could act on replaced by {@code ?} (the announcement's rule). Until
   * talk-proto's {@code TalkText.displayName} replaces it.
   *
   * @param wire the name as the codec holds it, one char per byte
   * @return printable text
   */
  public static String displayName(String wire) {
    return io.github.bsdtalk.server.UnixTtyAnnouncer.sanitize(decode(wire));
  }
}

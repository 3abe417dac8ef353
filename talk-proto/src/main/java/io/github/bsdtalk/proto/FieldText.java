package io.github.bsdtalk.proto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The fixed-width, NUL-padded text fields ({@code l_name}, {@code r_name}, {@code r_tty}).
 *
 * <p>Records hold these fields as ISO-8859-1 strings: one char per byte, U+0000 to U+00FF, with the
 * trailing NUL padding removed. That mapping is lossless, so any field decodes and re-encodes byte
 * for byte, including non-ASCII bytes and fields with no NUL terminator.
 */
final class FieldText {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private FieldText() {}

  /** Checks a record component and removes trailing NULs, which encoding would add back anyway. */
  static String normalize(String value, int width, String component) {
    if (value == null) {
      throw new NullPointerException(component);
    }
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == 0) {
      end--;
    }
    if (end > width) {
      throw new IllegalArgumentException(
          component + " longer than its " + width + "-byte field: \"" + value + "\"");
    }
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c > 0xFF) {
        throw new IllegalArgumentException(
            component
                + " has a character that is not one byte (U+"
                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                + "; records hold fields as ISO-8859-1): \""
                + value
                + "\"");
      }
    }
    return end == value.length() ? value : value.substring(0, end);
  }

  static String read(byte[] src, int index, int width) {
    int end = width;
    // Padding is mostly NULs (an empty r_tty is 16 of them): skip them eight at a time first.
    while (end >= Long.BYTES && (long) LONG.get(src, index + end - Long.BYTES) == 0L) {
      end -= Long.BYTES;
    }
    while (end > 0 && src[index + end - 1] == 0) {
      end--;
    }
    return end == 0 ? "" : new String(src, index, end, StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes a field's characters, one byte each. The caller has already zeroed the whole field, so
   * the NUL padding after them is in place; records guarantee the text fits its width.
   */
  static void write(ByteBuffer dst, int index, String value) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      dst.put(index + i, (byte) value.charAt(i));
    }
  }

  /** The C view of a field: the text before the first NUL. */
  static String beforeNul(String value) {
    int nul = value.indexOf(0);
    return nul < 0 ? value : value.substring(0, nul);
  }

  static String decode(String value, MessageField field, Charset charset)
      throws MalformedPacketException {
    String c = beforeNul(value);
    byte[] bytes = c.getBytes(StandardCharsets.ISO_8859_1);
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 4);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new MalformedPacketException(
          MalformedPacketException.Reason.BAD_STRING,
          field.offset() + in.position(),
          field.cName() + " is not valid " + charset.name() + ": \"" + value + "\"");
    }
    if (!result.isUnderflow()) {
      try {
        result.throwException();
      } catch (CharacterCodingException e) {
        throw new AssertionError("output buffer sized for any decoding", e);
      }
    }
    return out.flip().toString();
  }
}

package io.github.bsdtalk.examples.screen;

import java.util.function.IntConsumer;

/**
 * An incremental UTF-8 decoder: bytes in, in pieces of any size, code points out. A sequence split
 * across two calls is completed by the second. A malformed sequence becomes one U+FFFD, using the
 * "maximal subpart" rule of the Unicode standard (the WHATWG Encoding decoder): the bytes of a
 * truncated sequence make one U+FFFD together, and the byte that broke it is decoded afresh.
 * Overlong forms, surrogates (U+D800..U+DFFF) and values above U+10FFFF are malformed.
 *
 * <p>netkit talk has no decoder at all: {@code display()} in netkit {@code talk/display.c} treats
 * each byte as one character, so an erase removes half of a two-byte character. Not thread-safe.
 */
final class Utf8Decoder {

  /** The replacement character, shown for each malformed sequence. */
  static final int REPLACEMENT = 0xFFFD;

  private int codePoint;
  private int needed;
  private int seen;
  private int lower = 0x80;
  private int upper = 0xBF;

  /**
   * Decodes bytes, passing each complete code point (or U+FFFD) to the sink.
   *
   * @param bytes the buffer
   * @param offset the first byte
   * @param length how many bytes
   * @param sink receives code points in order
   */
  void decode(byte[] bytes, int offset, int length, IntConsumer sink) {
    for (int i = offset; i < offset + length; i++) {
      decode(Byte.toUnsignedInt(bytes[i]), sink);
    }
  }

  /**
   * Returns whether a sequence is incomplete (more bytes are awaited).
   *
   * @return true in the middle of a multi-byte sequence
   */
  boolean pending() {
    return needed != 0;
  }

  private void decode(int b, IntConsumer sink) {
    if (needed == 0) {
      if (b < 0x80) {
        sink.accept(b);
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        codePoint = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        lower = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
        upper = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
        needed = 2;
        codePoint = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        lower = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
        upper = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
        needed = 3;
        codePoint = b & 0x07;
      } else {
        sink.accept(REPLACEMENT); // 80..C1 as a first byte, F5..FF
      }
      return;
    }
    if (b < lower || b > upper) {
      reset();
      sink.accept(REPLACEMENT); // the truncated sequence
      decode(b, sink); // the byte that broke it starts afresh
      return;
    }
    lower = 0x80;
    upper = 0xBF;
    codePoint = (codePoint << 6) | (b & 0x3F);
    if (++seen == needed) {
      int done = codePoint;
      reset();
      sink.accept(done);
    }
  }

  private void reset() {
    codePoint = 0;
    needed = 0;
    seen = 0;
    lower = 0x80;
    upper = 0xBF;
  }
}

package io.github.bsdtalk.proto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads and writes {@link CtlMessage} (84 bytes) and {@link CtlResponse} (24 bytes) exactly as the C
 * talk programs lay them out: all integers big-endian, the address family as a big-endian 16-bit
 * value, text fields NUL-padded, {@code pad} and the 8 unused bytes of each address written as zeros.
 *
 * <p><b>Decoding</b> is strict about structure and permissive about meaning: the datagram must be
 * exactly the structure's size, but any version, type, answer, family or text decodes, so that a
 * daemon can answer BADVERSION or UNKNOWN_REQUEST and a client can read a reply full of garbage.
 * Decoding never throws anything but {@link MalformedPacketException} for any input bytes, never
 * allocates in proportion to its input, and never changes the caller's buffer position, limit or
 * byte order.
 *
 * <p><b>Encoding</b> into a caller's buffer writes at its position, advances it by the structure's
 * size (like {@link ByteBuffer#put(byte[])}), ignores its byte order and allocates nothing.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @apiNote
 *     <pre>{@code
 * CtlMessage lookUp = CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
 *     TalkAddress.of(myUdpAddress), 4242, "alice", "bob", "");
 * byte[] datagram = TalkCodec.encode(lookUp);              // 84 bytes
 * CtlResponse reply = TalkCodec.decodeResponse(received);  // throws MalformedPacketException
 * }</pre>
 */
public final class TalkCodec {

  // View handles read and write several bytes with one bounds check, in network order whatever the
  // buffer's own order is; decoding reads arrays, encoding writes any ByteBuffer (heap or direct).
  private static final VarHandle ARRAY_SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle ARRAY_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BUFFER_SHORT =
      MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BUFFER_INT =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BUFFER_LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final int LOOPBACK_BITS = 0x7f00_0001;
  private static final Inet4Address LOOPBACK = TalkAddress.ipv4(LOOPBACK_BITS);

  private TalkCodec() {}

  /**
   * Encodes a request into a new array.
   *
   * @param message the request
   * @return 84 bytes
   */
  public static byte[] encode(CtlMessage message) {
    byte[] out = new byte[CtlMessage.SIZE];
    writeMessage(ByteBuffer.wrap(out), 0, message);
    return out;
  }

  /**
   * Encodes a response into a new array.
   *
   * @param response the response
   * @return 24 bytes
   */
  public static byte[] encode(CtlResponse response) {
    byte[] out = new byte[CtlResponse.SIZE];
    writeResponse(ByteBuffer.wrap(out), 0, response);
    return out;
  }

  /**
   * Encodes a request at the buffer's position and advances the position by 84.
   *
   * @param message the request
   * @param dst the buffer; its byte order does not matter
   * @throws java.nio.BufferOverflowException if fewer than 84 bytes remain (nothing is written)
   * @throws java.nio.ReadOnlyBufferException if the buffer is read-only
   */
  public static void encode(CtlMessage message, ByteBuffer dst) {
    Objects.requireNonNull(message, "message");
    int at = reserve(dst, CtlMessage.SIZE);
    writeMessage(dst, at, message);
    dst.position(at + CtlMessage.SIZE);
  }

  /**
   * Encodes a response at the buffer's position and advances the position by 24.
   *
   * @param response the response
   * @param dst the buffer; its byte order does not matter
   * @throws java.nio.BufferOverflowException if fewer than 24 bytes remain (nothing is written)
   * @throws java.nio.ReadOnlyBufferException if the buffer is read-only
   */
  public static void encode(CtlResponse response, ByteBuffer dst) {
    Objects.requireNonNull(response, "response");
    int at = reserve(dst, CtlResponse.SIZE);
    writeResponse(dst, at, response);
    dst.position(at + CtlResponse.SIZE);
  }

  /**
   * Decodes a request from a whole datagram.
   *
   * @param datagram the datagram's bytes
   * @return the request
   * @throws MalformedPacketException {@link MalformedPacketException.Reason#TRUNCATED} or {@link
   *     MalformedPacketException.Reason#OVERSIZED} if the length is not 84
   */
  public static CtlMessage decodeMessage(byte[] datagram) throws MalformedPacketException {
    checkLength(datagram.length, CtlMessage.SIZE, "CTL_MSG");
    return readMessage(datagram, 0);
  }

  /**
   * Decodes a request from the buffer's remaining bytes, which must be exactly one datagram. The
   * buffer's position, limit and byte order are left unchanged.
   *
   * @param datagram the datagram, from position to limit
   * @return the request
   * @throws MalformedPacketException {@link MalformedPacketException.Reason#TRUNCATED} or {@link
   *     MalformedPacketException.Reason#OVERSIZED} if the length is not 84
   */
  public static CtlMessage decodeMessage(ByteBuffer datagram) throws MalformedPacketException {
    checkLength(datagram.remaining(), CtlMessage.SIZE, "CTL_MSG");
    int at = datagram.position();
    if (datagram.hasArray()) {
      return readMessage(datagram.array(), datagram.arrayOffset() + at);
    }
    // Direct or read-only buffer: one fixed-size copy, then the same array path.
    byte[] copy = new byte[CtlMessage.SIZE];
    datagram.get(at, copy);
    return readMessage(copy, 0);
  }

  /**
   * Decodes a response from a whole datagram.
   *
   * @param datagram the datagram's bytes
   * @return the response
   * @throws MalformedPacketException {@link MalformedPacketException.Reason#TRUNCATED} or {@link
   *     MalformedPacketException.Reason#OVERSIZED} if the length is not 24
   */
  public static CtlResponse decodeResponse(byte[] datagram) throws MalformedPacketException {
    checkLength(datagram.length, CtlResponse.SIZE, "CTL_RESPONSE");
    return readResponse(datagram, 0);
  }

  /**
   * Decodes a response from the buffer's remaining bytes, which must be exactly one datagram. The
   * buffer's position, limit and byte order are left unchanged.
   *
   * @param datagram the datagram, from position to limit
   * @return the response
   * @throws MalformedPacketException {@link MalformedPacketException.Reason#TRUNCATED} or {@link
   *     MalformedPacketException.Reason#OVERSIZED} if the length is not 24
   */
  public static CtlResponse decodeResponse(ByteBuffer datagram) throws MalformedPacketException {
    checkLength(datagram.remaining(), CtlResponse.SIZE, "CTL_RESPONSE");
    int at = datagram.position();
    if (datagram.hasArray()) {
      return readResponse(datagram.array(), datagram.arrayOffset() + at);
    }
    byte[] copy = new byte[CtlResponse.SIZE];
    datagram.get(at, copy);
    return readResponse(copy, 0);
  }

  // ---- layout ---------------------------------------------------------------------------------

  private static CtlMessage readMessage(byte[] src, int at) {
    return new CtlMessage(
        u8(src, at),
        u8(src, at + 1),
        u8(src, at + 2),
        u32(src, at + 4),
        readAddress(src, at + 8),
        readAddress(src, at + 24),
        s32(src, at + 40),
        FieldText.read(src, at + 44, TalkProtocol.NAME_SIZE),
        FieldText.read(src, at + 56, TalkProtocol.NAME_SIZE),
        FieldText.read(src, at + 68, TalkProtocol.TTY_SIZE));
  }

  private static CtlResponse readResponse(byte[] src, int at) {
    return new CtlResponse(
        u8(src, at), u8(src, at + 1), u8(src, at + 2), u32(src, at + 4), readAddress(src, at + 8));
  }

  private static void writeMessage(ByteBuffer dst, int at, CtlMessage m) {
    dst.put(at, (byte) m.version());
    dst.put(at + 1, (byte) m.type());
    dst.put(at + 2, (byte) m.answer());
    dst.put(at + 3, (byte) 0); // pad
    putInt(dst, at + 4, (int) m.id());
    writeAddress(dst, at + 8, m.address());
    writeAddress(dst, at + 24, m.controlAddress());
    putInt(dst, at + 40, m.pid());
    // l_name, r_name and r_tty are contiguous (offsets 44..83): clear all 40 bytes with five 8-byte
    // writes, then write each text over the start of its field, leaving the NUL padding behind it.
    for (int i = 44; i < CtlMessage.SIZE; i += Long.BYTES) {
      putLong(dst, at + i, 0L);
    }
    FieldText.write(dst, at + 44, m.localName());
    FieldText.write(dst, at + 56, m.remoteName());
    FieldText.write(dst, at + 68, m.remoteTty());
  }

  private static void writeResponse(ByteBuffer dst, int at, CtlResponse r) {
    dst.put(at, (byte) r.version());
    dst.put(at + 1, (byte) r.type());
    dst.put(at + 2, (byte) r.answer());
    dst.put(at + 3, (byte) 0); // pad
    putInt(dst, at + 4, (int) r.id());
    writeAddress(dst, at + 8, r.address());
  }

  private static void writeAddress(ByteBuffer dst, int at, TalkAddress a) {
    // The family is a big-endian u16 on the wire (BSD clients overwrite sin_len/sin_family with
    // htons(AF_INET), usr.bin/talk/invite.c), so the bytes are 00 02 on every platform.
    putShort(dst, at, a.family());
    putShort(dst, at + 2, a.port());
    putInt(dst, at + 4, a.ipBits());
    putLong(dst, at + 8, 0L); // ta_junk1, ta_junk2
  }

  private static TalkAddress readAddress(byte[] src, int at) {
    return new TalkAddress(u16(src, at), u16(src, at + 2), ip(s32(src, at + 4)));
  }

  private static Inet4Address ip(int bits) {
    // 0.0.0.0 (an unused addr) and 127.0.0.1 (talk on one host) fill most address fields, so they
    // share one instance each instead of allocating two objects per field. InetAddress is immutable
    // except for the name getHostName() looks up and caches: once any holder has asked, a shared
    // instance's toString() shows it ("localhost/127.0.0.1"); equals, hashCode and getHostAddress
    // (all that TalkAddress uses) never change.
    if (bits == 0) {
      return TalkAddress.ZERO.ip();
    }
    if (bits == LOOPBACK_BITS) {
      return LOOPBACK;
    }
    return TalkAddress.ipv4(bits);
  }

  // ---- bytes: absolute, big-endian, independent of the buffer's order --------------------------

  /** TRUNCATED or OVERSIZED unless {@code length == size}; the old-talk codec's check too. */
  static void checkLength(int length, int size, String what)
      throws MalformedPacketException {
    if (length < size) {
      throw new MalformedPacketException(
          MalformedPacketException.Reason.TRUNCATED,
          length,
          what + " needs " + size + " bytes, got " + length);
    }
    if (length > size) {
      throw new MalformedPacketException(
          MalformedPacketException.Reason.OVERSIZED,
          size,
          what + " is " + size + " bytes, got " + length);
    }
  }

  private static int reserve(ByteBuffer dst, int size) {
    if (dst.isReadOnly()) {
      throw new java.nio.ReadOnlyBufferException();
    }
    if (dst.remaining() < size) {
      throw new java.nio.BufferOverflowException();
    }
    return dst.position();
  }

  private static int u8(byte[] b, int at) {
    return Byte.toUnsignedInt(b[at]);
  }

  private static int u16(byte[] b, int at) {
    return Short.toUnsignedInt((short) ARRAY_SHORT.get(b, at));
  }

  private static int s32(byte[] b, int at) {
    return (int) ARRAY_INT.get(b, at);
  }

  private static long u32(byte[] b, int at) {
    return Integer.toUnsignedLong(s32(b, at));
  }

  private static void putShort(ByteBuffer b, int at, int v) {
    BUFFER_SHORT.set(b, at, (short) v);
  }

  private static void putInt(ByteBuffer b, int at, int v) {
    BUFFER_INT.set(b, at, v);
  }

  private static void putLong(ByteBuffer b, int at, long v) {
    BUFFER_LONG.set(b, at, v);
  }
}

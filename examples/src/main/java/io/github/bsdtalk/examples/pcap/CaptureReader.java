package io.github.bsdtalk.examples.pcap;

import io.github.bsdtalk.examples.pcap.CaptureFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a whole capture file, classic pcap or pcapng, into its {@link Frame}s.
 *
 * <p>Formats, as the IETF OPSAWG drafts describe them ({@code draft-ietf-opsawg-pcap}, {@code
 * draft-ietf-opsawg-pcapng}):
 *
 * <ul>
 *   <li>pcap: magic {@code A1B2C3D4} (microseconds) or {@code A1B23C4D} (nanoseconds), written in
 *       the capturing host's byte order, so either order is accepted; one link type per file.
 *   <li>pcapng: Section Header Blocks (either byte order, each section its own), Interface
 *       Description Blocks (link type, {@code if_tsresol}, {@code if_tsoffset}), Enhanced and
 *       Simple Packet Blocks. Every other block (the obsolete Packet Block, name resolution,
 *       statistics, custom blocks) is skipped by its length.
 * </ul>
 *
 * <p>The reader is strict about structure and says where it broke: a file that ends inside a header
 * or a record, or whose block lengths disagree, gives a {@link CaptureFormatException} with the
 * offset, never a partial list and never another exception. Stateless and thread-safe.
 */
public final class CaptureReader {
  /** pcap magic for microsecond timestamps ({@code draft-ietf-opsawg-pcap} section 4). */
  static final int PCAP_MICROS = 0xA1B2C3D4;

  /** pcap magic for nanosecond timestamps. */
  static final int PCAP_NANOS = 0xA1B23C4D;

  /** pcapng Section Header Block type; a palindrome, so it reads the same in both orders. */
  static final int SHB = 0x0A0D0D0A;

  /** pcapng byte-order magic inside the SHB. */
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

  /** pcapng Interface Description Block. */
  static final int IDB = 1;

  /** pcapng Simple Packet Block. */
  static final int SPB = 3;

  /** pcapng Enhanced Packet Block. */
  static final int EPB = 6;

  /** IDB option {@code if_tsresol}: one byte, 10^-n or (high bit set) 2^-n seconds. */
  private static final int IF_TSRESOL = 9;

  /** IDB option {@code if_tsoffset}: a signed 64-bit number of seconds added to every stamp. */
  private static final int IF_TSOFFSET = 14;

  private static final int PCAP_HEADER = 24;
  private static final int PCAP_RECORD_HEADER = 16;
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  private CaptureReader() {}

  /**
   * Reads a capture from a stream, at most {@code maxBytes} of it.
   *
   * @param in the stream, read to its end and not closed
   * @param maxBytes the largest file accepted, so that a huge input cannot exhaust the heap
   * @return the frames in file order
   * @throws CaptureFormatException if the file is not a well-formed capture, or is larger than
   *     maxBytes ({@link Reason#TOO_LARGE})
   * @throws IOException if the stream cannot be read
   */
  public static List<Frame> read(InputStream in, int maxBytes) throws IOException {
    return read(readBytes(in, maxBytes));
  }

  /**
   * Reads a capture file's bytes from a stream, at most {@code maxBytes} of them, for a caller
   * that keeps the bytes (a {@code CaptureReport}, which also names the format).
   *
   * @param in the stream, read to its end and not closed
   * @param maxBytes the largest file accepted, so that a huge input cannot exhaust the heap
   * @return the bytes
   * @throws CaptureFormatException if the stream holds more than maxBytes ({@link
   *     Reason#TOO_LARGE})
   * @throws IOException if the stream cannot be read
   */
  public static byte[] readBytes(InputStream in, int maxBytes) throws IOException {
    Objects.requireNonNull(in, "in");
    if (maxBytes < 0 || maxBytes == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxBytes out of range: " + maxBytes);
    }
    byte[] bytes = in.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new CaptureFormatException(
          Reason.TOO_LARGE, maxBytes, "the capture is larger than " + maxBytes + " bytes");
    }
    return bytes;
  }

  /**
   * Reads a whole capture held in memory.
   *
   * @param file the file's bytes, not modified
   * @return the frames in file order
   * @throws CaptureFormatException if the bytes are not a well-formed pcap or pcapng file
   */
  public static List<Frame> read(byte[] file) throws CaptureFormatException {
    Objects.requireNonNull(file, "file");
    ByteBuffer buf = ByteBuffer.wrap(file).asReadOnlyBuffer();
    require(buf, 0, 4, "the file's magic number");
    int magic = buf.order(ByteOrder.BIG_ENDIAN).getInt(0);
    if (magic == SHB) {
      return readPcapng(buf);
    }
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      int m = buf.order(order).getInt(0);
      if (m == PCAP_MICROS || m == PCAP_NANOS) {
        return readPcap(buf.order(order), m == PCAP_NANOS);
      }
    }
    throw new CaptureFormatException(
        Reason.BAD_MAGIC, 0, String.format("not a pcap or pcapng file (magic %08x)", magic));
  }

  /** Classic pcap: a 24-byte header, then 16-byte record headers each followed by its bytes. */
  private static List<Frame> readPcap(ByteBuffer buf, boolean nanos) throws CaptureFormatException {
    require(buf, 0, PCAP_HEADER, "the pcap file header");
    // LinkType is the low 16 bits; bits 26-31 may carry the FCS length (draft section 4)
    int linkType = buf.getInt(20) & 0xFFFF;
    List<Frame> frames = new ArrayList<>();
    int pos = PCAP_HEADER;
    while (pos < buf.limit()) {
      require(buf, pos, PCAP_RECORD_HEADER, "a packet record header");
      long seconds = u32(buf, pos);
      long fraction = u32(buf, pos + 4);
      long captured = u32(buf, pos + 8);
      long original = u32(buf, pos + 12);
      require(buf, pos, PCAP_RECORD_HEADER + captured, "a packet record of " + captured + " bytes");
      Instant time = Instant.ofEpochSecond(seconds, nanos ? fraction : fraction * 1000);
      frames.add(
          new Frame(
              linkType, time, slice(buf, pos + PCAP_RECORD_HEADER, (int) captured), original));
      pos += PCAP_RECORD_HEADER + (int) captured;
    }
    return List.copyOf(frames);
  }

  /** The interfaces of the current pcapng section. */
  private record Interface(
      int linkType, BigInteger unitsPerSecond, long offsetSeconds, long snapLength) {}

  /** pcapng: a sequence of blocks, each {@code type, total length, body, total length}. */
  private static List<Frame> readPcapng(ByteBuffer buf) throws CaptureFormatException {
    List<Frame> frames = new ArrayList<>();
    List<Interface> interfaces = new ArrayList<>();
    ByteOrder order = ByteOrder.BIG_ENDIAN;
    int pos = 0;
    while (pos < buf.limit()) {
      require(buf, pos, 12, "a block header");
      int type = buf.order(ByteOrder.BIG_ENDIAN).getInt(pos);
      if (type == SHB) {
        // the byte-order magic decides the order of this section, its own length fields included
        require(buf, pos, 28, "a Section Header Block");
        order = byteOrder(buf, pos);
        interfaces.clear();
      }
      buf.order(order);
      type = buf.getInt(pos);
      long length = u32(buf, pos + 4);
      if (length < 12 || length % 4 != 0) {
        throw new CaptureFormatException(Reason.BAD_BLOCK, pos, "block length " + length);
      }
      require(buf, pos, length, "a block of " + length + " bytes");
      int end = pos + (int) length;
      if (u32(buf, end - 4) != length) {
        throw new CaptureFormatException(
            Reason.BAD_BLOCK, pos, "trailing length " + u32(buf, end - 4) + " != " + length);
      }
      switch (type) {
        case IDB -> interfaces.add(readInterface(buf, pos, end));
        case EPB -> frames.add(readEnhanced(buf, pos, end, interfaces));
        case SPB -> frames.add(readSimple(buf, pos, end, interfaces));
        default -> {} // SHB handled above; other blocks carry nothing a frame needs
      }
      pos = end;
    }
    return List.copyOf(frames);
  }

  private static ByteOrder byteOrder(ByteBuffer buf, int pos) throws CaptureFormatException {
    int magic = buf.order(ByteOrder.BIG_ENDIAN).getInt(pos + 8);
    if (magic == BYTE_ORDER_MAGIC) {
      return ByteOrder.BIG_ENDIAN;
    }
    if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    throw new CaptureFormatException(
        Reason.BAD_BLOCK, pos, String.format("byte-order magic %08x", magic));
  }

  private static Interface readInterface(ByteBuffer buf, int pos, int end)
      throws CaptureFormatException {
    requireBody(pos, end, 8, "an Interface Description Block");
    int linkType = buf.getShort(pos + 8) & 0xFFFF;
    long snapLength = u32(buf, pos + 12);
    BigInteger units = BigInteger.valueOf(1_000_000); // the default resolution is microseconds
    long offsetSeconds = 0;
    int opt = pos + 16;
    // options: code u16, length u16, value padded to 4; ends at opt_endofopt or the block's end
    while (opt + 4 <= end - 4) {
      int code = buf.getShort(opt) & 0xFFFF;
      int len = buf.getShort(opt + 2) & 0xFFFF;
      if (code == 0) {
        break;
      }
      int next = opt + 4 + ((len + 3) & ~3);
      if (next > end - 4) {
        throw new CaptureFormatException(Reason.BAD_BLOCK, opt, "option of " + len + " bytes");
      }
      if (code == IF_TSRESOL && len >= 1) {
        int v = buf.get(opt + 4) & 0xFF;
        units = (v & 0x80) == 0 ? BigInteger.TEN.pow(v) : BigInteger.TWO.pow(v & 0x7F);
      } else if (code == IF_TSOFFSET && len >= 8) {
        offsetSeconds = buf.getLong(opt + 4);
      }
      opt = next;
    }
    return new Interface(linkType, units, offsetSeconds, snapLength);
  }

  private static Frame readEnhanced(ByteBuffer buf, int pos, int end, List<Interface> interfaces)
      throws CaptureFormatException {
    requireBody(pos, end, 20, "an Enhanced Packet Block");
    Interface iface = iface(interfaces, u32(buf, pos + 8), pos);
    long stamp = (u32(buf, pos + 12) << 32) | u32(buf, pos + 16);
    long captured = u32(buf, pos + 20);
    long original = u32(buf, pos + 24);
    if (captured > end - 4 - (pos + 28)) {
      throw new CaptureFormatException(
          Reason.BAD_BLOCK, pos, "captured length " + captured + " exceeds the block");
    }
    return new Frame(
        iface.linkType(), time(iface, stamp, pos), slice(buf, pos + 28, (int) captured), original);
  }

  /** An SPB has no timestamp and belongs to interface 0; its captured length is implied. */
  private static Frame readSimple(ByteBuffer buf, int pos, int end, List<Interface> interfaces)
      throws CaptureFormatException {
    requireBody(pos, end, 4, "a Simple Packet Block");
    Interface iface = iface(interfaces, 0, pos);
    long original = u32(buf, pos + 8);
    long room = end - 4 - (pos + 12);
    long captured = Math.min(original, room);
    if (iface.snapLength() > 0) {
      captured = Math.min(captured, iface.snapLength());
    }
    return new Frame(
        iface.linkType(), time(iface, 0, pos), slice(buf, pos + 12, (int) captured), original);
  }

  private static Interface iface(List<Interface> interfaces, long id, int pos)
      throws CaptureFormatException {
    if (id >= interfaces.size()) {
      throw new CaptureFormatException(
          Reason.UNKNOWN_INTERFACE, pos, "interface " + id + " of " + interfaces.size());
    }
    return interfaces.get((int) id);
  }

  /** Converts an unsigned 64-bit count of {@code 1/unitsPerSecond} seconds to an Instant. */
  private static Instant time(Interface iface, long stamp, int pos) throws CaptureFormatException {
    BigInteger[] parts =
        new BigInteger(Long.toUnsignedString(stamp)).divideAndRemainder(iface.unitsPerSecond());
    BigInteger seconds = parts[0].add(BigInteger.valueOf(iface.offsetSeconds()));
    long nanos = parts[1].multiply(NANOS_PER_SECOND).divide(iface.unitsPerSecond()).longValue();
    try {
      return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
    } catch (ArithmeticException | DateTimeException e) {
      throw new CaptureFormatException(Reason.BAD_TIMESTAMP, pos, "timestamp " + seconds + " s");
    }
  }

  private static void requireBody(int pos, int end, int fixed, String what)
      throws CaptureFormatException {
    // 8 bytes of block header and 4 of trailing length surround the fixed fields
    if (end - pos < 12 + fixed) {
      throw new CaptureFormatException(
          Reason.BAD_BLOCK, pos, what + " of " + (end - pos) + " bytes is too short");
    }
  }

  private static void require(ByteBuffer buf, int pos, long length, String what)
      throws CaptureFormatException {
    if (buf.limit() - pos < length) {
      throw new CaptureFormatException(
          Reason.TRUNCATED,
          pos,
          "the file ends inside "
              + what
              + " ("
              + (buf.limit() - pos)
              + " of "
              + length
              + " bytes)");
    }
  }

  private static long u32(ByteBuffer buf, int pos) {
    return Integer.toUnsignedLong(buf.getInt(pos));
  }

  private static byte[] slice(ByteBuffer buf, int pos, int length) {
    byte[] out = new byte[length];
    buf.get(pos, out);
    return out;
  }
}

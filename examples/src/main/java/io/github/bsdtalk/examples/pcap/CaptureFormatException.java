package io.github.bsdtalk.examples.pcap;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown when bytes cannot be read as a pcap or pcapng capture file.
 *
 * <p>Checked, like talk-proto's {@code MalformedPacketException}: a truncated or corrupt file is an
 * expected event for a tool that reads what users hand it. It carries a {@link Reason} to switch on
 * and the byte {@link #offset()} in the file where the problem was found; callers should look at
 * those, not at the message text. Frames whose <em>contents</em> are bad (a short IPv4 header, an
 * unknown link type) are not errors of the file: {@link PacketDecoder} counts them instead.
 */
public final class CaptureFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a capture file was rejected. */
  public enum Reason {
    /**
     * The file ends inside a header, a block or a record; the offset is where that structure began.
     */
    TRUNCATED,
    /** The first four bytes are neither a pcap magic number nor a pcapng Section Header Block. */
    BAD_MAGIC,
    /**
     * A pcapng block is inconsistent: a length that is not a multiple of 4 or smaller than its
     * fixed fields, a trailing length that differs from the leading one, or an unknown byte-order
     * magic; the offset is that of the block.
     */
    BAD_BLOCK,
    /** A packet block names an interface that no Interface Description Block described. */
    UNKNOWN_INTERFACE,
    /** A timestamp cannot be represented as an {@link java.time.Instant}. */
    BAD_TIMESTAMP,
    /** The stream holds more bytes than the caller allowed; the offset is the limit. */
    TOO_LARGE
  }

  /** Why the file was rejected. */
  private final Reason reason;

  /** Where in the file the problem was found. */
  private final long offset;

  /**
   * Creates an exception.
   *
   * @param reason why the file was rejected
   * @param offset the byte offset in the file of the structure at fault
   * @param detail a human-readable explanation
   */
  public CaptureFormatException(Reason reason, long offset, String detail) {
    super(Objects.requireNonNull(reason, "reason") + " at offset " + offset + ": " + detail);
    this.reason = reason;
    this.offset = offset;
  }

  /**
   * Returns why the file was rejected.
   *
   * @return the reason, never null
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns where in the file the problem was found.
   *
   * @return a byte offset from the start of the file
   */
  public long offset() {
    return offset;
  }
}

package io.github.bsdtalk.proto;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown when bytes cannot be read as a talk datagram or a field cannot be represented.
 *
 * <p>It is checked (an {@link IOException}, like the JDK's {@code CharacterCodingException}) because
 * bad bytes from the network are an expected event, not a programming error. It carries a {@link
 * Reason} to switch on and the byte {@link #offset()} where the problem was found; callers should
 * look at those, not at the message text.
 */
public final class MalformedPacketException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a datagram or field was rejected. */
  public enum Reason {
    /** The datagram is shorter than the structure; the offset is the datagram's length. */
    TRUNCATED,
    /** The datagram is longer than the structure; the offset is the structure's size. */
    OVERSIZED,
    /**
     * A text field holds bytes that are not valid in the charset asked for; the offset is that of
     * the first bad byte in the datagram.
     */
    BAD_STRING,
    /** Text given as hexadecimal digits is not hexadecimal; the offset is the character index. */
    BAD_HEX
  }

  /** Why the bytes were rejected. */
  private final Reason reason;

  /** Where in the input the problem was found. */
  private final int offset;

  /**
   * Creates an exception.
   *
   * @param reason why the bytes were rejected
   * @param offset the byte offset (or character index, for {@link Reason#BAD_HEX}) of the problem
   * @param detail a human-readable explanation
   */
  public MalformedPacketException(Reason reason, int offset, String detail) {
    super(Objects.requireNonNull(reason, "reason") + " at offset " + offset + ": " + detail);
    this.reason = reason;
    this.offset = offset;
  }

  /**
   * Returns why the bytes were rejected.
   *
   * @return the reason, never null
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns where in the input the problem was found.
   *
   * @return a byte offset, or a character index for {@link Reason#BAD_HEX}
   */
  public int offset() {
    return offset;
  }
}

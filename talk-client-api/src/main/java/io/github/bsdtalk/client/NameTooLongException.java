package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.TalkText;
import java.io.IOException;
import java.util.Objects;

/**
 * A login name does not fit the protocol a daemon speaks: old talk's {@code l_name} and {@code
 * r_name} are 9 bytes (4.2BSD {@code ctl.h}), so at most 8 and the NUL the C daemons expect. Thrown
 * before the request that would have carried it is sent; nothing is truncated.
 */
public final class NameTooLongException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The name that does not fit, as typed. */
  private final String name;

  /** Its length in bytes on the wire. */
  private final int bytes;

  /** The most bytes the field takes. */
  private final int limit;

  /**
   * Creates an exception.
   *
   * @param wireName the name that does not fit, one char per byte as {@link TalkText#toWire}
   *     makes it
   * @param limit the most bytes the protocol carries
   */
  public NameTooLongException(String wireName, int limit) {
    super("old talk carries login names of at most " + limit + " bytes; \""
        + TalkText.fromWire(Objects.requireNonNull(wireName, "wireName")) + "\" has "
        + wireName.length());
    this.name = TalkText.fromWire(wireName);
    this.bytes = wireName.length();
    this.limit = limit;
  }

  /**
   * Returns the name that does not fit.
   *
   * @return the name as typed
   */
  public String name() {
    return name;
  }

  /**
   * Returns the name's length on the wire.
   *
   * @return more than {@link #limit()}
   */
  public int bytes() {
    return bytes;
  }

  /**
   * Returns the most bytes a name may have in the protocol.
   *
   * @return 8 for old talk
   */
  public int limit() {
    return limit;
  }
}

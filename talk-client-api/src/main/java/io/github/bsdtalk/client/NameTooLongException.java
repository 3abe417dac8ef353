package io.github.bsdtalk.client;

import java.io.IOException;
import java.util.Objects;

/**
 * A login name does not fit the protocol a daemon speaks: old talk's {@code l_name} and {@code
 * r_name} are 9 bytes (4.2BSD {@code ctl.h}), so at most 8 and the NUL the C daemons expect. Thrown
 * before the request that would have carried it is sent; nothing is truncated.
 */
public final class NameTooLongException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The name that does not fit, as it would go on the wire. */
  private final String name;

  /** The most bytes the field takes. */
  private final int limit;

  /**
   * Creates an exception.
   *
   * @param name the name that does not fit
   * @param limit the most bytes the protocol carries
   */
  public NameTooLongException(String name, int limit) {
    super("old talk carries login names of at most " + limit + " bytes; \""
        + Objects.requireNonNull(name, "name") + "\" has " + name.length());
    this.name = name;
    this.limit = limit;
  }

  /**
   * Returns the name that does not fit.
   *
   * @return the name, one char per byte
   */
  public String name() {
    return name;
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

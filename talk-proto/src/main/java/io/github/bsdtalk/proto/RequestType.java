package io.github.bsdtalk.proto;

import java.util.Optional;

/**
 * The four request types of ntalk, carried in the {@code type} byte of a {@code CTL_MSG} and echoed
 * in the {@code type} byte of the {@code CTL_RESPONSE}.
 *
 * <p>A datagram may carry any other value; records keep it as a raw {@code int} so that a daemon can
 * echo it back with {@link Answer#UNKNOWN_REQUEST}.
 */
public enum RequestType {
  /** 0: leave an invitation at the caller's <em>own</em> daemon, with the caller's TCP address. */
  LEAVE_INVITE(0),
  /** 1: ask the <em>other</em> host's daemon whether the other user has invited us. */
  LOOK_UP(1),
  /** 2: remove the invitation whose id is {@code id_num}. */
  DELETE(2),
  /** 3: ask the callee's daemon to ring the callee's terminal. */
  ANNOUNCE(3);

  private static final RequestType[] BY_CODE = values();

  private final int code;

  RequestType(int code) {
    this.code = code;
  }

  /**
   * Returns the value of the {@code type} byte.
   *
   * @return the wire code, 0 to 3
   */
  public int code() {
    return code;
  }

  /**
   * Looks a wire code up.
   *
   * @param code any {@code int}
   * @return the request type with that code, or empty if the code is not one of the four
   */
  public static Optional<RequestType> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
  }
}

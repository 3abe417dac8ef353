package io.github.bsdtalk.proto;

import java.util.Optional;

/**
 * The nine answer codes of ntalk, carried in the {@code answer} byte of a {@code CTL_RESPONSE}.
 *
 * <p>Each constant carries the text that the BSD and netkit clients print for it
 * ({@code talk/invite.c} {@code answers[]}), so that a Java client can tell its user exactly what
 * real talk would. Responses keep unknown answer bytes as a raw {@code int}.
 */
public enum Answer {
  /** 0: operation completed properly. */
  SUCCESS(0, "Success"),
  /** 1: callee not logged in (or, for LOOK_UP and DELETE, no such invitation). */
  NOT_HERE(1, "Your party is not logged on"),
  /** 2: operation failed for unexplained reason. */
  FAILED(2, "Target machine is too confused to talk to us"),
  /** 3: caller's machine name unknown. */
  MACHINE_UNKNOWN(3, "Target machine does not recognize us"),
  /** 4: callee's tty doesn't permit announce ({@code mesg n}). */
  PERMISSION_DENIED(4, "Your party is refusing messages"),
  /** 5: request has an invalid type value. */
  UNKNOWN_REQUEST(5, "Target machine can not handle remote talk"),
  /** 6: request has an invalid protocol version. */
  BADVERSION(6, "Target machine indicates protocol mismatch"),
  /** 7: request has an invalid {@code addr} value. */
  BADADDR(7, "Target machine indicates protocol botch (addr)"),
  /** 8: request has an invalid {@code ctl_addr} value. */
  BADCTLADDR(8, "Target machine indicates protocol botch (ctl_addr)");

  private static final Answer[] BY_CODE = values();

  private final int code;
  private final String clientMessage;

  Answer(int code, String clientMessage) {
    this.code = code;
    this.clientMessage = clientMessage;
  }

  /**
   * Returns the value of the {@code answer} byte.
   *
   * @return the wire code, 0 to 8
   */
  public int code() {
    return code;
  }

  /**
   * Returns the sentence the C talk clients print when a daemon gives this answer, for example
   * "Your party is refusing messages" for {@link #PERMISSION_DENIED}.
   *
   * @return the message, never empty
   */
  public String clientMessage() {
    return clientMessage;
  }

  /**
   * Looks a wire code up.
   *
   * @param code any {@code int}
   * @return the answer with that code, or empty if the code is not one of the nine
   */
  public static Optional<Answer> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
  }
}

package io.github.bsdtalk.client;

import java.io.IOException;
import java.util.Objects;

/**
 * Thrown by {@link Conversation#start} when the peer's three edit characters do not arrive: the
 * peer closed the connection first, or did not send them in time. The C clients report both as
 * "Lost the connection" ({@code set_edit_chars()} in {@code talk/init_disp.c}).
 */
public final class HandshakeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the exchange failed. */
  public enum Reason {
    /** The peer closed the connection before sending all three edit characters. */
    PEER_CLOSED,
    /** The handshake timeout passed before all three edit characters arrived. */
    TIMED_OUT
  }

  /** Why the exchange failed. */
  private final Reason reason;

  /** How many of the three bytes arrived. */
  private final int bytesReceived;

  /**
   * Creates an exception.
   *
   * @param reason why the exchange failed
   * @param bytesReceived how many of the 3 bytes arrived, 0..2
   * @param cause the underlying exception, or null
   * @throws IllegalArgumentException if bytesReceived is not 0..2
   */
  public HandshakeException(Reason reason, int bytesReceived, Throwable cause) {
    super(message(reason, bytesReceived), cause);
    if (bytesReceived < 0 || bytesReceived >= EditChars.SIZE) {
      throw new IllegalArgumentException("bytesReceived must be 0..2: " + bytesReceived);
    }
    this.reason = reason;
    this.bytesReceived = bytesReceived;
  }

  private static String message(Reason reason, int bytesReceived) {
    String what =
        switch (Objects.requireNonNull(reason, "reason")) {
          case PEER_CLOSED -> "peer closed before sending its edit characters";
          case TIMED_OUT -> "timed out waiting for the peer's edit characters";
        };
    return what + " (got " + bytesReceived + " of 3 bytes)";
  }

  /**
   * Returns why the exchange failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns how many of the three edit-character bytes arrived.
   *
   * @return 0..2
   */
  public int bytesReceived() {
    return bytesReceived;
  }
}

package io.github.bsdtalk.examples.irc;

import java.io.IOException;
import java.util.Objects;

/**
 * A line from the server that is not an IRC message (RFC 2812 section 2.3.1): the one checked
 * exception of {@link IrcMessage#parse(String)}, so that no input can end the reader with anything
 * else.
 */
public final class MalformedMessageException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the line. */
  public enum Reason {
    /** Nothing but spaces (or tags, or a prefix) before the end of the line. */
    EMPTY,
    /** A command that is neither letters nor three digits. */
    BAD_COMMAND,
    /** A NUL, CR or LF inside the line. */
    BAD_CHARACTER
  }

  private final Reason reason;

  MalformedMessageException(Reason reason, String detail) {
    super(Objects.requireNonNull(reason, "reason") + ": " + detail);
    this.reason = reason;
  }

  /** What was wrong. */
  public Reason reason() {
    return reason;
  }
}

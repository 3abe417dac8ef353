package io.github.bsdtalk.examples.web;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the bridge turns down, with why: the web server answers it with the reason's status
 * and {@code {"error": message}}. An exception rather than a result value because every request
 * of the API can be refused in several ways and the handler maps them all in one place.
 */
public final class WebRefusal extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, as the HTTP status it is answered with. */
  public enum Reason {
    /** A bad name, text or field: 400. */
    BAD_REQUEST(400),
    /** No such session (never joined, or dropped): 401. */
    UNKNOWN_SESSION(401),
    /** The user may not be called from the web: 403. */
    FORBIDDEN(403),
    /** The name is taken, or the visitor's call is not in the state asked for: 409. */
    CONFLICT(409),
    /** A rate limit: 429. */
    TOO_MANY(429),
    /** The room has as many visitors as it takes: 503. */
    FULL(503);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    /**
     * Returns the HTTP status code.
     *
     * @return 400 to 503
     */
    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final transient Duration retryAfter;

  WebRefusal(Reason reason, String message) {
    this(reason, message, null);
  }

  WebRefusal(Reason reason, String message, Duration retryAfter) {
    super(message, null, false, false); // an answer, not a failure: no stack trace
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = retryAfter;
  }

  /**
   * Returns why.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns when a rate-limited request may be tried again.
   *
   * @return the wait, for {@code Retry-After}; empty unless {@link Reason#TOO_MANY}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

package io.github.bsdtalk.examples.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The visitors of the web page: unique names, a cap on their number, a session token each, and
 * who has been unseen long enough to drop. Thread-safe.
 *
 * <p>Tokens are {@value #TOKEN_BYTES} bytes of {@link SecureRandom}, in URL-safe base64: the token
 * is all that makes a request a visitor's, so it must not be guessable.
 */
public final class Visitors {

  /** Visitors at once, by default. */
  public static final int DEFAULT_CAP = 32;

  /** How long a visitor may have no event stream before he is dropped. */
  public static final Duration DEFAULT_UNSEEN_LIMIT = Duration.ofSeconds(30);

  static final int TOKEN_BYTES = 16;

  private final int cap;
  private final Duration unseenLimit;
  private final RateLimits limits;
  private final InstantSource clock;
  private final SecureRandom random;
  /** By token, in the order they joined. */
  private final Map<String, Visitor> byToken = new LinkedHashMap<>();

  /**
   * An empty registry.
   *
   * @param cap visitors at once; at least 1
   * @param unseenLimit how long one may have no event stream; positive
   * @param limits each visitor's rate limits
   * @param clock the time, for the limits and the unseen
   * @param random the tokens' source
   */
  public Visitors(int cap, Duration unseenLimit, RateLimits limits, InstantSource clock,
      SecureRandom random) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1: " + cap);
    }
    if (unseenLimit.isNegative() || unseenLimit.isZero()) {
      throw new IllegalArgumentException("unseenLimit must be positive: " + unseenLimit);
    }
    this.cap = cap;
    this.unseenLimit = unseenLimit;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Registers a visitor.
   *
   * @param name the name typed, without the prefix
   * @return the new visitor
   * @throws WebRefusal BAD_REQUEST for a bad name, CONFLICT for a name in use, FULL at the cap
   */
  public synchronized Visitor join(String name) throws WebRefusal {
    Optional<String> problem = VisitorName.problem(name);
    if (problem.isPresent()) {
      throw new WebRefusal(WebRefusal.Reason.BAD_REQUEST, problem.get());
    }
    for (Visitor v : byToken.values()) {
      // case-blind, so that "Ann" cannot pass for "ann" in the room
      if (v.name().equalsIgnoreCase(name)) {
        throw new WebRefusal(
            WebRefusal.Reason.CONFLICT, VisitorName.shown(v.name()) + " is in the room already");
      }
    }
    if (byToken.size() >= cap) {
      throw new WebRefusal(
          WebRefusal.Reason.FULL, "the room has " + cap + " web visitors already; try later");
    }
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Visitor v = new Visitor(name, token, limits, clock);
    byToken.put(token, v);
    return v;
  }

  /**
   * Finds a visitor by his token.
   *
   * @param token the session token
   * @return the visitor
   * @throws WebRefusal UNKNOWN_SESSION if there is none
   */
  public synchronized Visitor find(String token) throws WebRefusal {
    Visitor v = byToken.get(token);
    if (v == null) {
      throw new WebRefusal(
          WebRefusal.Reason.UNKNOWN_SESSION, "no such session: join again");
    }
    return v;
  }

  /**
   * Removes and returns the visitors unseen for the limit (or whose queue overflowed).
   *
   * @return them, each {@linkplain Visitor#leave() gone}
   */
  public synchronized List<Visitor> removeUnseen() {
    List<Visitor> out = new ArrayList<>();
    byToken.values().removeIf(v -> {
      if (v.unseenFor(unseenLimit)) {
        v.leave();
        out.add(v);
        return true;
      }
      return false;
    });
    return out;
  }

  /**
   * Removes the visitor with this token, if he is still here: his page said it is going.
   *
   * @param token the session token
   * @return him, gone; empty if there is no such session (any more)
   */
  public synchronized Optional<Visitor> remove(String token) {
    Visitor v = byToken.remove(token);
    if (v == null) {
      return Optional.empty();
    }
    v.leave();
    return Optional.of(v);
  }

  /**
   * Removes every visitor.
   *
   * @return them, each gone
   */
  public synchronized List<Visitor> removeAll() {
    List<Visitor> out = new ArrayList<>(byToken.values());
    byToken.clear();
    out.forEach(Visitor::leave);
    return out;
  }

  /**
   * Returns the visitors now.
   *
   * @return a snapshot, in the order they joined
   */
  public synchronized List<Visitor> all() {
    return List.copyOf(byToken.values());
  }
}

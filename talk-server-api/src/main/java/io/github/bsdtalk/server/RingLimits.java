package io.github.bsdtalk.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How often talkd rings a callee's terminal: the one defence a user has against a caller who
 * rings over and over (netkit, inetutils and the BSD daemons have no limit, so ringing is terminal
 * spam). Two limits, both checked only when the invitation table decides to ring:
 *
 * <ul>
 *   <li><b>Per caller:</b> a fresh ANNOUNCE (a new invitation, whatever its id) rings at most once
 *       per {@link #perCaller()} for the same (source address, caller name, callee name). The
 *       regular re-announce real talk clients send, the same request with the stored id + 1 every
 *       {@code RING_WAIT} (30 s; netkit {@code talk/invite.c} {@code re_invite}), is not limited
 *       by it: it is {@link InvitationTable.AnnounceDecision.Outcome#REANNOUNCE}, and a caller who
 *       waits for it is not the caller this limit is for.
 *   <li><b>Per callee:</b> at most {@link #perCallee()} rings (fresh or re-announced, from all
 *       callers together) within any {@link #perCalleeWindow()} for one callee name. Re-announces
 *       count here, so that a client sending id + 1 in a tight loop can at most use up this cap.
 * </ul>
 *
 * <p>An ANNOUNCE over a limit is answered SUCCESS with its invitation's id and does not ring (see
 * {@link RequestProcessor}): the caller's talk keeps waiting quietly and re-announces at its
 * normal pace, and that re-announce rings once the limit allows it. If the announcer says the
 * callee could not be rung anyway ({@link Announcer#reachable}: logged out, messages off), that
 * answer is given instead. A ring that fails counts against no limit.
 *
 * <p>Memory is bounded: at most {@link #tracked()} (caller, callee) keys and as many callee names
 * are remembered; past that the least recently rung one is forgotten. A flood of distinct callers
 * therefore costs at most a fixed amount of memory; a forgotten key can ring again at once, and
 * the per-callee cap still holds unless as many distinct callees were rung within its window.
 *
 * @param perCaller least time between two fresh rings for one (source address, caller, callee);
 *     zero turns this limit off; not negative
 * @param perCallee most rings for one callee within {@code perCalleeWindow}, 0..1000; 0 turns
 *     this limit off
 * @param perCalleeWindow the window of the per-callee cap; positive
 * @param tracked how many keys (and callee names) are remembered, 1..1,000,000
 */
public record RingLimits(
    Duration perCaller, int perCallee, Duration perCalleeWindow, int tracked) {

  /** Largest per-callee cap: a ring time is kept for each ring the cap counts. */
  public static final int MAX_PER_CALLEE = 1_000;

  /** Largest number of remembered keys. */
  public static final int MAX_TRACKED = 1_000_000;

  /**
   * The default: one fresh ring per 10 s for one (address, caller, callee), 6 rings a minute for
   * one callee, 10,000 keys remembered (as many as the default table holds invitations).
   */
  public static final RingLimits DEFAULT =
      new RingLimits(Duration.ofSeconds(10), 6, Duration.ofMinutes(1), 10_000);

  /** No limit: every ANNOUNCE the table decides to ring rings, as in the C daemons. */
  public static final RingLimits NONE = new RingLimits(Duration.ZERO, 0, Duration.ofMinutes(1), 1);

  /**
   * Validates the components.
   *
   * @param perCaller see the class description
   * @param perCallee see the class description
   * @param perCalleeWindow see the class description
   * @param tracked see the class description
   * @throws IllegalArgumentException if a component is out of range
   * @throws NullPointerException if a duration is null
   */
  public RingLimits {
    Objects.requireNonNull(perCaller, "perCaller");
    Objects.requireNonNull(perCalleeWindow, "perCalleeWindow");
    if (perCaller.isNegative()) {
      throw new IllegalArgumentException("perCaller must not be negative: " + perCaller);
    }
    if (perCallee < 0 || perCallee > MAX_PER_CALLEE) {
      throw new IllegalArgumentException(
          "perCallee must be 0.." + MAX_PER_CALLEE + ": " + perCallee);
    }
    if (perCalleeWindow.isNegative() || perCalleeWindow.isZero()) {
      throw new IllegalArgumentException("perCalleeWindow must be positive: " + perCalleeWindow);
    }
    if (tracked < 1 || tracked > MAX_TRACKED) {
      throw new IllegalArgumentException("tracked must be 1.." + MAX_TRACKED + ": " + tracked);
    }
  }

  /**
   * Returns a copy with another per-caller interval.
   *
   * @param interval the interval; zero turns the limit off
   * @return the copy
   */
  public RingLimits withPerCaller(Duration interval) {
    return new RingLimits(interval, perCallee, perCalleeWindow, tracked);
  }

  /**
   * Returns a copy with another per-callee cap.
   *
   * @param rings most rings within the window; 0 turns the cap off
   * @param window the window
   * @return the copy
   */
  public RingLimits withPerCallee(int rings, Duration window) {
    return new RingLimits(perCaller, rings, window, tracked);
  }

  /**
   * Returns true unless both limits are off.
   *
   * @return whether anything is limited
   */
  public boolean limitsAnything() {
    return !perCaller.isZero() || perCallee > 0;
  }
}

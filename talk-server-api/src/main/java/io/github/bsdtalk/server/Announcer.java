package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.Answer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decides how the callee of an ANNOUNCE is rung, and answers for it.
 *
 * <p>The daemon calls it once per new announcement and once per explicit re-announce, never for a
 * retransmitted duplicate. It returns one of:
 *
 * <ul>
 *   <li>{@link Answer#SUCCESS}: the callee was rung; the caller waits for them;
 *   <li>{@link Answer#NOT_HERE}: no such user is logged in ("Your party is not logged on");
 *   <li>{@link Answer#PERMISSION_DENIED}: the user refuses messages ("Your party is refusing
 *       messages");
 *   <li>{@link Answer#FAILED}: ringing failed ("Target machine is too confused to talk to us");
 *   <li>{@link Answer#BADADDR}: the caller's rendezvous address is unusable ("Target machine
 *       indicates protocol botch (addr)"), for example an announcer that connects there itself and
 *       refuses an address off the caller's host or on a privileged port.
 * </ul>
 *
 * <p>The daemon sends whatever answer is returned, unchanged; any answer but SUCCESS also forgets
 * the announcement, so that a retransmission rings again.
 *
 * <p>Named defaults: {@link #refuseAll()}, {@link #callback(Consumer)} (what a chat bridge uses) and
 * {@link UnixTtyAnnouncer#system()} (what {@code in.ntalkd} does).
 *
 * <p><b>Thread safety:</b> a {@link TalkdServer} calls its announcer from its serving thread, one
 * announcement at a time, and answers no other request meanwhile; an implementation shared between
 * servers must be thread-safe. It should return within milliseconds: hand slow work (writing to a
 * terminal, starting a conversation) to another thread. An exception thrown from it is logged and
 * answered as FAILED.
 */
@FunctionalInterface
public interface Announcer {

  /**
   * Rings the callee.
   *
   * @param announcement who calls whom, from where
   * @return SUCCESS, NOT_HERE, PERMISSION_DENIED, FAILED or BADADDR
   */
  Answer announce(Announcement announcement);

  /**
   * Says what {@link #announce} would answer, without ringing: asked instead of it for an
   * ANNOUNCE that is over a {@link RingLimits} limit, so that a caller whose callee has logged out
   * or turned messages off since the last ring still hears so ("Your party is not logged on")
   * rather than waiting quietly. The default answers SUCCESS (the callee is assumed reachable);
   * an announcer that can tell cheaply should.
   *
   * @param announcement who calls whom, from where
   * @return SUCCESS if it would ring, else the answer {@link #announce} would give
   */
  default Answer reachable(Announcement announcement) {
    return Answer.SUCCESS;
  }

  /**
   * Returns an announcer that refuses every call with PERMISSION_DENIED, as if every user had run
   * {@code mesg n}: a daemon that serves LOOK_UP and invitations but never rings anyone.
   *
   * @return the announcer
   */
  static Announcer refuseAll() {
    return new Announcer() {
      @Override
      public Answer announce(Announcement a) {
        return Answer.PERMISSION_DENIED;
      }

      @Override
      public Answer reachable(Announcement a) {
        return Answer.PERMISSION_DENIED;
      }
    };
  }

  /**
   * Returns an announcer that hands each announcement to application code and answers SUCCESS. A
   * chat bridge uses it to answer calls itself: the announcement carries the caller's rendezvous
   * address, so the application can connect there as the callee's talk would.
   *
   * @param handler called once per announcement, on the daemon's thread; it should return quickly
   * @return the announcer
   */
  static Announcer callback(Consumer<Announcement> handler) {
    Objects.requireNonNull(handler, "handler");
    return a -> {
      handler.accept(a);
      return Answer.SUCCESS;
    };
  }
}

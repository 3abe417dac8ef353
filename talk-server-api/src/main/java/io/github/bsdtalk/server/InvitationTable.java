package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.internal.InMemoryInvitationTable;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a talk daemon keeps its invitations: the LEAVE_INVITE requests that callers leave at their
 * own daemon and the ANNOUNCE requests it has rung for. Applications may implement it, for example
 * on their own store; {@link #inMemory()} is the default.
 *
 * <p>Each request type is one call, and each call is atomic: the {@link RequestProcessor} never
 * combines two calls into one decision, so a table shared between several servers (or backed by a
 * store that several daemons use) cannot be raced into two entries for one request, a lost
 * refresh, or a ring for a stale entry. The one request that needs the outside world in the
 * middle, ANNOUNCE, is split so that no lock is held while the callee is rung: {@link #announce}
 * decides and records atomically, the processor rings outside the table, and {@link
 * #announceFailed} rolls the record back atomically if the ring failed.
 *
 * <p>The operations mirror the C daemons' {@code talkd/table.c} and {@code talkd/process.c}:
 * {@link #leave} is {@code find_request} then {@code insert_table} with {@code new_id}, {@link
 * #lookUp} is {@code find_match}, {@link #delete} is {@code delete_invite}, {@link #announce} is
 * {@code find_request}, the re-announce test and {@code insert_table} of {@code do_announce}.
 *
 * <p><b>Expiry.</b> Every operation gets the current time, so that an implementation can expire
 * entries not touched for {@link Limits#maxLife()} ({@code MAX_LIFE}, 60 s) without reading a clock
 * itself; an expired entry is never returned, refreshed or matched.
 *
 * <p><b>Names</b> passed in and stored are the daemon's view of the text fields: the text before
 * the first NUL, at most 11 bytes, compared exactly ({@code strcmp}).
 *
 * <p><b>Ids</b> are allocated as the C daemons do: one counter cycling through 1..{@link
 * TalkProtocol#MAX_ID}-1, never 0, skipping ids still in use. A refresh keeps the id; a
 * re-announce takes a new one.
 *
 * <p><b>Ownership.</b> Every entry belongs to the source address of the request that stored it
 * (its {@link Invitation#owner()}). Unlike the C daemons, whose tables ignore who sent an entry,
 * a sender only ever finds, refreshes or deletes its own entries: another sender's identical
 * request is a different entry, so no one can keep someone else's entry alive, renumber it or take
 * it over. Only the owner may DELETE: same source address and same {@code l_name}.
 *
 * <p><b>Limits and eviction.</b> An implementation is bounded, and its limits must be such that no
 * set of senders can make another sender's new entry fail: when it is full, it makes room by
 * evicting rather than refusing, and it takes the entry from the sender holding the most entries
 * (the sender's own if no one holds more than it does). It may refuse a sender that is over its
 * own share (the in-memory table's per-address quota); that refusal is the only answer FAILED a
 * table causes. {@link Limits} describes the in-memory table's quotas and eviction order.
 *
 * <p><b>Thread safety:</b> implementations must be safe for concurrent use by multiple threads,
 * and each method must be atomic with respect to every other. Calls should return quickly: a
 * server answers nothing else while one runs.
 */
public interface InvitationTable {

  /**
   * Stores a LEAVE_INVITE, or refreshes the identical one its sender left before: same type,
   * {@code l_name}, {@code r_name} and {@code pid} from the same {@code owner} ({@code
   * find_request}, which ignores the sender; here another sender's entry never matches). A
   * refreshed entry keeps its id and gets the time {@code now} ("update the time if we 'touch'
   * it"); a new one gets a new id.
   *
   * @param request the LEAVE_INVITE, with names in the daemon's view
   * @param owner the address the request came from
   * @param now the current time
   * @return the stored or refreshed entry, or empty if {@code owner} is over its own share (the
   *     daemon then answers FAILED)
   */
  Optional<Invitation> leave(CtlMessage request, InetAddress owner, Instant now);

  /**
   * Finds the newest LEAVE_INVITE that {@code inviter} left for {@code invitee} ({@code
   * find_match}: entries are searched newest first), from any owner. It does not refresh the
   * entry.
   *
   * @param inviter the caller's name, the stored entry's {@code l_name}
   * @param invitee the callee's name, the stored entry's {@code r_name}
   * @param now the current time
   * @return the invitation, or empty
   */
  Optional<Invitation> lookUp(String inviter, String invitee, Instant now);

  /**
   * Removes an entry if the requester owns it: same source address and same {@code l_name}. The C
   * daemons let anyone delete any entry by id; this contract is stricter on purpose.
   *
   * @param id the entry's id
   * @param requester the address the DELETE came from
   * @param requesterName the DELETE's {@code l_name}, in the daemon's view
   * @param now the current time
   * @return true if an entry was removed
   */
  boolean delete(long id, InetAddress requester, String requesterName, Instant now);

  /**
   * Decides an ANNOUNCE and records the decision, in one atomic step:
   *
   * <ul>
   *   <li>no identical entry from {@code owner}: a new entry is stored and {@link
   *       AnnounceDecision.Outcome#RING} returned with it; if {@code owner} is over its share, {@link
   *       AnnounceDecision#REFUSED};
   *   <li>an identical entry whose id + 1 is the request's id (the "force a re-announce" every
   *       {@code RING_WAIT} of the BSD and netkit clients): the entry takes a new id and is
   *       refreshed, and {@link AnnounceDecision.Outcome#REANNOUNCE} is returned with it;
   *   <li>an identical entry and any other id (such as the 0xFFFFFFFF of a retransmitted first
   *       ANNOUNCE): the entry is refreshed and {@link AnnounceDecision.Outcome#DUPLICATE} returned with it.
   *       The C daemons re-ring on any larger id, so a lost first reply rings the callee twice.
   * </ul>
   *
   * <p>Because the entry is recorded before the ring, an identical ANNOUNCE that arrives while the
   * first is still ringing (on another server sharing the table) is a duplicate and does not ring
   * again. After a RING the caller rings the callee without holding any lock of the table and, if
   * the ring fails, calls {@link #announceFailed}; on success there is nothing more to do.
   *
   * @param request the ANNOUNCE, with names in the daemon's view
   * @param owner the address the request came from
   * @param now the current time
   * @return the decision and the entry it concerns
   */
  AnnounceDecision announce(CtlMessage request, InetAddress owner, Instant now);

  /**
   * Rolls back an entry {@link #announce} returned with RING after ringing failed (the callee
   * logged out or turned messages off), so that a later retransmission is not answered SUCCESS
   * from it. Removes the entry only if it is still stored with that id and owner, atomically; an
   * entry that was since renewed, deleted or replaced is left alone.
   *
   * @param entry the entry the decision returned
   * @param now the current time
   * @return true if the entry was removed
   */
  boolean announceFailed(Invitation entry, Instant now);

  /**
   * Returns the number of entries, including any that have expired but were not yet swept.
   *
   * @return the size
   */
  int size();

  /**
   * What {@link #announce} decided.
   *
   * @param outcome what to do
   * @param entry the entry concerned: the new one for RING, the renewed one for REANNOUNCE, the
   *     stored one for
   *     DUPLICATE; null only for REFUSED
   */
  record AnnounceDecision(Outcome outcome, Invitation entry) {

    /** The decisions. */
    public enum Outcome {
      /** Ring the callee for a new entry; answer SUCCESS with the entry's id if that works. */
      RING,
      /**
       * Ring the callee again for the regular re-announce (stored id + 1), as for RING; {@link
       * RingLimits} does not hold it back by the per-caller interval. A table that returns RING
       * instead is still correct, only its callers' re-announces count as fresh rings.
       */
      REANNOUNCE,
      /** Do not ring; answer SUCCESS with the stored entry's id. */
      DUPLICATE,
      /** The sender is over its share: answer FAILED. */
      REFUSED
    }

    /** The decision REFUSED. */
    public static final AnnounceDecision REFUSED = new AnnounceDecision(Outcome.REFUSED, null);

    /**
     * Validates the components.
     *
     * @param outcome see the class description
     * @param entry see the class description
     * @throws IllegalArgumentException if {@code entry} is null for RING or DUPLICATE, or not null
     *     for REFUSED
     */
    public AnnounceDecision {
      Objects.requireNonNull(outcome, "outcome");
      if ((outcome == Outcome.REFUSED) != (entry == null)) {
        throw new IllegalArgumentException(outcome + " with entry " + entry);
      }
    }

    /**
     * Ring for this entry.
     *
     * @param entry the new or renewed entry
     * @return the decision
     */
    public static AnnounceDecision ring(Invitation entry) {
      return new AnnounceDecision(Outcome.RING, Objects.requireNonNull(entry, "entry"));
    }

    /**
     * Ring again for this renewed entry: the regular re-announce.
     *
     * @param renewed the entry with its new id
     * @return the decision
     */
    public static AnnounceDecision reannounce(Invitation renewed) {
      return new AnnounceDecision(Outcome.REANNOUNCE, Objects.requireNonNull(renewed, "renewed"));
    }

    /**
     * A duplicate of this stored entry.
     *
     * @param stored the stored entry
     * @return the decision
     */
    public static AnnounceDecision duplicate(Invitation stored) {
      return new AnnounceDecision(Outcome.DUPLICATE, Objects.requireNonNull(stored, "stored"));
    }
  }

  /**
   * The limits of an in-memory table. On a new entry, in this order:
   *
   * <ol>
   *   <li>past the per-name quota, the sender's own least recently touched entry with that {@code
   *       l_name} makes room: a client that re-invites replaces itself;
   *   <li>past the per-address quota, the sender is refused and the daemon answers FAILED. Only
   *       that sender is refused: no one else's entries count against its share;
   *   <li>past the capacity, one entry is evicted from the heaviest source address (the one
   *       holding the most entries; of equals, the one that has held that many longest), and
   *       within it from its heaviest {@code l_name}, its least recently touched entry. If the
   *       sender is itself among the heaviest, it gives up its own entry instead, so a sender can
   *       never grow by taking from a source that holds no more than it does.
   * </ol>
   *
   * @param capacity most entries held at once, 1..15,000 (ids are 1..15999); past it, a new entry
   *     evicts from the heaviest source address
   * @param maxLife how long an untouched entry lives; positive
   * @param perAddress most entries from one source address (its share), 1..capacity; past it, a
   *     new entry from that address is refused
   * @param perName most entries from one source address and {@code l_name}, 1..perAddress; past
   *     it, a new entry replaces the sender's own least recently touched entry with that name
   */
  record Limits(int capacity, Duration maxLife, int perAddress, int perName) {

    /** Capacity 10,000, lifetime 60 s, 1,000 per address, 8 per address and name. */
    public static final Limits DEFAULT = new Limits(10_000, TalkProtocol.MAX_LIFE, 1_000, 8);

    /**
     * Validates the limits.
     *
     * @param capacity see the record description
     * @param maxLife see the record description
     * @param perAddress see the record description
     * @param perName see the record description
     * @throws IllegalArgumentException if a limit is out of range; the message names it
     */
    public Limits {
      if (capacity < 1 || capacity > 15_000) {
        throw new IllegalArgumentException("capacity out of range 1..15000: " + capacity);
      }
      Objects.requireNonNull(maxLife, "maxLife");
      if (maxLife.isNegative() || maxLife.isZero()) {
        throw new IllegalArgumentException("maxLife must be positive: " + maxLife);
      }
      if (perAddress < 1 || perAddress > capacity) {
        throw new IllegalArgumentException("perAddress out of range 1..capacity: " + perAddress);
      }
      if (perName < 1 || perName > perAddress) {
        throw new IllegalArgumentException("perName out of range 1..perAddress: " + perName);
      }
    }

    /**
     * Returns a copy with another capacity, scaling nothing else.
     *
     * @param newCapacity 1..15,000
     * @return the copy
     */
    public Limits withCapacity(int newCapacity) {
      return new Limits(newCapacity, maxLife, Math.min(perAddress, newCapacity),
          Math.min(perName, Math.min(perAddress, newCapacity)));
    }

    /**
     * Returns a copy with another lifetime.
     *
     * @param newMaxLife positive
     * @return the copy
     */
    public Limits withMaxLife(Duration newMaxLife) {
      return new Limits(capacity, newMaxLife, perAddress, perName);
    }

    /**
     * Returns a copy with other per-sender quotas.
     *
     * @param newPerAddress 1..capacity
     * @param newPerName 1..newPerAddress
     * @return the copy
     */
    public Limits withQuotas(int newPerAddress, int newPerName) {
      return new Limits(capacity, maxLife, newPerAddress, newPerName);
    }
  }

  /**
   * Returns a new in-memory table with {@link Limits#DEFAULT}: capacity 10,000 (when full, a new
   * entry evicts from the heaviest source address), entries live {@link TalkProtocol#MAX_LIFE}
   * (60 s), at most 1,000 entries per source address (past it, that address is refused) and at
   * most 8 per source address and name (past it, the sender's own least recently touched entry
   * makes room). Every operation is O(1) apart from expiry (amortised O(1) per entry) and short
   * per-sender lists; none scans the table.
   *
   * @return the table
   */
  static InvitationTable inMemory() {
    return inMemory(Limits.DEFAULT);
  }

  /**
   * Returns a new in-memory table with the given limits.
   *
   * @param limits capacity, lifetime and per-sender quotas
   * @return the table
   */
  static InvitationTable inMemory(Limits limits) {
    return new InMemoryInvitationTable(limits);
  }
}

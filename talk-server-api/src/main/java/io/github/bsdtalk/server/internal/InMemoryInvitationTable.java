package io.github.bsdtalk.server.internal;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.Invitation;
import io.github.bsdtalk.server.InvitationTable;
import io.github.bsdtalk.server.InvitationTable.AnnounceDecision;
import io.github.bsdtalk.server.InvitationTable.Limits;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link InvitationTable}: bounded, expiring, in memory. Obtain one from {@link
 * InvitationTable#inMemory()}; the contract is documented there, the quotas on {@link Limits}.
 *
 * <p>The interface's atomic operations are built here from five primitives ({@code findIdentical},
 * {@code findInvitation}, {@code insert}, {@code renew}, {@code remove}), each called with the
 * table's lock held; the primitives are package-private so tests can drive the bounds directly.
 *
 * <p><b>Expiry.</b> An entry not touched for longer than {@link Limits#maxLife()} is gone: {@code now
 * - touched > maxLife}, the test netkit's {@code expire()} and OpenBSD get right and FreeBSD, NetBSD
 * and inetutils invert ({@code entry.time - now > MAX_LIFE}, never true, so their entries never
 * expire). Expired entries are swept, oldest first, at the start of every operation.
 *
 * <p><b>Ownership.</b> Every entry belongs to the source address it came from, its {@link
 * Invitation#owner()}. A sender finds (and refreshes) only its own identical requests, deletes only
 * its own entries, and counts against only its own quotas, so nothing another sender sends can
 * refresh, renumber or use up the share of someone else's entry.
 *
 * <p><b>Bounds.</b> The table never holds more than {@link Limits#capacity()} entries; one source
 * address holds at most {@link Limits#perAddress()} (its share), and one source address and {@code
 * l_name} at most {@link Limits#perName()} (a real client needs two at a time: its LEAVE_INVITE and
 * its ANNOUNCE). On every new entry, in this order:
 *
 * <ol>
 *   <li>past the per-name quota, the sender's own least recently touched entry with that name makes
 *       room: a client that re-invites replaces itself;
 *   <li>past the per-address quota, the insert is refused and the daemon answers FAILED. Only that
 *       sender is refused: no one else's entries count against its share;
 *   <li>past the capacity, one entry is evicted from the heaviest source address (the one holding
 *       the most entries; of equals, the one that has held that many longest), and within it from
 *       its heaviest {@code l_name}, its least recently touched entry. If the sender is itself
 *       among the heaviest, it gives up its own entry instead, so a sender can never grow by taking
 *       from a source that holds no more than it does.
 * </ol>
 *
 * <p>So a full table never refuses: a sender below its share always gets its entry, and the entry
 * taken for it belongs to a source holding more entries than the sender, or is the sender's own.
 * Ten flooding addresses holding 1,000 entries each cost a newcomer nothing but the eviction of
 * one of theirs; a fresh legitimate entry (one source, two entries) is evicted only once no other
 * source holds more than two.
 *
 * <p><b>Residual limits.</b> Shares are per source address, and the table cannot tell apart users
 * behind one address: a flood from the address a legitimate user shares (every local client on a
 * host, or 127.0.0.1) competes with that user within the address's share, where the heaviest
 * {@code l_name} loses first. A sender that controls more source addresses than {@code capacity /
 * 2} (for ANNOUNCE a spoofer of UDP source addresses, since its request needs no answer; for
 * LEAVE_INVITE, which only local addresses may send, a local user with the loopback /8) can bring
 * every source down to one or two entries, and then a legitimate entry is as likely a victim as
 * the spoofer's. Only capacity and the lifetime bound what such a sender holds.
 *
 * <p>Every operation runs in O(1) apart from expiry, which is amortised O(1) per entry, and a few
 * short list updates: O(perName) for the sender's own entries with one name, and O(k) to unlink a
 * LEAVE_INVITE from the k stored with the same {@code l_name} and {@code r_name} (from the old end
 * when it expires or is evicted). No operation scans the table. The table is thread-safe: every
 * method is {@code synchronized}.
 */
public final class InMemoryInvitationTable implements InvitationTable {

  // The keys below write out equals and hashCode: a record's own are bootstrapped through
  // invokedynamic and java.lang.runtime.ObjectMethods on first use, 20-35 ms of method-handle
  // spinning in a fresh JVM, and an inetd or socket-activated talkd is a fresh JVM whose first
  // request is the one being waited for. (Their toString is left to the record: nothing calls it.)

  /** find_request's key, and the sender: one sender's request never matches another's entry. */
  private record IdentityKey(
      int type, String localName, String remoteName, int pid, InetAddress owner) {
    static IdentityKey of(CtlMessage m, InetAddress owner) {
      return new IdentityKey(m.type(), m.localName(), m.remoteName(), m.pid(), owner);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityKey k
          && type == k.type
          && pid == k.pid
          && Objects.equals(localName, k.localName)
          && Objects.equals(remoteName, k.remoteName)
          && Objects.equals(owner, k.owner);
    }

    @Override
    public int hashCode() {
      int h = type * 31 + Objects.hashCode(localName);
      h = h * 31 + Objects.hashCode(remoteName);
      return (h * 31 + pid) * 31 + Objects.hashCode(owner);
    }
  }

  /** find_match's key: a LEAVE_INVITE's (l_name, r_name). */
  private record MatchKey(String inviter, String invitee) {
    @Override
    public boolean equals(Object o) {
      return o instanceof MatchKey k
          && Objects.equals(inviter, k.inviter)
          && Objects.equals(invitee, k.invitee);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(inviter) * 31 + Objects.hashCode(invitee);
    }
  }

  /** One sender's entries with one l_name. */
  private record OwnerKey(InetAddress owner, String name) {
    @Override
    public boolean equals(Object o) {
      return o instanceof OwnerKey k
          && Objects.equals(owner, k.owner)
          && Objects.equals(name, k.name);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(owner) * 31 + Objects.hashCode(name);
    }
  }

  private final Limits limits;
  /** All entries by id, least recently touched first: expiry walks from the head. */
  private final LinkedHashMap<Long, Invitation> byId = new LinkedHashMap<>();
  private final Map<IdentityKey, Long> byIdentity = new HashMap<>();
  /** LEAVE_INVITE ids per (inviter, invitee), newest first: find_match is LIFO in every talkd. */
  private final Map<MatchKey, ArrayDeque<Long>> invitations = new HashMap<>();
  /** Ids per (owner, name), least recently touched first: the order in which they are evicted. */
  private final Map<OwnerKey, ArrayDeque<Long>> byOwnerName = new HashMap<>();
  /** Entries per source address, for the per-address quota and to find the heaviest source. */
  private final CountIndex<InetAddress> perAddress = new CountIndex<>();
  /** Entries per l_name within each source address, to find a source's heaviest name. */
  private final Map<InetAddress, CountIndex<String>> perName = new HashMap<>();
  private long lastId;

  /**
   * Creates an empty table.
   *
   * @param limits the limits
   */
  public InMemoryInvitationTable(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Returns this table's limits.
   *
   * @return the limits
   */
  public Limits limits() {
    return limits;
  }

  synchronized Optional<Invitation> findIdentical(
      CtlMessage request, InetAddress owner, Instant now) {
    expire(now);
    Long id = byIdentity.get(IdentityKey.of(request, owner));
    if (id == null) {
      return Optional.empty();
    }
    Invitation touched = touch(byId.get(id), id, now);
    return Optional.of(touched);
  }

  synchronized Optional<Invitation> findInvitation(
      String inviter, String invitee, Instant now) {
    expire(now);
    ArrayDeque<Long> ids = invitations.get(new MatchKey(inviter, invitee));
    return ids == null ? Optional.empty() : Optional.of(byId.get(ids.peekFirst()));
  }

  synchronized Optional<Invitation> insert(
      CtlMessage request, InetAddress owner, Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(owner, "owner");
    expire(now);
    OwnerKey ownerKey = new OwnerKey(owner, request.localName());
    ArrayDeque<Long> own = byOwnerName.get(ownerKey);
    if (own != null && own.size() >= limits.perName()) {
      // The sender's own least recently touched entry makes room: a client that re-invites
      // replaces itself.
      removeEntry(own.peekFirst(), true);
    } else if (perAddress.count(owner) >= limits.perAddress()) {
      return Optional.empty(); // over its own share: only this sender is refused
    } else if (byId.size() >= limits.capacity()) {
      evictForInsertFrom(owner);
    }
    Invitation inv = new Invitation(newId(), request, owner, now);
    addEntry(inv);
    return Optional.of(inv);
  }

  synchronized Optional<Invitation> renew(long id, Instant now) {
    expire(now);
    Invitation old = byId.get(id);
    if (old == null) {
      return Optional.empty();
    }
    removeEntry(id, false);
    Invitation renewed = new Invitation(newId(), old.request(), old.owner(), now);
    addEntry(renewed);
    return Optional.of(renewed);
  }

  @Override
  public synchronized Optional<Invitation> leave(
      CtlMessage request, InetAddress owner, Instant now) {
    Optional<Invitation> stored = findIdentical(request, owner, now);
    // if/else rather than or(): that lambda would cost an allocation on every request
    return stored.isPresent() ? stored : insert(request, owner, now);
  }

  @Override
  public Optional<Invitation> lookUp(String inviter, String invitee, Instant now) {
    return findInvitation(inviter, invitee, now);
  }

  @Override
  public synchronized AnnounceDecision announce(
      CtlMessage request, InetAddress owner, Instant now) {
    Optional<Invitation> existing = findIdentical(request, owner, now);
    if (existing.isPresent()) {
      Invitation inv = existing.get();
      if (request.id() != inv.id() + 1) {
        return AnnounceDecision.duplicate(inv);
      }
      // renew before the ring, so that a concurrent copy of this re-announce is a duplicate
      return AnnounceDecision.reannounce(renew(inv.id(), now).orElseThrow());
    }
    Optional<Invitation> inserted = insert(request, owner, now);
    return inserted.isPresent() ? AnnounceDecision.ring(inserted.get()) : AnnounceDecision.REFUSED;
  }

  @Override
  public synchronized boolean announceFailed(Invitation entry, Instant now) {
    expire(now);
    Invitation stored = byId.get(entry.id());
    if (stored == null
        || !stored.owner().equals(entry.owner())
        || !IdentityKey.of(stored.request(), stored.owner())
            .equals(IdentityKey.of(entry.request(), entry.owner()))) {
      return false;
    }
    removeEntry(entry.id(), false);
    return true;
  }

  @Override
  public synchronized boolean delete(
      long id, InetAddress requester, String requesterName, Instant now) {
    expire(now);
    Invitation inv = byId.get(id);
    if (inv == null
        || !inv.owner().equals(requester)
        || !inv.request().localName().equals(requesterName)) {
      return false;
    }
    removeEntry(id, false);
    return true;
  }

  synchronized boolean remove(long id) {
    if (!byId.containsKey(id)) {
      return false;
    }
    removeEntry(id, false);
    return true;
  }

  @Override
  public synchronized int size() {
    return byId.size();
  }

  /** Every entry, least recently touched first, expired ones included; for tests (O(n)). */
  synchronized List<Invitation> snapshot() {
    return List.copyOf(byId.values());
  }

  // ---- internals (callers hold the lock) ------------------------------------------------------

  private void expire(Instant now) {
    Iterator<Invitation> it = byId.values().iterator();
    while (it.hasNext()) {
      Invitation oldest = it.next();
      // netkit talkd/table.c expire(): (now - ptr->time) > MAX_LIFE
      if (Duration.between(oldest.touched(), now).compareTo(limits.maxLife()) <= 0) {
        return;
      }
      it.remove();
      unindex(oldest, true);
    }
  }

  /**
   * Makes room in a full table for an insert from {@code owner}: takes the least recently touched
   * entry of the heaviest name of the heaviest source, or of {@code owner} itself if no source
   * holds more than it does. O(1) apart from the short per-name list.
   */
  private void evictForInsertFrom(InetAddress owner) {
    InetAddress victim =
        perAddress.count(owner) >= perAddress.max() ? owner : perAddress.firstWithMax();
    String name = perName.get(victim).firstWithMax();
    removeEntry(byOwnerName.get(new OwnerKey(victim, name)).peekFirst(), true);
  }

  private Invitation touch(Invitation inv, long id, Instant now) {
    Invitation touched = new Invitation(id, inv.request(), inv.owner(), now);
    byId.remove(id); // re-insert at the tail: the LinkedHashMap stays in touch order
    byId.put(id, touched);
    // and to the tail of its owner's list for that name, which is evicted from the head
    ArrayDeque<Long> own = byOwnerName.get(new OwnerKey(inv.owner(), inv.request().localName()));
    Long boxed = id;
    own.remove(boxed);
    own.addLast(boxed);
    return touched;
  }

  private long newId() {
    // talkd/table.c new_id(): one counter, 1..MAX_ID-1, 0 never used. Capacity < MAX_ID - 1, so
    // a free id always exists.
    do {
      lastId = lastId % (TalkProtocol.MAX_ID - 1) + 1;
    } while (byId.containsKey(lastId));
    return lastId;
  }

  private void addEntry(Invitation inv) {
    long id = inv.id();
    CtlMessage m = inv.request();
    byId.put(id, inv);
    byIdentity.put(IdentityKey.of(m, inv.owner()), id);
    if (m.type() == RequestType.LEAVE_INVITE.code()) {
      invitations
          .computeIfAbsent(new MatchKey(m.localName(), m.remoteName()), k -> newIdList())
          .addFirst(id);
    }
    byOwnerName
        .computeIfAbsent(new OwnerKey(inv.owner(), m.localName()), k -> newIdList())
        .addLast(id);
    perAddress.increment(inv.owner());
    perName.computeIfAbsent(inv.owner(), k -> new CountIndex<>()).increment(m.localName());
  }

  private static ArrayDeque<Long> newIdList() {
    // A key rarely has more than two ids (a client's LEAVE_INVITE and ANNOUNCE), and each list is
    // created with its first entry and dropped with its last: the default 16 slots cost 64 bytes
    // more on every invitation.
    return new ArrayDeque<>(2);
  }

  /**
   * Removes an entry.
   *
   * @param old whether it is likely old (evicted), so that the newest-first invitation list is
   *     searched from its old end
   */
  private void removeEntry(long id, boolean old) {
    Invitation inv = byId.remove(id);
    if (inv != null) {
      unindex(inv, old);
    }
  }

  private void unindex(Invitation inv, boolean old) {
    Long id = inv.id();
    CtlMessage m = inv.request();
    InetAddress owner = inv.owner();
    byIdentity.remove(IdentityKey.of(m, owner), id);
    if (m.type() == RequestType.LEAVE_INVITE.code()) {
      removeFrom(invitations, new MatchKey(m.localName(), m.remoteName()), id, old);
    }
    removeFrom(byOwnerName, new OwnerKey(owner, m.localName()), id, false);
    perAddress.decrement(owner);
    CountIndex<String> names = perName.get(owner);
    names.decrement(m.localName());
    if (names.isEmpty()) {
      perName.remove(owner);
    }
  }

  private static <K> void removeFrom(
      Map<K, ArrayDeque<Long>> index, K key, Long id, boolean fromTheTail) {
    ArrayDeque<Long> ids = index.get(key);
    if (ids != null) {
      if (fromTheTail) {
        ids.removeLastOccurrence(id);
      } else {
        ids.removeFirstOccurrence(id);
      }
      if (ids.isEmpty()) {
        index.remove(key);
      }
    }
  }
}

package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link InvitationTable}: bounded, expiring, in memory. Obtain one from {@link
 * InvitationTable#inMemory()}.
 *
 * <p><b>Expiry.</b> An entry not touched for longer than {@link Limits#maxLife()} is gone: {@code now
 * - touched > maxLife}, the test netkit's {@code expire()} and OpenBSD get right and FreeBSD, NetBSD
 * and inetutils invert ({@code entry.time - now > MAX_LIFE}, never true, so their entries never
 * expire). Expired entries are swept, oldest first, at the start of every operation.
 *
 * <p><b>Bounds.</b> The table never holds more than {@link Limits#capacity()} entries. So that one
 * sender cannot crowd out everyone else, it also holds at most {@link Limits#perAddress()} entries
 * from one source address, and at most {@link Limits#perName()} from one source address and {@code
 * l_name}; a real client needs two at a time (its LEAVE_INVITE and its ANNOUNCE). Past the per-name
 * quota the sender's own oldest entry makes room; past the per-address quota or the capacity,
 * {@link #insert} refuses, and the daemon answers FAILED. A flood of LEAVE_INVITEs with one name
 * therefore costs 8 entries; with many names, 1,000 (by default), leaving the rest of the table to
 * other senders.
 *
 * <p>All operations run in O(1) apart from expiry, which is amortised O(1) per entry. The table is
 * thread-safe: every method is {@code synchronized}.
 */
public final class InMemoryInvitationTable implements InvitationTable {

  /**
   * The limits of an in-memory table.
   *
   * @param capacity most entries held at once, 1..15,000 (ids are 1..15999)
   * @param maxLife how long an untouched entry lives; positive
   * @param perAddress most entries from one source address, 1..capacity
   * @param perName most entries from one source address and {@code l_name}, 1..perAddress
   */
  public record Limits(int capacity, Duration maxLife, int perAddress, int perName) {

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

  private record IdentityKey(int type, String localName, String remoteName, int pid) {
    static IdentityKey of(CtlMessage m) {
      return new IdentityKey(m.type(), m.localName(), m.remoteName(), m.pid());
    }
  }

  private record MatchKey(String inviter, String invitee) {}

  private record OwnerKey(InetAddress owner, String name) {}

  private final Limits limits;
  /** All entries by id, least recently touched first: expiry walks from the head. */
  private final LinkedHashMap<Long, Invitation> byId = new LinkedHashMap<>();
  private final Map<IdentityKey, Long> byIdentity = new HashMap<>();
  /** LEAVE_INVITE ids per (inviter, invitee), newest first: find_match is LIFO in every talkd. */
  private final Map<MatchKey, ArrayDeque<Long>> invitations = new HashMap<>();
  /** Ids per (owner, name), oldest first, for the per-name quota. */
  private final Map<OwnerKey, ArrayDeque<Long>> byOwnerName = new HashMap<>();
  private final Map<InetAddress, Integer> perAddressCount = new HashMap<>();
  private long lastId;

  InMemoryInvitationTable(Limits limits) {
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

  @Override
  public synchronized Optional<Invitation> findIdentical(CtlMessage request, Instant now) {
    expire(now);
    Long id = byIdentity.get(IdentityKey.of(request));
    if (id == null) {
      return Optional.empty();
    }
    Invitation touched = touch(byId.get(id), id, now);
    return Optional.of(touched);
  }

  @Override
  public synchronized Optional<Invitation> findInvitation(
      String inviter, String invitee, Instant now) {
    expire(now);
    ArrayDeque<Long> ids = invitations.get(new MatchKey(inviter, invitee));
    return ids == null ? Optional.empty() : Optional.of(byId.get(ids.peekFirst()));
  }

  @Override
  public synchronized Optional<Invitation> insert(
      CtlMessage request, InetAddress owner, Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(owner, "owner");
    expire(now);
    OwnerKey ownerKey = new OwnerKey(owner, request.localName());
    ArrayDeque<Long> own = byOwnerName.get(ownerKey);
    if (own != null && own.size() >= limits.perName()) {
      // The sender's own oldest entry makes room: a client that re-invites replaces itself.
      removeEntry(own.peekFirst());
    } else if (perAddressCount.getOrDefault(owner, 0) >= limits.perAddress()
        || byId.size() >= limits.capacity()) {
      return Optional.empty();
    }
    Invitation inv = new Invitation(newId(), request, owner, now);
    addEntry(inv);
    return Optional.of(inv);
  }

  @Override
  public synchronized Optional<Invitation> renew(long id, Instant now) {
    expire(now);
    Invitation old = byId.get(id);
    if (old == null) {
      return Optional.empty();
    }
    removeEntry(id);
    Invitation renewed = new Invitation(newId(), old.request(), old.owner(), now);
    addEntry(renewed);
    return Optional.of(renewed);
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
    removeEntry(id);
    return true;
  }

  @Override
  public synchronized boolean remove(long id) {
    if (!byId.containsKey(id)) {
      return false;
    }
    removeEntry(id);
    return true;
  }

  @Override
  public synchronized int size() {
    return byId.size();
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
      unindex(oldest);
    }
  }

  private Invitation touch(Invitation inv, long id, Instant now) {
    Invitation touched = new Invitation(id, inv.request(), inv.owner(), now);
    byId.remove(id); // re-insert at the tail: the LinkedHashMap stays in touch order
    byId.put(id, touched);
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
    byIdentity.put(IdentityKey.of(m), id);
    if (m.type() == RequestType.LEAVE_INVITE.code()) {
      invitations
          .computeIfAbsent(new MatchKey(m.localName(), m.remoteName()), k -> newIdList())
          .addFirst(id);
    }
    byOwnerName
        .computeIfAbsent(new OwnerKey(inv.owner(), m.localName()), k -> newIdList())
        .addLast(id);
    perAddressCount.merge(inv.owner(), 1, Integer::sum);
  }

  private static ArrayDeque<Long> newIdList() {
    // A key rarely has more than two ids (a client's LEAVE_INVITE and ANNOUNCE), and each list is
    // created with its first entry and dropped with its last: the default 16 slots cost 64 bytes
    // more on every invitation.
    return new ArrayDeque<>(2);
  }

  private void removeEntry(long id) {
    Invitation inv = byId.remove(id);
    if (inv != null) {
      unindex(inv);
    }
  }

  private void unindex(Invitation inv) {
    Long id = inv.id();
    CtlMessage m = inv.request();
    byIdentity.remove(IdentityKey.of(m), id);
    if (m.type() == RequestType.LEAVE_INVITE.code()) {
      removeFrom(invitations, new MatchKey(m.localName(), m.remoteName()), id);
    }
    removeFrom(byOwnerName, new OwnerKey(inv.owner(), m.localName()), id);
    perAddressCount.computeIfPresent(inv.owner(), (k, n) -> n == 1 ? null : n - 1);
  }

  private static <K> void removeFrom(Map<K, ArrayDeque<Long>> index, K key, Long id) {
    ArrayDeque<Long> ids = index.get(key);
    if (ids != null) {
      ids.remove(id);
      if (ids.isEmpty()) {
        index.remove(key);
      }
    }
  }
}

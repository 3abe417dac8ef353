package io.github.bsdtalk.server.internal;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.Invitation;
import io.github.bsdtalk.server.InvitationTable;
import io.github.bsdtalk.server.InvitationTable.AnnounceDecision;
import io.github.bsdtalk.server.InvitationTable.Limits;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Every operation runs in O(1) apart from expiry, which is amortised O(1) per entry, and the
 * short lists of one sender's entries with one {@code l_name}, O(perName): finding a sender's
 * identical request looks among them, and so does unlinking one of them that is not the oldest
 * (touching it, deleting it). No operation scans the table. The table is thread-safe: every
 * method is {@code synchronized}.
 *
 * <p><b>Memory.</b> talkd is to hold its 10,000 invitations in a few megabytes, so an entry is one
 * small object ({@code Entry}: id, request, time, and its links in the lists it is on) and the
 * indexes add a map node per source address, per source and {@code l_name}, and per {@code
 * l_name} and {@code r_name} of a LEAVE_INVITE; ids index an array, not a map of boxed Longs. An
 * {@link Invitation} is made only to be returned. A source address is kept once while it has
 * entries, and an address in a stored request equal to its sender's is that same instance: the
 * server decodes every datagram into fresh objects, which would otherwise keep three copies of the
 * sender's address per entry.
 */
public final class InMemoryInvitationTable implements InvitationTable {

  /** One stored invitation. Its mutable fields change only with the table's lock held. */
  private static final class Entry {
    final int id;
    /** As {@code stored} made it: equal to the request the sender sent. */
    final CtlMessage request;
    /** The sender's entries with this entry's l_name; through it, the sender. */
    final Name name;
    /** When it was stored or last touched: an Instant's two fields, not an Instant (24 bytes). */
    long touchedSecond;
    int touchedNano;
    /** Its neighbours in the whole table, least recently touched first: expiry walks from there. */
    Entry older;
    Entry newer;
    /** The next more recently touched of its name's entries. */
    Entry newerOfName;
    /** LEAVE_INVITE only: its neighbours among those with its l_name and r_name, by insertion. */
    Entry olderMatch;
    Entry newerMatch;

    Entry(int id, CtlMessage request, Name name, Instant touched) {
      this.id = id;
      this.request = request;
      this.name = name;
      setTouched(touched);
    }

    void setTouched(Instant now) {
      touchedSecond = now.getEpochSecond();
      touchedNano = now.getNano();
    }

    Instant touched() {
      return Instant.ofEpochSecond(touchedSecond, touchedNano);
    }

    InetAddress owner() {
      return name.source.owner;
    }

    Invitation invitation() {
      return new Invitation(id, request, owner(), touched());
    }
  }

  /**
   * A source address that has entries, as the first of them gave it: every entry from it, and
   * every address in their requests equal to it, refer to this one instance, and it is forgotten
   * with its last entry. Counted by the number of its entries.
   */
  private static final class Source extends CountIndex.Counted<Source> {
    final InetAddress owner;
    final Map<String, Name> names = new HashMap<>();
    /** Its names by how many entries each holds, to find its heaviest. */
    final CountIndex<Name> byCount = new CountIndex<>();

    Source(InetAddress owner) {
      this.owner = owner;
    }
  }

  /**
   * One source's entries with one l_name, least recently touched first (the order they are
   * evicted in), singly linked: there are at most perName of them. Counted by their number.
   */
  private static final class Name extends CountIndex.Counted<Name> {
    final Source source;
    final String name;
    Entry oldest;
    Entry newest;

    Name(Source source, String name) {
      this.source = source;
      this.name = name;
    }

    void append(Entry e) {
      if (newest == null) {
        oldest = e;
      } else {
        newest.newerOfName = e;
      }
      newest = e;
    }

    /** Unlinks an entry of this name: O(1) for the oldest, which expiry and eviction take. */
    void unlink(Entry e) {
      if (oldest == e) {
        oldest = e.newerOfName;
      } else {
        Entry before = oldest;
        while (before.newerOfName != e) {
          before = before.newerOfName;
        }
        before.newerOfName = e.newerOfName;
        if (newest == e) {
          newest = before;
        }
      }
      if (oldest == null) {
        newest = null;
      }
      e.newerOfName = null;
    }
  }

  /**
   * find_match's key: a LEAVE_INVITE's (l_name, r_name). Its equals and hashCode are written out:
   * a record's own are bootstrapped through invokedynamic and {@code
   * java.lang.runtime.ObjectMethods} on first use, 20-35 ms of method-handle spinning in a fresh
   * JVM, and an inetd or socket-activated talkd is a fresh JVM whose first request is the one
   * being waited for. (Its toString is left to the record: nothing calls it.)
   */
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

  private final Limits limits;
  /** Entries by id: ids are 1..MAX_ID-1, so 16,000 slots (64 KB), where a map took 60 B each. */
  private final Entry[] byId = new Entry[TalkProtocol.MAX_ID];
  private int size;
  /** The whole table's least and most recently touched entries. */
  private Entry oldest;
  private Entry newest;
  /** The newest LEAVE_INVITE per (inviter, invitee): find_match is LIFO in every talkd. */
  private final Map<MatchKey, Entry> invitations = new HashMap<>();
  /** The source addresses that have entries. */
  private final Map<InetAddress, Source> sources = new HashMap<>();
  /** The sources by their number of entries, to find the heaviest. */
  private final CountIndex<Source> perAddress = new CountIndex<>();
  private int lastId;

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
    Entry found = identical(request, owner);
    if (found == null) {
      return Optional.empty();
    }
    touch(found, now);
    return Optional.of(found.invitation());
  }

  synchronized Optional<Invitation> findInvitation(
      String inviter, String invitee, Instant now) {
    expire(now);
    Entry found = invitations.get(new MatchKey(inviter, invitee));
    return found == null ? Optional.empty() : Optional.of(found.invitation());
  }

  synchronized Optional<Invitation> insert(
      CtlMessage request, InetAddress owner, Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(owner, "owner");
    expire(now);
    Source source = sources.get(owner);
    Name own = source == null ? null : source.names.get(request.localName());
    if (own != null && own.count() >= limits.perName()) {
      // The sender's own least recently touched entry makes room: a client that re-invites
      // replaces itself.
      drop(own.oldest);
    } else if (source != null && source.count() >= limits.perAddress()) {
      return Optional.empty(); // over its own share: only this sender is refused
    } else if (size >= limits.capacity()) {
      evictForInsertFrom(source);
    }
    return Optional.of(add(newId(), request, owner, now).invitation());
  }

  synchronized Optional<Invitation> renew(long id, Instant now) {
    expire(now);
    Entry old = entry(id);
    if (old == null) {
      return Optional.empty();
    }
    drop(old);
    return Optional.of(add(newId(), old.request, old.owner(), now).invitation());
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
    Entry stored = entry(entry.id());
    if (stored == null
        || !stored.owner().equals(entry.owner())
        || !sameRequest(stored.request, entry.request())) {
      return false;
    }
    drop(stored);
    return true;
  }

  @Override
  public synchronized boolean delete(
      long id, InetAddress requester, String requesterName, Instant now) {
    expire(now);
    Entry e = entry(id);
    if (e == null
        || !e.owner().equals(requester)
        || !e.request.localName().equals(requesterName)) {
      return false;
    }
    drop(e);
    return true;
  }

  synchronized boolean remove(long id) {
    Entry e = entry(id);
    if (e == null) {
      return false;
    }
    drop(e);
    return true;
  }

  @Override
  public synchronized int size() {
    return size;
  }

  /** Every entry, least recently touched first, expired ones included; for tests (O(n)). */
  synchronized List<Invitation> snapshot() {
    List<Invitation> all = new ArrayList<>(size);
    for (Entry e = oldest; e != null; e = e.newer) {
      all.add(e.invitation());
    }
    return List.copyOf(all);
  }

  // ---- internals (callers hold the lock) ------------------------------------------------------

  private void expire(Instant now) {
    // netkit talkd/table.c expire(): (now - ptr->time) > MAX_LIFE
    while (oldest != null
        && Duration.between(oldest.touched(), now).compareTo(limits.maxLife()) > 0) {
      drop(oldest);
    }
  }

  /** The entry with this id, or null; any long may come from a DELETE. */
  private Entry entry(long id) {
    return id > 0 && id < byId.length ? byId[(int) id] : null;
  }

  /**
   * find_request: the sender's entry identical to the request, or null. There is at most one
   * (leave and announce look before they insert); if a test's inserts made more, the most
   * recently touched. O(perName).
   */
  private Entry identical(CtlMessage request, InetAddress owner) {
    Source source = sources.get(owner);
    Name name = source == null ? null : source.names.get(request.localName());
    Entry found = null;
    for (Entry e = name == null ? null : name.oldest; e != null; e = e.newerOfName) {
      if (sameRequest(e.request, request)) {
        found = e;
      }
    }
    return found;
  }

  /** Whether two requests are one to find_request: type, l_name, r_name and pid. */
  private static boolean sameRequest(CtlMessage a, CtlMessage b) {
    return a.type() == b.type()
        && a.pid() == b.pid()
        && a.localName().equals(b.localName())
        && a.remoteName().equals(b.remoteName());
  }

  /**
   * Makes room in a full table for an insert from {@code sender} (null if it holds nothing):
   * takes the least recently touched entry of the heaviest name of the heaviest source, or of the
   * sender itself if no source holds more than it does. O(1).
   */
  private void evictForInsertFrom(Source sender) {
    Source victim = sender != null && sender.count() >= perAddress.max()
        ? sender
        : perAddress.firstWithMax();
    drop(victim.byCount.firstWithMax().oldest);
  }

  /** Moves an entry to the newest end of the table and of its name, at the time now. */
  private void touch(Entry e, Instant now) {
    e.setTouched(now);
    unlinkFromTable(e);
    appendToTable(e);
    e.name.unlink(e);
    e.name.append(e);
  }

  private int newId() {
    // talkd/table.c new_id(): one counter, 1..MAX_ID-1, 0 never used. Capacity < MAX_ID - 1, so
    // a free id always exists.
    do {
      lastId = lastId % (TalkProtocol.MAX_ID - 1) + 1;
    } while (byId[lastId] != null);
    return lastId;
  }

  private Entry add(int id, CtlMessage request, InetAddress owner, Instant now) {
    Source source = sources.get(owner);
    if (source == null) {
      source = new Source(owner);
      sources.put(owner, source);
    }
    Name name = source.names.get(request.localName());
    if (name == null) {
      name = new Name(source, request.localName());
      source.names.put(name.name, name);
    }
    Entry e = new Entry(id, stored(request, source.owner, name.name), name, now);
    byId[id] = e;
    size++;
    appendToTable(e);
    name.append(e);
    source.byCount.increment(name);
    perAddress.increment(source);
    if (e.request.type() == RequestType.LEAVE_INVITE.code()) {
      // the newest of its (inviter, invitee): put returns the one that was
      e.olderMatch = invitations.put(matchKey(e), e);
      if (e.olderMatch != null) {
        e.olderMatch.newerMatch = e;
      }
    }
    return e;
  }

  /** Removes an entry from the table and every index; a source or name left empty goes too. */
  private void drop(Entry e) {
    byId[e.id] = null;
    size--;
    unlinkFromTable(e);
    Name name = e.name;
    Source source = name.source;
    name.unlink(e);
    source.byCount.decrement(name);
    if (name.count() == 0) {
      source.names.remove(name.name);
    }
    perAddress.decrement(source);
    if (source.count() == 0) {
      sources.remove(source.owner); // the interned address goes with its last entry
    }
    if (e.request.type() == RequestType.LEAVE_INVITE.code()) {
      unlinkMatch(e);
    }
  }

  private void appendToTable(Entry e) {
    e.older = newest;
    e.newer = null;
    if (newest == null) {
      oldest = e;
    } else {
      newest.newer = e;
    }
    newest = e;
  }

  private void unlinkFromTable(Entry e) {
    if (e.older == null) {
      oldest = e.newer;
    } else {
      e.older.newer = e.newer;
    }
    if (e.newer == null) {
      newest = e.older;
    } else {
      e.newer.older = e.older;
    }
  }

  /** Takes a LEAVE_INVITE out of its (inviter, invitee) list, in O(1). */
  private void unlinkMatch(Entry e) {
    if (e.olderMatch != null) {
      e.olderMatch.newerMatch = e.newerMatch;
    }
    if (e.newerMatch != null) {
      e.newerMatch.olderMatch = e.olderMatch;
    } else if (e.olderMatch != null) {
      invitations.put(matchKey(e), e.olderMatch); // it was the newest: the next one is now
    } else {
      invitations.remove(matchKey(e));
    }
  }

  private static MatchKey matchKey(Entry e) {
    return new MatchKey(e.request.localName(), e.request.remoteName());
  }

  /**
   * The request as stored: its l_name is the instance its {@code Name} holds, and an {@code addr}
   * or {@code ctl_addr} whose IP equals the sender's holds the sender's one instance, so that the
   * copies the server decoded from the datagram (48 bytes an address) are not kept. Equal to the
   * request in every component; the request itself if there was nothing to share.
   */
  private static CtlMessage stored(CtlMessage m, InetAddress owner, String localName) {
    TalkAddress address = withOwnerIp(m.address(), owner);
    TalkAddress control = withOwnerIp(m.controlAddress(), owner);
    // identity, not equality: only a copy is to be replaced
    if (address == m.address() && control == m.controlAddress() && localName == m.localName()) {
      return m;
    }
    return new CtlMessage(m.version(), m.type(), m.answer(), m.id(), address, control, m.pid(),
        localName, m.remoteName(), m.remoteTty());
  }

  private static TalkAddress withOwnerIp(TalkAddress a, InetAddress owner) {
    // an address equal to an Inet4Address is one
    return a.ip() != owner && a.ip().equals(owner)
        ? new TalkAddress(a.family(), a.port(), (Inet4Address) owner)
        : a;
  }
}

package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a talk daemon keeps its invitations: the LEAVE_INVITE requests that callers leave at their
 * own daemon and the ANNOUNCE requests it has rung for. Applications may implement it, for example
 * on their own store; {@link #inMemory()} is the default.
 *
 * <p>The operations mirror the C daemons' {@code talkd/table.c}: {@link #findIdentical} is {@code
 * find_request}, {@link #findInvitation} is {@code find_match}, {@link #insert} is {@code
 * insert_table} with {@code new_id}, {@link #delete} is {@code delete_invite}. Every operation gets
 * the current time, so that an implementation can expire entries not touched for {@code MAX_LIFE}
 * without reading a clock itself; expired entries must never be returned.
 *
 * <p>Names passed in and stored are the daemon's view of the text fields: the text before the
 * first NUL, at most 11 bytes, compared exactly ({@code strcmp}).
 *
 * <p><b>Ownership.</b> Every entry belongs to the source address of the request that stored it
 * (its {@link Invitation#owner()}). Unlike the C daemons, whose tables ignore who sent an entry,
 * a sender only ever finds, refreshes or deletes its own entries: another sender's identical
 * request is a different entry, so no one can keep someone else's entry alive, renumber it or take
 * it over.
 *
 * <p><b>Limits.</b> An implementation is bounded, and its limits must be such that no set of
 * senders can make another sender's insert fail: when it is full, {@link #insert} makes room by
 * evicting rather than refusing, and it takes the entry from the sender holding the most entries.
 * It may refuse a sender that is over its own share (the in-memory table's per-address quota);
 * that refusal is the only answer FAILED a table causes. See {@link InMemoryInvitationTable} for
 * the default limits and the eviction order.
 *
 * <p><b>Thread safety:</b> implementations must be safe for concurrent use by multiple threads. A
 * {@link TalkdServer} calls its table from one thread at a time, but an application may share one
 * table between several servers or inspect it while it serves. Calls should return quickly: the
 * daemon answers nothing else while one runs.
 */
public interface InvitationTable {

  /**
   * Finds the entry that {@code owner} stored with the same type, {@code l_name}, {@code r_name}
   * and {@code pid} as the request ({@code find_request}, which ignores the sender; here another
   * sender's entry never matches), and refreshes its time, as the C daemons do ("update the time
   * if we 'touch' it"). An expired entry is never returned.
   *
   * @param request the request, with names in the daemon's view
   * @param owner the address the request came from
   * @param now the current time
   * @return the refreshed entry, or empty
   */
  Optional<Invitation> findIdentical(CtlMessage request, InetAddress owner, Instant now);

  /**
   * Finds the newest LEAVE_INVITE that {@code inviter} left for {@code invitee} ({@code
   * find_match}: entries are searched newest first). It does not refresh the entry.
   *
   * @param inviter the caller's name, the stored entry's {@code l_name}
   * @param invitee the callee's name, the stored entry's {@code r_name}
   * @param now the current time
   * @return the invitation, or empty
   */
  Optional<Invitation> findInvitation(String inviter, String invitee, Instant now);

  /**
   * Stores a request under a new id, owned by {@code owner}. Ids are allocated as the C daemons
   * do: one counter cycling through 1..{@link TalkProtocol#MAX_ID}-1, never 0, skipping ids still
   * in use. A full table does not refuse: it evicts one entry, from the sender holding the most
   * entries (the sender's own if no one holds more than it does).
   *
   * @param request the request, with names in the daemon's view
   * @param owner the address the request came from
   * @param now the current time, stored as the entry's time
   * @return the stored entry, or empty if {@code owner} is over its own share (for the in-memory
   *     table, its per-address quota); the daemon then answers FAILED
   */
  Optional<Invitation> insert(CtlMessage request, InetAddress owner, Instant now);

  /**
   * Gives an entry a new id and refreshes its time, for an explicit re-announce.
   *
   * @param id the entry's current id
   * @param now the current time
   * @return the entry with its new id, or empty if there is no such entry
   */
  Optional<Invitation> renew(long id, Instant now);

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
   * Removes an entry unconditionally, for example when the announcement it was stored for failed.
   *
   * @param id the entry's id
   * @return true if an entry was removed
   */
  boolean remove(long id);

  /**
   * Returns the number of entries, including any that have expired but were not yet swept.
   *
   * @return the size
   */
  int size();

  /**
   * Returns a new in-memory table with the defaults: capacity 10,000 (when full, an insert evicts
   * from the heaviest source address), entries live {@link TalkProtocol#MAX_LIFE} (60 s), at most
   * 1,000 entries per source address (past it, that address is refused) and at most 8 per source
   * address and name (past it, the sender's own least recently touched entry makes room).
   *
   * @return the table
   */
  static InvitationTable inMemory() {
    return inMemory(InMemoryInvitationTable.Limits.DEFAULT);
  }

  /**
   * Returns a new in-memory table with the given limits.
   *
   * @param limits capacity, lifetime and per-sender quotas
   * @return the table
   */
  static InvitationTable inMemory(InMemoryInvitationTable.Limits limits) {
    return new InMemoryInvitationTable(limits);
  }
}

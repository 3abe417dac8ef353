package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.internal.LazyLogger;
import io.github.bsdtalk.server.internal.RingLimiter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * All of talkd's policy as one function of (request, sender, now): no sockets, threads or clock
 * reads inside. Its state is the {@link InvitationTable}; its one side effect is the {@link
 * Announcer}. {@link TalkdServer} wraps it in a UDP loop; tests feed it golden bytes directly.
 *
 * <p>What it answers, in order (compare netkit {@code talkd/talkd.c} {@code do_one_packet} and
 * {@code talkd/process.c}, FreeBSD {@code libexec/talkd/process.c}):
 *
 * <ol>
 *   <li>{@code vers} not 1: BADVERSION.
 *   <li>{@code type} not 0..3: UNKNOWN_REQUEST, echoing the type.
 *   <li>{@code addr} family not AF_INET: BADADDR; {@code ctl_addr} family not AF_INET: BADCTLADDR
 *       (the BSD checks; netkit ignores families).
 *   <li>The {@link AccessPolicy} (default {@link AccessPolicy#ALLOW_ALL}) is asked, as inetutils
 *       asks its ACL at this point ({@code talkd/process.c}): a denied ANNOUNCE is answered
 *       PERMISSION_DENIED ("Your party is refusing messages" in the caller's talk), any other
 *       denied request FAILED, as inetutils answers every one.
 *   <li>Names are read as the C daemons read them: text before the first NUL, at most 11 bytes
 *       (netkit forces the 12th byte to NUL).
 *   <li>LEAVE_INVITE: the sender must be local (else MACHINE_UNKNOWN) and so must {@code addr} (else
 *       BADADDR), as in netkit. An identical invitation from the same source address (same names
 *       and pid) is refreshed and its id returned; otherwise a new one is stored. The answer is
 *       SUCCESS, set explicitly (netkit and inetutils leave it uninitialised), or FAILED if the
 *       table refuses (the in-memory table refuses only a sender over its own per-address share).
 *   <li>LOOK_UP: the newest invitation from {@code r_name} to {@code l_name}: SUCCESS with its id
 *       and address, else NOT_HERE.
 *   <li>DELETE: removes the entry with that id if the sender owns it (same source address and
 *       {@code l_name}): SUCCESS, else NOT_HERE. The C daemons let anyone delete any id.
 *   <li>ANNOUNCE: a caller name with control characters (C0, DEL or C1) is refused with FAILED
 *       (FreeBSD's rule). The name is read as UTF-8 if its bytes are valid UTF-8, so that {@code
 *       łukasz} (c5 82 ...) passes, and byte by byte otherwise. A new announcement is stored and rung through the announcer; if the
 *       answer is not SUCCESS the entry is removed and the answer returned with id 0. A repeated
 *       ANNOUNCE (same names and pid, from the same source address)
 *       re-rings only when its id is the stored id + 1, which is what BSD and netkit clients send
 *       every {@code RING_WAIT} ("force a re-announce"); any other id, such as the 0xFFFFFFFF of a
 *       retransmitted first ANNOUNCE, is a duplicate answered with the stored id and no ring. (The
 *       C daemons re-ring on any larger id, so a lost first reply rings the callee twice.) A
 *       re-announce the announcer refuses removes the entry. Before a ring, the {@link
 *       RingLimits} (default {@link RingLimits#DEFAULT}) are checked: an ANNOUNCE over a limit is
 *       answered SUCCESS with its entry's id and does not ring (the caller's talk keeps waiting
 *       and its next re-announce rings once the limit allows); {@link #answer} marks it {@link
 *       RequestHandler.Handled#isRingLimited()}. A ring that fails counts for nothing.
 * </ol>
 *
 * <p>Every response has {@code vers} 1, echoes {@code type}, has zero {@code pad}, id 0 on every
 * error, and a zero address except after a successful LOOK_UP.
 *
 * <p><b>Old talk.</b> A datagram of exactly 76 bytes is an old-talk (4.2BSD) request, on whatever
 * endpoint it arrives, as netkit's daemon recognises one on 518 ({@code talkd/repairs.c}
 * {@code probe_otalk_packet}) and as an inetd line for port 517 needs. It is decoded with {@link
 * OldTalkCodec} (its byte order found from {@code ctl_addr}'s family), turned into the ntalk
 * request netkit makes of it ({@link OldCtlMessage#toCtlMessage()}), and answered by the same
 * rules and the same table as ntalk, so that an old-talk LEAVE_INVITE is found by an ntalk LOOK_UP
 * for the same pair and the other way round. {@link #answer} marks the outcome {@link
 * RequestHandler.Handled#isOldTalk()}, and the reply goes out as a 24-byte old-talk reply in the
 * request's byte order. Old talk has no answers above 5, so the checks that answer them are mapped
 * to what the 4.2BSD daemon did ({@code talkd.c}, {@code process.c}):
 *
 * <ul>
 *   <li>BADVERSION cannot happen: there is no version byte, and the ntalk view has version 1.
 *   <li>{@code ctl_addr} family not AF_INET (BADCTLADDR in ntalk): no reply. 4.2BSD {@code
 *       talkd.c} sends every reply to {@code ctl_addr}, and that {@code sendto} fails for another
 *       family, so such a request was never answered. Checked before anything else, as the reply
 *       was lost whatever the request.
 *   <li>{@code addr} family not AF_INET (BADADDR in ntalk): taken as AF_INET, the port and
 *       address kept. 4.2BSD {@code process.c} checks no family, and netkit stores such an
 *       invitation and answers its LOOK_UP with family AF_INET (measured: {@code
 *       golden/netkit-otalk.txt}); a client with a family in the other byte order, or none, still
 *       meets its callee.
 *   <li>A LEAVE_INVITE whose {@code addr} is not local (BADADDR in ntalk, netkit's rule): FAILED,
 *       old talk's answer for a request the daemon will not carry out; it is not stored.
 *   <li>{@code type} not 0..3: UNKNOWN_REQUEST, as 4.2BSD {@code process_request} answers. netkit
 *       maps ytalk's internal 4, 5 and 6 to DELETE, LOOK_UP, DELETE; ytalk converts them before
 *       sending, so no client known sends them.
 *   <li>Every other answer (0..5) is the same code in both protocols.
 * </ul>
 *
 * <p>Names: an old-talk name has at most 9 bytes, all kept: a 9-character name has no NUL, and
 * 4.2BSD compares names with {@code strncmp(..., NAME_SIZE)} (netkit's {@code probe_otalk_packet}
 * refuses a field without a NUL and answers the request in ntalk format). In the shared table
 * names are compared whole, as netkit's one table compares them after {@code probe_otalk_packet}
 * ({@code strcmp} in {@code talkd/table.c}): an old-talk name matches an ntalk name of the same
 * bytes, and never a longer one. A user whose login has 10 or 11 characters cannot be reached
 * through old talk at all, since the field cannot hold the name; 4.2BSD's {@code strncmp} on 9
 * bytes would match its first 9 characters, which could be someone else's login.
 *
 * <p>Instances are thread-safe if the table and announcer are.
 *
 * @apiNote
 *     <pre>{@code
 * RequestProcessor talkd = RequestProcessor.builder()
 *     .table(InvitationTable.inMemory())
 *     .announcer(Announcer.callback(a -> System.out.println(a.callerName() + " calls")))
 *     .build();
 * CtlResponse r = talkd.process(request, senderAddress, Instant.now());
 * }</pre>
 */
public final class RequestProcessor implements RequestHandler {

  private static final System.Logger LOG = LazyLogger.of(RequestProcessor.class);

  /** What to do with a datagram whose length is not 84 bytes. */
  public enum WrongLengthPolicy {
    /**
     * Answer UNKNOWN_REQUEST, echoing byte 1 of the datagram as the type (0 if it is shorter), as
     * netkit does (it replies from a stale buffer; {@code talkd/talkd.c}). A client that sent a
     * broken request learns so instead of retrying; the default.
     */
    ANSWER_UNKNOWN_REQUEST,
    /** Drop it silently, as the BSD and inetutils daemons do. */
    DROP
  }

  private final InvitationTable table;
  private final Announcer announcer;
  private final Predicate<InetAddress> isLocal;
  private final WrongLengthPolicy wrongLengthPolicy;
  private final RingLimits ringLimits;
  /** Null when {@link RingLimits#NONE}-like: nothing to remember, nothing to lock. */
  private final RingLimiter limiter;
  private final AccessPolicy access;

  private RequestProcessor(InvitationTable table, Announcer announcer,
      Predicate<InetAddress> isLocal, WrongLengthPolicy wrongLengthPolicy, RingLimits ringLimits,
      AccessPolicy access) {
    this.table = table;
    this.announcer = announcer;
    this.isLocal = isLocal;
    this.wrongLengthPolicy = wrongLengthPolicy;
    this.ringLimits = ringLimits;
    this.limiter = ringLimits.limitsAnything() ? new RingLimiter(ringLimits) : null;
    this.access = access;
  }

  /**
   * Returns the ring limits.
   *
   * @return the limits
   */
  public RingLimits ringLimits() {
    return ringLimits;
  }

  /**
   * Returns a builder with the defaults: a new {@link InvitationTable#inMemory()} table, {@link
   * Announcer#refuseAll()}, loopback addresses and the addresses of this host's interfaces (listed
   * when the processor is built) counted as local, and {@link
   * WrongLengthPolicy#ANSWER_UNKNOWN_REQUEST}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the invitation table.
   *
   * @return the table
   */
  public InvitationTable table() {
    return table;
  }

  /**
   * Answers one request.
   *
   * @param request the decoded request
   * @param sender where the datagram came from
   * @param now the current time, for the invitation table
   * @return the response to send back
   */
  public CtlResponse process(CtlMessage request, InetSocketAddress sender, Instant now) {
    return decide(request, sender, now).response().orElseThrow();
  }

  /** The answer to a decoded request, marked if a ring limit held it back. */
  private Handled decide(CtlMessage request, InetSocketAddress sender, Instant now) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(now, "now");
    int type = request.type();
    if (request.version() != TalkProtocol.VERSION) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: bad protocol version {1}", sender,
          request.version());
      return Handled.answered(request, reject(type, Answer.BADVERSION));
    }
    Optional<RequestType> known = request.requestType();
    if (known.isEmpty()) {
      return Handled.answered(request, reject(type, Answer.UNKNOWN_REQUEST));
    }
    if (!request.address().isInet()) {
      return Handled.answered(request, reject(type, Answer.BADADDR));
    }
    if (!request.controlAddress().isInet()) {
      return Handled.answered(request, reject(type, Answer.BADCTLADDR));
    }
    CtlMessage m = daemonView(request);
    InetAddress from = sender.getAddress();
    if (!access.allows(from, m.localName(), m.remoteName())) {
      // inetutils talkd/process.c answers every denied request FAILED; a denied ANNOUNCE gets
      // PERMISSION_DENIED here, so that the caller's talk says "Your party is refusing messages"
      // (netkit talk/invite.c answers[]) and stops, instead of "Target machine is too confused to
      // talk to us". It tells the caller nothing about whether the callee is logged in.
      return Handled.answered(request, reject(type,
          known.get() == RequestType.ANNOUNCE ? Answer.PERMISSION_DENIED : Answer.FAILED));
    }
    switch (known.get()) {
      case LEAVE_INVITE:
        return Handled.answered(request, leaveInvite(m, from, now));
      case LOOK_UP:
        return Handled.answered(request, lookUp(m, now));
      case DELETE:
        return Handled.answered(request, table.delete(m.id(), from, m.localName(), now)
            ? CtlResponse.of(type, Answer.SUCCESS, 0, TalkAddress.ZERO)
            : reject(type, Answer.NOT_HERE));
      case ANNOUNCE:
        return announce(request, m, from, now);
      default:
        throw new AssertionError("unhandled request type " + known.get());
    }
  }

  /**
   * Decodes, answers and encodes one datagram: golden request bytes in, reply bytes out.
   *
   * @param datagram the datagram as received
   * @param sender where it came from
   * @param now the current time
   * @return the 24-byte reply (in old talk for a 76-byte request), or empty if the datagram is to
   *     be dropped
   */
  public Optional<byte[]> handle(byte[] datagram, InetSocketAddress sender, Instant now) {
    Handled handled = answer(ByteBuffer.wrap(datagram), sender, now);
    return handled.isOldTalk()
        ? handled.oldTalkResponse().map(OldTalkCodec::encode)
        : handled.response().map(TalkCodec::encode);
  }

  /**
   * Decodes and answers one datagram; never throws for any bytes.
   *
   * @param datagram the datagram, from position to limit; the buffer is not changed
   * @param sender where it came from
   * @param now the current time
   * @return the response (for old talk the ntalk form of the answer, see {@link
   *     RequestHandler.Handled#oldTalkResponse()}), or empty if the datagram is to be dropped
   */
  public Optional<CtlResponse> handle(ByteBuffer datagram, InetSocketAddress sender, Instant now) {
    return answer(datagram, sender, now).response();
  }

  /**
   * Decodes (once) and answers one datagram; never throws for any bytes. This is what {@link
   * TalkdServer} calls for every datagram on an endpoint this processor serves.
   *
   * @param datagram the datagram, from position to limit; the buffer is not changed
   * @param sender where it came from
   * @param now the current time
   * @return the decoded request, if it was 84 bytes (or 76: old talk, see the class description),
   *     and the reply, unless it is to be dropped
   */
  @Override
  public Handled answer(ByteBuffer datagram, InetSocketAddress sender, Instant now) {
    Objects.requireNonNull(datagram, "datagram");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(now, "now");
    if (datagram.remaining() == OldCtlMessage.SIZE) {
      byte[] bytes = new byte[OldCtlMessage.SIZE];
      datagram.get(datagram.position(), bytes);
      try {
        return answerOldTalk(OldTalkCodec.decodeMessage(bytes), sender, now);
      } catch (MalformedPacketException e) {
        throw new AssertionError("a 76-byte datagram always decodes as old talk", e);
      }
    }
    CtlMessage request;
    try {
      request = TalkCodec.decodeMessage(datagram);
    } catch (MalformedPacketException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: malformed datagram: {1}", sender, e.getMessage());
      if (wrongLengthPolicy == WrongLengthPolicy.DROP) {
        return Handled.dropped(null);
      }
      int echoedType =
          datagram.remaining() >= 2 ? Byte.toUnsignedInt(datagram.get(datagram.position() + 1)) : 0;
      return Handled.malformed(reject(echoedType, Answer.UNKNOWN_REQUEST));
    }
    return decide(request, sender, now);
  }

  /** Old talk: the ntalk rules on the ntalk view, with the answers old talk lacks mapped. */
  private Handled answerOldTalk(OldCtlMessage old, InetSocketAddress sender, Instant now) {
    CtlMessage request = old.toCtlMessage();
    if (!request.address().isInet()) {
      // 4.2BSD process.c checks no family, and netkit stores such an invitation and answers its
      // LOOK_UP with family AF_INET (golden/netkit-otalk.txt, invite_addr_family_0 and
      // invite_addr_family_le_in_be): old talk's addr is its port and IP address
      request = request.withAddress(
          TalkAddress.of(request.address().ip(), request.address().port()));
    }
    if (!old.controlAddress().isInet()) {
      // 4.2BSD talkd.c: sendto(sockt, &response, ..., &request.ctl_addr, ...) fails for a family
      // other than AF_INET, so the old daemon never answered such a request
      LOG.log(System.Logger.Level.DEBUG, "{0}: old talk with ctl_addr family {1}: no reply",
          sender, old.controlAddress().family());
      return Handled.dropped(request).inOldTalk(old);
    }
    Handled handled = decide(request, sender, now);
    CtlResponse response = handled.response().orElseThrow();
    if (response.answer() == Answer.BADADDR.code()) {
      // 4.2BSD process.c has no BADADDR (answers 0..5); FAILED is its "will not do it"
      handled = Handled.answered(request, reject(response.type(), Answer.FAILED));
    }
    return handled.inOldTalk(old);
  }

  private CtlResponse leaveInvite(CtlMessage m, InetAddress from, Instant now) {
    int type = m.type();
    if (!isLocal.test(from)) {
      // netkit talkd.c: an invitation must be left by a client on this host
      return reject(type, Answer.MACHINE_UNKNOWN);
    }
    if (!isLocal.test(m.address().ip())) {
      // netkit talkd.c: "invite packet had bad return address"
      return reject(type, Answer.BADADDR);
    }
    Optional<Invitation> stored = table.leave(m, from, now);
    // if/else rather than map/orElseGet: those lambdas capture the type and cost an allocation
    // each on every request
    return stored.isPresent()
        ? CtlResponse.of(type, Answer.SUCCESS, stored.get().id(), TalkAddress.ZERO)
        : reject(type, Answer.FAILED);
  }

  private CtlResponse lookUp(CtlMessage m, Instant now) {
    Optional<Invitation> found = table.lookUp(m.remoteName(), m.localName(), now);
    if (found.isEmpty()) {
      return reject(m.type(), Answer.NOT_HERE);
    }
    Invitation inv = found.get();
    return CtlResponse.of(m.type(), Answer.SUCCESS, inv.id(), inv.request().address());
  }

  private Handled announce(CtlMessage request, CtlMessage m, InetAddress from, Instant now) {
    int type = m.type();
    if (TalkText.hasControlCharacter(m.localName())) {
      // FreeBSD libexec/talkd/process.c: "illegal user name" -> FAILED
      return Handled.answered(request, reject(type, Answer.FAILED));
    }
    // One atomic decision, then the ring outside the table, then an atomic roll-back if it failed:
    // no other server sharing the table can slip in between two calls of a sequence.
    InvitationTable.AnnounceDecision decision = table.announce(m, from, now);
    switch (decision.outcome()) {
      case REFUSED:
        return Handled.answered(request, reject(type, Answer.FAILED));
      case DUPLICATE:
        return Handled.answered(request,
            CtlResponse.of(type, Answer.SUCCESS, decision.entry().id(), TalkAddress.ZERO));
      case RING:
      case REANNOUNCE:
        CtlResponse ok =
            CtlResponse.of(type, Answer.SUCCESS, decision.entry().id(), TalkAddress.ZERO);
        RingLimiter.Ticket ticket = limiter == null ? null : limiter.tryRing(from, m.localName(),
            m.remoteName(),
            decision.outcome() == InvitationTable.AnnounceDecision.Outcome.REANNOUNCE, now);
        if (limiter != null && ticket == null) {
          // Over a ring limit. A callee who has since logged out or turned messages off is still
          // answered so (the announcer looks without ringing), and the entry forgotten.
          Answer reach = reachable(m, from, now);
          if (reach != Answer.SUCCESS) {
            table.announceFailed(decision.entry(), now);
            return Handled.answered(request, reject(type, reach));
          }
          // Otherwise SUCCESS with the entry's id, no ring. netkit and BSD talk
          // (talk/invite.c announce_invite) then keep "Waiting for your party to respond" and
          // send the re-announce (id + 1) after RING_WAIT, which rings once the limit allows;
          // PERMISSION_DENIED or FAILED would make them print an error and quit, telling a
          // legitimate caller who merely called twice that the callee refuses. The entry stays,
          // so the re-announce is recognised as one.
          return Handled.ringLimited(request, ok);
        }
        Answer answer = ring(m, from, now);
        if (answer != Answer.SUCCESS) {
          // The callee logged out or turned messages off: forget the announcement, so that a
          // later retransmission is not answered SUCCESS from the stale entry.
          table.announceFailed(decision.entry(), now);
          if (ticket != null) {
            limiter.cancel(ticket); // it did not ring: it must not count as a ring
          }
          return Handled.answered(request, reject(type, answer));
        }
        return Handled.answered(request, ok);
      default:
        throw new AssertionError("unhandled decision " + decision.outcome());
    }
  }

  private Answer ring(CtlMessage m, InetAddress from, Instant now) {
    return askAnnouncer(m, from, now, true);
  }

  private Answer reachable(CtlMessage m, InetAddress from, Instant now) {
    return askAnnouncer(m, from, now, false);
  }

  private Answer askAnnouncer(CtlMessage m, InetAddress from, Instant now, boolean ring) {
    Announcement a =
        new Announcement(
            m.localName(), m.remoteName(), m.remoteTty(), from, m.address(), m, now);
    try {
      return Objects.requireNonNull(ring ? announcer.announce(a) : announcer.reachable(a),
          "announcer returned null");
    } catch (RuntimeException e) {
      // the names are the caller's bytes: never let them reach a log (or the terminal showing it)
      // raw
      LOG.log(System.Logger.Level.WARNING, announcerFailure(m), e);
      return Answer.FAILED;
    }
  }

  /** The log line for an announcer that threw; package-private for its test. */
  static String announcerFailure(CtlMessage m) {
    return "announcer failed for " + TalkText.displayName(m.remoteName()) + " called by "
        + TalkText.displayName(m.localName());
  }

  private static CtlResponse reject(int type, Answer answer) {
    return CtlResponse.of(type, answer, 0, TalkAddress.ZERO);
  }

  /** The request as the C daemons compare it: names cut at the first NUL and to 11 bytes. */
  static CtlMessage daemonView(CtlMessage r) {
    String l = cName(r.localName(), TalkProtocol.NAME_SIZE);
    String rn = cName(r.remoteName(), TalkProtocol.NAME_SIZE);
    String tty = cName(r.remoteTty(), TalkProtocol.TTY_SIZE);
    if (l.equals(r.localName()) && rn.equals(r.remoteName()) && tty.equals(r.remoteTty())) {
      return r;
    }
    return new CtlMessage(r.version(), r.type(), r.answer(), r.id(), r.address(),
        r.controlAddress(), r.pid(), l, rn, tty);
  }

  private static String cName(String field, int width) {
    // netkit talkd/process.c forces the last byte of each field to NUL before using it
    int nul = field.indexOf(0);
    int end = Math.min(nul < 0 ? field.length() : nul, width - 1);
    return end == field.length() ? field : field.substring(0, end);
  }

  /** Builds a {@link RequestProcessor}. Not thread-safe. */
  public static final class Builder {
    private InvitationTable table;
    private Announcer announcer = Announcer.refuseAll();
    private Predicate<InetAddress> isLocal;
    private WrongLengthPolicy wrongLengthPolicy = WrongLengthPolicy.ANSWER_UNKNOWN_REQUEST;
    private RingLimits ringLimits = RingLimits.DEFAULT;
    private AccessPolicy access = AccessPolicy.ALLOW_ALL;

    private Builder() {}

    /**
     * Sets how often a callee may be rung; default {@link RingLimits#DEFAULT}. {@link
     * RingLimits#NONE} rings whenever the table says so, as the C daemons do.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder ringLimits(RingLimits limits) {
      this.ringLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets who may use the daemon; default {@link AccessPolicy#ALLOW_ALL}.
     *
     * @param policy the policy, for example an {@link AccessList}
     * @return this builder
     */
    public Builder accessPolicy(AccessPolicy policy) {
      this.access = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the invitation table; default a new {@link InvitationTable#inMemory()}.
     *
     * @param table the table
     * @return this builder
     */
    public Builder table(InvitationTable table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Sets the announcer; default {@link Announcer#refuseAll()}.
     *
     * @param announcer the announcer
     * @return this builder
     */
    public Builder announcer(Announcer announcer) {
      this.announcer = Objects.requireNonNull(announcer, "announcer");
      return this;
    }

    /**
     * Sets which addresses count as this host's own, for LEAVE_INVITE (netkit only accepts
     * invitations from and to local addresses); default loopback addresses and the addresses of
     * this host's interfaces, as listed when {@link #build()} runs.
     *
     * @param isLocal the test
     * @return this builder
     */
    public Builder localAddresses(Predicate<InetAddress> isLocal) {
      this.isLocal = Objects.requireNonNull(isLocal, "isLocal");
      return this;
    }

    /**
     * Sets what to do with a datagram that is not 84 bytes; default {@link
     * WrongLengthPolicy#ANSWER_UNKNOWN_REQUEST}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder wrongLengthPolicy(WrongLengthPolicy policy) {
      this.wrongLengthPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the processor.
     *
     * @return the processor
     */
    public RequestProcessor build() {
      // never changes this builder: two builds give two tables, each rule listed afresh
      return new RequestProcessor(
          table != null ? table : InvitationTable.inMemory(),
          announcer,
          isLocal != null ? isLocal : localRule(interfaceAddresses()),
          wrongLengthPolicy,
          ringLimits,
          access);
    }
  }

  /**
   * The default local test: loopback, or one of the given addresses of this host's interfaces.
   * netkit {@code talkd.c} keeps LEAVE_INVITEs only from clients on its own host, so any other
   * address must not count. Package-private so tests can give it a LAN address.
   */
  static Predicate<InetAddress> localRule(Set<InetAddress> interfaceAddresses) {
    Set<InetAddress> copy = Set.copyOf(interfaceAddresses);
    return a -> a.isLoopbackAddress() || copy.contains(a);
  }

  static Set<InetAddress> interfaceAddresses() {
    Set<InetAddress> addresses = new HashSet<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        addresses.addAll(Collections.list(ni.getInetAddresses()));
      }
    } catch (SocketException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot list network interfaces; "
          + "only loopback counts as local", e);
    }
    return addresses;
  }
}

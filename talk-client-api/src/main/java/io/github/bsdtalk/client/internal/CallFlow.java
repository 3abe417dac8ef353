package io.github.bsdtalk.client.internal;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.ControlListener;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.DaemonProtocol;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.ProgressListener;
import io.github.bsdtalk.client.RetryPolicy;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.client.TalkTimeoutException;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.proto.TalkText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * The caller and callee flow of one call, exactly as the C client runs it ({@code talk/talk.c},
 * {@code look_up.c}, {@code invite.c} in netkit and BSD); the public face is {@code TalkCall}, whose
 * Javadoc and the package overview describe the steps. Internal: not API.
 *
 * <p>Like netkit, it uses two UDP sockets: one connected to the other party's daemon, whose local
 * address is our address as that daemon sees it (it goes into {@code ctl_addr} and the invitation's
 * {@code addr}), and one for our own daemon on 127.0.0.1.
 *
 * <p>{@link #execute()} runs on the calling thread; {@link #cancel()} may be called from any thread
 * and closes the sockets in use, so that a transaction or accept in flight ends at once. The
 * DELETEs after a connection, and after a cancel while invitations are pending, run with retries
 * on a thread of their own, over fresh sockets; {@link #close()} waits for them.
 */
public final class CallFlow implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CallFlow.class.getName());
  /** {@code htonl(-1)}: the C client's first id, "an impossible id_num" (talk/invite.c). */
  static final long FIRST_ANNOUNCE_ID = CtlMessage.MAX_ID_NUM;
  /** Ports below this are privileged: a callee never connects to one. */
  static final int FIRST_UNPRIVILEGED_PORT = 1024;
  /** After a cancel the fallback, if any, has been shown already. */
  private static final Runnable NO_FALLBACK_SHOWN = () -> {};

  private final String localUser;
  private final TalkPeer peer;
  private final CallSettings settings;
  private final DaemonProtocol protocol;
  private final RetryPolicy retryPolicy;
  private final Duration ringInterval;
  private final Duration answerTimeout;
  private final Duration connectTimeout;
  private final Duration handshakeTimeout;
  private final EditChars editChars;
  private final int pid;
  private final ProgressListener progress;
  private final ControlListener control;
  private final TransportFactory transports;
  private final LongSupplier nanoTime;
  private final StreamNetwork streams;
  private final ThreadFactory cleanUpThreads;

  private final Object lock = new Object();
  private volatile boolean cancelled;
  private volatile StreamNetwork.Listener listening;
  private Daemons active; // guarded by lock: the sockets of a call under way, for cancel()
  private volatile Thread cleanUp;
  private boolean used;

  /**
   * Creates the flow of one call.
   *
   * @param localUser our login name, checked
   * @param peer whom to call
   * @param settings the client's configuration
   */
  public CallFlow(String localUser, TalkPeer peer, CallSettings settings) {
    this.localUser = localUser;
    this.peer = peer;
    this.settings = settings;
    this.protocol = settings.protocol();
    this.retryPolicy = settings.retryPolicy();
    this.ringInterval = settings.ringInterval();
    this.answerTimeout = settings.answerTimeout();
    this.connectTimeout = settings.connectTimeout();
    this.handshakeTimeout = settings.handshakeTimeout();
    this.editChars = settings.editChars();
    this.pid = settings.pid();
    this.progress = settings.progress();
    this.control = settings.control();
    this.transports = settings.transports();
    this.nanoTime = settings.nanoTime();
    this.streams = settings.streams();
    this.cleanUpThreads = settings.cleanUpThreads();
  }

  /**
   * Runs the call to its end.
   *
   * @return how the call ended; when connected, the conversation is ready
   * @throws TalkTimeoutException if a daemon never answered
   * @throws IOException on other network failures
   * @throws IllegalStateException if called twice
   */
  public CallResult execute() throws IOException {
    synchronized (this) {
      if (used) {
        throw new IllegalStateException("a call is executed once");
      }
      used = true;
    }
    if (cancelled) {
      return CallResult.cancelled();
    }
    Endpoints remoteAt = remoteDaemon();
    Endpoints localAt =
        settings.localDaemon() != null
            ? new Endpoints(settings.localDaemon(), settings.localDaemon())
            : Endpoints.at(InetAddress.getLoopbackAddress(), settings);
    Daemons d = new Daemons(link(remoteAt, CallProgress.OLD_TALK_ON_PARTYS_MACHINE), localAt);
    synchronized (lock) {
      active = d;
      if (cancelled) {
        d.closeTransports();
      }
    }
    try {
      if (cancelled) {
        return CallResult.cancelled();
      }
      Inet4Address me = (Inet4Address) d.remote.localAddress().getAddress();
      TalkAddress myControl = TalkAddress.of(d.remote.localAddress());
      progress.progress(CallProgress.CHECKING_FOR_INVITATION);
      CtlMessage lookUp =
          CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.of(me, 0), myControl, pid,
              TalkText.toWire(localUser), TalkText.toWire(peer.user()),
              TalkText.toWire(peer.tty()));
      CtlResponse found = d.remote.transact(lookUp);
      if (isInvitation(found, d.remote.address())) {
        Optional<CallResult> asCallee = answerInvitation(d, lookUp, found);
        if (asCallee.isPresent()) {
          return asCallee.get();
        }
      }
      setLocal(d, localLink(d));
      return invite(d, me, myControl, lookUp);
    } catch (IOException | RuntimeException e) {
      if (cancelled && !(e instanceof TalkTimeoutException)) {
        return CallResult.cancelled();
      }
      throw e;
    } finally {
      synchronized (lock) {
        active = null;
      }
      d.closeUnlessHandedOff();
    }
  }

  /** Our daemon's socket; a cancel() that came meanwhile closes it, ending what follows at once. */
  private void setLocal(Daemons d, DaemonLink local) {
    synchronized (lock) {
      d.local = local;
      if (cancelled) {
        d.closeTransports();
      }
    }
  }

  /**
   * Whether a LOOK_UP answer is an invitation we may connect to. look_up.c only checks that the
   * address is AF_INET; we also require that it is on the host of the daemon that answered (an
   * invitation naming another host, such as a local service, would make us connect wherever a
   * datagram says) and not a privileged port (Debian netkit-ntalk 0.17-10 made talkd "not accept
   * connections on priviledged ports" for the same reason). Anything else is ignored, as if there
   * were no invitation.
   */
  private static boolean isInvitation(CtlResponse found, InetSocketAddress daemon) {
    if (!found.is(Answer.SUCCESS) || !found.address().isInet()) {
      return false;
    }
    InetSocketAddress target = found.address().toSocketAddress();
    if (!target.getAddress().equals(daemon.getAddress())) {
      LOG.log(System.Logger.Level.WARNING,
          "ignoring invitation {0}: its address {1} is not on {2}, the daemon that gave it",
          found.id(), target, daemon.getAddress());
      return false;
    }
    if (target.getPort() < FIRST_UNPRIVILEGED_PORT) {
      LOG.log(System.Logger.Level.WARNING,
          "ignoring invitation {0}: its address {1} is a privileged port", found.id(), target);
      return false;
    }
    return true;
  }

  /** check_local(): connect to the caller, or clean up a dead invitation and return empty. */
  private Optional<CallResult> answerInvitation(Daemons d, CtlMessage lookUp, CtlResponse found)
      throws IOException {
    Optional<Socket> socket;
    try {
      socket = connectToInvitation(d, lookUp, found);
    } catch (IOException e) {
      throw new IOException("Unable to connect with initiator at " + found.address() + ": "
          + e.getMessage(), e);
    }
    return socket.isEmpty() ? Optional.empty() : Optional.of(connected(socket.get(), false));
  }

  /**
   * Connects to the invitation a LOOK_UP found, as the callee. A refused connection means the
   * caller went away without clearing it (look_up.c): it is deleted and the result is empty.
   *
   * @throws IOException on any other connect failure
   */
  private Optional<Socket> connectToInvitation(Daemons d, CtlMessage lookUp, CtlResponse found)
      throws IOException {
    progress.progress(CallProgress.WAITING_TO_CONNECT_WITH_CALLER);
    try {
      return Optional.of(streams.connect(found.address().toSocketAddress(), connectTimeout));
    } catch (ConnectException e) {
      LOG.log(System.Logger.Level.DEBUG, "stale invitation {0}: {1}", found.id(), e.getMessage());
      d.remote.transact(lookUp.withType(RequestType.DELETE).withId(found.id()));
      return Optional.empty();
    }
  }

  /** invite_remote(): listen, announce, invite, wait, re-ring, accept. */
  private CallResult invite(Daemons d, Inet4Address me, TalkAddress myControl, CtlMessage lookUp)
      throws IOException {
    Invitations inv = new Invitations();
    try (StreamNetwork.Listener listener = streams.listen(new InetSocketAddress(me, 0), 5)) {
      // invite.c: listen(sockt, 5)
      listening = listener;
      if (cancelled) {
        return cancelledResult();
      }
      inv.announce =
          CtlMessage.of(RequestType.ANNOUNCE, FIRST_ANNOUNCE_ID,
              TalkAddress.of(me, listener.port()), myControl, pid, TalkText.toWire(localUser),
              TalkText.toWire(peer.user()), TalkText.toWire(peer.tty()));
      progress.progress(CallProgress.TRYING_TO_CONNECT_TO_DAEMON);
      CtlResponse rang = d.remote.transact(inv.announce);
      if (!rang.is(Answer.SUCCESS)) {
        return refused(rang);
      }
      inv.remoteId = rang.id();
      inv.pending = true;
      inv.localId = leaveInvite(d, inv.announce);
      progress.progress(CallProgress.WAITING_FOR_PARTY);
      long deadline = nanoTime.getAsLong() + answerTimeout.toNanos();
      long nextRing = nanoTime.getAsLong() + ringInterval.toNanos();
      while (true) {
        long now = nanoTime.getAsLong();
        if (now - deadline >= 0) {
          sendDeletes(d, inv);
          inv.pending = false;
          return CallResult.notAnswered(answerTimeout);
        }
        if (now - nextRing >= 0) {
          progress.progress(CallProgress.RINGING_AGAIN);
          Optional<CallResult> answered = answerWhileRinging(d, me, listener, lookUp, inv);
          if (answered.isPresent()) {
            return answered.get();
          }
          // invite.c re_invite(): msg.id_num = htonl(remote_id + 1), "force a re-announce"
          inv.announce = inv.announce.withId((inv.remoteId + 1) & CtlMessage.MAX_ID_NUM);
          CtlResponse again = d.remote.transact(inv.announce);
          if (!again.is(Answer.SUCCESS)) {
            sendDeletes(d, inv);
            inv.pending = false;
            return refused(again);
          }
          inv.remoteId = again.id();
          inv.localId = leaveInvite(d, inv.announce);
          nextRing = nanoTime.getAsLong() + ringInterval.toNanos();
          continue;
        }
        Duration wait = Duration.ofNanos(Math.min(deadline - now, nextRing - now));
        Optional<StreamNetwork.Incoming> in = acceptFromCallee(listener, wait, d.remote.address());
        if (in.isPresent()) {
          return answered(d, listener, inv, in.get().socket(),
              true);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Also a cancel(): it closes the listener and the daemon sockets, and whatever was under
      // way fails at once. Then the DELETEs go out with retries, over fresh sockets, off this
      // thread; on other failures once each, as send_delete() does.
      if (inv.pending) {
        inv.pending = false;
        if (cancelled) {
          startDeletes(d, inv);
        } else {
          sendDeletesQuietly(d, inv);
        }
      }
      if (cancelled && !(e instanceof TalkTimeoutException)) {
        return cancelledResult();
      }
      throw e;
    } finally {
      listening = null;
    }
  }

  /**
   * Before each re-ring: has the other party invited us meanwhile? If our daemon lost our
   * invitation (restarted while we rang), their talk found nothing, invited us in turn and waits
   * for us in accept(), as we wait for them; no C client ever looks again, so nothing would
   * connect. So we LOOK_UP at their daemon as at the start and, if they left an invitation we may
   * connect to, connect to it as the callee, dropping our own. Two of our clients in that state
   * would connect to each other at the same moment and both fail; so the side whose name sorts
   * second first waits one daemon attempt for the other's connection.
   */
  private Optional<CallResult> answerWhileRinging(Daemons d, Inet4Address me,
      StreamNetwork.Listener listener, CtlMessage lookUp, Invitations inv) throws IOException {
    Optional<StreamNetwork.Incoming> waiting =
        acceptFromCallee(listener, Duration.ZERO, d.remote.address());
    if (waiting.isPresent()) {
      return Optional.of(answered(d, listener, inv, waiting.get().socket(),
          true));
    }
    CtlResponse found = d.remote.transact(lookUp);
    if (!isInvitation(found, d.remote.address())) {
      return Optional.empty();
    }
    if (!connectsFirst(me, d.remote.address())) {
      Optional<StreamNetwork.Incoming> in =
          acceptFromCallee(listener, retryPolicy.attemptTimeout(), d.remote.address());
      if (in.isPresent()) {
        return Optional.of(answered(d, listener, inv, in.get().socket(),
            true));
      }
    }
    Socket socket;
    try {
      Optional<Socket> connected = connectToInvitation(d, lookUp, found);
      if (connected.isEmpty()) {
        return Optional.empty(); // a stale invitation, deleted: we are still the caller
      }
      socket = connected.get();
    } catch (IOException e) {
      if (cancelled) {
        throw e;
      }
      // Our own invitation still stands: keep ringing rather than end the call.
      LOG.log(System.Logger.Level.WARNING, "cannot connect to invitation {0} at {1}: {2}",
          found.id(), found.address(), e.toString());
      return Optional.empty();
    }
    if (cancelled) {
      socket.close();
      throw new SocketException("cancelled");
    }
    return Optional.of(answered(d, listener, inv, socket, false));
  }

  /**
   * Which of two of our clients ringing each other connects at once: the one whose login name
   * sorts first (bytewise), then the one whose address does.
   */
  private boolean connectsFirst(Inet4Address me, InetSocketAddress remoteDaemon) {
    int byName = Arrays.compareUnsigned(localUser.getBytes(StandardCharsets.UTF_8),
        peer.user().getBytes(StandardCharsets.UTF_8));
    if (byName != 0) {
      return byName < 0;
    }
    return Arrays.compareUnsigned(me.getAddress(), remoteDaemon.getAddress().getAddress()) <= 0;
  }

  /**
   * accept(), but only from the host of the party we call: the address of their daemon. Anyone
   * else who LOOK_UPs our invitation could connect first and get the conversation; he is closed,
   * logged, and we keep listening.
   */
  private static Optional<StreamNetwork.Incoming> acceptFromCallee(StreamNetwork.Listener listener,
      Duration timeout, InetSocketAddress remoteDaemon) throws IOException {
    Optional<StreamNetwork.Incoming> in = listener.accept(timeout);
    if (in.isEmpty() || in.get().peer().equals(remoteDaemon.getAddress())) {
      return in;
    }
    LOG.log(System.Logger.Level.WARNING,
        "refused a connection from {0}: only {1}, the host called, may answer",
        in.get().peer().getHostAddress(), remoteDaemon.getAddress().getHostAddress());
    try {
      in.get().socket().close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing refused connection: {0}", e.toString());
    }
    return Optional.empty();
  }

  /**
   * Connected: close the listener (invite.c accepts one connection), exchange edit characters,
   * and only then DELETE our invitations, off this thread. invite.c runs both DELETEs as full
   * transactions before talk.c's set_edit_chars(); under packet loss that took long enough for a
   * callee with a handshake timeout to give up on a call we reported as established.
   */
  private CallResult answered(Daemons d, StreamNetwork.Listener listener, Invitations inv,
      Socket socket, boolean caller) throws IOException {
    inv.pending = false;
    try {
      listener.close();
      return connected(socket, caller);
    } finally {
      startDeletes(d, inv);
    }
  }

  /**
   * The DELETEs after connecting, or after a cancel while invitations are pending: local, then
   * remote (invite.c), each retried per the policy. After a cancel the sockets of the call are
   * closed, so they go over fresh ones.
   */
  private void startDeletes(Daemons d, Invitations inv) {
    boolean fresh;
    synchronized (lock) {
      d.handedOff = true;
      fresh = cancelled;
    }
    Runnable deletes =
        () -> {
          Daemons use = d;
          try {
            if (fresh) {
              d.close();
              // the same daemons in the protocols they settled on
              use = new Daemons(d.remote.another(NO_FALLBACK_SHOWN), d.localAt);
              use.local = d.local == null ? null : d.local.another(NO_FALLBACK_SHOWN);
            }
            if (inv.localId != 0) {
              deleteAfterConnect(use.local, inv.localId, inv.announce);
            }
            deleteAfterConnect(use.remote, inv.remoteId, inv.announce);
          } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot open a socket for the DELETEs: " + e);
          } finally {
            use.close();
            d.close();
          }
        };
    Thread t = cleanUpThreads.newThread(deletes);
    cleanUp = t;
    t.start();
  }

  private long leaveInvite(Daemons d, CtlMessage announce) throws IOException {
    // invite.c announce_invite(): the same message, sent to our own daemon. Its answer byte is
    // garbage in netkit and inetutils replies; like the C client, keep only the id.
    CtlMessage invite =
        announce
            .withType(RequestType.LEAVE_INVITE)
            .withControlAddress(TalkAddress.of(d.local.localAddress()));
    return d.local.transact(invite).id();
  }

  private static void deleteAfterConnect(DaemonLink client, long id, CtlMessage template) {
    try {
      client.transact(delete(client, template, id));
    } catch (IOException | RuntimeException e) {
      // The call is up; a daemon that does not answer a DELETE will expire the entry itself.
      LOG.log(System.Logger.Level.WARNING,
          "DELETE " + id + " at " + client.address() + " failed: " + e);
    }
  }

  private static void sendDeletes(Daemons d, Invitations inv) throws IOException {
    // invite.c send_delete(): "just a extra clean up", one datagram each, no waiting
    d.remote.sendOnce(delete(d.remote, inv.announce, inv.remoteId));
    if (inv.localId != 0) {
      d.local.sendOnce(delete(d.local, inv.announce, inv.localId));
    }
  }

  private static void sendDeletesQuietly(Daemons d, Invitations inv) {
    try {
      sendDeletes(d, inv);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "clean-up DELETE failed: {0}", e.toString());
    }
  }

  private static CtlMessage delete(DaemonLink client, CtlMessage template, long id)
      throws IOException {
    return template
        .withType(RequestType.DELETE)
        .withId(id)
        .withControlAddress(TalkAddress.of(client.localAddress()));
  }

  private CallResult connected(Socket socket, boolean caller) throws IOException {
    Conversation conversation;
    try {
      conversation = Conversation.start(socket, editChars, handshakeTimeout);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    progress.progress(CallProgress.CONNECTED);
    return caller
        ? CallResult.connectedAsCaller(conversation)
        : CallResult.connectedAsCallee(conversation);
  }

  /** The two daemon sockets of one call, and who closes them: call(), or the DELETE thread. */
  private static final class Daemons {
    final DaemonLink remote;
    final Endpoints localAt;
    DaemonLink local;
    boolean handedOff;

    Daemons(DaemonLink remote, Endpoints localAt) {
      this.remote = remote;
      this.localAt = localAt;
    }

    void closeUnlessHandedOff() throws IOException {
      if (!handedOff) {
        remote.close();
        if (local != null) {
          local.close();
        }
      }
    }

    /** Ends whatever is under way on the sockets, from cancel(). */
    void closeTransports() {
      close();
    }

    void close() {
      closeQuietly(remote);
      if (local != null) {
        closeQuietly(local);
      }
    }

    private static void closeQuietly(DaemonLink client) {
      try {
        client.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a daemon socket: {0}", e.toString());
      }
    }
  }

  /**
   * Where one daemon takes each protocol: the address set in the client for both, or its host at
   * the port set for both, or else at 518 for ntalk and 517 for old talk.
   */
  private record Endpoints(InetSocketAddress ntalk, InetSocketAddress otalk) {
    static Endpoints at(InetAddress host, CallSettings settings) {
      int port = settings.daemonPort();
      return new Endpoints(
          new InetSocketAddress(host, port != 0 ? port : DaemonProtocol.NTALK.defaultPort()),
          new InetSocketAddress(host, port != 0 ? port : DaemonProtocol.OTALK.defaultPort()));
    }
  }

  /** The ids of our pending invitations and the message they were made with. */
  private static final class Invitations {
    long remoteId;
    long localId;
    CtlMessage announce;
    boolean pending;
  }

  private static CallResult refused(CtlResponse response) {
    return CallResult.refused(response.answer());
  }

  private static CallResult cancelledResult() {
    return CallResult.cancelled();
  }

  private Transactor client(InetSocketAddress daemon, Wire wire) throws IOException {
    return Transactor.builder(transports.open(daemon))
        .retryPolicy(retryPolicy)
        .listener(control)
        .nanoTime(nanoTime)
        .wire(wire)
        .build();
  }

  private DaemonLink link(Endpoints at, CallProgress fallback) throws IOException {
    return DaemonLink.open(protocol, at.ntalk(), at.otalk(), this::client,
        () -> progress.progress(fallback));
  }

  /**
   * Our own daemon. When it is also the other party's (a local call), it keeps the protocol the
   * LOOK_UP settled on, as ytalk asks each host once ({@code find_daemon()}'s {@code host_head}).
   */
  private DaemonLink localLink(Daemons d) throws IOException {
    if (d.remote.isDaemon(d.localAt.ntalk(), d.localAt.otalk())) {
      return d.remote.another(() -> progress.progress(CallProgress.OLD_TALK_ON_THIS_MACHINE));
    }
    return link(d.localAt, CallProgress.OLD_TALK_ON_THIS_MACHINE);
  }

  private Endpoints remoteDaemon() throws IOException {
    if (settings.remoteDaemon() != null) {
      return new Endpoints(settings.remoteDaemon(), settings.remoteDaemon());
    }
    if (peer.host().isEmpty()) {
      // A local user: everything goes over loopback, as FreeBSD's get_names.c does.
      return Endpoints.at(InetAddress.getLoopbackAddress(), settings);
    }
    for (InetAddress a : InetAddress.getAllByName(peer.host().get())) {
      if (a instanceof Inet4Address) {
        return Endpoints.at(a, settings);
      }
    }
    throw new IOException(peer.host().get() + " has no IPv4 address (talk is IPv4 only)");
  }

  /**
   * Cancels the call from any thread and returns at once: the listener and the daemon sockets in
   * use are closed, so that an accept or a transaction in flight fails now, and {@link #execute()}
   * returns {@link CallResult.Status#CANCELLED} after handing the DELETEs of pending invitations
   * to a thread of their own. Once connected, it changes nothing.
   */
  public void cancel() {
    cancelled = true;
    StreamNetwork.Listener s = listening;
    if (s != null) {
      try {
        s.close(); // wakes accept()
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing listen socket: {0}", e.toString());
      }
    }
    synchronized (lock) {
      if (active != null && !active.handedOff) {
        active.closeTransports();
      }
    }
  }

  /**
   * Cancels a call under way ({@link #cancel()}), then waits until the DELETEs have been answered
   * or have used up their retries: at most {@link #cleanUpBound()}.
   */
  @Override
  public void close() {
    cancel();
    awaitDeletes();
  }

  /** Waits, at most {@link #cleanUpBound()} and a second, for the DELETE thread, if any. */
  public void awaitDeletes() {
    Thread t = cleanUp;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(cleanUpBound().plusSeconds(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Two DELETE transactions, each within the retry policy.
   *
   * @return the bound
   */
  public Duration cleanUpBound() {
    return retryPolicy.totalTimeout().multipliedBy(2);
  }

}

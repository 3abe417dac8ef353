package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
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
 * Sets up one talk call, in either role, exactly as the C client does ({@code talk/talk.c}, {@code
 * look_up.c}, {@code invite.c} in netkit and BSD):
 *
 * <ol>
 *   <li><b>Check for an invitation</b>: LOOK_UP at the other party's daemon. If they are already
 *       calling us, connect to the address in the answer and we are the callee. If that connection
 *       is refused, their talk has gone without cleaning up: DELETE that invitation and go on. An
 *       invitation whose address is not on the host of the daemon that answered, or is a
 *       privileged port (below 1024), is ignored (logged) as if there were none.
 *   <li><b>Invite</b>: listen on a TCP port; ANNOUNCE to the other party's daemon (id 0xFFFFFFFF,
 *       "an impossible id"), which rings their terminal and answers with its id; an answer other than
 *       SUCCESS ends the call as {@link CallResult.Status#REFUSED}. Then LEAVE_INVITE at our own daemon
 *       with the same message, so that their talk finds us there. Two daemons, two ids.
 *   <li><b>Wait</b>: accept a connection only from the other party's host (the address of their
 *       daemon); anyone else who read our invitation is closed and logged, and we keep listening.
 *       Every {@code RING_WAIT} (30 s) ring again: first LOOK_UP at their daemon as in the first
 *       step, and if they have invited us meanwhile (our daemon lost our invitation, say, because
 *       it was restarted), connect to them as the callee; otherwise ANNOUNCE with the id the daemon
 *       last gave plus one ("force a re-announce"), and LEAVE_INVITE again, which keeps our
 *       invitation fresh. Give up after the answer timeout ({@link
 *       CallResult.Status#NOT_ANSWERED}).
 *   <li><b>Connected</b>: exchange edit characters; then DELETE our invitation at our daemon and
 *       the announcement at theirs, each with retries, on a thread of their own, so that the
 *       conversation does not wait for the daemons. {@link #close()} waits for those DELETEs.
 * </ol>
 *
 * <p>On cancel, timeout or failure while invitations are pending, both DELETEs are sent once each
 * without waiting, as {@code send_delete()} does. Every daemon transaction uses the {@link
 * RetryPolicy}; a daemon that never answers ends the call with {@link TalkTimeoutException}.
 *
 * <p>Like netkit, it uses two UDP sockets: one connected to the other party's daemon, whose local
 * address is our address as that daemon sees it (it goes into {@code ctl_addr} and the invitation's
 * {@code addr}), and one for our own daemon on 127.0.0.1.
 *
 * <p>{@link #call()} runs on the calling thread; {@link #cancel()} may be called from any thread.
 * A rendezvous is used once; close it when the program is done with the call, so that the DELETEs
 * after a connection are not lost.
 *
 * @apiNote
 *     <pre>{@code
 * Rendezvous call = Rendezvous.builder("alice", TalkPeer.parse("bob"))
 *     .progress(step -> System.out.println("[" + step.message() + "]"))
 *     .build();
 * try (call) {
 *   CallResult result = call.call();
 *   if (result.connected()) {
 *     try (Conversation c = result.conversation().get()) {
 *       c.sendLine("hello bob");
 *     }
 *   } else {
 *     System.out.println(result.message());   // e.g. "Your party is not logged on"
 *   }
 * }                                           // waits for the DELETEs after a connection
 * }</pre>
 */
public final class Rendezvous implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Rendezvous.class.getName());
  /** {@code htonl(-1)}: the C client's first id, "an impossible id_num" (talk/invite.c). */
  static final long FIRST_ANNOUNCE_ID = CtlMessage.MAX_ID_NUM;
  /** Ports below this are privileged: a callee never connects to one. */
  static final int FIRST_UNPRIVILEGED_PORT = 1024;

  /** Opens the UDP socket for a daemon; tests substitute fakes or lossy relays. */
  @FunctionalInterface
  public interface TransportFactory {
    /**
     * Opens a transport for talking to one daemon.
     *
     * @param daemon the daemon's address
     * @return the transport
     * @throws IOException if it cannot be opened
     */
    DatagramTransport open(InetSocketAddress daemon) throws IOException;
  }

  private final String localUser;
  private final TalkPeer peer;
  private final Optional<InetSocketAddress> localDaemonOverride;
  private final Optional<InetSocketAddress> remoteDaemonOverride;
  private final int daemonPort;
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

  private volatile boolean cancelled;
  private volatile StreamNetwork.Listener listening;
  private volatile Thread cleanUp;
  private boolean used;

  private Rendezvous(Builder b) {
    this.localUser = b.localUser;
    this.peer = b.peer;
    this.localDaemonOverride = b.localDaemon;
    this.remoteDaemonOverride = b.remoteDaemon;
    this.daemonPort = b.daemonPort;
    this.retryPolicy = b.retryPolicy;
    this.ringInterval = b.ringInterval;
    this.answerTimeout = b.answerTimeout;
    this.connectTimeout = b.connectTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    this.editChars = b.editChars;
    this.pid = b.pid;
    this.progress = b.progress;
    this.control = b.control;
    this.transports = b.transports;
    this.nanoTime = b.nanoTime;
    this.streams = b.streams;
    this.cleanUpThreads = b.cleanUpThreads;
  }

  /**
   * Returns a builder for a call from {@code localUser} to {@code peer}.
   *
   * @param localUser our login name, 1 to 11 bytes
   * @param peer whom to call
   * @return a new builder
   */
  public static Builder builder(String localUser, TalkPeer peer) {
    return new Builder(localUser, peer);
  }

  /**
   * Runs the rendezvous to its end.
   *
   * <p>When connected as the caller, the two DELETEs of our invitations are sent after the edit
   * characters, on a thread of their own (at most twice the retry policy's total timeout), so that
   * the conversation never waits for the daemons; {@link #close()} waits for them.
   *
   * @return how the call ended; when connected, the conversation is ready
   * @throws TalkTimeoutException if a daemon never answered
   * @throws IOException on other network failures
   * @throws IllegalStateException if called twice
   */
  public CallResult call() throws IOException {
    synchronized (this) {
      if (used) {
        throw new IllegalStateException("a Rendezvous is used once");
      }
      used = true;
    }
    InetSocketAddress remoteDaemon = remoteDaemon();
    InetSocketAddress localDaemon =
        localDaemonOverride.orElse(new InetSocketAddress(InetAddress.getLoopbackAddress(),
            daemonPort));
    Daemons d = new Daemons(client(remoteDaemon), remoteDaemon, localDaemon);
    try {
      Inet4Address me = (Inet4Address) d.remote.localAddress().getAddress();
      TalkAddress myControl = TalkAddress.of(d.remote.localAddress());
      if (cancelled) {
        return cancelledResult();
      }
      progress.progress(CallProgress.CHECKING_FOR_INVITATION);
      CtlMessage lookUp =
          CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.of(me, 0), myControl, pid,
              wireText(localUser), wireText(peer.user()), wireText(peer.tty()));
      CtlResponse found = d.remote.transact(remoteDaemon, lookUp);
      if (isInvitation(found, remoteDaemon)) {
        Optional<CallResult> asCallee = answerInvitation(d, lookUp, found);
        if (asCallee.isPresent()) {
          return asCallee.get();
        }
      }
      d.local = client(localDaemon);
      return invite(d, me, myControl, lookUp);
    } finally {
      d.closeUnlessHandedOff();
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
    progress.progress(CallProgress.WAITING_TO_CONNECT_WITH_CALLER);
    Socket socket;
    try {
      socket = streams.connect(found.address().toSocketAddress(), connectTimeout);
    } catch (ConnectException e) {
      // look_up.c: "the caller went away without clearing the invitation"; delete it and invite.
      LOG.log(System.Logger.Level.DEBUG, "stale invitation {0}: {1}", found.id(), e.getMessage());
      d.remote.transact(d.remoteDaemon, lookUp.withType(RequestType.DELETE).withId(found.id()));
      return Optional.empty();
    } catch (IOException e) {
      throw new IOException("Unable to connect with initiator at " + found.address() + ": "
          + e.getMessage(), e);
    }
    return Optional.of(connected(socket, CallResult.Status.CONNECTED_AS_CALLEE));
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
              TalkAddress.of(me, listener.port()), myControl, pid, wireText(localUser),
              wireText(peer.user()), wireText(peer.tty()));
      progress.progress(CallProgress.TRYING_TO_CONNECT_TO_DAEMON);
      CtlResponse rang = d.remote.transact(d.remoteDaemon, inv.announce);
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
          return new CallResult(CallResult.Status.NOT_ANSWERED, Optional.empty(),
              Optional.empty(), "Your party did not answer within "
              + answerTimeout.toMillis() / 1000.0 + " s");
        }
        if (now - nextRing >= 0) {
          progress.progress(CallProgress.RINGING_AGAIN);
          Optional<CallResult> answered = answerWhileRinging(d, me, listener, lookUp, inv);
          if (answered.isPresent()) {
            return answered.get();
          }
          // invite.c re_invite(): msg.id_num = htonl(remote_id + 1), "force a re-announce"
          inv.announce = inv.announce.withId((inv.remoteId + 1) & CtlMessage.MAX_ID_NUM);
          CtlResponse again = d.remote.transact(d.remoteDaemon, inv.announce);
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
        Optional<StreamNetwork.Incoming> in = acceptFromCallee(listener, wait, d.remoteDaemon);
        if (in.isPresent()) {
          return answered(d, listener, inv, in.get().socket(),
              CallResult.Status.CONNECTED_AS_CALLER);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Also a cancel(): it closes the listener, and accept() fails with a SocketException.
      if (inv.pending) {
        sendDeletesQuietly(d, inv);
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
        acceptFromCallee(listener, Duration.ZERO, d.remoteDaemon);
    if (waiting.isPresent()) {
      return Optional.of(answered(d, listener, inv, waiting.get().socket(),
          CallResult.Status.CONNECTED_AS_CALLER));
    }
    CtlResponse found = d.remote.transact(d.remoteDaemon, lookUp);
    if (!isInvitation(found, d.remoteDaemon)) {
      return Optional.empty();
    }
    if (!connectsFirst(me, d.remoteDaemon)) {
      Optional<StreamNetwork.Incoming> in =
          acceptFromCallee(listener, retryPolicy.attemptTimeout(), d.remoteDaemon);
      if (in.isPresent()) {
        return Optional.of(answered(d, listener, inv, in.get().socket(),
            CallResult.Status.CONNECTED_AS_CALLER));
      }
    }
    progress.progress(CallProgress.WAITING_TO_CONNECT_WITH_CALLER);
    Socket socket;
    try {
      socket = streams.connect(found.address().toSocketAddress(), connectTimeout);
    } catch (ConnectException e) {
      // look_up.c: a stale invitation; delete it, and we are still the caller.
      LOG.log(System.Logger.Level.DEBUG, "stale invitation {0}: {1}", found.id(), e.getMessage());
      d.remote.transact(d.remoteDaemon, lookUp.withType(RequestType.DELETE).withId(found.id()));
      return Optional.empty();
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
    return Optional.of(answered(d, listener, inv, socket, CallResult.Status.CONNECTED_AS_CALLEE));
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
      Socket socket, CallResult.Status status) throws IOException {
    inv.pending = false;
    try {
      listener.close();
      return connected(socket, status);
    } finally {
      startDeletes(d, inv);
    }
  }

  /** The DELETEs after connecting: local, then remote (invite.c), each retried per the policy. */
  private void startDeletes(Daemons d, Invitations inv) {
    d.handedOff = true;
    Runnable deletes =
        () -> {
          try {
            deleteAfterConnect(d.local, d.localDaemon, inv.localId, inv.announce);
            deleteAfterConnect(d.remote, d.remoteDaemon, inv.remoteId, inv.announce);
          } finally {
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
    return d.local.transact(d.localDaemon, invite).id();
  }

  private static void deleteAfterConnect(
      DaemonClient client, InetSocketAddress daemon, long id, CtlMessage template) {
    try {
      client.transact(daemon, delete(client, template, id));
    } catch (IOException | RuntimeException e) {
      // The call is up; a daemon that does not answer a DELETE will expire the entry itself.
      LOG.log(System.Logger.Level.WARNING, "DELETE " + id + " at " + daemon + " failed: " + e);
    }
  }

  private static void sendDeletes(Daemons d, Invitations inv) throws IOException {
    // invite.c send_delete(): "just a extra clean up", one datagram each, no waiting
    d.remote.sendOnce(d.remoteDaemon, delete(d.remote, inv.announce, inv.remoteId));
    if (inv.localId != 0) {
      d.local.sendOnce(d.localDaemon, delete(d.local, inv.announce, inv.localId));
    }
  }

  private static void sendDeletesQuietly(Daemons d, Invitations inv) {
    try {
      sendDeletes(d, inv);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "clean-up DELETE failed: {0}", e.toString());
    }
  }

  private static CtlMessage delete(DaemonClient client, CtlMessage template, long id)
      throws IOException {
    return template
        .withType(RequestType.DELETE)
        .withId(id)
        .withControlAddress(TalkAddress.of(client.localAddress()));
  }

  private CallResult connected(Socket socket, CallResult.Status status) throws IOException {
    Conversation conversation;
    try {
      conversation = Conversation.start(socket, editChars, handshakeTimeout);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    progress.progress(CallProgress.CONNECTED);
    return new CallResult(status, Optional.empty(), Optional.of(conversation),
        CallProgress.CONNECTED.message());
  }

  /** The two daemon sockets of one call, and who closes them: call(), or the DELETE thread. */
  private static final class Daemons {
    final DaemonClient remote;
    final InetSocketAddress remoteDaemon;
    final InetSocketAddress localDaemon;
    DaemonClient local;
    boolean handedOff;

    Daemons(DaemonClient remote, InetSocketAddress remoteDaemon, InetSocketAddress localDaemon) {
      this.remote = remote;
      this.remoteDaemon = remoteDaemon;
      this.localDaemon = localDaemon;
    }

    void closeUnlessHandedOff() throws IOException {
      if (!handedOff) {
        remote.close();
        if (local != null) {
          local.close();
        }
      }
    }

    void close() {
      closeQuietly(remote);
      if (local != null) {
        closeQuietly(local);
      }
    }

    private static void closeQuietly(DaemonClient client) {
      try {
        client.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a daemon socket: {0}", e.toString());
      }
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
    Optional<Answer> answer = response.knownAnswer();
    // invite.c: the client prints answers[answer] only for answer < NANSWERS
    String message =
        answer.map(Answer::clientMessage).orElse("Unknown error (" + response.answer() + ")");
    return new CallResult(CallResult.Status.REFUSED, answer, Optional.empty(), message);
  }

  private static CallResult cancelledResult() {
    return new CallResult(CallResult.Status.CANCELLED, Optional.empty(), Optional.empty(),
        "Cancelled");
  }

  private DaemonClient client(InetSocketAddress daemon) throws IOException {
    return DaemonClient.builder(transports.open(daemon))
        .retryPolicy(retryPolicy)
        .listener(control)
        .nanoTime(nanoTime)
        .build();
  }

  private InetSocketAddress remoteDaemon() throws IOException {
    if (remoteDaemonOverride.isPresent()) {
      return remoteDaemonOverride.get();
    }
    if (peer.host().isEmpty()) {
      // A local user: everything goes over loopback, as FreeBSD's get_names.c does.
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), daemonPort);
    }
    for (InetAddress a : InetAddress.getAllByName(peer.host().get())) {
      if (a instanceof Inet4Address) {
        return new InetSocketAddress(a, daemonPort);
      }
    }
    throw new IOException(peer.host().get() + " has no IPv4 address (talk is IPv4 only)");
  }

  /**
   * Cancels the call from any thread: a waiting {@link #call()} sends its DELETEs and returns
   * {@link CallResult.Status#CANCELLED}. A transaction already under way finishes first.
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
  }

  /**
   * Cancels a call under way ({@link #cancel()}), then waits until the DELETEs that follow a
   * connection have been answered or have used up their retries: at most twice the retry policy's
   * total timeout. A rendezvous never leaves invitations behind, so close it (once the
   * conversation is under way, or over) before the program exits.
   */
  @Override
  public void close() {
    cancel();
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

  /** Two DELETE transactions, each within the retry policy. */
  Duration cleanUpBound() {
    return retryPolicy.totalTimeout().multipliedBy(2);
  }

  /** Builds a {@link Rendezvous}. Not thread-safe. */
  public static final class Builder {
    private final String localUser;
    private final TalkPeer peer;
    private Optional<InetSocketAddress> localDaemon = Optional.empty();
    private Optional<InetSocketAddress> remoteDaemon = Optional.empty();
    private int daemonPort = TalkProtocol.NTALK_PORT;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration ringInterval = TalkProtocol.RING_WAIT;
    private Duration answerTimeout = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private EditChars editChars = EditChars.DEFAULT;
    private int pid = (int) ProcessHandle.current().pid();
    private ProgressListener progress = ProgressListener.NONE;
    private ControlListener control = ControlListener.NONE;
    private TransportFactory transports = DatagramTransport::connect;
    private LongSupplier nanoTime = System::nanoTime;
    private StreamNetwork streams = StreamNetwork.SOCKETS;
    private ThreadFactory cleanUpThreads = task -> new Thread(task, "talk-delete-invitations");

    private Builder(String localUser, TalkPeer peer) {
      this.localUser = TalkPeer.checkName(localUser, "localUser");
      this.peer = Objects.requireNonNull(peer, "peer");
    }

    /**
     * Sets the port of both daemons; default 518. For tests against daemons on other ports.
     *
     * @param port 1..65535
     * @return this builder
     */
    public Builder daemonPort(int port) {
      if (port < 1 || port > 0xFFFF) {
        throw new IllegalArgumentException("port out of range 1..65535: " + port);
      }
      this.daemonPort = port;
      return this;
    }

    /**
     * Sets our own daemon's address (LEAVE_INVITE goes there); default 127.0.0.1 at the daemon port.
     *
     * @param address the address
     * @return this builder
     */
    public Builder localDaemon(InetSocketAddress address) {
      this.localDaemon = Optional.of(Objects.requireNonNull(address, "address"));
      return this;
    }

    /**
     * Sets the other party's daemon address; default their host (or 127.0.0.1) at the daemon port.
     *
     * @param address the address
     * @return this builder
     */
    public Builder remoteDaemon(InetSocketAddress address) {
      this.remoteDaemon = Optional.of(Objects.requireNonNull(address, "address"));
      return this;
    }

    /**
     * Sets the retry policy of every daemon transaction; default {@link RetryPolicy#DEFAULT}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets how often to ring again while waiting; default {@code RING_WAIT}, 30 s.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder ringInterval(Duration interval) {
      this.ringInterval = positive(interval, "ringInterval");
      return this;
    }

    /**
     * Sets how long to wait for the other party to answer before giving up; default 5 minutes
     * (the C client waits until the user presses ^C).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder answerTimeout(Duration timeout) {
      this.answerTimeout = positive(timeout, "answerTimeout");
      return this;
    }

    /**
     * Sets the TCP connect timeout when answering an invitation; default 10 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets how long to wait for the peer's three edit characters; default 10 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshakeTimeout");
      return this;
    }

    /**
     * Sets the edit characters we send; default {@link EditChars#DEFAULT}.
     *
     * @param chars the characters
     * @return this builder
     */
    public Builder editChars(EditChars chars) {
      this.editChars = Objects.requireNonNull(chars, "chars");
      return this;
    }

    /**
     * Sets the pid sent in requests; default this process's. Daemons tell invitations apart by
     * names and pid, so two calls from one process to the same user need different pids.
     *
     * @param pid any value
     * @return this builder
     */
    public Builder pid(int pid) {
      this.pid = pid;
      return this;
    }

    /**
     * Sets the listener told of each step; default none.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the listener that sees every control datagram; default none.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder controlListener(ControlListener listener) {
      this.control = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how UDP sockets to daemons are opened; default {@link
     * DatagramTransport#connect(InetSocketAddress)}. Tests use it to put a lossy relay in between.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder transports(TransportFactory factory) {
      this.transports = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Sets the monotonic clock in nanoseconds; default {@code System::nanoTime}.
     *
     * @param nanoTime the clock
     * @return this builder
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /** Sets the TCP side; tests substitute one that runs in virtual time. */
    Builder streams(StreamNetwork newStreams) {
      this.streams = Objects.requireNonNull(newStreams, "streams");
      return this;
    }

    /** Sets where the DELETEs after connecting run; tests hold them back to watch the order. */
    Builder cleanUpThreads(ThreadFactory factory) {
      this.cleanUpThreads = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Builds the rendezvous.
     *
     * @return the rendezvous
     */
    public Rendezvous build() {
      return new Rendezvous(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }

  /**
   * Returns the UTF-8 bytes of a name as the one-char-per-byte text that {@link CtlMessage} holds.
   */
  static String wireText(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}

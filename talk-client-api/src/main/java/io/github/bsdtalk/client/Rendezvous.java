package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Sets up one talk call, in either role, exactly as the C client does ({@code talk/talk.c}, {@code
 * look_up.c}, {@code invite.c} in netkit and BSD):
 *
 * <ol>
 *   <li><b>Check for an invitation</b>: LOOK_UP at the other party's daemon. If they are already
 *       calling us, connect to the address in the answer and we are the callee. If that connection
 *       is refused, their talk has gone without cleaning up: DELETE that invitation and go on.
 *   <li><b>Invite</b>: listen on a TCP port; ANNOUNCE to the other party's daemon (id 0xFFFFFFFF,
 *       "an impossible id"), which rings their terminal and answers with its id; an answer other than
 *       SUCCESS ends the call as {@link CallResult.Status#REFUSED}. Then LEAVE_INVITE at our own daemon
 *       with the same message, so that their talk finds us there. Two daemons, two ids.
 *   <li><b>Wait</b>: every {@code RING_WAIT} (30 s) ring again: ANNOUNCE with the id the daemon last
 *       gave plus one ("force a re-announce"), and LEAVE_INVITE again, which keeps our invitation
 *       fresh. Give up after the answer timeout ({@link CallResult.Status#NOT_ANSWERED}).
 *   <li><b>Connected</b>: accept their connection, DELETE our invitation at our daemon and the
 *       announcement at theirs, and exchange edit characters.
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
 * A rendezvous is used once.
 *
 * @apiNote
 *     <pre>{@code
 * Rendezvous call = Rendezvous.builder("alice", TalkPeer.parse("bob"))
 *     .progress(step -> System.out.println("[" + step.message() + "]"))
 *     .build();
 * CallResult result = call.call();
 * if (result.connected()) {
 *   try (Conversation c = result.conversation().get()) {
 *     c.sendLine("hello bob");
 *   }
 * } else {
 *   System.out.println(result.message());   // e.g. "Your party is not logged on"
 * }
 * }</pre>
 */
public final class Rendezvous implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Rendezvous.class.getName());
  /** {@code htonl(-1)}: the C client's first id, "an impossible id_num" (talk/invite.c). */
  static final long FIRST_ANNOUNCE_ID = CtlMessage.MAX_ID_NUM;

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

  private volatile boolean cancelled;
  private volatile ServerSocket listening;
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
    try (DaemonClient remote = client(remoteDaemon)) {
      Inet4Address me = (Inet4Address) remote.localAddress().getAddress();
      TalkAddress myControl = TalkAddress.of(remote.localAddress());
      if (cancelled) {
        return cancelledResult();
      }
      progress.progress(CallProgress.CHECKING_FOR_INVITATION);
      CtlMessage lookUp =
          CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.of(me, 0), myControl, pid,
              wireText(localUser), wireText(peer.user()), wireText(peer.tty()));
      CtlResponse found = remote.transact(remoteDaemon, lookUp);
      if (found.is(Answer.SUCCESS) && found.address().isInet()) {
        Optional<CallResult> asCallee = answerInvitation(remote, remoteDaemon, lookUp, found);
        if (asCallee.isPresent()) {
          return asCallee.get();
        }
      }
      try (DaemonClient local = client(localDaemon)) {
        return invite(remote, remoteDaemon, local, localDaemon, me, myControl);
      }
    }
  }

  /** check_local(): connect to the caller, or clean up a dead invitation and return empty. */
  private Optional<CallResult> answerInvitation(
      DaemonClient remote, InetSocketAddress remoteDaemon, CtlMessage lookUp, CtlResponse found)
      throws IOException {
    progress.progress(CallProgress.WAITING_TO_CONNECT_WITH_CALLER);
    Socket socket = new Socket();
    try {
      socket.connect(found.address().toSocketAddress(), millis(connectTimeout));
    } catch (ConnectException e) {
      // look_up.c: "the caller went away without clearing the invitation"; delete it and invite.
      socket.close();
      LOG.log(System.Logger.Level.DEBUG, "stale invitation {0}: {1}", found.id(), e.getMessage());
      remote.transact(remoteDaemon, lookUp.withType(RequestType.DELETE).withId(found.id()));
      return Optional.empty();
    } catch (IOException e) {
      socket.close();
      throw new IOException("Unable to connect with initiator at " + found.address() + ": "
          + e.getMessage(), e);
    }
    return Optional.of(connected(socket, CallResult.Status.CONNECTED_AS_CALLEE));
  }

  /** invite_remote(): listen, announce, invite, wait, re-ring, accept. */
  private CallResult invite(
      DaemonClient remote,
      InetSocketAddress remoteDaemon,
      DaemonClient local,
      InetSocketAddress localDaemon,
      Inet4Address me,
      TalkAddress myControl)
      throws IOException {
    long remoteId = 0;
    long localId = 0;
    boolean pending = false;
    CtlMessage announce = null;
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(me, 0), 5); // invite.c: listen(sockt, 5)
      listening = listener;
      if (cancelled) {
        return cancelledResult();
      }
      announce =
          CtlMessage.of(RequestType.ANNOUNCE, FIRST_ANNOUNCE_ID,
              TalkAddress.of(me, listener.getLocalPort()), myControl, pid, wireText(localUser),
              wireText(peer.user()), wireText(peer.tty()));
      progress.progress(CallProgress.TRYING_TO_CONNECT_TO_DAEMON);
      CtlResponse rang = remote.transact(remoteDaemon, announce);
      if (!rang.is(Answer.SUCCESS)) {
        return refused(rang);
      }
      remoteId = rang.id();
      pending = true;
      localId = leaveInvite(local, localDaemon, announce);
      progress.progress(CallProgress.WAITING_FOR_PARTY);
      long deadline = nanoTime.getAsLong() + answerTimeout.toNanos();
      long nextRing = nanoTime.getAsLong() + ringInterval.toNanos();
      while (true) {
        long now = nanoTime.getAsLong();
        if (now - deadline >= 0) {
          sendDeletes(remote, remoteDaemon, remoteId, local, localDaemon, localId, announce);
          pending = false;
          return new CallResult(CallResult.Status.NOT_ANSWERED, Optional.empty(),
              Optional.empty(), "Your party did not answer within "
              + answerTimeout.toMillis() / 1000.0 + " s");
        }
        if (now - nextRing >= 0) {
          progress.progress(CallProgress.RINGING_AGAIN);
          // invite.c re_invite(): msg.id_num = htonl(remote_id + 1), "force a re-announce"
          announce = announce.withId((remoteId + 1) & CtlMessage.MAX_ID_NUM);
          CtlResponse again = remote.transact(remoteDaemon, announce);
          if (!again.is(Answer.SUCCESS)) {
            sendDeletes(remote, remoteDaemon, remoteId, local, localDaemon, localId, announce);
            pending = false;
            return refused(again);
          }
          remoteId = again.id();
          localId = leaveInvite(local, localDaemon, announce);
          nextRing = nanoTime.getAsLong() + ringInterval.toNanos();
          continue;
        }
        long wait = Math.min(deadline - now, nextRing - now);
        listener.setSoTimeout(Math.max(1, (int) Math.min(Integer.MAX_VALUE, wait / 1_000_000)));
        Socket socket;
        try {
          socket = listener.accept();
        } catch (SocketTimeoutException e) {
          continue;
        } catch (SocketException e) {
          if (cancelled) {
            sendDeletes(remote, remoteDaemon, remoteId, local, localDaemon, localId, announce);
            pending = false;
            return cancelledResult();
          }
          throw e;
        }
        listener.close(); // invite.c: accept one connection, close the listening socket
        pending = false;
        deleteAfterConnect(local, localDaemon, localId, announce);
        deleteAfterConnect(remote, remoteDaemon, remoteId, announce);
        return connected(socket, CallResult.Status.CONNECTED_AS_CALLER);
      }
    } catch (IOException | RuntimeException e) {
      if (pending) {
        sendDeletesQuietly(remote, remoteDaemon, remoteId, local, localDaemon, localId, announce);
      }
      if (cancelled && !(e instanceof TalkTimeoutException)) {
        return cancelledResult();
      }
      throw e;
    } finally {
      listening = null;
    }
  }

  private long leaveInvite(DaemonClient local, InetSocketAddress localDaemon, CtlMessage announce)
      throws IOException {
    // invite.c announce_invite(): the same message, sent to our own daemon. Its answer byte is
    // garbage in netkit and inetutils replies; like the C client, keep only the id.
    CtlMessage invite =
        announce
            .withType(RequestType.LEAVE_INVITE)
            .withControlAddress(TalkAddress.of(local.localAddress()));
    return local.transact(localDaemon, invite).id();
  }

  private void deleteAfterConnect(
      DaemonClient client, InetSocketAddress daemon, long id, CtlMessage template) {
    try {
      client.transact(daemon, delete(client, template, id));
    } catch (IOException e) {
      // The call is up; a daemon that does not answer a DELETE will expire the entry itself.
      LOG.log(System.Logger.Level.WARNING, "DELETE " + id + " at " + daemon + " failed: " + e);
    }
  }

  private void sendDeletes(DaemonClient remote, InetSocketAddress remoteDaemon, long remoteId,
      DaemonClient local, InetSocketAddress localDaemon, long localId, CtlMessage template)
      throws IOException {
    // invite.c send_delete(): "just a extra clean up", one datagram each, no waiting
    remote.sendOnce(remoteDaemon, delete(remote, template, remoteId));
    if (localId != 0) {
      local.sendOnce(localDaemon, delete(local, template, localId));
    }
  }

  private void sendDeletesQuietly(DaemonClient remote, InetSocketAddress remoteDaemon,
      long remoteId, DaemonClient local, InetSocketAddress localDaemon, long localId,
      CtlMessage template) {
    try {
      sendDeletes(remote, remoteDaemon, remoteId, local, localDaemon, localId, template);
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

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  /**
   * Cancels the call from any thread: a waiting {@link #call()} sends its DELETEs and returns
   * {@link CallResult.Status#CANCELLED}. A transaction already under way finishes first.
   */
  public void cancel() {
    cancelled = true;
    ServerSocket s = listening;
    if (s != null) {
      try {
        s.close(); // wakes accept()
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing listen socket: {0}", e.toString());
      }
    }
  }

  /** Same as {@link #cancel()}: a rendezvous never leaves invitations behind. */
  @Override
  public void close() {
    cancel();
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

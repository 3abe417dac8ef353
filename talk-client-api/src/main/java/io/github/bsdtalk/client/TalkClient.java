package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.CallFlow;
import io.github.bsdtalk.client.internal.CallSettings;
import io.github.bsdtalk.client.internal.StreamNetwork;
import io.github.bsdtalk.client.internal.TransportFactory;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * A talk client: the configuration every call shares (daemons, retry policy, ring interval,
 * timeouts, edit characters, pid, listeners), from which one-shot {@link TalkCall}s are made, as
 * OkHttp's {@code OkHttpClient} makes its {@code Call}s.
 *
 * <p>Immutable and thread-safe: build one and make any number of calls from it, from any threads.
 * {@link #toBuilder()} starts a builder holding this client's settings, to derive a client that
 * differs in a few (OkHttp's {@code client.newBuilder()}; Java cannot have a static and an instance
 * {@code newBuilder()} in one class, and the static one follows {@code java.net.http.HttpClient}).
 *
 * @apiNote
 *     <pre>{@code
 * TalkClient client = TalkClient.newBuilder()
 *     .progress(step -> System.out.println("[" + step.message() + "]"))
 *     .build();
 * try (TalkCall call = client.newCall("alice", TalkPeer.parse("bob@far"))) {
 *   CallResult result = call.execute();
 *   if (result.connected()) {
 *     try (Conversation c = result.conversation().get()) {
 *       c.sendLine("hello bob");
 *     }
 *   } else {
 *     System.out.println(result.message());   // e.g. "Your party is not logged on"
 *   }
 * }                                           // waits for the DELETEs
 * }</pre>
 */
public final class TalkClient {

  private final CallSettings settings;

  private TalkClient(CallSettings settings) {
    this.settings = settings;
  }

  /**
   * Returns a builder with the defaults: {@link DaemonProtocol#NTALK} to daemons on port 518
   * (ours on 127.0.0.1, theirs on their host), {@link RetryPolicy#DEFAULT}, ring every 30 s, give
   * up after 5 minutes, 10 s to connect and for the edit characters, {@link EditChars#DEFAULT},
   * this process's pid, no listeners.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this client's settings; building it never changes this client.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(settings);
  }

  /**
   * Makes a call from {@code localUser} to {@code peer}. Nothing is sent until {@link
   * TalkCall#execute()}.
   *
   * @param localUser our login name, 1 to 11 bytes without NUL
   * @param peer whom to call
   * @return the call, to execute once
   * @throws IllegalArgumentException if the name does not fit talk's 12-byte field
   */
  public TalkCall newCall(String localUser, TalkPeer peer) {
    TalkPeer.checkName(localUser, "localUser");
    Objects.requireNonNull(peer, "peer");
    return new TalkCall(localUser, peer, new CallFlow(localUser, peer, settings));
  }

  /**
   * Returns the protocol spoken to the daemons.
   *
   * @return the protocol; {@link DaemonProtocol#NTALK} unless set
   */
  public DaemonProtocol protocol() {
    return settings.protocol();
  }

  /**
   * Returns the port of both daemons for the protocol in use: the one set, or else 518 for ntalk
   * (and for {@link DaemonProtocol#AUTO}'s first try; its old-talk fallback goes to 517) and 517
   * for old talk.
   *
   * @return 1..65535
   */
  public int daemonPort() {
    return settings.daemonPort() != 0 ? settings.daemonPort() : settings.protocol().defaultPort();
  }

  /**
   * Returns our own daemon's address, if set.
   *
   * @return the override, or empty for 127.0.0.1 at the daemon port
   */
  public Optional<InetSocketAddress> localDaemon() {
    return Optional.ofNullable(settings.localDaemon());
  }

  /**
   * Returns the other party's daemon address, if set.
   *
   * @return the override, or empty for their host at the daemon port
   */
  public Optional<InetSocketAddress> remoteDaemon() {
    return Optional.ofNullable(settings.remoteDaemon());
  }

  /**
   * Returns the retry policy of every daemon transaction.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return settings.retryPolicy();
  }

  /**
   * Returns how often a call rings again while waiting.
   *
   * @return the interval
   */
  public Duration ringInterval() {
    return settings.ringInterval();
  }

  /**
   * Returns how long a call rings before giving up.
   *
   * @return the timeout
   */
  public Duration answerTimeout() {
    return settings.answerTimeout();
  }

  /**
   * Returns the TCP connect timeout when answering an invitation.
   *
   * @return the timeout
   */
  public Duration connectTimeout() {
    return settings.connectTimeout();
  }

  /**
   * Returns how long to wait for the peer's edit characters.
   *
   * @return the timeout
   */
  public Duration handshakeTimeout() {
    return settings.handshakeTimeout();
  }

  /**
   * Returns the edit characters we send.
   *
   * @return the characters
   */
  public EditChars editChars() {
    return settings.editChars();
  }

  /**
   * Returns the pid sent in requests.
   *
   * @return the pid
   */
  public int pid() {
    return settings.pid();
  }

  /**
   * Returns how long a call's DELETEs can take: two transactions within the retry policy.
   *
   * @return the bound
   */
  public Duration cleanUpBound() {
    return settings.retryPolicy().totalTimeout().multipliedBy(2);
  }

  /** Builds a {@link TalkClient}. Not thread-safe; {@link #build()} leaves it unchanged. */
  public static final class Builder {
    private DaemonProtocol protocol = DaemonProtocol.NTALK;
    private int daemonPort; // 0: each protocol's own port
    private InetSocketAddress localDaemon;
    private InetSocketAddress remoteDaemon;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Duration ringInterval = TalkProtocol.RING_WAIT;
    private Duration answerTimeout = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private EditChars editChars = EditChars.DEFAULT;
    private int pid = (int) ProcessHandle.current().pid();
    private ProgressListener progress = ProgressListener.NONE;
    private ControlListener control = ControlListener.NONE;
    private TransportFactory transports = TransportFactory.SOCKETS;
    private LongSupplier nanoTime = System::nanoTime;
    private StreamNetwork streams = StreamNetwork.SOCKETS;
    private ThreadFactory cleanUpThreads = task -> new Thread(task, "talk-delete-invitations");

    private Builder() {}

    private Builder(CallSettings s) {
      protocol = s.protocol();
      daemonPort = s.daemonPort();
      localDaemon = s.localDaemon();
      remoteDaemon = s.remoteDaemon();
      retryPolicy = s.retryPolicy();
      ringInterval = s.ringInterval();
      answerTimeout = s.answerTimeout();
      connectTimeout = s.connectTimeout();
      handshakeTimeout = s.handshakeTimeout();
      editChars = s.editChars();
      pid = s.pid();
      progress = s.progress();
      control = s.control();
      transports = s.transports();
      nanoTime = s.nanoTime();
      streams = s.streams();
      cleanUpThreads = s.cleanUpThreads();
    }

    /**
     * Sets the protocol spoken to the daemons; default {@link DaemonProtocol#NTALK}, byte for byte
     * what netkit's {@code talk} sends. {@link DaemonProtocol#AUTO} falls back to old talk per
     * daemon; the fallback is reported to the {@link #progress progress listener}.
     *
     * @param newProtocol the protocol
     * @return this builder
     */
    public Builder protocol(DaemonProtocol newProtocol) {
      this.protocol = Objects.requireNonNull(newProtocol, "protocol");
      return this;
    }

    /**
     * Sets the port of both daemons for the protocol in use; default 518 for ntalk, 517 for old
     * talk. With {@link DaemonProtocol#AUTO} a port set here is used for both tries (netkit's
     * daemon also takes old talk on its ntalk port). For daemons on other ports.
     *
     * @param port 1..65535
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder daemonPort(int port) {
      if (port < 1 || port > 0xFFFF) {
        throw new IllegalArgumentException("port out of range 1..65535: " + port);
      }
      this.daemonPort = port;
      return this;
    }

    /**
     * Sets our own daemon's address (LEAVE_INVITE and its DELETE go there), in whichever protocol;
     * default 127.0.0.1 at the daemon port.
     *
     * @param address the address
     * @return this builder
     */
    public Builder localDaemon(InetSocketAddress address) {
      this.localDaemon = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the other party's daemon address (LOOK_UP, ANNOUNCE and its DELETE go there), in
     * whichever protocol; default their host (or 127.0.0.1) at the daemon port.
     *
     * @param address the address
     * @return this builder
     */
    public Builder remoteDaemon(InetSocketAddress address) {
      this.remoteDaemon = Objects.requireNonNull(address, "address");
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
     * Sets the listener told of each step of every call; default none.
     *
     * @param listener the listener, called on the thread that executes the call
     * @return this builder
     */
    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the listener that sees every control datagram; default none.
     *
     * @param listener the listener, called on the thread doing the transaction
     * @return this builder
     */
    public Builder controlListener(ControlListener listener) {
      this.control = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Sets how UDP sockets to daemons are opened; tests put fakes or lossy relays in between. */
    Builder transports(TransportFactory factory) {
      this.transports = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Sets the monotonic clock in nanoseconds; tests run it in virtual time. */
    Builder nanoTime(LongSupplier clock) {
      this.nanoTime = Objects.requireNonNull(clock, "nanoTime");
      return this;
    }

    /** Sets the TCP side; tests substitute one that runs in virtual time. */
    Builder streams(StreamNetwork newStreams) {
      this.streams = Objects.requireNonNull(newStreams, "streams");
      return this;
    }

    /** Sets where the DELETEs run; tests hold them back to watch the order. */
    Builder cleanUpThreads(ThreadFactory factory) {
      this.cleanUpThreads = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Builds the client. The builder is left as it was, and may build again.
     *
     * @return the client
     */
    public TalkClient build() {
      return new TalkClient(new CallSettings(protocol, daemonPort, localDaemon, remoteDaemon,
          retryPolicy, ringInterval, answerTimeout, connectTimeout, handshakeTimeout, editChars,
          pid, progress, control, transports, nanoTime, streams, cleanUpThreads));
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}

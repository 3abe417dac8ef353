package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.internal.LazyLogger;
import io.github.bsdtalk.server.internal.MonotonicClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * A talk daemon on UDP sockets: receives requests on each of its {@link Endpoint}s, answers each
 * through the endpoint's {@link RequestHandler} (by default a {@link RequestProcessor}), and sends
 * the reply. It is the only class of this module that touches a socket.
 *
 * <p>It serves one datagram at a time like {@code in.ntalkd}, on the thread that calls {@link
 * #serve()} or on one that {@link #serveOn(Executor)} gets from an executor, until {@link #close()}
 * is called or, when configured, until no datagram arrived for an idle period (inetd mode: {@code
 * in.ntalkd} exits after 120 s idle and inetd starts it again on the next datagram). No datagram
 * can stop it: malformed ones are answered or dropped per the handler's policy, and any failure
 * while handling one is logged, counted and survived.
 *
 * <p>Several endpoints share one serving thread, so one daemon can serve ntalk on port 518 and
 * old talk on port 517 with one {@link InvitationTable} ({@link Builder#oldTalkBind}); two servers
 * can also share a table, since every table operation is atomic. A {@link RequestProcessor} tells
 * the protocols apart by length (84 bytes ntalk, 76 old talk) on every endpoint, and each reply is
 * written in the protocol of its request ({@link RequestHandler.Handled#isOldTalk()}).
 *
 * <p>Observe it through {@link #stats()} (per-answer counters) or a {@link Listener}.
 *
 * @apiNote
 *     <pre>{@code
 * try (TalkdServer talkd = TalkdServer.builder()
 *         .bind(new InetSocketAddress("127.0.0.1", 0))
 *         .announcer(Announcer.callback(a -> System.out.println(a.callerName() + " calls")))
 *         .build();
 *     TalkdServer.Serving serving = talkd.serveOn(r -> new Thread(r, "talkd").start())) {
 *   System.out.println("serving on " + talkd.localAddress());
 *   ...                                     // closing serving stops and closes the server
 * }
 * }</pre>
 */
public final class TalkdServer implements AutoCloseable {

  private static final System.Logger LOG = LazyLogger.of(TalkdServer.class);
  /** Larger than any talk datagram (netkit accepts up to 168 bytes); longer ones are cut short. */
  private static final int RECEIVE_BUFFER = 512;
  /** How long {@link Serving#close()} waits for {@link #serve()} to return after the close. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /**
   * Receives one record per datagram handled. Called on the serving thread; it should return
   * quickly. An exception thrown from it is logged and ignored.
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after a datagram was handled and any reply sent.
     *
     * @param exchange what came in and what went out
     */
    void onExchange(Exchange exchange);
  }

  /**
   * One bound datagram channel and the handler for the protocol spoken on it.
   *
   * @param channel a bound datagram channel; the server makes it non-blocking and closes it when
   *     closed
   * @param handler answers its datagrams
   */
  public record Endpoint(DatagramChannel channel, RequestHandler handler) {
    /**
     * Validates the components.
     *
     * @param channel see the class description
     * @param handler see the class description
     * @throws NullPointerException if a component is null
     */
    public Endpoint {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(handler, "handler");
    }

    /**
     * Binds a new IPv4 datagram channel to {@code address} and pairs it with {@code handler}.
     *
     * @param address the address to bind, port 0 for any
     * @param handler answers its datagrams
     * @return the endpoint
     * @throws IOException if the address cannot be bound; the message names it
     */
    public static Endpoint bind(InetSocketAddress address, RequestHandler handler)
        throws IOException {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(handler, "handler");
      return new Endpoint(openBound(address), handler);
    }
  }

  /**
   * One handled datagram. Immutable; the bytes are copied in and out.
   */
  public static final class Exchange {
    private final Instant time;
    private final InetSocketAddress endpoint;
    private final InetSocketAddress sender;
    private final byte[] datagram;
    private final CtlMessage request;
    private final CtlResponse response;
    private final InetSocketAddress replyTo;
    private final OldCtlMessage oldTalkRequest;

    Exchange(Instant time, InetSocketAddress endpoint, InetSocketAddress sender, byte[] datagram,
        RequestHandler.Handled handled, InetSocketAddress replyTo) {
      this.time = Objects.requireNonNull(time, "time");
      this.endpoint = endpoint;
      this.sender = Objects.requireNonNull(sender, "sender");
      this.datagram = datagram.clone();
      this.request = handled == null ? null : handled.request().orElse(null);
      this.response = handled == null ? null : handled.response().orElse(null);
      this.replyTo = Objects.requireNonNull(replyTo, "replyTo");
      this.oldTalkRequest = handled == null ? null : handled.oldTalkRequest().orElse(null);
    }

    /**
     * Returns the old-talk request as decoded, if the datagram was old talk (76 bytes); {@link
     * #request()} is then its ntalk view and {@link #response()} the ntalk form of the answer that
     * went out in old talk.
     *
     * @return the old-talk request, empty for ntalk or a malformed datagram
     */
    public Optional<OldCtlMessage> oldTalkRequest() {
      return Optional.ofNullable(oldTalkRequest);
    }

    /**
     * Returns when it was received.
     *
     * @return the time, from the server's clock
     */
    public Instant time() {
      return time;
    }

    /**
     * Returns the local address of the endpoint it arrived on.
     *
     * @return the address, empty if the channel was already closed
     */
    public Optional<InetSocketAddress> endpoint() {
      return Optional.ofNullable(endpoint);
    }

    /**
     * Returns where it came from.
     *
     * @return the sender
     */
    public InetSocketAddress sender() {
      return sender;
    }

    /**
     * Returns its bytes.
     *
     * @return a copy of the datagram as received
     */
    public byte[] datagram() {
      return datagram.clone();
    }

    /**
     * Returns the decoded request (for old talk, its ntalk view).
     *
     * @return the request, empty if it was malformed (or handling failed before decoding)
     */
    public Optional<CtlMessage> request() {
      return Optional.ofNullable(request);
    }

    /**
     * Returns the reply that was sent.
     *
     * @return the reply, empty if none was sent
     */
    public Optional<CtlResponse> response() {
      return Optional.ofNullable(response);
    }

    /**
     * Returns where the reply was sent, or would have been.
     *
     * @return the sender, or the request's {@code ctl_addr} under {@link
     *     ReplyTarget#CONTROL_ADDRESS}
     */
    public InetSocketAddress replyTo() {
      return replyTo;
    }

    @Override
    public String toString() {
      return "Exchange[" + time + " " + sender + " -> " + endpoint + ", " + datagram.length
          + " bytes" + (oldTalkRequest != null ? " old talk" : "") + ", request=" + request
          + ", response=" + response + ", replyTo=" + replyTo + "]";
    }
  }

  /**
   * A server serving on a thread an application supplied ({@link TalkdServer#serveOn}). Closing it
   * closes the server and waits, bounded, for {@link TalkdServer#serve()} to return.
   */
  public static final class Serving implements AutoCloseable {
    private final TalkdServer server;
    private final CompletableFuture<Boolean> stopped = new CompletableFuture<>();

    private Serving(TalkdServer server) {
      this.server = server;
    }

    private void run() {
      try {
        stopped.complete(server.serve());
      } catch (Throwable e) {
        stopped.completeExceptionally(e);
      }
    }

    /**
     * Returns the server.
     *
     * @return the server
     */
    public TalkdServer server() {
      return server;
    }

    /**
     * Returns a future completed when {@link TalkdServer#serve()} returns: with true if it stopped
     * because it was idle, false if it was closed, or exceptionally with what it threw.
     *
     * @return a copy of the future (completing it changes nothing here)
     */
    public CompletableFuture<Boolean> stopped() {
      return stopped.copy();
    }

    /**
     * Returns whether it is still serving (or has not started yet).
     *
     * @return true until {@link TalkdServer#serve()} returns
     */
    public boolean isServing() {
      return !stopped.isDone();
    }

    /**
     * Closes the server and waits up to 10 s for {@link TalkdServer#serve()} to return.
     *
     * @throws IOException if closing failed, {@code serve()} threw, or it did not return in time
     */
    @Override
    public void close() throws IOException {
      server.close();
      try {
        stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for talkd to stop");
      } catch (ExecutionException e) {
        throw new IOException("talkd failed while serving: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new IOException("talkd did not stop within " + STOP_WAIT + " of close()", e);
      }
    }
  }

  /**
   * A snapshot of a server's counters.
   *
   * @param received datagrams received
   * @param malformed datagrams that were neither 84 bytes (ntalk) nor 76 (old talk)
   * @param answers replies sent, per answer code (every known answer is a key)
   * @param otherAnswers replies sent with an answer code outside the nine known ones
   * @param dropped datagrams that got no reply (wrong length under the DROP policy, old talk whose
   *     {@code ctl_addr} is not AF_INET)
   * @param failures datagrams whose handling or reply failed (logged)
   * @param ringsLimited ANNOUNCEs answered SUCCESS without ringing because they were over a
   *     {@link RingLimits} limit (also counted among the SUCCESS answers)
   * @param oldTalk old-talk datagrams (76 bytes) received, answered or not; their replies are
   *     counted in {@code answers} like any other
   */
  public record Stats(
      long received,
      long malformed,
      Map<Answer, Long> answers,
      long otherAnswers,
      long dropped,
      long failures,
      long ringsLimited,
      long oldTalk) {
    /**
     * Validates and copies the components.
     *
     * @param received see the class description
     * @param malformed see the class description
     * @param answers see the class description
     * @param otherAnswers see the class description
     * @param dropped see the class description
     * @param failures see the class description
     * @param ringsLimited see the class description
     * @param oldTalk see the class description
     */
    public Stats {
      answers = Collections.unmodifiableMap(new EnumMap<>(answers));
    }

    /**
     * Returns how many replies carried an answer.
     *
     * @param answer the answer
     * @return the count
     */
    public long count(Answer answer) {
      return answers.getOrDefault(answer, 0L);
    }
  }

  private static final int RECEIVED = 0;
  private static final int MALFORMED = 1;
  private static final int OTHER = 2;
  private static final int DROPPED = 3;
  private static final int FAILURES = 4;
  private static final int RINGS_LIMITED = 5;
  private static final int OLD_TALK = 6;
  private static final int ANSWERS = 7;
  private static final int KNOWN_ANSWERS = Answer.values().length;

  private final List<Endpoint> endpoints;
  private final Selector selector;
  private final ReplyTarget replyTarget;
  private final InstantSource clock;
  private final InstantSource idleClock;
  private final Duration idleTimeout;
  private final Listener listener;
  private final AtomicLongArray counters =
      new AtomicLongArray(ANSWERS + KNOWN_ANSWERS);
  /**
   * On the heap, not direct: the codec then reads each text field straight from the array, where a
   * direct buffer costs an extra byte[] per field (about 56 of 460 bytes allocated per LOOK_UP).
   * NIO copies each datagram through its own cached direct buffer, so this allocates nothing.
   */
  private final ByteBuffer in = ByteBuffer.allocate(RECEIVE_BUFFER);
  private final ByteBuffer out = ByteBuffer.allocateDirect(CtlResponse.SIZE);
  private final AtomicBoolean serving = new AtomicBoolean();
  private volatile boolean closed;

  private TalkdServer(Builder b, List<Endpoint> endpoints, Selector selector) {
    this.endpoints = List.copyOf(endpoints);
    this.selector = selector;
    this.replyTarget = b.replyTarget;
    this.clock = b.clock;
    this.idleClock = b.idleClock;
    this.idleTimeout = b.idleTimeout;
    this.listener = b.listener;
  }

  /**
   * Returns a builder. Defaults: one endpoint bound to 0.0.0.0:518 answered by a processor with an
   * in-memory table and {@link Announcer#refuseAll()} that counts loopback and this host's
   * interface addresses as local; replies to the source address, the system clock, no idle
   * timeout, no listener.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the address the first endpoint's socket is bound to (useful after binding port 0).
   *
   * @return the local address
   * @throws IOException if the channel is closed
   */
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) endpoints.get(0).channel().getLocalAddress();
  }

  /**
   * Returns the endpoints, in the order they were configured.
   *
   * @return the endpoints, unmodifiable
   */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /**
   * Returns the processor answering the first endpoint, and through it the invitation table, if
   * that endpoint's handler is a {@link RequestProcessor} (always so for the default endpoint).
   *
   * @return the processor, or empty
   */
  public Optional<RequestProcessor> processor() {
    RequestHandler h = endpoints.get(0).handler();
    return h instanceof RequestProcessor ? Optional.of((RequestProcessor) h) : Optional.empty();
  }

  /**
   * Serves on a thread the executor supplies, until the returned handle (or this server) is
   * closed or the idle timeout passes. For example {@code serveOn(r -> new Thread(r,
   * "talkd").start())}, or an {@link java.util.concurrent.ExecutorService} the application
   * manages.
   *
   * @param executor runs the serving loop; it should give it a thread of its own
   * @return the handle; closing it stops the server
   * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the task
   */
  public Serving serveOn(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    Serving s = new Serving(this);
    executor.execute(s::run);
    return s;
  }

  /**
   * Serves datagrams on the calling thread until {@link #close()} is called or, if an idle timeout
   * was set, until none arrived for that long (by the idle clock).
   *
   * @return true if it stopped because it was idle, false if it was closed
   * @throws IOException if the socket fails in a way that cannot be survived
   * @throws InterruptedIOException if the thread was interrupted
   * @throws IllegalStateException if it is already serving on another thread
   */
  public boolean serve() throws IOException {
    if (!serving.compareAndSet(false, true)) {
      throw new IllegalStateException("already serving on another thread");
    }
    try {
      return serveLoop();
    } finally {
      serving.set(false);
    }
  }

  private boolean serveLoop() throws IOException {
    Instant lastActivity = idleClock.instant();
    while (!closed) {
      long waitMillis = 0;
      if (idleTimeout != null) {
        Duration left = idleTimeout.minus(Duration.between(lastActivity, idleClock.instant()));
        if (left.isNegative() || left.isZero()) {
          LOG.log(System.Logger.Level.DEBUG, "idle for {0}, exiting", idleTimeout);
          return true;
        }
        waitMillis = Math.max(1, left.toMillis());
      }
      try {
        selector.select(waitMillis);
        // close() on another thread closes the selector as soon as select() lets go of it, so
        // this call races with it too and must be inside the try
        selector.selectedKeys().clear();
      } catch (ClosedChannelException | ClosedSelectorException e) {
        return false;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("talkd interrupted");
      }
      // every endpoint in turn, until none has a datagram waiting: no endpoint starves another
      boolean any = true;
      while (!closed && any) {
        any = false;
        for (Endpoint e : endpoints) {
          SocketAddress from = receive(e.channel());
          if (from != null) {
            any = true;
            lastActivity = idleClock.instant();
            handleOne(e, (InetSocketAddress) from);
          }
        }
      }
    }
    return false;
  }

  private SocketAddress receive(DatagramChannel channel) throws IOException {
    in.clear();
    try {
      SocketAddress from = channel.receive(in);
      in.flip();
      return from;
    } catch (ClosedChannelException e) {
      return null;
    }
  }

  private void handleOne(Endpoint endpoint, InetSocketAddress sender) {
    counters.incrementAndGet(RECEIVED);
    Instant now = clock.instant();
    byte[] copy = listener != null ? copyOf(in) : null;
    RequestHandler.Handled handled = null;
    InetSocketAddress replyTo = sender;
    try {
      if (in.remaining() == OldCtlMessage.SIZE) {
        counters.incrementAndGet(OLD_TALK);
      } else if (in.remaining() != CtlMessage.SIZE) {
        counters.incrementAndGet(MALFORMED);
      }
      handled = endpoint.handler().answer(in, sender, now); // the one decode of this datagram
      Optional<CtlResponse> response = handled.response();
      if (response.isEmpty()) {
        counters.incrementAndGet(DROPPED);
      } else {
        Optional<CtlMessage> request = handled.request();
        if (replyTarget == ReplyTarget.CONTROL_ADDRESS && request.isPresent()) {
          replyTo = request.get().controlAddress().toSocketAddress();
        }
        out.clear();
        if (handled.isOldTalk()) {
          // the same 24 bytes, in old talk's layout and the request's byte order
          out.put(OldTalkCodec.encode(handled.oldTalkResponse().orElseThrow()));
        } else {
          TalkCodec.encode(response.get(), out);
        }
        out.flip();
        endpoint.channel().send(out, replyTo);
        int answer = response.get().answer();
        counters.incrementAndGet(answer < KNOWN_ANSWERS ? ANSWERS + answer : OTHER);
        if (handled.isRingLimited()) {
          counters.incrementAndGet(RINGS_LIMITED);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (closed) {
        return; // close() raced with this datagram's reply: not a failure of the datagram
      }
      // A reply to an unreachable ctl_addr, a misbehaving table or announcer: log, count, go on.
      counters.incrementAndGet(FAILURES);
      LOG.log(System.Logger.Level.WARNING, "failed to handle datagram from " + sender, e);
      if (handled != null && handled.response().isPresent()) {
        // the reply was not sent: the exchange says so
        RequestHandler.Handled unsent =
            RequestHandler.Handled.dropped(handled.request().orElse(null));
        handled = handled.oldTalkRequest().map(unsent::inOldTalk).orElse(unsent);
      }
    }
    if (copy != null) {
      notifyListener(new Exchange(now, endpointAddress(endpoint), sender, copy, handled, replyTo));
    }
  }

  private static InetSocketAddress endpointAddress(Endpoint e) {
    try {
      return (InetSocketAddress) e.channel().getLocalAddress();
    } catch (IOException closed) {
      return null;
    }
  }

  private void notifyListener(Exchange exchange) {
    try {
      listener.onExchange(exchange);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "listener failed", e);
    }
  }

  private static byte[] copyOf(ByteBuffer b) {
    byte[] copy = new byte[b.remaining()];
    b.get(b.position(), copy);
    return copy;
  }

  /**
   * Returns a snapshot of the counters.
   *
   * @return the counters now
   */
  public Stats stats() {
    Map<Answer, Long> answers = new EnumMap<>(Answer.class);
    for (Answer a : Answer.values()) {
      answers.put(a, counters.get(ANSWERS + a.code()));
    }
    return new Stats(
        counters.get(RECEIVED),
        counters.get(MALFORMED),
        answers,
        counters.get(OTHER),
        counters.get(DROPPED),
        counters.get(FAILURES),
        counters.get(RINGS_LIMITED),
        counters.get(OLD_TALK));
  }

  /**
   * Stops {@link #serve()} (from any thread) and closes the socket. Idempotent.
   *
   * @throws IOException if closing the socket fails
   */
  @Override
  public void close() throws IOException {
    closed = true;
    selector.wakeup();
    IOException failure = null;
    try {
      selector.close();
    } catch (IOException e) {
      failure = e;
    }
    for (Endpoint e : endpoints) {
      try {
        e.channel().close();
      } catch (IOException ex) {
        if (failure == null) {
          failure = ex;
        } else {
          failure.addSuppressed(ex);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static DatagramChannel openBound(InetSocketAddress address) throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      ch.bind(address);
    } catch (IOException e) {
      ch.close();
      throw new IOException("cannot bind talkd to " + address + ": " + e.getMessage(), e);
    }
    return ch;
  }

  /**
   * Builds a {@link TalkdServer}. Not thread-safe. Settings that contradict each other ({@link
   * #processor} with {@link #table}, {@link #announcer}, {@link #localAddresses}, {@link
   * #ringLimits} or {@link #accessPolicy}; {@link #bind} or {@link #oldTalkBind}
   * with {@link #channel}; {@link #endpoint} with any of those) make {@link #build()} throw,
   * naming both; nothing is silently overridden. {@link #build()} does not change the builder.
   */
  public static final class Builder {
    private InetSocketAddress bind;
    private InetSocketAddress oldTalkBind;
    private DatagramChannel channel;
    private RequestProcessor processor;
    private InvitationTable table;
    private Announcer announcer;
    private Predicate<InetAddress> localAddresses;
    private RingLimits ringLimits;
    private AccessPolicy accessPolicy;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private ReplyTarget replyTarget = ReplyTarget.SOURCE_ADDRESS;
    private InstantSource clock = InstantSource.system();
    private InstantSource idleClock = MonotonicClock.INSTANCE;
    private Duration idleTimeout;
    private Listener listener;

    private Builder() {}

    /**
     * Sets the address the default endpoint binds; default all IPv4 addresses, port 518. Use port
     * 0 in tests. Not with {@link #channel} or {@link #endpoint}.
     *
     * @param address the address
     * @return this builder
     */
    public Builder bind(InetSocketAddress address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Also binds this address for old talk (port 517, {@link TalkProtocol#OTALK_PORT}), a second
     * endpoint answered by the default endpoint's processor: one process, one table, so that an
     * old-talk invitation is found by an ntalk LOOK_UP and the other way round. Default: none.
     * Not with {@link #endpoint} (add the endpoints there) or {@link #channel} (a socket from inetd
     * serves both protocols by length; inetd passes one socket per service).
     *
     * @param address the address, port 0 for any
     * @return this builder
     */
    public Builder oldTalkBind(InetSocketAddress address) {
      this.oldTalkBind = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Serves the default endpoint on an already bound channel instead of binding one, for example
     * the socket inetd passes ({@link System#inheritedChannel()}). The server closes it when
     * closed. Not with {@link #bind} or {@link #endpoint}.
     *
     * @param boundChannel a bound datagram channel
     * @return this builder
     */
    public Builder channel(DatagramChannel boundChannel) {
      this.channel = Objects.requireNonNull(boundChannel, "boundChannel");
      return this;
    }

    /**
     * Adds an endpoint: a bound channel and the handler of its protocol. Call it once per
     * endpoint, in place of {@link #bind}/{@link #channel} and {@link #processor}/{@link
     * #table}/{@link #announcer}/{@link #localAddresses}, which configure the single default
     * endpoint; the handlers may share one table.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpoint(Endpoint endpoint) {
      this.endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /**
     * Sets the request processor of the default endpoint. Not with {@link #table}, {@link
     * #announcer} or {@link #localAddresses}: configure those on the processor.
     *
     * @param processor the processor
     * @return this builder
     */
    public Builder processor(RequestProcessor processor) {
      this.processor = Objects.requireNonNull(processor, "processor");
      return this;
    }

    /**
     * Sets the invitation table of the default processor; default {@link
     * InvitationTable#inMemory()}. Not with {@link #processor}.
     *
     * @param table the table
     * @return this builder
     */
    public Builder table(InvitationTable table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Sets the announcer of the default processor; default {@link Announcer#refuseAll()}. Not with
     * {@link #processor}.
     *
     * @param announcer the announcer
     * @return this builder
     */
    public Builder announcer(Announcer announcer) {
      this.announcer = Objects.requireNonNull(announcer, "announcer");
      return this;
    }

    /**
     * Sets which addresses the default processor counts as this host's own, for LEAVE_INVITE;
     * default loopback and the addresses of this host's interfaces (see {@link
     * RequestProcessor.Builder#localAddresses}). Not with {@link #processor}.
     *
     * @param isLocal the test
     * @return this builder
     */
    public Builder localAddresses(Predicate<InetAddress> isLocal) {
      this.localAddresses = Objects.requireNonNull(isLocal, "isLocal");
      return this;
    }

    /**
     * Sets the ring limits of the default processor; default {@link RingLimits#DEFAULT}. Not with
     * {@link #processor}.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder ringLimits(RingLimits limits) {
      this.ringLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets the access policy of the default processor; default {@link AccessPolicy#ALLOW_ALL}.
     * Not with {@link #processor}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder accessPolicy(AccessPolicy policy) {
      this.accessPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets where replies go; default {@link ReplyTarget#SOURCE_ADDRESS}.
     *
     * @param target the target
     * @return this builder
     */
    public Builder replyTarget(ReplyTarget target) {
      this.replyTarget = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * Sets the clock that stamps requests (invitation expiry); default the system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the clock the idle timeout is measured with; default a monotonic clock ({@link
     * System#nanoTime()}), which changes of the wall clock do not move. Only differences between
     * its instants count.
     *
     * @param idleClock the clock
     * @return this builder
     */
    public Builder idleClock(InstantSource idleClock) {
      this.idleClock = Objects.requireNonNull(idleClock, "idleClock");
      return this;
    }

    /**
     * Makes {@link #serve()} return after this long without a datagram, like {@code in.ntalkd}
     * under inetd (120 s); default never.
     *
     * @param idle positive
     * @return this builder
     */
    public Builder idleTimeout(Duration idle) {
      Objects.requireNonNull(idle, "idle");
      if (idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException("idle timeout must be positive: " + idle);
      }
      this.idleTimeout = idle;
      return this;
    }

    /**
     * Sets a listener told of every handled datagram; default none.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Opens (binds) the sockets and returns the server, ready to {@link TalkdServer#serve()}.
     * Leaves this builder as it was: each build binds anew and, unless a table was set, gets a new
     * table.
     *
     * @return the server
     * @throws IOException if a socket cannot be bound
     * @throws IllegalStateException if two settings contradict each other; the message names both
     */
    public TalkdServer build() throws IOException {
      checkConflicts();
      List<Endpoint> all = new ArrayList<>(endpoints);
      if (all.isEmpty()) {
        RequestProcessor p = processor;
        if (p == null) {
          RequestProcessor.Builder pb = RequestProcessor.builder();
          if (table != null) {
            pb.table(table);
          }
          if (announcer != null) {
            pb.announcer(announcer);
          }
          if (localAddresses != null) {
            pb.localAddresses(localAddresses);
          }
          if (ringLimits != null) {
            pb.ringLimits(ringLimits);
          }
          if (accessPolicy != null) {
            pb.accessPolicy(accessPolicy);
          }
          p = pb.build();
        }
        DatagramChannel ch =
            channel != null
                ? channel
                : openBound(bind != null ? bind : new InetSocketAddress(TalkProtocol.NTALK_PORT));
        all.add(new Endpoint(ch, p));
        if (oldTalkBind != null) {
          try {
            all.add(new Endpoint(openBound(oldTalkBind), p));
          } catch (IOException e) {
            ch.close();
            throw e;
          }
        }
      }
      Selector selector = Selector.open();
      try {
        for (Endpoint e : all) {
          e.channel().configureBlocking(false);
          e.channel().register(selector, SelectionKey.OP_READ, e);
        }
      } catch (IOException | RuntimeException e) {
        selector.close();
        for (Endpoint ep : all) {
          ep.channel().close();
        }
        throw e;
      }
      return new TalkdServer(this, all, selector);
    }

    private void checkConflicts() {
      conflict(processor != null, "processor()", table != null, "table()");
      conflict(processor != null, "processor()", announcer != null, "announcer()");
      conflict(processor != null, "processor()", localAddresses != null, "localAddresses()");
      conflict(processor != null, "processor()", ringLimits != null, "ringLimits()");
      conflict(processor != null, "processor()", accessPolicy != null, "accessPolicy()");
      conflict(bind != null, "bind()", channel != null, "channel()");
      conflict(oldTalkBind != null, "oldTalkBind()", channel != null, "channel()");
      boolean many = !endpoints.isEmpty();
      conflict(many, "endpoint()", bind != null, "bind()");
      conflict(many, "endpoint()", channel != null, "channel()");
      conflict(many, "endpoint()", oldTalkBind != null, "oldTalkBind()");
      conflict(many, "endpoint()", processor != null, "processor()");
      conflict(many, "endpoint()", table != null, "table()");
      conflict(many, "endpoint()", announcer != null, "announcer()");
      conflict(many, "endpoint()", localAddresses != null, "localAddresses()");
      conflict(many, "endpoint()", ringLimits != null, "ringLimits()");
      conflict(many, "endpoint()", accessPolicy != null, "accessPolicy()");
    }

    private static void conflict(boolean a, String aName, boolean b, String bName) {
      if (a && b) {
        throw new IllegalStateException(aName + " and " + bName + " are both set; " + aName
            + " replaces what " + bName + " configures, so set only one");
      }
    }
  }

  @Override
  public String toString() {
    try {
      return "TalkdServer[" + localAddress() + "]";
    } catch (IOException e) {
      return "TalkdServer[closed]";
    }
  }
}

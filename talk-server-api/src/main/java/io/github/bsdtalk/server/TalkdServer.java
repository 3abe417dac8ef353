package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * A talk daemon on a UDP socket: receives requests, answers each through a {@link
 * RequestProcessor}, and sends the reply. It is the only class of this module that touches a socket.
 *
 * <p>It serves on the caller's thread, one datagram at a time like {@code in.ntalkd}, until {@link
 * #close()} is called from another thread or, when configured, until no datagram arrived for an
 * idle period (inetd mode: {@code in.ntalkd} exits after 120 s idle and inetd starts it again on the
 * next datagram). No datagram can stop it: malformed ones are answered or dropped per the
 * processor's policy, and any failure while handling one is logged, counted and survived.
 *
 * <p>Observe it through {@link #stats()} (per-answer counters) or a {@link Listener}.
 *
 * @apiNote
 *     <pre>{@code
 * try (TalkdServer talkd = TalkdServer.builder()
 *     .bind(new InetSocketAddress("127.0.0.1", 0))
 *     .announcer(Announcer.callback(a -> System.out.println(a.callerName() + " calls")))
 *     .build()) {
 *   System.out.println("serving on " + talkd.localAddress());
 *   talkd.serve();                         // until talkd.close() from another thread
 * }
 * }</pre>
 */
public final class TalkdServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TalkdServer.class.getName());
  /** Larger than any talk datagram (netkit accepts up to 168 bytes); longer ones are cut short. */
  private static final int RECEIVE_BUFFER = 512;

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
   * One handled datagram.
   *
   * @param time when it was received
   * @param sender where it came from
   * @param datagram its bytes (a copy)
   * @param request the decoded request, empty if it was malformed
   * @param response the reply, empty if none was sent
   * @param replyTo where the reply was sent (the sender, or the request's {@code ctl_addr})
   */
  public record Exchange(
      Instant time,
      InetSocketAddress sender,
      byte[] datagram,
      Optional<CtlMessage> request,
      Optional<CtlResponse> response,
      InetSocketAddress replyTo) {
    /**
     * Validates the components.
     *
     * @param time see the class description
     * @param sender see the class description
     * @param datagram see the class description
     * @param request see the class description
     * @param response see the class description
     * @param replyTo see the class description
     * @throws NullPointerException if a component is null
     */
    public Exchange {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(datagram, "datagram");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * A snapshot of a server's counters.
   *
   * @param received datagrams received
   * @param malformed datagrams that were not 84 bytes
   * @param answers replies sent, per answer code (every known answer is a key)
   * @param otherAnswers replies sent with an answer code outside the nine known ones
   * @param dropped datagrams that got no reply (wrong length under the DROP policy)
   * @param failures datagrams whose handling or reply failed (logged)
   */
  public record Stats(
      long received,
      long malformed,
      Map<Answer, Long> answers,
      long otherAnswers,
      long dropped,
      long failures) {
    /**
     * Validates and copies the components.
     *
     * @param received see the class description
     * @param malformed see the class description
     * @param answers see the class description
     * @param otherAnswers see the class description
     * @param dropped see the class description
     * @param failures see the class description
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
  private static final int ANSWERS = 5;
  private static final int KNOWN_ANSWERS = Answer.values().length;

  private final DatagramChannel channel;
  private final Selector selector;
  private final RequestProcessor processor;
  private final ReplyTarget replyTarget;
  private final InstantSource clock;
  private final Optional<Duration> idleTimeout;
  private final Optional<Listener> listener;
  private final AtomicLongArray counters =
      new AtomicLongArray(ANSWERS + KNOWN_ANSWERS);
  /**
   * On the heap, not direct: the codec then reads each text field straight from the array, where a
   * direct buffer costs an extra byte[] per field (about 56 of 460 bytes allocated per LOOK_UP).
   * NIO copies each datagram through its own cached direct buffer, so this allocates nothing.
   */
  private final ByteBuffer in = ByteBuffer.allocate(RECEIVE_BUFFER);
  private final ByteBuffer out = ByteBuffer.allocateDirect(CtlResponse.SIZE);
  private volatile boolean closed;

  private TalkdServer(Builder b, DatagramChannel channel, Selector selector) {
    this.channel = channel;
    this.selector = selector;
    this.processor = b.processor;
    this.replyTarget = b.replyTarget;
    this.clock = b.clock;
    this.idleTimeout = b.idleTimeout;
    this.listener = b.listener;
  }

  /**
   * Returns a builder. Defaults: bind 0.0.0.0:518, a processor with an in-memory table and {@link
   * Announcer#refuseAll()} that counts loopback and this host's interface addresses as local,
   * replies to the source address, the system clock, no idle timeout, no listener.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the address the socket is bound to (useful after binding port 0).
   *
   * @return the local address
   * @throws IOException if the channel is closed
   */
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Returns the processor that answers requests, and through it the invitation table.
   *
   * @return the processor
   */
  public RequestProcessor processor() {
    return processor;
  }

  /**
   * Serves datagrams on the calling thread until {@link #close()} is called or, if an idle timeout
   * was set, until none arrived for that long.
   *
   * @return true if it stopped because it was idle, false if it was closed
   * @throws IOException if the socket fails in a way that cannot be survived
   * @throws InterruptedIOException if the thread was interrupted
   */
  public boolean serve() throws IOException {
    long idleNanos = idleTimeout.map(Duration::toNanos).orElse(0L);
    long lastActivity = System.nanoTime();
    while (!closed) {
      long waitMillis = 0;
      if (idleNanos > 0) {
        long left = idleNanos - (System.nanoTime() - lastActivity);
        if (left <= 0) {
          LOG.log(System.Logger.Level.DEBUG, "idle for {0}, exiting", idleTimeout.get());
          return true;
        }
        waitMillis = Math.max(1, left / 1_000_000);
      }
      try {
        selector.select(waitMillis);
        // close() on another thread closes the selector as soon as select() lets go of it, so
        // this call races with it too and must be inside the try
        selector.selectedKeys().clear();
      } catch (ClosedChannelException | java.nio.channels.ClosedSelectorException e) {
        return false;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("talkd interrupted");
      }
      SocketAddress from;
      while (!closed && (from = receive()) != null) {
        lastActivity = System.nanoTime();
        handleOne((InetSocketAddress) from);
      }
    }
    return false;
  }

  private SocketAddress receive() throws IOException {
    in.clear();
    try {
      SocketAddress from = channel.receive(in);
      in.flip();
      return from;
    } catch (ClosedChannelException e) {
      return null;
    }
  }

  private void handleOne(InetSocketAddress sender) {
    counters.incrementAndGet(RECEIVED);
    Instant now = clock.instant();
    byte[] copy = listener.isPresent() ? copyOf(in) : null;
    Optional<CtlResponse> response = Optional.empty();
    Optional<CtlMessage> request = Optional.empty();
    InetSocketAddress replyTo = sender;
    try {
      if (in.remaining() != CtlMessage.SIZE) {
        counters.incrementAndGet(MALFORMED);
      } else if (replyTarget == ReplyTarget.CONTROL_ADDRESS || copy != null) {
        request = Optional.of(TalkCodec.decodeMessage(in));
      }
      response = processor.handle(in, sender, now);
      if (response.isEmpty()) {
        counters.incrementAndGet(DROPPED);
      } else {
        if (replyTarget == ReplyTarget.CONTROL_ADDRESS && request.isPresent()) {
          replyTo = request.get().controlAddress().toSocketAddress();
        }
        out.clear();
        TalkCodec.encode(response.get(), out);
        out.flip();
        channel.send(out, replyTo);
        int answer = response.get().answer();
        counters.incrementAndGet(answer < KNOWN_ANSWERS ? ANSWERS + answer : OTHER);
      }
    } catch (IOException | RuntimeException e) {
      if (closed) {
        return; // close() raced with this datagram's reply: not a failure of the datagram
      }
      // A reply to an unreachable ctl_addr, a misbehaving table or announcer: log, count, go on.
      counters.incrementAndGet(FAILURES);
      LOG.log(System.Logger.Level.WARNING, "failed to handle datagram from " + sender, e);
    }
    if (copy != null) {
      notifyListener(new Exchange(now, sender, copy, request, response, replyTo));
    }
  }

  private void notifyListener(Exchange exchange) {
    try {
      listener.get().onExchange(exchange);
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
        counters.get(FAILURES));
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
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }

  /** Builds a {@link TalkdServer}. Not thread-safe. */
  public static final class Builder {
    private InetSocketAddress bind = new InetSocketAddress(TalkProtocol.NTALK_PORT);
    private DatagramChannel channel;
    private RequestProcessor processor;
    private InvitationTable table;
    private Announcer announcer;
    private ReplyTarget replyTarget = ReplyTarget.SOURCE_ADDRESS;
    private InstantSource clock = InstantSource.system();
    private Optional<Duration> idleTimeout = Optional.empty();
    private Optional<Listener> listener = Optional.empty();

    private Builder() {}

    /**
     * Sets the address to bind; default all IPv4 addresses, port 518. Use port 0 in tests.
     *
     * @param address the address
     * @return this builder
     */
    public Builder bind(InetSocketAddress address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Serves on an already bound channel instead of binding one, for example the socket inetd
     * passes ({@link System#inheritedChannel()}). The server closes it when closed.
     *
     * @param boundChannel a bound datagram channel
     * @return this builder
     */
    public Builder channel(DatagramChannel boundChannel) {
      this.channel = Objects.requireNonNull(boundChannel, "boundChannel");
      return this;
    }

    /**
     * Sets the request processor. Overrides {@link #table} and {@link #announcer}.
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
     * InvitationTable#inMemory()}.
     *
     * @param table the table
     * @return this builder
     */
    public Builder table(InvitationTable table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Sets the announcer of the default processor; default {@link Announcer#refuseAll()}.
     *
     * @param announcer the announcer
     * @return this builder
     */
    public Builder announcer(Announcer announcer) {
      this.announcer = Objects.requireNonNull(announcer, "announcer");
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
      this.idleTimeout = Optional.of(idle);
      return this;
    }

    /**
     * Sets a listener told of every handled datagram; default none.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Listener listener) {
      this.listener = Optional.of(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Opens (binds) the socket and returns the server, ready to {@link TalkdServer#serve()}.
     *
     * @return the server
     * @throws IOException if the socket cannot be bound
     */
    public TalkdServer build() throws IOException {
      if (processor == null) {
        RequestProcessor.Builder pb =
            RequestProcessor.builder().localAddresses(localRule(interfaceAddresses()));
        if (table != null) {
          pb.table(table);
        }
        if (announcer != null) {
          pb.announcer(announcer);
        }
        processor = pb.build();
      }
      DatagramChannel ch = channel;
      if (ch == null) {
        ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
          ch.bind(bind);
        } catch (IOException e) {
          ch.close();
          throw new IOException("cannot bind talkd to " + bind + ": " + e.getMessage(), e);
        }
      }
      Selector selector = Selector.open();
      try {
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ);
      } catch (IOException e) {
        selector.close();
        ch.close();
        throw e;
      }
      return new TalkdServer(this, ch, selector);
    }

    /**
     * The default processor's local test: loopback, or one of the given addresses of this host's
     * interfaces. netkit {@code talkd.c} keeps LEAVE_INVITEs only from clients on its own host,
     * so any other address must not count. Package-private so tests can give it a LAN address.
     */
    static Predicate<InetAddress> localRule(Set<InetAddress> interfaceAddresses) {
      return a -> a.isLoopbackAddress() || interfaceAddresses.contains(a);
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

  @Override
  public String toString() {
    try {
      return "TalkdServer[" + localAddress() + "]";
    } catch (IOException e) {
      return "TalkdServer[closed]";
    }
  }
}

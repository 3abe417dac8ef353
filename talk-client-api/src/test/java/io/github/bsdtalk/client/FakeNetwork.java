package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.DatagramTransport;
import io.github.bsdtalk.client.internal.Datagram;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.TalkCodec;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * A {@link DatagramTransport} and a monotonic clock in one, running in virtual time: a {@link
 * #receive} with nothing due within its timeout advances the clock by the whole timeout and returns
 * empty; a datagram due within the timeout advances the clock to its arrival and is returned. No
 * socket, no thread, no real time.
 *
 * <p>Replies are scripted per sent request ({@link Script}); datagrams can also be injected at any
 * time ({@link #arrive}), for example a stale answer already queued before a transaction starts.
 */
final class FakeNetwork implements DatagramTransport, LongSupplier {

  static final InetSocketAddress DAEMON = address(518);
  static final InetSocketAddress LOCAL = address(40_000);

  /** Decides what the daemon sends back for one request. */
  @FunctionalInterface
  interface Script {
    /**
     * @param request the decoded request
     * @param sendNumber 1 for the first datagram ever sent on this network, 2 for the next, ...
     * @return the replies, each with its delay after the send
     */
    List<Reply> onSend(CtlMessage request, int sendNumber);
  }

  /** One datagram the script schedules: {@code delay} after the send, from {@code from}. */
  record Reply(Duration delay, byte[] data, InetSocketAddress from) {}

  /**
   * A request the client sent, with the virtual time of the send and its bytes; an old-talk
   * request (76 bytes) is kept in its ntalk form too, as a daemon files it.
   */
  record Sent(long atNanos, InetSocketAddress target, CtlMessage request, byte[] bytes) {
    /** Whether it went out as a 76-byte old-talk request. */
    boolean oldTalk() {
      return bytes.length == OldCtlMessage.SIZE;
    }
  }

  private record Pending(long atNanos, long seq, Datagram datagram) {}

  private final long startNanos;
  private long now;
  private long seq;
  private Script script = (request, n) -> List.of();
  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.atNanos != b.atNanos
                  ? Long.signum(a.atNanos - b.atNanos) // as System.nanoTime: compare differences
                  : Long.compare(a.seq, b.seq));
  private final List<Sent> sent = new ArrayList<>();
  private final List<Duration> receiveTimeouts = new ArrayList<>();
  private boolean closed;
  private final List<Endpoint> endpoints = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A network whose clock starts at {@code startNanos}, which may be near overflow on purpose. */
  FakeNetwork(long startNanos) {
    this.startNanos = startNanos;
    this.now = startNanos;
  }

  FakeNetwork() {
    this(1_000_000_000L);
  }

  static Reply reply(Duration delay, CtlResponse response) {
    return new Reply(delay, TalkCodec.encode(response), DAEMON);
  }

  static Reply raw(Duration delay, byte[] data) {
    return new Reply(delay, data.clone(), DAEMON);
  }

  FakeNetwork script(Script newScript) {
    this.script = newScript;
    return this;
  }

  /** Makes a datagram arrive {@code delay} from now, independent of any send. */
  void arrive(Duration delay, byte[] data) {
    queue.add(new Pending(now + delay.toNanos(), seq++, new Datagram(data.clone(), DAEMON)));
  }

  /** Lets virtual time pass, as a fake socket that waits does. */
  void advance(Duration d) {
    if (d.isNegative()) {
      throw new AssertionError("negative advance " + d);
    }
    now += d.toNanos();
  }

  /** Virtual time since the network was created. */
  Duration elapsed() {
    return Duration.ofNanos(now - startNanos);
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Sends of one request type, in order. */
  List<Sent> sent(int type) {
    return sent.stream().filter(s -> s.request().type() == type).toList();
  }

  List<Duration> receiveTimeouts() {
    return List.copyOf(receiveTimeouts);
  }

  /** Closed: the network itself, or, once endpoints were opened, every one of them. */
  boolean isClosed() {
    return closed || (!endpoints.isEmpty() && endpoints.stream().allMatch(e -> e.closed));
  }

  /** How many endpoints were opened. */
  int endpointsOpened() {
    return endpoints.size();
  }

  /**
   * A socket of its own on this network: closing it fails what is under way on it (as closing a
   * real channel does) without closing the network, so a client can open fresh ones.
   */
  DatagramTransport endpoint() {
    Endpoint e = new Endpoint();
    endpoints.add(e);
    return e;
  }

  private final class Endpoint implements DatagramTransport {
    private volatile boolean closed;

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
      check();
      FakeNetwork.this.send(datagram, target);
    }

    @Override
    public Optional<Datagram> receive(Duration timeout) throws IOException {
      check();
      Optional<Datagram> d = FakeNetwork.this.receive(timeout);
      check(); // closed by a script callback while "waiting"
      return d;
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
      check();
      return FakeNetwork.this.localAddress();
    }

    @Override
    public void close() {
      closed = true;
    }

    private void check() throws IOException {
      if (closed) {
        throw new java.nio.channels.AsynchronousCloseException();
      }
    }
  }

  @Override
  public long getAsLong() {
    return now;
  }

  @Override
  public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
    ensureOpen();
    byte[] bytes = new byte[datagram.remaining()];
    datagram.get(bytes);
    CtlMessage request;
    try {
      request = bytes.length == OldCtlMessage.SIZE
          ? OldTalkCodec.decodeMessage(bytes).toCtlMessage()
          : TalkCodec.decodeMessage(bytes);
    } catch (MalformedPacketException e) {
      throw new AssertionError("the client sent a malformed request", e);
    }
    sent.add(new Sent(now, target, request, bytes));
    for (Reply r : script.onSend(request, sent.size())) {
      queue.add(
          new Pending(now + r.delay().toNanos(), seq++, new Datagram(r.data().clone(), r.from())));
    }
  }

  @Override
  public Optional<Datagram> receive(Duration timeout) throws IOException {
    ensureOpen();
    if (timeout.isNegative()) {
      throw new AssertionError("negative receive timeout " + timeout);
    }
    receiveTimeouts.add(timeout);
    long wait = timeout.toNanos();
    Pending head = queue.peek();
    if (head != null && head.atNanos - now <= wait) {
      queue.poll();
      if (head.atNanos - now > 0) {
        now = head.atNanos;
      }
      return Optional.of(head.datagram());
    }
    now += wait;
    return Optional.empty();
  }

  @Override
  public InetSocketAddress localAddress() throws IOException {
    ensureOpen();
    return LOCAL;
  }

  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
  }

  /** 127.0.0.{@code last}: the hosts of the virtual-time tests. */
  static Inet4Address ip(int last) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetSocketAddress address(int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.TalkDescriber;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A UDP relay between talk clients and a talk daemon that prints every datagram decoded.
 *
 * <p>Clients send to the relay's listening socket. For each client address the relay opens its own
 * socket towards the daemon, so that the daemon's reply (netkit replies to the source address) comes
 * back on it and can be passed to the right client. Datagrams that do not decode are printed as
 * MALFORMED and relayed all the same: the relay shows the traffic, it does not judge it.
 *
 * <p>Daemons that reply to the {@code ctl_addr} written in the request instead (BSD, GNU
 * inetutils) send their replies straight to the client, past the relay; only the requests are seen.
 */
final class TraceRelay implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  /** Upstream sockets kept at once; the least recently used client's is closed beyond this. */
  private static final int MAX_CLIENTS = 256;

  private final DatagramChannel listen;
  private final InetSocketAddress daemon;
  private final Selector selector;
  private final PrintStream out;
  private final ByteBuffer buffer = ByteBuffer.allocate(2048);
  private final Map<InetSocketAddress, DatagramChannel> upstreams =
      new LinkedHashMap<>(16, 0.75f, true);
  private long relayed;
  private long limit;
  private Observer observer = (from, to, datagram) -> {};

  /** Told of every datagram relayed, on the relay's thread, after it is printed. */
  @FunctionalInterface
  interface Observer {
    /**
     * A datagram passed.
     *
     * @param from its sender: a client, or the daemon
     * @param to its receiver: the daemon, or a client
     * @param datagram its bytes (the observer's own copy)
     * @throws IOException if the observer's output fails; the relay stops with it
     */
    void relayed(InetSocketAddress from, InetSocketAddress to, byte[] datagram)
        throws IOException;
  }

  /** Sets who hears of each datagram (by default nobody). */
  void observer(Observer newObserver) {
    this.observer = Objects.requireNonNull(newObserver, "observer");
  }

  private TraceRelay(DatagramChannel listen, InetSocketAddress daemon, Selector selector,
      PrintStream out) {
    this.listen = listen;
    this.daemon = daemon;
    this.selector = selector;
    this.out = out;
  }

  static TraceRelay open(InetSocketAddress listenAddress, InetSocketAddress daemon, PrintStream out)
      throws IOException {
    DatagramChannel listen = DatagramChannel.open(StandardProtocolFamily.INET);
    Selector selector = Selector.open();
    try {
      listen.bind(listenAddress);
      listen.configureBlocking(false);
      listen.register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      selector.close();
      listen.close();
      throw e;
    }
    return new TraceRelay(listen, daemon, selector, out);
  }

  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) listen.getLocalAddress();
  }

  long relayed() {
    return relayed;
  }

  /**
   * Relays until {@code maxDatagrams} have passed (0: for ever) or the relay is closed. Exactly that
   * many: datagrams already queued beyond the limit are left unread.
   */
  void run(long maxDatagrams) throws IOException {
    if (maxDatagrams < 0) {
      throw new IllegalArgumentException("maxDatagrams must be 0 or more: " + maxDatagrams);
    }
    limit = maxDatagrams;
    while (selector.isOpen() && !limitReached()) {
      selector.select();
      if (!selector.isOpen()) {
        return;
      }
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext() && !limitReached()) {
        SelectionKey key = keys.next();
        keys.remove();
        DatagramChannel ch = (DatagramChannel) key.channel();
        if (ch == listen) {
          fromClient();
        } else {
          fromDaemon(ch, (InetSocketAddress) key.attachment());
        }
      }
    }
  }

  private boolean limitReached() {
    return limit != 0 && relayed >= limit;
  }

  private void fromClient() throws IOException {
    InetSocketAddress client;
    while (!limitReached() && (client = receive(listen)) != null) {
      byte[] datagram = bytes();
      print(text(client) + " -> daemon " + text(daemon), TalkDescriber.describeMessage(datagram));
      upstream(client).send(ByteBuffer.wrap(datagram), daemon);
      relayed++;
      observer.relayed(client, daemon, datagram.clone());
    }
  }

  private void fromDaemon(DatagramChannel upstream, InetSocketAddress client) throws IOException {
    InetSocketAddress from;
    while (!limitReached() && (from = receive(upstream)) != null) {
      byte[] datagram = bytes();
      print("daemon " + text(from) + " -> " + text(client), TalkDescriber.describeResponse(datagram));
      listen.send(ByteBuffer.wrap(datagram), client);
      relayed++;
      observer.relayed(from, client, datagram.clone());
    }
  }

  private DatagramChannel upstream(InetSocketAddress client) throws IOException {
    DatagramChannel ch = upstreams.get(client);
    if (ch != null) {
      return ch;
    }
    if (upstreams.size() >= MAX_CLIENTS) {
      Iterator<DatagramChannel> eldest = upstreams.values().iterator();
      eldest.next().close();
      eldest.remove();
    }
    ch = DatagramChannel.open(StandardProtocolFamily.INET);
    ch.bind(new InetSocketAddress(daemon.getAddress().isLoopbackAddress()
        ? daemon.getAddress() : null, 0));
    ch.configureBlocking(false);
    ch.register(selector, SelectionKey.OP_READ, client);
    upstreams.put(client, ch);
    return ch;
  }

  private InetSocketAddress receive(DatagramChannel ch) throws IOException {
    buffer.clear();
    InetSocketAddress from = (InetSocketAddress) ch.receive(buffer);
    buffer.flip();
    return from;
  }

  private byte[] bytes() {
    byte[] b = new byte[buffer.remaining()];
    buffer.get(b);
    return b;
  }

  private void print(String direction, TalkDescriber.Description d) {
    out.println(LocalTime.now().format(TIME) + "  " + direction + "  " + d.kind() + " "
        + d.length() + " bytes");
    out.print(d.toTable("    "));
    out.flush();
  }

  static String text(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @Override
  public void close() throws IOException {
    selector.close();
    for (DatagramChannel ch : upstreams.values()) {
      ch.close();
    }
    listen.close();
  }
}

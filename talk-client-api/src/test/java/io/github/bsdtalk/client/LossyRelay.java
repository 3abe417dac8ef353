package io.github.bsdtalk.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay on 127.0.0.1 between talk clients and one daemon that drops a fraction of the
 * datagrams in each direction, chosen by seeded random numbers. Each client gets its own upstream
 * socket (as a NAT would), so the daemon's answers find their way back to the right client.
 *
 * <p>Which datagrams are dropped depends on the seed and on the order datagrams reach the relay,
 * which thread scheduling may vary; the drop rate is what the tests rely on.
 */
final class LossyRelay implements AutoCloseable {

  private final InetSocketAddress target;
  private final double dropRate;
  private final Random toDaemon;
  private final Random toClient;
  private final Selector selector;
  private final DatagramChannel downstream;
  private final Map<SocketAddress, DatagramChannel> upstreams = new HashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(1024);
  private final Thread thread;
  private final AtomicInteger forwarded = new AtomicInteger();
  private final AtomicInteger droppedToDaemon = new AtomicInteger();
  private final AtomicInteger droppedToClient = new AtomicInteger();
  private volatile boolean closed;

  LossyRelay(InetSocketAddress target, double dropRate, long seed) throws IOException {
    this.target = target;
    this.dropRate = dropRate;
    this.toDaemon = new Random(seed);
    this.toClient = new Random(~seed);
    this.selector = Selector.open();
    this.downstream = DatagramChannel.open(StandardProtocolFamily.INET);
    downstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    downstream.configureBlocking(false);
    downstream.register(selector, SelectionKey.OP_READ);
    thread = new Thread(this::run, "lossy-relay");
    thread.setDaemon(true);
    thread.start();
  }

  /** Where clients send: use it as the daemon's address. */
  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) downstream.getLocalAddress();
  }

  int forwarded() {
    return forwarded.get();
  }

  /** Datagrams from clients that were dropped on purpose. */
  int droppedToDaemon() {
    return droppedToDaemon.get();
  }

  /** Datagrams from the daemon that were dropped on purpose. */
  int droppedToClient() {
    return droppedToClient.get();
  }

  private void run() {
    try {
      while (!closed) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.attachment() == null) {
            fromClient();
          } else {
            fromDaemon((DatagramChannel) key.channel(), (SocketAddress) key.attachment());
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        throw new IllegalStateException("relay failed", e);
      }
    }
  }

  private void fromClient() throws IOException {
    SocketAddress client;
    while ((client = receive(downstream)) != null) {
      if (drop(toDaemon, droppedToDaemon)) {
        continue;
      }
      DatagramChannel up = upstreams.get(client);
      if (up == null) {
        up = DatagramChannel.open(StandardProtocolFamily.INET);
        up.connect(target);
        up.configureBlocking(false);
        up.register(selector, SelectionKey.OP_READ, client);
        upstreams.put(client, up);
      }
      try {
        up.write(buffer);
      } catch (java.net.PortUnreachableException e) {
        // the daemon is gone: a previous datagram drew ICMP port unreachable; lose this one too
      }
    }
  }

  private void fromDaemon(DatagramChannel up, SocketAddress client) throws IOException {
    while (receive(up) != null) {
      if (!drop(toClient, droppedToClient)) {
        downstream.send(buffer, client);
      }
    }
  }

  /** Reads one datagram into the buffer, flipped; null if none is queued. */
  private SocketAddress receive(DatagramChannel ch) throws IOException {
    buffer.clear();
    SocketAddress from;
    try {
      from = ch.receive(buffer);
    } catch (java.net.PortUnreachableException e) {
      return null;
    }
    buffer.flip();
    return from;
  }

  private boolean drop(Random random, AtomicInteger dropped) {
    if (random.nextDouble() < dropRate) {
      dropped.incrementAndGet();
      return true;
    }
    forwarded.incrementAndGet();
    return false;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    closed = true;
    selector.wakeup();
    thread.join(10_000);
    selector.close();
    downstream.close();
    for (DatagramChannel up : upstreams.values()) {
      up.close();
    }
  }
}

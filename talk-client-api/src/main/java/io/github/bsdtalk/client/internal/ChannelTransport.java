package io.github.bsdtalk.client.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Optional;

/** {@link DatagramTransport} over a non-blocking {@link DatagramChannel} and a selector. */
public final class ChannelTransport implements DatagramTransport {
  /** Larger than any talk datagram; a longer one is cut and then fails to decode. */
  private static final int BUFFER = 512;

  private final DatagramChannel channel;
  private final Selector selector;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

  private ChannelTransport(DatagramChannel channel, Selector selector) {
    this.channel = channel;
    this.selector = selector;
  }

  /**
   * Opens a UDP socket, bound to {@code bind} or connected to {@code connectTo}.
   *
   * @param bind the local address, or null for any
   * @param connectTo the daemon to connect to, or null
   * @return the transport
   * @throws IOException if it cannot be opened
   */
  public static ChannelTransport open(InetSocketAddress bind, InetSocketAddress connectTo)
      throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    Selector sel = null;
    try {
      if (connectTo != null) {
        ch.connect(connectTo);
      } else {
        ch.bind(bind);
      }
      ch.configureBlocking(false);
      sel = Selector.open();
      ch.register(sel, SelectionKey.OP_READ);
      return new ChannelTransport(ch, sel);
    } catch (IOException | RuntimeException e) {
      if (sel != null) {
        sel.close();
      }
      ch.close();
      throw e;
    }
  }

  @Override
  public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
    if (channel.isConnected()) {
      channel.write(datagram); // a connected socket may only send to its peer
    } else {
      channel.send(datagram, target);
    }
  }

  @Override
  public Optional<Datagram> receive(Duration timeout) throws IOException {
    // Checked first, not only after select(): Transactor drains with zero timeouts before it
    // sends, and an interrupt must stop it there, before a request goes out whose answer (a
    // re-announce's new id, say) would then never be read.
    checkInterrupt();
    Optional<Datagram> ready = poll();
    if (ready.isPresent() || timeout.isZero()) {
      return ready;
    }
    long millis = Math.max(1, timeout.toMillis());
    selector.select(millis);
    selector.selectedKeys().clear();
    checkInterrupt();
    return poll();
  }

  private static void checkInterrupt() throws InterruptedIOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("interrupted while waiting for a talk daemon");
    }
  }

  private Optional<Datagram> poll() throws IOException {
    buffer.clear();
    InetSocketAddress from;
    try {
      from = (InetSocketAddress) channel.receive(buffer);
    } catch (java.net.PortUnreachableException e) {
      // ICMP port unreachable from a connected socket: nobody listens there. Treat as silence; the
      // retry policy decides when to give up.
      return Optional.empty();
    }
    if (from == null) {
      return Optional.empty();
    }
    buffer.flip();
    byte[] data = new byte[buffer.remaining()];
    buffer.get(data);
    return Optional.of(new Datagram(data, from));
  }

  @Override
  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  @Override
  public void close() throws IOException {
    try {
      selector.close();
    } finally {
      channel.close();
    }
  }
}

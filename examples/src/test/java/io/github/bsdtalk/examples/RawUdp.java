package io.github.bsdtalk.examples;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** A UDP socket connected to one address, for tests that send datagrams no client would. */
final class RawUdp implements Closeable {
  private final DatagramSocket socket;

  private RawUdp(DatagramSocket socket) {
    this.socket = socket;
  }

  static RawUdp connect(InetSocketAddress target) throws IOException {
    DatagramSocket s = new DatagramSocket();
    s.connect(target);
    return new RawUdp(s);
  }

  InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  void send(ByteBuffer data, InetSocketAddress target) throws IOException {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    socket.send(new DatagramPacket(bytes, bytes.length, target));
  }

  /** One datagram's bytes, or empty after {@code timeout}. */
  Optional<byte[]> receive(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOf(p.getData(), p.getLength()));
  }

  @Override
  public void close() {
    socket.close();
  }
}

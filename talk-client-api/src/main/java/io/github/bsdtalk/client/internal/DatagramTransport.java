package io.github.bsdtalk.client.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * The UDP seam of the client: one socket that sends requests to talk daemons and receives their
 * replies. {@link #open(InetSocketAddress)} and {@link #connect(InetSocketAddress)} give real
 * sockets; tests supply fakes that run in virtual time.
 *
 * <p>Implementations need not be thread-safe: a {@link Transactor} uses its transport from one
 * thread at a time.
 */
public interface DatagramTransport extends Closeable {

  /**
   * Sends one datagram.
   *
   * @param datagram the bytes, from position to limit
   * @param target where to send it
   * @throws IOException if sending fails
   */
  void send(ByteBuffer datagram, InetSocketAddress target) throws IOException;

  /**
   * Waits up to {@code timeout} for a datagram.
   *
   * @param timeout how long to wait; zero means only take one that is already queued
   * @return the datagram, or empty if none arrived in time
   * @throws IOException if receiving fails
   * @throws java.io.InterruptedIOException if the thread is interrupted
   */
  Optional<Datagram> receive(Duration timeout) throws IOException;

  /**
   * Returns the socket's local address: what goes into {@code ctl_addr}.
   *
   * @return the bound address
   * @throws IOException if the socket is closed
   */
  InetSocketAddress localAddress() throws IOException;

  /**
   * Opens a UDP socket bound to {@code bind} (port 0 for any).
   *
   * @param bind the local address
   * @return the transport
   * @throws IOException if the socket cannot be opened
   */
  static DatagramTransport open(InetSocketAddress bind) throws IOException {
    return ChannelTransport.open(bind, null);
  }

  /**
   * Opens a UDP socket connected to a daemon, as netkit's talk does for the remote daemon ({@code
   * talk/ctl.c} {@code open_ctl}): the kernel then picks the local interface that routes there, and
   * {@link #localAddress()} tells which address the daemon will see, which is what goes into {@code
   * ctl_addr} and the invitation's {@code addr}. It only receives datagrams from that daemon.
   *
   * @param daemon the daemon's address
   * @return the transport
   * @throws IOException if the socket cannot be opened
   */
  static DatagramTransport connect(InetSocketAddress daemon) throws IOException {
    return ChannelTransport.open(null, daemon);
  }
}

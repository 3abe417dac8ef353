package io.github.bsdtalk.client.internal;

import java.io.IOException;
import java.net.InetSocketAddress;

/** Opens the UDP socket for a daemon; tests substitute fakes or lossy relays. Internal. */
@FunctionalInterface
public interface TransportFactory {
  /** Real sockets, connected to the daemon ({@link DatagramTransport#connect}). */
  TransportFactory SOCKETS = DatagramTransport::connect;

  /**
   * Opens a transport for talking to one daemon.
   *
   * @param daemon the daemon's address
   * @return the transport
   * @throws IOException if it cannot be opened
   */
  DatagramTransport open(InetSocketAddress daemon) throws IOException;
}

package io.github.bsdtalk.client.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The TCP seam of {@link CallFlow}: the caller's listening socket and the callee's connect. The
 * default, {@link #SOCKETS}, uses real sockets; tests substitute a fake that runs in the same
 * virtual time as their {@link DatagramTransport}. Internal: not API.
 */
public interface StreamNetwork {

  /** Real {@link ServerSocket} and {@link Socket}. */
  StreamNetwork SOCKETS = new StreamNetwork() {
    @Override
    public Listener listen(InetSocketAddress bind, int backlog) throws IOException {
      ServerSocket server = new ServerSocket();
      try {
        server.bind(bind, backlog);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
      return new SocketListener(server);
    }

    @Override
    public Socket connect(InetSocketAddress target, Duration timeout) throws IOException {
      Socket socket = new Socket();
      try {
        socket.connect(target, millis(timeout));
        return socket;
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }
  };

  /**
   * Listens for the callee.
   *
   * @param bind the local address, port 0 for any
   * @param backlog the listen backlog
   * @return the listener
   * @throws IOException if it cannot listen
   */
  Listener listen(InetSocketAddress bind, int backlog) throws IOException;

  /**
   * Connects to the caller.
   *
   * @param target the address in the invitation
   * @param timeout how long to try
   * @return the connected socket
   * @throws java.net.ConnectException if refused
   * @throws SocketTimeoutException if it timed out
   * @throws IOException on other failures
   */
  Socket connect(InetSocketAddress target, Duration timeout) throws IOException;

  /** A connection accepted from {@code peer}, the address it came from. */
  record Incoming(Socket socket, InetAddress peer) {
    public Incoming {
      Objects.requireNonNull(socket, "socket");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /** A listening socket. Closing it wakes a thread blocked in {@link #accept}. */
  interface Listener extends Closeable {
    /**
     * Returns the port it listens on.
     *
     * @return the port
     */
    int port();

    /**
     * Waits up to {@code timeout} for a connection.
     *
     * @param timeout how long; zero takes only one already waiting
     * @return the connection, or empty if none came in time
     * @throws java.net.SocketException if the listener was closed
     * @throws IOException on other failures
     */
    Optional<Incoming> accept(Duration timeout) throws IOException;
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  /** A {@link Listener} over a {@link ServerSocket}. */
  final class SocketListener implements Listener {
    private final ServerSocket server;

    SocketListener(ServerSocket server) {
      this.server = server;
    }

    @Override
    public int port() {
      return server.getLocalPort();
    }

    @Override
    public Optional<Incoming> accept(Duration timeout) throws IOException {
      // SO_TIMEOUT 0 would mean for ever; 1 ms is the shortest poll there is.
      server.setSoTimeout(millis(timeout));
      Socket s;
      try {
        s = server.accept();
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      return Optional.of(new Incoming(s, s.getInetAddress()));
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}

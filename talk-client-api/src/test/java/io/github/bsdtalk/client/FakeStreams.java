package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.StreamNetwork;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TCP side of {@link TalkCall} in the virtual time of a {@link FakeNetwork}: an accept with
 * no connection due within its timeout lets the whole timeout pass; connections arrive at given
 * virtual times from given (claimed) addresses; connects are scripted. The sockets handed out are
 * real ends of loopback socket pairs, so that {@link Conversation} runs unchanged; the test holds
 * the other ends.
 */
final class FakeStreams implements StreamNetwork {

  static final int LISTEN_PORT = 50_000;

  /** Decides what a connect does. */
  @FunctionalInterface
  interface Connector {
    Socket connect(InetSocketAddress target, Duration timeout) throws IOException;
  }

  /** A connect the rendezvous made. */
  record Connect(long atNanos, InetSocketAddress target, Duration timeout) {}

  private record Arrival(long atNanos, Incoming incoming) {}

  private final FakeNetwork clock;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final List<Connect> connects = new ArrayList<>();
  private final List<Socket> toClose = new ArrayList<>();
  private Connector connector =
      (target, timeout) -> {
        throw new ConnectException("Connection refused");
      };
  private InetSocketAddress bound;
  private boolean listenerClosed;

  FakeStreams(FakeNetwork clock) {
    this.clock = clock;
  }

  FakeStreams connector(Connector newConnector) {
    this.connector = newConnector;
    return this;
  }

  /**
   * Makes a connection from {@code peer} arrive at the listener {@code after} the start of virtual
   * time; returns the connecting end, which the test keeps.
   */
  Socket arrive(Duration after, InetAddress peer) throws IOException {
    Socket[] pair = pair();
    arrivals.add(
        new Arrival(clock.getAsLong() + after.toNanos(), new Incoming(pair[1], peer)));
    return pair[0];
  }

  /** A connected pair of real loopback sockets: [the far end, our end]. */
  Socket[] pair() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket far = new Socket(server.getInetAddress(), server.getLocalPort());
      Socket ours = server.accept();
      toClose.add(far);
      toClose.add(ours);
      return new Socket[] {far, ours};
    }
  }

  List<Connect> connects() {
    return List.copyOf(connects);
  }

  Optional<InetSocketAddress> bound() {
    return Optional.ofNullable(bound);
  }

  boolean listenerClosed() {
    return listenerClosed;
  }

  void closeAll() throws IOException {
    for (Socket s : toClose) {
      s.close();
    }
  }

  @Override
  public Listener listen(InetSocketAddress bind, int backlog) {
    if (bound != null) {
      throw new AssertionError("listened twice");
    }
    bound = bind;
    return new Listener() {
      @Override
      public int port() {
        return LISTEN_PORT;
      }

      @Override
      public Optional<Incoming> accept(Duration timeout) throws IOException {
        if (listenerClosed) {
          throw new SocketException("Socket closed");
        }
        if (timeout.isNegative()) {
          throw new AssertionError("negative accept timeout " + timeout);
        }
        long now = clock.getAsLong();
        Arrival first = null;
        for (Arrival a : arrivals) {
          if (first == null || a.atNanos() - first.atNanos() < 0) {
            first = a;
          }
        }
        if (first != null && first.atNanos() - now <= timeout.toNanos()) {
          arrivals.remove(first);
          if (first.atNanos() - now > 0) {
            clock.advance(Duration.ofNanos(first.atNanos() - now));
          }
          return Optional.of(first.incoming());
        }
        clock.advance(timeout);
        return Optional.empty();
      }

      @Override
      public void close() {
        listenerClosed = true;
      }
    };
  }

  @Override
  public Socket connect(InetSocketAddress target, Duration timeout) throws IOException {
    connects.add(new Connect(clock.getAsLong(), target, timeout));
    return connector.connect(target, timeout);
  }
}

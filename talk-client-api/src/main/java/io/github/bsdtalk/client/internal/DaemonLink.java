package io.github.bsdtalk.client.internal;

import io.github.bsdtalk.client.DaemonProtocol;
import io.github.bsdtalk.client.TalkTimeoutException;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.util.Objects;
import java.util.Optional;

/**
 * One daemon of a call and the protocol it is spoken to in. With {@link DaemonProtocol#AUTO} the
 * first request goes out in ntalk ({@link Transactor#probe}); if the daemon stays silent for the
 * whole retry policy, or the first datagram back is no ntalk reply to it, the link reopens its
 * socket towards the old-talk address and keeps to old talk for the rest of the call. This is
 * ytalk's {@code find_daemon()} ({@code socket.c}) done one protocol after the other instead of
 * both at once, so that a daemon that speaks ntalk never sees an old-talk packet: ytalk records
 * which daemons answered, prefers ntalk ("init daemons in order of preference") and remembers the
 * answer per host ({@code host_head}), as {@link #another} carries it over here.
 *
 * <p>Every request is sent with this link's socket address in {@code ctl_addr}; the flow puts the
 * same there already, but after a fallback the socket is a new one. Not thread-safe, except
 * {@link #close()}, which may come from {@code cancel()} on another thread. Internal.
 */
final class DaemonLink implements AutoCloseable {

  /** Opens a transactor towards a daemon address in a protocol. */
  @FunctionalInterface
  interface Opener {
    Transactor open(InetSocketAddress daemon, Wire wire) throws IOException;
  }

  private final InetSocketAddress ntalkAddress;
  private final InetSocketAddress otalkAddress;
  private final Opener opener;
  private final Runnable onOldTalk;
  private Wire wire; // null while AUTO has not asked this daemon anything
  private Transactor transactor; // guarded by this
  private InetSocketAddress address;
  private boolean closed; // guarded by this

  private DaemonLink(InetSocketAddress ntalkAddress, InetSocketAddress otalkAddress,
      Opener opener, Runnable onOldTalk, Wire wire) throws IOException {
    this.ntalkAddress = ntalkAddress;
    this.otalkAddress = otalkAddress;
    this.opener = opener;
    this.onOldTalk = onOldTalk;
    this.wire = wire;
    Wire first = wire == null ? Wire.NTALK : wire;
    this.address = first == Wire.OTALK ? otalkAddress : ntalkAddress;
    this.transactor = opener.open(address, first);
  }

  /**
   * Opens a link to a daemon.
   *
   * @param protocol the client's choice
   * @param ntalkAddress where it takes ntalk
   * @param otalkAddress where it takes old talk
   * @param opener opens the sockets
   * @param onOldTalk told once if {@link DaemonProtocol#AUTO} falls back to old talk
   * @return the link, its socket open
   * @throws IOException if the socket cannot be opened
   */
  static DaemonLink open(DaemonProtocol protocol, InetSocketAddress ntalkAddress,
      InetSocketAddress otalkAddress, Opener opener, Runnable onOldTalk) throws IOException {
    Wire wire = switch (protocol) {
      case AUTO -> null;
      case NTALK -> Wire.NTALK;
      case OTALK -> Wire.OTALK;
    };
    return new DaemonLink(Objects.requireNonNull(ntalkAddress, "ntalkAddress"),
        Objects.requireNonNull(otalkAddress, "otalkAddress"), opener, onOldTalk, wire);
  }

  /**
   * Opens another socket to the same daemon, in the protocol this link has settled on (or still
   * undecided): for our own daemon when it is the other party's too, and for the DELETEs after a
   * cancel.
   *
   * @param whenOldTalk told if the new link falls back in its turn
   * @return the new link
   * @throws IOException if the socket cannot be opened
   */
  DaemonLink another(Runnable whenOldTalk) throws IOException {
    return new DaemonLink(ntalkAddress, otalkAddress, opener, whenOldTalk, wire);
  }

  /** Whether this link's daemon is the one at {@code ntalk} (and {@code otalk}). */
  boolean isDaemon(InetSocketAddress ntalk, InetSocketAddress otalk) {
    return ntalkAddress.equals(ntalk) && otalkAddress.equals(otalk);
  }

  /** The daemon's address in the protocol in use (ntalk's while undecided). */
  InetSocketAddress address() {
    return address;
  }

  /** The local address of the socket: what goes into {@code ctl_addr}. */
  InetSocketAddress localAddress() throws IOException {
    return current().localAddress();
  }

  /**
   * One transaction; with {@link DaemonProtocol#AUTO} the first one decides the protocol.
   *
   * @throws TalkTimeoutException if the daemon does not answer (in either protocol, for AUTO:
   *     then the old-talk one, with the ntalk one suppressed)
   * @throws io.github.bsdtalk.client.NameTooLongException if old talk cannot carry a name
   */
  CtlResponse transact(CtlMessage request) throws IOException {
    Transactor t = current();
    if (wire != null) {
      return t.transact(address, addressed(t, request));
    }
    TalkTimeoutException silent = null;
    Optional<CtlResponse> answer;
    try {
      answer = t.probe(address, addressed(t, request));
    } catch (TalkTimeoutException e) {
      silent = e;
      answer = Optional.empty();
    }
    if (answer.isPresent()) {
      wire = Wire.NTALK;
      return answer.get();
    }
    t = switchToOldTalk();
    try {
      return t.transact(address, addressed(t, request));
    } catch (TalkTimeoutException e) {
      if (silent != null) {
        e.addSuppressed(silent);
      }
      throw e;
    }
  }

  /** One datagram, no answer awaited ({@code send_delete()}); ntalk while undecided. */
  void sendOnce(CtlMessage request) throws IOException {
    Transactor t = current();
    t.sendOnce(address, addressed(t, request));
  }

  private Transactor switchToOldTalk() throws IOException {
    Transactor old;
    synchronized (this) {
      old = transactor;
    }
    old.close();
    wire = Wire.OTALK;
    address = otalkAddress;
    onOldTalk.run();
    Transactor opened = opener.open(otalkAddress, Wire.OTALK);
    synchronized (this) {
      if (closed) { // a cancel() came while the socket was being replaced
        opened.close();
        throw new AsynchronousCloseException();
      }
      transactor = opened;
    }
    return opened;
  }

  private synchronized Transactor current() {
    return transactor;
  }

  private static CtlMessage addressed(Transactor t, CtlMessage request) throws IOException {
    return request.withControlAddress(TalkAddress.of(t.localAddress()));
  }

  /** Closes the socket; from any thread. */
  @Override
  public void close() throws IOException {
    Transactor t;
    synchronized (this) {
      closed = true;
      t = transactor;
    }
    t.close();
  }
}

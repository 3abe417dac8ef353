package io.github.bsdtalk.endpoint;

import static org.assertj.core.api.Assertions.fail;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.server.Announcement;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Connector} over in-memory pipes: every connect is recorded and gives a {@link FakePeer};
 * an address can be made to refuse, to hold the connect until released, or to get a small receive
 * buffer (a peer who stops reading fills it quickly).
 */
final class FakeNetwork implements Connector {
  static final Duration WAIT = Duration.ofSeconds(10);

  final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
  private final BlockingQueue<FakePeer> peers = new LinkedBlockingQueue<>();
  final Map<InetSocketAddress, Integer> receiveBuffers = new ConcurrentHashMap<>();
  final Map<InetSocketAddress, CountDownLatch> held = new ConcurrentHashMap<>();
  final List<InetSocketAddress> refused = new CopyOnWriteArrayList<>();

  @Override
  public Conversation connect(InetSocketAddress address, EditChars mine, Duration timeout)
      throws IOException {
    connects.add(address);
    CountDownLatch hold = held.get(address);
    if (hold != null) {
      try {
        if (!hold.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new ConnectException("held too long");
        }
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    }
    if (refused.contains(address)) {
      throw new ConnectException("Connection refused");
    }
    FakePeer peer = new FakePeer(address, receiveBuffers.getOrDefault(address, 1 << 20));
    Conversation c = peer.endpointSide(mine, timeout);
    peers.add(peer);
    return c;
  }

  /** The next peer the endpoint connected to. */
  FakePeer nextPeer() throws InterruptedException {
    FakePeer p = peers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (p == null) {
      fail("no connection within " + WAIT);
    }
    return p;
  }

  static InetSocketAddress address(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** An ANNOUNCE from {@code user} on {@code fromHost}, whose talk listens at {@code addr}. */
  static Announcement announcement(
      String user, String callee, String fromHost, InetSocketAddress addr) {
    try {
      TalkAddress rendezvous = TalkAddress.of(addr);
      CtlMessage m =
          CtlMessage.of(
              RequestType.ANNOUNCE,
              0,
              rendezvous,
              TalkAddress.of(new InetSocketAddress(fromHost, 40000)),
              4242,
              user,
              callee,
              "");
      return new Announcement(
          user, callee, "", InetAddress.getByName(fromHost), rendezvous, m, Instant.EPOCH);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

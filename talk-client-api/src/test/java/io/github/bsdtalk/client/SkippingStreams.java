package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.StreamNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Real TCP sockets whose waits are skipped: an accept polls the real listener briefly and, if no
 * connection came, lets the rest of its timeout pass on this clock at once. Given to a call as both
 * its streams and its {@code nanoTime}, the call rings again, times out and gives up with real
 * sockets and a real daemon, but without waiting out any interval in real time.
 */
final class SkippingStreams implements StreamNetwork, LongSupplier {

  /** How long an accept looks at the real listener before it skips: liveness, not an interval. */
  private static final Duration POLL = Duration.ofMillis(50);

  private final AtomicLong skipped = new AtomicLong();

  @Override
  public long getAsLong() {
    return System.nanoTime() + skipped.get();
  }

  /** Time skipped so far. */
  Duration skipped() {
    return Duration.ofNanos(skipped.get());
  }

  @Override
  public Listener listen(InetSocketAddress bind, int backlog) throws IOException {
    Listener real = StreamNetwork.SOCKETS.listen(bind, backlog);
    return new Listener() {
      @Override
      public int port() {
        return real.port();
      }

      @Override
      public Optional<Incoming> accept(Duration timeout) throws IOException {
        Duration poll = timeout.compareTo(POLL) < 0 ? timeout : POLL;
        Optional<Incoming> in = real.accept(poll);
        if (in.isEmpty()) {
          skipped.addAndGet(timeout.minus(poll).toNanos());
        }
        return in;
      }

      @Override
      public void close() throws IOException {
        real.close();
      }
    };
  }

  @Override
  public Socket connect(InetSocketAddress target, Duration timeout) throws IOException {
    return StreamNetwork.SOCKETS.connect(target, timeout);
  }
}

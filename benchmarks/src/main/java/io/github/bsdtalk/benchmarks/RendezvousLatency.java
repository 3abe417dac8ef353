package io.github.bsdtalk.benchmarks;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.RingLimits;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rendezvous latency of two of our clients through our daemon, all in one process on loopback.
 *
 * <p>One call: alice's {@link TalkCall#execute()} starts (t0); LOOK_UP finds nothing, she listens,
 * ANNOUNCEs and LEAVE_INVITEs; on {@link CallProgress#WAITING_FOR_PARTY} bob's TalkCall is
 * started on another (already running) thread, as DemoCommand does when bob "sees the
 * announcement"; bob's LOOK_UP finds her invitation, he connects, both exchange edit characters.
 * The call is done when both have reported {@link CallProgress#CONNECTED}. Reported: t0 to
 * alice's WAITING_FOR_PARTY, to bob's CONNECTED, to alice's CONNECTED, and to both (the max).
 * Alice's time includes her two DELETEs, which she sends after accept() and before the edit
 * characters, as invite.c does.
 *
 * <p>This measures the library and the JVM on loopback, not a person: a human answering takes
 * seconds. One daemon plays both hosts' daemons (as in the demo).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.bsdtalk.benchmarks.RendezvousLatency [N [WARMUP]]
 * </pre>
 */
public final class RendezvousLatency {

  private RendezvousLatency() {}

  /** Timestamps of one call, in System.nanoTime() units. */
  private static final class Times {
    long start;
    final AtomicLong waiting = new AtomicLong();
    final AtomicLong aliceConnected = new AtomicLong();
    final AtomicLong bobConnected = new AtomicLong();
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    AtomicInteger rung = new AtomicInteger();
    TalkdServer talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(Announcer.callback(a -> rung.incrementAndGet()))
            .ringLimits(RingLimits.NONE) // hundreds of calls a second: the latency, not the limits
            .build();
    talkd.serveOn(r -> {
      Thread server = new Thread(r, "talkd");
      server.setDaemon(true);
      server.start();
    });
    int port = talkd.localAddress().getPort();
    ExecutorService bobs = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bob");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < warmup; i++) {
        once(port, 10_000 + 2 * i, bobs);
      }
      long[] waiting = new long[n];
      long[] bob = new long[n];
      long[] alice = new long[n];
      long[] both = new long[n];
      for (int i = 0; i < n; i++) {
        Times t = once(port, 20_000 + 2 * i, bobs);
        waiting[i] = t.waiting.get() - t.start;
        bob[i] = t.bobConnected.get() - t.start;
        alice[i] = t.aliceConnected.get() - t.start;
        both[i] = Math.max(t.bobConnected.get(), t.aliceConnected.get()) - t.start;
      }
      System.out.printf("rendezvous latency, our client x2 + our TalkdServer, in-process loopback;"
          + " N=%d after %d warm-up calls (microseconds)%n", n, warmup);
      System.out.printf("%-32s %9s %9s %9s %9s %9s %9s%n",
          "t0 = alice call() start, to", "min", "p50", "p90", "p99", "max", "mean");
      row("alice WAITING_FOR_PARTY", waiting);
      row("bob CONNECTED", bob);
      row("alice CONNECTED", alice);
      row("both CONNECTED", both);
      System.out.printf("daemon: %d announcements rung, invitations left in table: %d, %s%n",
          rung.get(), talkd.processor().orElseThrow().table().size(), talkd.stats());
    } finally {
      bobs.shutdownNow();
      talkd.close();
    }
  }

  private static Times once(int port, int pid, ExecutorService bobs) throws Exception {
    Times t = new Times();
    CompletableFuture<CallResult> bobCall = new CompletableFuture<>();
    TalkCall bob =
        TalkClient.newBuilder()
            .daemonPort(port)
            .pid(pid + 1)
            .progress(s -> {
              if (s == CallProgress.CONNECTED) {
                t.bobConnected.set(System.nanoTime());
              }
            })
            .build()
            .newCall("bob", TalkPeer.parse("alice"));
    TalkCall alice =
        TalkClient.newBuilder()
            .daemonPort(port)
            .pid(pid)
            .progress(s -> {
              if (s == CallProgress.WAITING_FOR_PARTY) {
                t.waiting.set(System.nanoTime());
                bobs.execute(() -> {
                  try {
                    bobCall.complete(bob.execute());
                  } catch (Throwable e) {
                    bobCall.completeExceptionally(e);
                  }
                });
              } else if (s == CallProgress.CONNECTED) {
                t.aliceConnected.set(System.nanoTime());
              }
            })
            .build()
            .newCall("alice", TalkPeer.parse("bob"));
    t.start = System.nanoTime();
    CallResult a = alice.execute();
    CallResult b = bobCall.get(20, TimeUnit.SECONDS);
    try {
      if (a.status() != CallResult.Status.CONNECTED_AS_CALLER
          || b.status() != CallResult.Status.CONNECTED_AS_CALLEE) {
        throw new IllegalStateException("call did not connect as expected: " + a + " / " + b);
      }
    } finally {
      a.conversation().ifPresent(c -> close(c));
      b.conversation().ifPresent(c -> close(c));
    }
    return t;
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void row(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    double mean = Arrays.stream(s).average().orElse(0);
    System.out.printf("%-32s %9.0f %9.0f %9.0f %9.0f %9.0f %9.0f%n", what, us(s[0]),
        us(pct(s, 50)), us(pct(s, 90)), us(pct(s, 99)), us(s[s.length - 1]), mean / 1e3);
  }

  /** Nearest-rank percentile. */
  private static long pct(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double us(long nanos) {
    return nanos / 1e3;
  }
}

package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.LoopbackClient.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Ring floods against a real {@link TalkdServer} on 127.0.0.1 (port 0), with the default {@link
 * RingLimits}, a counting announcer and an injected clock: no test sleeps.
 */
class RingFloodLoopbackTest {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final Instant T0 = Instant.parse("2026-12-02T22:00:00Z");
  private static final TalkAddress RENDEZVOUS = TalkAddress.of(ip("127.0.0.1"), 40_000);

  private final Map<String, AtomicInteger> rings = new ConcurrentHashMap<>();
  /** Handled datagrams: the server counts a reply after sending it, and tells its listener last. */
  private final java.util.concurrent.Semaphore handled = new java.util.concurrent.Semaphore(0);
  private final Announcer counting = Announcer.callback(a ->
      rings.computeIfAbsent(a.callerName() + "->" + a.calleeName(), k -> new AtomicInteger())
          .incrementAndGet());

  private static CtlMessage fresh(LoopbackClient c, String caller, String callee, int pid) {
    // a new invitation every time: a new pid and the impossible id of a first ANNOUNCE
    return CtlMessage.of(RequestType.ANNOUNCE, CtlMessage.MAX_ID_NUM, RENDEZVOUS,
        c.controlAddress(), pid, caller, callee, "");
  }

  private int ringsOf(String caller, String callee) {
    AtomicInteger n = rings.get(caller + "->" + callee);
    return n == null ? 0 : n.get();
  }

  @Test
  void thirtyFreshAnnouncesInThreeSecondsRingBobAtMostTwiceWhileAnotherCallerGetsThrough()
      throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    InstantSource clock = now::get;
    try (TalkdServer server = TalkdServer.builder().bind(LOOPBACK).announcer(counting)
            .clock(clock).listener(e -> handled.release()).build();
        TalkdServer.Serving serving = ServingThread.start(server);
        LoopbackClient mallory = new LoopbackClient(server.localAddress());
        LoopbackClient carol = new LoopbackClient("127.0.0.2", server.localAddress())) {
      for (int i = 0; i < 30; i++) {
        now.set(T0.plusMillis(100L * i));
        CtlResponse r = mallory.transact(fresh(mallory, "mallory", "bob", 100 + i));
        assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      }
      assertThat(ringsOf("mallory", "bob")).isBetween(1, 2);

      now.set(T0.plusSeconds(3));
      assertThat(carol.transact(fresh(carol, "carol", "bob", 7)).knownAnswer())
          .contains(Answer.SUCCESS);
      assertThat(ringsOf("carol", "bob")).isEqualTo(1);

      assertThat(handled.tryAcquire(31, ServingThread.PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
          .isTrue();
      TalkdServer.Stats stats = server.stats();
      assertThat(stats.received()).isEqualTo(31);
      assertThat(stats.count(Answer.SUCCESS)).isEqualTo(31);
      assertThat(stats.ringsLimited()).isEqualTo(30 - ringsOf("mallory", "bob"));
    }
  }

  @Test
  void theLimitsHoldUnderEightConcurrentFloodersAndEveryDatagramIsAnswered() throws Exception {
    int flooders = 8;
    int each = 50;
    try (TalkdServer server = TalkdServer.builder().bind(LOOPBACK).announcer(counting)
            .clock(InstantSource.fixed(T0)).listener(e -> handled.release()).build();
        TalkdServer.Serving serving = ServingThread.start(server)) {
      ExecutorService pool = Executors.newFixedThreadPool(flooders);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answered = new ArrayList<>();
        for (int t = 0; t < flooders; t++) {
          String caller = "flood" + t;
          answered.add(pool.submit(() -> {
            try (LoopbackClient c = new LoopbackClient(server.localAddress())) {
              start.await();
              int ok = 0;
              for (int i = 0; i < each; i++) {
                ok += c.transact(fresh(c, caller, "bob", i)).knownAnswer()
                    .filter(a -> a == Answer.SUCCESS).isPresent() ? 1 : 0;
              }
              return ok;
            }
          }));
        }
        start.countDown();
        for (Future<Integer> f : answered) {
          assertThat(f.get(ServingThread.PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
              .isEqualTo(each);
        }
      } finally {
        pool.shutdownNow();
      }
      int total = 0;
      for (int t = 0; t < flooders; t++) {
        assertThat(ringsOf("flood" + t, "bob")).as("flood" + t).isLessThanOrEqualTo(1);
        total += ringsOf("flood" + t, "bob");
      }
      assertThat(total).as("bob's cap").isEqualTo(RingLimits.DEFAULT.perCallee());
      assertThat(handled.tryAcquire(flooders * each, ServingThread.PATIENCE.toMillis(),
          TimeUnit.MILLISECONDS)).isTrue();
      TalkdServer.Stats stats = server.stats();
      assertThat(stats.received()).isEqualTo(flooders * each);
      assertThat(stats.count(Answer.SUCCESS)).isEqualTo(flooders * each);
      assertThat(stats.ringsLimited()).isEqualTo(flooders * each - total);
    }
  }
}

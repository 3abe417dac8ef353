package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One {@link InvitationTable} shared by two {@link TalkdServer}s, as one daemon serving two ports
 * would, with many clients sending each request to both servers at once: every invitation is
 * stored once, refreshed under one id, rung once, and found.
 */
class SharedTableLoopbackTest {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final int CLIENTS = 8;
  private static final int ROUNDS = 150;

  @Test
  void twoServersOnOneTableLoseAndDuplicateNothingUnderConcurrentLoad() throws Exception {
    InvitationTable table = InvitationTable.inMemory();
    Map<String, AtomicInteger> rings = new ConcurrentHashMap<>();
    Announcer announcer =
        Announcer.callback(a -> rings.computeIfAbsent(a.callerName(), k -> new AtomicInteger())
            .incrementAndGet());
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    // no ring limits: this load re-announces many times a second, and counts every ring
    try (TalkdServer a = TalkdServer.builder().bind(LOOPBACK).table(table).announcer(announcer)
            .ringLimits(RingLimits.NONE).build();
        TalkdServer b = TalkdServer.builder().bind(LOOPBACK).table(table).announcer(announcer)
            .ringLimits(RingLimits.NONE).build();
        TalkdServer.Serving sa = ServingThread.start(a);
        TalkdServer.Serving sb = ServingThread.start(b)) {
      List<Future<long[]>> results = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        String caller = "u" + c;
        results.add(pool.submit(() -> oneClient(caller, a.localAddress(), b.localAddress())));
      }
      Set<Long> ids = new HashSet<>();
      for (Future<long[]> f : results) {
        long[] clientIds = f.get(ServingThread.PATIENCE.toSeconds() * 3, TimeUnit.SECONDS);
        ids.add(clientIds[0]);
        ids.add(clientIds[1]);
      }

      assertThat(ids).as("one id per invitation, none shared").hasSize(2 * CLIENTS);
      assertThat(table.size()).as("no invitation lost or stored twice").isEqualTo(2 * CLIENTS);
      assertThat(rings).hasSize(CLIENTS);
      assertThat(rings.values()).as("each announcement rung once, not once per server")
          .allSatisfy(n -> assertThat(n).hasValue(1));
      try (LoopbackClient bob = new LoopbackClient(b.localAddress())) {
        for (int c = 0; c < CLIENTS; c++) {
          CtlResponse found = bob.transact(bob.lookUp("bob", "u" + c));
          assertThat(found.knownAnswer()).contains(Answer.SUCCESS);
          assertThat(ids).contains(found.id());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneServerWithTwoEndpointsOnOneTableAnswersEachFromItsOwnSocket() throws Exception {
    InvitationTable table = InvitationTable.inMemory();
    RequestProcessor p = RequestProcessor.builder().table(table).build();
    java.util.concurrent.BlockingQueue<TalkdServer.Exchange> seen =
        new java.util.concurrent.LinkedBlockingQueue<>();
    try (TalkdServer talkd = TalkdServer.builder()
            .endpoint(TalkdServer.Endpoint.bind(LOOPBACK, p))
            .endpoint(TalkdServer.Endpoint.bind(LOOPBACK, p))
            .listener(seen::add)
            .build();
        TalkdServer.Serving serving = ServingThread.start(talkd)) {
      InetSocketAddress first = (InetSocketAddress) talkd.endpoints().get(0).channel()
          .getLocalAddress();
      InetSocketAddress second = (InetSocketAddress) talkd.endpoints().get(1).channel()
          .getLocalAddress();
      try (LoopbackClient alice = new LoopbackClient(first);
          LoopbackClient bob = new LoopbackClient(second)) {
        CtlResponse left = alice.transact(alice.leaveInvite("alice", "bob",
            TalkAddress.of(TestRequests.LOCALHOST, 40_000), 1));
        CtlResponse found = bob.transact(bob.lookUp("bob", "alice"));

        assertThat(found.knownAnswer()).contains(Answer.SUCCESS);
        assertThat(found.id()).isEqualTo(left.id());
      }
      TalkdServer.Exchange one = seen.poll(10, TimeUnit.SECONDS);
      TalkdServer.Exchange two = seen.poll(10, TimeUnit.SECONDS);
      assertThat(one.endpoint()).contains(first);
      assertThat(two.endpoint()).contains(second);
      byte[] bytes = one.datagram();
      bytes[0] = 99;
      assertThat(one.datagram()[0]).as("the exchange's bytes are copied out").isEqualTo((byte) 1);
      assertThat(serving.isServing()).isTrue();
    }
  }

  /**
   * Leaves one invitation and announces once, sending every copy to both servers at the same time;
   * returns the LEAVE_INVITE's and the ANNOUNCE's id after checking every answer carried it.
   */
  private static long[] oneClient(String caller, InetSocketAddress a, InetSocketAddress b)
      throws Exception {
    try (LoopbackClient toA = new LoopbackClient(a);
        LoopbackClient toB = new LoopbackClient(b)) {
      TalkAddress rendezvous = TalkAddress.of(TestRequests.LOCALHOST, 40_000);
      CtlMessage invite = toA.leaveInvite(caller, "bob", rendezvous, 4242);
      CtlMessage announce = CtlMessage.of(RequestType.ANNOUNCE, TestRequests.IMPOSSIBLE_ID,
          rendezvous, toA.controlAddress(), 4242, caller, "bob", "");
      CtlMessage announceB = CtlMessage.of(RequestType.ANNOUNCE, TestRequests.IMPOSSIBLE_ID,
          rendezvous, toB.controlAddress(), 4242, caller, "bob", "");
      CtlMessage inviteB = toB.leaveInvite(caller, "bob", rendezvous, 4242);
      Set<Long> inviteIds = new HashSet<>();
      Set<Long> announceIds = new HashSet<>();
      for (int i = 0; i < ROUNDS; i++) {
        boolean leave = i % 2 == 0;
        toA.send(leave ? invite : announce);
        toB.send(leave ? inviteB : announceB);
        for (CtlResponse r : List.of(toA.receive(), toB.receive())) {
          assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
          (leave ? inviteIds : announceIds).add(r.id());
        }
      }
      assertThat(inviteIds).as(caller + "'s invitation, refreshed under one id").hasSize(1);
      assertThat(announceIds).as(caller + "'s announcement, one id").hasSize(1);
      return new long[] {inviteIds.iterator().next(), announceIds.iterator().next()};
    }
  }
}

package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.TestRequests.IMPOSSIBLE_ID;
import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.LOCALHOST_2;
import static io.github.bsdtalk.server.TestRequests.announce;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static io.github.bsdtalk.server.TestRequests.sender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link RingLimits} through {@link RequestProcessor}: the time is each call's argument. */
class RingLimitsTest {

  private static final Instant T0 = Instant.parse("2026-12-02T22:00:00Z");
  private static final TalkAddress ALICE_RENDEZVOUS = rendezvous(LOCALHOST, 40_000);
  private static final InetSocketAddress ALICE = sender(LOCALHOST, 50_000);
  private static final InetSocketAddress CAROL = sender(LOCALHOST_2, 50_000);

  private final List<Announcement> rings = new CopyOnWriteArrayList<>();

  private RequestProcessor processor(RingLimits limits) {
    return RequestProcessor.builder()
        .announcer(Announcer.callback(rings::add))
        .ringLimits(limits)
        .build();
  }

  private static RequestHandler.Handled send(
      RequestProcessor p, CtlMessage m, InetSocketAddress from, Instant now) {
    return p.answer(ByteBuffer.wrap(TalkCodec.encode(m)), from, now);
  }

  private static CtlResponse reply(RequestHandler.Handled h) {
    return h.response().orElseThrow();
  }

  @Test
  void thirtyFreshAnnouncesInThreeSecondsRingOnceAndAnotherCallerStillGetsThrough() {
    RequestProcessor p = processor(RingLimits.DEFAULT);
    int limited = 0;
    for (int i = 0; i < 30; i++) {
      // a fresh invitation each time: a new pid, the impossible id of a first ANNOUNCE
      RequestHandler.Handled h = send(p, announce("alice", "bob", 1000 + i, ALICE_RENDEZVOUS),
          ALICE, T0.plusMillis(100L * i));
      assertThat(reply(h).answer()).isEqualTo(Answer.SUCCESS.code());
      assertThat(reply(h).id()).isPositive();
      limited += h.isRingLimited() ? 1 : 0;
    }
    assertThat(rings).hasSize(1);
    assertThat(limited).isEqualTo(29);

    RequestHandler.Handled carol =
        send(p, announce("carol", "bob", 7, ALICE_RENDEZVOUS), CAROL, T0.plusSeconds(3));
    assertThat(reply(carol).answer()).isEqualTo(Answer.SUCCESS.code());
    assertThat(carol.isRingLimited()).isFalse();
    assertThat(rings).hasSize(2).last().extracting(Announcement::callerName).isEqualTo("carol");
  }

  @Test
  void theRegularReAnnounceIsNotHeldBackByThePerCallerInterval() {
    RequestProcessor p = processor(RingLimits.DEFAULT.withPerCaller(Duration.ofMinutes(5)));
    CtlMessage first = announce("alice", "bob", 1234, ALICE_RENDEZVOUS);
    CtlResponse r = reply(send(p, first, ALICE, T0));
    // netkit talk/invite.c re_invite: the same request with remote_id + 1, RING_WAIT later
    CtlResponse again = reply(send(p, first.withId(r.id() + 1), ALICE, T0.plusSeconds(30)));

    assertThat(again.answer()).isEqualTo(Answer.SUCCESS.code());
    assertThat(rings).hasSize(2);
    // but a fresh call from the same caller within the interval does not ring
    RequestHandler.Handled fresh =
        send(p, announce("alice", "bob", 99, ALICE_RENDEZVOUS), ALICE, T0.plusSeconds(31));
    assertThat(fresh.isRingLimited()).isTrue();
    assertThat(rings).hasSize(2);
  }

  @Test
  void aLimitedCallerRingsAtItsNextReAnnounce() {
    RequestProcessor p = processor(RingLimits.DEFAULT);
    reply(send(p, announce("alice", "bob", 1, ALICE_RENDEZVOUS), ALICE, T0));
    // alice quits and calls again at once: a new pid, so a fresh invitation
    CtlMessage second = announce("alice", "bob", 2, ALICE_RENDEZVOUS);
    RequestHandler.Handled h = send(p, second, ALICE, T0.plusSeconds(2));
    assertThat(h.isRingLimited()).isTrue();
    assertThat(rings).hasSize(1);

    send(p, second.withId(reply(h).id() + 1), ALICE, T0.plusSeconds(32));

    assertThat(rings).hasSize(2);
  }

  @Test
  void aRetransmissionIsADuplicateNotALimitedRing() {
    RequestProcessor p = processor(RingLimits.DEFAULT);
    CtlMessage m = announce("alice", "bob", 1, ALICE_RENDEZVOUS);
    CtlResponse first = reply(send(p, m, ALICE, T0));
    RequestHandler.Handled dup = send(p, m, ALICE, T0.plusSeconds(1));

    assertThat(dup.isRingLimited()).isFalse();
    assertThat(reply(dup).id()).isEqualTo(first.id());
  }

  @Test
  void thePerCalleeCapHoldsAcrossCallersAndReopensAfterItsWindow() {
    RequestProcessor p = processor(RingLimits.DEFAULT); // 6 a minute
    for (int i = 0; i < 10; i++) {
      InetSocketAddress host = sender(TalkAddress.ipv4(0x0a00_0001 + i), 518);
      send(p, announce("user" + i, "bob", i, ALICE_RENDEZVOUS), host, T0.plusSeconds(i));
    }
    assertThat(rings).hasSize(6);
    // another callee is not affected
    send(p, announce("user0", "dave", 77, ALICE_RENDEZVOUS), ALICE, T0.plusSeconds(11));
    assertThat(rings).hasSize(7);
    // 60 s after the first ring, one slot is free again
    send(p, announce("late", "bob", 88, ALICE_RENDEZVOUS), CAROL, T0.plusSeconds(60));
    assertThat(rings).hasSize(8).last().extracting(Announcement::callerName).isEqualTo("late");
  }

  @Test
  void reAnnouncesCountAgainstTheCalleeCapSoATightLoopOfThemIsBounded() {
    RequestProcessor p = processor(RingLimits.DEFAULT);
    CtlMessage m = announce("alice", "bob", 1, ALICE_RENDEZVOUS);
    long id = reply(send(p, m, ALICE, T0)).id();
    for (int i = 1; i <= 20; i++) {
      id = reply(send(p, m.withId(id + 1), ALICE, T0.plusMillis(i))).id();
    }
    assertThat(rings).hasSize(6);
  }

  @Test
  void aFailedRingCountsForNothingSoTheNextTryGetsTheRealAnswer() {
    java.util.concurrent.atomic.AtomicReference<Answer> verdict =
        new java.util.concurrent.atomic.AtomicReference<>(Answer.PERMISSION_DENIED);
    RequestProcessor p = RequestProcessor.builder()
        .announcer(a -> {
          rings.add(a);
          return verdict.get();
        })
        .build();
    CtlResponse refused = reply(send(p, announce("alice", "bob", 1, ALICE_RENDEZVOUS), ALICE, T0));
    assertThat(refused.answer()).isEqualTo(Answer.PERMISSION_DENIED.code());
    // bob is still refusing a second later: alice hears so again, not a quiet SUCCESS
    CtlResponse again =
        reply(send(p, announce("alice", "bob", 2, ALICE_RENDEZVOUS), ALICE, T0.plusSeconds(1)));
    assertThat(again.answer()).isEqualTo(Answer.PERMISSION_DENIED.code());
    verdict.set(Answer.SUCCESS);
    for (int i = 0; i < 5; i++) {
      send(p, announce("alice", "bob", 3 + i, ALICE_RENDEZVOUS), ALICE, T0.plusSeconds(2));
    }
    assertThat(rings).hasSize(3); // two refused, one rung, four held back
  }

  @Test
  void aLimitedCallerStillHearsThatTheCalleeHasLeft() {
    java.util.concurrent.atomic.AtomicReference<Answer> whereabouts =
        new java.util.concurrent.atomic.AtomicReference<>(Answer.SUCCESS);
    RequestProcessor p = RequestProcessor.builder()
        .announcer(new Announcer() {
          @Override
          public Answer announce(Announcement a) {
            rings.add(a);
            return whereabouts.get();
          }

          @Override
          public Answer reachable(Announcement a) {
            return whereabouts.get();
          }
        })
        .build();
    reply(send(p, announce("alice", "bob", 1, ALICE_RENDEZVOUS), ALICE, T0));
    whereabouts.set(Answer.NOT_HERE); // bob logs out
    RequestHandler.Handled h =
        send(p, announce("alice", "bob", 2, ALICE_RENDEZVOUS), ALICE, T0.plusSeconds(2));

    assertThat(reply(h).knownAnswer()).contains(Answer.NOT_HERE);
    assertThat(reply(h).id()).isZero();
    assertThat(h.isRingLimited()).isFalse();
    assertThat(rings).hasSize(1);
    assertThat(p.table().size()).isEqualTo(1); // only the first call's entry
  }

  @Test
  void noneRingsWheneverTheTableSaysSo() {
    RequestProcessor p = processor(RingLimits.NONE);
    for (int i = 0; i < 30; i++) {
      send(p, announce("alice", "bob", 1000 + i, ALICE_RENDEZVOUS), ALICE, T0.plusMillis(i));
    }
    assertThat(rings).hasSize(30);
  }

  @Test
  void aClockSetBackLimitsForNoLongerThanTheInterval() {
    RequestProcessor p = processor(RingLimits.DEFAULT.withPerCallee(0, Duration.ofMinutes(1)));
    send(p, announce("alice", "bob", 1, ALICE_RENDEZVOUS), ALICE, T0.plusSeconds(3600));
    send(p, announce("alice", "bob", 2, ALICE_RENDEZVOUS), ALICE, T0);
    assertThat(rings).hasSize(2);
  }

  @Test
  void theDefaultProcessorLimits() {
    assertThat(RequestProcessor.builder().build().ringLimits()).isEqualTo(RingLimits.DEFAULT);
    assertThat(RingLimits.DEFAULT.perCaller()).isEqualTo(Duration.ofSeconds(10));
    assertThat(RingLimits.DEFAULT.perCallee()).isEqualTo(6);
    assertThat(RingLimits.NONE.limitsAnything()).isFalse();
  }

  @Test
  void limitsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> RingLimits.DEFAULT.withPerCaller(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perCaller");
    assertThatThrownBy(() -> RingLimits.DEFAULT.withPerCallee(-1, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perCallee");
    assertThatThrownBy(() -> RingLimits.DEFAULT.withPerCallee(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perCalleeWindow");
    assertThatThrownBy(() -> new RingLimits(Duration.ZERO, 1, Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracked");
  }

  @Test
  void aFloodOfDistinctCallersForgetsTheOldestAndStaysBounded() {
    RingLimits small = new RingLimits(Duration.ofSeconds(10), 0, Duration.ofMinutes(1), 100);
    RequestProcessor p = processor(small);
    for (int i = 0; i < 5_000; i++) {
      Inet4Address host = TalkAddress.ipv4(0x0a00_0000 + i);
      send(p, announce("u" + i, "bob", i, ALICE_RENDEZVOUS), sender(host, 518), T0);
    }
    assertThat(rings).hasSize(5_000);
    io.github.bsdtalk.server.internal.RingLimiter limiter =
        new io.github.bsdtalk.server.internal.RingLimiter(small);
    for (int i = 0; i < 5_000; i++) {
      limiter.tryRing(TalkAddress.ipv4(0x0a00_0000 + i), "u" + i, "bob", false, T0);
    }
    assertThat(limiter.tracked()).isLessThanOrEqualTo(100);
    // the newest are still remembered, the oldest were forgotten
    assertThat(limiter.tryRing(TalkAddress.ipv4(0x0a00_0000 + 4_999), "u4999", "bob", false, T0))
        .isNull();
    assertThat(limiter.tryRing(TalkAddress.ipv4(0x0a00_0000), "u0", "bob", false, T0)).isNotNull();
  }

  @Test
  void overLimitAnnouncesAreCountedInTheProcessorsAnswer() {
    RequestProcessor p = processor(RingLimits.DEFAULT);
    assertThat(send(p, announce("a", "bob", 1, ALICE_RENDEZVOUS), ALICE, T0).isRingLimited())
        .isFalse();
    RequestHandler.Handled h = send(p, announce("a", "bob", 2, ALICE_RENDEZVOUS), ALICE, T0);
    assertThat(h.isRingLimited()).isTrue();
    assertThat(h.toString()).contains("ring limited");
    assertThat(IMPOSSIBLE_ID).isEqualTo(CtlMessage.MAX_ID_NUM);
  }
}

package io.github.bsdtalk.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.server.Invitation;
import io.github.bsdtalk.server.InvitationTable;
import io.github.bsdtalk.server.TestRequests;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@link InMemoryInvitationTable}'s limits under any interleaving of inserts and refreshes from
 * attacking sources, with newcomers among them: no one can make another sender's insert fail, and
 * a full table only ever takes from the heaviest source.
 */
class InMemoryInvitationTablePropertyTest {

  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");
  private static final TalkAddress RENDEZVOUS = TalkAddress.of(TestRequests.LOCALHOST, 40_000);
  /** Small, so that a short run fills it: capacity 24, each source may hold all of it. */
  private static final InvitationTable.Limits LIMITS =
      new InvitationTable.Limits(24, Duration.ofSeconds(60), 24, 5);
  private static final int ATTACKERS = 4;

  /**
   * One operation: an insert (or, if {@code refresh}, a findIdentical of the same request) from
   * attacker {@code source} (0..ATTACKERS-1) or from a newcomer (ATTACKERS: a source never seen
   * before), after {@code afterMillis}.
   */
  record Op(int source, boolean refresh, boolean announce, int name, int pid, int afterMillis) {}

  private static final Gen<Op> OPS = in -> new Op(
      Generate.range(0, ATTACKERS).generate(in),
      Generate.range(0, 3).generate(in) == 0,
      Generate.booleans().generate(in),
      Generate.range(0, 6).generate(in),
      Generate.range(0, 3).generate(in),
      Generate.pick(List.of(0, 0, 0, 0, 100, 1_000, 7_000)).generate(in));

  private static final Gen<List<Op>> RUNS = in -> {
    int n = Generate.range(1, 160).generate(in);
    List<Op> ops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ops.add(OPS.generate(in));
    }
    return ops;
  };

  private static InetAddress address(int a, int b) {
    return TalkAddress.ipv4(0x7f00_0000 | (a << 8) | b);
  }

  @Test
  void noInsertFailsBelowItsShareAndOnlyTheHeaviestSourceIsEvicted() {
    AtomicInteger othersEvicted = new AtomicInteger();
    qt().withExamples(300).forAll(RUNS).checkAssert(ops -> {
      InMemoryInvitationTable t = (InMemoryInvitationTable) InvitationTable.inMemory(LIMITS);
      Instant now = T0;
      int newcomers = 0;
      for (Op op : ops) {
        now = now.plusMillis(op.afterMillis());
        InetAddress owner = op.source() < ATTACKERS
            ? address(1, op.source())
            : address(2, ++newcomers);
        CtlMessage m = CtlMessage.of(
            op.announce() ? RequestType.ANNOUNCE : RequestType.LEAVE_INVITE,
            TestRequests.IMPOSSIBLE_ID, RENDEZVOUS, RENDEZVOUS, op.pid(), "u" + op.name(), "bob",
            "");
        Instant at = now;
        // what is live before the operation, by id, and how many each source holds
        Map<Long, Invitation> before = live(t, at);
        Map<InetAddress, Long> counts = before.values().stream()
            .collect(Collectors.groupingBy(Invitation::owner, Collectors.counting()));
        long senderHeld = counts.getOrDefault(owner, 0L);
        long heaviest = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);

        if (op.refresh()) {
          Optional<Invitation> found = t.findIdentical(m, owner, at);
          assertThat(found.map(Invitation::owner)).as("finds only the sender's own entry")
              .isIn(Optional.empty(), Optional.of(owner));
          assertThat(live(t, at).keySet()).isEqualTo(before.keySet());
          continue;
        }
        Optional<Invitation> inserted = t.insert(m, owner, at);

        if (senderHeld < LIMITS.perAddress()) {
          assertThat(inserted).as("an insert below the sender's share never fails").isPresent();
        }
        assertThat(t.size()).isLessThanOrEqualTo(LIMITS.capacity());
        Set<Long> gone = new HashSet<>(before.keySet());
        gone.removeAll(live(t, at).keySet());
        assertThat(gone).as("at most one entry makes room").hasSizeLessThanOrEqualTo(1);
        for (long id : gone) {
          InetAddress victim = before.get(id).owner();
          long victimHeld = counts.get(victim);
          if (!victim.equals(owner)) {
            othersEvicted.incrementAndGet();
            assertThat(victimHeld).as("the evicted source held the most")
                .isEqualTo(heaviest)
                .as("and more than the sender").isGreaterThan(senderHeld);
          }
        }
        if (op.source() == ATTACKERS) {
          assertThat(gone).as("a newcomer takes from someone else").noneMatch(
              id -> before.get(id).owner().equals(owner));
        }
      }
    });
    assertThat(othersEvicted).as("the runs did fill the table and evict").hasValueGreaterThan(100);
  }

  private static Map<Long, Invitation> live(InMemoryInvitationTable t, Instant now) {
    // an entry expires once now - touched > maxLife; the table sweeps those first
    return t.snapshot().stream()
        .filter(inv -> Duration.between(inv.touched(), now).compareTo(LIMITS.maxLife()) <= 0)
        .collect(Collectors.toMap(Invitation::id, Function.identity()));
  }
}

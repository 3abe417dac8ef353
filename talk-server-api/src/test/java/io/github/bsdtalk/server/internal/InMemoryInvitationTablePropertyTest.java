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
 * {@link InMemoryInvitationTable}'s limits under any interleaving of inserts, refreshes and
 * deletes from attacking sources, with newcomers among them: no one can make another sender's
 * insert fail, and a full table only ever takes from the heaviest source. Its indexes agree with
 * a model made from the table's own list of entries: find_request and find_match find what a scan
 * would, and an eviction takes the least recently touched entry of its source's heaviest name.
 */
class InMemoryInvitationTablePropertyTest {

  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");
  private static final TalkAddress RENDEZVOUS = TalkAddress.of(TestRequests.LOCALHOST, 40_000);
  /** Small, so that a short run fills it: capacity 24, each source may hold all of it. */
  private static final InvitationTable.Limits LIMITS =
      new InvitationTable.Limits(24, Duration.ofSeconds(60), 24, 5);
  private static final int ATTACKERS = 4;

  /**
   * One operation: an insert (or, by {@code kind}, a findIdentical of the same request, or its
   * sender's DELETE of it) from attacker {@code source} (0..ATTACKERS-1) or from a newcomer
   * (ATTACKERS: a source never seen before), after {@code afterMillis}.
   */
  record Op(int source, int kind, boolean announce, int name, int pid, int afterMillis) {
    boolean refresh() {
      return kind == 0;
    }

    boolean delete() {
      return kind == 1;
    }
  }

  private static final Gen<Op> OPS = in -> new Op(
      Generate.range(0, ATTACKERS).generate(in),
      Generate.range(0, 5).generate(in),
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
        // a fresh instance each time, as the server decodes every datagram anew
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

        List<Invitation> byTouch = liveByTouch(t, at);
        Optional<Invitation> identical = identical(byTouch, m, owner);
        if (op.refresh()) {
          Optional<Invitation> found = t.findIdentical(m, owner, at);
          assertThat(found.map(Invitation::owner)).as("finds only the sender's own entry")
              .isIn(Optional.empty(), Optional.of(owner));
          assertThat(found.map(Invitation::id)).as("find_request")
              .isEqualTo(identical.map(Invitation::id));
          assertThat(live(t, at).keySet()).isEqualTo(before.keySet());
          assertMatchesAgree(t, at);
          continue;
        }
        if (op.delete()) {
          // the identical entry if there is one, else whatever holds id 1
          long id = identical.map(Invitation::id).orElse(1L);
          Invitation target = before.get(id);
          boolean owned = target != null && target.owner().equals(owner)
              && target.request().localName().equals(m.localName());
          assertThat(t.delete(id, owner, m.localName(), at)).as("only the owner deletes")
              .isEqualTo(owned);
          Set<Long> deleted = new HashSet<>(before.keySet());
          deleted.removeAll(live(t, at).keySet());
          assertThat(deleted).isEqualTo(owned ? Set.of(id) : Set.of());
          assertMatchesAgree(t, at);
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
          Invitation evicted = before.get(id);
          InetAddress victim = evicted.owner();
          long victimHeld = counts.get(victim);
          List<Invitation> victimsName = byTouch.stream()
              .filter(inv -> inv.owner().equals(victim)
                  && inv.request().localName().equals(evicted.request().localName()))
              .collect(Collectors.toList());
          assertThat(victimsName.get(0).id()).as("the name's least recently touched entry went")
              .isEqualTo(id);
          if (victimsName.size() < LIMITS.perName() || !victim.equals(owner)) {
            long heaviestName = byTouch.stream().filter(inv -> inv.owner().equals(victim))
                .collect(Collectors.groupingBy(inv -> inv.request().localName(),
                    Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat((long) victimsName.size()).as("from the source's heaviest name")
                .isEqualTo(heaviestName);
          }
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
        assertMatchesAgree(t, at);
      }
    });
    assertThat(othersEvicted).as("the runs did fill the table and evict").hasValueGreaterThan(100);
  }

  /** The live entries, least recently touched first. */
  private static List<Invitation> liveByTouch(InMemoryInvitationTable t, Instant now) {
    return t.snapshot().stream()
        .filter(inv -> Duration.between(inv.touched(), now).compareTo(LIMITS.maxLife()) <= 0)
        .collect(Collectors.toList());
  }

  /** find_request by a scan: the sender's most recently touched entry identical to m. */
  private static Optional<Invitation> identical(
      List<Invitation> byTouch, CtlMessage m, InetAddress owner) {
    Invitation found = null;
    for (Invitation inv : byTouch) {
      CtlMessage r = inv.request();
      if (inv.owner().equals(owner) && r.type() == m.type() && r.pid() == m.pid()
          && r.localName().equals(m.localName()) && r.remoteName().equals(m.remoteName())) {
        found = inv;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * find_match for every name the runs use agrees with a scan: the newest LEAVE_INVITE stored
   * (the highest id: a run is too short for ids to wrap), whoever sent it.
   */
  private static void assertMatchesAgree(InMemoryInvitationTable t, Instant now) {
    List<Invitation> byTouch = liveByTouch(t, now);
    for (int name = 0; name < 6; name++) {
      String inviter = "u" + name;
      Optional<Long> newest = byTouch.stream()
          .filter(inv -> inv.request().type() == RequestType.LEAVE_INVITE.code()
              && inv.request().localName().equals(inviter))
          .map(Invitation::id).max(Long::compare);
      assertThat(t.findInvitation(inviter, "bob", now).map(Invitation::id)).as("find_match")
          .isEqualTo(newest);
    }
  }

  private static Map<Long, Invitation> live(InMemoryInvitationTable t, Instant now) {
    // an entry expires once now - touched > maxLife; the table sweeps those first
    return t.snapshot().stream()
        .filter(inv -> Duration.between(inv.touched(), now).compareTo(LIMITS.maxLife()) <= 0)
        .collect(Collectors.toMap(Invitation::id, Function.identity()));
  }
}

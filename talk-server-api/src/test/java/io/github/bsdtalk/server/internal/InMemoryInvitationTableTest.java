package io.github.bsdtalk.server.internal;

import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.LOCALHOST_2;
import static io.github.bsdtalk.server.TestRequests.announce;
import static io.github.bsdtalk.server.TestRequests.leaveInvite;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.Invitation;
import io.github.bsdtalk.server.InvitationTable;
import io.github.bsdtalk.server.TestRequests;
import io.github.bsdtalk.server.RequestProcessor;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link InMemoryInvitationTable}: ids, bounds, quotas, expiry, ownership, concurrency, floods. */
class InMemoryInvitationTableTest {

  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");
  private static final TalkAddress RENDEZVOUS = rendezvous(LOCALHOST, 40_000);
  private static final InvitationTable.Limits DEFAULT =
      InvitationTable.Limits.DEFAULT;

  private static InMemoryInvitationTable table(InvitationTable.Limits limits) {
    return (InMemoryInvitationTable) InvitationTable.inMemory(limits);
  }

  private static CtlMessage invite(String caller, int pid) {
    return leaveInvite(caller, "bob", pid, RENDEZVOUS);
  }

  private static long insert(InMemoryInvitationTable t, CtlMessage m, InetAddress owner, Instant now) {
    return t.insert(m, owner, now).orElseThrow().id();
  }

  @Nested
  class Ids {

    @Test
    void startAtOneAndCount() {
      InMemoryInvitationTable t = table(DEFAULT);

      assertThat(insert(t, invite("alice", 1), LOCALHOST, T0)).isEqualTo(1);
      assertThat(insert(t, invite("alice", 2), LOCALHOST, T0)).isEqualTo(2);
      assertThat(insert(t, announce("alice", "bob", 1, RENDEZVOUS), LOCALHOST, T0)).isEqualTo(3);
    }

    @Test
    void cycleThrough1To15999AndNeverUse0() {
      InMemoryInvitationTable t = table(DEFAULT);
      List<Long> ids = new ArrayList<>();

      for (int i = 0; i < TalkProtocol.MAX_ID + 1; i++) {
        long id = insert(t, invite("alice", i), LOCALHOST, T0);
        ids.add(id);
        t.remove(id);
      }

      assertThat(ids.subList(0, 15_999)).doesNotHaveDuplicates().allMatch(id -> id >= 1)
          .allMatch(id -> id <= 15_999);
      assertThat(ids.get(15_998)).isEqualTo(15_999);
      assertThat(ids.subList(15_999, 16_001)).containsExactly(1L, 2L);
    }

    @Test
    void skipIdsStillInUse() {
      InMemoryInvitationTable t = table(DEFAULT);
      long kept = insert(t, invite("keeper", 1), LOCALHOST, T0); // id 1 stays in use
      long kept2 = insert(t, invite("keeper", 2), LOCALHOST, T0); // and id 2
      for (int i = 0; i < 15_997; i++) { // 3..15999
        t.remove(insert(t, invite("alice", i), LOCALHOST, T0));
      }

      long next = insert(t, invite("alice", -1), LOCALHOST, T0);

      assertThat(kept).isEqualTo(1);
      assertThat(kept2).isEqualTo(2);
      assertThat(next).isEqualTo(3);
    }

    @Test
    void renewGivesANewIdAndRetiresTheOld() {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage m = announce("alice", "bob", 777, RENDEZVOUS);
      long old = insert(t, m, LOCALHOST, T0);

      Invitation renewed = t.renew(old, T0.plusSeconds(30)).orElseThrow();

      assertThat(renewed.id()).isNotEqualTo(old).isPositive();
      assertThat(renewed.touched()).isEqualTo(T0.plusSeconds(30));
      assertThat(renewed.request()).isEqualTo(m);
      assertThat(renewed.owner()).isEqualTo(LOCALHOST);
      assertThat(t.size()).isEqualTo(1);
      assertThat(t.findIdentical(m, LOCALHOST, T0.plusSeconds(31))).map(Invitation::id)
          .contains(renewed.id());
      assertThat(t.remove(old)).isFalse();
    }

    @Test
    void renewOfUnknownOrExpiredIdIsEmpty() {
      InMemoryInvitationTable t = table(DEFAULT);
      long id = insert(t, invite("alice", 1), LOCALHOST, T0);

      assertThat(t.renew(id + 1, T0)).isEmpty();
      assertThat(t.renew(id, T0.plusMillis(60_001))).isEmpty();
    }
  }

  @Nested
  class Bounds {

    @Test
    void fullTableEvictsFromTheHeaviestSourceInsteadOfRefusing() {
      InMemoryInvitationTable t = table(new InvitationTable.Limits(3, Duration.ofSeconds(60), 3, 3));
      long a = insert(t, invite("a", 1), LOCALHOST, T0);
      long b = insert(t, invite("b", 1), LOCALHOST, T0);
      long c = insert(t, invite("c", 1), LOCALHOST_2, T0);

      Optional<Invitation> d = t.insert(invite("d", 1), LOCALHOST_2, T0);

      assertThat(d).isPresent();
      assertThat(t.size()).isEqualTo(3);
      assertThat(t.findInvitation("a", "bob", T0)).as("127.0.0.1 held the most: its oldest went")
          .isEmpty();
      assertThat(t.remove(b)).isTrue();
      assertThat(t.remove(c)).as("the sender's own entry stays").isTrue();
      assertThat(t.remove(a)).isFalse();
    }

    @Test
    void senderThatHoldsAsManyAsAnyoneReplacesItsOwnEntry() {
      InMemoryInvitationTable t = table(new InvitationTable.Limits(4, Duration.ofSeconds(60), 4, 4));
      long a1 = insert(t, invite("a", 1), LOCALHOST, T0);
      long a2 = insert(t, invite("a", 2), LOCALHOST, T0);
      long c1 = insert(t, invite("c", 1), LOCALHOST_2, T0);
      insert(t, invite("c", 2), LOCALHOST_2, T0.plusSeconds(1));

      insert(t, invite("c", 3), LOCALHOST_2, T0.plusSeconds(2));

      assertThat(t.size()).isEqualTo(4);
      assertThat(t.remove(a1)).as("127.0.0.1 holds no more than the sender").isTrue();
      assertThat(t.remove(a2)).isTrue();
      assertThat(t.remove(c1)).as("the sender's own oldest made room").isFalse();
    }

    @Test
    void withinTheHeaviestSourceTheHeaviestNameLosesItsLeastRecentlyTouchedEntry() {
      InMemoryInvitationTable t = table(new InvitationTable.Limits(5, Duration.ofSeconds(60), 5, 5));
      long light = insert(t, invite("light", 1), LOCALHOST, T0); // the oldest entry of all
      long heavy1 = insert(t, invite("heavy", 1), LOCALHOST, T0.plusSeconds(1));
      long heavy2 = insert(t, invite("heavy", 2), LOCALHOST, T0.plusSeconds(2));
      long heavy3 = insert(t, invite("heavy", 3), LOCALHOST, T0.plusSeconds(3));
      insert(t, invite("x", 1), LOCALHOST_2, T0.plusSeconds(4));
      t.findIdentical(invite("heavy", 1), LOCALHOST, T0.plusSeconds(5)); // touched: now the newest

      insert(t, invite("y", 1), LOCALHOST_2, T0.plusSeconds(6));

      assertThat(t.remove(heavy2)).as("heavy's least recently touched entry went").isFalse();
      assertThat(t.remove(light)).isTrue();
      assertThat(t.remove(heavy1)).isTrue();
      assertThat(t.remove(heavy3)).isTrue();
    }

    @Test
    void expiryStillFreesRoomFirst() {
      InMemoryInvitationTable t = table(new InvitationTable.Limits(2, Duration.ofSeconds(60), 2, 2));
      insert(t, invite("a", 1), LOCALHOST, T0);
      long kept = insert(t, invite("b", 1), LOCALHOST, T0.plusSeconds(30));

      assertThat(t.insert(invite("c", 1), LOCALHOST_2, T0.plusMillis(60_001))).isPresent();
      assertThat(t.size()).isEqualTo(2);
      assertThat(t.remove(kept)).as("the expired entry made room, not the live one").isTrue();
    }

    @Test
    void perAddressQuotaRefusesThatAddressOnly() {
      InMemoryInvitationTable t = table(DEFAULT.withQuotas(5, 2));
      for (int i = 0; i < 5; i++) {
        insert(t, invite("user" + i, 1), LOCALHOST, T0);
      }

      assertThat(t.insert(invite("user5", 1), LOCALHOST, T0)).isEmpty();
      assertThat(t.insert(invite("user5", 1), LOCALHOST_2, T0)).isPresent();
      assertThat(t.size()).isEqualTo(6);
    }

    @Test
    void perNameQuotaEvictsTheSendersOwnOldest() {
      InMemoryInvitationTable t = table(DEFAULT.withQuotas(100, 3));
      long first = insert(t, invite("alice", 1), LOCALHOST, T0);
      long second = insert(t, invite("alice", 2), LOCALHOST, T0.plusSeconds(1));
      insert(t, invite("alice", 3), LOCALHOST, T0.plusSeconds(2));
      long othersEntry = insert(t, invite("alice", 1), LOCALHOST_2, T0); // another address

      long fourth = insert(t, invite("alice", 4), LOCALHOST, T0.plusSeconds(3));

      assertThat(fourth).isPositive();
      assertThat(t.size()).isEqualTo(4);
      assertThat(t.remove(first)).as("the oldest of alice@127.0.0.1 made room").isFalse();
      assertThat(t.remove(second)).isTrue();
      assertThat(t.remove(othersEntry)).as("alice@127.0.0.2 is untouched").isTrue();
    }

    @Test
    void perNameEvictionStillWorksWhenTheTableIsFull() {
      InMemoryInvitationTable t = table(new InvitationTable.Limits(2, Duration.ofSeconds(60), 2, 2));
      insert(t, invite("alice", 1), LOCALHOST, T0);
      insert(t, invite("alice", 2), LOCALHOST, T0);

      assertThat(t.insert(invite("alice", 3), LOCALHOST, T0)).isPresent();
      assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void limitsAreValidated() {
      Duration life = Duration.ofSeconds(60);
      assertThatThrownBy(() -> new InvitationTable.Limits(0, life, 1, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new InvitationTable.Limits(15_001, life, 1, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new InvitationTable.Limits(10, Duration.ZERO, 1, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new InvitationTable.Limits(10, life.negated(), 1, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new InvitationTable.Limits(10, life, 11, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new InvitationTable.Limits(10, life, 5, 6))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new InvitationTable.Limits(10, null, 5, 1))
          .isInstanceOf(NullPointerException.class);
      assertThat(new InvitationTable.Limits(15_000, life, 15_000, 15_000).capacity())
          .isEqualTo(15_000);
    }

    @Test
    void withCapacityShrinksQuotasToFit() {
      InvitationTable.Limits small = DEFAULT.withCapacity(5);

      assertThat(small).isEqualTo(new InvitationTable.Limits(5, DEFAULT.maxLife(), 5, 5));
      assertThat(DEFAULT).isEqualTo(
          new InvitationTable.Limits(10_000, Duration.ofSeconds(60), 1_000, 8));
      assertThat(table(small).limits()).isEqualTo(small);
    }
  }

  @Nested
  class Expiry {

    @Test
    void entryIsThereAt60sAndGoneAt60s001() {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage m = invite("alice", 1);
      insert(t, m, LOCALHOST, T0);

      assertThat(t.findInvitation("alice", "bob", T0.plusSeconds(60))).isPresent();
      assertThat(t.findInvitation("alice", "bob", T0.plusMillis(60_001))).isEmpty();
      assertThat(t.findIdentical(m, LOCALHOST, T0.plusMillis(60_001))).isEmpty();
      assertThat(t.size()).as("swept").isZero();
    }

    @Test
    void findIdenticalRefreshesButFindInvitationDoesNot() {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage refreshed = invite("alice", 1);
      CtlMessage looked = invite("carol", 1);
      insert(t, refreshed, LOCALHOST, T0);
      insert(t, looked, LOCALHOST, T0);

      assertThat(t.findIdentical(refreshed, LOCALHOST, T0.plusSeconds(50)))
          .map(Invitation::touched)
          .contains(T0.plusSeconds(50));
      assertThat(t.findInvitation("carol", "bob", T0.plusSeconds(50))).map(Invitation::touched)
          .contains(T0);

      assertThat(t.findInvitation("alice", "bob", T0.plusSeconds(110))).isPresent();
      assertThat(t.findInvitation("carol", "bob", T0.plusSeconds(110))).isEmpty();
      assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void aTouchedOldEntryOutlivesAnUntouchedYoungerOne() {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage old = invite("alice", 1);
      CtlMessage young = invite("carol", 1);
      insert(t, old, LOCALHOST, T0);
      insert(t, young, LOCALHOST, T0.plusSeconds(10));
      t.findIdentical(old, LOCALHOST, T0.plusSeconds(20)); // touched: now the most recent

      assertThat(t.findInvitation("carol", "bob", T0.plusMillis(70_001))).isEmpty();
      assertThat(t.findInvitation("alice", "bob", T0.plusMillis(70_001))).isPresent();
      assertThat(t.findInvitation("alice", "bob", T0.plusMillis(80_001))).isEmpty();
    }

    @Test
    void lifetimeComesFromTheLimits() {
      InMemoryInvitationTable t = table(DEFAULT.withMaxLife(Duration.ofSeconds(5)));
      insert(t, invite("alice", 1), LOCALHOST, T0);

      assertThat(t.findInvitation("alice", "bob", T0.plusSeconds(5))).isPresent();
      assertThat(t.findInvitation("alice", "bob", T0.plusMillis(5_001))).isEmpty();
    }

    @Test
    void expiredEntriesCannotBeDeletedOrRenewed() {
      InMemoryInvitationTable t = table(DEFAULT);
      long id = insert(t, invite("alice", 1), LOCALHOST, T0);

      assertThat(t.delete(id, LOCALHOST, "alice", T0.plusMillis(60_001))).isFalse();
      assertThat(t.size()).isZero();
    }
  }

  @Nested
  class Ownership {

    @Test
    void anIdenticalRequestFromAnotherSenderIsNotFoundAndRefreshesNothing() {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage m = invite("alice", 1);
      long alices = insert(t, m, LOCALHOST, T0);

      assertThat(t.findIdentical(m, LOCALHOST_2, T0.plusSeconds(50))).isEmpty();

      long copy = insert(t, m, LOCALHOST_2, T0.plusSeconds(50));
      assertThat(copy).as("the copy is the other sender's own entry").isNotEqualTo(alices);
      assertThat(t.findIdentical(m, LOCALHOST_2, T0.plusSeconds(55))).map(Invitation::id)
          .contains(copy);
      // alice's entry was never refreshed by the copies: it expires 60 s after she stored it
      assertThat(t.findIdentical(m, LOCALHOST, T0.plusMillis(60_001))).isEmpty();
      assertThat(t.findIdentical(m, LOCALHOST_2, T0.plusMillis(60_001))).map(Invitation::owner)
          .contains(LOCALHOST_2);
    }

    @Test
    void findIdenticalNeverReturnsAnExpiredEntry() {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage m = invite("alice", 1);
      insert(t, m, LOCALHOST, T0);

      // the first call after the entry's life ends: nothing else has swept it
      assertThat(t.findIdentical(m, LOCALHOST, T0.plusMillis(60_001))).isEmpty();
      assertThat(t.size()).isZero();
    }

    @Test
    void findIdenticalAtTheLastMomentOfLifeFindsAndRefreshes() {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage m = invite("alice", 1);
      insert(t, m, LOCALHOST, T0);

      assertThat(t.findIdentical(m, LOCALHOST, T0.plusSeconds(60))).map(Invitation::touched)
          .contains(T0.plusSeconds(60));
      assertThat(t.findIdentical(m, LOCALHOST, T0.plusSeconds(120))).isPresent();
    }
  }

  @Nested
  class FullTableAttack {

    private final InMemoryInvitationTable t =
        (InMemoryInvitationTable) InvitationTable.inMemory();
    private final List<InetAddress> attackers = new ArrayList<>();

    /** Ten local source addresses fill all 10,000 entries, 1,000 each, one name apiece. */
    private void fill(boolean announcements) throws Exception {
      for (int a = 0; a < 10; a++) {
        InetAddress src = InetAddress.getByAddress(new byte[] {127, 0, 9, (byte) (a + 1)});
        attackers.add(src);
        for (int i = 0; i < 1_000; i++) {
          String name = "f" + a + "_" + i;
          CtlMessage m = announcements
              ? announce(name, "bob", i, RENDEZVOUS)
              : leaveInvite(name, "root", i, RENDEZVOUS);
          insert(t, m, src, T0);
        }
      }
      assertThat(t.size()).isEqualTo(DEFAULT.capacity());
    }

    private void assertANewcomerGetsItsEntries() {
      CtlMessage invite = invite("carol", 4242);
      CtlMessage announcement = announce("carol", "bob", 4242, RENDEZVOUS);

      long invited = insert(t, invite, LOCALHOST_2, T0.plusSeconds(1));
      long announced = insert(t, announcement, LOCALHOST_2, T0.plusSeconds(1));

      assertThat(t.findInvitation("carol", "bob", T0.plusSeconds(2))).map(Invitation::id)
          .contains(invited);
      assertThat(t.findIdentical(announcement, LOCALHOST_2, T0.plusSeconds(2)))
          .map(Invitation::id).contains(announced);
      assertThat(t.size()).isEqualTo(DEFAULT.capacity());
      assertThat(t.snapshot()).filteredOn(inv -> attackers.contains(inv.owner()))
          .as("two attacker entries made room").hasSize(DEFAULT.capacity() - 2);
    }

    @Test
    void leaveInvitesFromTenSourcesDoNotRefuseANewcomer() throws Exception {
      fill(false);
      assertANewcomerGetsItsEntries();
    }

    @Test
    void announcementsFromTenSourcesDoNotRefuseANewcomer() throws Exception {
      fill(true);
      assertANewcomerGetsItsEntries();
    }

    @Test
    void theAttackersOwnInsertsAndRefreshesNeverEvictTheNewcomer() throws Exception {
      fill(false);
      long invited = insert(t, invite("carol", 4242), LOCALHOST_2, T0.plusSeconds(1));

      // every attacker repeats its whole flood, and tries new names too, for 50 s
      for (int round = 0; round < 5; round++) {
        Instant now = T0.plusSeconds(10 + 10 * round);
        for (InetAddress src : attackers) {
          for (int i = 0; i < 1_000; i++) {
            CtlMessage m = leaveInvite("f" + attackers.indexOf(src) + "_" + i, "root", i,
                RENDEZVOUS);
            if (t.findIdentical(m, src, now).isEmpty()) {
              t.insert(m, src, now);
            }
            t.insert(leaveInvite("n" + round + "_" + i, "root", i, RENDEZVOUS), src, now);
          }
        }
      }

      assertThat(t.findInvitation("carol", "bob", T0.plusSeconds(55))).map(Invitation::id)
          .contains(invited);
      assertThat(t.size()).isEqualTo(DEFAULT.capacity());
    }
  }

  /** A source address is kept once while it has entries, and not after (the table's memory). */
  @Nested
  class SharedAddresses {

    /** A new instance, as the server decodes every datagram into new objects. */
    private Inet4Address fresh() throws Exception {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {127, 0, 0, 3});
    }

    private CtlMessage from(Inet4Address ip, String caller) {
      return CtlMessage.of(RequestType.LEAVE_INVITE,
          TestRequests.IMPOSSIBLE_ID, rendezvous(ip, 40_000), rendezvous(ip, 5_000), 1, caller,
          "bob", "");
    }

    @Test
    void whileASourceHasEntriesItsAddressIsOneInstance() throws Exception {
      InMemoryInvitationTable t = table(DEFAULT);
      Inet4Address first = fresh();
      t.insert(invite("alice", 1), first, T0);
      CtlMessage m = from(fresh(), "carol");

      Invitation inv = t.insert(m, fresh(), T0).orElseThrow();

      assertThat(inv.owner()).isEqualTo(first).isSameAs(first);
      assertThat(inv.request()).as("the request as sent").isEqualTo(m);
      assertThat(inv.request().address().ip()).as("addr's copy").isSameAs(first);
      assertThat(inv.request().controlAddress().ip()).as("ctl_addr's copy").isSameAs(first);
      assertThat(t.findInvitation("carol", "bob", T0)).map(Invitation::owner).containsSame(first);
      assertThat(t.findIdentical(m, fresh(), T0)).map(Invitation::id).contains(inv.id());
    }

    @Test
    void anAddressThatIsNotTheSendersIsKeptAsItCame() throws Exception {
      InMemoryInvitationTable t = table(DEFAULT);
      CtlMessage m = invite("alice", 1); // addr 127.0.0.1, ctl_addr alice's client

      Invitation inv = t.insert(m, fresh(), T0).orElseThrow();

      assertThat(inv.request()).isSameAs(m);
    }

    @Test
    void anAddressIsForgottenWithItsSourcesLastEntry() throws Exception {
      InMemoryInvitationTable t = table(DEFAULT);
      Inet4Address first = fresh();
      long a = insert(t, invite("alice", 1), first, T0);
      long c = insert(t, invite("carol", 1), fresh(), T0);

      t.delete(a, fresh(), "alice", T0);
      Invitation dave = t.insert(invite("dave", 1), fresh(), T0).orElseThrow();
      assertThat(dave.owner()).as("carol's entry still holds it").isSameAs(first);
      t.remove(c);
      t.remove(dave.id());
      Inet4Address second = fresh();

      assertThat(t.insert(invite("erin", 1), second, T0)).map(Invitation::owner)
          .containsSame(second);
      // and expiry forgets it too
      Inet4Address third = fresh();
      assertThat(t.insert(invite("frank", 1), third, T0.plusSeconds(61)))
          .map(Invitation::owner).containsSame(third);
      assertThat(t.size()).isOne();
    }
  }

  @Nested
  class Delete {

    @Test
    void onlyTheOwnerDeletes() {
      InMemoryInvitationTable t = table(DEFAULT);
      long id = insert(t, invite("alice", 1), LOCALHOST, T0);

      assertThat(t.delete(id, LOCALHOST_2, "alice", T0)).as("other address").isFalse();
      assertThat(t.delete(id, LOCALHOST, "mallory", T0)).as("other name").isFalse();
      assertThat(t.delete(id + 1, LOCALHOST, "alice", T0)).as("other id").isFalse();
      assertThat(t.size()).isEqualTo(1);
      assertThat(t.delete(id, LOCALHOST, "alice", T0)).isTrue();
      assertThat(t.delete(id, LOCALHOST, "alice", T0)).isFalse();
      assertThat(t.size()).isZero();
      assertThat(t.findInvitation("alice", "bob", T0)).isEmpty();
    }

    @Test
    void removeIsUnconditional() {
      InMemoryInvitationTable t = table(DEFAULT);
      long id = insert(t, invite("alice", 1), LOCALHOST, T0);

      assertThat(t.remove(id)).isTrue();
      assertThat(t.remove(id)).isFalse();
      assertThat(t.findIdentical(invite("alice", 1), LOCALHOST, T0)).isEmpty();
    }

    @Test
    void deletingFreesTheSendersQuota() {
      InMemoryInvitationTable t = table(DEFAULT.withQuotas(2, 1));
      long a = insert(t, invite("a", 1), LOCALHOST, T0);
      insert(t, invite("b", 1), LOCALHOST, T0);
      assertThat(t.insert(invite("c", 1), LOCALHOST, T0)).isEmpty();

      t.delete(a, LOCALHOST, "a", T0);

      assertThat(t.insert(invite("c", 1), LOCALHOST, T0)).isPresent();
    }
  }

  @Test
  void concurrentInsertsAndDeletesKeepTheBounds() throws Exception {
    int capacity = 300;
    InMemoryInvitationTable t = table(
        new InvitationTable.Limits(capacity, Duration.ofSeconds(60), 100, 4));
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger overCapacity = new AtomicInteger();
    AtomicInteger badIds = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int n = 0; n < threads; n++) {
        InetAddress owner = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) n});
        int thread = n;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 5_000; i++) {
            String name = "u" + thread + "_" + (i % 60);
            Instant now = T0.plusMillis(i);
            Optional<Invitation> inv = t.insert(invite(name, i), owner, now);
            if (inv.isPresent()) {
              long id = inv.get().id();
              if (id < 1 || id > 15_999) {
                badIds.incrementAndGet();
              }
              if (i % 2 == 0) {
                t.delete(id, owner, name, now);
              }
            }
            t.findInvitation(name, "bob", now);
            if (t.size() > capacity) {
              overCapacity.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(overCapacity).hasValue(0);
    assertThat(badIds).hasValue(0);
    int size = t.size();
    assertThat(size).isBetween(1, capacity);
    // Every index agrees with the size: removing all ids removes exactly `size` entries.
    int removed = 0;
    for (long id = 1; id < TalkProtocol.MAX_ID; id++) {
      removed += t.remove(id) ? 1 : 0;
    }
    assertThat(removed).isEqualTo(size);
    assertThat(t.size()).isZero();
    // and the per-address counters are back to zero: each address may fill its quota again
    for (int n = 0; n < threads; n++) {
      InetAddress owner = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) n});
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        ids.add(insert(t, invite("again" + i, 1), owner, T0));
      }
      assertThat(t.insert(invite("again100", 1), owner, T0)).isEmpty();
      ids.forEach(t::remove);
    }
  }

  @Nested
  class Flood {

    private static final int FLOOD = 100_000;

    private final InMemoryInvitationTable table = (InMemoryInvitationTable) InvitationTable.inMemory();
    private final RequestProcessor talkd = RequestProcessor.builder().table(table).build();
    private final InetSocketAddress flooder = new InetSocketAddress(LOCALHOST, 6666);

    private void flood(boolean oneName) {
      for (int i = 0; i < FLOOD; i++) {
        String name = oneName ? "flood" : "f" + Integer.toString(i, 36);
        CtlMessage m = leaveInvite(name, "root", i, rendezvous(LOCALHOST, 1 + i % 60_000));
        // 1 ms apart: 100 s in all, so expiry is at work too.
        talkd.process(m, flooder, T0.plusMillis(i));
      }
    }

    private Instant afterFlood() {
      return T0.plusMillis(FLOOD);
    }

    private void assertAnotherUserCanStillInvite(Inet4Address ip, int port, String caller) {
      Instant now = afterFlood();
      CtlResponse r = talkd.process(leaveInvite(caller, "bob", 4242, rendezvous(ip, 40_000)),
          new InetSocketAddress(ip, port), now);
      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      CtlResponse found = talkd.process(TestRequests.lookUp("bob", caller),
          TestRequests.bobClient(), now.plusSeconds(1));
      assertThat(found.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(found.id()).isEqualTo(r.id());
    }

    @Test
    void manyNamesFromOneAddressCostAtMostThePerAddressQuota() {
      flood(false);

      assertThat(table.size()).isLessThanOrEqualTo(DEFAULT.perAddress())
          .isLessThanOrEqualTo(DEFAULT.capacity());
      assertAnotherUserCanStillInvite(LOCALHOST_2, 5555, "carol");
      // The flooding address itself has used up its quota: a new name from it is refused.
      CtlResponse refused = talkd.process(leaveInvite("dave", "bob", 1, RENDEZVOUS), flooder,
          afterFlood());
      assertThat(refused.knownAnswer()).contains(Answer.FAILED);
    }

    @Test
    void oneNameFromOneAddressCostsAtMostThePerNameQuota() {
      flood(true);

      assertThat(table.size()).isLessThanOrEqualTo(DEFAULT.perName());
      assertAnotherUserCanStillInvite(LOCALHOST_2, 5555, "carol");
      assertAnotherUserCanStillInvite(LOCALHOST, 5556, "dave");
      assertThat(table.size()).isLessThanOrEqualTo(DEFAULT.perName() + 2);
    }

    @Test
    void floodAtOneInstantStillStaysWithinTheQuota() {
      for (int i = 0; i < FLOOD; i++) {
        talkd.process(leaveInvite("f" + Integer.toString(i, 36), "root", i, RENDEZVOUS), flooder,
            T0);
      }

      assertThat(table.size()).isEqualTo(DEFAULT.perAddress());
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < DEFAULT.perAddress(); i++) {
        ids.add(table.findInvitation("f" + Integer.toString(i, 36), "root", T0).orElseThrow().id());
      }
      assertThat(ids).as("the first 1,000 stayed, each with its own id").hasSize(1_000);
    }
  }
}

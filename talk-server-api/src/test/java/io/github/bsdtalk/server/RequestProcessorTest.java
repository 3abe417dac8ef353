package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.TestRequests.IMPOSSIBLE_ID;
import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.LOCALHOST_2;
import static io.github.bsdtalk.server.TestRequests.REMOTE;
import static io.github.bsdtalk.server.TestRequests.aliceClient;
import static io.github.bsdtalk.server.TestRequests.announce;
import static io.github.bsdtalk.server.TestRequests.bobClient;
import static io.github.bsdtalk.server.TestRequests.delete;
import static io.github.bsdtalk.server.TestRequests.leaveInvite;
import static io.github.bsdtalk.server.TestRequests.lookUp;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static io.github.bsdtalk.server.TestRequests.sender;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RequestProcessor}, behaviour by behaviour, with times passed in (no clock). */
class RequestProcessorTest {

  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");
  private static final TalkAddress ALICE_RENDEZVOUS = rendezvous(LOCALHOST, 40_000);

  /** An announcer that records every call and answers from a script (SUCCESS when it runs out). */
  private static final class ScriptedAnnouncer implements Announcer {
    final List<Announcement> calls = new ArrayList<>();
    final List<Answer> script = new ArrayList<>();

    ScriptedAnnouncer answering(Answer... answers) {
      script.addAll(Arrays.asList(answers));
      return this;
    }

    @Override
    public Answer announce(Announcement a) {
      calls.add(a);
      return script.isEmpty() ? Answer.SUCCESS : script.remove(0);
    }
  }

  private final ScriptedAnnouncer announcer = new ScriptedAnnouncer();
  // no ring limits: these tests are about the table and ring many times a second (RingLimitsTest
  // tests the limits)
  private final RequestProcessor talkd =
      RequestProcessor.builder().announcer(announcer).ringLimits(RingLimits.NONE).build();

  private CtlResponse process(CtlMessage m, InetSocketAddress from, Instant now) {
    return talkd.process(m, from, now);
  }

  private static void assertRejected(CtlResponse r, int type, Answer answer) {
    assertThat(r.version()).isEqualTo(1);
    assertThat(r.type()).isEqualTo(type);
    assertThat(r.knownAnswer()).contains(answer);
    assertThat(r.id()).isZero();
    assertThat(r.address()).isEqualTo(TalkAddress.ZERO);
  }

  private static CtlMessage withVersion(CtlMessage m, int version) {
    return new CtlMessage(version, m.type(), m.answer(), m.id(), m.address(), m.controlAddress(),
        m.pid(), m.localName(), m.remoteName(), m.remoteTty());
  }

  private static CtlMessage withRawType(CtlMessage m, int type) {
    return new CtlMessage(m.version(), type, m.answer(), m.id(), m.address(), m.controlAddress(),
        m.pid(), m.localName(), m.remoteName(), m.remoteTty());
  }

  private static CtlMessage withNames(CtlMessage m, String local, String remote) {
    return new CtlMessage(m.version(), m.type(), m.answer(), m.id(), m.address(),
        m.controlAddress(), m.pid(), local, remote, m.remoteTty());
  }

  @Nested
  class HeaderChecks {

    static Stream<Arguments> badVersions() {
      return IntStream.of(0, 2, 3, 0x7f, 0xa5, 0xff).boxed()
          .flatMap(v -> IntStream.of(0, 1, 2, 3, 4, 9, 255).mapToObj(t -> Arguments.of(v, t)));
    }

    @ParameterizedTest(name = "vers {0}, type {1}")
    @MethodSource("badVersions")
    void versionOtherThanOneIsBadVersionEchoingType(int version, int type) {
      CtlMessage m = withRawType(withVersion(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS),
          version), type);

      assertRejected(process(m, aliceClient(), T0), type, Answer.BADVERSION);
      assertThat(talkd.table().size()).isZero();
      assertThat(announcer.calls).isEmpty();
    }

    @Test
    void everyTypeFrom4To255IsUnknownRequestEchoingType() {
      for (int type = 4; type <= 255; type++) {
        CtlMessage m = withRawType(announce("alice", "bob", 1, ALICE_RENDEZVOUS), type);
        assertRejected(process(m, aliceClient(), T0), type, Answer.UNKNOWN_REQUEST);
      }
      assertThat(talkd.table().size()).isZero();
      assertThat(announcer.calls).isEmpty();
    }

    static Stream<Arguments> families() {
      // (addr family, ctl_addr family, answer): only AF_INET (2, big-endian) is accepted, addr first.
      return Stream.of(RequestType.values()).flatMap(t -> Stream.of(
          Arguments.of(t, 10, 2, Answer.BADADDR),
          Arguments.of(t, 0, 2, Answer.BADADDR),
          Arguments.of(t, 0x0200, 2, Answer.BADADDR),
          Arguments.of(t, 1, 2, Answer.BADADDR),
          Arguments.of(t, 2, 10, Answer.BADCTLADDR),
          Arguments.of(t, 2, 0, Answer.BADCTLADDR),
          Arguments.of(t, 2, 0x0200, Answer.BADCTLADDR),
          Arguments.of(t, 10, 0, Answer.BADADDR)));
    }

    @ParameterizedTest(name = "{0}: addr family {1}, ctl_addr family {2} -> {3}")
    @MethodSource("families")
    void addressFamiliesOtherThanAfInetAreRefused(
        RequestType type, int addrFamily, int ctlFamily, Answer expected) {
      CtlMessage m = announce("alice", "bob", 1, ALICE_RENDEZVOUS).withType(type)
          .withAddress(new TalkAddress(addrFamily, 40_000, LOCALHOST))
          .withControlAddress(new TalkAddress(ctlFamily, 50_000, LOCALHOST));

      assertRejected(process(m, aliceClient(), T0), type.code(), expected);
      assertThat(talkd.table().size()).isZero();
      assertThat(announcer.calls).isEmpty();
    }
  }

  @Nested
  class LeaveInvite {

    @Test
    void storesAndAnswersSuccessWithNonZeroId() {
      CtlResponse r = process(leaveInvite("alice", "bob", 1111, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(r.type()).isEqualTo(RequestType.LEAVE_INVITE.code());
      assertThat(r.id()).isEqualTo(1);
      assertThat(r.address()).isEqualTo(TalkAddress.ZERO);
      assertThat(talkd.table().size()).isEqualTo(1);
      assertThat(announcer.calls).as("LEAVE_INVITE never rings").isEmpty();
    }

    @Test
    void fromNonLocalSenderIsMachineUnknown() {
      CtlResponse r = process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS),
          sender(REMOTE, 50_000), T0);

      assertRejected(r, RequestType.LEAVE_INVITE.code(), Answer.MACHINE_UNKNOWN);
      assertThat(talkd.table().size()).isZero();
    }

    @Test
    void withNonLocalRendezvousAddressIsBadAddr() {
      CtlResponse r = process(leaveInvite("alice", "bob", 1, rendezvous(REMOTE, 1234)),
          aliceClient(), T0);

      assertRejected(r, RequestType.LEAVE_INVITE.code(), Answer.BADADDR);
      assertThat(talkd.table().size()).isZero();
    }

    @Test
    void localAddressRuleIsTheBuildersPredicate() {
      RequestProcessor lan = RequestProcessor.builder()
          .localAddresses(a -> a.equals(REMOTE)).build();

      CtlResponse fromLoopback = lan.process(
          leaveInvite("alice", "bob", 1, rendezvous(REMOTE, 1234)), aliceClient(), T0);
      CtlResponse fromRemote = lan.process(
          leaveInvite("alice", "bob", 1, rendezvous(REMOTE, 1234)), sender(REMOTE, 5), T0);

      assertRejected(fromLoopback, 0, Answer.MACHINE_UNKNOWN);
      assertThat(fromRemote.knownAnswer()).contains(Answer.SUCCESS);
    }

    @Test
    void duplicateGetsSameIdAndRefreshesTime() {
      CtlMessage invite = leaveInvite("alice", "bob", 1111, ALICE_RENDEZVOUS);
      long id = process(invite, aliceClient(), T0).id();

      CtlResponse dup = process(invite, aliceClient(), T0.plusSeconds(50));

      assertThat(dup.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(dup.id()).isEqualTo(id);
      assertThat(talkd.table().size()).isEqualTo(1);
      // Refreshed at +50 s, so it lives until +110 s, well past the first +60 s.
      assertThat(process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(110)).id())
          .isEqualTo(id);
      assertRejected(process(lookUp("bob", "alice"), bobClient(), T0.plusMillis(110_001)),
          RequestType.LOOK_UP.code(), Answer.NOT_HERE);
    }

    @Test
    void sameNamesWithAnotherPidIsANewInvitation() {
      long first = process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0).id();
      long second = process(leaveInvite("alice", "bob", 2, ALICE_RENDEZVOUS), aliceClient(), T0).id();

      assertThat(second).isNotEqualTo(first).isNotZero();
      assertThat(talkd.table().size()).isEqualTo(2);
    }

    @Test
    void tableRefusalIsFailed() {
      RequestProcessor tiny = RequestProcessor.builder()
          .table(InvitationTable.inMemory(InvitationTable.Limits.DEFAULT.withQuotas(1, 1)))
          .build();
      tiny.process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      CtlResponse r = tiny.process(leaveInvite("carol", "bob", 1, ALICE_RENDEZVOUS),
          aliceClient(), T0);

      assertRejected(r, RequestType.LEAVE_INVITE.code(), Answer.FAILED);
    }

    @Test
    void fullTableIsNotARefusal() {
      RequestProcessor tiny = RequestProcessor.builder()
          .table(InvitationTable.inMemory(InvitationTable.Limits.DEFAULT.withCapacity(1)))
          .build();
      tiny.process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      CtlResponse r = tiny.process(leaveInvite("carol", "bob", 1, ALICE_RENDEZVOUS),
          sender(LOCALHOST_2, 5), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(tiny.table().size()).isEqualTo(1);
    }
  }

  /** Item: a full table must not refuse everyone, and no one may use another sender's entry. */
  @Nested
  class FullTableAttack {

    private static final int SOURCES = 10;

    /** Ten source addresses send 1,000 requests each: 10,000, the default capacity. */
    private void flood(boolean announcements, Instant now) {
      for (int a = 1; a <= SOURCES; a++) {
        // LEAVE_INVITE needs a local sender (the loopback /8 is all local); ANNOUNCE does not
        InetSocketAddress src = announcements
            ? sender(TalkAddress.ipv4(0xc000_0200 | a), 518)
            : sender(TalkAddress.ipv4(0x7f00_0900 | a), 518);
        for (int i = 0; i < 1_000; i++) {
          String name = "f" + a + "_" + i; // no two sources send the same request
          CtlMessage m = announcements
              ? announce(name, "bob", i, ALICE_RENDEZVOUS)
              : leaveInvite(name, "root", i, ALICE_RENDEZVOUS);
          process(m, src, now);
        }
      }
    }

    private void assertAliceCanStillCallBob(Instant now) {
      CtlResponse invited =
          process(leaveInvite("alice", "bob", 77, ALICE_RENDEZVOUS), aliceClient(), now);
      CtlResponse announced =
          process(announce("alice", "bob", 77, ALICE_RENDEZVOUS), aliceClient(), now);

      assertThat(invited.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(announced.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(announcer.calls).last().extracting(Announcement::callerName).isEqualTo("alice");
      CtlResponse found = process(lookUp("bob", "alice"), bobClient(), now.plusSeconds(1));
      assertThat(found).isEqualTo(CtlResponse.of(1, Answer.SUCCESS, invited.id(),
          ALICE_RENDEZVOUS));
    }

    @Test
    void leaveInvitesFromTenSourcesDoNotMakeAnotherSendersCallFail() {
      flood(false, T0);
      assertThat(talkd.table().size()).isEqualTo(10_000);

      assertAliceCanStillCallBob(T0.plusSeconds(1));
    }

    @Test
    void announcementsFromTenSourcesDoNotMakeAnotherSendersCallFail() {
      flood(true, T0);
      assertThat(talkd.table().size()).isEqualTo(10_000);
      assertThat(announcer.calls).hasSize(10_000);

      assertAliceCanStillCallBob(T0.plusSeconds(1));
    }

    @Test
    void repeatingTheFloodKeepsOnlyTheAttackersOwnEntriesAlive() {
      flood(false, T0);
      flood(true, T0);
      assertAliceCanStillCallBob(T0.plusSeconds(1));
      long invitation = process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(2)).id();

      flood(false, T0.plusSeconds(30)); // the same datagrams again: refreshes, no ring
      flood(true, T0.plusSeconds(30));

      assertThat(process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(31)).id())
          .as("alice's invitation survived the repeated flood").isEqualTo(invitation);
    }

    @Test
    void anAttackersCopyOfAnInvitationIsItsOwnAndRefreshesNothing() {
      CtlMessage alices = leaveInvite("alice", "bob", 77, ALICE_RENDEZVOUS);
      long id = process(alices, aliceClient(), T0).id();
      InetSocketAddress copier = sender(LOCALHOST_2, 6666);

      CtlResponse copy = process(alices, copier, T0.plusSeconds(50));

      assertThat(copy.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(copy.id()).as("not alice's entry").isNotEqualTo(id);
      // alice's entry was not refreshed by the copy: it goes 60 s after she stored it
      // (had it been refreshed, leaving it again would refresh it under its old id)
      assertThat(talkd.table().leave(alices, LOCALHOST, T0.plusMillis(60_001)))
          .map(Invitation::id).isNotEqualTo(Optional.of(id));
    }

    @Test
    void anAttackersReAnnounceOfAnotherSendersAnnouncementDoesNotRenumberIt() {
      CtlMessage alices = announce("alice", "bob", 77, ALICE_RENDEZVOUS);
      long id = process(alices, aliceClient(), T0).id();
      CtlMessage reAnnounce = new CtlMessage(alices.version(), alices.type(), 0, id + 1,
          alices.address(), alices.controlAddress(), alices.pid(), alices.localName(),
          alices.remoteName(), alices.remoteTty());

      CtlResponse r = process(reAnnounce, sender(REMOTE, 518), T0.plusSeconds(10));

      assertThat(r.id()).as("the copy is its sender's own entry").isNotEqualTo(id);
      CtlResponse deleted = process(delete(id, "alice", "bob"), aliceClient(), T0.plusSeconds(11));
      assertThat(deleted.knownAnswer()).as("alice's id still names her announcement")
          .contains(Answer.SUCCESS);
    }
  }

  @Nested
  class LookUp {

    @Test
    void findsInvitationWithItsIdAndRendezvousAddress() {
      long id = process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0).id();

      CtlResponse r = process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(1));

      assertThat(r).isEqualTo(CtlResponse.of(1, Answer.SUCCESS, id, ALICE_RENDEZVOUS));
    }

    @Test
    void findsNewestInvitation() {
      process(leaveInvite("alice", "bob", 1, rendezvous(LOCALHOST, 40_001)), aliceClient(), T0);
      long newer = process(leaveInvite("alice", "bob", 2, rendezvous(LOCALHOST, 40_002)),
          aliceClient(), T0.plusSeconds(1)).id();

      CtlResponse r = process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(2));

      assertThat(r.id()).isEqualTo(newer);
      assertThat(r.address()).isEqualTo(rendezvous(LOCALHOST, 40_002));
    }

    @Test
    void olderInvitationIsFoundOnceTheNewerIsDeleted() {
      long older = process(leaveInvite("alice", "bob", 1, rendezvous(LOCALHOST, 40_001)),
          aliceClient(), T0).id();
      long newer = process(leaveInvite("alice", "bob", 2, rendezvous(LOCALHOST, 40_002)),
          aliceClient(), T0).id();
      process(delete(newer, "alice", "bob"), aliceClient(), T0);

      CtlResponse r = process(lookUp("bob", "alice"), bobClient(), T0);

      assertThat(r.id()).isEqualTo(older);
      assertThat(r.address()).isEqualTo(rendezvous(LOCALHOST, 40_001));
    }

    @Test
    void findsOnlyInvitationsForTheAskingCallee() {
      process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(process(lookUp("carol", "alice"), bobClient(), T0), 1, Answer.NOT_HERE);
      assertRejected(process(lookUp("alice", "bob"), bobClient(), T0), 1, Answer.NOT_HERE);
    }

    @Test
    void doesNotFindAnnouncements() {
      process(announce("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(process(lookUp("bob", "alice"), bobClient(), T0), 1, Answer.NOT_HERE);
    }

    @Test
    void invitationIsVisibleAt60sAndGoneAt60s001() {
      process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertThat(process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(60)).knownAnswer())
          .contains(Answer.SUCCESS);
      assertRejected(process(lookUp("bob", "alice"), bobClient(), T0.plusMillis(60_001)),
          1, Answer.NOT_HERE);
    }

    @Test
    void lookUpDoesNotRefreshTheInvitation() {
      process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);
      process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(59));

      assertRejected(process(lookUp("bob", "alice"), bobClient(), T0.plusMillis(60_001)),
          1, Answer.NOT_HERE);
    }
  }

  @Nested
  class Delete {

    private long invitationId;

    private void aliceInvitesBob() {
      invitationId = process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0)
          .id();
    }

    @Test
    void byOwnerSucceedsAndRemovesTheEntry() {
      aliceInvitesBob();

      CtlResponse r = process(delete(invitationId, "alice", "bob"), aliceClient(), T0);

      assertThat(r).isEqualTo(CtlResponse.of(2, Answer.SUCCESS, 0, TalkAddress.ZERO));
      assertThat(talkd.table().size()).isZero();
      assertRejected(process(lookUp("bob", "alice"), bobClient(), T0), 1, Answer.NOT_HERE);
      assertRejected(process(delete(invitationId, "alice", "bob"), aliceClient(), T0),
          2, Answer.NOT_HERE);
    }

    @Test
    void ownerMayDeleteFromAnotherPort() {
      aliceInvitesBob();

      CtlResponse r = process(delete(invitationId, "alice", "bob"), sender(LOCALHOST, 1), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
    }

    static Stream<Arguments> nonOwners() {
      return Stream.of(
          Arguments.of("other address, same name", sender(LOCALHOST_2, 50_000), "alice"),
          Arguments.of("same address, other name", aliceClient(), "mallory"),
          Arguments.of("other address and name", sender(REMOTE, 50_000), "mallory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonOwners")
    void byNonOwnerIsNotHereAndTheEntryRemains(String why, InetSocketAddress from, String name) {
      aliceInvitesBob();

      CtlResponse r = process(delete(invitationId, name, "bob"), from, T0);

      assertRejected(r, 2, Answer.NOT_HERE);
      assertThat(talkd.table().size()).isEqualTo(1);
      assertThat(process(lookUp("bob", "alice"), bobClient(), T0).id()).isEqualTo(invitationId);
    }

    @Test
    void unknownIdIsNotHere() {
      aliceInvitesBob();

      assertRejected(process(delete(0x1234_5678L, "alice", "bob"), aliceClient(), T0),
          2, Answer.NOT_HERE);
      assertRejected(process(delete(0, "alice", "bob"), aliceClient(), T0), 2, Answer.NOT_HERE);
      assertThat(talkd.table().size()).isEqualTo(1);
    }

    @Test
    void expiredEntryIsNotHere() {
      aliceInvitesBob();

      assertRejected(process(delete(invitationId, "alice", "bob"), aliceClient(),
          T0.plusMillis(60_001)), 2, Answer.NOT_HERE);
    }

    @Test
    void announcementIsDeletedByItsOwnerAndThenRingsAfresh() {
      long id = process(announce("alice", "bob", 7, ALICE_RENDEZVOUS), aliceClient(), T0).id();

      assertThat(process(delete(id, "alice", "bob"), aliceClient(), T0).knownAnswer())
          .contains(Answer.SUCCESS);
      CtlResponse again = process(announce("alice", "bob", 7, ALICE_RENDEZVOUS), aliceClient(),
          T0.plusSeconds(1));

      assertThat(announcer.calls).hasSize(2);
      assertThat(again.id()).isNotZero().isNotEqualTo(id);
    }
  }

  @Nested
  class Announce {

    @Test
    void newAnnouncementRingsOnceAndGetsNonZeroId() {
      CtlMessage m = announce("alice", "bob", 777, ALICE_RENDEZVOUS).withRemoteTty("pts/1");

      CtlResponse r = process(m, sender(LOCALHOST_2, 40_135), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(r.type()).isEqualTo(3);
      assertThat(r.id()).isNotZero();
      assertThat(r.address()).isEqualTo(TalkAddress.ZERO);
      assertThat(announcer.calls).singleElement().satisfies(a -> {
        assertThat(a.callerName()).isEqualTo("alice");
        assertThat(a.calleeName()).isEqualTo("bob");
        assertThat(a.calleeTty()).isEqualTo("pts/1");
        assertThat(a.callerHost()).as("the datagram's source, not ctl_addr").isEqualTo(LOCALHOST_2);
        assertThat(a.callerAddress()).isEqualTo(ALICE_RENDEZVOUS);
        assertThat(a.request()).isEqualTo(m);
        assertThat(a.time()).isEqualTo(T0);
      });
      assertThat(talkd.table().size()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"NOT_HERE", "PERMISSION_DENIED", "FAILED"})
    void refusalIsAnsweredWithIdZeroAndTheEntryRemoved(Answer refusal) {
      announcer.answering(refusal);

      CtlResponse r = process(announce("alice", "bob", 777, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(r, 3, refusal);
      assertThat(talkd.table().size()).isZero();
      // Nothing was kept, so the client's retransmission rings again rather than being a duplicate.
      process(announce("alice", "bob", 777, ALICE_RENDEZVOUS), aliceClient(), T0.plusSeconds(2));
      assertThat(announcer.calls).hasSize(2);
    }

    @Test
    void retransmissionWithImpossibleIdIsADuplicateWithSameIdAndNoRing() {
      CtlMessage m = announce("alice", "bob", 777, ALICE_RENDEZVOUS);
      long id = process(m, aliceClient(), T0).id();

      CtlResponse again = process(m, aliceClient(), T0.plusSeconds(2));

      assertThat(again).isEqualTo(CtlResponse.of(3, Answer.SUCCESS, id, TalkAddress.ZERO));
      assertThat(announcer.calls).hasSize(1);
      assertThat(talkd.table().size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "id offset {0}")
    @ValueSource(longs = {0, 2, 100, -1})
    void repeatWithAnyIdButStoredPlusOneIsADuplicate(long offset) {
      long id = process(announce("alice", "bob", 777, ALICE_RENDEZVOUS), aliceClient(), T0).id();

      CtlResponse again = process(
          announce("alice", "bob", 777, ALICE_RENDEZVOUS).withId(id + offset), aliceClient(), T0);

      assertThat(again.id()).isEqualTo(id);
      assertThat(announcer.calls).hasSize(1);
    }

    @Test
    void storedIdPlusOneRingsAgainWithANewId() {
      long id = process(announce("alice", "bob", 777, ALICE_RENDEZVOUS), aliceClient(), T0).id();

      // netkit talk/invite.c re_invite(): "force a re-announce" with remote_id + 1, every RING_WAIT
      CtlResponse again = process(announce("alice", "bob", 777, ALICE_RENDEZVOUS).withId(id + 1),
          aliceClient(), T0.plusSeconds(30));

      assertThat(again.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(again.id()).isNotZero().isNotEqualTo(id);
      assertThat(announcer.calls).hasSize(2);
      assertThat(announcer.calls.get(1).time()).isEqualTo(T0.plusSeconds(30));
      assertThat(talkd.table().size()).isEqualTo(1);
      // The old id is gone; the new one is the caller's to delete.
      assertRejected(process(delete(id, "alice", "bob"), aliceClient(), T0.plusSeconds(31)),
          2, Answer.NOT_HERE);
      assertThat(process(delete(again.id(), "alice", "bob"), aliceClient(), T0.plusSeconds(31))
          .knownAnswer()).contains(Answer.SUCCESS);
    }

    @Test
    void reAnnounceRefusedIsAnsweredWithThatRefusal() {
      long id = process(announce("alice", "bob", 777, ALICE_RENDEZVOUS), aliceClient(), T0).id();
      announcer.answering(Answer.NOT_HERE);

      CtlResponse again = process(announce("alice", "bob", 777, ALICE_RENDEZVOUS).withId(id + 1),
          aliceClient(), T0.plusSeconds(30));

      assertRejected(again, 3, Answer.NOT_HERE);
    }

    @Test
    void announcerThatThrowsIsFailedAndTheEntryRemoved() {
      RequestProcessor p = RequestProcessor.builder()
          .announcer(a -> {
            throw new IllegalStateException("tty gone");
          })
          .build();

      CtlResponse r = p.process(announce("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(r, 3, Answer.FAILED);
      assertThat(p.table().size()).isZero();
    }

    @Test
    void announcerThatReturnsNullIsFailed() {
      RequestProcessor p = RequestProcessor.builder().announcer(a -> null).build();

      CtlResponse r = p.process(announce("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(r, 3, Answer.FAILED);
      assertThat(p.table().size()).isZero();
    }

    @Test
    void anAnnouncementTheTableRefusesIsFailedWithoutRinging() {
      RequestProcessor tiny = RequestProcessor.builder().announcer(announcer)
          .table(InvitationTable.inMemory(InvitationTable.Limits.DEFAULT.withQuotas(1, 1)))
          .build();
      tiny.process(announce("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      CtlResponse r = tiny.process(announce("carol", "bob", 1, ALICE_RENDEZVOUS), aliceClient(),
          T0);

      assertRejected(r, 3, Answer.FAILED);
      assertThat(announcer.calls).singleElement()
          .satisfies(a -> assertThat(a.callerName()).isEqualTo("alice"));
      assertThat(tiny.table().size()).isEqualTo(1);
    }

    @Test
    void defaultAnnouncerRefusesEveryone() {
      RequestProcessor p = RequestProcessor.builder().build();

      CtlResponse r = p.process(announce("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(r, 3, Answer.PERMISSION_DENIED);
    }

    @ParameterizedTest(name = "l_name {0}")
    @ValueSource(strings = {"al\u0007ice", "\u001b[2J", "alice\u007f", "\ttab", "a\nb"})
    void callerNameWithControlCharacterIsFailedWithoutRinging(String caller) {
      CtlResponse r = process(announce(caller, "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(r, 3, Answer.FAILED);
      assertThat(announcer.calls).isEmpty();
      assertThat(talkd.table().size()).isZero();
    }

    /** The bytes of {@code text} in UTF-8, as the wire text field carries them (one char a byte). */
    private static String utf8OnTheWire(String text) {
      return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "l_name {0}")
    @ValueSource(strings = {"łukasz", "émile", "żółć", "日本"})
    void utf8CallerNameIsRungEvenWithContinuationBytesIn80To9F(String caller) {
      String wire = utf8OnTheWire(caller);
      // łukasz is c5 82 ...: 0x82 read as a byte would be a C1 control
      CtlResponse r = process(announce(wire, "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(announcer.calls).singleElement()
          .extracting(Announcement::callerName).isEqualTo(wire);
    }

    static Stream<Arguments> callersWithC1OrEscape() {
      return Stream.of(
          Arguments.of("U+009B CSI, UTF-8 c2 9b", utf8OnTheWire("al\u009bice")),
          Arguments.of("U+0085 NEL, UTF-8 c2 85", utf8OnTheWire("\u0085alice")),
          Arguments.of("raw 0x9b byte, not UTF-8", "al\u009b2Jice"),
          Arguments.of("raw 0x9b after a valid UTF-8 char", utf8OnTheWire("é") + "\u009b"),
          Arguments.of("ESC in UTF-8 text", utf8OnTheWire("ł\u001b[2J")),
          Arguments.of("ESC", "\u001b]0;x\u0007"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWithC1OrEscape")
    void callerNameWithC1ControlOrEscapeIsFailedWithoutRinging(String why, String caller) {
      CtlResponse r = process(announce(caller, "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertRejected(r, 3, Answer.FAILED);
      assertThat(announcer.calls).isEmpty();
      assertThat(talkd.table().size()).isZero();
    }

    @Test
    void controlCharacterAfterTheFirstNulIsNotSeen() {
      CtlResponse r = process(announce("alice\u0000\u0007", "bob", 1, ALICE_RENDEZVOUS),
          aliceClient(), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(announcer.calls).singleElement()
          .extracting(Announcement::callerName).isEqualTo("alice");
    }

    @Test
    void announcementIsNotAnInvitationAndViceVersa() {
      process(leaveInvite("alice", "bob", 777, ALICE_RENDEZVOUS), aliceClient(), T0);

      CtlResponse r = process(announce("alice", "bob", 777, ALICE_RENDEZVOUS), aliceClient(), T0);

      assertThat(announcer.calls).as("same names and pid, but another type: rung").hasSize(1);
      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(talkd.table().size()).isEqualTo(2);
    }
  }

  @Nested
  class Names {

    @Test
    void twelveByteNamesCompareAsTheirFirstElevenBytes() {
      // netkit talkd/process.c forces byte 12 of each name to NUL before comparing
      long id = process(leaveInvite("abcdefghijkX", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0)
          .id();

      CtlResponse r = process(lookUp("bob", "abcdefghijkY"), bobClient(), T0);

      assertThat(r.id()).isEqualTo(id);
      assertThat(process(lookUp("bob", "abcdefghijk"), bobClient(), T0).id()).isEqualTo(id);
      assertRejected(process(lookUp("bob", "abcdefghijY"), bobClient(), T0), 1, Answer.NOT_HERE);
    }

    @Test
    void namesEndAtTheFirstNul() {
      long id = process(leaveInvite("alice\u0000junk", "bob\u0000x", 1, ALICE_RENDEZVOUS),
          aliceClient(), T0).id();

      assertThat(process(lookUp("bob", "alice"), bobClient(), T0).id()).isEqualTo(id);
      assertThat(process(lookUp("bob\u0000y", "alice\u0000z"), bobClient(), T0).id()).isEqualTo(id);
    }

    @Test
    void aTtyThatStartsWithNulIsNoTty() {
      // the C string is empty: ring whichever terminal is best, as for an r_tty of ""
      process(announce("alice", "bob", 1, ALICE_RENDEZVOUS).withRemoteTty("\u0000pts/1"),
          aliceClient(), T0);

      assertThat(announcer.calls).singleElement()
          .satisfies(a -> assertThat(a.calleeTty()).isEmpty());
    }

    @Test
    void duplicateIsRecognisedThroughTheElevenByteView() {
      long id = process(leaveInvite("abcdefghijkX", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0)
          .id();

      CtlResponse dup = process(leaveInvite("abcdefghijkZ", "bob", 1, ALICE_RENDEZVOUS),
          aliceClient(), T0);

      assertThat(dup.id()).isEqualTo(id);
      assertThat(talkd.table().size()).isEqualTo(1);
    }

    @Test
    void announcementCarriesTheElevenByteViewOfNamesAndTty() {
      process(announce("abcdefghijkX", "bob\u0000zz", 1, ALICE_RENDEZVOUS)
          .withRemoteTty("pts/123456789012"), aliceClient(), T0);

      assertThat(announcer.calls).singleElement().satisfies(a -> {
        assertThat(a.callerName()).isEqualTo("abcdefghijk");
        assertThat(a.calleeName()).isEqualTo("bob");
        assertThat(a.calleeTty()).isEqualTo("pts/12345678901");
      });
    }
  }

  @Nested
  class WrongLength {

    static Stream<Arguments> datagrams() {
      byte[] lookUp = TalkCodec.encode(lookUp("bob", "alice"));
      byte[] long200 = Arrays.copyOf(lookUp, 200);
      return Stream.of(
          Arguments.of("empty", new byte[0], 0),
          Arguments.of("1 byte", new byte[] {1}, 0),
          Arguments.of("2 bytes", new byte[] {1, 3}, 3),
          Arguments.of("truncated 10", Arrays.copyOf(lookUp, 10), 1),
          Arguments.of("short 83", Arrays.copyOf(lookUp, 83), 1),
          Arguments.of("long 85", Arrays.copyOf(lookUp, 85), 1),
          Arguments.of("long 200", long200, 1),
          Arguments.of("type 0xff, 10 bytes", new byte[] {2, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0},
              255));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datagrams")
    void isUnknownRequestEchoingByteOne(String what, byte[] datagram, int echoedType)
        throws Exception {
      Optional<byte[]> reply = talkd.handle(datagram, aliceClient(), T0);

      assertThat(reply).isPresent();
      assertThat(reply.get()).hasSize(24);
      assertRejected(TalkCodec.decodeResponse(reply.get()), echoedType, Answer.UNKNOWN_REQUEST);
      assertThat(reply.get()[3]).as("pad").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datagrams")
    void isDroppedUnderDropPolicy(String what, byte[] datagram, int echoedType) {
      RequestProcessor quiet = RequestProcessor.builder()
          .wrongLengthPolicy(RequestProcessor.WrongLengthPolicy.DROP).build();

      assertThat(quiet.handle(datagram, aliceClient(), T0)).isEmpty();
    }

    @Test
    void dropPolicyStillAnswersWellFormedDatagrams() {
      RequestProcessor quiet = RequestProcessor.builder()
          .wrongLengthPolicy(RequestProcessor.WrongLengthPolicy.DROP).build();

      assertThat(quiet.handle(TalkCodec.encode(lookUp("bob", "alice")), bobClient(), T0))
          .hasValueSatisfying(r -> assertThat(r).hasSize(24));
    }

    @Test
    void byteBufferHandleReadsPositionToLimitAndLeavesTheBufferAlone() {
      byte[] framed = new byte[100];
      byte[] lookUp = TalkCodec.encode(lookUp("bob", "alice"));
      System.arraycopy(lookUp, 0, framed, 7, 84);
      ByteBuffer b = ByteBuffer.wrap(framed, 7, 84);

      Optional<CtlResponse> r = talkd.handle(b, bobClient(), T0);

      assertThat(r).hasValueSatisfying(resp -> assertThat(resp.knownAnswer())
          .contains(Answer.NOT_HERE));
      assertThat(b.position()).isEqualTo(7);
      assertThat(b.limit()).isEqualTo(91);

      ByteBuffer shortOne = ByteBuffer.wrap(framed, 7, 10);
      assertThat(talkd.handle(shortOne, bobClient(), T0))
          .hasValueSatisfying(resp -> assertThat(resp.type()).isEqualTo(1));
      assertThat(shortOne.position()).isEqualTo(7);
    }
  }

  @Test
  void processDoesNotReadTheClockExpiryFollowsTheInstantsPassedIn() {
    process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS), aliceClient(), T0);

    // Years apart in either direction: only the instants passed in count.
    Instant past = T0.minus(Duration.ofDays(3650));
    assertThat(process(lookUp("bob", "alice"), bobClient(), past).knownAnswer())
        .contains(Answer.SUCCESS);
    assertThat(process(lookUp("bob", "alice"), bobClient(), T0.plusSeconds(60)).knownAnswer())
        .contains(Answer.SUCCESS);
    assertThat(process(lookUp("bob", "alice"), bobClient(), T0.plus(Duration.ofDays(1)))
        .knownAnswer()).contains(Answer.NOT_HERE);
  }

  @Test
  void leaveInviteIgnoresTheIdItCarries() {
    CtlResponse r = process(leaveInvite("alice", "bob", 1, ALICE_RENDEZVOUS).withId(IMPOSSIBLE_ID),
        aliceClient(), T0);
    CtlResponse r2 = process(leaveInvite("carol", "bob", 1, ALICE_RENDEZVOUS).withId(5),
        aliceClient(), T0);

    assertThat(r.id()).isEqualTo(1);
    assertThat(r2.id()).isEqualTo(2);
  }

  /**
   * Two processors on one table, the second answering while the first is inside its ring: the
   * table's decision is made and recorded before the ring, so no interleaving rings twice.
   */
  @Nested
  class SharedTable {

    private final InvitationTable shared = InvitationTable.inMemory();
    private final List<CtlResponse> nested = new ArrayList<>();
    private final List<Announcement> rings = new ArrayList<>();
    private RequestProcessor other;
    private CtlMessage whileRinging;

    private final RequestProcessor first = RequestProcessor.builder().table(shared)
        .announcer(a -> {
          rings.add(a);
          if (whileRinging != null) {
            CtlMessage m = whileRinging;
            whileRinging = null;
            nested.add(other.process(m, aliceClient(), T0.plusSeconds(10)));
          }
          return Answer.SUCCESS;
        }).build();

    SharedTable() {
      other = RequestProcessor.builder().table(shared).announcer(a -> {
        rings.add(a);
        return Answer.SUCCESS;
      }).build();
    }

    @Test
    void aReAnnounceArrivingAtTheOtherServerDuringTheRingIsADuplicate() {
      CtlMessage first0 = announce("alice", "bob", 777, ALICE_RENDEZVOUS);
      long id = first.process(first0, aliceClient(), T0).id();
      rings.clear();
      CtlMessage reAnnounce = first0.withId(id + 1);
      whileRinging = reAnnounce; // the same re-announce, retransmitted to the other server

      CtlResponse r = first.process(reAnnounce, aliceClient(), T0.plusSeconds(10));

      assertThat(rings).as("rung once, not once per server").hasSize(1);
      assertThat(nested).singleElement().satisfies(n -> {
        assertThat(n.knownAnswer()).contains(Answer.SUCCESS);
        assertThat(n.id()).as("the renewed id").isEqualTo(r.id());
      });
      assertThat(r.id()).isNotEqualTo(id);
      assertThat(shared.size()).isEqualTo(1);
    }

    @Test
    void aFirstAnnounceArrivingAtTheOtherServerDuringTheRingIsADuplicate() {
      CtlMessage m = announce("alice", "bob", 777, ALICE_RENDEZVOUS);
      whileRinging = m;

      CtlResponse r = first.process(m, aliceClient(), T0);

      assertThat(rings).hasSize(1);
      assertThat(nested).singleElement().extracting(CtlResponse::id).isEqualTo(r.id());
      assertThat(shared.size()).isEqualTo(1);
    }

    @Test
    void aFailedRingRollsBackOnlyItsOwnEntry() {
      CtlMessage m = announce("alice", "bob", 777, ALICE_RENDEZVOUS);
      InvitationTable.AnnounceDecision d = shared.announce(m, LOCALHOST, T0);
      assertThat(d.outcome()).isEqualTo(InvitationTable.AnnounceDecision.Outcome.RING);
      // meanwhile the other server re-announced it: the entry has a new id
      InvitationTable.AnnounceDecision renewed =
          shared.announce(m.withId(d.entry().id() + 1), LOCALHOST, T0.plusSeconds(1));
      assertThat(renewed.outcome())
          .isEqualTo(InvitationTable.AnnounceDecision.Outcome.REANNOUNCE);

      assertThat(shared.announceFailed(d.entry(), T0.plusSeconds(2))).isFalse();
      assertThat(shared.size()).isEqualTo(1);
      assertThat(shared.announceFailed(renewed.entry(), T0.plusSeconds(2))).isTrue();
      assertThat(shared.size()).isZero();
    }
  }

  @Test
  void theAnnouncerFailureLogShowsTheCallersNamesWithoutTheirControlCharacters() {
    // r_name carries ESC [ 2 J (clear screen) and a BEL; the caller's name is valid
    String line = RequestProcessor.announcerFailure(
        announce("alice", "b\u001b[2J\u0007", 1, ALICE_RENDEZVOUS));

    assertThat(line).contains("b?[2J?").contains("alice");
    assertThat(line.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
  }
}

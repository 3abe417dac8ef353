package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.REMOTE;
import static io.github.bsdtalk.server.TestRequests.aliceClient;
import static io.github.bsdtalk.server.TestRequests.bobClient;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestProcessor} on old-talk (76-byte) datagrams: one table with ntalk, the same rules,
 * replies in old talk in the request's byte order, and the answers old talk lacks mapped as the
 * 4.2BSD daemon behaved (the class description of {@link RequestProcessor}).
 */
class RequestProcessorOldTalkTest {

  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");
  private static final TalkAddress ALICE_RENDEZVOUS = rendezvous(LOCALHOST, 40_000);
  private static final HexFormat HEX = HexFormat.of();

  private final List<Announcement> rings = new ArrayList<>();
  private Answer ringAnswer = Answer.SUCCESS;
  private final RequestProcessor talkd = RequestProcessor.builder()
      .announcer(a -> {
        rings.add(a);
        return ringAnswer;
      })
      .ringLimits(RingLimits.NONE)
      .build();

  private static OldCtlMessage old(RequestType type, long id, TalkAddress addr,
      InetSocketAddress client, String local, String remote, ByteOrder order) {
    return new OldCtlMessage(type.code(), local, remote, id, 4242, "", addr,
        TalkAddress.of(client), order);
  }

  private static OldCtlMessage oldInvite(String caller, String callee, ByteOrder order) {
    return old(RequestType.LEAVE_INVITE, 0, ALICE_RENDEZVOUS, aliceClient(), caller, callee, order);
  }

  private static OldCtlMessage oldLookUp(String callee, String caller, ByteOrder order) {
    return old(RequestType.LOOK_UP, 0, TalkAddress.ANY, bobClient(), callee, caller, order);
  }

  private byte[] handle(OldCtlMessage m, InetSocketAddress from) {
    return talkd.handle(OldTalkCodec.encode(m), from, T0).orElseThrow();
  }

  private static OldCtlResponse decode(byte[] reply, ByteOrder order) throws Exception {
    assertThat(reply).hasSize(OldCtlResponse.SIZE);
    return OldTalkCodec.decodeResponse(reply, order);
  }

  @Test
  void netkitsGoldenOldTalkLookUpIsAnsweredWithNetkitsBytes() {
    // golden/netkit-errors.txt, case otalk_76_lookup: the request and netkit in.talkd's reply
    byte[] sent = HEX.parseHex("01616c69636500000000626f620000000000000000000000000010920000000000"
        + "0000000000000000000000000200000000000000000000000000000002da0b7f0000010000000000000000");
    InetSocketAddress sender = new InetSocketAddress(LoopbackClient.ip("127.0.0.1"), 55819);

    Optional<byte[]> reply = talkd.handle(sent, sender, T0);

    assertThat(reply).hasValueSatisfying(r -> assertThat(HEX.formatHex(r))
        .isEqualTo("010100000000000000000000000000000000000000000000"));
  }

  @Test
  void anOldTalkInvitationIsFoundByAnNtalkLookUp() throws Exception {
    OldCtlResponse invited = decode(handle(oldInvite("alice", "bob", ByteOrder.BIG_ENDIAN),
        aliceClient()), ByteOrder.BIG_ENDIAN);
    assertThat(invited.is(Answer.SUCCESS)).isTrue();

    CtlResponse found = talkd.process(TestRequests.lookUp("bob", "alice"), bobClient(), T0);

    assertThat(found.knownAnswer()).contains(Answer.SUCCESS);
    assertThat(found.id()).isEqualTo(invited.id());
    assertThat(found.address()).isEqualTo(ALICE_RENDEZVOUS);
  }

  @Test
  void anNtalkInvitationIsFoundByAnOldTalkLookUpAnsweredInNetworkOrder() throws Exception {
    CtlResponse invited = talkd.process(
        TestRequests.leaveInvite("alice", "bob", 7, ALICE_RENDEZVOUS), aliceClient(), T0);

    byte[] reply = handle(oldLookUp("bob", "alice", ByteOrder.BIG_ENDIAN), bobClient());

    // type 1, SUCCESS, filler, the id big-endian, then addr: family 00 02, port, 127.0.0.1, zeros
    ByteBuffer expected = ByteBuffer.allocate(24).put(0, (byte) 1).putInt(4, (int) invited.id())
        .putShort(8, (short) 2).putShort(10, (short) 40_000).putInt(12, 0x7f00_0001);
    assertThat(HEX.formatHex(reply)).isEqualTo(HEX.formatHex(expected.array()));
  }

  @Test
  void aLittleEndianRequestIsAnsweredLittleEndian() throws Exception {
    byte[] invited = handle(oldInvite("alice", "bob", ByteOrder.LITTLE_ENDIAN), aliceClient());
    long id = decode(invited, ByteOrder.LITTLE_ENDIAN).id();
    assertThat(id).isEqualTo(Integer.toUnsignedLong(
        ByteBuffer.wrap(invited, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()));

    byte[] reply = handle(oldLookUp("bob", "alice", ByteOrder.LITTLE_ENDIAN), bobClient());

    OldCtlResponse found = decode(reply, ByteOrder.LITTLE_ENDIAN);
    assertThat(found.is(Answer.SUCCESS)).isTrue();
    assertThat(found.id()).isEqualTo(id);
    assertThat(found.address()).isEqualTo(ALICE_RENDEZVOUS);
    assertThat(HEX.formatHex(reply, 8, 12)).as("family 02 00, port in network order")
        .isEqualTo("02009c40");
    // a little-endian DELETE of that id deletes it
    OldCtlMessage delete = old(RequestType.DELETE, id, TalkAddress.ANY, aliceClient(), "alice",
        "bob", ByteOrder.LITTLE_ENDIAN);
    assertThat(decode(handle(delete, aliceClient()), ByteOrder.LITTLE_ENDIAN).is(Answer.SUCCESS))
        .isTrue();
    assertThat(talkd.table().size()).isZero();
  }

  @Test
  void answerMarksTheOutcomeOldTalkWithItsNtalkView() {
    OldCtlMessage m = oldLookUp("bob", "alice", ByteOrder.LITTLE_ENDIAN);

    RequestHandler.Handled h =
        talkd.answer(ByteBuffer.wrap(OldTalkCodec.encode(m)), bobClient(), T0);

    assertThat(h.isOldTalk()).isTrue();
    assertThat(h.oldTalkRequest()).contains(m);
    assertThat(h.request()).contains(m.toCtlMessage());
    assertThat(h.response().orElseThrow().knownAnswer()).contains(Answer.NOT_HERE);
    assertThat(h.oldTalkResponse()).contains(
        new OldCtlResponse(1, Answer.NOT_HERE.code(), 0, TalkAddress.ZERO, ByteOrder.LITTLE_ENDIAN));
  }

  @Test
  void anNtalkOutcomeIsNotOldTalk() {
    RequestHandler.Handled h = talkd.answer(
        ByteBuffer.wrap(TalkCodec.encode(TestRequests.lookUp("bob", "alice"))), bobClient(), T0);

    assertThat(h.isOldTalk()).isFalse();
    assertThat(h.oldTalkRequest()).isEmpty();
    assertThat(h.oldTalkResponse()).isEmpty();
  }

  @Test
  void aControlAddressThatIsNotInetGetsNoReply() {
    // 4.2BSD talkd.c sends the reply to ctl_addr; for another family that sendto fails
    OldCtlMessage m = new OldCtlMessage(RequestType.LOOK_UP.code(), "bob", "alice", 0, 1, "",
        TalkAddress.ANY, new TalkAddress(10, 40_001, LOCALHOST), ByteOrder.BIG_ENDIAN);

    RequestHandler.Handled h =
        talkd.answer(ByteBuffer.wrap(OldTalkCodec.encode(m)), bobClient(), T0);

    assertThat(h.isOldTalk()).isTrue();
    assertThat(h.response()).isEmpty();
    assertThat(h.oldTalkResponse()).isEmpty();
    assertThat(talkd.handle(OldTalkCodec.encode(m), bobClient(), T0)).isEmpty();
  }

  @Test
  void anAddressOfAnotherFamilyIsTakenAsInetAsNetkitTakesIt() throws Exception {
    // golden/netkit-otalk.txt, invite_addr_family_0: netkit stores it, its LOOK_UP says 00 02
    for (int family : new int[] {0, 0x0200, 10}) {
      RequestProcessor fresh = RequestProcessor.builder().build();
      OldCtlMessage invite = old(RequestType.LEAVE_INVITE, 0,
          new TalkAddress(family, 40_000, LOCALHOST), aliceClient(), "alice", "bob",
          ByteOrder.BIG_ENDIAN);
      assertThat(decode(fresh.handle(OldTalkCodec.encode(invite), aliceClient(), T0)
          .orElseThrow(), ByteOrder.BIG_ENDIAN).is(Answer.SUCCESS)).isTrue();

      CtlResponse found = fresh.process(TestRequests.lookUp("bob", "alice"), bobClient(), T0);

      assertThat(found.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(found.address()).isEqualTo(ALICE_RENDEZVOUS);
      // the same request in ntalk is BADADDR (the BSD check)
      assertThat(fresh.process(invite.toCtlMessage(), aliceClient(), T0).knownAnswer())
          .contains(Answer.BADADDR);
    }
  }

  @Test
  void aLookUpOrDeleteIsAnsweredWhateverItsAddressFamily() throws Exception {
    long id = decode(handle(oldInvite("alice", "bob", ByteOrder.BIG_ENDIAN), aliceClient()),
        ByteOrder.BIG_ENDIAN).id();
    OldCtlMessage lookUp = old(RequestType.LOOK_UP, 0, TalkAddress.ZERO, bobClient(), "bob",
        "alice", ByteOrder.BIG_ENDIAN);

    OldCtlResponse found = decode(handle(lookUp, bobClient()), ByteOrder.BIG_ENDIAN);

    assertThat(found.is(Answer.SUCCESS)).isTrue();
    assertThat(found.address()).isEqualTo(ALICE_RENDEZVOUS);
    OldCtlMessage delete = old(RequestType.DELETE, id, new TalkAddress(0xFFFF, 1, REMOTE),
        aliceClient(), "alice", "bob", ByteOrder.BIG_ENDIAN);
    assertThat(decode(handle(delete, aliceClient()), ByteOrder.BIG_ENDIAN).is(Answer.SUCCESS))
        .isTrue();
  }

  @Test
  void anInvitationToANonLocalAddressIsFailedAndNotStored() throws Exception {
    OldCtlMessage m = old(RequestType.LEAVE_INVITE, 0, rendezvous(REMOTE, 40_000), aliceClient(),
        "alice", "bob", ByteOrder.BIG_ENDIAN);

    OldCtlResponse r = decode(handle(m, aliceClient()), ByteOrder.BIG_ENDIAN);

    assertThat(r.knownAnswer()).contains(Answer.FAILED);
    assertThat(talkd.table().size()).isZero();
  }

  @Test
  void anInvitationFromAnotherHostIsMachineUnknownAsInNtalk() throws Exception {
    InetSocketAddress remote = new InetSocketAddress(REMOTE, 40_000);
    OldCtlMessage m = old(RequestType.LEAVE_INVITE, 0, ALICE_RENDEZVOUS, remote, "alice", "bob",
        ByteOrder.BIG_ENDIAN);

    assertThat(decode(handle(m, remote), ByteOrder.BIG_ENDIAN).knownAnswer())
        .contains(Answer.MACHINE_UNKNOWN);
  }

  @Test
  void anUnknownTypeIsUnknownRequestEchoingTheType() throws Exception {
    // 4.2BSD process_request: default: UNKNOWN_REQUEST; ytalk's internal 4..6 are not mapped
    for (int type : new int[] {4, 5, 6, 0xff}) {
      OldCtlMessage m = new OldCtlMessage(type, "bob", "alice", 3, 1, "", TalkAddress.ANY,
          TalkAddress.of(bobClient()), ByteOrder.BIG_ENDIAN);

      OldCtlResponse r = decode(handle(m, bobClient()), ByteOrder.BIG_ENDIAN);

      assertThat(r.type()).isEqualTo(type);
      assertThat(r.knownAnswer()).contains(Answer.UNKNOWN_REQUEST);
      assertThat(r.id()).isZero();
    }
  }

  @Test
  void anOldTalkAnnounceRingsWithTheOldNameAndAnswersWhatTheAnnouncerSays() throws Exception {
    OldCtlMessage announce = old(RequestType.ANNOUNCE, 0xFFFF_FFFFL, ALICE_RENDEZVOUS,
        aliceClient(), "!alice", "bob", ByteOrder.BIG_ENDIAN);

    OldCtlResponse r = decode(handle(announce, aliceClient()), ByteOrder.BIG_ENDIAN);

    assertThat(r.is(Answer.SUCCESS)).isTrue();
    assertThat(rings).singleElement().satisfies(a -> {
      assertThat(a.callerName()).isEqualTo("!alice");
      assertThat(a.calleeName()).isEqualTo("bob");
      assertThat(a.callerAddress()).isEqualTo(ALICE_RENDEZVOUS);
    });
    ringAnswer = Answer.PERMISSION_DENIED;
    OldCtlMessage toCarol = old(RequestType.ANNOUNCE, 0xFFFF_FFFFL, ALICE_RENDEZVOUS,
        aliceClient(), "alice", "carol", ByteOrder.BIG_ENDIAN);
    assertThat(decode(handle(toCarol, aliceClient()), ByteOrder.BIG_ENDIAN).knownAnswer())
        .contains(Answer.PERMISSION_DENIED);
  }

  @Test
  void nineByteOldNamesMatchTheSameNtalkNameAndNoLongerOne() throws Exception {
    // netkit table.c compares with strcmp: all 9 bytes, no more, no fewer
    handle(oldInvite("abcdefghi", "bob", ByteOrder.BIG_ENDIAN), aliceClient());

    assertThat(talkd.process(TestRequests.lookUp("bob", "abcdefghi"), bobClient(), T0)
        .knownAnswer()).contains(Answer.SUCCESS);
    assertThat(talkd.process(TestRequests.lookUp("bob", "abcdefghijk"), bobClient(), T0)
        .knownAnswer()).contains(Answer.NOT_HERE);
    assertThat(talkd.process(TestRequests.lookUp("bob", "abcdefgh"), bobClient(), T0)
        .knownAnswer()).contains(Answer.NOT_HERE);
    // and an ntalk caller with an 11-character name is never found by an old-talk LOOK_UP
    talkd.process(TestRequests.leaveInvite("abcdefghijk", "carol", 7, ALICE_RENDEZVOUS),
        aliceClient(), T0);
    assertThat(decode(handle(oldLookUp("carol", "abcdefghi", ByteOrder.BIG_ENDIAN), bobClient()),
        ByteOrder.BIG_ENDIAN).knownAnswer()).contains(Answer.NOT_HERE);
  }

  @Test
  void theDropPolicyStillAnswersOldTalk() {
    RequestProcessor quiet = RequestProcessor.builder()
        .wrongLengthPolicy(RequestProcessor.WrongLengthPolicy.DROP).build();

    assertThat(quiet.handle(OldTalkCodec.encode(oldLookUp("bob", "alice", ByteOrder.BIG_ENDIAN)),
        bobClient(), T0)).hasValueSatisfying(r -> assertThat(r).hasSize(24));
  }

  @Test
  void theBufferIsNotChanged() {
    byte[] datagram = OldTalkCodec.encode(oldLookUp("bob", "alice", ByteOrder.BIG_ENDIAN));
    ByteBuffer b = ByteBuffer.allocate(100).position(10);
    b.put(datagram).flip().position(10);

    talkd.answer(b, bobClient(), T0);

    assertThat(b.position()).isEqualTo(10);
    assertThat(b.limit()).isEqualTo(86);
  }

  @Test
  void anOldTalkDuplicateInviteGetsTheSameId() throws Exception {
    OldCtlMessage invite = oldInvite("alice", "bob", ByteOrder.BIG_ENDIAN);
    long first = decode(handle(invite, aliceClient()), ByteOrder.BIG_ENDIAN).id();

    long again = decode(handle(invite, aliceClient()), ByteOrder.BIG_ENDIAN).id();

    assertThat(again).isEqualTo(first);
    assertThat(talkd.table().size()).isEqualTo(1);
    // and the ntalk request with the same values (its view) refreshes the same entry
    CtlMessage view = invite.toCtlMessage();
    assertThat(talkd.process(view, aliceClient(), T0).id()).isEqualTo(first);
  }
}

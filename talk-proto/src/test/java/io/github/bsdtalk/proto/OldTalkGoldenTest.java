package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The old-talk codec against what the real programs sent and answered: golden/netkit-otalk.txt
 * (interop/otalk-probe.py's requests to netkit's in.talkd and in.ntalkd) and golden/utalk-otalk.txt
 * (Debian's utalk calling through in.talkd), both made by interop/otalk-golden.sh.
 */
class OldTalkGoldenTest {

  private static final Golden NETKIT = Golden.load("netkit-otalk.txt");
  private static final Golden UTALK = Golden.load("utalk-otalk.txt");

  /** A request and the reply that followed it in the same case, if one did. */
  private record Exchange(Golden.Case sent, Golden.Case reply) {}

  private static List<Exchange> exchanges(Golden golden) {
    List<Exchange> out = new ArrayList<>();
    List<Golden.Case> cases = golden.cases();
    for (int i = 0; i < cases.size(); i++) {
      Golden.Case c = cases.get(i);
      if (c.isSent()) {
        Golden.Case next = i + 1 < cases.size() ? cases.get(i + 1) : null;
        boolean answered =
            next != null && next.name().equals(c.name()) && next.role().equals("REPLY");
        out.add(new Exchange(c, answered ? next : null));
      }
    }
    return out;
  }

  private static List<Exchange> oldTalkRequests(Golden golden) {
    return exchanges(golden).stream()
        .filter(e -> e.sent().bytes().length == OldCtlMessage.SIZE)
        .toList();
  }

  @Test
  void everyCapturedOldTalkRequestDecodesAndEncodesBackButForPaddingAndAddressJunk()
      throws MalformedPacketException {
    List<Exchange> requests = new ArrayList<>(oldTalkRequests(NETKIT));
    requests.addAll(oldTalkRequests(UTALK));
    assertThat(requests).hasSizeGreaterThan(60);
    for (Exchange e : requests) {
      byte[] d = e.sent().bytes();
      byte[] expected = d.clone();
      expected[19] = 0;
      Arrays.fill(expected, 52, 60, (byte) 0);
      Arrays.fill(expected, 68, 76, (byte) 0);
      assertThat(OldTalkCodec.encode(OldTalkCodec.decodeMessage(d)))
          .as("%s", e.sent())
          .isEqualTo(expected);
    }
  }

  @Test
  void readsTheProbesLittleEndianExactlyWhenTheyWereSentSo() throws MalformedPacketException {
    for (Exchange e : oldTalkRequests(NETKIT)) {
      String name = e.sent().name();
      OldCtlMessage m = OldTalkCodec.decodeMessage(e.sent().bytes());
      if (name.startsWith("lookup_none_le") || name.equals("announce_bob_le")) {
        assertThat(m.byteOrder()).as("%s", name).isEqualTo(ByteOrder.LITTLE_ENDIAN);
      } else if (name.startsWith("lookup_none_be") || name.equals("announce_bob_be")) {
        assertThat(m.byteOrder()).as("%s", name).isEqualTo(ByteOrder.BIG_ENDIAN);
      }
      if (m.requestType().isPresent()) {
        assertThat(m.controlAddress().family())
            .as("%s: a readable order gives ctl_addr family AF_INET", name)
            .isIn(TalkProtocol.AF_INET, 0, 10, 0x0a00);
      }
    }
    // the probe's LEAVE_INVITE in little-endian, its LOOK_UP in network order
    List<Exchange> mixed =
        oldTalkRequests(NETKIT).stream()
            .filter(e -> e.sent().name().equals("invite_le_lookup_be"))
            .toList();
    assertThat(OldTalkCodec.decodeMessage(mixed.get(0).sent().bytes()).byteOrder())
        .isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(OldTalkCodec.decodeMessage(mixed.get(1).sent().bytes()).byteOrder())
        .isEqualTo(ByteOrder.BIG_ENDIAN);
  }

  @Test
  void netkitsOldTalkRepliesEchoTheTypeAndCarryTheIdInNetworkOrder()
      throws MalformedPacketException {
    int lookUpSuccesses = 0;
    int read = 0;
    for (Exchange e : oldTalkRequests(NETKIT)) {
      if (e.reply() == null) {
        continue;
      }
      byte[] r = e.reply().bytes();
      OldCtlMessage m = OldTalkCodec.decodeMessage(e.sent().bytes());
      boolean oldFormat = r[2] == 0 && r[3] == 0;
      if (!oldFormat) {
        // not taken as old talk: netkit's ntalk UNKNOWN_REQUEST (vers 1, type = request byte 1)
        assertThat(TalkCodec.decodeResponse(r).is(Answer.UNKNOWN_REQUEST))
            .as("%s", e.sent())
            .isTrue();
        continue;
      }
      read++;
      OldCtlResponse reply = OldTalkCodec.decodeResponse(r, ByteOrder.BIG_ENDIAN);
      // netkit's repairs.c takes ytalk's 4, 5, 6 as DELETE, LOOK_UP, DELETE and answers as those
      int[] asTaken = {0, 1, 2, 3, 2, 1, 2};
      assertThat(m.type()).as("%s: netkit answers no other type in old talk", e.sent())
          .isLessThan(asTaken.length);
      assertThat(reply.type()).as("%s", e.sent()).isEqualTo(asTaken[m.type()]);
      assertThat(reply.id()).as("%s: small ids, in network order", e.sent()).isLessThan(1000);
      if (reply.requestType().orElse(null) == RequestType.LOOK_UP && reply.is(Answer.SUCCESS)) {
        lookUpSuccesses++;
        assertThat(reply.address().family()).as("%s", e.sent()).isEqualTo(TalkProtocol.AF_INET);
        assertThat(reply.address().ip()).isEqualTo(TalkAddress.ipv4(0x7f00_0001));
      }
    }
    assertThat(read).isGreaterThan(40);
    assertThat(lookUpSuccesses).isGreaterThan(5);
  }

  @Test
  void utalkSendsBigEndianOldTalkWithTheNamesItIsKnownBy() throws MalformedPacketException {
    OldCtlMessage probe = OldTalkCodec.decodeMessage(UTALK.caseOf("a01_look_up_517", "SENT").bytes());
    assertThat(probe.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(probe.requestType()).contains(RequestType.LOOK_UP);
    assertThat(probe.localName()).isEqualTo("`&&'");
    assertThat(probe.remoteName()).isEqualTo("^_^");
    assertThat(probe.id()).isEqualTo(probe.pid()); // its first id is its pid

    OldCtlMessage ring =
        OldTalkCodec.decodeMessage(UTALK.caseOf("a05_announce_517", "SENT").bytes());
    assertThat(ring.requestType()).contains(RequestType.ANNOUNCE);
    assertThat(ring.localName()).isEqualTo("!alice");
    assertThat(ring.remoteName()).isEqualTo("bob");
    assertThat(ring.id()).isEqualTo(probe.id() + 2);

    OldCtlResponse rang =
        OldTalkCodec.decodeResponse(
            UTALK.caseOf("a05_announce_517", "REPLY").bytes(), ByteOrder.BIG_ENDIAN);
    assertThat(rang.is(Answer.SUCCESS)).isTrue();
    assertThat(rang.id()).isEqualTo(1);
  }
}

package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The old-talk layout byte by byte, its byte-order rule, its errors, and netkit's capture. */
class OldTalkCodecTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Golden ERRORS = Golden.load("netkit-errors.txt");

  private static final TalkAddress CTL = TalkAddress.of(TalkAddress.ipv4(0x7f00_0001), 55819);
  private static final TalkAddress RENDEZVOUS =
      TalkAddress.of(TalkAddress.ipv4(0x7f00_0001), 40000);

  /** alice's LOOK_UP for bob, id 0, pid 4242: netkit-errors.txt case otalk_76_lookup. */
  private static final OldCtlMessage LOOK_UP =
      OldCtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY, CTL, 4242, "alice", "bob", "");

  private static final String LOOK_UP_HEX =
      "01" // type
          + "616c696365000000" + "00" // l_name "alice", 9 bytes
          + "626f620000000000" + "00" // r_name "bob", 9 bytes
          + "00" // the compiler's pad
          + "00000000" // id_num
          + "00001092" // pid 4242
          + "00000000000000000000000000000000" // r_tty
          + "0002" + "0000" + "00000000" + "0000000000000000" // addr
          + "0002" + "da0b" + "7f000001" + "0000000000000000"; // ctl_addr 127.0.0.1:55819

  @Test
  void writesTheFieldsAtTheOffsetsOf42BsdCtlH() {
    assertThat(HEX.formatHex(OldTalkCodec.encode(LOOK_UP))).isEqualTo(LOOK_UP_HEX);
  }

  @Test
  void netkitsCapturedOldTalkLookUpIsThatLayout() throws MalformedPacketException {
    byte[] sent = ERRORS.caseOf("otalk_76_lookup", "SENT").bytes();
    assertThat(HEX.formatHex(sent)).isEqualTo(LOOK_UP_HEX);
    assertThat(OldTalkCodec.decodeMessage(sent)).isEqualTo(LOOK_UP);
  }

  @Test
  void readsNetkitsCapturedReplyAsNotHere() throws MalformedPacketException {
    byte[] reply = ERRORS.caseOf("otalk_76_lookup", "REPLY").bytes();
    OldCtlResponse r = OldTalkCodec.decodeResponse(reply, ByteOrder.BIG_ENDIAN);
    assertThat(r.requestType()).contains(RequestType.LOOK_UP);
    assertThat(r.is(Answer.NOT_HERE)).isTrue();
    assertThat(r.id()).isZero();
    assertThat(r.address()).isEqualTo(TalkAddress.ZERO);
  }

  @Test
  void littleEndianSendersSwapTheIdThePidAndBothFamiliesButNotPortsOrAddresses()
      throws MalformedPacketException {
    OldCtlMessage little =
        new OldCtlMessage(
            RequestType.LEAVE_INVITE.code(), "alice", "bob", 0x0102_0304L, 4242, "pts/1",
            RENDEZVOUS, CTL, ByteOrder.LITTLE_ENDIAN);
    byte[] wire = OldTalkCodec.encode(little);
    assertThat(HEX.formatHex(wire, 20, 28)).isEqualTo("04030201" + "92100000");
    assertThat(HEX.formatHex(wire, 44, 52)).isEqualTo("0200" + "9c40" + "7f000001");
    assertThat(HEX.formatHex(wire, 60, 68)).isEqualTo("0200" + "da0b" + "7f000001");
    assertThat(OldTalkCodec.senderOrder(wire)).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(OldTalkCodec.decodeMessage(wire)).isEqualTo(little);
  }

  @Test
  void aControlFamilyThatIsNotAfInetEitherWayIsReadInNetworkOrderAsNetkitReadsIt()
      throws MalformedPacketException {
    byte[] wire =
        OldTalkCodec.encode(
            new OldCtlMessage(
                1, "alice", "bob", 0xffL, 4242, "", TalkAddress.ANY, CTL, ByteOrder.BIG_ENDIAN));
    wire[60] = 0x0a; // AF_INET6 in no order the heuristic knows
    wire[61] = 0x0a;
    OldCtlMessage m = OldTalkCodec.decodeMessage(wire);
    assertThat(m.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(m.id()).isEqualTo(0xffL);
    assertThat(m.controlAddress().family()).isEqualTo(0x0a0a);
  }

  @Test
  void onlyTheControlAddressDecidesTheOrder() throws MalformedPacketException {
    byte[] wire = OldTalkCodec.encode(LOOK_UP);
    wire[44] = 0x02; // addr's family little-endian, ctl_addr's still big-endian
    wire[45] = 0x00;
    OldCtlMessage m = OldTalkCodec.decodeMessage(wire);
    assertThat(m.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(m.address().family()).isEqualTo(0x0200);
  }

  @Test
  void keepsNineByteNamesWithoutANulAndRejectsTen() throws MalformedPacketException {
    OldCtlMessage nine =
        OldCtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY, CTL, 1, "abcdefghi", "b", "");
    byte[] wire = OldTalkCodec.encode(nine);
    assertThat(HEX.formatHex(wire, 1, 11)).isEqualTo("616263646566676869" + "62");
    assertThat(OldTalkCodec.decodeMessage(wire).localName()).isEqualTo("abcdefghi");
    assertThatThrownBy(
            () ->
                OldCtlMessage.of(
                    RequestType.LOOK_UP, 0, TalkAddress.ANY, CTL, 1, "abcdefghij", "b", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localName")
        .hasMessageContaining("9-byte");
  }

  @Test
  void rejectsEveryOtherLengthWithTheOffsetOfTheProblem() {
    Object[][] table = {
      {0, MalformedPacketException.Reason.TRUNCATED, 0},
      {75, MalformedPacketException.Reason.TRUNCATED, 75},
      {77, MalformedPacketException.Reason.OVERSIZED, 76},
      {84, MalformedPacketException.Reason.OVERSIZED, 76},
    };
    for (Object[] row : table) {
      byte[] d = new byte[(int) row[0]];
      assertThatThrownBy(() -> OldTalkCodec.decodeMessage(d))
          .as("%d bytes", row[0])
          .isInstanceOfSatisfying(
              MalformedPacketException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(row[1]);
                assertThat(e.offset()).isEqualTo(row[2]);
                assertThat(e).hasMessageContaining("old-talk CTL_MSG");
              });
    }
    assertThatThrownBy(() -> OldTalkCodec.decodeResponse(new byte[23], ByteOrder.BIG_ENDIAN))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.TRUNCATED));
    assertThatThrownBy(() -> OldTalkCodec.senderOrder(new byte[61]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesRepliesInTheirOwnOrder() throws MalformedPacketException {
    OldCtlResponse big =
        new OldCtlResponse(
            RequestType.LOOK_UP.code(), Answer.SUCCESS.code(), 7, RENDEZVOUS,
            ByteOrder.BIG_ENDIAN);
    assertThat(HEX.formatHex(OldTalkCodec.encode(big)))
        .isEqualTo("0100" + "0000" + "00000007" + "0002" + "9c40" + "7f000001" + "0".repeat(16));
    OldCtlResponse little =
        new OldCtlResponse(
            RequestType.LOOK_UP.code(), Answer.SUCCESS.code(), 7, RENDEZVOUS,
            ByteOrder.LITTLE_ENDIAN);
    byte[] wire = OldTalkCodec.encode(little);
    assertThat(HEX.formatHex(wire, 4, 12)).isEqualTo("07000000" + "0200" + "9c40");
    assertThat(OldTalkCodec.decodeResponse(wire, ByteOrder.LITTLE_ENDIAN)).isEqualTo(little);
  }

  @Test
  void convertsToAndFromNtalkAsNetkitsRepairsDo() {
    CtlMessage n = LOOK_UP.toCtlMessage();
    assertThat(n.version()).isEqualTo(TalkProtocol.VERSION);
    assertThat(n.type()).isEqualTo(RequestType.LOOK_UP.code());
    assertThat(n.localName()).isEqualTo("alice");
    assertThat(n.remoteName()).isEqualTo("bob");
    assertThat(n.controlAddress()).isEqualTo(CTL);
    assertThat(n.pid()).isEqualTo(4242);
    CtlResponse reply = CtlResponse.of(RequestType.LOOK_UP.code(), Answer.SUCCESS, 9, RENDEZVOUS);
    assertThat(OldCtlResponse.of(reply, ByteOrder.LITTLE_ENDIAN))
        .isEqualTo(
            new OldCtlResponse(1, 0, 9, RENDEZVOUS, ByteOrder.LITTLE_ENDIAN));
  }

  @Test
  void refusesOutOfRangeComponents() {
    assertThatThrownBy(
            () -> new OldCtlMessage(256, "a", "b", 0, 0, "", CTL, CTL, ByteOrder.BIG_ENDIAN))
        .hasMessageContaining("type");
    assertThatThrownBy(
            () -> new OldCtlMessage(0, "a", "b", -1, 0, "", CTL, CTL, ByteOrder.BIG_ENDIAN))
        .hasMessageContaining("id");
    assertThatThrownBy(() -> new OldCtlMessage(0, "a", "b", 0, 0, "", CTL, CTL, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("byteOrder");
    assertThatThrownBy(() -> new OldCtlResponse(0, 256, 0, CTL, ByteOrder.BIG_ENDIAN))
        .hasMessageContaining("answer");
  }

  @Test
  void aLittleEndianRequestsOtherFamilyIsReadAndWrittenLittleEndianToo()
      throws MalformedPacketException {
    TalkAddress odd = new TalkAddress(0x0b0a, 40000, TalkAddress.ipv4(0x7f00_0001));
    OldCtlMessage little =
        new OldCtlMessage(0, "a", "b", 1, 1, "", odd, CTL, ByteOrder.LITTLE_ENDIAN);
    byte[] wire = OldTalkCodec.encode(little);
    assertThat(HEX.formatHex(wire, 44, 48)).isEqualTo("0a0b" + "9c40");
    assertThat(OldTalkCodec.decodeMessage(wire).address().family()).isEqualTo(0x0b0a);
  }

  @Test
  void asksOnlyForTheBytesUpToTheControlFamily() {
    assertThat(OldTalkCodec.senderOrder(new byte[62])).isEqualTo(ByteOrder.BIG_ENDIAN);
    byte[] marked = new byte[62];
    marked[60] = 2;
    assertThat(OldTalkCodec.senderOrder(marked)).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    marked[61] = 1;
    assertThat(OldTalkCodec.senderOrder(marked)).isEqualTo(ByteOrder.BIG_ENDIAN);
  }

  @Test
  void aReplyKeepsEveryIdAndTypeTheFieldsHoldAndNoMore() {
    OldCtlResponse max =
        new OldCtlResponse(255, 255, CtlMessage.MAX_ID_NUM, CTL, ByteOrder.BIG_ENDIAN);
    assertThat(max.id()).isEqualTo(0xFFFF_FFFFL);
    assertThat(max.knownAnswer()).isEmpty();
    assertThat(new OldCtlResponse(0, 4, 0, CTL, ByteOrder.BIG_ENDIAN).knownAnswer())
        .contains(Answer.PERMISSION_DENIED);
    assertThatThrownBy(
            () ->
                new OldCtlResponse(0, 0, CtlMessage.MAX_ID_NUM + 1, CTL, ByteOrder.BIG_ENDIAN))
        .hasMessageContaining("id");
    assertThatThrownBy(() -> new OldCtlResponse(0, 0, -1, CTL, ByteOrder.BIG_ENDIAN))
        .hasMessageContaining("id");
    assertThatThrownBy(() -> new OldCtlResponse(256, 0, 0, CTL, ByteOrder.BIG_ENDIAN))
        .hasMessageContaining("type");
    assertThatThrownBy(() -> new OldCtlResponse(0, 0, 0, null, ByteOrder.BIG_ENDIAN))
        .isInstanceOf(NullPointerException.class);
  }
}

package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.TalkDescriber.Description;
import io.github.bsdtalk.proto.TalkDescriber.Field;
import io.github.bsdtalk.proto.TalkDescriber.Kind;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TalkDescriberTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Golden NETKIT = Golden.load("netkit-session.txt");
  private static final Golden ERRORS = Golden.load("netkit-errors.txt");

  private static List<String> lines(Description d) {
    return d.toNameValueText().lines().toList();
  }

  private static void assertProblem(
      Description d, MalformedPacketException.Reason reason, int offset) {
    assertThat(d.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(d.problem())
        .hasValueSatisfying(
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }

  // ---- requests
  // ----------------------------------------------------------------------------------

  @Test
  void describesLookUpCapturedFromNetkitTalk() {
    Description d = TalkDescriber.describe(NETKIT.packet(1).bytes());

    assertThat(d.kind()).isEqualTo(Kind.CTL_MSG);
    assertThat(d.length()).isEqualTo(84);
    assertThat(d.problem()).isEmpty();
    assertThat(d.toNameValueText())
        .isEqualTo(
            "vers: 1\n"
                + "type: LOOK_UP (1)\n"
                + "answer: 0 (unused in requests)\n"
                + "pad: 0\n"
                + "id_num: 0\n"
                + "addr: 127.0.0.1:0 (family 2)\n"
                + "ctl_addr: 127.0.0.1:34810 (family 2)\n"
                + "pid: 10571\n"
                + "l_name: \"alice\"\n"
                + "r_name: \"bob\"\n"
                + "r_tty: \"\"\n");
  }

  @Test
  void describesRequestFieldsAtTheirOffsetsWithTheirRawBytes() {
    byte[] datagram = NETKIT.packet(3).bytes();

    List<Field> fields = TalkDescriber.describeMessage(datagram).fields();

    assertThat(fields).hasSize(MessageField.values().length);
    for (MessageField f : MessageField.values()) {
      Field field = fields.get(f.ordinal());
      assertThat(field.name()).isEqualTo(f.cName());
      assertThat(field.offset()).isEqualTo(f.offset());
      assertThat(field.size()).isEqualTo(f.size());
      assertThat(field.hex()).isEqualTo(HEX.formatHex(datagram, f.offset(), f.offset() + f.size()));
    }
  }

  @Test
  void showsRendezvousAddressAndImpossibleIdOfAnnounce() {
    // netkit-errors announce_not_logged_in: ANNOUNCE id 0xffffffff, addr 127.0.0.1:40000.
    List<String> lines =
        lines(TalkDescriber.describe(ERRORS.caseOf("announce_not_logged_in", "SENT").bytes()));

    assertThat(lines)
        .contains(
            "type: ANNOUNCE (3)",
            "id_num: 4294967295 (0xffffffff)",
            "addr: 127.0.0.1:40000 (family 2)",
            "ctl_addr: 127.0.0.1:40135 (family 2)",
            "r_name: \"carol\"");
  }

  @Test
  void flagsNamesThatFillTheirFieldWithoutANul() {
    List<String> lines =
        lines(TalkDescriber.describe(ERRORS.caseOf("names_not_nul_terminated", "SENT").bytes()));

    assertThat(lines)
        .contains(
            "l_name: \"aaaaaaaaaaaa\" (no NUL terminator)",
            "r_name: \"bbbbbbbbbbbb\" (no NUL terminator)",
            "r_tty: \"\"");
  }

  @Test
  void doesNotFlagAFullFieldThatHasAnEmbeddedNul() {
    // C sees "ab" here: the field is terminated even though its last byte is not NUL.
    CtlMessage m =
        new CtlMessage(
            1, 1, 0, 0, TalkAddress.ANY, TalkAddress.ANY, 0, "ab\0cdefghijk", "x\0", "a\0b");

    List<String> lines = lines(TalkDescriber.describe(TalkCodec.encode(m)));

    assertThat(lines)
        .contains("l_name: \"ab\\x00cdefghijk\"", "r_name: \"x\"", "r_tty: \"a\\x00b\"");
  }

  @Test
  void escapesControlCharactersQuotesBackslashesAndHighBytes() {
    List<String> ctrl =
        lines(TalkDescriber.describe(ERRORS.caseOf("announce_ctrl_chars", "SENT").bytes()));
    CtlMessage m =
        new CtlMessage(
            1, 1, 0, 0, TalkAddress.ANY, TalkAddress.ANY, 0, "\"q\\", "~\u007f\u0080 ", "\u001f");
    List<String> odd = lines(TalkDescriber.describe(TalkCodec.encode(m)));

    assertThat(ctrl).contains("l_name: \"al\\x07ice\"", "r_name: \"bob\\x01\"");
    assertThat(odd)
        .contains("l_name: \"\\\"q\\\\\"", "r_name: \"~\\x7f\\x80 \"", "r_tty: \"\\x1f\"");
  }

  @Test
  void describesEveryFieldOfGarbageRequest() {
    // netkit-errors random_84: 84 bytes of 0xa5, which netkit answers BADVERSION.
    Description d = TalkDescriber.describe(ERRORS.caseOf("random_84", "SENT").bytes());

    assertThat(lines(d))
        .containsExactly(
            "vers: 165 (not 1: daemons answer BADVERSION)",
            "type: unknown (165)",
            "answer: 165 (unused in requests)",
            "pad: 0xa5 (ignored)",
            "id_num: 2779096485 (0xa5a5a5a5)",
            "addr: 165.165.165.165:42405 (family 42405) junk a5a5a5a5a5a5a5a5",
            "ctl_addr: 165.165.165.165:42405 (family 42405) junk a5a5a5a5a5a5a5a5",
            "pid: -1515870811",
            "l_name: \"" + "\\xa5".repeat(12) + "\" (no NUL terminator)",
            "r_name: \"" + "\\xa5".repeat(12) + "\" (no NUL terminator)",
            "r_tty: \"" + "\\xa5".repeat(16) + "\" (no NUL terminator)");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "2147483647, 2147483647",
    "2147483648, 2147483648 (0x80000000)",
    "15999, 15999"
  })
  void showsIdsAboveIntRangeAlsoInHex(long id, String shown) {
    CtlMessage m = new CtlMessage(1, 2, 0, id, TalkAddress.ANY, TalkAddress.ANY, 0, "a", "b", "");

    assertThat(lines(TalkDescriber.describe(TalkCodec.encode(m)))).contains("id_num: " + shown);
  }

  @Test
  void showsJunkOnlyInTheAddressThatHasIt() {
    byte[] datagram =
        TalkCodec.encode(
            CtlMessage.of(
                RequestType.LOOK_UP, 0, TalkAddress.ANY, TalkAddress.ANY, 0, "a", "b", ""));
    datagram[39] = 1; // last junk byte of ctl_addr

    assertThat(lines(TalkDescriber.describe(datagram)))
        .contains(
            "addr: 0.0.0.0:0 (family 2)", "ctl_addr: 0.0.0.0:0 (family 2) junk 0000000000000001");
  }

  // ---- responses
  // ---------------------------------------------------------------------------------

  @Test
  void describesNotHereReplyCapturedFromNetkitTalkdWithItsGarbage() {
    Description d = TalkDescriber.describe(NETKIT.packet(2).bytes());

    assertThat(d.kind()).isEqualTo(Kind.CTL_RESPONSE);
    assertThat(d.length()).isEqualTo(24);
    assertThat(d.problem()).isEmpty();
    assertThat(lines(d))
        .containsExactly(
            "vers: 1",
            "type: LOOK_UP (1)",
            "answer: NOT_HERE (1)",
            "pad: 0x89 (ignored)",
            "id_num: 0",
            "addr: 0.0.0.0:0 (family 3328) junk 00000000b07f0000");
  }

  @Test
  void rendersNotHereReplyAsATableOfOffsetsBytesAndMeanings() {
    String table = TalkDescriber.describeResponse(NETKIT.packet(2).bytes()).toTable("  ");

    assertThat(table)
        .isEqualTo(
            "  [0]       vers     01                               1\n"
                + "  [1]       type     01                               LOOK_UP (1)\n"
                + "  [2]       answer   01                               NOT_HERE (1)\n"
                + "  [3]       pad      89                               0x89 (ignored)\n"
                + "  [4..7]    id_num   00000000                         0\n"
                + "  [8..23]   addr     0d0000000000000000000000b07f0000"
                + " 0.0.0.0:0 (family 3328) junk 00000000b07f0000\n");
  }

  @Test
  void describesLookUpSuccessAndUnknownCodesInReplies() {
    List<String> success = lines(TalkDescriber.describe(NETKIT.packet(8).bytes()));
    byte[] odd = HEX.parseHex("02ff0b0000003e7f00020000000000000000000000000000");
    List<String> unknown = lines(TalkDescriber.describe(odd));

    assertThat(success)
        .contains("answer: SUCCESS (0)", "id_num: 2", "addr: 127.0.0.1:54589 (family 2)");
    assertThat(unknown)
        .containsExactly(
            "vers: 2 (not 1: daemons answer BADVERSION)",
            "type: unknown (255)",
            "answer: unknown (11)",
            "pad: 0",
            "id_num: 15999",
            "addr: 0.0.0.0:0 (family 2)");
  }

  // ---- malformed
  // ---------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    // datagram length, reason, offset
    "0,   TRUNCATED, 0",
    "10,  TRUNCATED, 10",
    "23,  TRUNCATED, 23",
    "25,  TRUNCATED, 25",
    "75,  TRUNCATED, 75",
    "77,  TRUNCATED, 77",
    "83,  TRUNCATED, 83",
    "85,  OVERSIZED, 84",
    "200, OVERSIZED, 84",
  })
  void describesWrongLengthsAsMalformedWithTheCodecsProblem(
      int length, MalformedPacketException.Reason reason, int offset) {
    // Up to 23 bytes is a truncated response; 25 and more is read as a request (docs/PROTOCOL.md
    // section 2.6); exactly 76 is an old-talk request (below).
    Description d = TalkDescriber.describe(new byte[length]);

    assertProblem(d, reason, offset);
    assertThat(d.length()).isEqualTo(length);
    assertThat(d.fields()).hasSize(1);
    assertThat(d.fields().get(0).name()).isEqualTo("data");
    assertThat(d.fields().get(0).offset()).isZero();
    assertThat(d.fields().get(0).size()).isEqualTo(length);
  }

  @Test
  void describesEveryOddSizedProbeAsMalformed() {
    for (Golden.Case c : ERRORS.cases()) {
      int n = c.bytes().length;
      if (n != 84 && n != 24 && n != 76) {
        assertThat(TalkDescriber.describe(c.bytes()).kind()).as("%s", c).isEqualTo(Kind.MALFORMED);
      }
    }
  }

  @Test
  void describeMessageAndDescribeResponseInsistOnTheirOwnSize() {
    assertProblem(
        TalkDescriber.describeMessage(NETKIT.packet(2).bytes()),
        MalformedPacketException.Reason.TRUNCATED,
        24);
    assertProblem(
        TalkDescriber.describeResponse(NETKIT.packet(1).bytes()),
        MalformedPacketException.Reason.OVERSIZED,
        24);
  }

  @Test
  void dumpsShortMalformedDatagramsWhole() {
    byte[] truncated = ERRORS.caseOf("truncated_10", "SENT").bytes();

    Description d = TalkDescriber.describe(truncated);

    assertThat(d.fields().get(0).hex()).isEqualTo("01010000000000000002");
    assertThat(d.fields().get(0).meaning()).startsWith("10 bytes: ");
    assertThat(d.toNameValueText()).startsWith("malformed: ").contains("\ndata: 10 bytes: ");
    assertThat(d.toNameValueText().lines()).hasSize(2);
    assertThat(d.toTable("> ")).startsWith("> MALFORMED ").contains("\n> [0..9]    data     0101");
  }

  @Test
  void cutsTheDumpOfLongDatagramsAtOneHundredTwentyEightBytes() {
    byte[] exactly128 = new byte[128];
    byte[] longer = ERRORS.caseOf("long_200", "SENT").bytes();

    String full = TalkDescriber.describe(exactly128).fields().get(0).hex();
    String cut = TalkDescriber.describe(longer).fields().get(0).hex();

    assertThat(full).isEqualTo("00".repeat(128));
    assertThat(cut).isEqualTo(HEX.formatHex(longer, 0, 128) + "...");
  }

  @Test
  void wellFormedDescriptionsHaveNoMalformedLine() {
    Description d = TalkDescriber.describe(NETKIT.packet(1).bytes());

    assertThat(d.toNameValueText()).doesNotContain("malformed");
    assertThat(d.toTable("")).doesNotContain("MALFORMED").startsWith("[0]       vers");
  }

  // ---- records
  // -----------------------------------------------------------------------------------

  @Test
  void descriptionCopiesItsFieldList() {
    List<Field> fields = new ArrayList<>(List.of(new Field("x", 0, 1, "00", "0")));
    Description d = new Description(Kind.CTL_MSG, 1, fields, null);
    fields.clear();

    assertThat(d.fields()).hasSize(1);
    assertThatThrownBy(() -> d.fields().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void recordsRejectNulls() {
    assertThatThrownBy(() -> new Field(null, 0, 1, "00", "0"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Field("x", 0, 1, null, "0"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Field("x", 0, 1, "00", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Description(null, 0, List.of(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Description(Kind.CTL_MSG, 0, null, null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- parseHex
  // ----------------------------------------------------------------------------------

  @Test
  void parsesHexIgnoringWhitespaceAndCase() throws MalformedPacketException {
    assertThat(TalkDescriber.parseHex("01 01\t00\n00\r\nAb cD\u2003eF 9a"))
        .containsExactly(0x01, 0x01, 0x00, 0x00, 0xab, 0xcd, 0xef, 0x9a);
    assertThat(TalkDescriber.parseHex("0 1")).containsExactly(0x01);
    assertThat(TalkDescriber.parseHex("")).isEmpty();
    assertThat(TalkDescriber.parseHex("  \n ")).isEmpty();
  }

  @Test
  void parsesTheCapturedDatagramsBack() throws MalformedPacketException {
    for (Golden.Packet p : NETKIT.packets()) {
      assertThat(TalkDescriber.parseHex(HEX.formatHex(p.bytes()))).isEqualTo(p.bytes());
    }
  }

  @ParameterizedTest
  @CsvSource({
    // text, index of the first bad character
    "0x01,       1",
    "zz,         0",
    "01g2,       2",
    "01 02 -3,   6",
    "ab:cd,      2",
    "'\uff10\uff11', 0",
    "'0\u0661',  1",
  })
  void rejectsCharactersThatAreNotHexDigitsAtTheirIndex(String text, int index) {
    assertThatThrownBy(() -> TalkDescriber.parseHex(text))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.BAD_HEX);
              assertThat(e.offset()).isEqualTo(index);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "abc", "01 02 0", "a b c ", "0\n"})
  void rejectsOddNumberOfDigitsAtTheEndOfTheText(String text) {
    assertThatThrownBy(() -> TalkDescriber.parseHex(text))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.BAD_HEX);
              assertThat(e.offset()).isEqualTo(text.length());
            });
  }

  @Test
  void reportsTheFirstBadCharacterBeforeAnOddCount() {
    assertThatThrownBy(() -> TalkDescriber.parseHex("abc\u0000"))
        .isInstanceOfSatisfying(
            MalformedPacketException.class, e -> assertThat(e.offset()).isEqualTo(3));
  }

  // ---- old talk ---------------------------------------------------------------------------------

  @Test
  void labelsA76ByteDatagramOldTalkAndNamesItsFields() {
    byte[] sent = ERRORS.caseOf("otalk_76_lookup", "SENT").bytes();
    Description d = TalkDescriber.describe(sent);
    assertThat(d.kind()).isEqualTo(Kind.OLD_CTL_MSG);
    assertThat(d.problem()).isEmpty();
    assertThat(d.protocol())
        .contains(
            "old talk (4.2BSD, UDP 517): 76-byte request, id, pid and families big-endian");
    assertThat(d.fields())
        .extracting(Field::name)
        .containsExactly(
            "type", "l_name", "r_name", "pad", "id_num", "pid", "r_tty", "addr", "ctl_addr");
    assertThat(d.toNameValueText())
        .startsWith("protocol: old talk (4.2BSD, UDP 517)")
        .contains("type: LOOK_UP (1)\n")
        .contains("l_name: \"alice\"\n")
        .contains("pid: 4242\n")
        .contains("ctl_addr: 127.0.0.1:55819 (family 2)\n");
    assertThat(d.toTable("  ")).startsWith("  old talk (4.2BSD, UDP 517)");
    assertThat(d).isEqualTo(TalkDescriber.describeOldMessage(sent)).hasSameHashCodeAs(
        TalkDescriber.describeOldMessage(sent));
  }

  @Test
  void saysWhichOrderAnOldTalkRequestIsIn() {
    byte[] sent = ERRORS.caseOf("otalk_76_lookup", "SENT").bytes().clone();
    sent[60] = 2; // ctl_addr family 02 00: little-endian
    sent[61] = 0;
    Description d = TalkDescriber.describe(sent);
    assertThat(d.protocol().orElseThrow()).endsWith("families little-endian");
    // pid 00 00 10 92 read little-endian
    assertThat(d.toNameValueText()).contains("pid: " + 0x9210_0000 + "\n");
  }

  @Test
  void readsA24ByteDatagramAsAnOldTalkReplyOnlyWhenAsked() {
    byte[] reply = ERRORS.caseOf("otalk_76_lookup", "REPLY").bytes();
    assertThat(TalkDescriber.describe(reply).kind()).isEqualTo(Kind.CTL_RESPONSE);
    Description d = TalkDescriber.describeOldResponse(reply, java.nio.ByteOrder.BIG_ENDIAN);
    assertThat(d.kind()).isEqualTo(Kind.OLD_CTL_RESPONSE);
    assertThat(d.fields())
        .extracting(Field::name)
        .containsExactly("type", "answer", "filler", "id_num", "addr");
    assertThat(d.toNameValueText())
        .contains("type: LOOK_UP (1)\n")
        .contains("answer: NOT_HERE (1)\n");
    assertThat(TalkDescriber.describeOldResponse(new byte[76], java.nio.ByteOrder.BIG_ENDIAN)
            .kind())
        .isEqualTo(Kind.MALFORMED);
    assertThat(TalkDescriber.describeOldMessage(new byte[84]).kind()).isEqualTo(Kind.MALFORMED);
  }
}

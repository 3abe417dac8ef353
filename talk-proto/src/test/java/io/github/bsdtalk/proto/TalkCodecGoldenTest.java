package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes and re-encodes every control datagram captured from the real C programs (Debian netkit
 * talk/talkd 0.17 and GNU inetutils 2.4 talk/talkd, see the provenance line of each file in {@code
 * src/test/resources/golden/}).
 *
 * <p>The expected values come from the capture tool's own decode in the {@code #} lines under each
 * packet, which was written by Python's {@code struct} module and not by this codec; a few packets
 * are also checked against hand-written records.
 */
class TalkCodecGoldenTest {

  private static final HexFormat HEX = HexFormat.of();

  private static final Golden NETKIT = Golden.load("netkit-session.txt");
  private static final Golden INETUTILS = Golden.load("inetutils-session.txt");
  private static final Golden ERRORS = Golden.load("netkit-errors.txt");

  // ---- the capture tool's decode, as pcap2golden.py prints it
  // ------------------------------------

  private static final String ADDR =
      "= fam ([0-9a-f]{4}) \\((\\d+)\\) port ([0-9a-f]{4}) \\((\\d+)\\) ip ([0-9a-f]{8})"
          + " \\(([0-9.]+)\\) junk ([0-9a-f]{16})";
  private static final Pattern VERS =
      Pattern.compile("\\[0\\]\\s+vers\\s+= ([0-9a-f]{2}) -> (\\d+)");
  private static final Pattern TYPE =
      Pattern.compile("\\[1\\]\\s+type\\s+= ([0-9a-f]{2}) -> (\\w+)");
  private static final Pattern MSG_ANSWER =
      Pattern.compile("\\[2\\]\\s+answer\\s+= ([0-9a-f]{2})\\s");
  private static final Pattern RSP_ANSWER =
      Pattern.compile("\\[2\\] answer = ([0-9a-f]{2}) -> (\\w+)");
  private static final Pattern PAD = Pattern.compile("\\[3\\] pad = ([0-9a-f]{2})");
  private static final Pattern ID =
      Pattern.compile("\\[4\\.\\.7\\]\\s+id_num\\s+= ([0-9a-f]{8}) -> (\\d+)");
  private static final Pattern ADDRESS = Pattern.compile("\\[8\\.\\.23\\] addr\\s+" + ADDR);
  private static final Pattern CTL_ADDRESS = Pattern.compile("\\[24\\.\\.39\\] ctl_addr " + ADDR);
  private static final Pattern PID =
      Pattern.compile("\\[40\\.\\.43\\] pid\\s+= ([0-9a-f]{8}) -> (\\d+)");
  private static final Pattern L_NAME =
      Pattern.compile("\\[44\\.\\.55\\] l_name = ([0-9a-f]{24}) -> (b'[^']*')");
  private static final Pattern R_NAME =
      Pattern.compile("\\[56\\.\\.67\\] r_name = ([0-9a-f]{24}) -> (b'[^']*')");
  private static final Pattern R_TTY =
      Pattern.compile("\\[68\\.\\.83\\] r_tty  = ([0-9a-f]{32}) -> (b'[^']*')");
  private static final Pattern UDP_ROUTE =
      Pattern.compile("^\\s+([0-9.]+):(\\d+) -> ([0-9.]+):(\\d+)$", Pattern.MULTILINE);

  private static Matcher find(Pattern pattern, Golden.Packet p) {
    Matcher m = pattern.matcher(p.commentText());
    assertThat(m.find()).as("%s comment has %s", p, pattern).isTrue();
    return m;
  }

  private static int hexInt(String hex) {
    return Integer.parseUnsignedInt(hex, 16);
  }

  /** The address the capture comment states, junk ignored (the codec drops it by design). */
  private static TalkAddress address(Matcher m) {
    int family = hexInt(m.group(1));
    int port = hexInt(m.group(3));
    TalkAddress a = new TalkAddress(family, port, TalkAddress.ipv4(hexInt(m.group(5))));
    // The comment's decimal and dotted forms must agree with its hex, or the parse went wrong.
    assertThat(family).isEqualTo(Integer.parseInt(m.group(2)));
    assertThat(port).isEqualTo(Integer.parseInt(m.group(4)));
    assertThat(a.ip().getHostAddress()).isEqualTo(m.group(6));
    return a;
  }

  /** A NUL-padded field as the comment states it, in the records' form (ISO-8859-1, no padding). */
  private static String text(Matcher m) {
    byte[] field = HEX.parseHex(m.group(1));
    assertThat(Golden.pythonBytes(m.group(2))).isEqualTo(field);
    int end = field.length;
    while (end > 0 && field[end - 1] == 0) {
      end--;
    }
    return new String(field, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** What the capture tool says the request's fields are. */
  private static CtlMessage statedMessage(Golden.Packet p) {
    Matcher vers = find(VERS, p);
    Matcher type = find(TYPE, p);
    Matcher id = find(ID, p);
    Matcher pid = find(PID, p);
    int typeCode = hexInt(type.group(1));
    assertThat(RequestType.valueOf(type.group(2)).code()).isEqualTo(typeCode);
    assertThat(Integer.parseInt(vers.group(2))).isEqualTo(hexInt(vers.group(1)));
    assertThat(Long.parseLong(id.group(2))).isEqualTo(Integer.toUnsignedLong(hexInt(id.group(1))));
    assertThat(Long.parseLong(pid.group(2)))
        .isEqualTo(Integer.toUnsignedLong(hexInt(pid.group(1))));
    return new CtlMessage(
        hexInt(vers.group(1)),
        typeCode,
        hexInt(find(MSG_ANSWER, p).group(1)),
        Long.parseLong(id.group(2)),
        address(find(ADDRESS, p)),
        address(find(CTL_ADDRESS, p)),
        hexInt(pid.group(1)),
        text(find(L_NAME, p)),
        text(find(R_NAME, p)),
        text(find(R_TTY, p)));
  }

  /** What the capture tool says the response's fields are. */
  private static CtlResponse statedResponse(Golden.Packet p) {
    Matcher vers = find(VERS, p);
    Matcher type = find(TYPE, p);
    Matcher answer = find(RSP_ANSWER, p);
    Matcher id = find(ID, p);
    int typeCode = hexInt(type.group(1));
    int answerCode = hexInt(answer.group(1));
    assertThat(RequestType.valueOf(type.group(2)).code()).isEqualTo(typeCode);
    assertThat(Answer.valueOf(answer.group(2)).code()).isEqualTo(answerCode);
    return new CtlResponse(
        hexInt(vers.group(1)),
        typeCode,
        answerCode,
        Long.parseLong(id.group(2)),
        address(find(ADDRESS, p)));
  }

  static Stream<Arguments> capturedRequests() {
    return Stream.of(NETKIT, INETUTILS)
        .flatMap(g -> g.messages().stream().map(p -> Arguments.of(g, p)));
  }

  static Stream<Arguments> capturedResponses() {
    return Stream.of(NETKIT, INETUTILS)
        .flatMap(g -> g.responses().stream().map(p -> Arguments.of(g, p)));
  }

  // ---- sessions
  // ----------------------------------------------------------------------------------

  @Test
  void sessionsHoldSixRequestsAndSixResponsesEach() {
    // LOOK_UP, ANNOUNCE, LEAVE_INVITE, callee's LOOK_UP, two DELETEs, and one answer to each.
    for (Golden g : List.of(NETKIT, INETUTILS)) {
      assertThat(g.messages()).as("%s", g).hasSize(6).allMatch(p -> p.bytes().length == 84);
      assertThat(g.responses()).as("%s", g).hasSize(6).allMatch(p -> p.bytes().length == 24);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("capturedRequests")
  void decodesCapturedRequestToTheFieldsItsCommentStates(Golden g, Golden.Packet p)
      throws MalformedPacketException {
    CtlMessage decoded = TalkCodec.decodeMessage(p.bytes());

    assertThat(decoded).isEqualTo(statedMessage(p));
    assertThat(p.kind()).isEqualTo("CTL_MSG:" + decoded.requestType().orElseThrow().name());
    assertThat(decoded.version()).isEqualTo(TalkProtocol.VERSION);
    assertThat(decoded.address().isInet()).isTrue();
    assertThat(decoded.controlAddress().isInet()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("capturedRequests")
  void controlAddressOfCapturedRequestIsTheSocketItWasSentFrom(Golden g, Golden.Packet p)
      throws MalformedPacketException {
    // Both C clients put their own UDP socket's address in ctl_addr (netkit ctl_transact.c
    // getsockname, inetutils ctl.c), which is the source address of the captured datagram.
    Matcher route = UDP_ROUTE.matcher(p.commentText());
    assertThat(route.find()).isTrue();

    TalkAddress control = TalkCodec.decodeMessage(p.bytes()).controlAddress();

    assertThat(control.ip().getHostAddress()).isEqualTo(route.group(1));
    assertThat(control.port()).isEqualTo(Integer.parseInt(route.group(2)));
    assertThat(Integer.parseInt(route.group(4))).isEqualTo(TalkProtocol.NTALK_PORT);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("capturedRequests")
  void reencodesCapturedRequestByteForByte(Golden g, Golden.Packet p)
      throws MalformedPacketException {
    // Real clients zero answer, pad and the address junk (netkit clean_up_packet), so the capture
    // is canonical and must come back unchanged.
    assertThat(find(PAD, p).group(1)).isEqualTo("00");
    assertThat(find(ADDRESS, p).group(7)).isEqualTo("0000000000000000");
    assertThat(find(CTL_ADDRESS, p).group(7)).isEqualTo("0000000000000000");

    assertThat(HEX.formatHex(TalkCodec.encode(TalkCodec.decodeMessage(p.bytes()))))
        .isEqualTo(HEX.formatHex(p.bytes()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("capturedResponses")
  void decodesCapturedResponseToTheFieldsItsCommentStates(Golden g, Golden.Packet p)
      throws MalformedPacketException {
    CtlResponse decoded = TalkCodec.decodeResponse(p.bytes());

    assertThat(decoded).isEqualTo(statedResponse(p));
    assertThat(p.kind())
        .isEqualTo(
            "CTL_RESPONSE:"
                + decoded.requestType().orElseThrow().name()
                + ":"
                + decoded.knownAnswer().orElseThrow().name());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("capturedResponses")
  void reencodesCapturedResponseWithPadAndJunkZeroed(Golden g, Golden.Packet p)
      throws MalformedPacketException {
    // The daemons' pad and addr junk are uninitialised stack bytes; decoding drops them and
    // encoding writes the zeros the protocol asks for.
    byte[] canonical = p.bytes().clone();
    canonical[3] = 0;
    Arrays.fill(canonical, 16, 24, (byte) 0);

    assertThat(HEX.formatHex(TalkCodec.encode(TalkCodec.decodeResponse(p.bytes()))))
        .isEqualTo(HEX.formatHex(canonical));
  }

  @Test
  void capturedResponsesReallyCarryGarbagePadAndJunk() {
    // Guards the test above against a capture that would make it trivial.
    assertThat(NETKIT.responses()).allMatch(p -> p.bytes()[3] == (byte) 0x89);
    assertThat(INETUTILS.responses()).allMatch(p -> p.bytes()[3] == (byte) 0x4f);
    assertThat(NETKIT.packet(2).bytes()).endsWith(HEX.parseHex("00000000b07f0000"));
    assertThat(INETUTILS.packet(2).bytes()).endsWith(HEX.parseHex("5054e02eff7f0000"));
  }

  @Test
  void decodesLookUpCapturedFromNetkitTalk() throws MalformedPacketException {
    CtlMessage expected =
        new CtlMessage(
            1,
            RequestType.LOOK_UP.code(),
            0,
            0,
            TalkAddress.of(TalkAddress.ipv4(0x7f000001), 0),
            TalkAddress.of(TalkAddress.ipv4(0x7f000001), 34810),
            10571,
            "alice",
            "bob",
            "");

    assertThat(TalkCodec.decodeMessage(NETKIT.packet(1).bytes())).isEqualTo(expected);
  }

  @Test
  void decodesAnnounceWithImpossibleIdCapturedFromInetutilsTalk() throws MalformedPacketException {
    CtlMessage announce = TalkCodec.decodeMessage(INETUTILS.packet(3).bytes());

    assertThat(announce.requestType()).contains(RequestType.ANNOUNCE);
    assertThat(announce.id()).isEqualTo(0xFFFF_FFFFL).isEqualTo(CtlMessage.MAX_ID_NUM);
    assertThat(announce.address()).isEqualTo(TalkAddress.of(TalkAddress.ipv4(0x7f000001), 37149));
    // inetutils leaves LOOK_UP's addr at 0.0.0.0 where netkit writes 127.0.0.1.
    assertThat(TalkCodec.decodeMessage(INETUTILS.packet(1).bytes()).address())
        .isEqualTo(TalkAddress.ANY);
  }

  @Test
  void decodesNetkitNotHereReplyFullOfStackGarbage() throws MalformedPacketException {
    // netkit talkd replies from an uninitialised stack variable: family 0x0d00, pad 0x89, junk.
    CtlResponse reply = TalkCodec.decodeResponse(NETKIT.packet(2).bytes());

    assertThat(reply)
        .isEqualTo(
            new CtlResponse(
                1, 1, Answer.NOT_HERE.code(), 0, new TalkAddress(0x0d00, 0, TalkAddress.ipv4(0))));
    assertThat(reply.address().isInet()).isFalse();
    assertThat(reply.is(Answer.NOT_HERE)).isTrue();
  }

  @Test
  void decodesInetutilsNotHereReplyWithFamilyZeroAndLeakedPointer()
      throws MalformedPacketException {
    CtlResponse reply = TalkCodec.decodeResponse(INETUTILS.packet(2).bytes());

    assertThat(reply).isEqualTo(CtlResponse.of(1, Answer.NOT_HERE, 0, TalkAddress.ZERO));
  }

  @Test
  void decodesLookUpSuccessCarryingCallersRendezvousAddress() throws MalformedPacketException {
    // PKT 8 answers the callee's LOOK_UP with the address alice's LEAVE_INVITE (PKT 5) left.
    for (Golden g : List.of(NETKIT, INETUTILS)) {
      CtlResponse reply = TalkCodec.decodeResponse(g.packet(8).bytes());
      CtlMessage invite = TalkCodec.decodeMessage(g.packet(5).bytes());

      assertThat(invite.requestType()).contains(RequestType.LEAVE_INVITE);
      assertThat(reply.is(Answer.SUCCESS)).isTrue();
      assertThat(reply.requestType()).contains(RequestType.LOOK_UP);
      assertThat(reply.id()).isEqualTo(2);
      assertThat(reply.address()).isEqualTo(invite.address());
    }
  }

  // ---- error probes
  // ------------------------------------------------------------------------------

  private static final Pattern SENT =
      Pattern.compile(
          "sent: vers=(\\d+) type=(\\d+)\\([^)]*\\) answer=(\\d+) pad=(\\d+) id_num=(\\d+)"
              + " addr=\\(fam=(\\d+) port=(\\d+) ip=([0-9.]+) junk=([0-9a-f]{16})\\)"
              + " ctl_addr=\\(fam=(\\d+) port=(\\d+) ip=([0-9.]+) junk=([0-9a-f]{16})\\)"
              + " pid=(\\d+) l_name=(b'[^']*') r_name=(b'[^']*') r_tty=(b'[^']*')$",
          Pattern.MULTILINE);
  private static final Pattern REPLY =
      Pattern.compile(
          "reply: vers=(\\d+) type=(\\d+)\\([^)]*\\) answer=(\\d+)\\([^)]*\\) pad=(\\d+)"
              + " id_num=(\\d+) addr=\\(fam=(\\d+) port=(\\d+) ip=([0-9.]+)"
              + " junk=([0-9a-f]{16})\\)$",
          Pattern.MULTILINE);

  /** The address in groups {@code group} (family), +1 (port) and +2 (dotted quad) of a match. */
  private static TalkAddress address(Matcher m, int group) throws UnknownHostException {
    String[] quad = m.group(group + 2).split("\\.");
    byte[] ip = new byte[4];
    for (int i = 0; i < 4; i++) {
      ip[i] = (byte) Integer.parseInt(quad[i]);
    }
    return new TalkAddress(
        Integer.parseInt(m.group(group)),
        Integer.parseInt(m.group(group + 1)),
        (Inet4Address) InetAddress.getByAddress(ip));
  }

  private static String text(String literal) {
    byte[] field = Golden.pythonBytes(literal);
    int end = field.length;
    while (end > 0 && field[end - 1] == 0) {
      end--;
    }
    return new String(field, 0, end, StandardCharsets.ISO_8859_1);
  }

  static Stream<Golden.Case> probes() {
    return ERRORS.cases().stream();
  }

  @Test
  void errorProbesHoldFortyFourExchanges() {
    assertThat(ERRORS.cases()).hasSize(88);
    assertThat(ERRORS.cases().stream().filter(Golden.Case::isSent)).hasSize(44);
    assertThat(ERRORS.cases().stream().filter(c -> c.bytes().length == 84)).hasSize(37);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probes")
  void decodesEveryProbeDatagramOfTheRightSizeAndRejectsTheRest(Golden.Case c)
      throws MalformedPacketException, UnknownHostException {
    int length = c.bytes().length;
    if (c.isSent() && length == CtlMessage.SIZE) {
      CtlMessage m = TalkCodec.decodeMessage(c.bytes());
      Matcher s = SENT.matcher(c.commentText());
      assertThat(s.find()).as("sent: line of %s", c).isTrue();
      assertThat(m.version()).isEqualTo(Integer.parseInt(s.group(1)));
      assertThat(m.type()).isEqualTo(Integer.parseInt(s.group(2)));
      assertThat(m.answer()).isEqualTo(Integer.parseInt(s.group(3)));
      assertThat(m.id()).isEqualTo(Long.parseLong(s.group(5)));
      assertThat(m.address()).isEqualTo(address(s, 6));
      assertThat(m.controlAddress()).isEqualTo(address(s, 10));
      assertThat(Integer.toUnsignedLong(m.pid())).isEqualTo(Long.parseLong(s.group(14)));
      assertThat(m.localName()).isEqualTo(text(s.group(15)));
      assertThat(m.remoteName()).isEqualTo(text(s.group(16)));
      assertThat(m.remoteTty()).isEqualTo(text(s.group(17)));
    } else if (!c.isSent() && length == CtlResponse.SIZE) {
      CtlResponse r = TalkCodec.decodeResponse(c.bytes());
      Matcher s = REPLY.matcher(c.commentText());
      assertThat(s.find()).as("reply: line of %s", c).isTrue();
      assertThat(r.version()).isEqualTo(Integer.parseInt(s.group(1)));
      assertThat(r.type()).isEqualTo(Integer.parseInt(s.group(2)));
      assertThat(r.answer()).isEqualTo(Integer.parseInt(s.group(3)));
      assertThat(r.id()).isEqualTo(Long.parseLong(s.group(5)));
      assertThat(r.address()).isEqualTo(address(s, 6));
    } else {
      assertThat(c.isSent()).as("only probes have odd sizes: %s", c).isTrue();
      MalformedPacketException.Reason reason =
          length < CtlMessage.SIZE
              ? MalformedPacketException.Reason.TRUNCATED
              : MalformedPacketException.Reason.OVERSIZED;
      int offset = length < CtlMessage.SIZE ? length : CtlMessage.SIZE;
      assertThatThrownBy(() -> TalkCodec.decodeMessage(c.bytes()))
          .isInstanceOfSatisfying(
              MalformedPacketException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.offset()).isEqualTo(offset);
              });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probes")
  void reencodesEveryProbeRequestWithOnlyPadAndJunkZeroed(Golden.Case c)
      throws MalformedPacketException {
    if (!c.isSent() || c.bytes().length != CtlMessage.SIZE) {
      return;
    }
    byte[] canonical = c.bytes().clone();
    canonical[3] = 0;
    Arrays.fill(canonical, 16, 24, (byte) 0);
    Arrays.fill(canonical, 32, 40, (byte) 0);

    assertThat(HEX.formatHex(TalkCodec.encode(TalkCodec.decodeMessage(c.bytes()))))
        .isEqualTo(HEX.formatHex(canonical));
  }

  @Test
  void rejectsProbesOfWrongSizeWithTheOffsetOfTheProblem() {
    // Explicit table of the six odd-sized probes (netkit answers all of them UNKNOWN_REQUEST).
    Object[][] table = {
      {"empty_0", MalformedPacketException.Reason.TRUNCATED, 0},
      {"truncated_10", MalformedPacketException.Reason.TRUNCATED, 10},
      {"truncated_10_type9_v2", MalformedPacketException.Reason.TRUNCATED, 10},
      {"otalk_76_lookup", MalformedPacketException.Reason.TRUNCATED, 76},
      {"short_83", MalformedPacketException.Reason.TRUNCATED, 83},
      {"long_85", MalformedPacketException.Reason.OVERSIZED, 84},
      {"long_200", MalformedPacketException.Reason.OVERSIZED, 84},
    };
    for (Object[] row : table) {
      byte[] sent = ERRORS.caseOf((String) row[0], "SENT").bytes();
      assertThatThrownBy(() -> TalkCodec.decodeMessage(sent))
          .as("%s", row[0])
          .isInstanceOfSatisfying(
              MalformedPacketException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(row[1]);
                assertThat(e.offset()).isEqualTo(row[2]);
              });
    }
  }

  @Test
  void decodesProbesThatOnlyMeaningIsWrongFor() throws MalformedPacketException {
    // Strict on structure, permissive on meaning: these all decode so that a daemon can answer.
    CtlMessage random = TalkCodec.decodeMessage(ERRORS.caseOf("random_84", "SENT").bytes());
    assertThat(random.version()).isEqualTo(0xa5);
    assertThat(random.requestType()).isEmpty();
    assertThat(random.address().family()).isEqualTo(0xa5a5);
    assertThat(random.pid()).isEqualTo(0xa5a5a5a5);
    assertThat(random.localName()).isEqualTo("\u00a5".repeat(12));
    assertThat(random.remoteTty()).isEqualTo("\u00a5".repeat(16));

    CtlMessage noNul =
        TalkCodec.decodeMessage(ERRORS.caseOf("names_not_nul_terminated", "SENT").bytes());
    assertThat(noNul.localName()).isEqualTo("aaaaaaaaaaaa");
    assertThat(noNul.remoteName()).isEqualTo("bbbbbbbbbbbb");

    CtlMessage ff = TalkCodec.decodeMessage(ERRORS.caseOf("answer_pad_ff", "SENT").bytes());
    assertThat(ff.answer()).isEqualTo(0xff);
    assertThat(ff.pid()).isEqualTo(-1);

    CtlMessage littleEndian =
        TalkCodec.decodeMessage(ERRORS.caseOf("lookup_family_little_endian", "SENT").bytes());
    assertThat(littleEndian.address().family()).isEqualTo(0x0200);
    assertThat(littleEndian.controlAddress().family()).isEqualTo(0x0200);

    CtlMessage controls =
        TalkCodec.decodeMessage(ERRORS.caseOf("announce_ctrl_chars", "SENT").bytes());
    assertThat(controls.localName()).isEqualTo("al\u0007ice");
    assertThat(controls.remoteName()).isEqualTo("bob\u0001");

    CtlResponse stale = TalkCodec.decodeResponse(ERRORS.caseOf("invite_ok", "REPLY").bytes());
    assertThat(stale.knownAnswer()).contains(Answer.BADADDR);
    assertThat(stale.id()).isEqualTo(11);

    CtlResponse unknownType = TalkCodec.decodeResponse(ERRORS.caseOf("type_255", "REPLY").bytes());
    assertThat(unknownType.type()).isEqualTo(255);
    assertThat(unknownType.requestType()).isEmpty();
    assertThat(unknownType.knownAnswer()).contains(Answer.UNKNOWN_REQUEST);
  }
}

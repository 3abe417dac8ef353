package io.github.bsdtalk.examples.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.examples.pcap.Packet.TcpFlag;
import io.github.bsdtalk.examples.pcap.Packet.TcpHeader;
import io.github.bsdtalk.examples.pcap.TalkCapture.Datagram;
import io.github.bsdtalk.examples.pcap.TalkCapture.Protocol;
import io.github.bsdtalk.examples.pcap.TalkCapture.Role;
import io.github.bsdtalk.examples.session.SessionEvent;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code decode --pcap}'s analysis and text, on the lab's captures and on built packets. */
class CaptureReportTest {

  private static final InetSocketAddress ALICE = address("127.0.0.1", 40000);
  private static final InetSocketAddress DAEMON = address("127.0.0.1", 518);
  private static final InetSocketAddress OLD_DAEMON = address("127.0.0.1", 517);
  private static final InetSocketAddress ALICE_TCP = address("127.0.0.1", 41000);
  private static final InetSocketAddress BOB_TCP = address("127.0.0.1", 42000);

  private static InetSocketAddress address(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static String resourceText(String name) {
    return new String(CaptureFiles.resource(name), StandardCharsets.UTF_8);
  }

  /**
   * The lab's two sessions and the captures {@code interop/capture-interop.sh} made of our own
   * (README.md in the resources says what each holds): decoded as the reviewed golden text.
   */
  @ParameterizedTest
  @ValueSource(strings = {"netkit-session", "inetutils-session", "netkit-twohost", "ours-netkit",
      "ours-netkit-any", "refused", "otalk-probe", "malformed", "golden-datagrams"})
  void aCaptureIsDecodedAsItsGoldenText(String name) throws CaptureFormatException {
    CaptureReport r = CaptureReport.of(name + ".pcap", CaptureFiles.resource(name + ".pcap"));

    assertThat(r.text()).isEqualTo(resourceText(name + ".decode.txt"));
  }

  /** The datagram lines of a report, times left out. */
  private static List<String> datagramLines(String report) {
    return report.lines()
        .filter(l -> l.startsWith("#") || l.startsWith("    ["))
        .map(l -> l.replaceFirst(" [+-]\\d+\\.\\d{6} ", " ").replaceFirst(" after [0-9.]+ ms:", ":"))
        .toList();
  }

  @Test
  void anSll2CaptureOfTheSameSessionHasTheSameDatagramsAndShowsWhatItLost()
      throws CaptureFormatException {
    String lo = CaptureReport.of("lo", CaptureFiles.resource("ours-netkit.pcap")).text();
    CaptureReport any =
        CaptureReport.of("any", CaptureFiles.resource("ours-netkit-any.pcap"));

    assertThat(any.text()).contains("link type 276 (Linux cooked v2)");
    assertThat(datagramLines(any.text())).hasSize(12 * 1 + 6 * 11 + 6 * 6)
        .isEqualTo(datagramLines(lo));
    TalkCapture.Connection c = any.capture().connections().get(0);
    // -i any lost bob's first segment, his edit characters: unknown, not the next three bytes
    assertThat(c.startMissing(true)).isTrue();
    assertThat(c.editChars(true)).isEmpty();
    assertThat(c.typed(true)).containsExactly("hi alice");
    assertThat(c.editChars(false)).contains(io.github.bsdtalk.client.EditChars.DEFAULT);
  }

  @Test
  void everyReplyInTheMalformedCaptureAnswersTheDatagramBeforeIt()
      throws CaptureFormatException {
    TalkCapture c =
        CaptureReport.of("m", CaptureFiles.resource("malformed.pcap")).capture();

    assertThat(c.datagrams()).filteredOn(d -> d.role() == Role.REPLY)
        .hasSize(16)
        .allSatisfy(d -> assertThat(d.answers()).hasValue(d.number() - 1));
    // on 517 the daemon answers a wrong-sized datagram in ntalk's layout: read so, not as old talk
    assertThat(c.datagrams()).filteredOn(d -> d.packet().source().getPort() == 517)
        .allSatisfy(d -> {
          assertThat(d.protocol()).isEqualTo(Protocol.NTALK);
          assertThat(d.answer()).hasValue(Answer.UNKNOWN_REQUEST.code());
        });
  }

  @Test
  void conversionsOfACaptureDecodeTheSameApartFromTheFormat() throws CaptureFormatException {
    String pcap = CaptureReport.of("f", CaptureFiles.resource("netkit-session.pcap")).text();
    String pcapng = CaptureReport.of("f", CaptureFiles.resource("netkit-session.pcapng")).text();
    String nsec =
        CaptureReport.of("f", CaptureFiles.resource("inetutils-session-nsec.pcap")).text();

    assertThat(pcapng.replace("capture f: pcapng,", "capture f: pcap,")).isEqualTo(pcap);
    assertThat(nsec.replace("pcap (nanoseconds),", "pcap,").replace("0.306331000Z", "0.306331Z"))
        .isEqualTo(resourceText("inetutils-session.decode.txt")
            .replace("capture inetutils-session.pcap:", "capture f:"));
  }

  @Test
  void everyRealRequestIsAnsweredAndTheConversationIsFound() throws CaptureFormatException {
    TalkCapture c =
        CaptureReport.of("m", CaptureFiles.resource("netkit-manual.pcap")).capture();

    assertThat(c.datagrams()).hasSize(12);
    assertThat(c.datagrams()).filteredOn(d -> d.role() == Role.REQUEST)
        .allSatisfy(d -> assertThat(d.answeredBy()).isPresent());
    assertThat(c.connections()).hasSize(1);
    TalkCapture.Connection conn = c.connections().get(0);
    assertThat(conn.user(true)).contains("bob");
    assertThat(conn.user(false)).contains("alice");
    assertThat(conn.typed(true)).containsExactly("hi alice!");
    assertThat(conn.typed(false)).containsExactly("Hello bob");
  }

  @Test
  void fieldsAreTheColumnsTsharkPrints() throws CaptureFormatException {
    CaptureReport r = CaptureReport.of("n", CaptureFiles.resource("netkit-session.pcap"));

    assertThat(r.fields(Protocol.NTALK))
        .isEqualTo("1\t0\talice\tbob\n1\t0\t\t\n"
            + "3\t4294967295\talice\tbob\n3\t1\t\t\n"
            + "0\t4294967295\talice\tbob\n0\t2\t\t\n"
            + "1\t0\tbob\talice\n1\t2\t\t\n"
            + "2\t2\talice\tbob\n2\t0\t\t\n"
            + "2\t1\talice\tbob\n2\t0\t\t\n");
    assertThat(r.fields(Protocol.OLD_TALK)).isEmpty();
  }

  // ---- built packets ----------------------------------------------------------------------------

  private static Instant at(int millis) {
    return Instant.ofEpochSecond(1_800_000_000L).plusMillis(millis);
  }

  private static TalkAddress talkAddress(InetSocketAddress a) {
    return new TalkAddress(2, a.getPort(), (Inet4Address) a.getAddress());
  }

  private static byte[] request(RequestType type, long id, String from, String to) {
    return TalkCodec.encode(
        CtlMessage.of(type, id, talkAddress(ALICE_TCP), talkAddress(ALICE), 7, from, to, ""));
  }

  private static byte[] reply(RequestType type, Answer answer, long id) {
    return TalkCodec.encode(CtlResponse.of(type.code(), answer, id, TalkAddress.ANY));
  }

  private static Packet udp(int millis, InetSocketAddress from, InetSocketAddress to, byte[] b) {
    return Packet.udp(at(millis), from, to, b);
  }

  private static Packet tcp(
      int millis, InetSocketAddress from, InetSocketAddress to, long seq, Set<TcpFlag> flags,
      String data) {
    return Packet.tcp(at(millis), from, to, new TcpHeader(seq, 0, flags),
        data.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String text(List<Packet> packets) throws CaptureFormatException {
    return CaptureReport.of("built.pcap", CaptureFiles.pcapOf(packets)).text();
  }

  @Test
  void fieldsNamesStopAtTheFirstNulAndEscapeWhatTsharkEscapes() throws CaptureFormatException {
    byte[] request = request(RequestType.LOOK_UP, 0, "abxcd", "t\tn\nr\r\u00e9");
    request[44 + 2] = 0; // "ab" NUL "cd": C stops at the NUL, and so does tshark
    TalkCapture c = TalkCapture.of(List.of(udp(0, ALICE, DAEMON, request)));

    assertThat(c.datagrams().get(0).localName()).isEqualTo("ab\u0000cd");
    assertThat(CaptureReport.of("f", CaptureFiles.pcapOf(List.of(udp(0, ALICE, DAEMON, request))))
        .fields(Protocol.NTALK)).isEqualTo("1\t0\tab\tt\\tn\\nr\\r\u00e9\n");
  }

  @Test
  void aResentRequestPointsAtTheFirstAndTheReplyPairsWithTheFirst() {
    byte[] announce = request(RequestType.ANNOUNCE, CtlMessage.MAX_ID_NUM, "alice", "bob");
    TalkCapture c = TalkCapture.of(List.of(
        udp(0, ALICE, DAEMON, announce),
        udp(500, ALICE, DAEMON, announce),
        udp(501, DAEMON, ALICE, reply(RequestType.ANNOUNCE, Answer.SUCCESS, 3))));

    List<Datagram> d = c.datagrams();
    assertThat(d.get(1).resendOf()).isEqualTo(OptionalInt.of(1));
    assertThat(d.get(2).answers()).isEqualTo(OptionalInt.of(1));
    assertThat(d.get(0).answeredBy()).isEqualTo(OptionalInt.of(3));
    assertThat(((SessionEvent.Request) c.events().get(1)).resend()).isTrue();
  }

  @Test
  void aReplyPairsOnlyWithARequestOfItsTypeFromItsReceiver() throws CaptureFormatException {
    String t = text(List.of(
        udp(0, ALICE, DAEMON, request(RequestType.LOOK_UP, 0, "alice", "bob")),
        udp(1, DAEMON, address("127.0.0.2", 40000), reply(RequestType.LOOK_UP, Answer.NOT_HERE, 0)),
        udp(2, DAEMON, ALICE, reply(RequestType.ANNOUNCE, Answer.SUCCESS, 0))));

    assertThat(t)
        .contains("#1 +0.000000 127.0.0.1:40000 -> 127.0.0.1:518 ntalk request LOOK_UP id 0,"
            + " alice -> bob\n")
        .contains("    no reply in the capture\n")
        .contains("#2 +0.001000 127.0.0.1:518 -> 127.0.0.2:40000 ntalk reply (its request not"
            + " captured): LOOK_UP NOT_HERE id 0\n")
        .contains("#3 +0.002000 127.0.0.1:518 -> 127.0.0.1:40000 ntalk reply (its request not"
            + " captured): ANNOUNCE SUCCESS id 0\n");
  }

  @Test
  void wrongLengthsAreMalformedWithTheReasonAndNeverStopTheDecoding()
      throws CaptureFormatException {
    String t = text(List.of(
        udp(0, ALICE, DAEMON, new byte[50]),
        udp(1, DAEMON, ALICE, new byte[0]),
        udp(2, ALICE, OLD_DAEMON, new byte[84]),
        udp(3, ALICE, DAEMON, request(RequestType.LOOK_UP, 0, "alice", "bob"))));

    assertThat(t)
        .contains("talk: 4 datagrams (3 ntalk, 1 old talk, 3 malformed), 0 TCP conversations\n")
        .contains("#1 +0.000000 127.0.0.1:40000 -> 127.0.0.1:518 ntalk MALFORMED 50 bytes: ")
        .contains("#2 +0.001000 127.0.0.1:518 -> 127.0.0.1:40000 ntalk MALFORMED 0 bytes: ")
        .contains("#3 +0.002000 127.0.0.1:40000 -> 127.0.0.1:517 old talk MALFORMED 84 bytes: ")
        .contains("#4 +0.003000 127.0.0.1:40000 -> 127.0.0.1:518 ntalk request LOOK_UP");
    assertThat(t.lines().filter(l -> l.startsWith("    MALFORMED ")).count()).isEqualTo(3);
  }

  @Test
  void oldTalkIsDecodedInTheOrderOfItsRequestUnlessTheReplysFamilySays() {
    OldCtlMessage little = new OldCtlMessage(RequestType.LOOK_UP.code(), "alice", "bob",
        0x01020304L, 7, "", TalkAddress.ANY, talkAddress(ALICE), ByteOrder.LITTLE_ENDIAN);
    // a reply whose addr family is zero says nothing: read it in the request's order
    byte[] quiet = OldTalkCodec.encode(new OldCtlResponse(RequestType.LOOK_UP.code(),
        Answer.NOT_HERE.code(), 0x01020304L, TalkAddress.ZERO, ByteOrder.LITTLE_ENDIAN));
    // netkit: network order whatever the request's (its addr family 00 02 says so here)
    byte[] network = OldTalkCodec.encode(new OldCtlResponse(RequestType.LOOK_UP.code(),
        Answer.NOT_HERE.code(), 0x01020304L, TalkAddress.ANY, ByteOrder.BIG_ENDIAN));
    TalkCapture c = TalkCapture.of(List.of(
        udp(0, ALICE, OLD_DAEMON, OldTalkCodec.encode(little)),
        udp(1, OLD_DAEMON, ALICE, quiet),
        udp(2, ALICE, DAEMON, OldTalkCodec.encode(little)),
        udp(3, DAEMON, ALICE, network)));

    List<Datagram> d = c.datagrams();
    assertThat(d).allSatisfy(x -> assertThat(x.protocol()).isEqualTo(Protocol.OLD_TALK));
    assertThat(d.get(0).id()).contains(0x01020304L);
    assertThat(d.get(1).id()).contains(0x01020304L);
    assertThat(d.get(1).description().protocol().orElseThrow()).contains("little-endian");
    assertThat(d.get(3).id()).contains(0x01020304L);
    assertThat(d.get(3).description().protocol().orElseThrow()).contains("big-endian");
    assertThat(d.get(3).answers()).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void aConversationAnnouncedByALookUpReplyNamesBothSides() throws CaptureFormatException {
    byte[] success = TalkCodec.encode(CtlResponse.of(RequestType.LOOK_UP.code(), Answer.SUCCESS,
        5, talkAddress(ALICE_TCP)));
    InetSocketAddress bob = address("127.0.0.1", 40001);
    byte[] lookUp = TalkCodec.encode(CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
        talkAddress(bob), 8, "bob", "alice", ""));
    String t = text(List.of(
        udp(0, bob, DAEMON, lookUp),
        udp(1, DAEMON, bob, success),
        tcp(2, BOB_TCP, ALICE_TCP, 100, Set.of(TcpFlag.SYN), ""),
        tcp(3, ALICE_TCP, BOB_TCP, 500, Set.of(TcpFlag.SYN, TcpFlag.ACK), ""),
        tcp(4, BOB_TCP, ALICE_TCP, 101, Set.of(TcpFlag.ACK), "\u0008\u0015\u0017hi x\u0008!\n"),
        tcp(5, ALICE_TCP, BOB_TCP, 501, Set.of(TcpFlag.ACK), "\u007f\u0015\u0017yo"),
        tcp(9, ALICE_TCP, BOB_TCP, 506, Set.of(TcpFlag.RST), ""),
        tcp(10, address("127.0.0.1", 1), address("127.0.0.1", 2), 1, Set.of(TcpFlag.SYN), "")));

    assertThat(t)
        .contains("not talk: 1 TCP connection no talk datagram announced\n")
        .contains("127.0.0.1:42000 -> 127.0.0.1:41000 TCP connect at +0.002000, announced in #2"
            + " (LOOK_UP reply SUCCESS)\n")
        .contains("  127.0.0.1:42000 (bob) edit characters 08 15 17 (erase ^H, kill ^U, word"
            + " erase ^W), sent at +0.004000\n")
        .contains("  127.0.0.1:41000 (alice) edit characters 7f 15 17 (erase ^?, kill ^U, word"
            + " erase ^W), sent at +0.005000\n")
        .contains("  127.0.0.1:42000 (bob) typed, edits applied:\n    | hi !\n")
        .contains("  127.0.0.1:41000 (alice) typed, edits applied:\n    | yo\n")
        .contains("  127.0.0.1:41000 (alice) closed (RST) at +0.009000\n");
  }

  @Test
  void editCharactersAreShownAsSentAndADisabledKeyFallsBackToTheDefault()
      throws CaptureFormatException {
    // BSD sends _POSIX_VDISABLE (ff) for a key the terminal does not have; the reader then uses
    // the default key (DEL), as netkit's talk does
    String t = text(List.of(
        udp(0, ALICE, DAEMON, request(RequestType.ANNOUNCE, CtlMessage.MAX_ID_NUM, "alice", "bob")),
        tcp(1, BOB_TCP, ALICE_TCP, 100, Set.of(TcpFlag.SYN), ""),
        tcp(2, BOB_TCP, ALICE_TCP, 101, Set.of(TcpFlag.ACK), "\u00ff\u00ff\u0017ok?\u007f!\n")));

    assertThat(t)
        .contains("  127.0.0.1:42000 (bob) edit characters ff ff 17 (erase disabled, kill disabled,"
            + " word erase ^W), sent at +0.002000\n")
        .contains("  127.0.0.1:42000 (bob) typed, edits applied:\n    | ok!\n")
        .contains("  127.0.0.1:41000 (alice) sent 0 bytes, no edit characters\n");
  }

  @Test
  void theSessionEventsFollowTheWireInTimeOrder() throws CaptureFormatException {
    TalkCapture c =
        CaptureReport.of("n", CaptureFiles.resource("netkit-session.pcap")).capture();

    List<SessionEvent> events = c.events();
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()).toList())
        .containsExactly("Request", "Reply", "Request", "Reply", "Request", "Reply", "Request",
            "Reply", "TcpConnect", "TcpData", "Request", "Reply", "Request", "Reply", "TcpData",
            "TcpData", "TcpData", "TcpClose", "TcpClose");
    assertThat(events).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
    assertThat(events).filteredOn(e -> e instanceof SessionEvent.TcpData)
        .extracting(e -> ((SessionEvent.TcpData) e).summary())
        .contains("edit chars 7f 15 17", "typed \"Hello bob\"");
  }

  @Test
  void framesThatAreNotTalkAreCountedInWords() throws CaptureFormatException {
    byte[] lo = {127, 0, 0, 1};
    byte[] file = CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(
        CaptureFiles.frame(1, at(0), CaptureFiles.concat(CaptureFiles.ethernet(0x0806),
            new byte[28])),
        CaptureFiles.frame(1, at(1), CaptureFiles.concat(CaptureFiles.ethernet(0x0800),
            CaptureFiles.ipv4(1, 0, lo, lo, new byte[8]))),
        CaptureFiles.frame(1, at(2), CaptureFiles.concat(CaptureFiles.ethernet(0x0800),
            CaptureFiles.ipv4(17, 0, lo, lo, CaptureFiles.udp(5353, 5353, new byte[4]))))));

    assertThat(CaptureReport.of("f", file).text())
        .contains("talk: 0 datagrams (0 ntalk, 0 old talk, 0 malformed), 0 TCP conversations\n"
            + "not talk: 1 UDP datagram on other ports, 1 frame not IPv4, 1 frame neither UDP nor"
            + " TCP\n");
  }

  @Test
  void aCorruptFileIsATypedError() {
    byte[] file = CaptureFiles.resource("netkit-session.pcap");

    assertThatThrownBy(() -> CaptureReport.of("x", Arrays.copyOf(file, 500)))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageStartingWith("TRUNCATED at offset 472");
    assertThatThrownBy(() -> CaptureReport.of("x", new byte[] {1, 2, 3, 4}))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageStartingWith("BAD_MAGIC");
  }
}

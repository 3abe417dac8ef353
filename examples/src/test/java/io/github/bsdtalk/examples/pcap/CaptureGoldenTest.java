package io.github.bsdtalk.examples.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.pcap.Packet.Protocol;
import io.github.bsdtalk.examples.pcap.TcpConversation.Kind;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The lab's real captures (see the resources' README), read, decoded and reassembled. */
class CaptureGoldenTest {
  private static final HexFormat HEX = HexFormat.of();

  /** erase (DEL), kill (^U), werase (^W): the first 3 bytes each talk sends (lab README). */
  private static final String EDIT_CHARS = "7f1517";

  static Stream<Arguments> captures() {
    // file, frames, first capture time, caller's UDP port, callee's TCP port (connects), caller's
    return Stream.of(
        Arguments.of("netkit-session.pcap", 62, "2026-11-26T04:24:02.856166Z", 34810, 57518, 54589),
        Arguments.of(
            "inetutils-session.pcap", 34, "2026-11-26T04:25:30.306331Z", 40597, 44171, 37149),
        Arguments.of("netkit-manual.pcap", 46, "2026-11-26T04:20:46.494370Z", 51634, 45962, 56431));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void readsFramesDatagramsAndTheConversation(
      String file, int frames, String firstTime, int callerUdp, int calleeTcp, int callerTcp)
      throws Exception {
    PacketDecoder.Decoded decoded = readEthernet(file, frames, firstTime);
    List<Packet> talk =
        decoded.packets().stream()
            .filter(p -> p.protocol() == Protocol.UDP)
            .filter(p -> p.source().getPort() == 518 || p.destination().getPort() == 518)
            .toList();
    assertThat(talk).hasSize(12);
    // the caller's first LOOK_UP (vers 1, type 1, 84 bytes) and the daemon's NOT_HERE (answer 1)
    assertThat(talk.get(0).source().getPort()).isEqualTo(callerUdp);
    assertThat(talk.get(0).payload()).hasSize(84);
    assertThat(HEX.formatHex(talk.get(0).payload(), 0, 3)).isEqualTo("010100");
    assertThat(talk.get(1).destination().getPort()).isEqualTo(callerUdp);
    assertThat(talk.get(1).payload()).hasSize(24);
    assertThat(HEX.formatHex(talk.get(1).payload(), 0, 3)).isEqualTo("010101");

    List<TcpConversation> tcp = TcpReassembler.reassemble(decoded.packets());
    assertThat(tcp).hasSize(1);
    TcpConversation c = tcp.get(0);
    // the callee connects to the address the caller's LEAVE_INVITE announced
    assertThat(c.client()).isEqualTo(new InetSocketAddress("127.0.0.1", calleeTcp));
    assertThat(c.server()).isEqualTo(new InetSocketAddress("127.0.0.1", callerTcp));
    assertThat(HEX.formatHex(c.fromClient().data(), 0, 3)).isEqualTo(EDIT_CHARS);
    assertThat(HEX.formatHex(c.fromServer().data(), 0, 3)).isEqualTo(EDIT_CHARS);
    assertThat(c.fromClient().gaps()).isEmpty();
    assertThat(c.fromServer().gaps()).isEmpty();
    assertThat(c.events().get(0).kind()).isEqualTo(Kind.SYN);
    assertThat(c.events().get(0).sender()).isEqualTo(c.client());
    assertThat(c.events()).extracting(TcpConversation.Event::kind).contains(Kind.FIN);
  }

  /**
   * Reads a test capture of Ethernet frames (as tcpdump writes one of {@code lo} or a veth), checks
   * how many frames it has and when the first was captured, and decodes it: no frame is skipped.
   */
  static PacketDecoder.Decoded readEthernet(String file, int frames, String firstTime)
      throws CaptureFormatException {
    List<Frame> read = CaptureReader.read(CaptureFiles.resource(file));
    assertThat(read).hasSize(frames).allSatisfy(f -> assertThat(f.linkType()).isEqualTo(1));
    assertThat(read.get(0).time()).isEqualTo(Instant.parse(firstTime));
    PacketDecoder.Decoded decoded = PacketDecoder.decode(read);
    assertThat(decoded.skipped()).isEmpty();
    return decoded;
  }

  @ParameterizedTest
  @MethodSource("captures")
  void theSameFramesAsPcapngGiveTheSamePackets(String file) throws Exception {
    List<Frame> frames = CaptureReader.read(CaptureFiles.resource(file));
    byte[] ng = CaptureFiles.pcapng(List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN), frames);

    List<Frame> again = CaptureReader.read(ng);

    assertThat(again).isEqualTo(frames);
    assertThat(PacketDecoder.decode(again)).isEqualTo(PacketDecoder.decode(frames));
  }

  @ParameterizedTest
  @CsvSource({
    "netkit-session.pcapng, netkit-session.pcap",
    "inetutils-session-nsec.pcap, inetutils-session.pcap"
  })
  void editcapsConversionsGiveTheSameFrames(String converted, String original) throws Exception {
    assertThat(CaptureReader.read(CaptureFiles.resource(converted)))
        .isEqualTo(CaptureReader.read(CaptureFiles.resource(original)));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void aStreamGivesTheSameFrames(String file) throws Exception {
    byte[] bytes = CaptureFiles.resource(file);

    assertThat(CaptureReader.read(new ByteArrayInputStream(bytes), bytes.length))
        .isEqualTo(CaptureReader.read(bytes));
  }
}

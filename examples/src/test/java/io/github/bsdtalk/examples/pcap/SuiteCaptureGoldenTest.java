package io.github.bsdtalk.examples.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.pcap.Packet.Protocol;
import io.github.bsdtalk.examples.pcap.TcpConversation.Kind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The captures interop/capture-interop.sh made of this project's own sessions (see the resources'
 * README), read, decoded and reassembled.
 */
class SuiteCaptureGoldenTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> captures() {
    // file, frames, first capture time, UDP datagrams on 517/518, TCP conversations
    return Stream.of(
        Arguments.of("netkit-twohost.pcap", 46, "2026-12-04T22:10:31.266333Z", 12, 1),
        Arguments.of("ours-netkit.pcap", 28, "2026-12-04T22:10:36.479226Z", 12, 1),
        Arguments.of("refused.pcap", 16, "2026-12-04T22:10:39.509615Z", 16, 0),
        Arguments.of("otalk-probe.pcap", 31, "2026-12-04T22:10:41.314953Z", 18, 1),
        Arguments.of("malformed.pcap", 32, "2026-12-04T22:10:45.256002Z", 32, 0));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void readsEveryFrameDatagramAndConversation(
      String file, int frames, String firstTime, int datagrams, int conversations)
      throws Exception {
    PacketDecoder.Decoded decoded = CaptureGoldenTest.readEthernet(file, frames, firstTime);
    assertThat(talk(decoded)).hasSize(datagrams);
    List<TcpConversation> tcp = TcpReassembler.reassemble(decoded.packets());
    assertThat(tcp).hasSize(conversations);
    for (TcpConversation c : tcp) {
      // each side first sends its erase, kill and word-erase characters, DEL ^U ^W
      assertThat(HEX.formatHex(c.fromClient().data(), 0, 3)).isEqualTo("7f1517");
      assertThat(HEX.formatHex(c.fromServer().data(), 0, 3)).isEqualTo("7f1517");
      assertThat(c.fromClient().gaps()).isEmpty();
      assertThat(c.fromServer().gaps()).isEmpty();
      assertThat(c.events().get(0).kind()).isEqualTo(Kind.SYN);
      assertThat(c.events()).extracting(TcpConversation.Event::kind).contains(Kind.FIN);
      // the callee typed "hi alicr", an erase (DEL, sent as typed) and "e"
      assertThat(new String(c.fromClient().data(), StandardCharsets.ISO_8859_1))
          .isEqualTo("\u007f\u0015\u0017hi alicr\u007fe\n");
    }
  }

  @ParameterizedTest
  @MethodSource("captures")
  void everyDatagramIsInTheFileOnce(String file) throws Exception {
    List<Packet> talk = talk(PacketDecoder.decode(CaptureReader.read(CaptureFiles.resource(file))));

    // a datagram seen on two interfaces would follow itself within microseconds, byte for byte
    for (int i = 1; i < talk.size(); i++) {
      Packet a = talk.get(i - 1);
      Packet b = talk.get(i);
      boolean same =
          a.source().equals(b.source())
              && a.destination().equals(b.destination())
              && HEX.formatHex(a.payload()).equals(HEX.formatHex(b.payload()));
      assertThat(same).as("datagram %d repeats %d", i + 1, i).isFalse();
    }
  }

  @Test
  void theTwoHostSessionCrossesTheVethAndBothLoopbacks() throws Exception {
    List<Packet> talk =
        talk(
            PacketDecoder.decode(
                CaptureReader.read(CaptureFiles.resource("netkit-twohost.pcap"))));
    InetSocketAddress daemonA = new InetSocketAddress("10.251.0.1", 518);
    InetSocketAddress daemonB = new InetSocketAddress("10.251.0.2", 518);
    InetSocketAddress daemonALoopback = new InetSocketAddress("127.0.0.1", 518);

    // alice's remote socket: LOOK_UP, ANNOUNCE, DELETE to bob's daemon over the veth pair
    assertThat(talk).filteredOn(p -> p.destination().equals(daemonB)).hasSize(3);
    // alice's local socket: LEAVE_INVITE and DELETE to her own daemon over hosta's lo
    assertThat(talk).filteredOn(p -> p.destination().equals(daemonALoopback)).hasSize(2);
    // bob's talk: one LOOK_UP, at alice's daemon, from hostb
    assertThat(talk)
        .filteredOn(p -> p.destination().equals(daemonA))
        .singleElement()
        .satisfies(p -> assertThat(p.source().getHostString()).isEqualTo("10.251.0.2"));
    // and a reply to each
    assertThat(talk).filteredOn(p -> p.payload().length == 24).hasSize(6);
  }

  private static List<Packet> talk(PacketDecoder.Decoded decoded) {
    return decoded.packets().stream()
        .filter(p -> p.protocol() == Protocol.UDP)
        .filter(p -> isTalkPort(p.source()) || isTalkPort(p.destination()))
        .toList();
  }

  private static boolean isTalkPort(InetSocketAddress a) {
    return a.getPort() == 517 || a.getPort() == 518;
  }
}

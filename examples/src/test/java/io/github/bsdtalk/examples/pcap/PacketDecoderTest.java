package io.github.bsdtalk.examples.pcap;

import static io.github.bsdtalk.examples.pcap.CaptureFiles.concat;
import static io.github.bsdtalk.examples.pcap.CaptureFiles.ethernet;
import static io.github.bsdtalk.examples.pcap.CaptureFiles.frame;
import static io.github.bsdtalk.examples.pcap.CaptureFiles.ipv4;
import static io.github.bsdtalk.examples.pcap.CaptureFiles.tcp;
import static io.github.bsdtalk.examples.pcap.CaptureFiles.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.pcap.Packet.TcpFlag;
import io.github.bsdtalk.examples.pcap.Packet.TcpHeader;
import io.github.bsdtalk.examples.pcap.PacketDecoder.Skip;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each link layer, IPv4 and the transports, from frames built by hand. */
class PacketDecoderTest {
  private static final Instant T = Instant.parse("2026-12-04T20:00:00Z");
  private static final byte[] A = {10, 0, 0, 1};
  private static final byte[] B = {(byte) 192, (byte) 168, 1, 2};
  private static final byte[] TALK = {1, 1, 0, 0};
  private static final byte[] UDP_PACKET = ipv4(17, 0x4000, A, B, udp(40000, 518, TALK));
  private static final Packet EXPECTED =
      Packet.udp(
          T,
          new InetSocketAddress("10.0.0.1", 40000),
          new InetSocketAddress("192.168.1.2", 518),
          TALK);

  @Test
  void everyLinkLayerLeadsToTheSameDatagram() {
    byte[] sll =
        ByteBuffer.allocate(16)
            .putShort((short) 0)
            .putShort((short) 772)
            .putShort((short) 6)
            .put(new byte[8])
            .putShort((short) 0x0800)
            .array();
    byte[] sll2 =
        ByteBuffer.allocate(20)
            .putShort((short) 0x0800)
            .putShort((short) 0)
            .putInt(1)
            .putShort((short) 772)
            .put((byte) 0)
            .put((byte) 6)
            .put(new byte[8])
            .array();
    List<Frame> frames =
        List.of(
            frame(1, T, concat(ethernet(0x0800), UDP_PACKET)),
            frame(1, T, concat(ethernet(0x8100, 5, 0x88A8, 7, 0x0800), UDP_PACKET)),
            frame(113, T, concat(sll, UDP_PACKET)),
            frame(276, T, concat(sll2, UDP_PACKET)),
            frame(0, T, concat(new byte[] {2, 0, 0, 0}, UDP_PACKET)),
            frame(0, T, concat(new byte[] {0, 0, 0, 2}, UDP_PACKET)),
            frame(108, T, concat(new byte[] {0, 0, 0, 2}, UDP_PACKET)),
            frame(101, T, UDP_PACKET),
            frame(228, T, UDP_PACKET));

    PacketDecoder.Decoded decoded = PacketDecoder.decode(frames);

    assertThat(decoded.skipped()).isEmpty();
    assertThat(decoded.packets()).hasSize(frames.size()).containsOnly(EXPECTED);
    assertThat(PacketDecoder.decode(frames.get(3))).contains(EXPECTED);
  }

  @Test
  void ethernetPaddingIsNotPayload() {
    byte[] padded = Arrays.copyOf(concat(ethernet(0x0800), UDP_PACKET), 60);

    assertThat(PacketDecoder.decode(frame(1, T, padded))).contains(EXPECTED);
  }

  @Test
  void tcpFieldsAndPayload() {
    byte[] segment = ipv4(6, 0, A, B, tcp(1234, 5678, 0xFFFF_FFF0L, 7, 0x18, new byte[] {0x7f}));

    Packet p = PacketDecoder.decode(frame(101, T, segment)).orElseThrow();

    assertThat(p.tcp()).contains(new TcpHeader(0xFFFF_FFF0L, 7, Set.of(TcpFlag.PSH, TcpFlag.ACK)));
    assertThat(p.payload()).containsExactly(0x7f);
    assertThat(p.source().getPort()).isEqualTo(1234);
    assertThat(TcpFlag.fromByte(0x17))
        .containsExactlyInAnyOrder(TcpFlag.FIN, TcpFlag.SYN, TcpFlag.RST, TcpFlag.ACK);
  }

  @Test
  void skippedFramesAreCountedByReason() {
    byte[] ipv6 = new byte[40];
    ipv6[0] = 0x60;
    byte[] icmp = ipv4(1, 0, A, B, new byte[8]);
    byte[] laterFragment = ipv4(17, 0x0001, A, B, new byte[8]);
    byte[] firstFragment = ipv4(17, 0x2000, A, B, udp(1, 2, TALK));
    byte[] cut = Arrays.copyOf(UDP_PACKET, UDP_PACKET.length - 1);
    byte[] badIhl = UDP_PACKET.clone();
    badIhl[0] = 0x44;
    List<Frame> frames =
        List.of(
            frame(1, T, concat(ethernet(0x0806), new byte[28])),
            frame(1, T, concat(ethernet(0x86DD), ipv6)),
            frame(101, T, ipv6),
            frame(0, T, new byte[] {24, 0, 0, 0}),
            frame(1, T, concat(ethernet(0x0800), icmp)),
            frame(1, T, concat(ethernet(0x0800), laterFragment)),
            frame(1, T, concat(ethernet(0x0800), firstFragment)),
            frame(1, T, concat(ethernet(0x0800), cut)),
            frame(1, T, concat(ethernet(0x0800), badIhl)),
            frame(1, T, new byte[13]),
            frame(113, T, new byte[15]),
            frame(147, T, UDP_PACKET));

    PacketDecoder.Decoded decoded = PacketDecoder.decode(frames);

    assertThat(decoded.packets()).hasSize(1); // the first fragment, decoded as far as it goes
    assertThat(decoded.skipped(Skip.NOT_IPV4)).isEqualTo(4);
    assertThat(decoded.skipped(Skip.NOT_UDP_OR_TCP)).isEqualTo(1);
    assertThat(decoded.skipped(Skip.FRAGMENT)).isEqualTo(1);
    assertThat(decoded.skipped(Skip.MALFORMED)).isEqualTo(4);
    assertThat(decoded.skipped(Skip.UNSUPPORTED_LINK_TYPE)).isEqualTo(1);
  }

  @Test
  void impossibleTransportLengthsAreMalformed() {
    byte[] shortUdp = ipv4(17, 0, A, B, new byte[7]);
    byte[] udpLengthTooBig = ipv4(17, 0, A, B, udp(1, 2, TALK));
    udpLengthTooBig[20 + 5] = 50;
    byte[] tcpOffsetTooSmall = ipv4(6, 0, A, B, tcp(1, 2, 0, 0, 0, TALK));
    tcpOffsetTooSmall[20 + 12] = 0x40;
    byte[] tcpOffsetTooBig = ipv4(6, 0, A, B, tcp(1, 2, 0, 0, 0, TALK));
    tcpOffsetTooBig[20 + 12] = (byte) 0xF0;

    PacketDecoder.Decoded decoded =
        PacketDecoder.decode(
            List.of(
                frame(101, T, shortUdp),
                frame(101, T, udpLengthTooBig),
                frame(101, T, tcpOffsetTooSmall),
                frame(101, T, tcpOffsetTooBig),
                frame(101, T, Arrays.copyOf(UDP_PACKET, 19))));

    assertThat(decoded.packets()).isEmpty();
    assertThat(decoded.skipped(Skip.MALFORMED)).isEqualTo(5);
  }
}

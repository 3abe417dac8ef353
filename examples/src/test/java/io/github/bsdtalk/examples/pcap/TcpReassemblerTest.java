package io.github.bsdtalk.examples.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.pcap.Packet.TcpFlag;
import io.github.bsdtalk.examples.pcap.Packet.TcpHeader;
import io.github.bsdtalk.examples.pcap.TcpConversation.Event;
import io.github.bsdtalk.examples.pcap.TcpConversation.Gap;
import io.github.bsdtalk.examples.pcap.TcpConversation.Kind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connections put together from segments built by hand. */
class TcpReassemblerTest {
  private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 50000);
  private static final Instant T = Instant.parse("2026-12-04T20:00:00Z");
  private final List<Packet> packets = new ArrayList<>();

  private void send(
      InetSocketAddress from, InetSocketAddress to, long seq, String data, TcpFlag... flags) {
    EnumSet<TcpFlag> set = EnumSet.noneOf(TcpFlag.class);
    set.addAll(List.of(flags));
    packets.add(
        Packet.tcp(
            T.plusMillis(packets.size()),
            from,
            to,
            new TcpHeader(seq & 0xFFFF_FFFFL, 0, set),
            data.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String text(TcpConversation.Stream s) {
    return new String(s.data(), StandardCharsets.US_ASCII);
  }

  @Test
  void handshakeDataAndClose() {
    send(BOB, ALICE, 100, "", TcpFlag.SYN);
    send(ALICE, BOB, 900, "", TcpFlag.SYN, TcpFlag.ACK);
    send(BOB, ALICE, 101, "abc", TcpFlag.ACK);
    send(ALICE, BOB, 901, "xyz", TcpFlag.ACK, TcpFlag.PSH);
    send(BOB, ALICE, 104, "", TcpFlag.FIN, TcpFlag.ACK);
    send(ALICE, BOB, 904, "", TcpFlag.RST);

    TcpConversation c = TcpReassembler.reassemble(packets).get(0);

    assertThat(c.client()).isEqualTo(BOB);
    assertThat(c.server()).isEqualTo(ALICE);
    assertThat(text(c.fromClient())).isEqualTo("abc");
    assertThat(text(c.fromServer())).isEqualTo("xyz");
    assertThat(c.events())
        .containsExactly(
            new Event(T, BOB, Kind.SYN),
            new Event(T.plusMillis(1), ALICE, Kind.SYN),
            new Event(T.plusMillis(4), BOB, Kind.FIN),
            new Event(T.plusMillis(5), ALICE, Kind.RST));
  }

  @Test
  void retransmissionsOverlapsAndReorderingAreResolved() {
    send(ALICE, BOB, 0, "", TcpFlag.SYN);
    send(ALICE, BOB, 4, "def");
    send(ALICE, BOB, 1, "abc");
    send(ALICE, BOB, 1, "abc"); // retransmitted
    send(ALICE, BOB, 3, "cdefgh"); // overlaps both ends
    send(ALICE, BOB, 12, "kl"); // after a gap of 9..11

    TcpConversation.Stream s = TcpReassembler.reassemble(packets).get(0).fromClient();

    assertThat(text(s)).isEqualTo("abcdefghkl");
    assertThat(s.gaps()).containsExactly(new Gap(8, 3));
  }

  @Test
  void withoutASynTheSynAckOrTheFirstSenderDecides() {
    send(ALICE, BOB, 500, "", TcpFlag.SYN, TcpFlag.ACK);
    send(BOB, ALICE, 7, "hi", TcpFlag.ACK);
    assertThat(TcpReassembler.reassemble(packets).get(0).client()).isEqualTo(BOB);

    packets.clear();
    send(ALICE, BOB, 20, "lo");
    send(ALICE, BOB, 18, "he"); // earlier bytes captured later: the stream starts at 18
    send(BOB, ALICE, 5, "x");
    TcpConversation c = TcpReassembler.reassemble(packets).get(0);
    assertThat(c.client()).isEqualTo(ALICE);
    assertThat(text(c.fromClient())).isEqualTo("helo");
    assertThat(text(c.fromServer())).isEqualTo("x");
  }

  @Test
  void sequenceNumbersWrapAround() {
    send(ALICE, BOB, 0xFFFF_FFFEL, "", TcpFlag.SYN);
    send(ALICE, BOB, 0xFFFF_FFFFL, "ab");
    send(ALICE, BOB, 1, "cd");

    assertThat(text(TcpReassembler.reassemble(packets).get(0).fromClient())).isEqualTo("abcd");
  }

  @Test
  void aNewSynAfterTheCloseStartsANewConnectionAndUdpIsIgnored() {
    send(ALICE, BOB, 0, "", TcpFlag.SYN);
    send(ALICE, BOB, 1, "one", TcpFlag.FIN);
    packets.add(Packet.udp(T, ALICE, BOB, new byte[] {1}));
    send(BOB, ALICE, 0, "", TcpFlag.SYN);
    send(BOB, ALICE, 1, "two");

    List<TcpConversation> all = TcpReassembler.reassemble(packets);

    assertThat(all).hasSize(2);
    assertThat(text(all.get(0).fromClient())).isEqualTo("one");
    assertThat(all.get(1).client()).isEqualTo(BOB);
    assertThat(text(all.get(1).fromClient())).isEqualTo("two");
    assertThat(all.get(1).fromServer().data()).isEmpty();
  }

  @Test
  void aSegmentFromAnEndpointToItself() {
    send(ALICE, ALICE, 3, "me");

    TcpConversation c = TcpReassembler.reassemble(packets).get(0);

    assertThat(c.client()).isEqualTo(ALICE);
    assertThat(text(c.fromClient())).isEqualTo("me");
  }
}

package io.github.bsdtalk.examples.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.bsdtalk.examples.pcap.Packet.TcpFlag;
import io.github.bsdtalk.examples.pcap.Packet.TcpHeader;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Any input either reads or gives a CaptureFormatException, and what reads decodes safely. */
class CapturePropertyTest {
  /**
   * The lab's captures, editcap's conversions (a real pcapng, a nanosecond pcap) and the captures
   * of interop/capture-interop.sh.
   */
  private static final List<String> CAPTURES =
      List.of(
          "netkit-session.pcap",
          "inetutils-session.pcap",
          "netkit-manual.pcap",
          "netkit-session.pcapng",
          "inetutils-session-nsec.pcap",
          "netkit-twohost.pcap",
          "ours-netkit.pcap",
          "ours-netkit-any.pcap",
          "refused.pcap",
          "otalk-probe.pcap",
          "malformed.pcap");

  private static final List<byte[]> FILES = CAPTURES.stream().map(CaptureFiles::resource).toList();
  private static final List<byte[]> NG_FILES =
      FILES.stream()
          .map(
              f -> {
                try {
                  return CaptureFiles.pcapng(
                      List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN),
                      CaptureReader.read(f));
                } catch (CaptureFormatException e) {
                  throw new AssertionError(e);
                }
              })
          .toList();

  /** The starts of the three kinds of file, so random tails get past the magic number. */
  private static final List<byte[]> HEADS =
      List.of(
          new byte[0], Arrays.copyOf(FILES.get(0), 24), Arrays.copyOf(NG_FILES.get(0), 28 + 32));

  private static Gen<byte[]> bytes(int max) {
    return lists()
        .of(integers().between(-128, 127))
        .ofSizeBetween(0, max)
        .map(
            l -> {
              byte[] out = new byte[l.size()];
              for (int i = 0; i < out.length; i++) {
                out[i] = l.get(i).byteValue();
              }
              return out;
            });
  }

  /** Reads; if the file is rejected, checks the exception; else decodes and reassembles. */
  private static void readsOrRejects(byte[] file) {
    List<Frame> frames;
    try {
      frames = CaptureReader.read(file);
    } catch (CaptureFormatException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.offset()).isBetween(0L, (long) file.length);
      return;
    }
    PacketDecoder.Decoded decoded = PacketDecoder.decode(frames);
    assertThat(TcpReassembler.reassemble(decoded.packets())).isNotNull();
    reports(file);
  }

  /** What decode --pcap prints of a readable file: never an exception. */
  private static void reports(byte[] file) {
    try {
      CaptureReport r = CaptureReport.of("f", file);
      assertThat(r.text()).startsWith("capture f: ");
      assertThat(r.fields(TalkCapture.Protocol.NTALK)).isNotNull();
      assertThat(r.fields(TalkCapture.Protocol.OLD_TALK)).isNotNull();
      assertThat(r.capture().events()).hasSizeGreaterThanOrEqualTo(r.capture().datagrams().size());
    } catch (CaptureFormatException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anyTalkTrafficIsReportedAndEveryPairIsOfOneType() {
    // datagrams of the interesting lengths on the talk ports, among three hosts, and TCP segments
    // to and from the addresses those datagrams may announce
    List<Integer> lengths = List.of(0, 1, 23, 24, 50, 76, 83, 84, 85);
    Gen<Packet> udp =
        integers().between(0, lengths.size() - 1).zip(
            integers().between(0, 5), bytes(84), integers().between(0, 255),
            (len, ends, data, type) -> {
              byte[] payload = Arrays.copyOf(data, lengths.get(len));
              if (payload.length > 1) {
                payload[0] = (byte) (ends % 2 == 0 ? 1 : type);
                payload[1] = (byte) (type & 3);
              }
              InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000 + ends % 3);
              InetSocketAddress daemon = new InetSocketAddress("127.0.0.1", ends < 3 ? 518 : 517);
              boolean toDaemon = (type & 4) == 0;
              return Packet.udp(Instant.EPOCH, toDaemon ? client : daemon,
                  toDaemon ? daemon : client, payload);
            });
    Gen<Packet> tcp =
        integers().between(0, 3).zip(bytes(10), integers().between(0, 31),
            (ends, data, flags) -> {
              InetSocketAddress a = new InetSocketAddress("127.0.0.1", ends);
              InetSocketAddress b = new InetSocketAddress("127.0.0.1", 3 - ends);
              return Packet.tcp(Instant.EPOCH, a, b, new TcpHeader(flags, 0,
                  TcpFlag.fromByte(flags)), data);
            });
    qt().withExamples(500)
        .forAll(lists().of(udp.mix(tcp, 30)).ofSizeBetween(0, 12))
        .checkAssert(packets -> {
          reports(CaptureFiles.pcapOf(packets));
          TalkCapture c = TalkCapture.of(packets);
          for (TalkCapture.Datagram d : c.datagrams()) {
            d.answers().ifPresent(n -> {
              TalkCapture.Datagram request = c.datagrams().get(n - 1);
              assertThat(request.number()).isLessThan(d.number());
              assertThat(request.packet().source()).isEqualTo(d.packet().destination());
              assertThat(request.packet().destination()).isEqualTo(d.packet().source());
              // a request of its type and protocol, or else a wrong-sized datagram
              if (request.role() == TalkCapture.Role.REQUEST) {
                assertThat(request.type()).isEqualTo(d.type());
                assertThat(request.protocol()).isEqualTo(d.protocol());
              } else {
                assertThat(request.role()).isEqualTo(TalkCapture.Role.MALFORMED);
              }
            });
          }
        });
  }

  @Test
  void anyBytesReadOrAreRejected() {
    qt().withExamples(2000)
        .forAll(integers().between(0, HEADS.size() - 1), bytes(300))
        .checkAssert((head, tail) -> readsOrRejects(CaptureFiles.concat(HEADS.get(head), tail)));
  }

  @Test
  void mutatedRealCapturesReadOrAreRejected() {
    qt().withExamples(1000)
        .forAll(
            integers().between(0, 2 * FILES.size() - 1),
            lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 8),
            integers().between(-128, 127),
            integers().between(0, 100))
        .checkAssert(
            (which, positions, value, cutPercent) -> {
              byte[] file =
                  which < FILES.size() ? FILES.get(which) : NG_FILES.get(which - FILES.size());
              byte[] mutated = file.clone();
              for (int p : positions) {
                mutated[p % mutated.length] ^= (byte) (value | 1);
              }
              // most examples keep the whole file, the others cut it
              int keep = cutPercent > 50 ? mutated.length : mutated.length * cutPercent / 50;
              readsOrRejects(Arrays.copyOf(mutated, keep));
            });
  }

  @Test
  void randomFramesSurviveBothFormats() {
    Gen<Frame> frames =
        integers()
            .between(0, Integer.MAX_VALUE)
            .zip(
                bytes(100),
                integers().between(0, 999_999),
                (seconds, data, micros) ->
                    new Frame(
                        1, Instant.ofEpochSecond(seconds, micros * 1000L), data, data.length));
    qt().withExamples(300)
        .forAll(lists().of(frames).ofSizeBetween(0, 6))
        .checkAssert(
            list -> {
              try {
                assertThat(
                        CaptureReader.read(
                            CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, list)))
                    .isEqualTo(list);
                assertThat(
                        CaptureReader.read(
                            CaptureFiles.pcapng(
                                List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN), list)))
                    .isEqualTo(list);
                PacketDecoder.decode(list);
              } catch (CaptureFormatException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void anySegmentationOfAStreamReassemblesToIt() {
    InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
    InetSocketAddress b = new InetSocketAddress("127.0.0.1", 2);
    // cuts and an order: each segment starts at a cut; every segment is sent, some twice
    qt().withExamples(500)
        .forAll(
            bytes(60),
            lists().of(integers().between(0, 60)).ofSizeBetween(0, 8),
            integers().between(0, Integer.MAX_VALUE),
            integers().between(0, Integer.MAX_VALUE))
        .checkAssert(
            (data, cuts, shuffle, isn) -> {
              List<Integer> points =
                  new ArrayList<>(
                      cuts.stream().map(c -> c % (data.length + 1)).distinct().sorted().toList());
              if (points.isEmpty() || points.get(0) != 0) {
                points.add(0, 0);
              }
              points.add(data.length);
              List<Packet> packets = new ArrayList<>();
              packets.add(
                  Packet.tcp(
                      Instant.EPOCH,
                      a,
                      b,
                      new TcpHeader(isn, 0, Set.of(TcpFlag.SYN)),
                      new byte[0]));
              List<Packet> segments = new ArrayList<>();
              for (int i = 0; i + 1 < points.size(); i++) {
                byte[] piece = Arrays.copyOfRange(data, points.get(i), points.get(i + 1));
                long seq = (isn + 1L + points.get(i)) & 0xFFFF_FFFFL;
                segments.add(
                    Packet.tcp(Instant.EPOCH, a, b, new TcpHeader(seq, 0, Set.of()), piece));
              }
              int n = segments.size();
              for (int i = 0; i < n; i++) {
                // a deterministic shuffle and duplicates, driven by the generated number
                int j = (int) ((shuffle + 31L * i) % n);
                packets.add(segments.get(j));
                packets.add(segments.get(i));
              }

              TcpConversation c = TcpReassembler.reassemble(packets).get(0);

              assertThat(c.fromClient().data()).isEqualTo(data);
              assertThat(c.fromClient().gaps()).isEmpty();
            });
  }
}

package io.github.bsdtalk.examples.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.examples.pcap.CaptureFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The file formats, byte by byte, and every way a file is rejected. */
class CaptureReaderTest {
  private static final Instant T = Instant.parse("2026-11-26T04:24:02.123456789Z");
  private static final Instant T_MICROS = Instant.parse("2026-11-26T04:24:02.123456Z");
  private static final List<Frame> FRAMES =
      List.of(
          new Frame(1, T, new byte[] {1, 2, 3}, 60),
          new Frame(1, T.plusSeconds(1), new byte[0], 0));

  @Test
  void classicPcapInBothOrdersAndResolutions() throws Exception {
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      assertThat(CaptureReader.read(CaptureFiles.pcap(order, true, 1, FRAMES))).isEqualTo(FRAMES);
      assertThat(CaptureReader.read(CaptureFiles.pcap(order, false, 1, FRAMES)))
          .extracting(Frame::time)
          .containsExactly(T_MICROS, T_MICROS.plusSeconds(1));
    }
  }

  @Test
  void theLinkTypeIsTheLow16BitsOfTheHeaderField() throws Exception {
    // the upper bits may carry the FCS length (draft-ietf-opsawg-pcap section 4)
    byte[] file = CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, true, 0x1400_0071, FRAMES);

    assertThat(CaptureReader.read(file)).extracting(Frame::linkType).containsOnly(113);
  }

  @Test
  void anEmptyPcapHasNoFrames() throws Exception {
    assertThat(CaptureReader.read(CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, true, 1, List.of())))
        .isEmpty();
  }

  @Test
  void pcapngWithTwoSectionsOfEitherOrder() throws Exception {
    byte[] file =
        CaptureFiles.pcapng(
            List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN),
            List.of(FRAMES.get(0), FRAMES.get(0), FRAMES.get(1)));

    // the second frame of a section is on the microsecond interface
    assertThat(CaptureReader.read(file))
        .extracting(Frame::time)
        .containsExactly(T, T_MICROS, T.plusSeconds(1));
  }

  @Test
  void pcapngSimplePacketBlockBelongsToInterfaceZeroAndIsCutAtItsSnapLength() throws Exception {
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    byte[] shb = CaptureFiles.shb(le);
    byte[] idb =
        CaptureFiles.block(
            le,
            CaptureReader.IDB,
            ByteBuffer.allocate(8)
                .order(le)
                .putShort((short) 228)
                .putShort((short) 0)
                .putInt(2)
                .array());
    byte[] spb =
        CaptureFiles.block(
            le,
            CaptureReader.SPB,
            ByteBuffer.allocate(8).order(le).putInt(3).put(new byte[] {9, 8, 7, 0}).array());

    List<Frame> frames = CaptureReader.read(CaptureFiles.concat(shb, idb, spb));

    assertThat(frames).containsExactly(new Frame(228, Instant.EPOCH, new byte[] {9, 8}, 3));
  }

  @Test
  void pcapngBinaryResolutionAndOffset() throws Exception {
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    // if_tsresol 0x81 = 2^-1 s, if_tsoffset 100 s
    byte[] idb =
        CaptureFiles.block(
            be,
            CaptureReader.IDB,
            ByteBuffer.allocate(28)
                .order(be)
                .putShort((short) 1)
                .putShort((short) 0)
                .putInt(0)
                .putShort((short) 9)
                .putShort((short) 1)
                .put((byte) 0x81)
                .put(new byte[3])
                .putShort((short) 14)
                .putShort((short) 8)
                .putLong(100)
                .array());
    byte[] epb =
        CaptureFiles.block(
            be,
            CaptureReader.EPB,
            ByteBuffer.allocate(20)
                .order(be)
                .putInt(0)
                .putInt(0)
                .putInt(5)
                .putInt(0)
                .putInt(0)
                .array());

    List<Frame> frames = CaptureReader.read(CaptureFiles.concat(CaptureFiles.shb(be), idb, epb));

    assertThat(frames.get(0).time()).isEqualTo(Instant.ofEpochSecond(102, 500_000_000));
  }

  @Test
  void rejectsWhatIsNotACapture() {
    assertRejected(new byte[0], Reason.TRUNCATED, 0);
    assertRejected(
        "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        Reason.BAD_MAGIC,
        0);
  }

  @Test
  void rejectsATruncatedPcapAtTheRecordThatIsCut() throws Exception {
    byte[] file = CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, FRAMES);

    assertRejected(Arrays.copyOf(file, 20), Reason.TRUNCATED, 0);
    assertRejected(Arrays.copyOf(file, 24 + 10), Reason.TRUNCATED, 24);
    assertRejected(Arrays.copyOf(file, 24 + 16 + 2), Reason.TRUNCATED, 24);
    assertRejected(Arrays.copyOf(file, file.length - 1), Reason.TRUNCATED, 24 + 16 + 3);
  }

  @Test
  void rejectsBrokenPcapngBlocks() {
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    byte[] shb = CaptureFiles.shb(le);
    byte[] epb =
        CaptureFiles.block(
            le,
            CaptureReader.EPB,
            ByteBuffer.allocate(20)
                .order(le)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .array());
    assertRejected(CaptureFiles.concat(shb, epb), Reason.UNKNOWN_INTERFACE, shb.length);

    byte[] badMagic = shb.clone();
    badMagic[8] = 0x55;
    assertRejected(badMagic, Reason.BAD_BLOCK, 0);

    byte[] badTrailer = shb.clone();
    badTrailer[badTrailer.length - 4]++;
    assertRejected(badTrailer, Reason.BAD_BLOCK, 0);

    byte[] oddLength =
        CaptureFiles.concat(shb, ByteBuffer.allocate(12).order(le).putInt(5).putInt(13).array());
    assertRejected(oddLength, Reason.BAD_BLOCK, shb.length);

    assertRejected(Arrays.copyOf(shb, shb.length - 1), Reason.TRUNCATED, 0);

    byte[] tooLong =
        CaptureFiles.block(
            le,
            CaptureReader.IDB,
            ByteBuffer.allocate(12)
                .order(le)
                .putInt(1)
                .putInt(0)
                .putShort((short) 9)
                .putShort((short) 40)
                .array());
    assertRejected(CaptureFiles.concat(shb, tooLong), Reason.BAD_BLOCK, shb.length + 16);
  }

  @Test
  void rejectsATimestampBeyondInstant() {
    ByteOrder be = ByteOrder.BIG_ENDIAN;
    // if_tsresol 10^0: whole seconds, and 2^64 - 1 of them is past Instant.MAX
    byte[] idb = CaptureFiles.idb(be, 1, 0);
    byte[] epb =
        CaptureFiles.block(
            be,
            CaptureReader.EPB,
            ByteBuffer.allocate(20)
                .order(be)
                .putInt(0)
                .putInt(-1)
                .putInt(-1)
                .putInt(0)
                .putInt(0)
                .array());
    byte[] shb = CaptureFiles.shb(be);

    assertRejected(
        CaptureFiles.concat(shb, idb, epb), Reason.BAD_TIMESTAMP, shb.length + idb.length);
  }

  @Test
  void aStreamLargerThanTheBoundIsRejected() {
    byte[] file = CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, true, 1, FRAMES);

    assertThatThrownBy(() -> CaptureReader.read(new ByteArrayInputStream(file), file.length - 1))
        .isInstanceOfSatisfying(
            CaptureFormatException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
              assertThat(e.offset()).isEqualTo(file.length - 1);
            });
  }

  @Test
  void theMessageSaysWhatAndWhere() {
    assertThatThrownBy(() -> CaptureReader.read(new byte[] {1, 2}))
        .hasMessage(
            "TRUNCATED at offset 0: the file ends inside the file's magic number"
                + " (2 of 4 bytes)");
  }

  private static void assertRejected(byte[] file, Reason reason, long offset) {
    ThrowingCallable read = () -> CaptureReader.read(file);
    assertThatThrownBy(read)
        .isInstanceOfSatisfying(
            CaptureFormatException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }
}

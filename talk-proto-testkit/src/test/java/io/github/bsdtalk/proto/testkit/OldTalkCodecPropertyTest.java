package io.github.bsdtalk.proto.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;

import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.proto.testkit.quicktheories.TalkGenerators;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of {@link OldTalkCodec} over generated records and datagrams, 1000 examples each: the
 * byte-order rule, round trips, and that any bytes decode or fail with a length error only.
 */
class OldTalkCodecPropertyTest {

  private static final int EXAMPLES = 1000;

  /**
   * Requests a decoder can read back as they were: big-endian ones whose {@code ctl_addr} family
   * is not {@code 0x0200} (which is written {@code 02 00}, the little-endian mark), and
   * little-endian ones whose family is {@code AF_INET}.
   */
  private static Gen<OldCtlMessage> readableMessages() {
    return TalkGenerators.from(
        r -> {
          boolean little = r.nextBoolean();
          TalkAddress ctl = little ? TalkValues.inetTalkAddress(r) : notTheLittleEndianMark(r);
          return new OldCtlMessage(
              TalkValues.typeCode(r),
              TalkValues.fieldText(r, TalkProtocol.OLD_NAME_SIZE),
              TalkValues.fieldText(r, TalkProtocol.OLD_NAME_SIZE),
              TalkValues.id(r),
              TalkValues.pid(r),
              TalkValues.fieldText(r, TalkProtocol.TTY_SIZE),
              TalkValues.talkAddress(r),
              ctl,
              little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        });
  }

  private static TalkAddress notTheLittleEndianMark(RandomGenerator r) {
    TalkAddress a = TalkValues.talkAddress(r);
    return a.family() == 0x0200 ? new TalkAddress(TalkProtocol.AF_INET, a.port(), a.ip()) : a;
  }

  private static Gen<OldCtlResponse> responses() {
    return TalkGenerators.from(
        r ->
            new OldCtlResponse(
                TalkValues.typeCode(r),
                TalkValues.answerCode(r),
                TalkValues.id(r),
                TalkValues.talkAddress(r),
                r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN));
  }

  private static Gen<byte[]> exactly(int length) {
    return TalkGenerators.bytesFrom(
        r -> {
          byte[] b = new byte[length];
          r.nextBytes(b);
          if (r.nextInt(4) == 0) { // often a real family mark in ctl_addr, either order
            boolean little = r.nextBoolean();
            int at = length == OldCtlMessage.SIZE ? 60 : 8;
            b[at] = (byte) (little ? 2 : 0);
            b[at + 1] = (byte) (little ? 0 : 2);
          }
          return b;
        });
  }

  @Test
  void decodesEveryReadableRequestBackToAnEqualRecord() {
    qt().withExamples(EXAMPLES)
        .forAll(readableMessages())
        .checkAssert(m -> assertThat(decode(OldTalkCodec.encode(m))).isEqualTo(m));
  }

  @Test
  void anyRequestSizedBytesDecodeAndEncodeBackButForPaddingAndAddressJunk() {
    qt().withExamples(EXAMPLES)
        .forAll(exactly(OldCtlMessage.SIZE))
        .checkAssert(
            d -> {
              OldCtlMessage m = decode(d);
              byte[] expected = d.clone();
              expected[19] = 0;
              Arrays.fill(expected, 52, 60, (byte) 0);
              Arrays.fill(expected, 68, 76, (byte) 0);
              assertThat(OldTalkCodec.encode(m)).isEqualTo(expected);
              // the rule: little-endian exactly when ctl_addr's family reads 02 00
              boolean mark = d[60] == 2 && d[61] == 0;
              assertThat(m.byteOrder())
                  .isEqualTo(mark ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
              assertThat(OldTalkCodec.senderOrder(d)).isEqualTo(m.byteOrder());
              if (mark) {
                assertThat(m.controlAddress().family()).isEqualTo(TalkProtocol.AF_INET);
              }
            });
  }

  @Test
  void theIdAndPidOfOneRequestReadTheSameInTheOrderItsMarkNames() {
    // the same values written both ways decode to the same values: only the order differs
    qt().withExamples(EXAMPLES)
        .forAll(readableMessages(), booleans().all())
        .checkAssert(
            (m, little) -> {
              OldCtlMessage asked =
                  new OldCtlMessage(
                      m.type(), m.localName(), m.remoteName(), m.id(), m.pid(), m.remoteTty(),
                      m.address(),
                      new TalkAddress(
                          TalkProtocol.AF_INET, m.controlAddress().port(),
                          m.controlAddress().ip()),
                      little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
              OldCtlMessage read = decode(OldTalkCodec.encode(asked));
              assertThat(read.id()).isEqualTo(m.id());
              assertThat(read.pid()).isEqualTo(m.pid());
              assertThat(read.byteOrder()).isEqualTo(asked.byteOrder());
            });
  }

  @Test
  void decodesEveryResponseBackInItsOwnOrder() {
    qt().withExamples(EXAMPLES)
        .forAll(responses())
        .checkAssert(
            r -> {
              try {
                assertThat(OldTalkCodec.decodeResponse(OldTalkCodec.encode(r), r.byteOrder()))
                    .isEqualTo(r);
              } catch (MalformedPacketException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void anyOtherLengthFailsWithALengthErrorAtTheRightOffset() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.byteArrays())
        .assuming(d -> d.length != OldCtlMessage.SIZE)
        .checkAssert(
            d -> {
              MalformedPacketException e =
                  catchThrowableOfType(
                      () -> OldTalkCodec.decodeMessage(d), MalformedPacketException.class);
              assertThat(e).isNotNull();
              if (d.length < OldCtlMessage.SIZE) {
                assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.TRUNCATED);
                assertThat(e.offset()).isEqualTo(d.length);
              } else {
                assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.OVERSIZED);
                assertThat(e.offset()).isEqualTo(OldCtlMessage.SIZE);
              }
            });
  }

  private static OldCtlMessage decode(byte[] d) {
    try {
      return OldTalkCodec.decodeMessage(d);
    } catch (MalformedPacketException e) {
      throw new AssertionError(e);
    }
  }
}

package io.github.bsdtalk.proto.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.MessageField;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkDescriber;
import io.github.bsdtalk.proto.testkit.quicktheories.TalkGenerators;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of {@link TalkCodec} and {@link TalkDescriber} over generated values and datagrams
 * ({@link TalkGenerators}), 1000 examples each.
 *
 * <p>These are talk-proto's codec properties. They live here because they need the testkit, and
 * talk-proto cannot depend on its own testkit (the testkit depends on it): they test the codec and,
 * at the same time, that the testkit's values encode and decode as its Javadoc promises.
 */
class TalkCodecPropertyTest {

  private static final int EXAMPLES = 1000;

  /** The C names of a {@code CTL_RESPONSE}'s fields, in wire order ({@code talkd.h}). */
  private static final List<String> RESPONSE_FIELDS =
      List.of("vers", "type", "answer", "pad", "id_num", "addr");

  /** The C names of a {@code CTL_MSG}'s fields, in wire order. */
  private static final List<String> MESSAGE_FIELDS =
      Stream.of(MessageField.values()).map(MessageField::cName).collect(Collectors.toList());

  // ---- round trips -----------------------------------------------------------------------------

  @Test
  void decodesEveryEncodedCtlMessageBackToAnEqualRecord() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.ctlMessages())
        .checkAssert(m -> assertThat(decodeMessage(TalkCodec.encode(m))).isEqualTo(m));
  }

  @Test
  void decodesEveryWellFormedCtlMessageBackToAnEqualRecord() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.wellFormedCtlMessages())
        .checkAssert(m -> assertThat(decodeMessage(TalkCodec.encode(m))).isEqualTo(m));
  }

  @Test
  void decodesEveryEncodedCtlResponseBackToAnEqualRecord() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.ctlResponses())
        .checkAssert(r -> assertThat(decodeResponse(TalkCodec.encode(r))).isEqualTo(r));
  }

  // ---- encoded sizes ---------------------------------------------------------------------------

  @Test
  void encodesEveryCtlMessageToExactly84Bytes() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.ctlMessages(), bufferShapes())
        .checkAssert(
            (m, shape) -> {
              byte[] array = TalkCodec.encode(m);
              assertThat(array).hasSize(CtlMessage.SIZE);
              assertEncodesIntoBuffer(array, shape, dst -> TalkCodec.encode(m, dst));
            });
  }

  @Test
  void encodesEveryCtlResponseToExactly24Bytes() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.ctlResponses(), bufferShapes())
        .checkAssert(
            (r, shape) -> {
              byte[] array = TalkCodec.encode(r);
              assertThat(array).hasSize(CtlResponse.SIZE);
              assertEncodesIntoBuffer(array, shape, dst -> TalkCodec.encode(r, dst));
            });
  }

  // ---- robustness: any bytes decode or throw MalformedPacketException --------------------------

  @Test
  void decodesAnyByteArrayAsCtlMessageOrThrowsMalformedPacketException() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.datagrams())
        .checkAssert(
            d ->
                assertDecodesOrRejectsLength(
                    d, CtlMessage.SIZE, TalkCodec::decodeMessage, TalkCodec::decodeMessage));
  }

  @Test
  void decodesAnyByteArrayAsCtlResponseOrThrowsMalformedPacketException() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.datagrams())
        .checkAssert(
            d ->
                assertDecodesOrRejectsLength(
                    d, CtlResponse.SIZE, TalkCodec::decodeResponse, TalkCodec::decodeResponse));
  }

  @Test
  void decodesArbitraryLengthArraysOrThrowsMalformedPacketException() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.byteArrays())
        .checkAssert(
            d -> {
              assertDecodesOrRejectsLength(
                  d, CtlMessage.SIZE, TalkCodec::decodeMessage, TalkCodec::decodeMessage);
              assertDecodesOrRejectsLength(
                  d, CtlResponse.SIZE, TalkCodec::decodeResponse, TalkCodec::decodeResponse);
            });
  }

  // ---- any well-sized bytes survive decode + encode, except the bytes decoding ignores ---------

  @Test
  void reencodesAny84ByteArrayUnchangedExceptPadAndUnusedAddressBytes() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.messageSizedArrays())
        .checkAssert(
            d -> {
              byte[] expected = d.clone();
              // pad, and ta_junk1/2 of addr and ctl_addr (netkit include/prot_talkd.h): not
              // record components, written as zeros.
              expected[3] = 0;
              Arrays.fill(expected, 16, 24, (byte) 0);
              Arrays.fill(expected, 32, 40, (byte) 0);
              assertThat(TalkCodec.encode(decodeMessage(d))).isEqualTo(expected);
            });
  }

  @Test
  void reencodesAny24ByteArrayUnchangedExceptPadAndUnusedAddressBytes() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.responseSizedArrays())
        .checkAssert(
            d -> {
              byte[] expected = d.clone();
              expected[3] = 0;
              Arrays.fill(expected, 16, 24, (byte) 0);
              assertThat(TalkCodec.encode(decodeResponse(d))).isEqualTo(expected);
            });
  }

  // ---- describer -------------------------------------------------------------------------------

  @Test
  void describesAnyByteArrayWithoutThrowing() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.datagrams())
        .checkAssert(
            d -> {
              TalkDescriber.Description any = TalkDescriber.describe(d);
              TalkDescriber.Description asMessage = TalkDescriber.describeMessage(d);
              TalkDescriber.Description asResponse = TalkDescriber.describeResponse(d);
              for (TalkDescriber.Description desc : List.of(any, asMessage, asResponse)) {
                assertThat(desc.length()).isEqualTo(d.length);
                assertThat(desc.toNameValueText()).isNotEmpty();
                assertThat(desc.toTable("  ")).isNotEmpty();
                assertThat(desc.problem().isPresent())
                    .isEqualTo(desc.kind() == TalkDescriber.Kind.MALFORMED);
              }
              assertThat(any.kind()).isEqualTo(expectedKind(d.length));
              assertThat(asMessage.kind())
                  .isEqualTo(
                      d.length == CtlMessage.SIZE
                          ? TalkDescriber.Kind.CTL_MSG
                          : TalkDescriber.Kind.MALFORMED);
              assertThat(asResponse.kind())
                  .isEqualTo(
                      d.length == CtlResponse.SIZE
                          ? TalkDescriber.Kind.CTL_RESPONSE
                          : TalkDescriber.Kind.MALFORMED);
            });
  }

  @Test
  void describesAny84ByteArrayNamingEveryCtlMsgField() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.messageSizedArrays())
        .checkAssert(d -> assertNamesEveryField(TalkDescriber.describe(d), MESSAGE_FIELDS));
  }

  @Test
  void describesAny24ByteArrayNamingEveryCtlResponseField() {
    qt().withExamples(EXAMPLES)
        .forAll(TalkGenerators.responseSizedArrays())
        .checkAssert(d -> assertNamesEveryField(TalkDescriber.describe(d), RESPONSE_FIELDS));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Where in a buffer to encode: offset, slack after the structure, byte order, direct or not. */
  private record BufferShape(int offset, int slack, boolean littleEndian, boolean direct) {
    ByteBuffer allocate(int size) {
      int capacity = offset + size + slack;
      ByteBuffer b = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
      b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      for (int i = 0; i < capacity; i++) {
        b.put(i, FILL);
      }
      return b.position(offset);
    }
  }

  private static final byte FILL = (byte) 0xA5;

  private static Gen<BufferShape> bufferShapes() {
    return integers()
        .between(0, 16)
        .zip(integers().between(0, 16), booleans().all(), booleans().all(), BufferShape::new);
  }

  private interface Encoder {
    void encodeInto(ByteBuffer dst);
  }

  private interface ArrayDecoder {
    Object decode(byte[] datagram) throws MalformedPacketException;
  }

  private interface BufferDecoder {
    Object decode(ByteBuffer datagram) throws MalformedPacketException;
  }

  /** Encoding into a buffer writes exactly the array encoding at its position and advances it. */
  private static void assertEncodesIntoBuffer(byte[] expected, BufferShape shape, Encoder encoder) {
    ByteBuffer dst = shape.allocate(expected.length);
    int limit = dst.limit();
    encoder.encodeInto(dst);
    assertThat(dst.position()).isEqualTo(shape.offset() + expected.length);
    assertThat(dst.limit()).isEqualTo(limit);
    byte[] written = new byte[expected.length];
    dst.get(shape.offset(), written);
    assertThat(written).isEqualTo(expected);
    for (int i = 0; i < dst.capacity(); i++) {
      if (i < shape.offset() || i >= shape.offset() + expected.length) {
        assertThat(dst.get(i)).as("byte %d outside the structure", i).isEqualTo(FILL);
      }
    }
  }

  /**
   * Decoding succeeds exactly for datagrams of the structure's size; anything else is rejected with
   * TRUNCATED (offset = length) or OVERSIZED (offset = size). Any other exception escapes and fails
   * the property. The buffer form agrees and leaves position, limit and order as they were.
   */
  private static void assertDecodesOrRejectsLength(
      byte[] d, int size, ArrayDecoder fromArray, BufferDecoder fromBuffer) {
    MalformedPacketException e =
        catchThrowableOfType(MalformedPacketException.class, () -> fromArray.decode(d));
    if (d.length == size) {
      assertThat(e).isNull();
    } else {
      assertThat(e).isNotNull();
      if (d.length < size) {
        assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.TRUNCATED);
        assertThat(e.offset()).isEqualTo(d.length);
      } else {
        assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.OVERSIZED);
        assertThat(e.offset()).isEqualTo(size);
      }
    }

    // The same bytes in the middle of a larger, little-endian buffer.
    ByteBuffer b = ByteBuffer.allocate(d.length + 10).order(ByteOrder.LITTLE_ENDIAN);
    b.position(5).put(d).flip().position(5);
    MalformedPacketException fromBufferError =
        catchThrowableOfType(MalformedPacketException.class, () -> fromBuffer.decode(b));
    assertThat(fromBufferError == null).isEqualTo(e == null);
    if (e != null) {
      assertThat(fromBufferError.reason()).isEqualTo(e.reason());
      assertThat(fromBufferError.offset()).isEqualTo(e.offset());
    } else {
      assertThat(decodeEither(fromBuffer, b)).isEqualTo(decodeEither(fromArray, d));
    }
    assertThat(b.position()).isEqualTo(5);
    assertThat(b.limit()).isEqualTo(5 + d.length);
    assertThat(b.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }

  private static void assertNamesEveryField(TalkDescriber.Description desc, List<String> names) {
    assertThat(desc.problem()).isEmpty();
    assertThat(desc.fields()).extracting(TalkDescriber.Field::name).containsExactlyElementsOf(names);
    String text = desc.toNameValueText();
    String table = desc.toTable("");
    for (String name : names) {
      assertThat(text).containsPattern("(?m)^" + name + ": ");
      assertThat(table).containsPattern("(?m)^\\[[0-9.]+\\]\\s+" + name + " ");
    }
  }

  private static TalkDescriber.Kind expectedKind(int length) {
    if (length == CtlMessage.SIZE) {
      return TalkDescriber.Kind.CTL_MSG;
    }
    if (length == OldCtlMessage.SIZE) {
      return TalkDescriber.Kind.OLD_CTL_MSG;
    }
    return length == CtlResponse.SIZE ? TalkDescriber.Kind.CTL_RESPONSE : TalkDescriber.Kind.MALFORMED;
  }

  private static Object decodeEither(ArrayDecoder decoder, byte[] d) {
    try {
      return decoder.decode(d);
    } catch (MalformedPacketException e) {
      throw new AssertionError("decoding failed: " + e, e);
    }
  }

  private static Object decodeEither(BufferDecoder decoder, ByteBuffer b) {
    try {
      return decoder.decode(b);
    } catch (MalformedPacketException e) {
      throw new AssertionError("decoding failed: " + e, e);
    }
  }

  private static CtlMessage decodeMessage(byte[] d) {
    return (CtlMessage) decodeEither(TalkCodec::decodeMessage, d);
  }

  private static CtlResponse decodeResponse(byte[] d) {
    return (CtlResponse) decodeEither(TalkCodec::decodeResponse, d);
  }
}

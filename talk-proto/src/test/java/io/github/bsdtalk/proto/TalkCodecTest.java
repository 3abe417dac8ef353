package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TalkCodecTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte FILL = 0x5a;

  // docs/PROTOCOL.md section 2.5: LOOK_UP from alice to bob, reply port 40000 on 192.0.2.10, pid
  // 4242.
  private static final String LOOK_UP_HEX =
      "0101000000000000"
          + "00020000000000000000000000000000"
          + "00029c40c000020a0000000000000000"
          + "00001092"
          + "616c69636500000000000000"
          + "626f62000000000000000000"
          + "00000000000000000000000000000000";
  private static final CtlMessage LOOK_UP =
      CtlMessage.of(
          RequestType.LOOK_UP,
          0,
          TalkAddress.ANY,
          TalkAddress.of(TalkAddress.ipv4(0xc000020a), 40000),
          4242,
          "alice",
          "bob",
          "");

  // docs/PROTOCOL.md section 2.5: the SUCCESS answer carrying rendezvous 192.0.2.20:41000 and id 7.
  private static final String SUCCESS_HEX = "01010000000000070002a028c0000214" + "0000000000000000";
  private static final CtlResponse SUCCESS =
      CtlResponse.of(1, Answer.SUCCESS, 7, TalkAddress.of(TalkAddress.ipv4(0xc0000214), 41000));

  /** A request with every field at an extreme, to catch sign and mask mistakes. */
  private static final CtlMessage EXTREME =
      new CtlMessage(
          0xff,
          0xfe,
          0xfd,
          0xFFFF_FFFFL,
          new TalkAddress(0xffff, 0xfffe, TalkAddress.ipv4(0xfffffffd)),
          new TalkAddress(0x8001, 0x8002, TalkAddress.ipv4(0x80818283)),
          Integer.MIN_VALUE + 1,
          "\u00ff".repeat(12),
          "\u0080bcdefghijk\u00e9",
          "0123456789abcde\u00fe");

  private static final String EXTREME_HEX =
      "fffefd00ffffffff"
          + "fffffffefffffffd0000000000000000"
          + "8001800280818283"
          + "0000000000000000"
          + "80000001"
          + "ffffffffffffffffffffffff"
          + "8062636465666768696a6be9"
          + "303132333435363738396162636465fe";

  private static byte[] bytes(String hex) {
    return HEX.parseHex(hex);
  }

  /** A buffer holding {@code datagram} between {@code before} and {@code after} filler bytes. */
  private static ByteBuffer embedded(byte[] datagram, int before, int after, boolean direct) {
    ByteBuffer b =
        direct
            ? ByteBuffer.allocateDirect(before + datagram.length + after)
            : ByteBuffer.allocate(before + datagram.length + after);
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, FILL);
    }
    b.put(before, datagram);
    b.position(before).limit(before + datagram.length);
    return b;
  }

  private static byte[] contents(ByteBuffer b) {
    // Absolute bulk gets stop at the limit; a cleared duplicate sees the whole buffer.
    byte[] out = new byte[b.capacity()];
    b.duplicate().clear().get(out);
    return out;
  }

  // ---- docs/PROTOCOL.md section 2.5 -------------------------------------------------------------

  @Test
  void encodesLookUpOfProtocolExampleToItsBytes() {
    assertThat(HEX.formatHex(TalkCodec.encode(LOOK_UP))).isEqualTo(LOOK_UP_HEX);
  }

  @Test
  void decodesLookUpOfProtocolExample() throws MalformedPacketException {
    assertThat(TalkCodec.decodeMessage(bytes(LOOK_UP_HEX))).isEqualTo(LOOK_UP);
  }

  @Test
  void encodesSuccessOfProtocolExampleToItsBytes() {
    assertThat(HEX.formatHex(TalkCodec.encode(SUCCESS))).isEqualTo(SUCCESS_HEX);
  }

  @Test
  void decodesSuccessOfProtocolExample() throws MalformedPacketException {
    assertThat(TalkCodec.decodeResponse(bytes(SUCCESS_HEX))).isEqualTo(SUCCESS);
  }

  @Test
  void encodesAndDecodesExtremeValuesWithoutSignOrMaskMistakes() throws MalformedPacketException {
    assertThat(HEX.formatHex(TalkCodec.encode(EXTREME))).isEqualTo(EXTREME_HEX);
    assertThat(TalkCodec.decodeMessage(bytes(EXTREME_HEX))).isEqualTo(EXTREME);

    CtlResponse r = new CtlResponse(0xff, 0x80, 0x7f, 0x8000_0001L, EXTREME.address());
    byte[] encoded = TalkCodec.encode(r);
    assertThat(HEX.formatHex(encoded))
        .isEqualTo("ff807f0080000001fffffffefffffffd0000000000000000");
    assertThat(TalkCodec.decodeResponse(encoded)).isEqualTo(r);
  }

  @Test
  void encodesEverySizeExactly() {
    assertThat(TalkCodec.encode(LOOK_UP)).hasSize(CtlMessage.SIZE).hasSize(84);
    assertThat(TalkCodec.encode(SUCCESS)).hasSize(CtlResponse.SIZE).hasSize(24);
  }

  // ---- decode: length
  // ----------------------------------------------------------------------------

  @Test
  void rejectsEveryDatagramLengthButEightyFourAsRequest() {
    for (int length = 0; length <= 200; length++) {
      if (length == CtlMessage.SIZE) {
        continue;
      }
      int n = length;
      assertThatThrownBy(() -> TalkCodec.decodeMessage(new byte[n]))
          .as("length %d", n)
          .isInstanceOfSatisfying(
              MalformedPacketException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(
                        n < 84
                            ? MalformedPacketException.Reason.TRUNCATED
                            : MalformedPacketException.Reason.OVERSIZED);
                assertThat(e.offset()).isEqualTo(Math.min(n, 84));
              });
    }
  }

  @Test
  void rejectsEveryDatagramLengthButTwentyFourAsResponse() {
    for (int length = 0; length <= 100; length++) {
      if (length == CtlResponse.SIZE) {
        continue;
      }
      int n = length;
      assertThatThrownBy(() -> TalkCodec.decodeResponse(new byte[n]))
          .as("length %d", n)
          .isInstanceOfSatisfying(
              MalformedPacketException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(
                        n < 24
                            ? MalformedPacketException.Reason.TRUNCATED
                            : MalformedPacketException.Reason.OVERSIZED);
                assertThat(e.offset()).isEqualTo(Math.min(n, 24));
              });
    }
  }

  @Test
  void measuresLengthFromPositionToLimit() {
    // 84 bytes at position 10 of a 200-byte buffer, but the limit lets 90 through: oversized.
    ByteBuffer b = embedded(bytes(LOOK_UP_HEX), 10, 106, false);
    b.limit(100);

    assertThatThrownBy(() -> TalkCodec.decodeMessage(b))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.OVERSIZED);
              assertThat(e.offset()).isEqualTo(84);
            });
    b.limit(93);
    assertThatThrownBy(() -> TalkCodec.decodeMessage(b))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.TRUNCATED);
              assertThat(e.offset()).isEqualTo(83);
            });
    assertThat(b.position()).isEqualTo(10);
  }

  // ---- decode: the caller's buffer
  // ---------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void decodesRequestAtNonzeroPositionLeavingTheBufferAsItWas(boolean direct)
      throws MalformedPacketException {
    ByteBuffer b = embedded(TalkCodec.encode(EXTREME), 13, 7, direct);
    byte[] before = contents(b);

    assertThat(TalkCodec.decodeMessage(b)).isEqualTo(EXTREME);
    assertThat(b.position()).isEqualTo(13);
    assertThat(b.limit()).isEqualTo(13 + 84);
    assertThat(b.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(contents(b)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void decodesRequestFromLittleEndianBufferAsBigEndian(boolean direct)
      throws MalformedPacketException {
    ByteBuffer b = embedded(TalkCodec.encode(EXTREME), 5, 0, direct).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(TalkCodec.decodeMessage(b)).isEqualTo(EXTREME);
    assertThat(b.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.position()).isEqualTo(5);
    assertThat(b.limit()).isEqualTo(89);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void decodesResponseAtNonzeroPositionOfLittleEndianBuffer(boolean direct)
      throws MalformedPacketException {
    CtlResponse r = CtlResponse.of(3, Answer.PERMISSION_DENIED, 0x01020304L, EXTREME.address());
    ByteBuffer b = embedded(TalkCodec.encode(r), 31, 3, direct).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(TalkCodec.decodeResponse(b)).isEqualTo(r);
    assertThat(b.position()).isEqualTo(31);
    assertThat(b.limit()).isEqualTo(55);
    assertThat(b.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void decodesFromSliceAndReadOnlyBuffers() throws MalformedPacketException {
    // A slice has a nonzero arrayOffset; a read-only buffer has no accessible array.
    byte[] big = new byte[100];
    Arrays.fill(big, FILL);
    System.arraycopy(TalkCodec.encode(EXTREME), 0, big, 9, 84);
    ByteBuffer slice = ByteBuffer.wrap(big, 9, 84).slice();
    ByteBuffer readOnly = ByteBuffer.wrap(big, 9, 84).asReadOnlyBuffer();

    assertThat(slice.arrayOffset()).isEqualTo(9);
    assertThat(TalkCodec.decodeMessage(slice)).isEqualTo(EXTREME);
    assertThat(readOnly.hasArray()).isFalse();
    assertThat(TalkCodec.decodeMessage(readOnly)).isEqualTo(EXTREME);
    assertThat(readOnly.position()).isEqualTo(9);
  }

  @Test
  void decodesEmptyNamesFromEveryKindOfBuffer() throws MalformedPacketException {
    CtlMessage empty =
        new CtlMessage(1, 1, 0, 0, TalkAddress.ZERO, TalkAddress.ZERO, 0, "", "", "");
    byte[] encoded = TalkCodec.encode(empty);

    assertThat(TalkCodec.decodeMessage(encoded)).isEqualTo(empty);
    assertThat(TalkCodec.decodeMessage(ByteBuffer.wrap(encoded).asReadOnlyBuffer()))
        .isEqualTo(empty);
    assertThat(TalkCodec.decodeMessage(embedded(encoded, 1, 1, true))).isEqualTo(empty);
  }

  @Test
  void decodesAddressZeroAsTheZeroIp() throws MalformedPacketException {
    CtlResponse r = TalkCodec.decodeResponse(new byte[24]);

    assertThat(r).isEqualTo(new CtlResponse(0, 0, 0, 0, TalkAddress.ZERO));
    assertThat(r.address().ip().getAddress()).containsExactly(0, 0, 0, 0);
  }

  // ---- encode into a buffer
  // ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void encodesRequestAtPositionAndAdvancesByEightyFour(boolean direct) {
    ByteBuffer b = embedded(new byte[0], 0, 200, direct);
    b.limit(200).position(17);

    TalkCodec.encode(EXTREME, b);

    assertThat(b.position()).isEqualTo(17 + 84);
    assertThat(b.limit()).isEqualTo(200);
    byte[] all = contents(b);
    assertThat(Arrays.copyOfRange(all, 17, 101)).isEqualTo(TalkCodec.encode(EXTREME));
    assertThat(Arrays.copyOfRange(all, 0, 17)).containsOnly(FILL);
    assertThat(Arrays.copyOfRange(all, 101, 200)).containsOnly(FILL);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void encodesResponseAtPositionAndAdvancesByTwentyFour(boolean direct) {
    ByteBuffer b = embedded(new byte[0], 0, 64, direct);
    b.limit(64).position(40);

    TalkCodec.encode(SUCCESS, b);

    assertThat(b.position()).isEqualTo(64);
    byte[] all = contents(b);
    assertThat(Arrays.copyOfRange(all, 40, 64)).isEqualTo(bytes(SUCCESS_HEX));
    assertThat(Arrays.copyOfRange(all, 0, 40)).containsOnly(FILL);
  }

  @Test
  void encodesIdenticalBytesIntoLittleEndianBuffers() {
    ByteBuffer message = ByteBuffer.allocate(84).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer response = ByteBuffer.allocateDirect(24).order(ByteOrder.LITTLE_ENDIAN);

    TalkCodec.encode(EXTREME, message);
    TalkCodec.encode(SUCCESS, response);

    assertThat(HEX.formatHex(message.array())).isEqualTo(EXTREME_HEX);
    assertThat(HEX.formatHex(contents(response))).isEqualTo(SUCCESS_HEX);
    assertThat(message.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(response.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void encodingOverwritesPadJunkAndTextPaddingWithZeros() {
    // The buffer may hold an earlier, longer datagram: everything ignored must still be zero.
    ByteBuffer message = ByteBuffer.allocate(84);
    Arrays.fill(message.array(), (byte) 0xff);
    ByteBuffer response = ByteBuffer.allocate(24);
    Arrays.fill(response.array(), (byte) 0xff);

    TalkCodec.encode(LOOK_UP, message);
    TalkCodec.encode(SUCCESS, response);

    assertThat(HEX.formatHex(message.array())).isEqualTo(LOOK_UP_HEX);
    assertThat(HEX.formatHex(response.array())).isEqualTo(SUCCESS_HEX);
  }

  @Test
  void refusesTooSmallBufferWithoutWritingAnything() {
    ByteBuffer message = embedded(new byte[0], 0, 100, false);
    message.limit(100).position(17); // 83 remaining
    ByteBuffer response = embedded(new byte[0], 0, 30, true);
    response.limit(30).position(7); // 23 remaining

    assertThatThrownBy(() -> TalkCodec.encode(LOOK_UP, message))
        .isInstanceOf(BufferOverflowException.class);
    assertThatThrownBy(() -> TalkCodec.encode(SUCCESS, response))
        .isInstanceOf(BufferOverflowException.class);

    assertThat(message.position()).isEqualTo(17);
    assertThat(response.position()).isEqualTo(7);
    assertThat(contents(message)).containsOnly(FILL);
    assertThat(contents(response)).containsOnly(FILL);
  }

  @Test
  void encodesIntoExactlyEnoughRoom() {
    ByteBuffer message = ByteBuffer.allocate(84);
    ByteBuffer response = ByteBuffer.allocate(24);

    TalkCodec.encode(LOOK_UP, message);
    TalkCodec.encode(SUCCESS, response);

    assertThat(message.hasRemaining()).isFalse();
    assertThat(response.hasRemaining()).isFalse();
  }

  @Test
  void refusesReadOnlyBuffer() {
    ByteBuffer message = ByteBuffer.allocate(100).asReadOnlyBuffer();
    ByteBuffer response = ByteBuffer.allocateDirect(24).asReadOnlyBuffer();

    assertThatThrownBy(() -> TalkCodec.encode(LOOK_UP, message))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThatThrownBy(() -> TalkCodec.encode(SUCCESS, response))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThat(message.position()).isZero();
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> TalkCodec.encode((CtlMessage) null, ByteBuffer.allocate(84)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TalkCodec.encode((CtlResponse) null, ByteBuffer.allocate(24)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TalkCodec.encode(LOOK_UP, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TalkCodec.decodeMessage((byte[]) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TalkCodec.decodeResponse((ByteBuffer) null))
        .isInstanceOf(NullPointerException.class);
  }
}

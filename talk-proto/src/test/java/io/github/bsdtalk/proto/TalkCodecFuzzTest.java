package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the decoders and the describer with Jazzer.
 *
 * <p>A plain {@code mvn verify} runs each method once per file in {@code
 * src/test/resources/io/github/bsdtalk/proto/TalkCodecFuzzTestInputs/<method>/} (real datagrams
 * captured from netkit and inetutils talk, plus any crash found since) and once with empty input.
 * {@code JAZZER_FUZZ=1 mvn -pl talk-proto test -Dtest='TalkCodecFuzzTest#fuzzDecodeMessage'} fuzzes
 * one method for {@code maxDuration}; see {@code talk-proto/TESTING.md}.
 *
 * <p>Each method takes the raw {@code byte[]}, so the seed files are plain datagrams and libFuzzer
 * mutates their bytes directly. Only {@link MalformedPacketException} is caught: any other
 * exception escapes and is a finding.
 */
class TalkCodecFuzzTest {

  /** Length errors are the only ones the strict-structure decoders raise. */
  private static final Set<MalformedPacketException.Reason> LENGTH_REASONS =
      EnumSet.of(
          MalformedPacketException.Reason.TRUNCATED, MalformedPacketException.Reason.OVERSIZED);

  @FuzzTest(maxDuration = "30s")
  void fuzzDecodeMessage(byte[] datagram) throws MalformedPacketException {
    CtlMessage m;
    try {
      m = TalkCodec.decodeMessage(datagram);
    } catch (MalformedPacketException e) {
      assertThat(datagram.length).isNotEqualTo(CtlMessage.SIZE);
      assertThat(e.reason()).isIn(LENGTH_REASONS);
      return;
    }
    byte[] again = TalkCodec.encode(m);
    assertThat(again).hasSize(CtlMessage.SIZE);
    assertThat(TalkCodec.decodeMessage(again)).isEqualTo(m);
  }

  @FuzzTest(maxDuration = "30s")
  void fuzzDecodeResponse(byte[] datagram) throws MalformedPacketException {
    CtlResponse r;
    try {
      r = TalkCodec.decodeResponse(datagram);
    } catch (MalformedPacketException e) {
      assertThat(datagram.length).isNotEqualTo(CtlResponse.SIZE);
      assertThat(e.reason()).isIn(LENGTH_REASONS);
      return;
    }
    byte[] again = TalkCodec.encode(r);
    assertThat(again).hasSize(CtlResponse.SIZE);
    assertThat(TalkCodec.decodeResponse(again)).isEqualTo(r);
  }

  @FuzzTest(maxDuration = "30s")
  void fuzzDecodeOldMessage(byte[] datagram) throws MalformedPacketException {
    OldCtlMessage m;
    try {
      m = OldTalkCodec.decodeMessage(datagram);
    } catch (MalformedPacketException e) {
      assertThat(datagram.length).isNotEqualTo(OldCtlMessage.SIZE);
      assertThat(e.reason()).isIn(LENGTH_REASONS);
      return;
    }
    // the same bytes again, but for the pad byte and the 8 unused bytes of each address
    byte[] again = OldTalkCodec.encode(m);
    byte[] expected = datagram.clone();
    expected[19] = 0;
    java.util.Arrays.fill(expected, 52, 60, (byte) 0);
    java.util.Arrays.fill(expected, 68, 76, (byte) 0);
    assertThat(again).isEqualTo(expected);
    assertThat(OldTalkCodec.decodeMessage(again)).isEqualTo(m);
  }

  @FuzzTest(maxDuration = "30s")
  void fuzzDecodeOldResponse(byte[] datagram) throws MalformedPacketException {
    for (java.nio.ByteOrder order :
        new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN}) {
      OldCtlResponse r;
      try {
        r = OldTalkCodec.decodeResponse(datagram, order);
      } catch (MalformedPacketException e) {
        assertThat(datagram.length).isNotEqualTo(OldCtlResponse.SIZE);
        assertThat(e.reason()).isIn(LENGTH_REASONS);
        return;
      }
      assertThat(OldTalkCodec.decodeResponse(OldTalkCodec.encode(r), order)).isEqualTo(r);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void fuzzDescribe(byte[] datagram) {
    // The describer promises never to throw; each rendering is exercised, since they format the
    // raw bytes independently of the codec.
    for (TalkDescriber.Description d :
        new TalkDescriber.Description[] {
          TalkDescriber.describe(datagram),
          TalkDescriber.describeMessage(datagram),
          TalkDescriber.describeResponse(datagram),
          TalkDescriber.describeOldMessage(datagram),
          TalkDescriber.describeOldResponse(datagram, java.nio.ByteOrder.LITTLE_ENDIAN)
        }) {
      assertThat(d.length()).isEqualTo(datagram.length);
      assertThat(d.problem().isPresent()).isEqualTo(d.kind() == TalkDescriber.Kind.MALFORMED);
      assertThat(d.toNameValueText()).isNotEmpty();
      assertThat(d.toTable("  ")).isNotEmpty();
    }
  }
}

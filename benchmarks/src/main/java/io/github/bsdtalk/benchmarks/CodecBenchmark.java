package io.github.bsdtalk.benchmarks;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the talk-proto wire codec on real captured datagrams: decoding a {@code CTL_MSG} and a
 * {@code CTL_RESPONSE}, encoding both to a new array, and encoding both into a caller's reused
 * buffer (the path a daemon or client takes when it owns one send buffer per socket).
 *
 * <p>Aims: decoding a {@code CTL_MSG} under 150 ns/op; encoding into a caller's buffer allocating
 * nothing (run with {@code -prof gc} and read {@code gc.alloc.rate.norm}). Every benchmark returns
 * its result so that JMH's implicit Blackhole keeps the work alive.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Thread)
public class CodecBenchmark {

  /**
   * PKT 1 of golden/netkit-session.txt (talk-proto test resources): the LOOK_UP that Debian netkit talk 0.17-18
   * (alice, UDP 127.0.0.1:34810, pid 10571) sent to netkit talkd, asking for bob. 84 bytes.
   */
  static final String LOOK_UP_HEX =
      "0101000000000000000200007f000001000000000000000000"
          + "0287fa7f00000100000000000000000000294b616c69636500000000000000626f6200000000000000"
          + "000000000000000000000000000000000000";

  /**
   * PKT 2 of the same capture: netkit talkd's reply to that LOOK_UP, answer NOT_HERE. 24 bytes; the
   * pad byte (89) and the address bytes are uninitialised stack garbage from talkd, kept as captured.
   */
  static final String LOOK_UP_REPLY_HEX = "01010189000000000d0000000000000000000000b07f0000";

  private byte[] messageBytes;
  private byte[] otherHostMessageBytes;
  private byte[] responseBytes;
  private ByteBuffer messageBuffer;
  private ByteBuffer responseBuffer;
  private CtlMessage message;
  private CtlResponse response;
  private ByteBuffer reusedMessageOut;
  private ByteBuffer reusedResponseOut;
  private ByteBuffer directMessageBuffer;
  private ByteBuffer reusedDirectMessageOut;

  /**
   * Decodes the captured datagrams once and checks that they are what this benchmark claims, so a
   * codec regression cannot make it measure an exception path.
   *
   * @throws MalformedPacketException never, for the captured bytes
   */
  @Setup
  public void setUp() throws MalformedPacketException {
    messageBytes = HexFormat.of().parseHex(LOOK_UP_HEX);
    responseBytes = HexFormat.of().parseHex(LOOK_UP_REPLY_HEX);
    // Not captured: PKT 1 with both addresses moved from 127.0.0.1 to 192.0.2.7 (TEST-NET-1), as a
    // LOOK_UP from another host would carry them; the codec shares only 0.0.0.0 and 127.0.0.1.
    otherHostMessageBytes = messageBytes.clone();
    for (int at : new int[] {8 + 4, 24 + 4}) {
      otherHostMessageBytes[at] = (byte) 192;
      otherHostMessageBytes[at + 1] = 0;
      otherHostMessageBytes[at + 2] = 2;
      otherHostMessageBytes[at + 3] = 7;
    }
    messageBuffer = ByteBuffer.wrap(messageBytes.clone());
    responseBuffer = ByteBuffer.wrap(responseBytes.clone());
    message = TalkCodec.decodeMessage(messageBytes);
    response = TalkCodec.decodeResponse(responseBytes);
    reusedMessageOut = ByteBuffer.allocate(CtlMessage.SIZE);
    reusedResponseOut = ByteBuffer.allocate(CtlResponse.SIZE);
    directMessageBuffer = ByteBuffer.allocateDirect(CtlMessage.SIZE).put(messageBytes).flip();
    reusedDirectMessageOut = ByteBuffer.allocateDirect(CtlMessage.SIZE);

    check(messageBytes.length == CtlMessage.SIZE, "LOOK_UP is 84 bytes");
    check(responseBytes.length == CtlResponse.SIZE, "reply is 24 bytes");
    check(message.type() == RequestType.LOOK_UP.code(), "PKT 1 is a LOOK_UP");
    check(message.localName().equals("alice") && message.remoteName().equals("bob"), "alice->bob");
    check(message.controlAddress().port() == 34810, "ctl_addr port 34810");
    check(response.is(Answer.NOT_HERE), "PKT 2 answers NOT_HERE");
    String otherHost = TalkCodec.decodeMessage(otherHostMessageBytes).controlAddress().toString();
    check(otherHost.equals("192.0.2.7:34810"), "derived LOOK_UP comes from 192.0.2.7");
    // netkit's client fills every byte it sends, so the request re-encodes byte for byte.
    check(Arrays.equals(TalkCodec.encode(message), messageBytes), "LOOK_UP round-trips");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark input is not as expected: " + what);
    }
  }

  /**
   * Decodes the LOOK_UP from an array, as from a {@code DatagramPacket}'s trimmed data.
   *
   * @return the request
   * @throws MalformedPacketException never
   */
  @Benchmark
  public CtlMessage decodeMessageFromArray() throws MalformedPacketException {
    return TalkCodec.decodeMessage(messageBytes);
  }

  /**
   * Decodes the LOOK_UP with another host's addresses (192.0.2.7) from an array.
   *
   * @return the request
   * @throws MalformedPacketException never
   */
  @Benchmark
  public CtlMessage decodeMessageOtherHostFromArray() throws MalformedPacketException {
    return TalkCodec.decodeMessage(otherHostMessageBytes);
  }

  /**
   * Decodes the LOOK_UP from a heap buffer, as after {@code DatagramChannel.receive} and flip.
   *
   * @return the request
   * @throws MalformedPacketException never
   */
  @Benchmark
  public CtlMessage decodeMessageFromBuffer() throws MalformedPacketException {
    return TalkCodec.decodeMessage(messageBuffer);
  }

  /**
   * Decodes the LOOK_UP from a direct buffer, as a {@code DatagramChannel} server often receives it.
   *
   * @return the request
   * @throws MalformedPacketException never
   */
  @Benchmark
  public CtlMessage decodeMessageFromDirectBuffer() throws MalformedPacketException {
    return TalkCodec.decodeMessage(directMessageBuffer);
  }

  /**
   * Decodes talkd's NOT_HERE reply from an array.
   *
   * @return the response
   * @throws MalformedPacketException never
   */
  @Benchmark
  public CtlResponse decodeResponseFromArray() throws MalformedPacketException {
    return TalkCodec.decodeResponse(responseBytes);
  }

  /**
   * Encodes the LOOK_UP into a new 84-byte array.
   *
   * @return the array
   */
  @Benchmark
  public byte[] encodeMessageToArray() {
    return TalkCodec.encode(message);
  }

  /**
   * Encodes the reply into a new 24-byte array.
   *
   * @return the array
   */
  @Benchmark
  public byte[] encodeResponseToArray() {
    return TalkCodec.encode(response);
  }

  /**
   * Encodes the LOOK_UP into a reused buffer, resetting its position first.
   *
   * @return the buffer, position 84
   */
  @Benchmark
  public ByteBuffer encodeMessageIntoBuffer() {
    reusedMessageOut.clear();
    TalkCodec.encode(message, reusedMessageOut);
    return reusedMessageOut;
  }

  /**
   * Encodes the reply into a reused buffer, resetting its position first.
   *
   * @return the buffer, position 24
   */
  @Benchmark
  public ByteBuffer encodeResponseIntoBuffer() {
    reusedResponseOut.clear();
    TalkCodec.encode(response, reusedResponseOut);
    return reusedResponseOut;
  }

  /**
   * Encodes the LOOK_UP into a reused direct buffer, resetting its position first.
   *
   * @return the buffer, position 84
   */
  @Benchmark
  public ByteBuffer encodeMessageIntoDirectBuffer() {
    reusedDirectMessageOut.clear();
    TalkCodec.encode(message, reusedDirectMessageOut);
    return reusedDirectMessageOut;
  }
}

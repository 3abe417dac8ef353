package io.github.bsdtalk.proto.testkit.quicktheories;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.testkit.TalkDatagrams;
import io.github.bsdtalk.proto.testkit.TalkValues;
import java.net.Inet4Address;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of ntalk values and datagrams: {@link TalkValues} and {@link
 * TalkDatagrams} as {@link Gen}s, one factory per core method, with the same names as the
 * generators that talk-proto's test-jar had before 0.2.
 *
 * <p>Each {@code Gen} hands the core method a {@link RandomGenerator} whose every draw is a
 * QuickTheories draw over the same range, so examples are reproducible from QuickTheories' seed and
 * a failing example shrinks: towards shorter arrays, smaller numbers and the first (simplest) of
 * each choice. Byte arrays show as hex in failure reports, records with their encoding in hex.
 *
 * <pre>{@code
 * import static org.quicktheories.QuickTheory.qt;
 * import io.github.bsdtalk.proto.testkit.quicktheories.TalkGenerators;
 *
 * // inside a JUnit test method: my daemon must answer or drop every datagram, never throw
 * qt().withExamples(1000)
 *     .forAll(TalkGenerators.datagrams())
 *     .checkAssert(datagram -> myDaemon.handle(datagram, sender, now));
 * }</pre>
 *
 * <p>Your own shapes: {@link #from} turns any function of a {@code RandomGenerator} into a {@code
 * Gen}, for example {@code from(r -> TalkValues.name(r) + "@" + TalkValues.tty(r))}.
 *
 * <p>Needs QuickTheories (0.26 or later) on your test path; the testkit declares it optional. The
 * generators are stateless and may be shared.
 */
public final class TalkGenerators {

  private static final HexFormat HEX = HexFormat.of();

  private TalkGenerators() {}

  // ---- adapters ----------------------------------------------------------------------------

  /**
   * A {@code Gen} of whatever {@code sample} builds from the randomness QuickTheories supplies.
   *
   * @param <T> the type of value
   * @param sample draws one value; must draw only through its argument, to be reproducible
   * @return a generator that shrinks as {@code sample}'s draws do
   */
  public static <T> Gen<T> from(Function<? super RandomGenerator, ? extends T> sample) {
    Objects.requireNonNull(sample, "sample");
    return in -> sample.apply(new SourceRandom(in));
  }

  /**
   * {@link #from} for byte arrays, shown as hex in failure reports.
   *
   * @param sample draws one array; must draw only through its argument
   * @return a generator of the arrays {@code sample} returns
   */
  public static Gen<byte[]> bytesFrom(Function<? super RandomGenerator, byte[]> sample) {
    return TalkGenerators.<byte[]>from(sample).describedAs(HEX::formatHex);
  }

  // ---- scalar fields -----------------------------------------------------------------------

  /**
   * {@link TalkValues#u8}: any unsigned byte value.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> u8s() {
    return from(TalkValues::u8);
  }

  /**
   * {@link TalkValues#version}: mostly 1, otherwise any byte.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> versions() {
    return from(TalkValues::version);
  }

  /**
   * {@link TalkValues#typeCode}: mostly one of the four known codes, otherwise any byte.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> typeCodes() {
    return from(TalkValues::typeCode);
  }

  /**
   * {@link TalkValues#answerCode}: mostly one of the nine known codes, otherwise any byte.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> answerCodes() {
    return from(TalkValues::answerCode);
  }

  /**
   * {@link TalkValues#id}: the whole u32 range, edge values more often.
   *
   * @return longs 0 to {@link CtlMessage#MAX_ID_NUM}
   */
  public static Gen<Long> ids() {
    return from(TalkValues::id);
  }

  /**
   * {@link TalkValues#pid}: any 32-bit value, edge values more often.
   *
   * @return any int
   */
  public static Gen<Integer> pids() {
    return from(TalkValues::pid);
  }

  /**
   * {@link TalkValues#port}: any u16, with 0, 518 and 65535 more often.
   *
   * @return integers 0 to 65535
   */
  public static Gen<Integer> ports() {
    return from(TalkValues::port);
  }

  /**
   * {@link TalkValues#ipv4Address}: any IPv4 address, shown in dotted form.
   *
   * @return addresses
   */
  public static Gen<Inet4Address> ipv4Addresses() {
    return TalkGenerators.<Inet4Address>from(TalkValues::ipv4Address)
        .describedAs(Inet4Address::getHostAddress);
  }

  /**
   * {@link TalkValues#family}: mostly {@code AF_INET}, then the wrong values real packets carry.
   *
   * @return integers 0 to 65535
   */
  public static Gen<Integer> families() {
    return from(TalkValues::family);
  }

  // ---- addresses ---------------------------------------------------------------------------

  /**
   * {@link TalkValues#talkAddress}: any family, port and IPv4 address.
   *
   * @return addresses
   */
  public static Gen<TalkAddress> talkAddresses() {
    return from(TalkValues::talkAddress);
  }

  /**
   * {@link TalkValues#inetTalkAddress}: {@code AF_INET} addresses only.
   *
   * @return addresses with family 2
   */
  public static Gen<TalkAddress> inetTalkAddresses() {
    return from(TalkValues::inetTalkAddress);
  }

  // ---- text fields -------------------------------------------------------------------------

  /**
   * {@link TalkValues#name}: login names of 1 to 12 bytes without NUL.
   *
   * @return names
   */
  public static Gen<String> names() {
    return from(TalkValues::name);
  }

  /**
   * {@link TalkValues#fullWidthName}: 12-byte names with no room for a NUL.
   *
   * @return names of exactly 12 bytes
   */
  public static Gen<String> fullWidthNames() {
    return from(TalkValues::fullWidthName);
  }

  /**
   * {@link TalkValues#tty}: terminal names of 0 to 16 bytes without NUL.
   *
   * @return ttys
   */
  public static Gen<String> ttys() {
    return from(TalkValues::tty);
  }

  /**
   * {@link TalkValues#fieldText}: any value a record keeps for a text field of this width.
   *
   * @param width the field's width in bytes, 12 for names or 16 for the tty
   * @return field values
   * @throws IllegalArgumentException if {@code width} is negative
   */
  public static Gen<String> fieldTexts(int width) {
    if (width < 0) {
      throw new IllegalArgumentException("width must not be negative: " + width);
    }
    return from(r -> TalkValues.fieldText(r, width));
  }

  // ---- records -----------------------------------------------------------------------------

  /**
   * {@link TalkValues#ctlMessage}: every {@link CtlMessage} the record accepts.
   *
   * @return requests, described in failure reports with their encoding in hex
   */
  public static Gen<CtlMessage> ctlMessages() {
    return TalkGenerators.<CtlMessage>from(TalkValues::ctlMessage)
        .describedAs(m -> m + " = " + HEX.formatHex(TalkCodec.encode(m)));
  }

  /**
   * {@link TalkValues#wellFormedCtlMessage}: requests as a conforming client sends them.
   *
   * @return requests, described in failure reports with their encoding in hex
   */
  public static Gen<CtlMessage> wellFormedCtlMessages() {
    return TalkGenerators.<CtlMessage>from(TalkValues::wellFormedCtlMessage)
        .describedAs(m -> m + " = " + HEX.formatHex(TalkCodec.encode(m)));
  }

  /**
   * {@link TalkValues#ctlResponse}: every {@link CtlResponse} the record accepts.
   *
   * @return responses, described in failure reports with their encoding in hex
   */
  public static Gen<CtlResponse> ctlResponses() {
    return TalkGenerators.<CtlResponse>from(TalkValues::ctlResponse)
        .describedAs(r -> r + " = " + HEX.formatHex(TalkCodec.encode(r)));
  }

  /**
   * {@link TalkValues#wellFormedCtlResponse}: responses as a conforming daemon means them.
   *
   * @return responses, described in failure reports with their encoding in hex
   */
  public static Gen<CtlResponse> wellFormedCtlResponses() {
    return TalkGenerators.<CtlResponse>from(TalkValues::wellFormedCtlResponse)
        .describedAs(r -> r + " = " + HEX.formatHex(TalkCodec.encode(r)));
  }

  // ---- datagrams ---------------------------------------------------------------------------

  /**
   * {@link TalkDatagrams#messageSized}: any 84 bytes.
   *
   * @return new arrays of {@value CtlMessage#SIZE} bytes, shown as hex
   */
  public static Gen<byte[]> messageSizedArrays() {
    return bytesFrom(TalkDatagrams::messageSized);
  }

  /**
   * {@link TalkDatagrams#responseSized}: any 24 bytes.
   *
   * @return new arrays of {@value CtlResponse#SIZE} bytes, shown as hex
   */
  public static Gen<byte[]> responseSizedArrays() {
    return bytesFrom(TalkDatagrams::responseSized);
  }

  /**
   * {@link TalkDatagrams#anyLength(RandomGenerator)}: any bytes, 0 to {@value
   * TalkDatagrams#MAX_ARBITRARY_LENGTH} of them.
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> byteArrays() {
    return bytesFrom(TalkDatagrams::anyLength);
  }

  /**
   * {@link TalkDatagrams#anyLength(RandomGenerator, int)}: any bytes, 0 to {@code maxLength} of
   * them.
   *
   * @param maxLength the longest array, 0 or more
   * @return new arrays, shown as hex
   * @throws IllegalArgumentException if {@code maxLength} is negative
   */
  public static Gen<byte[]> byteArrays(int maxLength) {
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
    }
    return bytesFrom(r -> TalkDatagrams.anyLength(r, maxLength));
  }

  /**
   * {@link TalkDatagrams#mixed}: datagrams of every kind.
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> datagrams() {
    return bytesFrom(TalkDatagrams::mixed);
  }

  /**
   * {@link TalkDatagrams#mutatedMessage}: well-formed requests damaged by one to four edits.
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> mutatedMessageDatagrams() {
    return bytesFrom(TalkDatagrams::mutatedMessage);
  }

  /**
   * {@link TalkDatagrams#mutatedResponse}: well-formed responses damaged by one to four edits.
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> mutatedResponseDatagrams() {
    return bytesFrom(TalkDatagrams::mutatedResponse);
  }
}

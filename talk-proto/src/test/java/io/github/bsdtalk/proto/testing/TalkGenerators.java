package io.github.bsdtalk.proto.testing;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of ntalk values and datagrams, for property tests of any code that reads
 * or writes talk packets: this project's codec, and another project's client, daemon, proxy or
 * packet filter.
 *
 * <p>There are three families:
 *
 * <ul>
 *   <li><b>Values</b>: {@link #ctlMessages()} and {@link #ctlResponses()} give every value the
 *       records accept (any version, type, answer byte and address family, text fields with
 *       non-ASCII bytes, embedded NULs and no NUL terminator); {@link #wellFormedCtlMessages()} and
 *       {@link #wellFormedCtlResponses()} give what a conforming C client or daemon sends. Field
 *       generators ({@link #names()}, {@link #ttys()}, {@link #talkAddresses()}, ...) are public so
 *       that you can build your own shapes.
 *   <li><b>Datagrams</b>: {@link #messageSizedArrays()} (any 84 bytes), {@link
 *       #responseSizedArrays()} (any 24 bytes), {@link #byteArrays()} (any length 0..{@value
 *       #MAX_ARBITRARY_LENGTH}) and {@link #datagrams()}, a mix of all of them.
 *   <li><b>Mutated datagrams</b>: {@link #mutatedMessageDatagrams()} and {@link
 *       #mutatedResponseDatagrams()} take a valid encoding and damage it the ways real networks and
 *       real talk programs do: bit flips, truncation, trailing bytes, a wrong or byte-swapped address
 *       family, a bad version, type or answer, stale pad and junk bytes, unterminated names.
 * </ul>
 *
 * <p>Every generator is deterministic for a given QuickTheories seed and shrinks towards small,
 * simple values; byte arrays are shown as hex in failure reports.
 *
 * <p><b>Using it from another project.</b> The class ships in talk-proto's test-jar (Maven
 * classifier {@code tests}); add it and QuickTheories with {@code test} scope (see {@code
 * talk-proto/TESTING.md}). Under JPMS the test-jar stays on the class path (it has no module
 * descriptor), which is fine: its classes read every module, and the {@code io.github.bsdtalk.proto}
 * package they use is exported.
 *
 * <pre>{@code
 * import static org.quicktheories.QuickTheory.qt;
 * import io.github.bsdtalk.proto.testing.TalkGenerators;
 *
 * // inside a JUnit test method: my daemon must answer or drop every datagram, never throw
 * qt().withExamples(1000)
 *     .forAll(TalkGenerators.datagrams())
 *     .checkAssert(datagram -> myDaemon.handle(datagram, sender, now));
 * }</pre>
 *
 * <p>This class only holds static factories. The generators are stateless and may be shared.
 */
public final class TalkGenerators {

  /** The longest array {@link #byteArrays()} generates: {@value} bytes. */
  public static final int MAX_ARBITRARY_LENGTH = 300;

  private static final HexFormat HEX = HexFormat.of();

  /** Login-name characters of real systems (POSIX portable set, lower case first). */
  private static final List<Character> LOGIN_CHARS =
      "abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ"
          .chars()
          .mapToObj(c -> (char) c)
          .collect(Collectors.toUnmodifiableList());

  /** Names that a UTF-8 system can have; their UTF-8 bytes are non-ASCII on the wire. */
  private static final List<String> UNICODE_NAMES =
      List.of("jürgen", "zoë", "łukasz", "ñandú", "søren", "émilie", "κώστας", "андрей", "李小龍",
          "ﬁona", "björn_østergård");

  private static final List<String> REAL_TTYS =
      List.of("console", "tty1", "tty7", "pts/0", "pts/12", "ttyp0", "ttyv0", "pts/999");

  /**
   * Address families seen where {@code AF_INET} (00 02) belongs: none, a little-endian sender (02
   * 00), {@code AF_UNIX}, {@code AF_INET6} of Linux (10), FreeBSD (28) and macOS (30), all ones.
   */
  private static final List<Integer> WRONG_FAMILIES =
      List.of(0x0000, 0x0200, 0x0001, 0x000a, 0x001c, 0x001e, 0xffff);

  /** Where the two addresses of a {@code CTL_MSG} start, and where its text fields lie. */
  private static final Layout MESSAGE_LAYOUT =
      new Layout(new int[] {8, 24}, new int[][] {{44, 12}, {56, 12}, {68, 16}});

  /** A {@code CTL_RESPONSE} has one address and no text. */
  private static final Layout RESPONSE_LAYOUT = new Layout(new int[] {8}, new int[0][]);

  private TalkGenerators() {}

  // ---- scalar fields ---------------------------------------------------------------------------

  /**
   * Any unsigned byte value, for the {@code vers}, {@code type} and {@code answer} fields.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> u8s() {
    return Generate.range(0, 0xFF);
  }

  /**
   * Version bytes: mostly {@link TalkProtocol#VERSION}, otherwise any byte.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> versions() {
    return weighted(w(3, Generate.constant(TalkProtocol.VERSION)), w(1, u8s()));
  }

  /**
   * Request type bytes: mostly one of the four known codes, otherwise any byte.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> typeCodes() {
    return weighted(w(3, Generate.range(0, RequestType.values().length - 1)), w(1, u8s()));
  }

  /**
   * Answer bytes: mostly one of the nine known codes, otherwise any byte.
   *
   * @return integers 0 to 255
   */
  public static Gen<Integer> answerCodes() {
    return weighted(w(3, Generate.range(0, Answer.values().length - 1)), w(1, u8s()));
  }

  /**
   * Message and invitation ids, {@code id_num}: the whole u32 range, with the values that matter
   * more often: 0 (never handed out, {@code talkd/table.c}), 1, the last id a daemon hands out,
   * the signed-int boundary and 0xFFFFFFFF (what clients send with ANNOUNCE and LEAVE_INVITE).
   *
   * @return longs 0 to {@link CtlMessage#MAX_ID_NUM}
   */
  public static Gen<Long> ids() {
    Gen<Long> edges =
        Generate.pick(
            List.of(
                0L,
                1L,
                (long) TalkProtocol.MAX_ID - 1,
                0x7FFF_FFFFL,
                0x8000_0000L,
                CtlMessage.MAX_ID_NUM));
    return weighted(w(1, edges), w(3, Generate.longRange(0, CtlMessage.MAX_ID_NUM)));
  }

  /**
   * Process ids, {@code pid}: any 32-bit value, with 0, -1 and the extremes more often.
   *
   * @return any int
   */
  public static Gen<Integer> pids() {
    Gen<Integer> edges = Generate.pick(List.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE));
    return weighted(w(1, edges), w(3, integers().all()));
  }

  /**
   * Ports: any u16, with 0 (no rendezvous yet), 518 (ntalk) and 65535 more often.
   *
   * @return integers 0 to 65535
   */
  public static Gen<Integer> ports() {
    Gen<Integer> edges = Generate.pick(List.of(0, TalkProtocol.NTALK_PORT, 0xFFFF));
    return weighted(w(1, edges), w(3, Generate.range(0, 0xFFFF)));
  }

  /**
   * IPv4 addresses: any of the 2<sup>32</sup>, with 0.0.0.0, 127.0.0.1 and 255.255.255.255 more
   * often. No name service is asked.
   *
   * @return addresses
   */
  public static Gen<Inet4Address> ipv4Addresses() {
    Gen<Integer> edges = Generate.pick(List.of(0, 0x7F00_0001, 0xFFFF_FFFF));
    return weighted(w(1, edges), w(3, integers().all()))
        .map(TalkAddress::ipv4)
        .describedAs(Inet4Address::getHostAddress);
  }

  /**
   * Address family values as they appear in datagrams: mostly {@link TalkProtocol#AF_INET}, then
   * the wrong values real packets carry (0, 0x0200 from a little-endian sender, {@code AF_INET6} of
   * Linux, FreeBSD and macOS, ...), then any u16.
   *
   * @return integers 0 to 65535
   */
  public static Gen<Integer> families() {
    return weighted(
        w(4, Generate.constant(TalkProtocol.AF_INET)),
        w(1, Generate.pick(WRONG_FAMILIES)),
        w(1, Generate.range(0, 0xFFFF)));
  }

  // ---- addresses -------------------------------------------------------------------------------

  /**
   * Any {@link TalkAddress} the record accepts: family from {@link #families()}, any port and IPv4
   * address.
   *
   * @return addresses, about a third of them not {@code AF_INET}
   */
  public static Gen<TalkAddress> talkAddresses() {
    return families().zip(ports(), ipv4Addresses(), TalkAddress::new);
  }

  /**
   * {@code AF_INET} addresses only, as a conforming client writes them.
   *
   * @return addresses with family 2
   */
  public static Gen<TalkAddress> inetTalkAddresses() {
    return ports().zip(ipv4Addresses(), (port, ip) -> TalkAddress.of(ip, port));
  }

  // ---- text fields -----------------------------------------------------------------------------

  /**
   * Login names for {@code l_name} and {@code r_name}, as the records hold them (one ISO-8859-1
   * char per wire byte): 1 to 12 bytes, never a NUL. The mix: ASCII login names; UTF-8 names such as
   * "jürgen" or "李小龍" (their bytes, cut at 12, possibly inside a character, as {@code strncpy}
   * would); arbitrary bytes 0x01..0xFF; and full 12-byte names with no room for a NUL terminator
   * (see {@link #fullWidthNames()}).
   *
   * @return names of 1 to {@value TalkProtocol#NAME_SIZE} bytes without NUL
   */
  public static Gen<String> names() {
    Gen<String> ascii = stringsOf(Generate.pick(LOGIN_CHARS), 1, TalkProtocol.NAME_SIZE - 1);
    Gen<String> utf8 =
        Generate.pick(UNICODE_NAMES)
            .map(n -> latin1(cut(n.getBytes(StandardCharsets.UTF_8), TalkProtocol.NAME_SIZE)));
    Gen<String> bytes = stringsOf(nonNulChars(), 1, TalkProtocol.NAME_SIZE);
    return weighted(w(4, ascii), w(1, utf8), w(2, bytes), w(2, fullWidthNames()));
  }

  /**
   * Names that fill the whole 12-byte field, leaving no NUL terminator (C daemons read past them
   * unless they force a NUL, as netkit's {@code talkd/process.c} does). Half are ASCII, half any
   * non-NUL byte.
   *
   * @return names of exactly {@value TalkProtocol#NAME_SIZE} bytes without NUL
   */
  public static Gen<String> fullWidthNames() {
    int n = TalkProtocol.NAME_SIZE;
    return weighted(
        w(1, stringsOf(Generate.pick(LOGIN_CHARS), n, n)), w(1, stringsOf(nonNulChars(), n, n)));
  }

  /**
   * Terminal names for {@code r_tty}: mostly "" (any terminal), real names such as "pts/0", random
   * ASCII, and full 16-byte fields without a NUL.
   *
   * @return ttys of 0 to {@value TalkProtocol#TTY_SIZE} bytes without NUL
   */
  public static Gen<String> ttys() {
    int n = TalkProtocol.TTY_SIZE;
    return weighted(
        w(3, Generate.constant("")),
        w(2, Generate.pick(REAL_TTYS)),
        w(1, stringsOf(Generate.characters(0x21, 0x7E), 1, n - 1)),
        w(1, stringsOf(nonNulChars(), n, n)));
  }

  /**
   * Any value a record keeps for a text field of the given width: 0 to {@code width} chars
   * U+0000..U+00FF, never ending in NUL (the records strip trailing NULs) but possibly with NULs
   * inside, such as {@code "bob\0stale"}, which survive a round trip.
   *
   * @param width the field's width in bytes, 12 for names or 16 for the tty
   * @return field values
   */
  public static Gen<String> fieldTexts(int width) {
    if (width < 0) {
      throw new IllegalArgumentException("width must not be negative: " + width);
    }
    Gen<Character> any = Generate.characters(0, 0xFF);
    Gen<Character> withNuls = weighted(w(1, Generate.constant('\0')), w(3, any));
    return stringsOf(withNuls, 0, width).map(TalkGenerators::stripTrailingNuls);
  }

  // ---- records ---------------------------------------------------------------------------------

  /**
   * Every {@link CtlMessage} the record accepts: any version, type and answer byte (biased to the
   * defined ones), any id and pid, addresses of any family, and text fields from {@link #names()},
   * {@link #ttys()} and {@link #fieldTexts(int)} (non-ASCII, unterminated, embedded NULs). Each
   * encodes to 84 bytes and decodes back to an equal record.
   *
   * @return requests, described in failure reports with their encoding in hex
   */
  public static Gen<CtlMessage> ctlMessages() {
    Gen<Integer> versions = versions();
    Gen<Integer> types = typeCodes();
    Gen<Integer> answers = weighted(w(3, Generate.constant(0)), w(1, u8s()));
    Gen<Long> ids = ids();
    Gen<TalkAddress> addresses = talkAddresses();
    Gen<Integer> pids = pids();
    Gen<String> names = weighted(w(1, names()), w(1, fieldTexts(TalkProtocol.NAME_SIZE)));
    Gen<String> ttys = weighted(w(1, ttys()), w(1, fieldTexts(TalkProtocol.TTY_SIZE)));
    Gen<CtlMessage> gen =
        in ->
            new CtlMessage(
                versions.generate(in),
                types.generate(in),
                answers.generate(in),
                ids.generate(in),
                addresses.generate(in),
                addresses.generate(in),
                pids.generate(in),
                names.generate(in),
                names.generate(in),
                ttys.generate(in));
    return gen.describedAs(m -> m + " = " + HEX.formatHex(TalkCodec.encode(m)));
  }

  /**
   * Requests as a conforming client sends them: version 1, one of the four {@link RequestType}s,
   * answer 0, {@code AF_INET} addresses, names from {@link #names()} and a tty from {@link
   * #ttys()}. Names may use all 12 bytes: the wire and the record allow it, and daemons must cope.
   *
   * @return requests, described in failure reports with their encoding in hex
   */
  public static Gen<CtlMessage> wellFormedCtlMessages() {
    Gen<RequestType> types = Generate.enumValues(RequestType.class);
    Gen<Long> ids = ids();
    Gen<TalkAddress> addresses = inetTalkAddresses();
    Gen<Integer> pids = pids();
    Gen<String> names = names();
    Gen<String> ttys = ttys();
    Gen<CtlMessage> gen =
        in ->
            CtlMessage.of(
                types.generate(in),
                ids.generate(in),
                addresses.generate(in),
                addresses.generate(in),
                pids.generate(in),
                names.generate(in),
                names.generate(in),
                ttys.generate(in));
    return gen.describedAs(m -> m + " = " + HEX.formatHex(TalkCodec.encode(m)));
  }

  /**
   * Every {@link CtlResponse} the record accepts: any version, type and answer byte (biased to the
   * defined ones), any id, an address of any family. Each encodes to 24 bytes and decodes back to
   * an equal record.
   *
   * @return responses, described in failure reports with their encoding in hex
   */
  public static Gen<CtlResponse> ctlResponses() {
    return versions()
        .zip(
            typeCodes(),
            answerCodes(),
            ids(),
            talkAddresses(),
            (v, t, a, id, address) -> new CtlResponse(v, t, a, id, address))
        .describedAs(r -> r + " = " + HEX.formatHex(TalkCodec.encode(r)));
  }

  /**
   * Responses as a conforming daemon means them: version 1, a known type and {@link Answer}, and
   * either an {@code AF_INET} address or {@link TalkAddress#ZERO}.
   *
   * @return responses, described in failure reports with their encoding in hex
   */
  public static Gen<CtlResponse> wellFormedCtlResponses() {
    Gen<TalkAddress> addresses =
        weighted(w(1, Generate.constant(TalkAddress.ZERO)), w(1, inetTalkAddresses()));
    return Generate.enumValues(RequestType.class)
        .zip(
            Generate.enumValues(Answer.class),
            ids(),
            addresses,
            (t, a, id, address) -> CtlResponse.of(t.code(), a, id, address))
        .describedAs(r -> r + " = " + HEX.formatHex(TalkCodec.encode(r)));
  }

  // ---- raw datagrams ---------------------------------------------------------------------------

  /**
   * Any byte value.
   *
   * @return bytes -128 to 127, shrinking towards 0
   */
  public static Gen<Byte> anyBytes() {
    return Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
  }

  /**
   * Arbitrary 84-byte arrays: the size of a {@code CTL_MSG}, any content.
   *
   * @return new arrays of {@value CtlMessage#SIZE} bytes, shown as hex
   */
  public static Gen<byte[]> messageSizedArrays() {
    return fixedSize(CtlMessage.SIZE);
  }

  /**
   * Arbitrary 24-byte arrays: the size of a {@code CTL_RESPONSE}, any content.
   *
   * @return new arrays of {@value CtlResponse#SIZE} bytes, shown as hex
   */
  public static Gen<byte[]> responseSizedArrays() {
    return fixedSize(CtlResponse.SIZE);
  }

  /**
   * Arbitrary byte arrays of 0 to {@value #MAX_ARBITRARY_LENGTH} bytes, with the lengths around the
   * two structure sizes (0, 1, 23, 24, 25, 83, 84, 85) and the maximum more often.
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> byteArrays() {
    return byteArrays(MAX_ARBITRARY_LENGTH);
  }

  /**
   * Arbitrary byte arrays of 0 to {@code maxLength} bytes, with lengths at the structure
   * boundaries more often.
   *
   * @param maxLength the longest array, 0 or more
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> byteArrays(int maxLength) {
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
    }
    List<Integer> boundaries = new ArrayList<>();
    for (int n : new int[] {0, 1, 23, 24, 25, 83, 84, 85, maxLength}) {
      if (n <= maxLength && !boundaries.contains(n)) {
        boundaries.add(n);
      }
    }
    Gen<Integer> lengths =
        weighted(w(1, Generate.pick(boundaries)), w(3, Generate.range(0, maxLength)));
    return Generate.byteArrays(lengths, anyBytes()).describedAs(HEX::formatHex);
  }

  /**
   * Datagrams of every kind, for "never crashes on any input" properties of a daemon, client or
   * decoder: valid encodings of {@link #ctlMessages()} and {@link #ctlResponses()}, mutated ones,
   * arbitrary 84- and 24-byte arrays and {@link #byteArrays()}.
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> datagrams() {
    return weighted(
        w(2, ctlMessages().map(m -> TalkCodec.encode(m))),
        w(2, ctlResponses().map(r -> TalkCodec.encode(r))),
        w(2, mutatedMessageDatagrams()),
        w(2, mutatedResponseDatagrams()),
        w(1, messageSizedArrays()),
        w(1, responseSizedArrays()),
        w(2, byteArrays()))
        .describedAs(HEX::formatHex);
  }

  // ---- mutated datagrams -----------------------------------------------------------------------

  /**
   * Encodings of {@link #wellFormedCtlMessages()} damaged by one to four edits, applied in order:
   * flipping a bit, overwriting a byte, truncating, appending 1 to 32 bytes, writing a wrong or
   * byte-swapped family into {@code addr} or {@code ctl_addr}, a version other than 1, a type
   * other than the four, an answer byte other than the nine, stale bytes in {@code pad} and the
   * unused address bytes (as real daemons leave them), or filling a text field so it has no NUL
   * terminator. An edit that falls beyond the end of an already truncated datagram does nothing.
   *
   * <p>Each result differs from the valid encoding it came from. About half keep the 84-byte length
   * and so still decode: they exercise a reader's checks of meaning rather than of length.
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> mutatedMessageDatagrams() {
    return mutated(wellFormedCtlMessages().map(m -> TalkCodec.encode(m)), MESSAGE_LAYOUT);
  }

  /**
   * Encodings of {@link #wellFormedCtlResponses()} damaged as {@link #mutatedMessageDatagrams()}
   * describes (there is no text field to fill).
   *
   * @return new arrays, shown as hex
   */
  public static Gen<byte[]> mutatedResponseDatagrams() {
    return mutated(wellFormedCtlResponses().map(r -> TalkCodec.encode(r)), RESPONSE_LAYOUT);
  }

  /** The kinds of damage {@link #mutated} does. */
  private enum EditKind {
    FLIP_BIT,
    SET_BYTE,
    TRUNCATE,
    EXTEND,
    WRONG_FAMILY,
    BAD_VERSION,
    BAD_TYPE,
    BAD_ANSWER,
    STALE_BYTES,
    UNTERMINATED_TEXT
  }

  /** Where in a structure the addresses and text fields are. */
  private record Layout(int[] familyOffsets, int[][] textFields) {}

  /** One edit: a kind, a position selector, a value selector and bytes to add or write. */
  private record Edit(EditKind kind, int where, int value, byte[] extra) {
    byte[] applyTo(byte[] b, Layout layout) {
      int n = b.length;
      switch (kind) {
        case FLIP_BIT:
          if (n > 0) {
            b[where % n] ^= (byte) (1 << (value & 7));
          }
          return b;
        case SET_BYTE:
          if (n > 0) {
            b[where % n] = (byte) value;
          }
          return b;
        case TRUNCATE:
          return n > 0 ? Arrays.copyOf(b, where % n) : b;
        case EXTEND:
          byte[] longer = Arrays.copyOf(b, n + extra.length);
          System.arraycopy(extra, 0, longer, n, extra.length);
          return longer;
        case WRONG_FAMILY:
          int at = layout.familyOffsets()[where % layout.familyOffsets().length];
          if (at + 1 < n) {
            int family = WRONG_FAMILIES.get(value % WRONG_FAMILIES.size());
            b[at] = (byte) (family >>> 8);
            b[at + 1] = (byte) family;
          }
          return b;
        case BAD_VERSION:
          if (n > 0) {
            b[0] = (byte) (value == TalkProtocol.VERSION ? value + 1 : value);
          }
          return b;
        case BAD_TYPE:
          if (n > 1) {
            b[1] = (byte) (RequestType.values().length + value % (256 - RequestType.values().length));
          }
          return b;
        case BAD_ANSWER:
          if (n > 2) {
            b[2] = (byte) (Answer.values().length + value % (256 - Answer.values().length));
          }
          return b;
        case STALE_BYTES:
          // netkit and inetutils talkd reply from an uninitialised stack variable: pad and the
          // 8 unused bytes of each address carry whatever was there (golden netkit-session PKT2).
          if (n > 3) {
            b[3] = (byte) (value | 1);
          }
          for (int address : layout.familyOffsets()) {
            for (int i = 8; i < 16 && address + i < n; i++) {
              b[address + i] = extra[i % extra.length];
            }
          }
          return b;
        case UNTERMINATED_TEXT:
          if (layout.textFields().length > 0) {
            int[] field = layout.textFields()[where % layout.textFields().length];
            for (int i = 0; i < field[1] && field[0] + i < n; i++) {
              byte x = extra[i % extra.length];
              b[field[0] + i] = x == 0 ? (byte) 'x' : x;
            }
          }
          return b;
        default:
          throw new AssertionError(kind);
      }
    }

    @Override
    public String toString() {
      return kind + "(where=" + where + ", value=" + value + ", extra=" + HEX.formatHex(extra) + ")";
    }
  }

  private static Gen<byte[]> mutated(Gen<byte[]> valid, Layout layout) {
    Gen<Edit> edits =
        Generate.enumValues(EditKind.class)
            .zip(
                Generate.range(0, 1 << 16),
                u8s(),
                Generate.byteArrays(Generate.range(1, 32), anyBytes()),
                Edit::new);
    return valid
        .zip(
            lists().of(edits).ofSizeBetween(1, 4),
            (original, list) -> {
              byte[] b = original.clone();
              for (Edit e : list) {
                b = e.applyTo(b, layout);
              }
              if (Arrays.equals(b, original)) {
                // Every edit happened to rewrite a byte with its own value; damage the version.
                b[0] ^= (byte) 0x80;
              }
              return b;
            })
        .describedAs(HEX::formatHex);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Gen<byte[]> fixedSize(int size) {
    return Generate.byteArrays(Generate.constant(size), anyBytes()).describedAs(HEX::formatHex);
  }

  private static Gen<Character> nonNulChars() {
    return Generate.characters(0x01, 0xFF);
  }

  private static Gen<String> stringsOf(Gen<Character> chars, int min, int max) {
    return lists()
        .of(chars)
        .ofSizeBetween(min, max)
        .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  private static String stripTrailingNuls(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == 0) {
      end--;
    }
    return s.substring(0, end);
  }

  private static byte[] cut(byte[] b, int max) {
    return b.length <= max ? b : Arrays.copyOf(b, max);
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static <T> Pair<Integer, Gen<T>> w(int weight, Gen<T> gen) {
    return Pair.of(weight, gen);
  }

  @SafeVarargs
  private static <T> Gen<T> weighted(Pair<Integer, Gen<T>>... choices) {
    return Generate.frequency(List.of(choices));
  }
}

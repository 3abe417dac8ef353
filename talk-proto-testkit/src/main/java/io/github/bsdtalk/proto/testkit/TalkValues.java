package io.github.bsdtalk.proto.testkit;

import static io.github.bsdtalk.proto.testkit.Draw.between;
import static io.github.bsdtalk.proto.testkit.Draw.checked;
import static io.github.bsdtalk.proto.testkit.Draw.pick;
import static io.github.bsdtalk.proto.testkit.Draw.weighted;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random ntalk values: the fields of {@code CTL_MSG} and {@code CTL_RESPONSE}, and the {@link
 * CtlMessage} and {@link CtlResponse} records built from them, each drawn from the {@link
 * RandomGenerator} you pass.
 *
 * <p>Two shapes of record: {@link #ctlMessage} and {@link #ctlResponse} give every value the
 * records accept (any version, type, answer byte and address family; text fields with non-ASCII
 * bytes, embedded NULs and no NUL terminator); {@link #wellFormedCtlMessage} and {@link
 * #wellFormedCtlResponse} give what a conforming C client or daemon sends. The field methods
 * ({@link #name}, {@link #tty}, {@link #talkAddress}, ...) are public so that you can build your
 * own shapes. Datagrams (byte arrays, valid, arbitrary or damaged) are in {@link TalkDatagrams}.
 *
 * <p>Every method draws only through {@code random}, so the same seed gives the same values, on any
 * JVM: {@code TalkValues.ctlMessage(new SplittableRandom(42))} is always the same record. Values
 * that matter more (the defined codes, {@code AF_INET}, port 518, id 0) come up more often than
 * their share of the range. The methods are stateless and thread-safe if {@code random} is.
 *
 * @see TalkDatagrams
 */
public final class TalkValues {

  /** Login-name characters of real systems (POSIX portable set, lower case first). */
  private static final String LOGIN_CHARS =
      "abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ";

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
  static final List<Integer> WRONG_FAMILIES =
      List.of(0x0000, 0x0200, 0x0001, 0x000a, 0x001c, 0x001e, 0xffff);

  private static final List<Long> EDGE_IDS =
      List.of(0L, 1L, (long) TalkProtocol.MAX_ID - 1, 0x7FFF_FFFFL, 0x8000_0000L,
          CtlMessage.MAX_ID_NUM);

  private static final int[] EDGE_PIDS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};

  private static final int[] EDGE_PORTS = {0, TalkProtocol.NTALK_PORT, 0xFFFF};

  private static final int[] EDGE_IPS = {0, 0x7F00_0001, 0xFFFF_FFFF};

  private TalkValues() {}

  // ---- scalar fields ---------------------------------------------------------------------------

  /**
   * Any unsigned byte value, for the {@code vers}, {@code type} and {@code answer} fields.
   *
   * @param random the source of randomness
   * @return 0 to 255
   */
  public static int u8(RandomGenerator random) {
    return between(checked(random), 0, 0xFF);
  }

  /**
   * A version byte: mostly {@link TalkProtocol#VERSION}, otherwise any byte.
   *
   * @param random the source of randomness
   * @return 0 to 255
   */
  public static int version(RandomGenerator random) {
    return weighted(checked(random), 3, 1) == 0 ? TalkProtocol.VERSION : u8(random);
  }

  /**
   * A request type byte: mostly one of the four known codes, otherwise any byte.
   *
   * @param random the source of randomness
   * @return 0 to 255
   */
  public static int typeCode(RandomGenerator random) {
    return weighted(checked(random), 3, 1) == 0
        ? between(random, 0, RequestType.values().length - 1)
        : u8(random);
  }

  /**
   * An answer byte: mostly one of the nine known codes, otherwise any byte.
   *
   * @param random the source of randomness
   * @return 0 to 255
   */
  public static int answerCode(RandomGenerator random) {
    return weighted(checked(random), 3, 1) == 0
        ? between(random, 0, Answer.values().length - 1)
        : u8(random);
  }

  /**
   * A message or invitation id, {@code id_num}: the whole u32 range, with the values that matter
   * more often: 0 (never handed out, netkit {@code talkd/table.c}), 1, the last id a daemon hands
   * out, the signed-int boundary and 0xFFFFFFFF (what clients send with ANNOUNCE and LEAVE_INVITE).
   *
   * @param random the source of randomness
   * @return 0 to {@link CtlMessage#MAX_ID_NUM}
   */
  public static long id(RandomGenerator random) {
    return weighted(checked(random), 1, 3) == 0
        ? pick(random, EDGE_IDS)
        : random.nextLong(0, CtlMessage.MAX_ID_NUM + 1);
  }

  /**
   * A process id, {@code pid}: any 32-bit value, with 0, 1, -1 and the extremes more often.
   *
   * @param random the source of randomness
   * @return any int
   */
  public static int pid(RandomGenerator random) {
    return weighted(checked(random), 1, 3) == 0
        ? EDGE_PIDS[random.nextInt(0, EDGE_PIDS.length)]
        : random.nextInt();
  }

  /**
   * A port: any u16, with 0 (no rendezvous yet), 518 (ntalk) and 65535 more often.
   *
   * @param random the source of randomness
   * @return 0 to 65535
   */
  public static int port(RandomGenerator random) {
    return weighted(checked(random), 1, 3) == 0
        ? EDGE_PORTS[random.nextInt(0, EDGE_PORTS.length)]
        : between(random, 0, 0xFFFF);
  }

  /**
   * An IPv4 address: any of the 2<sup>32</sup>, with 0.0.0.0, 127.0.0.1 and 255.255.255.255 more
   * often. No name service is asked.
   *
   * @param random the source of randomness
   * @return an address
   */
  public static Inet4Address ipv4Address(RandomGenerator random) {
    int bits =
        weighted(checked(random), 1, 3) == 0
            ? EDGE_IPS[random.nextInt(0, EDGE_IPS.length)]
            : random.nextInt();
    return TalkAddress.ipv4(bits);
  }

  /**
   * An address family value as it appears in datagrams: mostly {@link TalkProtocol#AF_INET}, then
   * the wrong values real packets carry (0, 0x0200 from a little-endian sender, {@code AF_INET6}
   * of Linux, FreeBSD and macOS, ...), then any u16.
   *
   * @param random the source of randomness
   * @return 0 to 65535
   */
  public static int family(RandomGenerator random) {
    switch (weighted(checked(random), 4, 1, 1)) {
      case 0:
        return TalkProtocol.AF_INET;
      case 1:
        return pick(random, WRONG_FAMILIES);
      default:
        return between(random, 0, 0xFFFF);
    }
  }

  // ---- addresses -------------------------------------------------------------------------------

  /**
   * Any {@link TalkAddress} the record accepts: a family from {@link #family}, any port and IPv4
   * address.
   *
   * @param random the source of randomness
   * @return an address, about a third of them not {@code AF_INET}
   */
  public static TalkAddress talkAddress(RandomGenerator random) {
    int family = family(random);
    int port = port(random);
    return new TalkAddress(family, port, ipv4Address(random));
  }

  /**
   * An {@code AF_INET} address, as a conforming client writes it.
   *
   * @param random the source of randomness
   * @return an address with family 2
   */
  public static TalkAddress inetTalkAddress(RandomGenerator random) {
    int port = port(checked(random));
    return TalkAddress.of(ipv4Address(random), port);
  }

  // ---- text fields -----------------------------------------------------------------------------

  /**
   * A login name for {@code l_name} or {@code r_name}, as the records hold it (one ISO-8859-1 char
   * per wire byte): 1 to 12 bytes, never a NUL. The mix: ASCII login names; UTF-8 names such as
   * "jürgen" or "李小龍" (their bytes, cut at 12, possibly inside a character, as {@code strncpy}
   * would); arbitrary bytes 0x01..0xFF; and full 12-byte names with no room for a NUL terminator
   * (see {@link #fullWidthName}).
   *
   * @param random the source of randomness
   * @return a name of 1 to {@value TalkProtocol#NAME_SIZE} bytes without NUL
   */
  public static String name(RandomGenerator random) {
    switch (weighted(checked(random), 4, 1, 2, 2)) {
      case 0:
        return Draw.chars(random, 1, TalkProtocol.NAME_SIZE - 1, LOGIN_CHARS);
      case 1:
        byte[] utf8 = pick(random, UNICODE_NAMES).getBytes(StandardCharsets.UTF_8);
        byte[] cut = utf8.length <= TalkProtocol.NAME_SIZE
            ? utf8 : Arrays.copyOf(utf8, TalkProtocol.NAME_SIZE);
        return new String(cut, StandardCharsets.ISO_8859_1);
      case 2:
        return Draw.chars(random, 1, TalkProtocol.NAME_SIZE, 0x01, 0xFF);
      default:
        return fullWidthName(random);
    }
  }

  /**
   * A name that fills the whole 12-byte field, leaving no NUL terminator (C daemons read past it
   * unless they force a NUL, as netkit's {@code talkd/process.c} does). Half are ASCII, half any
   * non-NUL byte.
   *
   * @param random the source of randomness
   * @return a name of exactly {@value TalkProtocol#NAME_SIZE} bytes without NUL
   */
  public static String fullWidthName(RandomGenerator random) {
    int n = TalkProtocol.NAME_SIZE;
    return weighted(checked(random), 1, 1) == 0
        ? Draw.chars(random, n, n, LOGIN_CHARS)
        : Draw.chars(random, n, n, 0x01, 0xFF);
  }

  /**
   * A terminal name for {@code r_tty}: mostly "" (any terminal), real names such as "pts/0",
   * random printable ASCII, and full 16-byte fields without a NUL.
   *
   * @param random the source of randomness
   * @return a tty of 0 to {@value TalkProtocol#TTY_SIZE} bytes without NUL
   */
  public static String tty(RandomGenerator random) {
    int n = TalkProtocol.TTY_SIZE;
    switch (weighted(checked(random), 3, 2, 1, 1)) {
      case 0:
        return "";
      case 1:
        return pick(random, REAL_TTYS);
      case 2:
        return Draw.chars(random, 1, n - 1, 0x21, 0x7E);
      default:
        return Draw.chars(random, n, n, 0x01, 0xFF);
    }
  }

  /**
   * Any value a record keeps for a text field of the given width: 0 to {@code width} chars
   * U+0000..U+00FF, never ending in NUL (the records strip trailing NULs) but possibly with NULs
   * inside, such as {@code "bob\0stale"}, which survive a round trip.
   *
   * @param random the source of randomness
   * @param width the field's width in bytes, 12 for names or 16 for the tty
   * @return a field value
   * @throws IllegalArgumentException if {@code width} is negative
   */
  public static String fieldText(RandomGenerator random, int width) {
    if (width < 0) {
      throw new IllegalArgumentException("width must not be negative: " + width);
    }
    int n = between(checked(random), 0, width);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(weighted(random, 3, 1) == 0 ? (char) between(random, 0, 0xFF) : '\0');
    }
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == 0) {
      end--;
    }
    return s.substring(0, end);
  }

  // ---- records ---------------------------------------------------------------------------------

  /**
   * Any {@link CtlMessage} the record accepts: any version, type and answer byte (biased to the
   * defined ones), any id and pid, addresses of any family, and text fields from {@link #name},
   * {@link #tty} and {@link #fieldText} (non-ASCII, unterminated, embedded NULs). It encodes to 84
   * bytes and decodes back to an equal record.
   *
   * @param random the source of randomness
   * @return a request
   */
  public static CtlMessage ctlMessage(RandomGenerator random) {
    int version = version(checked(random));
    int type = typeCode(random);
    int answer = weighted(random, 3, 1) == 0 ? 0 : u8(random);
    long id = id(random);
    TalkAddress address = talkAddress(random);
    TalkAddress controlAddress = talkAddress(random);
    int pid = pid(random);
    String localName = anyName(random);
    String remoteName = anyName(random);
    String tty =
        weighted(random, 1, 1) == 0 ? tty(random) : fieldText(random, TalkProtocol.TTY_SIZE);
    return new CtlMessage(
        version, type, answer, id, address, controlAddress, pid, localName, remoteName, tty);
  }

  /**
   * A request as a conforming client sends it: version 1, one of the four {@link RequestType}s,
   * answer 0, {@code AF_INET} addresses, names from {@link #name} and a tty from {@link #tty}.
   * Names may use all 12 bytes: the wire and the record allow it, and daemons must cope.
   *
   * @param random the source of randomness
   * @return a request
   */
  public static CtlMessage wellFormedCtlMessage(RandomGenerator random) {
    RequestType type = pick(checked(random), List.of(RequestType.values()));
    long id = id(random);
    TalkAddress address = inetTalkAddress(random);
    TalkAddress controlAddress = inetTalkAddress(random);
    int pid = pid(random);
    String localName = name(random);
    String remoteName = name(random);
    return CtlMessage.of(
        type, id, address, controlAddress, pid, localName, remoteName, tty(random));
  }

  /**
   * Any {@link CtlResponse} the record accepts: any version, type and answer byte (biased to the
   * defined ones), any id, an address of any family. It encodes to 24 bytes and decodes back to an
   * equal record.
   *
   * @param random the source of randomness
   * @return a response
   */
  public static CtlResponse ctlResponse(RandomGenerator random) {
    int version = version(checked(random));
    int type = typeCode(random);
    int answer = answerCode(random);
    long id = id(random);
    return new CtlResponse(version, type, answer, id, talkAddress(random));
  }

  /**
   * A response as a conforming daemon means it: version 1, a known type and {@link Answer}, and
   * either an {@code AF_INET} address or {@link TalkAddress#ZERO}.
   *
   * @param random the source of randomness
   * @return a response
   */
  public static CtlResponse wellFormedCtlResponse(RandomGenerator random) {
    RequestType type = pick(checked(random), List.of(RequestType.values()));
    Answer answer = pick(random, List.of(Answer.values()));
    long id = id(random);
    TalkAddress address = weighted(random, 1, 1) == 0 ? TalkAddress.ZERO : inetTalkAddress(random);
    return CtlResponse.of(type.code(), answer, id, address);
  }

  private static String anyName(RandomGenerator random) {
    return weighted(random, 1, 1) == 0 ? name(random) : fieldText(random, TalkProtocol.NAME_SIZE);
  }
}

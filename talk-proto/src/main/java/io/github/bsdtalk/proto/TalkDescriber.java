package io.github.bsdtalk.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Explains any datagram field by field: offset, raw bytes and meaning, named as in the C structs.
 *
 * <p>This is what the {@code decode}, {@code trace} and {@code demo} tools print. Unlike {@link
 * TalkCodec} it reads the raw bytes too, so it shows what decoding drops on purpose: the {@code pad}
 * byte and the 8 unused bytes of each address, where real daemons leave garbage. It never throws for
 * any input; a datagram of the wrong length is described as {@link Kind#MALFORMED} with the codec's
 * error.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @apiNote
 *     <pre>{@code
 * System.out.print(TalkDescriber.describe(datagram).toNameValueText());
 * // vers: 1
 * // type: LOOK_UP (1)
 * // ...
 * // addr: 127.0.0.1:40000 (family 2)
 * }</pre>
 */
public final class TalkDescriber {

  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_DUMP = 128;

  private TalkDescriber() {}

  /** What a datagram was read as. */
  public enum Kind {
    /** An 84-byte request. */
    CTL_MSG,
    /** A 24-byte response. */
    CTL_RESPONSE,
    /** A 76-byte old-talk (4.2BSD) request ({@link OldCtlMessage}). */
    OLD_CTL_MSG,
    /**
     * A 24-byte old-talk reply ({@link OldCtlResponse}); only from {@link
     * #describeOldResponse(byte[], ByteOrder)}, as its bytes look like an ntalk response.
     */
    OLD_CTL_RESPONSE,
    /** Neither: the length is wrong for what was expected. */
    MALFORMED
  }

  /**
   * One field of a described datagram.
   *
   * @param name the C field name, for example {@code ctl_addr}, or {@code data} for a malformed dump
   * @param offset the field's byte offset in the datagram
   * @param size the field's size in bytes
   * @param hex the raw bytes as lower-case hex without separators
   * @param meaning the decoded value, for example {@code LOOK_UP (1)}
   */
  public record Field(String name, int offset, int size, String hex, String meaning) {
    /**
     * Validates the components.
     *
     * @param name see the record description
     * @param offset see the record description
     * @param size see the record description
     * @param hex see the record description
     * @param meaning see the record description
     */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(hex, "hex");
      Objects.requireNonNull(meaning, "meaning");
    }
  }

  /**
   * A described datagram. Immutable; built only by {@link TalkDescriber}.
   */
  public static final class Description {
    private final Kind kind;
    private final int length;
    private final List<Field> fields;
    private final MalformedPacketException problem; // null unless kind is MALFORMED
    private final String protocol; // null for ntalk and malformed datagrams

    Description(Kind kind, int length, List<Field> fields, MalformedPacketException problem) {
      this(kind, length, fields, problem, null);
    }

    Description(
        Kind kind,
        int length,
        List<Field> fields,
        MalformedPacketException problem,
        String protocol) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.length = length;
      this.fields = List.copyOf(fields);
      this.problem = problem;
      this.protocol = protocol;
    }

    /**
     * Returns which protocol the datagram was read in, when it is not ntalk.
     *
     * @return for an old-talk datagram, for example {@code "old talk (4.2BSD, UDP 517): 76-byte
     *     request, id, pid and families big-endian"}; empty for ntalk and malformed datagrams
     */
    public Optional<String> protocol() {
      return Optional.ofNullable(protocol);
    }

    /**
     * Returns what the datagram was read as.
     *
     * @return the kind
     */
    public Kind kind() {
      return kind;
    }

    /**
     * Returns the datagram's length in bytes.
     *
     * @return the length
     */
    public int length() {
      return length;
    }

    /**
     * Returns the fields in wire order (one {@code data} field for a malformed datagram).
     *
     * @return an unmodifiable list
     */
    public List<Field> fields() {
      return fields;
    }

    /**
     * Returns why the datagram is malformed.
     *
     * @return the problem; empty unless {@link #kind()} is {@link Kind#MALFORMED}
     */
    public Optional<MalformedPacketException> problem() {
      return Optional.ofNullable(problem);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Description d && d.kind == kind && d.length == length
          && d.fields.equals(fields) && Objects.equals(d.problem, problem)
          && Objects.equals(d.protocol, protocol);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, length, fields, problem, protocol);
    }

    @Override
    public String toString() {
      return "Description[kind=" + kind + ", length=" + length + ", fields=" + fields
          + ", problem=" + problem().map(Throwable::getMessage).orElse("none") + "]";
    }

    /**
     * Renders one {@code name: meaning} line per field, each ending in a newline, after a {@code
     * protocol:} line for old talk.
     *
     * @return for example {@code "vers: 1\ntype: LOOK_UP (1)\n..."}
     */
    public String toNameValueText() {
      StringBuilder sb = new StringBuilder();
      if (protocol != null) {
        sb.append("protocol: ").append(protocol).append('\n');
      }
      if (problem != null) {
        sb.append("malformed: ").append(problem.getMessage()).append('\n');
      }
      for (Field f : fields) {
        sb.append(f.name()).append(": ").append(f.meaning()).append('\n');
      }
      return sb.toString();
    }

    /**
     * Renders one line per field with offsets and raw bytes, each ending in a newline, in the style
     * of the hand decodes in the project's golden captures.
     *
     * @param indent text to put before each line
     * @return for example {@code "  [ 8..23] addr      0002d53d7f000001...  127.0.0.1:54589
     *     (family 2)\n"}
     */
    public String toTable(String indent) {
      StringBuilder sb = new StringBuilder();
      if (protocol != null) {
        sb.append(indent).append(protocol).append('\n');
      }
      if (problem != null) {
        sb.append(indent).append("MALFORMED ").append(problem.getMessage()).append('\n');
      }
      for (Field f : fields) {
        String range =
            f.size() == 1
                ? String.format("[%d]", f.offset())
                : String.format("[%d..%d]", f.offset(), f.offset() + f.size() - 1);
        sb.append(indent)
            .append(String.format("%-9s %-8s %-32s %s", range, f.name(), f.hex(), f.meaning()))
            .append('\n');
      }
      return sb.toString();
    }
  }

  /**
   * Describes a datagram, reading 84 bytes as a {@code CTL_MSG}, 24 bytes as a {@code
   * CTL_RESPONSE}, 76 bytes as an old-talk request and anything else as malformed.
   *
   * @param datagram the datagram
   * @return the description
   */
  public static Description describe(byte[] datagram) {
    if (datagram.length == CtlResponse.SIZE) {
      return describeResponse(datagram);
    }
    if (datagram.length == CtlMessage.SIZE) {
      return describeMessage(datagram);
    }
    if (datagram.length == OldCtlMessage.SIZE) {
      return describeOldMessage(datagram);
    }
    // Shorter than a response: truncated response; anything longer: a wrong-sized request.
    return malformed(datagram, problem(datagram, datagram.length > CtlResponse.SIZE));
  }

  /**
   * Describes a datagram that should be a {@code CTL_MSG} (for example one sent to a daemon).
   *
   * @param datagram the datagram
   * @return the description; {@link Kind#MALFORMED} unless it is 84 bytes
   */
  public static Description describeMessage(byte[] datagram) {
    CtlMessage m;
    try {
      m = TalkCodec.decodeMessage(datagram);
    } catch (MalformedPacketException e) {
      return malformed(datagram, e);
    }
    ByteBuffer b = ByteBuffer.wrap(datagram);
    List<Field> f = new ArrayList<>(11);
    f.add(field(datagram, MessageField.VERS, version(m.version())));
    f.add(field(datagram, MessageField.TYPE, type(m.type())));
    f.add(field(datagram, MessageField.ANSWER, m.answer() + " (unused in requests)"));
    f.add(field(datagram, MessageField.PAD, pad(datagram[3])));
    f.add(field(datagram, MessageField.ID_NUM, id(m.id())));
    f.add(field(datagram, MessageField.ADDR, address(b, 8, m.address())));
    f.add(field(datagram, MessageField.CTL_ADDR, address(b, 24, m.controlAddress())));
    f.add(field(datagram, MessageField.PID, Integer.toString(m.pid())));
    f.add(field(datagram, MessageField.L_NAME, text(datagram, 44, TalkProtocol.NAME_SIZE)));
    f.add(field(datagram, MessageField.R_NAME, text(datagram, 56, TalkProtocol.NAME_SIZE)));
    f.add(field(datagram, MessageField.R_TTY, text(datagram, 68, TalkProtocol.TTY_SIZE)));
    return new Description(Kind.CTL_MSG, datagram.length, f, null);
  }

  /**
   * Describes a datagram that should be a {@code CTL_RESPONSE} (for example one sent by a daemon).
   *
   * @param datagram the datagram
   * @return the description; {@link Kind#MALFORMED} unless it is 24 bytes
   */
  public static Description describeResponse(byte[] datagram) {
    CtlResponse r;
    try {
      r = TalkCodec.decodeResponse(datagram);
    } catch (MalformedPacketException e) {
      return malformed(datagram, e);
    }
    ByteBuffer b = ByteBuffer.wrap(datagram);
    List<Field> f = new ArrayList<>(6);
    f.add(raw(datagram, "vers", 0, 1, version(r.version())));
    f.add(raw(datagram, "type", 1, 1, type(r.type())));
    f.add(raw(datagram, "answer", 2, 1, answer(r.answer())));
    f.add(raw(datagram, "pad", 3, 1, pad(datagram[3])));
    f.add(raw(datagram, "id_num", 4, 4, id(r.id())));
    f.add(raw(datagram, "addr", 8, 16, address(b, 8, r.address())));
    return new Description(Kind.CTL_RESPONSE, datagram.length, f, null);
  }

  /**
   * Describes a datagram that should be an old-talk (4.2BSD) request, 76 bytes, in the byte order
   * its {@code ctl_addr} family shows ({@link OldTalkCodec}).
   *
   * @param datagram the datagram
   * @return the description, labelled old talk in {@link Description#protocol()}; {@link
   *     Kind#MALFORMED} unless it is 76 bytes
   */
  public static Description describeOldMessage(byte[] datagram) {
    OldCtlMessage m;
    try {
      m = OldTalkCodec.decodeMessage(datagram);
    } catch (MalformedPacketException e) {
      return malformed(datagram, e);
    }
    ByteBuffer b = ByteBuffer.wrap(datagram);
    List<Field> f = new ArrayList<>(9);
    f.add(raw(datagram, "type", 0, 1, type(m.type())));
    f.add(raw(datagram, "l_name", 1, 9, text(datagram, 1, TalkProtocol.OLD_NAME_SIZE)));
    f.add(raw(datagram, "r_name", 10, 9, text(datagram, 10, TalkProtocol.OLD_NAME_SIZE)));
    f.add(raw(datagram, "pad", 19, 1, pad(datagram[19])));
    f.add(raw(datagram, "id_num", 20, 4, id(m.id())));
    f.add(raw(datagram, "pid", 24, 4, Integer.toString(m.pid())));
    f.add(raw(datagram, "r_tty", 28, 16, text(datagram, 28, TalkProtocol.TTY_SIZE)));
    f.add(raw(datagram, "addr", 44, 16, address(b, 44, m.address())));
    f.add(raw(datagram, "ctl_addr", 60, 16, address(b, 60, m.controlAddress())));
    return new Description(
        Kind.OLD_CTL_MSG,
        datagram.length,
        f,
        null,
        "old talk (4.2BSD, UDP 517): 76-byte request, id, pid and families "
            + orderName(m.byteOrder()));
  }

  /**
   * Describes a datagram that should be an old-talk reply, 24 bytes, read in the given order (an
   * old-talk reply does not show its order: {@link OldTalkCodec#decodeResponse(byte[],
   * ByteOrder)}).
   *
   * @param datagram the datagram
   * @param byteOrder the order of its id and address family; netkit writes network order
   * @return the description, labelled old talk in {@link Description#protocol()}; {@link
   *     Kind#MALFORMED} unless it is 24 bytes
   */
  public static Description describeOldResponse(byte[] datagram, ByteOrder byteOrder) {
    OldCtlResponse r;
    try {
      r = OldTalkCodec.decodeResponse(datagram, byteOrder);
    } catch (MalformedPacketException e) {
      return malformed(datagram, e);
    }
    ByteBuffer b = ByteBuffer.wrap(datagram);
    List<Field> f = new ArrayList<>(5);
    f.add(raw(datagram, "type", 0, 1, type(r.type())));
    f.add(raw(datagram, "answer", 1, 1, answer(r.answer())));
    f.add(raw(datagram, "filler", 2, 2, datagram[2] == 0 && datagram[3] == 0
        ? "0" : "0x" + HEX.formatHex(datagram, 2, 4) + " (ignored)"));
    f.add(raw(datagram, "id_num", 4, 4, id(r.id())));
    f.add(raw(datagram, "addr", 8, 16, address(b, 8, r.address())));
    return new Description(
        Kind.OLD_CTL_RESPONSE,
        datagram.length,
        f,
        null,
        "old talk (4.2BSD, UDP 517): 24-byte reply, read with id and family "
            + orderName(byteOrder));
  }

  private static String orderName(ByteOrder order) {
    return order == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
  }

  /**
   * Parses hexadecimal text, ignoring whitespace, as the {@code decode} tool reads its argument.
   *
   * @param text hex digits in either case, with any whitespace between them
   * @return the bytes
   * @throws MalformedPacketException {@link MalformedPacketException.Reason#BAD_HEX} with the index
   *     of the first character that is neither a hex digit nor whitespace, or of the end of the text
   *     when the number of digits is odd
   */
  public static byte[] parseHex(CharSequence text) throws MalformedPacketException {
    byte[] out = new byte[text.length() / 2];
    int n = 0;
    int high = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        continue;
      }
      int digit = Character.digit(c, 16);
      if (digit < 0 || c > 0x7F) {
        throw new MalformedPacketException(
            MalformedPacketException.Reason.BAD_HEX, i, "not a hex digit: '" + printable(c) + "'");
      }
      if (high < 0) {
        high = digit;
      } else {
        out[n++] = (byte) ((high << 4) | digit);
        high = -1;
      }
    }
    if (high >= 0) {
      throw new MalformedPacketException(
          MalformedPacketException.Reason.BAD_HEX, text.length(), "odd number of hex digits");
    }
    return java.util.Arrays.copyOf(out, n);
  }

  // ---- meanings --------------------------------------------------------------------------------

  private static String version(int v) {
    return v == TalkProtocol.VERSION ? "1" : v + " (not 1: daemons answer BADVERSION)";
  }

  private static String type(int code) {
    return RequestType.fromCode(code).map(t -> t.name() + " (" + code + ")")
        .orElse("unknown (" + code + ")");
  }

  private static String answer(int code) {
    return Answer.fromCode(code).map(a -> a.name() + " (" + code + ")")
        .orElse("unknown (" + code + ")");
  }

  private static String pad(byte b) {
    return b == 0 ? "0" : "0x" + HEX.toHexDigits(b) + " (ignored)";
  }

  private static String id(long id) {
    return id > Integer.MAX_VALUE ? id + " (0x" + Long.toHexString(id) + ")" : Long.toString(id);
  }

  private static String address(ByteBuffer b, int at, TalkAddress a) {
    String s = a.ip().getHostAddress() + ":" + a.port() + " (family " + a.family() + ")";
    long junk = b.getLong(at + 8);
    return junk == 0 ? s : s + " junk " + HEX.formatHex(b.array(), at + 8, at + 16);
  }

  private static String text(byte[] d, int at, int width) {
    int end = width;
    while (end > 0 && d[at + end - 1] == 0) {
      end--;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = at; i < at + end; i++) {
      int c = d[i] & 0xFF;
      if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7F) {
        sb.append((char) c);
      } else {
        sb.append("\\x").append(HEX.toHexDigits((byte) c));
      }
    }
    sb.append('"');
    // C code reads a field up to its first NUL, so only a field with no NUL at all is unterminated
    // (strcmp then runs past it: docs/PROTOCOL.md section 5.9); "ab\0cd..." ending in a non-NUL
    // byte is still the terminated string "ab".
    if (end == width && !hasNul(d, at, width)) {
      sb.append(" (no NUL terminator)");
    }
    return sb.toString();
  }

  private static boolean hasNul(byte[] d, int at, int width) {
    for (int i = at; i < at + width; i++) {
      if (d[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }

  // ---- construction ----------------------------------------------------------------------------

  private static Field field(byte[] d, MessageField f, String meaning) {
    return raw(d, f.cName(), f.offset(), f.size(), meaning);
  }

  private static Field raw(byte[] d, String name, int offset, int size, String meaning) {
    return new Field(name, offset, size, HEX.formatHex(d, offset, offset + size), meaning);
  }

  private static MalformedPacketException problem(byte[] d, boolean asMessage) {
    try {
      if (asMessage) {
        TalkCodec.decodeMessage(d);
      } else {
        TalkCodec.decodeResponse(d);
      }
      throw new AssertionError("length was checked to be wrong: " + d.length);
    } catch (MalformedPacketException e) {
      return e;
    }
  }

  private static Description malformed(byte[] d, MalformedPacketException e) {
    int shown = Math.min(d.length, MAX_DUMP);
    String hex = HEX.formatHex(d, 0, shown) + (d.length > shown ? "..." : "");
    List<Field> f =
        List.of(new Field("data", 0, d.length, hex, d.length + " bytes: " + e.getMessage()));
    return new Description(Kind.MALFORMED, d.length, f, e);
  }
}

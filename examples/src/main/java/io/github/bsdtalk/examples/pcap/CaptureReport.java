package io.github.bsdtalk.examples.pcap;

import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.examples.pcap.TalkCapture.Connection;
import io.github.bsdtalk.examples.pcap.TalkCapture.Datagram;
import io.github.bsdtalk.examples.pcap.TalkCapture.Protocol;
import io.github.bsdtalk.examples.pcap.TalkCapture.Role;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkText;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@code decode --pcap} prints: a capture read, decoded and explained ({@link #of(String,
 * byte[])}), as text ({@link #text()}) or as the columns {@code tshark -T fields} prints for the
 * same datagrams ({@link #fields(Protocol)}), for comparing with the Wireshark dissector.
 */
public final class CaptureReport {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private static final Map<Integer, String> LINK_TYPES =
      Map.of(
          PacketDecoder.LINKTYPE_NULL, "BSD loopback",
          PacketDecoder.LINKTYPE_ETHERNET, "Ethernet",
          PacketDecoder.LINKTYPE_RAW, "raw IP",
          PacketDecoder.LINKTYPE_LOOP, "OpenBSD loopback",
          PacketDecoder.LINKTYPE_LINUX_SLL, "Linux cooked",
          PacketDecoder.LINKTYPE_IPV4, "raw IPv4",
          PacketDecoder.LINKTYPE_LINUX_SLL2, "Linux cooked v2");

  private final String name;
  private final String format;
  private final List<Frame> frames;
  private final PacketDecoder.Decoded decoded;
  private final TalkCapture capture;

  private CaptureReport(
      String name,
      String format,
      List<Frame> frames,
      PacketDecoder.Decoded decoded,
      TalkCapture capture) {
    this.name = name;
    this.format = format;
    this.frames = frames;
    this.decoded = decoded;
    this.capture = capture;
  }

  /**
   * Reads a capture file and finds its talk traffic.
   *
   * @param name the file's name, for the first line
   * @param file the file's bytes
   * @return the report
   * @throws CaptureFormatException if the bytes are not a well-formed pcap or pcapng file
   */
  public static CaptureReport of(String name, byte[] file) throws CaptureFormatException {
    Objects.requireNonNull(name, "name");
    List<Frame> frames = CaptureReader.read(file);
    PacketDecoder.Decoded decoded = PacketDecoder.decode(frames);
    return new CaptureReport(name, format(file), frames, decoded, TalkCapture.of(decoded.packets()));
  }

  private static String format(byte[] file) {
    int magic = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN).getInt(0);
    if (magic == CaptureReader.SHB) {
      return "pcapng";
    }
    return magic == CaptureReader.PCAP_NANOS || Integer.reverseBytes(magic)
        == CaptureReader.PCAP_NANOS ? "pcap (nanoseconds)" : "pcap";
  }

  /**
   * Returns the talk traffic found.
   *
   * @return the datagrams and conversations
   */
  public TalkCapture capture() {
    return capture;
  }

  /**
   * Returns the report as text: a summary, every talk datagram field by field with its pairing,
   * then each announced TCP conversation.
   *
   * @return lines ending in {@code \n}
   */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("capture ").append(name).append(": ").append(format).append(", ")
        .append(count(frames.size(), "frame"));
    TreeSet<Integer> links = frames.stream().map(Frame::linkType)
        .collect(Collectors.toCollection(TreeSet::new));
    for (int link : links) {
      sb.append(", link type ").append(link).append(" (")
          .append(LINK_TYPES.getOrDefault(link, "not decoded")).append(')');
    }
    if (!frames.isEmpty()) {
      sb.append(", first at ").append(frames.get(0).time());
    }
    sb.append('\n');
    List<Datagram> all = capture.datagrams();
    long ntalk = all.stream().filter(d -> d.protocol() == Protocol.NTALK).count();
    long malformed = all.stream().filter(d -> d.role() == Role.MALFORMED).count();
    sb.append("talk: ").append(count(all.size(), "datagram")).append(" (").append(ntalk)
        .append(" ntalk, ").append(all.size() - ntalk).append(" old talk, ").append(malformed)
        .append(" malformed), ")
        .append(count(capture.connections().size(), "TCP conversation")).append('\n');
    String skipped = skipped();
    if (!skipped.isEmpty()) {
      sb.append("not talk: ").append(skipped).append('\n');
    }
    for (Datagram d : all) {
      sb.append('\n').append(headline(d)).append('\n');
      if (d.protocol() == Protocol.NTALK && d.role() == Role.REPLY
          && d.packet().source().getPort() == TalkCapture.OLD_TALK_PORT) {
        sb.append("    (on the old-talk port in ntalk's layout: how netkit's and bsdtalk's daemons"
            + " answer a datagram of the wrong size)\n");
      }
      sb.append(d.description().toTable("    "));
      if (d.role() == Role.REQUEST && d.answeredBy().isEmpty() && d.resendOf().isEmpty()) {
        sb.append("    no reply in the capture\n");
      }
    }
    for (Connection c : capture.connections()) {
      sb.append('\n');
      conversation(sb, c);
    }
    return sb.toString();
  }

  private String skipped() {
    StringBuilder sb = new StringBuilder();
    int udp = 0;
    for (Packet p : decoded.packets()) {
      if (p.protocol() == Packet.Protocol.UDP
          && TalkCapture.protocolOf(p, TalkCapture.NTALK_PORT, TalkCapture.OLD_TALK_PORT)
              .isEmpty()) {
        udp++;
      }
    }
    int tcp = capture.unannouncedTcp();
    Map<PacketDecoder.Skip, Integer> reasons = new TreeMap<>(decoded.skipped());
    if (udp > 0) {
      sb.append(count(udp, "UDP datagram")).append(" on other ports");
    }
    if (tcp > 0) {
      sb.append(sb.length() > 0 ? ", " : "").append(count(tcp, "TCP connection"))
          .append(" no talk datagram announced");
    }
    reasons.forEach((reason, n) -> sb.append(sb.length() > 0 ? ", " : "")
        .append(count(n, "frame")).append(' ').append(skipText(reason)));
    return sb.toString();
  }

  private static String skipText(PacketDecoder.Skip reason) {
    switch (reason) {
      case UNSUPPORTED_LINK_TYPE:
        return "of a link type not decoded";
      case NOT_IPV4:
        return "not IPv4";
      case FRAGMENT:
        return "IPv4 fragments after the first";
      case NOT_UDP_OR_TCP:
        return "neither UDP nor TCP";
      default:
        return "cut short or malformed";
    }
  }

  private String headline(Datagram d) {
    Packet p = d.packet();
    StringBuilder sb = new StringBuilder();
    sb.append('#').append(d.number()).append(' ').append(offset(p.time())).append(' ')
        .append(text(p.source())).append(" -> ").append(text(p.destination())).append(' ')
        .append(d.protocol().label()).append(' ');
    switch (d.role()) {
      case REQUEST:
        sb.append("request ").append(typeName(d.type().getAsInt())).append(" id ")
            .append(d.id().orElseThrow()).append(", ").append(TalkText.displayName(d.localName()))
            .append(" -> ").append(TalkText.displayName(d.remoteName()));
        d.resendOf().ifPresent(n -> sb.append(" (resend of #").append(n).append(')'));
        break;
      case REPLY:
        sb.append("reply");
        if (d.answers().isPresent()) {
          Datagram request = capture.datagrams().get(d.answers().getAsInt() - 1);
          sb.append(" to #").append(request.number()).append(" after ")
              .append(millis(Duration.between(request.packet().time(), p.time())));
        } else {
          sb.append(" (its request not captured)");
        }
        sb.append(": ").append(typeName(d.type().getAsInt())).append(' ')
            .append(answerName(d.answer().getAsInt())).append(" id ").append(d.id().orElseThrow());
        break;
      default:
        sb.append("MALFORMED ").append(p.payload().length).append(" bytes: ")
            .append(d.description().problem().map(Throwable::getMessage).orElse("?"));
        break;
    }
    return sb.toString();
  }

  private void conversation(StringBuilder sb, Connection c) {
    TcpConversation tcp = c.conversation();
    Datagram a = c.announcedIn();
    sb.append(text(tcp.client())).append(" -> ").append(text(tcp.server())).append(" TCP connect");
    sb.append(c.connectTime().map(t -> " at " + offset(t)).orElse(" (the SYN not captured)"));
    sb.append(", announced in #").append(a.number()).append(" (").append(typeName(a.type()
        .getAsInt()));
    if (a.role() == Role.REQUEST) {
      sb.append(' ').append(TalkText.displayName(a.localName())).append(" -> ")
          .append(TalkText.displayName(a.remoteName()));
    } else {
      sb.append(" reply ").append(answerName(a.answer().getAsInt()));
    }
    sb.append(")\n");
    for (boolean fromClient : new boolean[] {true, false}) {
      String side = side(c, fromClient);
      TcpConversation.Stream stream = fromClient ? tcp.fromClient() : tcp.fromServer();
      Optional<EditChars> keys = c.editChars(fromClient);
      if (keys.isEmpty() && c.startMissing(fromClient)) {
        sb.append("  ").append(side)
            .append(" edit characters not in the capture (a segment of its first bytes is"
                + " missing)\n");
      } else if (keys.isEmpty()) {
        sb.append("  ").append(side).append(" sent ").append(count(stream.data().length, "byte"))
            .append(", no edit characters\n");
      } else {
        // as sent: a disabled key (ff) is shown as such, though the screen then uses the default
        byte[] k = Arrays.copyOf(stream.data(), EditChars.SIZE);
        sb.append("  ").append(side).append(" edit characters ").append(hex(k))
            .append(" (erase ").append(caret(k[0])).append(", kill ").append(caret(k[1]))
            .append(", word erase ").append(caret(k[2])).append(')')
            .append(c.firstData(fromClient).map(t -> ", sent at " + offset(t)).orElse(""))
            .append('\n');
      }
      long missing = stream.gaps().stream().mapToLong(TcpConversation.Gap::length).sum();
      if (missing > 0) {
        sb.append("  ").append(side).append(": ").append(count(missing, "byte"))
            .append(" not in the capture\n");
      }
    }
    for (boolean fromClient : new boolean[] {true, false}) {
      List<String> lines = c.typed(fromClient);
      String side = side(c, fromClient);
      if (lines.isEmpty()) {
        sb.append("  ").append(side).append(" typed nothing\n");
        continue;
      }
      sb.append("  ").append(side).append(c.startMissing(fromClient)
          ? " typed, its edit characters unknown (BS and DEL applied as erase, as netkit does):\n"
          : " typed, edits applied:\n");
      for (String line : lines) {
        sb.append("    | ").append(line).append('\n');
      }
    }
    for (TcpConversation.Event e : tcp.events()) {
      if (e.kind() != TcpConversation.Kind.SYN) {
        sb.append("  ").append(side(c, e.sender().equals(tcp.client()))).append(" closed (").append(e.kind()).append(") at ")
            .append(offset(e.time())).append('\n');
      }
    }
  }

  private static String side(Connection c, boolean client) {
    InetSocketAddress a = client ? c.conversation().client() : c.conversation().server();
    return text(a) + c.user(client).map(u -> " (" + TalkText.displayName(u) + ")").orElse("");
  }

  /**
   * Returns one line per datagram of a protocol, as {@code tshark -T fields -e P.type -e P.id_num
   * -e P.l_name -e P.r_name} prints them with the project's dissector: the type and id in
   * decimal, the names up to the first NUL with five control characters escaped, tab-separated;
   * a reply has no names, a malformed datagram no fields at all. Write it as UTF-8, as tshark
   * does.
   *
   * @param protocol ntalk or old talk
   * @return lines ending in {@code \n}
   */
  public String fields(Protocol protocol) {
    StringBuilder sb = new StringBuilder();
    for (Datagram d : capture.datagrams()) {
      if (d.protocol() != protocol) {
        continue;
      }
      if (d.role() == Role.REQUEST) {
        byte[] b = d.packet().payload();
        boolean old = d.protocol() == Protocol.OLD_TALK;
        sb.append(d.type().getAsInt()).append('\t').append(d.id().orElseThrow()).append('\t');
        // ctl.h / talkd.h: old talk's names are 9 bytes at 1 and 10, ntalk's 12 at 44 and 56
        tsharkString(sb, b, old ? 1 : 44, old ? 9 : 12);
        sb.append('\t');
        tsharkString(sb, b, old ? 10 : 56, old ? 9 : 12);
      } else if (d.role() == Role.REPLY) {
        sb.append(d.type().getAsInt()).append('\t').append(d.id().orElseThrow()).append("\t\t");
      } else {
        sb.append("\t\t\t");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * A C string field as tshark 4.0 prints an {@code FT_STRING} under {@code -T fields}: up to the
   * first NUL, each byte one ISO-8859-1 character, and only backspace, tab, line feed, form feed
   * and carriage return escaped ({@code \b \t \n \f \r}), so that a name cannot break a line.
   */
  private static void tsharkString(StringBuilder sb, byte[] b, int at, int size) {
    for (int i = at; i < at + size && b[i] != 0; i++) {
      char c = (char) (b[i] & 0xFF);
      switch (c) {
        case '\b' -> sb.append("\\b");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\f' -> sb.append("\\f");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
  }

  private String offset(Instant t) {
    Duration d = Duration.between(frames.get(0).time(), t);
    String sign = d.isNegative() ? "-" : "+";
    d = d.abs();
    return String.format("%s%d.%06d", sign, d.getSeconds(), d.getNano() / 1000);
  }

  private static String millis(Duration d) {
    // capture timestamps are whatever the file says: far apart ones would overflow toNanos()
    if (Math.abs(d.getSeconds()) >= 1_000_000) {
      return d.getSeconds() + " s";
    }
    return String.format("%.3f ms", d.getSeconds() * 1e3 + d.getNano() / 1e6);
  }

  static String typeName(int code) {
    return RequestType.fromCode(code).map(Enum::name).orElse("type " + code);
  }

  static String answerName(int code) {
    return Answer.fromCode(code).map(Enum::name).orElse("answer " + code);
  }

  static String text(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  /** An edit key as a terminal user names it: {@code ^?} for DEL, {@code ^U} for 0x15. */
  static String caret(byte b) {
    int c = b & 0xFF;
    if (c == 0x7F) {
      return "^?";
    }
    if (c < 0x20) {
      return "^" + (char) (c + '@');
    }
    if (b == EditChars.DISABLED) {
      return "disabled";
    }
    return c < 0x7F ? "'" + (char) c + "'" : String.format("0x%02x", c);
  }

  /** Lines as {@code "one" / "two"}, cut to about {@code max} characters. */
  static String quoteLines(List<String> lines, int max) {
    String joined = lines.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(" / "));
    return joined.length() <= max ? joined : joined.substring(0, max - 1) + "…";
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}

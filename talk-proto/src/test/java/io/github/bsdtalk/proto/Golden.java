package io.github.bsdtalk.proto;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loader for the lab captures in {@code src/test/resources/golden/}.
 *
 * <p>The files were written by the lab's {@code pcap2golden.py} (sessions) and {@code
 * probe-errors.py} (error probes). Two kinds of data line are read; every other line is a comment:
 *
 * <pre>
 * PKT n t direction kind len hex     one datagram or TCP segment of a session
 * CASE name SENT|REPLY len hex        one probe datagram, or the daemon's answer to it
 * </pre>
 *
 * <p>The {@code #} lines that follow a data line (up to the next data line) are kept with it,
 * because they hold the capture tool's own field-by-field decode, which the golden tests compare
 * against. A length that disagrees with the hex is an error in the file and fails the load.
 */
final class Golden {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * One {@code PKT} line of a session capture.
   *
   * @param n packet number, from 1
   * @param time seconds since the first packet
   * @param direction for example {@code caller>talkd}
   * @param kind for example {@code CTL_MSG:LOOK_UP} or {@code CTL_RESPONSE:LOOK_UP:NOT_HERE}
   * @param bytes the payload
   * @param comments the {@code #} lines after the packet, without the leading {@code #}
   */
  record Packet(
      int n, double time, String direction, String kind, byte[] bytes, List<String> comments) {
    boolean isMessage() {
      return kind.startsWith("CTL_MSG:");
    }

    boolean isResponse() {
      return kind.startsWith("CTL_RESPONSE:");
    }

    /** The comment lines joined with newlines, for regular-expression matching. */
    String commentText() {
      return String.join("\n", comments);
    }

    @Override
    public String toString() {
      return "PKT " + n + " " + direction + " " + kind;
    }
  }

  /**
   * One {@code CASE} line of an error probe capture.
   *
   * @param name the probe's name, for example {@code truncated_10}
   * @param role {@code SENT}, {@code REPLY} or {@code REPLY_ON_CTL_ADDR}
   * @param bytes the datagram
   * @param comments the {@code #} lines after the datagram, without the leading {@code #}
   */
  record Case(String name, String role, byte[] bytes, List<String> comments) {
    boolean isSent() {
      return role.equals("SENT");
    }

    String commentText() {
      return String.join("\n", comments);
    }

    @Override
    public String toString() {
      return name + " " + role + " (" + bytes.length + " bytes)";
    }
  }

  private final String resource;
  private final List<Packet> packets;
  private final List<Case> cases;

  private Golden(String resource, List<Packet> packets, List<Case> cases) {
    this.resource = resource;
    this.packets = List.copyOf(packets);
    this.cases = List.copyOf(cases);
  }

  /**
   * Loads a capture from the test resources.
   *
   * @param name the file name in {@code golden/}, for example {@code netkit-session.txt}
   */
  static Golden load(String name) {
    String resource = "/golden/" + name;
    try (InputStream in = Golden.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return parse(resource, reader.lines().collect(Collectors.toList()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the lines of a capture; {@code source} names it in error messages. */
  static Golden parse(String source, List<String> lines) {
    List<Packet> packets = new ArrayList<>();
    List<Case> cases = new ArrayList<>();
    // Comments are collected for the data line most recently read.
    List<String> comments = null;
    int lineNo = 0;
    for (String line : lines) {
      lineNo++;
      if (line.startsWith("#")) {
        if (comments != null) {
          comments.add(line.substring(1));
        }
        continue;
      }
      if (line.isBlank()) {
        // A blank line ends a CASE block in the error probes.
        comments = null;
        continue;
      }
      String[] t = line.split(" ", -1);
      comments = new ArrayList<>();
      switch (t[0]) {
        case "PKT":
          if (t.length != 7) {
            throw bad(source, lineNo, "PKT needs 6 fields");
          }
          packets.add(
              new Packet(
                  Integer.parseInt(t[1]),
                  Double.parseDouble(t[2]),
                  t[3],
                  t[4],
                  hex(source, lineNo, t[5], t[6]),
                  comments));
          break;
        case "CASE":
          if (t.length == 4 && t[2].equals("SILENCE")) {
            // The daemon did not answer within the timeout: there is no datagram to keep.
            comments = null;
            break;
          }
          if (t.length != 5) {
            throw bad(source, lineNo, "CASE needs 4 fields");
          }
          cases.add(new Case(t[1], t[2], hex(source, lineNo, t[3], t[4]), comments));
          break;
        default:
          throw bad(source, lineNo, "unknown line: " + line);
      }
    }
    // The comment lists were filled after the records were made; freeze them now.
    packets.replaceAll(
        p ->
            new Packet(
                p.n(), p.time(), p.direction(), p.kind(), p.bytes(), List.copyOf(p.comments())));
    cases.replaceAll(c -> new Case(c.name(), c.role(), c.bytes(), List.copyOf(c.comments())));
    return new Golden(source, packets, cases);
  }

  private static byte[] hex(String source, int lineNo, String length, String hex) {
    byte[] bytes = HEX.parseHex(hex);
    if (bytes.length != Integer.parseInt(length)) {
      throw bad(source, lineNo, "length " + length + " but " + bytes.length + " bytes of hex");
    }
    return bytes;
  }

  private static IllegalStateException bad(String source, int lineNo, String what) {
    return new IllegalStateException(source + ":" + lineNo + ": " + what);
  }

  /** Every {@code PKT} line, in file order. */
  List<Packet> packets() {
    return packets;
  }

  /** The {@code CTL_MSG} packets. */
  List<Packet> messages() {
    return packets.stream().filter(Packet::isMessage).collect(Collectors.toList());
  }

  /** The {@code CTL_RESPONSE} packets. */
  List<Packet> responses() {
    return packets.stream().filter(Packet::isResponse).collect(Collectors.toList());
  }

  /** The packet with number {@code n}. */
  Packet packet(int n) {
    return packets.stream()
        .filter(p -> p.n() == n)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(resource + " has no PKT " + n));
  }

  /** Every {@code CASE} datagram, in file order. */
  List<Case> cases() {
    return cases;
  }

  /** The datagram of one probe with the given role. */
  Case caseOf(String name, String role) {
    return cases.stream()
        .filter(c -> c.name().equals(name) && c.role().equals(role))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(resource + " has no " + name + " " + role));
  }

  /**
   * Reads a Python {@code bytes} literal as the capture scripts print it ({@code repr()}), for
   * example {@code b'al\x07ice\x00'}.
   */
  static byte[] pythonBytes(String literal) {
    char quote = literal.length() >= 3 ? literal.charAt(1) : 0;
    if (!literal.startsWith("b")
        || (quote != '\'' && quote != '"')
        || literal.charAt(literal.length() - 1) != quote) {
      throw new IllegalArgumentException("not a bytes literal: " + literal);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 2; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c != '\\') {
        if (c > 0x7E) {
          throw new IllegalArgumentException("bytes literals are ASCII: " + literal);
        }
        out.write(c);
        continue;
      }
      char e = literal.charAt(++i);
      switch (e) {
        case 'x':
          out.write(HEX.fromHexDigits(literal, i + 1, i + 3));
          i += 2;
          break;
        case 't':
          out.write('\t');
          break;
        case 'n':
          out.write('\n');
          break;
        case 'r':
          out.write('\r');
          break;
        case '\\':
        case '\'':
        case '"':
          out.write(e);
          break;
        default:
          throw new IllegalArgumentException("unknown escape \\" + e + " in " + literal);
      }
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return resource;
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.TalkDescriber;
import io.github.bsdtalk.examples.pcap.CaptureFormatException;
import io.github.bsdtalk.examples.pcap.CaptureReader;
import io.github.bsdtalk.examples.pcap.CaptureReport;
import io.github.bsdtalk.examples.pcap.TalkCapture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decode HEX...} or {@code decode -}: prints a CTL_MSG (84 bytes), CTL_RESPONSE (24 bytes)
 * or old-talk request (76 bytes, after a {@code protocol:} line) one field per line as {@code
 * name: value}; with {@code --old} a 24-byte datagram is read as an old-talk reply. Whitespace in
 * the hex is ignored; {@code -} reads the hex from standard input. Bad input exits 2 with one line
 * naming the reason and offset; for {@code BAD_HEX} the offset is a character index into the
 * arguments joined by single spaces (or into the text read from standard input), for {@code
 * TRUNCATED} and {@code OVERSIZED} a byte offset.
 *
 * <p>{@code decode --pcap FILE}: the talk traffic of a capture ({@link CaptureReport}), or with
 * {@code --fields} the columns tshark prints for it with the project's dissector; {@code --diagram}
 * also draws it. A file that cannot be read as a capture exits 2 with one line.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Print a talk control datagram (84-byte CTL_MSG or 24-byte CTL_RESPONSE, in hex)"
        + " one field per line; a 76-byte old-talk (UDP 517) request is recognised and labelled."
        + " With --pcap, every talk datagram and conversation of a pcap or pcapng capture.")
final class DecodeCommand extends Subcommand {

  @Parameters(arity = "0..*", paramLabel = "HEX",
      description = "The datagram in hex; whitespace is ignored, and - reads it from standard"
          + " input.")
  List<String> hexArgs;

  @Option(names = "--old",
      description = "Read a 24-byte datagram as an old-talk (UDP 517) reply, its id and family in"
          + " network order as netkit writes them, instead of as an ntalk CTL_RESPONSE.")
  boolean oldReply;

  @Option(names = "--pcap", paramLabel = "FILE",
      description = "Decode every talk datagram on UDP 517 and 518 of a pcap or pcapng capture,"
          + " each reply paired with its request, then each TCP conversation they announced"
          + " (default: none, decode the HEX given).")
  Path pcap;

  @Option(names = "--fields", paramLabel = "PROTOCOL",
      description = "With --pcap: print only the type, id_num, l_name and r_name of each datagram"
          + " of PROTOCOL (${COMPLETION-CANDIDATES}), tab-separated, as tshark prints them with"
          + " tools/wireshark/bsdtalk.lua (default: the whole report).")
  FieldsProtocol fields;

  @Option(names = "--diagram", paramLabel = "OUT.svg",
      description = "With --pcap: also draw the session as a sequence diagram, a self-contained"
          + " SVG file (default: none).")
  Path diagram;

  /** The protocols {@code --fields} takes, named as the Wireshark dissector names them. */
  enum FieldsProtocol {
    ntalk(TalkCapture.Protocol.NTALK),
    otalk(TalkCapture.Protocol.OLD_TALK);

    final TalkCapture.Protocol protocol;

    FieldsProtocol(TalkCapture.Protocol protocol) {
      this.protocol = protocol;
    }
  }

  /** The largest capture read: talk sessions are small, and the whole file is held in memory. */
  static final int MAX_CAPTURE_BYTES = 256 << 20;

  @Override
  public Integer call() throws IOException {
    if (pcap != null) {
      if (hexArgs != null && !hexArgs.isEmpty()) {
        throw usage("give either HEX or --pcap FILE, not both");
      }
      return capture();
    }
    if (fields != null || diagram != null) {
      throw usage((fields != null ? "--fields" : "--diagram") + " needs --pcap FILE");
    }
    if (hexArgs == null || hexArgs.isEmpty()) {
      throw usage("give the datagram in hex (or -), or --pcap FILE");
    }
    String hex =
        hexArgs.size() == 1 && hexArgs.get(0).equals("-")
            ? new String(in.readAllBytes(), StandardCharsets.US_ASCII)
            : String.join(" ", hexArgs);
    try {
      byte[] datagram = TalkDescriber.parseHex(hex);
      TalkDescriber.Description d =
          oldReply && datagram.length == OldCtlResponse.SIZE
              ? TalkDescriber.describeOldResponse(datagram, ByteOrder.BIG_ENDIAN)
              : TalkDescriber.describe(datagram);
      if (d.problem().isPresent()) {
        throw d.problem().get();
      }
      out.print(d.toNameValueText());
      return 0;
    } catch (MalformedPacketException e) {
      throw usage(e.getMessage());
    }
  }

  private int capture() throws IOException {
    CaptureReport report;
    try (InputStream file = Files.newInputStream(pcap)) {
      report =
          CaptureReport.of(pcap.toString(), CaptureReader.readBytes(file, MAX_CAPTURE_BYTES));
    } catch (CaptureFormatException e) {
      err.println("decode: " + pcap + ": not a readable capture: " + e.getMessage());
      return 2;
    } catch (NoSuchFileException e) {
      err.println("decode: " + pcap + ": no such file");
      return 2;
    } catch (IOException e) {
      err.println("decode: " + pcap + ": cannot read it: " + e.getMessage());
      return 2;
    }
    if (fields != null) {
      // tshark writes UTF-8 whatever the locale; the comparison with it is byte for byte
      out.write(report.fields(fields.protocol).getBytes(StandardCharsets.UTF_8));
    } else {
      out.print(report.text());
    }
    out.flush();
    if (diagram != null) {
      try {
        DiagramFile.write(diagram, pcap.getFileName() + ": the talk session in the capture",
            report.capture().events());
      } catch (IOException e) {
        err.println("decode: cannot write the diagram " + diagram + ": "
            + DiagramFile.reason(e));
        return 2;
      }
    }
    return 0;
  }
}

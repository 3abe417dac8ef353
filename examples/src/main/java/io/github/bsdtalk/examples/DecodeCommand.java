package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.TalkDescriber;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code decode HEX...} or {@code decode -}: prints a CTL_MSG (84 bytes), CTL_RESPONSE (24 bytes)
 * or old-talk request (76 bytes, after a {@code protocol:} line) one field per line as {@code
 * name: value}; with {@code --old} a 24-byte datagram is read as an old-talk reply. Whitespace in the hex is ignored; {@code -} reads the
 * hex from standard input. Bad input exits 2 with one line naming the reason and offset; for {@code
 * BAD_HEX} the offset is a character index into the arguments joined by single spaces (or into the
 * text read from standard input), for {@code TRUNCATED} and {@code OVERSIZED} a byte offset.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Print a talk control datagram (84-byte CTL_MSG or 24-byte CTL_RESPONSE, in hex)"
        + " one field per line; a 76-byte old-talk (UDP 517) request is recognised and labelled.")
final class DecodeCommand extends Subcommand {

  @Parameters(arity = "1..*", paramLabel = "HEX",
      description = "The datagram in hex; whitespace is ignored, and - reads it from standard"
          + " input.")
  List<String> hexArgs;

  @Option(names = "--old",
      description = "Read a 24-byte datagram as an old-talk (UDP 517) reply, its id and family in"
          + " network order as netkit writes them, instead of as an ntalk CTL_RESPONSE.")
  boolean oldReply;

  @Override
  public Integer call() throws IOException {
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
}

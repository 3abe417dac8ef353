package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.TalkDescriber;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code decode HEX...} or {@code decode -}: prints a CTL_MSG (84 bytes) or CTL_RESPONSE (24 bytes)
 * one field per line as {@code name: value}. Whitespace in the hex is ignored; {@code -} reads the
 * hex from standard input. Bad input exits 2 with one line naming the reason and offset; for {@code
 * BAD_HEX} the offset is a character index into the arguments joined by single spaces (or into the
 * text read from standard input), for {@code TRUNCATED} and {@code OVERSIZED} a byte offset.
 */
final class DecodeCommand implements Main.Command {

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    if (args.length == 0) {
      err.println("usage: decode HEX...   (or: decode -  to read the hex from standard input)");
      return 2;
    }
    String hex =
        args.length == 1 && args[0].equals("-")
            ? new String(in.readAllBytes(), StandardCharsets.US_ASCII)
            : String.join(" ", args);
    try {
      byte[] datagram = TalkDescriber.parseHex(hex);
      TalkDescriber.Description d = TalkDescriber.describe(datagram);
      if (d.problem().isPresent()) {
        throw d.problem().get();
      }
      out.print(d.toNameValueText());
      return 0;
    } catch (MalformedPacketException e) {
      err.println("decode: " + e.getMessage());
      return 2;
    }
  }
}

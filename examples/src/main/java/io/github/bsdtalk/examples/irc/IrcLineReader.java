package io.github.bsdtalk.examples.irc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the server's lines: each ends at LF, CR LF or a lone CR (RFC 2812 section 2.3 says CR LF;
 * ngircd's own reader, conn.c Handle_Buffer, takes either alone too), empty lines are skipped, and
 * the bytes are decoded as UTF-8 with every malformed sequence replaced by U+FFFD, never an
 * exception. A line longer than {@value #MAX_LINE_BYTES} bytes (512, plus the 8191 bytes IRCv3
 * allows for tags) keeps its first bytes; the rest is read and dropped, so memory stays bounded.
 * Not thread-safe: one reader thread uses it.
 */
final class IrcLineReader {

  /** The most bytes kept of one line. */
  static final int MAX_LINE_BYTES = 8191 + IrcMessage.MAX_LINE_BYTES;

  private final InputStream in;
  private final byte[] buffer = new byte[4096];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private int pos;
  private int end;

  IrcLineReader(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  /** The next non-empty line, without its line end; empty at the end of the stream. */
  Optional<String> readLine() throws IOException {
    while (true) {
      if (pos == end) {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          // a last line without its line end is not a whole message: drop it
          line.reset();
          return Optional.empty();
        }
      }
      byte b = buffer[pos++];
      if (b == '\n' || b == '\r') {
        if (line.size() > 0) {
          String s = decode(line.toByteArray());
          line.reset();
          return Optional.of(s);
        }
      } else if (line.size() < MAX_LINE_BYTES) {
        line.write(b);
      }
    }
  }

  private String decode(byte[] bytes) {
    try {
      return decoder.reset().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      // not reached with REPLACE; ISO-8859-1 maps every byte, so the line is still read
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}

package io.github.bsdtalk.server.internal;

import io.github.bsdtalk.proto.TalkText;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;

/**
 * The text a talk daemon writes to the callee's terminal: netkit's five-line announcement
 * ({@code talkd/announce.c}), with every name made safe for a terminal first.
 */
public final class AnnouncementText {

  /** netkit {@code announce.c} builds each line in a 120-byte buffer; longer text is cut. */
  private static final int MAX_LINE = 118;

  private AnnouncementText() {}

  /**
   * Builds the announcement exactly as netkit's {@code announce.c} lays it out, in UTF-8.
   *
   * @param caller the caller's name as decoded from the wire, one char per byte (decoded and
   *     sanitised here)
   * @param callerHost the caller's host or address (sanitised here)
   * @param daemonHost this machine's name (sanitised here)
   * @param time local time of the call
   * @return BEL CR LF and five padded CR LF lines
   */
  public static byte[] message(String caller, String callerHost, String daemonHost, LocalTime time) {
    return message(caller, callerHost, daemonHost, time, StandardCharsets.UTF_8);
  }

  /**
   * Builds the announcement in the given character set; characters it cannot encode become
   * {@code ?}.
   *
   * @param caller the caller's name as decoded from the wire (decoded and sanitised here)
   * @param callerHost the caller's host or address (sanitised here)
   * @param daemonHost this machine's name (sanitised here)
   * @param time local time of the call
   * @param charset what the terminal reads
   * @return BEL CR LF and five padded CR LF lines
   */
  public static byte[] message(
      String caller, String callerHost, String daemonHost, LocalTime time, Charset charset) {
    String who = TalkText.displayName(caller) + "@" + TalkText.forTerminal(callerHost);
    String[] lines = {
      " ",
      cut(String.format("Message from Talk_Daemon@%s at %d:%02d ...",
          TalkText.forTerminal(daemonHost), time.getHour(), time.getMinute())),
      cut("talk: connection requested by " + who + "."),
      cut("talk: respond with:  talk " + who),
      " ",
    };
    int width = 0;
    for (String line : lines) {
      width = Math.max(width, columns(line));
    }
    width += 2;
    StringBuilder sb = new StringBuilder("\u0007\r\n");
    for (String line : lines) {
      sb.append(line).append(" ".repeat(width - columns(line))).append("\r\n");
    }
    CharsetEncoder encoder = charset.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    if (encoder.canEncode('?')) {
      encoder.replaceWith(new byte[] {'?'});
    }
    try {
      ByteBuffer bytes = encoder.encode(CharBuffer.wrap(sb));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("REPLACE never throws", e);
    }
  }

  /** Characters on screen, counted as code points (a wide CJK character is taken as one). */
  private static int columns(String line) {
    return line.codePointCount(0, line.length());
  }

  private static String cut(String line) {
    if (columns(line) <= MAX_LINE) {
      return line;
    }
    return line.substring(0, line.offsetByCodePoints(0, MAX_LINE));
  }
}

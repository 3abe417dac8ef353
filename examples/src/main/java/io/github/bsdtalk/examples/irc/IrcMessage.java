package io.github.bsdtalk.examples.irc;

import io.github.bsdtalk.examples.irc.MalformedMessageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One IRC message (RFC 2812 section 2.3.1): {@code [":" prefix SPACE] command *( SPACE param )}.
 *
 * <p>{@link #parse} reads a line from the server: IRCv3 message tags ({@code @...}) are skipped,
 * runs of spaces count as one (as ngircd's and most servers' parsers do), the last parameter may
 * be a trailing one ({@code :text with spaces}), and after 14 middle parameters the rest of the
 * line is the 15th (RFC 2812: "14 middle, then trailing"). Anything that is not a message is a
 * {@link MalformedMessageException}, never another exception.
 *
 * <p>{@link #toWire} is strict, because it is what we send: no part may hold CR, LF or NUL (a
 * lone CR ends a line for ngircd too, so it would let text inject a command), middle parameters
 * must be non-empty, without spaces and not start with ':', and the line with its CRLF must fit in
 * {@value #MAX_LINE_BYTES} bytes.
 *
 * @param prefix the prefix without its ':' ({@code nick!user@host} or a server name); empty if none
 * @param command the command, letters (kept as sent) or three digits
 * @param params the parameters, the trailing one last, without its ':'
 */
public record IrcMessage(String prefix, String command, List<String> params) {

  /** The longest line, CR LF included (RFC 2812 section 2.3). */
  public static final int MAX_LINE_BYTES = 512;

  /** RFC 2812 section 2.3: "a maximum of fifteen (15) parameters". */
  static final int MAX_PARAMS = 15;

  /** Checks the parts' nullness only; {@link #toWire} checks what may be sent. */
  public IrcMessage {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(command, "command");
    params = List.copyOf(params);
  }

  /** A message without a prefix, as a client sends it. */
  public static IrcMessage of(String command, String... params) {
    return new IrcMessage("", command, List.of(params));
  }

  /** The nick of a {@code nick!user@host} prefix, or the whole prefix (a server name). */
  public String nick() {
    int bang = prefix.indexOf('!');
    int at = prefix.indexOf('@');
    int end = bang >= 0 ? bang : at >= 0 ? at : prefix.length();
    return prefix.substring(0, end);
  }

  /** Parameter {@code i}, or the empty string if there are fewer. */
  public String param(int i) {
    return i < params.size() ? params.get(i) : "";
  }

  /** The command in upper case, for comparing: commands are case-insensitive. */
  public String verb() {
    return IrcText.asciiUpper(command);
  }

  /**
   * Parses one line without its line end.
   *
   * @throws MalformedMessageException if the line holds NUL, CR or LF, has no command, or its
   *     command is neither letters nor three digits
   */
  public static IrcMessage parse(String line) throws MalformedMessageException {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == 0 || c == '\r' || c == '\n') {
        throw new MalformedMessageException(Reason.BAD_CHARACTER, "control at " + i);
      }
    }
    int i = skipSpaces(line, 0);
    if (i < line.length() && line.charAt(i) == '@') { // IRCv3 tags: not used here
      i = skipSpaces(line, wordEnd(line, i));
    }
    String prefix = "";
    if (i < line.length() && line.charAt(i) == ':') {
      int end = wordEnd(line, i);
      prefix = line.substring(i + 1, end);
      i = skipSpaces(line, end);
    }
    if (i >= line.length()) {
      throw new MalformedMessageException(Reason.EMPTY, "no command");
    }
    int end = wordEnd(line, i);
    String command = line.substring(i, end);
    if (!isCommand(command)) {
      throw new MalformedMessageException(
          Reason.BAD_COMMAND, "'" + IrcText.forTerminal(command) + "'");
    }
    List<String> params = new ArrayList<>();
    i = skipSpaces(line, end);
    while (i < line.length()) {
      if (line.charAt(i) == ':' || params.size() == MAX_PARAMS - 1) {
        params.add(line.substring(line.charAt(i) == ':' ? i + 1 : i));
        break;
      }
      end = wordEnd(line, i);
      params.add(line.substring(i, end));
      i = skipSpaces(line, end);
    }
    return new IrcMessage(prefix, command, params);
  }

  /**
   * The line to send, CR LF included.
   *
   * @throws IllegalArgumentException if a part holds CR, LF or NUL, the command is not letters or
   *     three digits, a middle parameter is empty, has a space or starts with ':', there are more
   *     than {@value #MAX_PARAMS} parameters, or the line exceeds {@value #MAX_LINE_BYTES} bytes
   */
  public String toWire() {
    StringBuilder sb = new StringBuilder();
    if (!prefix.isEmpty()) {
      checkWord("prefix", prefix);
      sb.append(':').append(prefix).append(' ');
    }
    if (!isCommand(command)) {
      throw new IllegalArgumentException("not an IRC command: '" + command + "'");
    }
    sb.append(command);
    if (params.size() > MAX_PARAMS) {
      throw new IllegalArgumentException("more than 15 parameters: " + params.size());
    }
    for (int p = 0; p < params.size(); p++) {
      String param = params.get(p);
      checkNoLineBreak("parameter " + p, param);
      sb.append(' ');
      if (p == params.size() - 1
          && (param.isEmpty() || param.indexOf(' ') >= 0 || param.charAt(0) == ':')) {
        sb.append(':');
      } else {
        checkWord("parameter " + p, param);
      }
      sb.append(param);
    }
    String wire = sb.append("\r\n").toString();
    int bytes = wire.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_LINE_BYTES) {
      throw new IllegalArgumentException(
          "line of " + bytes + " bytes, more than " + MAX_LINE_BYTES + ": " + command);
    }
    return wire;
  }

  private static void checkWord(String what, String word) {
    checkNoLineBreak(what, word);
    if (word.isEmpty() || word.indexOf(' ') >= 0 || word.charAt(0) == ':') {
      throw new IllegalArgumentException(what + " must be one word not starting with ':'");
    }
  }

  private static void checkNoLineBreak(String what, String part) {
    if (part.indexOf('\r') >= 0 || part.indexOf('\n') >= 0 || part.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " holds CR, LF or NUL");
    }
  }

  /** RFC 2812: {@code command = 1*letter / 3digit}. */
  private static boolean isCommand(String s) {
    if (s.isEmpty()) {
      return false;
    }
    boolean letters = true;
    boolean digits = s.length() == 3;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      letters &= c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
      digits &= c >= '0' && c <= '9';
    }
    return letters || digits;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static int wordEnd(String s, int i) {
    int space = s.indexOf(' ', i);
    return space < 0 ? s.length() : space;
  }
}

package io.github.bsdtalk.examples.irc;

import java.util.Optional;

/**
 * Which nicks and channel names the bridge accepts on its command line, so that a bad one is a
 * usage error before anything connects rather than a refusal from the server later.
 *
 * <p>Static methods only; thread-safe.
 */
public final class IrcNames {

  /** The longest nick: ngircd's CLIENT_NICK_LEN is 32 with its NUL (defines.h). */
  public static final int MAX_NICK = 30;

  /** RFC 2812 section 1.3: "Channels names are strings ... of length up to fifty (50)". */
  public static final int MAX_CHANNEL = 50;

  private IrcNames() {}

  /**
   * Why {@code nick} is not a nick, if it is not: RFC 2812 section 2.3.1, {@code nickname = (
   * letter / special ) *( letter / digit / special / "-" )} with {@code special} one of {@code
   * [ ] \ ` _ ^ { | }}, at most {@value #MAX_NICK} characters (the RFC's 9 is long gone from
   * servers).
   */
  public static Optional<String> nickProblem(String nick) {
    if (nick.isEmpty() || nick.length() > MAX_NICK) {
      return Optional.of("a nick of 1 to " + MAX_NICK + " characters");
    }
    for (int i = 0; i < nick.length(); i++) {
      char c = nick.charAt(i);
      boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
      boolean special = c >= 0x5B && c <= 0x60 || c >= 0x7B && c <= 0x7D;
      boolean ok = letter || special || i > 0 && (c >= '0' && c <= '9' || c == '-');
      if (!ok) {
        return Optional.of(
            "a nick (letters, digits, [ ] \\ ` _ ^ { | } and -; no digit or - first)");
      }
    }
    return Optional.empty();
  }

  /**
   * Why {@code channel} is not a channel name, if it is not: it starts with {@code #} or {@code
   * &}, has at most {@value #MAX_CHANNEL} characters and holds no space, comma, colon, BEL or
   * other control character (RFC 2812 section 1.3 and its {@code chanstring}).
   */
  public static Optional<String> channelProblem(String channel) {
    if (channel.length() < 2 || channel.length() > MAX_CHANNEL
        || channel.charAt(0) != '#' && channel.charAt(0) != '&') {
      return Optional.of("a channel: # or & and 1 to " + (MAX_CHANNEL - 1) + " more characters");
    }
    for (int i = 1; i < channel.length(); i++) {
      char c = channel.charAt(i);
      if (c <= ' ' || c == ',' || c == ':' || c == 0x7F || c >= 0x80 && c <= 0x9F) {
        return Optional.of("a channel without space, comma, colon or control character");
      }
    }
    return Optional.empty();
  }
}

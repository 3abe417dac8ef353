package io.github.bsdtalk.examples.web;

import java.util.Optional;

/**
 * The rules for a visitor's name: 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 _ -}.
 * In the room and in a call the visitor is {@value #PREFIX}NAME, so nobody on the web can pose as
 * a local user. Why 7: a placed call carries the caller's name in the 12-byte {@code l_name} of
 * the protocol, of which talk uses 11 bytes (netkit talkd/process.c puts a NUL in the 12th), and
 * the prefix takes 4. Static methods only.
 */
public final class VisitorName {

  /** Characters of a name at most. */
  public static final int MAX_LENGTH = 7;

  /** What the room shows before a visitor's name. */
  public static final String PREFIX = "web:";

  private VisitorName() {}

  /**
   * Returns what is wrong with a name.
   *
   * @param name the name typed, without the prefix
   * @return why it will not do, in words for the page; empty if it will
   */
  public static Optional<String> problem(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      return Optional.of("a name is 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
              || c == '-';
      if (!ok) {
        return Optional.of("a name holds only letters A-Z and a-z, digits, _ and -");
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the name as the room shows it.
   *
   * @param name a name without a {@link #problem}
   * @return {@value #PREFIX}NAME
   */
  public static String shown(String name) {
    return PREFIX + name;
  }
}

package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.TalkProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Whom to talk to: a user, optionally on another host, optionally on a given terminal.
 *
 * <p>{@link #parse(String)} accepts what the talk command line accepts: {@code user}, {@code
 * user@host}, {@code host!user} and {@code host:user} (FreeBSD {@code talk/get_names.c} splits on the
 * first of {@code @:!}; netkit also splits on {@code .}, which this library does not, so that {@code
 * first.last} stays a user name).
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param user the login name, 1 to 11 bytes (the 12-byte field keeps room for its NUL)
 * @param host the host whose talk daemon to call, or empty for this host
 * @param tty the terminal to ring, at most 15 bytes, or "" for the user's best one
 */
public record TalkPeer(String user, Optional<String> host, String tty) {
  /**
   * Validates the components.
   *
   * @param user see the class description
   * @param host see the class description
   * @param tty see the class description
   * @throws IllegalArgumentException if the user is empty or too long, or the tty too long
   * @throws NullPointerException if a component is null
   */
  public TalkPeer {
    checkName(user, "user");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tty, "tty");
    if (tty.getBytes(StandardCharsets.UTF_8).length > TalkProtocol.TTY_SIZE - 1) {
      throw new IllegalArgumentException("tty longer than 15 bytes: \"" + tty + "\"");
    }
  }

  /**
   * Parses {@code user}, {@code user@host}, {@code host!user} or {@code host:user}.
   *
   * @param address the address as typed
   * @return the peer, with no tty
   * @throws IllegalArgumentException if the user part is empty or too long
   */
  public static TalkPeer parse(String address) {
    Objects.requireNonNull(address, "address");
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c == '@') {
        return new TalkPeer(address.substring(0, i), host(address.substring(i + 1)), "");
      }
      if (c == '!' || c == ':') {
        return new TalkPeer(address.substring(i + 1), host(address.substring(0, i)), "");
      }
    }
    return new TalkPeer(address, Optional.empty(), "");
  }

  /**
   * Returns a copy that rings a given terminal.
   *
   * @param newTty the terminal, for example {@code pts/3}, at most 15 bytes
   * @return the copy
   */
  public TalkPeer withTty(String newTty) {
    return new TalkPeer(user, host, newTty);
  }

  /**
   * Checks a login name for the wire: 1 to 11 bytes of UTF-8 and no NUL, since daemons overwrite
   * the 12th byte with NUL (netkit {@code talkd/process.c}).
   *
   * @param name the name
   * @param what what to call it in the error
   * @return the name
   * @throws IllegalArgumentException if it does not fit
   */
  static String checkName(String name, String what) {
    Objects.requireNonNull(name, what);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > TalkProtocol.NAME_SIZE - 1 || name.indexOf(0) >= 0) {
      throw new IllegalArgumentException(
          what + " must be 1 to 11 bytes without NUL (talk's 12-byte field): \"" + name + "\"");
    }
    return name;
  }

  private static Optional<String> host(String host) {
    return host.isEmpty() ? Optional.empty() : Optional.of(host);
  }

  @Override
  public String toString() {
    return user + host.map(h -> "@" + h).orElse("") + (tty.isEmpty() ? "" : " on " + tty);
  }
}

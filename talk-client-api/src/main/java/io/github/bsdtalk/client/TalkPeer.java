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
 * <p>Instances are immutable and thread-safe; equal when user, host and tty are.
 */
public final class TalkPeer {
  private final String user;
  private final String host; // "" for this host
  private final String tty;

  private TalkPeer(String user, String host, String tty) {
    this.user = checkName(user, "user");
    this.host = Objects.requireNonNull(host, "host");
    this.tty = Objects.requireNonNull(tty, "tty");
    if (tty.getBytes(StandardCharsets.UTF_8).length > TalkProtocol.TTY_SIZE - 1) {
      throw new IllegalArgumentException("tty longer than 15 bytes: \"" + tty + "\"");
    }
  }

  /**
   * Returns a user on this host, on their best terminal.
   *
   * @param user the login name, 1 to 11 bytes (the 12-byte field keeps room for its NUL)
   * @return the peer
   * @throws IllegalArgumentException if the user is empty or too long
   */
  public static TalkPeer local(String user) {
    return new TalkPeer(user, "", "");
  }

  /**
   * Returns a user on a host, on their best terminal.
   *
   * @param user the login name, 1 to 11 bytes
   * @param host the host whose talk daemon to call; "" for this host
   * @return the peer
   * @throws IllegalArgumentException if the user is empty or too long
   */
  public static TalkPeer of(String user, String host) {
    return new TalkPeer(user, host, "");
  }

  /**
   * Returns the login name.
   *
   * @return 1 to 11 bytes of UTF-8
   */
  public String user() {
    return user;
  }

  /**
   * Returns the host whose talk daemon to call.
   *
   * @return the host, or empty for this host
   */
  public Optional<String> host() {
    return host.isEmpty() ? Optional.empty() : Optional.of(host);
  }

  /**
   * Returns the terminal to ring.
   *
   * @return at most 15 bytes, or "" for the user's best one
   */
  public String tty() {
    return tty;
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
        return new TalkPeer(address.substring(0, i), address.substring(i + 1), "");
      }
      if (c == '!' || c == ':') {
        return new TalkPeer(address.substring(i + 1), address.substring(0, i), "");
      }
    }
    return new TalkPeer(address, "", "");
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

  @Override
  public boolean equals(Object o) {
    return o instanceof TalkPeer p && p.user.equals(user) && p.host.equals(host)
        && p.tty.equals(tty);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, host, tty);
  }

  @Override
  public String toString() {
    return user + (host.isEmpty() ? "" : "@" + host) + (tty.isEmpty() ? "" : " on " + tty);
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.DaemonProtocol;
import io.github.bsdtalk.examples.irc.IrcNames;
import io.github.bsdtalk.server.RingLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The typed option values of {@code talk-examples}. Each rejects a bad value with a {@link
 * TypeConversionException} whose message says why in a few words; {@link Main#usageLine} puts the
 * option's name in front: {@code talkd: --port: 99999 is not a port (0-65535)}.
 */
final class Converters {

  /** A day: the longest timeout any option takes. */
  static final long MAX_SECONDS = 86_400;

  private Converters() {}

  /** A count, 0 or more. */
  static final class Count implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      if (!digits(value, 18)) {
        throw new TypeConversionException("a whole number, 0 or more, not '" + value + "'");
      }
      return Long.parseLong(value);
    }
  }

  /** A UDP port to bind, 0 (any free port) to 65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return port(value, 0);
    }
  }

  /** {@code talk --protocol}: auto, ntalk or otalk, in any case. */
  static final class Protocol implements ITypeConverter<DaemonProtocol> {
    @Override
    public DaemonProtocol convert(String value) {
      for (DaemonProtocol p : DaemonProtocol.values()) {
        if (p.name().equalsIgnoreCase(value)) {
          return p;
        }
      }
      throw new TypeConversionException("auto, ntalk or otalk, not '" + value + "'");
    }
  }

  /** A daemon's port to send to, 1 to 65535. */
  static final class DaemonPort implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return port(value, 1);
    }
  }

  /** Whole seconds from 1 to {@value #MAX_SECONDS}. */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return seconds(value, 1, "");
    }
  }

  /** Whole seconds from 0 (off) to {@value #MAX_SECONDS}: talkd's --ring-interval. */
  static final class SecondsOrOff implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return seconds(value, 0, " (no limit)");
    }
  }

  private static Duration seconds(String value, int min, String minMeans) {
    long s = -1;
    if (digits(value, 6)) {
      s = Long.parseLong(value);
    }
    if (s < min || s > MAX_SECONDS) {
      throw new TypeConversionException(
          "whole seconds from " + min + minMeans + " to " + MAX_SECONDS + ", not '" + value + "'");
    }
    return Duration.ofSeconds(s);
  }

  /** talkd's --ring-cap: {@code N/MINUTES}, N rings within MINUTES minutes, or 0 (no cap). */
  record RingCap(int rings, Duration window) {
    static final int MAX_MINUTES = 1_440;

    @Override
    public String toString() {
      return rings == 0 ? "0" : rings + "/" + window.toMinutes();
    }
  }

  /** Parses a {@link RingCap}. */
  static final class RingCapConverter implements ITypeConverter<RingCap> {
    @Override
    public RingCap convert(String value) {
      if (value.equals("0")) {
        return new RingCap(0, Duration.ofMinutes(1));
      }
      int slash = value.indexOf('/');
      if (slash < 0 || !digits(value.substring(0, slash), 4)
          || !digits(value.substring(slash + 1), 4)) {
        throw refused(value);
      }
      int n = Integer.parseInt(value.substring(0, slash));
      int minutes = Integer.parseInt(value.substring(slash + 1));
      if (n < 1 || n > RingLimits.MAX_PER_CALLEE || minutes < 1
          || minutes > RingCap.MAX_MINUTES) {
        throw refused(value);
      }
      return new RingCap(n, Duration.ofMinutes(minutes));
    }
  }

  private static TypeConversionException refused(String value) {
    return new TypeConversionException("N/MINUTES (N rings 1-" + RingLimits.MAX_PER_CALLEE
        + " within 1-" + RingCap.MAX_MINUTES + " minutes) or 0 (no cap), not '" + value + "'");
  }

  /** Where talkd finds terminals: {@code auto}, {@code utmp} or {@code logind}. */
  static final class Terminals implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.equals("auto") && !value.equals("utmp") && !value.equals("logind")) {
        throw new TypeConversionException("auto, utmp or logind, not '" + value + "'");
      }
      return value;
    }
  }

  /** A host name or address, resolved now: a name that does not resolve is a usage error. */
  static final class Address implements ITypeConverter<InetAddress> {
    @Override
    public InetAddress convert(String value) {
      return resolve(value);
    }
  }

  /** {@code HOST:PORT} of a talk daemon, port 1 to 65535. */
  static final class HostPort implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0) {
        throw new TypeConversionException("HOST:PORT expected, not '" + value + "'");
      }
      int port = port(value.substring(colon + 1), 1);
      return new InetSocketAddress(resolve(value.substring(0, colon)), port);
    }
  }

  /**
   * An IRC server: {@code HOST:PORT} or {@code [IPV6]:PORT}. Not resolved here: the client
   * resolves the name at every connect, so a server that moves is found after a reconnect.
   *
   * @param host the name or address, without brackets
   * @param port 1 to 65535
   */
  record IrcServer(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Parses an {@link IrcServer}. */
  static final class IrcServerConverter implements ITypeConverter<IrcServer> {
    @Override
    public IrcServer convert(String value) {
      int colon = value.lastIndexOf(':');
      String host = colon < 0 ? "" : value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      boolean ok = !host.isEmpty();
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        ok &= c > ' ' && c < 0x7F && c != '/' && c != '[' && c != ']';
      }
      if (!ok) {
        throw new TypeConversionException("HOST:PORT expected, not '" + value + "'");
      }
      return new IrcServer(host, port(value.substring(colon + 1), 1));
    }
  }

  /** A name that a rule accepts as it is: the rule returns why not, if it does not. */
  private abstract static class Checked implements ITypeConverter<String> {
    private final Function<String, Optional<String>> problem;

    Checked(Function<String, Optional<String>> problem) {
      this.problem = problem;
    }

    @Override
    public String convert(String value) {
      Optional<String> why = problem.apply(value);
      if (why.isPresent()) {
        throw new TypeConversionException(why.get() + ", not '" + value + "'");
      }
      return value;
    }
  }

  /** An IRC channel, {@code #name} or {@code &name} ({@link IrcNames#channelProblem}). */
  static final class IrcChannel extends Checked {
    IrcChannel() {
      super(IrcNames::channelProblem);
    }
  }

  /** An IRC nick ({@link IrcNames#nickProblem}). */
  static final class IrcNick extends Checked {
    IrcNick() {
      super(IrcNames::nickProblem);
    }
  }

  /** Web visitors at once at most. */
  static final int MAX_VISITORS = 1_000;

  /** {@code bridge --max-visitors}: 1 to {@value #MAX_VISITORS}. */
  static final class MaxVisitors implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n = digits(value, 4) ? Integer.parseInt(value) : 0;
      if (n < 1 || n > MAX_VISITORS) {
        throw new TypeConversionException(
            "a whole number from 1 to " + MAX_VISITORS + ", not '" + value + "'");
      }
      return n;
    }
  }

  /**
   * {@code bridge --web-callable}: a local login name, 1 to 11 characters (talk's {@code r_name}
   * holds 11) of {@code A-Z a-z 0-9 . _ -}, not starting with {@code -}.
   */
  static final class WebCallable implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      boolean ok = !value.isEmpty() && value.length() <= 11 && value.charAt(0) != '-';
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        ok &= c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '.' || c == '_' || c == '-';
      }
      if (!ok) {
        throw new TypeConversionException(
            "a user name of 1 to 11 letters, digits, '.', '_' or '-', not '" + value + "'");
      }
      return value;
    }
  }

  /** {@code [ADDR:]PORT} to listen on; ADDR defaults to 127.0.0.1, PORT 0 is any free port. */
  static final class ListenAddress implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      String host = colon < 0 ? "127.0.0.1" : value.substring(0, colon);
      int port = port(value.substring(colon + 1), 0);
      return new InetSocketAddress(resolve(host), port);
    }
  }

  /**
   * 1 to {@code most} ASCII digits. Not a regular expression: talkd's options are converted
   * before its first reply when inetd starts it, and java.util.regex costs milliseconds to load.
   */
  static boolean digits(String value, int most) {
    if (value.isEmpty() || value.length() > most) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int port(String value, int min) {
    int p = -1;
    if (digits(value, 5)) {
      p = Integer.parseInt(value);
    }
    if (p < min || p > 0xFFFF) {
      throw new TypeConversionException(value + " is not a port (" + min + "-65535)");
    }
    return p;
  }

  private static InetAddress resolve(String host) {
    if (host.isEmpty()) {
      throw new TypeConversionException("empty host name");
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException | SecurityException e) {
      // the wording of netkit talk/get_addrs.c, whose herror() says "Unknown host"
      throw new TypeConversionException(host + ": Unknown host");
    }
  }
}

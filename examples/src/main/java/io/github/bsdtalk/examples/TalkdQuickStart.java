package io.github.bsdtalk.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine.ParameterException;

/**
 * {@code talkd} without picocli, for the daemon's cold start: inetd and systemd start {@code talkd
 * --inetd} for the datagram that is waiting, and the reply to it waits for the start. picocli's
 * model of the six commands (their annotations read by reflection) takes about 100 ms and 8 MB
 * there before {@link TalkdCommand#call} can run; this parser fills the same {@link TalkdCommand}
 * fields with the same converters and defaults in a few classes.
 *
 * <p>It takes only what it knows for certain: every talkd option, as {@code --name value} or {@code
 * --name=value}, each at most once. Anything else (help, version, an unknown or repeated option, a
 * missing value, one that looks like an option, a value a converter refuses, a positional argument)
 * gives way to picocli, which then parses the whole line and answers as it always does. Errors
 * found when the command runs are reported as {@link Main}'s handlers report them: the same line
 * and exit status either way.
 */
final class TalkdQuickStart {

  /** The options that take a value; {@code --inetd} and {@code --verbose} (or {@code -v}) do not. */
  private static final Set<String> WITH_VALUE =
      Set.of("--bind", "--port", "--old-port", "--idle", "--utmp", "--terminals",
          "--logind-dir", "--user", "--group", "--packet-log", "--packet-log-size",
          "--ring-interval", "--ring-cap", "--acl");

  private TalkdQuickStart() {}

  /**
   * Runs {@code talkd} if {@code args} is a talkd command line this class parses; empty if it is
   * anything else (which picocli then takes).
   *
   * @param args the whole command line: {@code talkd}, then its options
   * @return the exit status, as {@link Main#run} gives it
   */
  static OptionalInt run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("talkd")) {
      return OptionalInt.empty();
    }
    Optional<TalkdCommand> parsed = parse(List.of(args).subList(1, args.length));
    if (parsed.isEmpty()) {
      return OptionalInt.empty();
    }
    TalkdCommand talkd = parsed.get();
    talkd.streams(in, out, err);
    try {
      return OptionalInt.of(talkd.call());
    } catch (ParameterException e) {
      err.println(Main.usageLine(e)); // as Main's parameter exception handler
      return OptionalInt.of(2);
    } catch (Exception e) {
      err.println("talkd: " + Main.failure(e)); // as Main's execution exception handler
      return OptionalInt.of(1);
    }
  }

  /**
   * talkd's options, set as picocli would set them; empty for anything this parser leaves to
   * picocli.
   */
  static Optional<TalkdCommand> parse(List<String> args) {
    TalkdCommand talkd = new TalkdCommand();
    try {
      // the annotations' defaults, through the same converters
      set(talkd, "--bind", TalkdCommand.DEFAULT_BIND);
      set(talkd, "--port", TalkdCommand.DEFAULT_PORT);
      set(talkd, "--utmp", TalkdCommand.DEFAULT_UTMP);
      set(talkd, "--terminals", TalkdCommand.DEFAULT_TERMINALS);
      set(talkd, "--logind-dir", TalkdCommand.DEFAULT_LOGIND_DIR);
      set(talkd, "--user", PrivilegeDrop.DEFAULT_USER);
      set(talkd, "--group", PrivilegeDrop.DEFAULT_GROUP);
      set(talkd, "--packet-log-size", TalkdCommand.DEFAULT_PACKET_LOG_SIZE);
      set(talkd, "--ring-interval", TalkdCommand.DEFAULT_RING_INTERVAL);
      set(talkd, "--ring-cap", TalkdCommand.DEFAULT_RING_CAP);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        String name = arg.equals("-v") ? "--verbose" : arg;
        String value = null;
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 0) {
          name = arg.substring(0, equals);
          value = arg.substring(equals + 1);
        }
        boolean flag = name.equals("--inetd") || name.equals("--verbose");
        if (!(flag || WITH_VALUE.contains(name)) || !seen.add(name) || (flag && value != null)) {
          return Optional.empty();
        }
        if (!flag && value == null) {
          if (i + 1 == args.size() || args.get(i + 1).startsWith("-")) {
            return Optional.empty(); // missing, or an option where picocli judges
          }
          value = args.get(++i);
        }
        set(talkd, name, value);
      }
    } catch (RuntimeException e) {
      return Optional.empty(); // a value a converter refuses: picocli says why
    }
    return Optional.of(talkd);
  }

  /**
   * Sets one option from its text with the converter its annotation names (a switch, not a table
   * of lambdas: each lambda is a class spun at start).
   */
  private static void set(TalkdCommand c, String name, String value) {
    switch (name) {
      case "--bind" -> c.bind = new Converters.Address().convert(value);
      case "--port" -> c.port = new Converters.Port().convert(value);
      case "--old-port" -> c.oldPort = new Converters.Port().convert(value);
      case "--inetd" -> c.inetd = true;
      case "--idle" -> c.idle = new Converters.Seconds().convert(value);
      case "--utmp" -> c.utmp = Path.of(value);
      case "--terminals" -> c.terminals = new Converters.Terminals().convert(value);
      case "--logind-dir" -> c.logindDir = Path.of(value);
      case "--user" -> c.user = value;
      case "--group" -> c.group = value;
      case "--verbose" -> c.verbose = true;
      case "--packet-log" -> c.packetLog = Path.of(value);
      case "--packet-log-size" -> c.packetLogSize = bytes(value);
      case "--ring-interval" -> c.ringInterval = new Converters.SecondsOrOff().convert(value);
      case "--ring-cap" -> c.ringCap = new Converters.RingCapConverter().convert(value);
      case "--acl" -> c.acl = Path.of(value);
      default -> throw new IllegalArgumentException(name);
    }
  }

  /** Digits only: picocli's long converter may take more forms, and those are left to it. */
  private static long bytes(String value) {
    if (!Converters.digits(value, 18)) {
      throw new IllegalArgumentException(value);
    }
    return Long.parseLong(value);
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.AccessList;
import io.github.bsdtalk.server.AccessPolicy;
import io.github.bsdtalk.server.RingLimits;
import io.github.bsdtalk.server.TalkdServer;
import io.github.bsdtalk.server.TerminalFinder;
import io.github.bsdtalk.server.UnixTtyAnnouncer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code talkd [--bind ADDR] [--port N] [--old-port N] [--inetd] [--idle SECONDS] [--utmp FILE]
 * [--terminals auto|utmp|logind] [--logind-dir DIR] [--user NAME] [--group NAME]
 * [--ring-interval SECONDS] [--ring-cap N/MINUTES] [--acl FILE] [-v] [--packet-log FILE]}: a
 * drop-in replacement for {@code in.ntalkd} that rings terminals through {@link
 * UnixTtyAnnouncer}, finding them in utmp or in systemd-logind's session records ({@link
 * TerminalFinder}), with ring limits and an access list.
 *
 * <p>Standalone it binds ADDR:N (default 0.0.0.0:518) and serves until killed; with {@code
 * --old-port} (default 517 when N is 518, else off) it also binds that port for old talk, the
 * 4.2BSD protocol, in the same process and with the same invitation table. Every socket answers
 * each datagram in its own protocol by its length (76 bytes old talk, 84 ntalk), so under inetd the
 * same command line serves the {@code talk} (517) and the {@code ntalk} (518) line. With {@code
 * --inetd} it serves on the socket inetd passes on standard input ({@link System#inheritedChannel()}), as
 * an {@code /etc/inetd.conf} line of type {@code dgram udp wait} expects, and exits after {@code
 * --idle} seconds (default 120, like in.ntalkd's MAXIDLE) without a datagram; inetd starts it
 * again on the next one.
 *
 * <p>Started as root (effective uid 0), standalone or from an inetd line that says {@code
 * root.root}, it does not serve as root: it runs the same Java command line again under util-linux
 * {@code setpriv} as {@code --user} (default {@code nobody}) with group {@code --group} (default
 * {@code tty}, which may write to terminals) and no supplementary groups, keeping only
 * CAP_NET_BIND_SERVICE so that it can still bind port 518, and waits for it, passing SIGTERM/SIGINT
 * on and exiting with its status ({@link PrivilegeDrop}). The child binds the port (or serves on
 * the socket inherited from inetd), reads utmp and opens terminals. Not started as root, {@code
 * --user} and {@code --group} are ignored: it already is unprivileged. There is no option to keep
 * root: nothing the daemon does needs it once the port is bound.
 */
@Command(
    name = "talkd",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "A drop-in replacement for in.ntalkd: answers talk's control datagrams on UDP and rings the"
          + " callee's terminal, standalone or from inetd (--inetd).",
      "Started as root it serves as --user:--group through setpriv, keeping only"
          + " CAP_NET_BIND_SERVICE."
    })
final class TalkdCommand extends Subcommand {

  // The defaults, as the options' text: picocli converts them as it converts what is typed, and
  // so does TalkdQuickStart, which parses the same options without picocli.
  static final String DEFAULT_BIND = "0.0.0.0";
  static final String DEFAULT_PORT = "" + TalkProtocol.NTALK_PORT;
  /** What --old-port says when it is not given: picocli's ${DEFAULT-VALUE} would say "null". */
  static final String OLD_PORT_DEFAULT_TEXT =
      TalkProtocol.OTALK_PORT + " when --port is " + TalkProtocol.NTALK_PORT + ", else 0";
  static final String DEFAULT_UTMP = "/var/run/utmp";
  static final String DEFAULT_TERMINALS = "auto";
  static final String DEFAULT_LOGIND_DIR = "/run/systemd";
  static final String DEFAULT_PACKET_LOG_SIZE = "" + PacketLog.DEFAULT_LIMIT;
  static final String DEFAULT_RING_INTERVAL = "10";
  static final String DEFAULT_RING_CAP = "6/1";

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = DEFAULT_BIND,
      converter = Converters.Address.class,
      description = "Address to bind, standalone.")
  InetAddress bind;

  @Option(names = "--port", paramLabel = "N", defaultValue = DEFAULT_PORT,
      converter = Converters.Port.class,
      description = "UDP port to bind, standalone (0: any free port).")
  int port;

  // No defaultValue: the default depends on --port (see oldPort()), and null says "not given".
  @Option(names = "--old-port", paramLabel = "N", converter = Converters.Port.class,
      description = "UDP port to bind for old talk (the 4.2BSD protocol of utalk and Solaris),"
          + " standalone, in the same process and invitation table as --port (0: none). Default: "
          + OLD_PORT_DEFAULT_TEXT + ". Under --inetd each datagram is answered in its own"
          + " protocol by its length, whichever port inetd listens on.")
  Integer oldPort;

  /**
   * The old-talk port to bind standalone, 0 for none: --old-port, or 517 beside the standard 518
   * (binding either needs root or CAP_NET_BIND_SERVICE, which the privilege drop keeps), and none
   * beside any other port, such as an unprivileged test daemon's.
   */
  int oldPort() {
    if (oldPort != null) {
      return oldPort;
    }
    return port == TalkProtocol.NTALK_PORT ? TalkProtocol.OTALK_PORT : 0;
  }

  @Option(names = "--inetd",
      description = "Serve on the UDP socket inetd passes on standard input (an inetd.conf line"
          + " of type dgram udp wait), printing nothing.")
  boolean inetd;

  @Option(names = "--idle", paramLabel = "SECONDS", converter = Converters.Seconds.class,
      description = "Exit after this many seconds (1-86400) without a datagram. Default: 120 with"
          + " --inetd (in.ntalkd's MAXIDLE; inetd starts it again), never standalone.")
  Duration idle;

  @Option(names = "--utmp", paramLabel = "FILE", defaultValue = DEFAULT_UTMP,
      description = "Where to find who is logged in on which terminal.")
  Path utmp;

  @Option(names = "--terminals", paramLabel = "auto|utmp|logind", defaultValue = DEFAULT_TERMINALS,
      converter = Converters.Terminals.class,
      description = "Where to find the callee's terminals: utmp, systemd-logind's session records"
          + " (in the logind directory), or auto: utmp when it lists the callee, else logind's"
          + " records.")
  String terminals;

  @Option(names = "--logind-dir", paramLabel = "DIR", defaultValue = DEFAULT_LOGIND_DIR,
      description = "Where systemd-logind keeps its users/ and sessions/ records.")
  Path logindDir;

  @Option(names = "--user", paramLabel = "NAME", defaultValue = PrivilegeDrop.DEFAULT_USER,
      description = "User to serve as when started as root (a name or number; not root).")
  String user;

  @Option(names = "--group", paramLabel = "NAME", defaultValue = PrivilegeDrop.DEFAULT_GROUP,
      description = "Group to serve as when started as root (tty may write to terminals).")
  String group;

  @Option(names = {"-v", "--verbose"},
      description = "Log one line per datagram on standard error (sender, request, names made"
          + " safe to print, answer): the journal under systemd. Under inetd, standard error is"
          + " the socket, so nothing shows.")
  boolean verbose;

  @Option(names = "--packet-log", paramLabel = "FILE",
      description = "Append a copy of every malformed datagram to FILE, in hex (as in.ntalkd -p"
          + " keeps /var/log/talkd.packets); at --packet-log-size it is moved to FILE.1 and"
          + " started again. FILE must be writable by --user. Default: no packet log.")
  Path packetLog;

  @Option(names = "--packet-log-size", paramLabel = "BYTES",
      defaultValue = DEFAULT_PACKET_LOG_SIZE,
      description = "The most bytes FILE holds before it is moved to FILE.1 (at least "
          + PacketLog.MIN_LIMIT + ").")
  long packetLogSize;

  /** The terminal finder --terminals, --utmp and --logind-dir name. */
  TerminalFinder finder() {
    return switch (terminals) {
      case "utmp" -> TerminalFinder.utmp(utmp);
      case "logind" -> TerminalFinder.logind(logindDir);
      default -> TerminalFinder.auto(utmp, logindDir);
    };
  }

  @Option(names = "--ring-interval", paramLabel = "SECONDS", defaultValue = DEFAULT_RING_INTERVAL,
      converter = Converters.SecondsOrOff.class,
      description = "Ring one callee at most once in this many seconds (0-86400; 0: no limit) for"
          + " the same caller host and name. The re-announce talk sends every 30 s is exempt.")
  Duration ringInterval;

  @Option(names = "--ring-cap", paramLabel = "N/MINUTES", defaultValue = DEFAULT_RING_CAP,
      converter = Converters.RingCapConverter.class,
      description = "Ring one callee at most N times within MINUTES minutes, from all callers"
          + " together (0: no cap). An ANNOUNCE over a limit is answered SUCCESS without a ring.")
  Converters.RingCap ringCap;

  @Option(names = "--acl", paramLabel = "FILE",
      description = "Allow or deny callers by network and name, in GNU inetutils' talkd ACL"
          + " format (first match wins; see talkd(8)). A bad file is an error at start."
          + " Default: none, everyone is allowed.")
  Path acl;

  /** The limits the options give. */
  RingLimits ringLimits() {
    return RingLimits.DEFAULT.withPerCaller(ringInterval)
        .withPerCallee(ringCap.rings(), ringCap.window());
  }

  /** Reads --acl, or allows everyone; a file that cannot be read or parsed is a usage error. */
  AccessPolicy accessPolicy() {
    if (acl == null) {
      return AccessPolicy.ALLOW_ALL;
    }
    String text;
    try {
      // byte for byte, one char each: the daemon's view of the names it is matched against, and
      // what inetutils' regcomp sees in the C locale
      text = Files.readString(acl, StandardCharsets.ISO_8859_1);
    } catch (IOException | UncheckedIOException e) {
      throw usage("--acl: cannot read " + acl + ": " + reason(e));
    }
    try {
      return AccessList.parse(text);
    } catch (AccessList.SyntaxException e) {
      // the file:line: form of inetutils' talkd/acl.c messages
      throw usage("--acl: " + acl + ":" + e.line() + ": "
          + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }
  }

  private static String reason(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * The checks of the options that picocli cannot make, as usage errors; before the privilege
   * drop too, so that root hears of a bad file.
   *
   * @return the {@link #accessPolicy()}, read once
   */
  AccessPolicy checkedOptions() {
    AccessPolicy access = accessPolicy();
    if (!PrivilegeDrop.validName(user)) {
      throw usage("--user: bad user name '" + user + "'");
    }
    if (!PrivilegeDrop.validName(group)) {
      throw usage("--group: bad group name '" + group + "'");
    }
    if (packetLogSize < PacketLog.MIN_LIMIT) {
      throw usage("--packet-log-size: at least " + PacketLog.MIN_LIMIT + " bytes, not "
          + packetLogSize);
    }
    return access;
  }

  @Override
  public Integer call() throws IOException {
    AccessPolicy access = checkedOptions();
    // Before anything opens a socket or a terminal: as root, this process only waits for the
    // unprivileged child that does the work (and is not root, so does not come back here).
    try {
      Optional<List<String>> child = PrivilegeDrop.forThisProcess(user, group);
      if (child.isPresent()) {
        if (!inetd) {
          err.println("talkd: started as root: serving as " + user + ":" + group
              + " through setpriv, with only CAP_NET_BIND_SERVICE");
        }
        return PrivilegeDrop.runAndWait(child.get());
      }
    } catch (PrivilegeDrop.Refusal r) {
      err.println(r.getMessage());
      return r.status();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    PacketLog packets = null;
    if (packetLog != null) {
      try {
        packets = PacketLog.open(packetLog, packetLogSize);
      } catch (IOException e) {
        throw usage("--packet-log: cannot write " + packetLog + " (" + e + ")");
      }
    }
    try (PacketLog closing = packets;
        TalkdServer server = server(access, packets)) {
      if (!inetd) {
        // Under inetd, fds 0, 1 and 2 are all the socket: print nothing there.
        err.println("talkd: serving on " + server.localAddress()
            + (server.endpoints().size() > 1
                ? ", old talk on " + server.endpoints().get(1).channel().getLocalAddress()
                : ""));
      }
      server.serve();
    }
    return 0;
  }

  /**
   * The server the options describe, on its socket (bound, or inetd's), not yet serving: what
   * {@link #call} serves once it is no longer root, and what {@link TalkdTraining} exercises.
   *
   * @param access the {@link #accessPolicy()}, read once
   * @param packets the packet log, or null for none
   */
  TalkdServer server(AccessPolicy access, PacketLog packets) throws IOException {
    TalkdServer.Builder b =
        TalkdServer.builder().announcer(UnixTtyAnnouncer.builder().terminals(finder()).build())
            .ringLimits(ringLimits())
            .accessPolicy(access);
    listener(verbose ? RequestLogLines.to(err) : null, packets).ifPresent(b::listener);
    if (inetd) {
      Channel inherited = System.inheritedChannel();
      if (!(inherited instanceof DatagramChannel)) {
        throw usage("--inetd needs a UDP socket on standard input (from inetd), got "
            + (inherited == null ? "none" : "another kind of channel"));
      }
      b.channel((DatagramChannel) inherited)
          .idleTimeout(idle != null ? idle : Duration.ofSeconds(120));
    } else {
      b.bind(new InetSocketAddress(bind, port));
      if (oldPort() != 0) {
        b.oldTalkBind(new InetSocketAddress(bind, oldPort()));
      }
      if (idle != null) {
        b.idleTimeout(idle);
      }
    }
    return b.build();
  }

  /** The request log, the packet log, both or neither, as the server's one listener. */
  private static Optional<TalkdServer.Listener> listener(
      TalkdServer.Listener first, TalkdServer.Listener second) {
    if (first == null || second == null) {
      return Optional.ofNullable(first != null ? first : second);
    }
    return Optional.of(
        e -> {
          first.onExchange(e);
          second.onExchange(e);
        });
  }
}

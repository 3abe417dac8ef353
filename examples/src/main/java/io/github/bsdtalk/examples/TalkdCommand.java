package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.TalkdServer;
import io.github.bsdtalk.server.UnixTtyAnnouncer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code talkd [--bind ADDR] [--port N] [--inetd] [--idle SECONDS] [--utmp FILE] [--user NAME]
 * [--group NAME]}: a drop-in replacement for {@code in.ntalkd} that rings terminals through {@link
 * UnixTtyAnnouncer}.
 *
 * <p>Standalone it binds ADDR:N (default 0.0.0.0:518) and serves until killed. With {@code --inetd}
 * it serves on the socket inetd passes on standard input ({@link System#inheritedChannel()}), as
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
final class TalkdCommand implements Main.Command {

  private static final String USAGE =
      "usage: talkd [--bind ADDR] [--port N] [--inetd] [--idle SECONDS] [--utmp FILE]"
          + " [--user NAME] [--group NAME]";

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    String bind = "0.0.0.0";
    int port = TalkProtocol.NTALK_PORT;
    boolean inetd = false;
    Duration idle = null;
    String user = PrivilegeDrop.DEFAULT_USER;
    String group = PrivilegeDrop.DEFAULT_GROUP;
    UnixTtyAnnouncer.Builder announcer = UnixTtyAnnouncer.builder();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--bind":
            bind = args[++i];
            break;
          case "--port":
            port = Integer.parseInt(args[++i]);
            break;
          case "--inetd":
            inetd = true;
            break;
          case "--idle":
            idle = Duration.ofSeconds(Long.parseLong(args[++i]));
            break;
          case "--utmp":
            announcer.utmp(java.nio.file.Path.of(args[++i]));
            break;
          case "--user":
            user = args[++i];
            if (!PrivilegeDrop.validName(user)) {
              err.println("talkd: bad user name '" + user + "'; " + USAGE);
              return 2;
            }
            break;
          case "--group":
            group = args[++i];
            if (!PrivilegeDrop.validName(group)) {
              err.println("talkd: bad group name '" + group + "'; " + USAGE);
              return 2;
            }
            break;
          default:
            err.println(USAGE);
            return 2;
        }
      }
    } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
      err.println(USAGE);
      return 2;
    }
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
    TalkdServer.Builder b = TalkdServer.builder().announcer(announcer.build());
    if (inetd) {
      Channel inherited = System.inheritedChannel();
      if (!(inherited instanceof DatagramChannel)) {
        err.println("talkd: --inetd needs a UDP socket on standard input (from inetd), got "
            + inherited);
        return 2;
      }
      b.channel((DatagramChannel) inherited)
          .idleTimeout(idle != null ? idle : Duration.ofSeconds(120));
    } else {
      b.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
      if (idle != null) {
        b.idleTimeout(idle);
      }
    }
    try (TalkdServer server = b.build()) {
      if (!inetd) {
        // Under inetd, fds 0, 1 and 2 are all the socket: print nothing there.
        err.println("talkd: serving on " + server.localAddress());
      }
      server.serve();
    }
    return 0;
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.TextSanitizer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import io.github.bsdtalk.server.UnixTtyAnnouncer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code bridge --room NAME [--bind ADDR] [--port N] [--ring-ttys] [--idle SECONDS]
 * [--handshake-timeout SECONDS]}: a talk daemon with a chat room. Anyone who runs {@code talk NAME}
 * on this host (or {@code talk NAME@thishost} from another host with a talk daemon) joins the room.
 * Calls to other names are answered "not logged on", or, with {@code --ring-ttys}, ring terminals
 * as {@code talkd} does.
 *
 * <p>{@code --idle} (default 600) drops a member who has sent nothing for that many seconds; {@code
 * --handshake-timeout} (default 10) bounds connecting to a caller plus the edit-character exchange.
 * Both take whole seconds from 1 to {@value #MAX_SECONDS}.
 */
final class BridgeCommand implements Main.Command {
  private static final String USAGE =
      "usage: bridge --room NAME [--bind ADDR] [--port N] [--ring-ttys] [--idle SECONDS]"
          + " [--handshake-timeout SECONDS]";

  /** A day: the longest --idle or --handshake-timeout. */
  static final long MAX_SECONDS = 86_400;

  /** How often idle members are looked for: the idle timeout is in whole seconds. */
  private static final Duration TICK = Duration.ofSeconds(1);

  /** A user's mistake on the command line: one line on stderr, exit 2. */
  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String detail) {
      super(detail, null, false, false);
    }
  }

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    String room = null;
    String bind = "0.0.0.0";
    int port = TalkProtocol.NTALK_PORT;
    boolean ringTtys = false;
    Duration idle = ChatRoom.Limits.DEFAULTS.idleTimeout();
    Duration handshake = ChatRoom.Limits.DEFAULTS.handshakeTimeout();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--room":
            room = value(args, ++i);
            break;
          case "--bind":
            bind = value(args, ++i);
            break;
          case "--port":
            port = Integer.parseInt(value(args, ++i));
            break;
          case "--ring-ttys":
            ringTtys = true;
            break;
          case "--idle":
            idle = seconds("--idle", value(args, ++i));
            break;
          case "--handshake-timeout":
            handshake = seconds("--handshake-timeout", value(args, ++i));
            break;
          default:
            throw new UsageException("");
        }
      }
      if (room == null
          || room.isEmpty()
          || room.getBytes(StandardCharsets.UTF_8).length > TalkProtocol.NAME_SIZE - 1) {
        throw new UsageException(" (NAME: 1 to 11 bytes of UTF-8, as talk sends at most 11)");
      }
    } catch (UsageException e) {
      err.println(USAGE + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println(USAGE);
      return 2;
    }
    Announcer others = ringTtys ? UnixTtyAnnouncer.system() : a -> Answer.NOT_HERE;
    ChatRoom chat =
        new ChatRoom(
            room,
            err,
            ChatRoom.Limits.DEFAULTS.withTimeouts(handshake, idle),
            InstantSource.system(),
            ChatRoom.Connector.TCP);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "room-idle");
              t.setDaemon(true);
              return t;
            });
    try (TalkdServer talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress(InetAddress.getByName(bind), port))
            .announcer(chat.announcer(others))
            .build()) {
      ticker.scheduleWithFixedDelay(
          () -> expireIdle(chat, err), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
      err.println(
          "bridge: room '"
              + room
              + "' open; join with: talk "
              + room
              + "   (daemon on "
              + TraceRelay.text(talkd.localAddress())
              + ")");
      talkd.serve();
    } finally {
      ticker.shutdownNow();
    }
    return 0;
  }

  /** A failing sweep must not end the schedule (an exception would cancel it). */
  private static void expireIdle(ChatRoom chat, PrintStream err) {
    try {
      chat.expireIdle();
    } catch (RuntimeException e) {
      err.println("bridge: idle check failed: " + e);
    }
  }

  private static String value(String[] args, int i) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(" (" + args[i - 1] + " needs a value)");
    }
    return args[i];
  }

  private static Duration seconds(String option, String value) throws UsageException {
    long s;
    try {
      s = Long.parseLong(value);
    } catch (NumberFormatException e) {
      s = -1;
    }
    if (s < 1 || s > MAX_SECONDS) {
      throw new UsageException(
          " ("
              + option
              + ": whole seconds from 1 to "
              + MAX_SECONDS
              + ", not '"
              + TextSanitizer.sanitize(value)
              + "')");
    }
    return Duration.ofSeconds(s);
  }
}

package io.github.bsdtalk.examples;

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

/**
 * {@code bridge --room NAME [--bind ADDR] [--port N] [--ring-ttys]}: a talk daemon with a chat room.
 * Anyone who runs {@code talk NAME} on this host (or {@code talk NAME@thishost} from another host
 * with a talk daemon) joins the room. Calls to other names are answered "not logged on", or, with
 * {@code --ring-ttys}, ring terminals as {@code talkd} does.
 */
final class BridgeCommand implements Main.Command {
  private static final String USAGE =
      "usage: bridge --room NAME [--bind ADDR] [--port N] [--ring-ttys]";

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    String room = null;
    String bind = "0.0.0.0";
    int port = TalkProtocol.NTALK_PORT;
    boolean ringTtys = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--room":
            room = args[++i];
            break;
          case "--bind":
            bind = args[++i];
            break;
          case "--port":
            port = Integer.parseInt(args[++i]);
            break;
          case "--ring-ttys":
            ringTtys = true;
            break;
          default:
            err.println(USAGE);
            return 2;
        }
      }
    } catch (RuntimeException e) {
      err.println(USAGE);
      return 2;
    }
    if (room == null
        || room.isEmpty()
        || room.getBytes(StandardCharsets.UTF_8).length > TalkProtocol.NAME_SIZE - 1) {
      err.println(USAGE + " (NAME: 1 to 11 bytes of UTF-8, as talk sends at most 11)");
      return 2;
    }
    Announcer others = ringTtys ? UnixTtyAnnouncer.system() : a -> Answer.NOT_HERE;
    ChatRoom chat = new ChatRoom(room, err);
    try (TalkdServer talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress(InetAddress.getByName(bind), port))
            .announcer(chat.announcer(others))
            .build()) {
      err.println("bridge: room '" + room + "' open; join with: talk " + room
          + "   (daemon on " + TraceRelay.text(talkd.localAddress()) + ")");
      talkd.serve();
    }
    return 0;
  }
}

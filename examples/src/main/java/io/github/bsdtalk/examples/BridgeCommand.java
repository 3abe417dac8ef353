package io.github.bsdtalk.examples;

import io.github.bsdtalk.endpoint.EndpointLimits;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.RingLimits;
import io.github.bsdtalk.server.TalkdServer;
import io.github.bsdtalk.server.UnixTtyAnnouncer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bridge --room NAME [--bind ADDR] [--port N] [--ring-ttys] [--idle SECONDS]
 * [--handshake-timeout SECONDS]}: a talk daemon with a chat room. Anyone who runs {@code talk NAME}
 * on this host (or {@code talk NAME@thishost} from another host with a talk daemon) joins the room.
 * Calls to other names are answered "not logged on", or, with {@code --ring-ttys}, ring terminals
 * as {@code talkd} does.
 *
 * <p>{@code --idle} (default 600) drops a member who has sent nothing for that many seconds; {@code
 * --handshake-timeout} (default 10) bounds connecting to a caller plus the edit-character exchange.
 * Both take whole seconds from 1 to {@value Converters#MAX_SECONDS}.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    showDefaultValues = true,
    sortOptions = false,
    description = "A talk daemon with a chat room: whoever runs talk NAME on this host (or"
        + " talk NAME@thishost elsewhere) joins the room.")
final class BridgeCommand extends Subcommand {

  @Option(names = "--room", required = true, paramLabel = "NAME",
      description = "The room's name, which callers talk to (1 to 11 bytes of UTF-8).")
  String room;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
      converter = Converters.Address.class,
      description = "Address to bind.")
  InetAddress bind;

  @Option(names = "--port", paramLabel = "N", defaultValue = "" + TalkProtocol.NTALK_PORT,
      converter = Converters.Port.class,
      description = "UDP port to bind (0: any free port).")
  int port;

  @Option(names = "--ring-ttys",
      description = "Ring terminals for calls to other names, as talkd does (else: not logged"
          + " on).")
  boolean ringTtys;

  @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "600",
      converter = Converters.Seconds.class,
      description = "Drop a member who has sent nothing for this long (1-86400).")
  Duration idle;

  @Option(names = "--handshake-timeout", paramLabel = "SECONDS", defaultValue = "10",
      converter = Converters.Seconds.class,
      description = "Bound on connecting to a caller plus the edit-character exchange (1-86400).")
  Duration handshake;

  @Override
  public Integer call() throws IOException {
    if (room.isEmpty()
        || room.getBytes(StandardCharsets.UTF_8).length > TalkProtocol.NAME_SIZE - 1) {
      // talk sends at most 11 bytes of a name
      throw usage("--room: NAME must be 1 to 11 bytes of UTF-8, not '" + room + "'");
    }
    Announcer others = ringTtys ? UnixTtyAnnouncer.system() : a -> Answer.NOT_HERE;
    // the endpoint checks for idle members every second: the idle timeout is in whole seconds
    TalkEndpoint.Builder endpoint =
        TalkEndpoint.builder()
            .limits(EndpointLimits.DEFAULTS.withHandshakeTimeout(handshake).withIdleTimeout(idle));
    try (ChatRoom chat = new ChatRoom(room, err, endpoint, RoomListener.NONE);
        TalkdServer talkd =
            TalkdServer.builder()
                .bind(new InetSocketAddress(bind, port))
                .announcer(chat.announcer(others))
                // joining the room is what an ANNOUNCE does here, not ringing a terminal: the
                // endpoint's own EndpointLimits bound it, and a callee cap would turn the 7th
                // joiner away
                .ringLimits(RingLimits.NONE)
                .build()) {
      chat.start();
      err.println(
          "bridge: room '"
              + room
              + "' open; join with: talk "
              + room
              + "   (daemon on "
              + TraceRelay.text(talkd.localAddress())
              + ")");
      talkd.serve();
    }
    return 0;
  }
}

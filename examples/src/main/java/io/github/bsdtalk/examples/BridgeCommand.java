package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.endpoint.Dialer;
import io.github.bsdtalk.endpoint.EndpointLimits;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.examples.irc.IrcClient;
import io.github.bsdtalk.examples.irc.IrcMirror;
import io.github.bsdtalk.examples.irc.IrcNames;
import io.github.bsdtalk.examples.web.RateLimits;
import io.github.bsdtalk.examples.web.VisitorName;
import io.github.bsdtalk.examples.web.Visitors;
import io.github.bsdtalk.examples.web.WebBridge;
import io.github.bsdtalk.examples.web.WebRoom;
import io.github.bsdtalk.examples.web.WebServer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.RingLimits;
import io.github.bsdtalk.server.TalkdServer;
import io.github.bsdtalk.server.UnixTtyAnnouncer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bridge --room NAME [--bind ADDR] [--port N] [--ring-ttys] [--idle SECONDS]
 * [--handshake-timeout SECONDS] [--irc HOST:PORT --channel #CHAN [--nick NICK] [--tls]]
 * [--http [ADDR:]PORT [--web-callable USER,...] [--max-visitors N]]}: a talk
 * daemon with a chat room. Anyone who runs {@code talk NAME}
 * on this host (or {@code talk NAME@thishost} from another host with a talk daemon) joins the room.
 * Calls to other names are answered "not logged on", or, with {@code --ring-ttys}, ring terminals
 * as {@code talkd} does.
 *
 * <p>{@code --idle} (default 600) drops a member who has sent nothing for that many seconds; {@code
 * --handshake-timeout} (default 10) bounds connecting to a caller plus the edit-character exchange.
 * Both take whole seconds from 1 to {@value Converters#MAX_SECONDS}.
 *
 * <p>{@code --irc} mirrors the room into an IRC channel ({@link IrcMirror}): the bridge joins
 * {@code --channel} as {@code --nick} (default: the room's name), over TLS with {@code --tls}.
 *
 * <p>{@code --http} serves the room's web page ({@link WebServer}): visitors join as {@code
 * web:NAME}, and may call the {@code --web-callable} users one-to-one.
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

  @Option(names = "--irc", paramLabel = "HOST:PORT",
      converter = Converters.IrcServerConverter.class,
      description = "Mirror the room into an IRC channel on this server (with --channel;"
          + " default: no mirror).")
  Converters.IrcServer irc;

  @Option(names = "--channel", paramLabel = "#CHAN", converter = Converters.IrcChannel.class,
      description = "The IRC channel to mirror the room into: # or &, at most 50 characters"
          + " (default: none; --irc needs one).")
  String channel;

  @Option(names = "--nick", paramLabel = "NICK", converter = Converters.IrcNick.class,
      description = "The bridge's IRC nick (default: the room's name).")
  String nick;

  @Option(names = "--tls",
      description = "Connect to the IRC server over TLS, checking its certificate and name.")
  boolean tls;

  @Option(names = "--http", paramLabel = "[ADDR:]PORT", converter = Converters.ListenAddress.class,
      description = "Serve the room's web page here (ADDR default 127.0.0.1; default: no page).")
  InetSocketAddress http;

  @Option(names = "--web-callable", paramLabel = "USER", split = ",",
      converter = Converters.WebCallable.class,
      description = "Local users whom web visitors may call, comma-separated (with --http;"
          + " default: none). Their terminals are rung for web callers.")
  List<String> webCallable = List.of();

  @Option(names = "--max-visitors", paramLabel = "N", defaultValue = "" + Visitors.DEFAULT_CAP,
      converter = Converters.MaxVisitors.class,
      description = "Web visitors at once at most (1-" + Converters.MAX_VISITORS + ").")
  int maxVisitors;

  @Override
  public Integer call() throws IOException {
    if (room.isEmpty()
        || room.getBytes(StandardCharsets.UTF_8).length > TalkProtocol.NAME_SIZE - 1) {
      // talk sends at most 11 bytes of a name
      throw usage("--room: NAME must be 1 to 11 bytes of UTF-8, not '" + room + "'");
    }
    checkIrcOptions();
    if (http == null && !webCallable.isEmpty()) {
      throw usage("--web-callable goes with --http [ADDR:]PORT");
    }
    Announcer others = webCallers(ringTtys ? UnixTtyAnnouncer.system() : a -> Answer.NOT_HERE);
    // the endpoint checks for idle members every second: the idle timeout is in whole seconds
    TalkEndpoint.Builder endpoint =
        TalkEndpoint.builder()
            .limits(EndpointLimits.DEFAULTS.withHandshakeTimeout(handshake).withIdleTimeout(idle));
    // The mirror shows IRC lines in the room and the room tells the mirror its lines: each needs
    // the other, so the mirror reaches the room through this reference, set before either starts.
    AtomicReference<ChatRoom> toRoom = new AtomicReference<>();
    BiConsumer<String, String> post = (from, text) -> toRoom.get().post(from, text);
    Supplier<List<String>> members = () -> toRoom.get().members();
    // the web bridge reaches the room the same way, and places visitors' calls on an endpoint of
    // its own, so that they never take a room member's slot
    TalkEndpoint calls =
        TalkEndpoint.builder()
            .limits(EndpointLimits.DEFAULTS.withIdleTimeout(idle))
            .dialer((user, peer) -> dialer.get().newCall(user, peer))
            .build();
    WebBridge web = http == null ? null : webBridge(toRoom, calls);
    try (IrcMirror mirror = irc == null ? null : ircMirror(this, post, members, err);
        ChatRoom chat =
            new ChatRoom(room, err, endpoint,
                RoomListener.both(
                    mirror == null ? RoomListener.NONE : mirror,
                    web == null ? RoomListener.NONE : web));
        TalkEndpoint callEndpoint = calls;
        TalkdServer talkd =
            TalkdServer.builder()
                .bind(new InetSocketAddress(bind, port))
                .announcer(chat.announcer(others))
                // joining the room is what an ANNOUNCE does here, not ringing a terminal: the
                // endpoint's own EndpointLimits bound it, and a callee cap would turn the 7th
                // joiner away
                .ringLimits(RingLimits.NONE)
                .build();
        // bound once the talk port is ours
        WebServer server =
            web == null ? null : WebServer.create(http, web, maxVisitors,
                WebServer.DEFAULT_KEEP_ALIVE, err)) {
      toRoom.set(chat);
      chat.start();
      if (mirror != null) {
        mirror.start(); // once the talk port is ours, so a failed bind connects nowhere
      }
      if (server != null) {
        dialer.set(Dialer.of(webClient(talkd.localAddress())));
        callEndpoint.start();
        server.start();
      }
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

  /**
   * The one place where the IRC mirror is made (issue 14): the client for {@code --irc}, {@code
   * --channel}, {@code --nick} (default the room's name) and {@code --tls}, logging to {@code err},
   * and the mirror over it, not started. {@code post} shows {@code from: text} to every talk
   * member; {@code members} lists them ({@code user@host}) for {@code !who}.
   */
  static IrcMirror ircMirror(BridgeCommand options, BiConsumer<String, String> post,
      Supplier<List<String>> members, PrintStream err) {
    IrcClient.Builder client =
        IrcClient.builder(options.irc.host(), options.irc.port(), options.ircNick(),
                options.channel)
            .tls(options.tls)
            .log(err);
    return IrcMirror.create(client, post, members);
  }

  /** Set once the talk port is bound: web calls go to our own daemon there. */
  private final AtomicReference<Dialer> dialer = new AtomicReference<>();

  /**
   * The web bridge (issue 15) over the room in {@code toRoom}, with calls placed on {@code calls}
   * for the {@code --web-callable} users.
   */
  WebBridge webBridge(AtomicReference<ChatRoom> toRoom, TalkEndpoint calls) {
    WebRoom webRoom =
        new WebRoom() {
          @Override
          public void visitorJoined(String visitor) {
            toRoom.get().visitorJoined(visitor);
          }

          @Override
          public void visitorLine(String visitor, String text) {
            toRoom.get().visitorLine(visitor, text);
          }

          @Override
          public void visitorLeft(String visitor) {
            toRoom.get().visitorLeft(visitor);
          }

          @Override
          public List<String> members() {
            return toRoom.get().members();
          }
        };
    Visitors visitors =
        new Visitors(maxVisitors, Visitors.DEFAULT_UNSEEN_LIMIT, RateLimits.DEFAULTS,
            InstantSource.system(), new SecureRandom());
    return new WebBridge(visitors, webRoom, Set.copyOf(webCallable), calls::call, err);
  }

  /**
   * Calls from the web ({@code web:NAME}) to a {@code --web-callable} user ring his terminal as
   * talkd would, whether or not {@code --ring-ttys} is given; every other call goes to {@code
   * others}.
   */
  private Announcer webCallers(Announcer others) {
    if (webCallable.isEmpty()) {
      return others;
    }
    Set<String> callable = Set.copyOf(webCallable);
    Announcer ttys = UnixTtyAnnouncer.system();
    return a ->
        a.callerName().startsWith(VisitorName.PREFIX) && callable.contains(a.calleeName())
            ? ttys.announce(a)
            : others.announce(a);
  }

  /** The client of web calls: both daemons are ours, at the talk port (loopback if wildcard). */
  private static TalkClient webClient(InetSocketAddress talkd) {
    InetSocketAddress daemon =
        talkd.getAddress().isAnyLocalAddress()
            ? new InetSocketAddress(InetAddress.getLoopbackAddress(), talkd.getPort())
            : talkd;
    return TalkClient.newBuilder()
        .localDaemon(daemon)
        .remoteDaemon(daemon)
        .answerTimeout(WEB_CALL_ANSWER_TIMEOUT)
        .build();
  }

  /** How long a web call rings before "did not answer": talk's own rings go on until ^C. */
  static final Duration WEB_CALL_ANSWER_TIMEOUT = Duration.ofMinutes(2);

  /** The nick: {@code --nick}, else the room's name. */
  String ircNick() {
    return nick != null ? nick : room;
  }

  /** The IRC options go together, and the room's name must do as a nick when it is the nick. */
  private void checkIrcOptions() {
    if (irc == null) {
      if (channel != null || nick != null || tls) {
        throw usage("--channel, --nick and --tls go with --irc HOST:PORT");
      }
      return;
    }
    if (channel == null) {
      throw usage("--irc needs --channel #CHAN");
    }
    if (nick == null && IrcNames.nickProblem(room).isPresent()) {
      throw usage("--nick: the room's name '" + room + "' will not do, it must be "
          + IrcNames.nickProblem(room).get() + "; give one with --nick");
    }
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.ControlListener;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.RetryPolicy;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.examples.session.SessionEvent;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkDescriber;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole protocol in one process on loopback. Our daemon and two clients (alice
 * calls bob) run side by side, and every control datagram is printed field by field with one line
 * saying why it is sent; then the TCP connection, both edit-character exchanges, a few lines of
 * conversation with an erase applied, the DELETEs and the close.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "The whole protocol in one process on loopback, every datagram explained: alice"
        + " calls bob.")
final class DemoCommand extends Subcommand {

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @Option(names = "--diagram", paramLabel = "OUT.svg",
      description = "Also draw the session as a sequence diagram, a self-contained SVG file"
          + " (default: none).")
  Path diagram;

  /** What the demo saw on the wire, for --diagram; every thread adds under the demo's lock. */
  private final List<SessionEvent> events = new ArrayList<>();
  /** When bob's talk connected to alice's, for the diagram. */
  private Instant connectedAt;

  private int step;
  private boolean familyExplained;
  private boolean lookUpExplained;
  private boolean deleteExplained;
  private long aliceRemoteId;
  private long aliceLocalId;

  @Override
  public Integer call()
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<CallResult> bobCall = new CompletableFuture<>();
    CompletableFuture<Void> bobRung = new CompletableFuture<>();
    TalkdServer.Builder daemon =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(Announcer.callback(a -> {
              String caller = TalkText.displayName(a.callerName()) + "@"
                  + a.callerHost().getHostAddress();
              say("talkd", "ANNOUNCE accepted: it rings " + TalkText.displayName(a.calleeName())
                  + "'s terminal with these five lines (netkit talkd/announce.c):");
              say("talkd", "  |");
              say("talkd", "  | Message from Talk_Daemon@<bob's host name> at <H:MM> ...");
              say("talkd", "  | talk: connection requested by " + caller + ".");
              say("talkd", "  | talk: respond with:  talk " + caller);
              say("talkd", "  |");
              say("talkd", "  (a real daemon writes them to bob's tty, a bell first; this one"
                  + " hands the announcement to the demo, which plays bob and does as told)");
              bobRung.complete(null);
            }));
    try (TalkdServer talkd = daemon.build()) {
      int port = talkd.localAddress().getPort();
      talkd.serveOn(r -> {
        Thread server = new Thread(r, "demo-talkd");
        server.setDaemon(true);
        server.start();
      });
      banner("bsdtalk demo: alice calls bob. One talk daemon on " + addr(talkd.localAddress())
          + " plays both hosts' daemons (in real life each user's machine runs one on UDP 518).");

      TalkCall alice =
          TalkClient.newBuilder()
              .daemonPort(port)
              .pid(4242)
              .retryPolicy(RetryPolicy.DEFAULT.withAttemptTimeout(Duration.ofMillis(500)))
              .controlListener(new Annotator("alice"))
              .progress(s -> {
                say("alice", "[" + s.message() + "]");
                if (s == CallProgress.WAITING_FOR_PARTY) {
                  // bob answers only once alice's invitation is filed, as a person would
                  startBob(port, bobRung, bobCall);
                }
              })
              .build()
              .newCall("alice", TalkPeer.parse("bob"));
      CallResult aliceResult = alice.execute();
      CallResult bobResult = bobCall.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      if (!aliceResult.connected() || !bobResult.connected()) {
        err.println("demo: the call did not connect: " + aliceResult.message() + " / "
            + bobResult.message());
        return 1;
      }
      // alice's DELETEs run beside the conversation; the demo waits for them to tell one thing
      // at a time
      alice.close();
      converse(aliceResult.conversation().get(), bobResult.conversation().get());
      banner("After the call");
      say("talkd", "invitations left in the table: " + talkd.processor().orElseThrow().table().size()
          + " (alice deleted both of hers)");
      say("talkd", "answers sent: " + talkd.stats().answers());
    }
    if (diagram != null) {
      try {
        DiagramFile.write(diagram, "bsdtalk demo: alice calls bob", recorded());
      } catch (IOException e) {
        err.println("demo: cannot write the diagram " + diagram + ": " + DiagramFile.reason(e));
        return 2;
      }
      out.println();
      out.println("The sequence diagram of this session: " + diagram);
    }
    return 0;
  }

  private void startBob(int port, CompletableFuture<Void> rung, CompletableFuture<CallResult> call) {
    Thread bob = new Thread(() -> {
      try {
        rung.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        say("bob", "sees the announcement and types: talk alice");
        call.complete(TalkClient.newBuilder()
            .daemonPort(port)
            .pid(5353)
            .controlListener(new Annotator("bob"))
            .progress(s -> {
              if (s == CallProgress.CONNECTED) {
                markConnected(Instant.now());
              }
              say("bob", "[" + s.message() + "]");
            })
            .build()
            .newCall("bob", TalkPeer.parse("alice"))
            .execute());
      } catch (Exception e) {
        call.completeExceptionally(e);
      }
    }, "demo-bob");
    bob.setDaemon(true);
    bob.start();
  }

  private void converse(Conversation alice, Conversation bob) throws IOException {
    InetSocketAddress bobTcp = bob.localAddress().orElseThrow();
    InetSocketAddress aliceTcp = alice.localAddress().orElseThrow();
    record(new SessionEvent.TcpConnect(connectedTime(), bobTcp, aliceTcp));
    // both sides write their edit keys as the connection opens (Conversation.start)
    record(new SessionEvent.TcpData(connectedTime(), aliceTcp, bobTcp,
        "edit chars " + hex(alice.localEditChars().toWire())));
    record(new SessionEvent.TcpData(connectedTime(), bobTcp, aliceTcp,
        "edit chars " + hex(bob.localEditChars().toWire())));
    banner("The TCP conversation");
    say("note", "bob connected to alice: the callee always connects to the caller, at the"
        + " address in her invitation.");
    say("alice", "sent first " + hex(alice.localEditChars().toWire())
        + " = her erase (DEL), kill (^U) and word-erase (^W) keys");
    say("bob", "sent first " + hex(bob.localEditChars().toWire())
        + ": his three edit keys. Each side applies the OTHER's keys to what it receives,");
    say("note", "because keystrokes travel raw: an erase arrives as the erase byte itself.");
    say("note", "\"first\" means first on the connection, not before the other: both write their"
        + " three keys as soon as it opens, without waiting (netkit talk/init_disp.c"
        + " set_edit_chars), and each reads the other's three before any text.");
    EditChars bobKeys = alice.peerEditChars();
    try (LineReader aliceScreen = alice.lines(); LineReader bobScreen = bob.lines()) {
      send(alice, "alice", "Hello bob\n");
      record(new SessionEvent.TcpData(Instant.now(), aliceTcp, bobTcp, "typed \"Hello bob\""));
      say("bob", "screen shows: " + bobScreen.readLine().orElse("(nothing)"));
      send(bob, "bob", "hi alice!\n");
      record(new SessionEvent.TcpData(Instant.now(), bobTcp, aliceTcp, "typed \"hi alice!\""));
      say("alice", "screen shows: " + aliceScreen.readLine().orElse("(nothing)"));
      send(bob, "bob", "see yuo" + (char) bobKeys.erase() + (char) bobKeys.erase() + "ou\n");
      record(new SessionEvent.TcpData(Instant.now(), bobTcp, aliceTcp,
          "typed \"see yuo\" ^? ^? \"ou\""));
      say("alice", "screen shows: " + aliceScreen.readLine().orElse("(nothing)")
          + "   (bob mistyped \"yuo\", pressed erase twice and typed \"ou\": his erase byte "
          + hex(new byte[] {bobKeys.erase()}) + " travelled raw and alice's side removed 'o' and"
          + " 'u')");
      banner("Hanging up");
      say("alice", "closes the connection (^C in real talk)");
      alice.close();
      record(new SessionEvent.TcpClose(Instant.now(), aliceTcp, bobTcp, "FIN"));
      say("bob", "reads end of stream: " + (bobScreen.readLine().isEmpty()
          ? "[Connection closed]" : "unexpected text"));
      bob.close();
    }
  }

  private void send(Conversation c, String who, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    say(who, "types, sending " + hex(bytes) + "  \"" + visible(text) + "\"");
    c.output().write(bytes);
  }

  /** Prints each control datagram with a reason, as it is sent or answered. */
  private final class Annotator implements ControlListener {
    private final String who;
    private String controlAddress;
    /** The control socket of this client's last request: where its reply goes. */
    private InetSocketAddress lastControl;
    private boolean socketsExplained;

    Annotator(String who) {
      this.who = who;
    }

    @Override
    public void sent(InetSocketAddress daemon, CtlMessage request, int attempt) {
      synchronized (DemoCommand.this) {
        lastControl = request.controlAddress().toSocketAddress();
        events.add(new SessionEvent.Request(Instant.now(), lastControl, daemon, false,
            request.type(), request.id(), request.localName(), request.remoteName(),
            request.address().toSocketAddress(), attempt > 1));
        step++;
        banner(step + ". " + who + " -> talkd " + addr(daemon) + "   "
            + request.requestType().map(Enum::name).orElse("?")
            + (attempt > 1 ? "   (resend " + attempt + ")" : ""));
        say("why", why(request));
        out.print(TalkDescriber.describeMessage(TalkCodec.encode(request)).toTable("   "));
        explainFields(request);
        if (!familyExplained) {
          familyExplained = true;
          say("note", "addr and ctl_addr start 00 02: AF_INET as a big-endian 16-bit number. BSD"
              + " clients copy their own sockaddr_in, whose first bytes are sin_len and sin_family,"
              + " then overwrite them with htons(AF_INET), so every talk puts 00 02 on the wire.");
        }
      }
    }

    @Override
    public void received(InetSocketAddress daemon, CtlResponse response) {
      synchronized (DemoCommand.this) {
        events.add(new SessionEvent.Reply(Instant.now(), daemon, lastControl, false,
            response.type(), response.answer(), response.id(),
            response.address().toSocketAddress()));
        out.println("   <- reply " + response.knownAnswer().map(Enum::name).orElse("?")
            + ", id " + response.id());
        out.print(TalkDescriber.describeResponse(TalkCodec.encode(response)).toTable("   "));
        say("means", meaning(response));
      }
    }

    /** The questions the fields raise the first time they show something new. */
    private void explainFields(CtlMessage m) {
      String ctl = addr(m.controlAddress().toSocketAddress());
      if (!lookUpExplained && m.requestType().orElseThrow() == RequestType.LOOK_UP) {
        lookUpExplained = true;
        say("note", "addr " + addr(m.address().toSocketAddress()) + ": a LOOK_UP offers no TCP"
            + " socket yet, only the host (port 0); ANNOUNCE and LEAVE_INVITE carry the real one.");
        say("note", "pid " + m.pid() + " is " + who + "'s talk process id: with the two names and"
            + " the type it tells the daemon that a repeated LEAVE_INVITE comes from the same talk"
            + " (find_request in talkd/table.c) and refreshes the invitation instead of filing a"
            + " second one.");
      }
      if (controlAddress != null && !controlAddress.equals(ctl) && !socketsExplained) {
        socketsExplained = true;
        say("note", "ctl_addr is now " + ctl + ", not " + controlAddress + ": like netkit's, "
            + who + "'s talk has two UDP sockets, one towards its own daemon and one towards the"
            + " other user's (netkit talk/ctl_transact.c open_ctl), and each request names the"
            + " socket it leaves from, where the reply comes back.");
      }
      controlAddress = ctl;
    }

    private String why(CtlMessage m) {
      String other = m.remoteName();
      switch (m.requestType().orElseThrow()) {
        case LOOK_UP:
          return "LOOK_UP at " + other + "'s daemon: is " + other + " already inviting " + who
              + "? (every talk asks this first)";
        case ANNOUNCE:
          return m.id() == CtlMessage.MAX_ID_NUM
              ? "ANNOUNCE at " + other + "'s daemon: ring " + other + ". id 0xffffffff is 'an"
                  + " impossible id'; addr is the TCP port " + who + " now listens on"
              : "ANNOUNCE again: id = the daemon's last id + 1 means 'ring again'";
        case LEAVE_INVITE:
          return "LEAVE_INVITE at " + who + "'s OWN daemon: file the invitation where " + other
              + "'s talk will look it up";
        case DELETE:
          return m.id() == aliceLocalId
              ? "DELETE " + m.id() + " at " + who + "'s own daemon: the invitation was answered"
              : "DELETE " + m.id() + " at " + other + "'s daemon: remove the announcement";
        default:
          return "";
      }
    }

    private String meaning(CtlResponse r) {
      RequestType type = r.requestType().orElseThrow();
      switch (type) {
        case LOOK_UP:
          return r.is(io.github.bsdtalk.proto.Answer.SUCCESS)
              ? "yes: connect to " + r.address() + " (the caller's listening TCP socket)"
              : "no invitation: " + who + " becomes the caller";
        case ANNOUNCE:
          aliceRemoteId = r.id();
          return "rung; bob's daemon filed the announcement as id " + r.id();
        case LEAVE_INVITE:
          aliceLocalId = r.id();
          return "filed as id " + r.id() + ". Two daemons, two ids: alice holds " + aliceRemoteId
              + " (bob's daemon) and " + r.id() + " (her own), and must DELETE each where it lives."
              + " (Here one daemon plays both, so the ids share one counter.)";
        case DELETE:
          if (deleteExplained) {
            return "deleted";
          }
          deleteExplained = true;
          return "deleted. A DELETE reply's id is always 0: the daemon zeroes the id of every"
              + " reply first and only LEAVE_INVITE, LOOK_UP and ANNOUNCE fill one in (FreeBSD"
              + " libexec/talkd/process.c, rp->id_num = htonl(0))";
        default:
          return "";
      }
    }
  }

  private synchronized void record(SessionEvent e) {
    events.add(e);
  }

  private synchronized void markConnected(Instant time) {
    connectedAt = time;
  }

  private synchronized Instant connectedTime() {
    return connectedAt != null ? connectedAt : Instant.now();
  }

  /** The events in time order: the connect is recorded when the conversation starts. */
  private synchronized List<SessionEvent> recorded() {
    List<SessionEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(SessionEvent::time));
    return sorted;
  }

  private synchronized void banner(String text) {
    out.println();
    out.println("== " + text);
  }

  private synchronized void say(String who, String text) {
    out.printf("%-6s %s%n", who + ":", text);
  }

  private static String addr(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  private static String visible(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c == '\n' ? "\\n" : c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c)
          : String.valueOf(c));
    }
    return sb.toString();
  }
}

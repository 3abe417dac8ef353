package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.server.AccessPolicy;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The training run for talkd's class-data-sharing archive: the build runs it with {@code
 * -XX:DumpLoadedClassList}, and the classes it loads are archived for the daemon's cold start
 * (examples/pom.xml, {@code talk-examples.jsa}; the launcher {@code deploy/talkd} uses it).
 *
 * <p>It starts the daemon as {@code talkd} does, from options parsed by {@link TalkdQuickStart},
 * on 127.0.0.1 and a free port, and sends it what a talk session sends: LOOK_UP (no invitation),
 * LEAVE_INVITE, LOOK_UP (found), ANNOUNCE for a name nobody logs in as (so no terminal rings, and
 * utmp and logind are both asked), DELETE, and a datagram too short to be a request. Each must be
 * answered, or it exits 1 and the build fails.
 */
public final class TalkdTraining {

  /** A name nobody logs in as, so that the ANNOUNCE rings no terminal (at most 12 bytes). */
  static final String NOBODY = "bsdtalk.cds";

  private static final Duration WAIT = Duration.ofSeconds(2);
  private static final int TRIES = 3;

  private TalkdTraining() {}

  /**
   * Runs the training session.
   *
   * @param args none
   */
  public static void main(String[] args) {
    try {
      train(System.err); // silent when all went well: it runs in every build
    } catch (IOException | RuntimeException e) {
      System.err.println("talkd training: " + Main.failure(e));
      System.exit(1);
    }
  }

  /**
   * One session against a fresh daemon.
   *
   * @param err where the daemon would log (it logs nothing without -v)
   * @return the answers, in the order sent (the short datagram has none)
   */
  static List<Answer> train(PrintStream err) throws IOException {
    TalkdCommand talkd =
        TalkdQuickStart.parse(List.of("--bind", "127.0.0.1", "--port", "0")).orElseThrow();
    talkd.streams(System.in, System.out, err);
    // the entry point, which java -jar loads first: loading it (a class literal) archives it too
    Main.class.getModifiers();
    AccessPolicy access = talkd.checkedOptions();
    try {
      // what talkd asks before it serves: as root, how to run as nobody (only asked, never run)
      PrivilegeDrop.forThisProcess(talkd.user, talkd.group);
    } catch (PrivilegeDrop.Refusal e) {
      // this build machine could not drop root (no setpriv, say): the classes are loaded anyway
    }
    // what --inetd asks first (here standard input is no socket: it answers null, as a cold
    // daemon's first step loads the same classes)
    System.inheritedChannel();
    List<Answer> answers = new ArrayList<>();
    try (TalkdServer server = talkd.server(access, null);
        DatagramChannel client = DatagramChannel.open();
        Selector selector = Selector.open()) {
      Thread serving =
          new Thread(
              () -> {
                try {
                  server.serve();
                } catch (IOException e) {
                  // closed: the session is over
                }
              },
              "talkd-training");
      serving.setDaemon(true);
      serving.start();
      Inet4Address loopback = (Inet4Address) InetAddress.getByName("127.0.0.1");
      client.bind(new InetSocketAddress(loopback, 0));
      client.connect(server.localAddress());
      client.configureBlocking(false);
      client.register(selector, SelectionKey.OP_READ);
      TalkAddress control = TalkAddress.of((InetSocketAddress) client.getLocalAddress());
      TalkAddress rendezvous = TalkAddress.of(loopback, 40_000);
      int pid = (int) ProcessHandle.current().pid();
      answers.add(ask(client, selector, CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
          control, pid, "trainer", NOBODY, "")).answer());
      Reply left = ask(client, selector, CtlMessage.of(RequestType.LEAVE_INVITE, 0,
          rendezvous, control, pid, "trainer", NOBODY, ""));
      answers.add(left.answer());
      answers.add(ask(client, selector, CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
          control, pid, NOBODY, "trainer", "")).answer());
      answers.add(ask(client, selector, CtlMessage.of(RequestType.ANNOUNCE, 0, rendezvous,
          control, pid, "trainer", NOBODY, "")).answer());
      answers.add(ask(client, selector, CtlMessage.of(RequestType.DELETE, left.id(),
          TalkAddress.ANY, control, pid, "trainer", NOBODY, "")).answer());
      client.write(ByteBuffer.wrap(new byte[] {1, 0, 0})); // malformed: no answer comes
    }
    return answers;
  }

  /** Sends a request (again, at most {@link #TRIES} times) and returns the reply. */
  private static Reply ask(DatagramChannel client, Selector selector, CtlMessage request)
      throws IOException {
    ByteBuffer reply = ByteBuffer.allocate(CtlResponse.SIZE + 1);
    for (int i = 0; i < TRIES; i++) {
      client.write(ByteBuffer.wrap(TalkCodec.encode(request)));
      if (selector.select(WAIT.toMillis()) > 0) {
        selector.selectedKeys().clear();
        reply.clear();
        client.read(reply);
        reply.flip();
        Optional<Reply> decoded = decode(reply);
        if (decoded.isPresent()) {
          return decoded.get();
        }
      }
    }
    throw new SocketTimeoutException(
        "no answer to request type " + request.type() + " within " + TRIES + " x " + WAIT.toSeconds() + " s");
  }

  /** A reply's answer and id. */
  private record Reply(Answer answer, long id) {}

  private static Optional<Reply> decode(ByteBuffer reply) {
    try {
      CtlResponse r = TalkCodec.decodeResponse(reply);
      return Answer.fromCode(r.answer()).map(a -> new Reply(a, r.id()));
    } catch (MalformedPacketException e) {
      return Optional.empty(); // not a reply: send again
    }
  }
}

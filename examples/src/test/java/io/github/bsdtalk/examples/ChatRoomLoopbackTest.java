package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.Announcement;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The chat room behind {@code bridge}, called by our own talk clients through a daemon on loopback:
 * each member is a {@link TalkCall} to the room's name, as {@code talk lobby} is.
 */
class ChatRoomLoopbackTest {

  /** A hang guard only: each test takes well under a second. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private final LineQueue log = new LineQueue();
  private final List<Announcement> othersAsked = new CopyOnWriteArrayList<>();
  private final List<Member> members = new ArrayList<>();
  private ChatRoom room;

  /** What the room told its {@link RoomListener}, one line per call. */
  private final BlockingQueue<String> mirrored = new LinkedBlockingQueue<>();

  private final RoomListener mirror =
      new RoomListener() {
        @Override
        public void joined(String member) {
          mirrored.add("joined " + member);
        }

        @Override
        public void left(String member, String reason) {
          mirrored.add("left " + member + reason);
        }

        @Override
        public void line(String member, String text) {
          mirrored.add("line " + member + " " + text);
        }
      };

  private String nextMirrored() throws InterruptedException {
    String m = mirrored.poll(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(m).as("a RoomListener call within " + HANG_GUARD).isNotNull();
    return m;
  }
  private TalkdServer talkd;
  private int nextPid = 1000;

  /** One of our clients in the room; lines are read raw, as the room wrote them. */
  private record Member(String name, Conversation conversation, LineReader lines) {
    String nextLine() throws IOException {
      return lines.readLine().orElse("(end of stream)");
    }
  }

  @BeforeEach
  void openRoom() throws IOException {
    room = new ChatRoom("lobby", log.printStream(), TalkEndpoint.builder(), mirror);
    room.start();
    talkd =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(
                room.announcer(
                    a -> {
                      othersAsked.add(a);
                      return Answer.NOT_HERE;
                    }))
            .build();
    Background.start("talkd", talkd::serve);
  }

  @AfterEach
  void closeRoom() throws IOException {
    for (Member m : members) {
      m.conversation().close();
    }
    talkd.close();
    room.close();
  }

  private CallResult call(String user, String callee) throws IOException {
    return call(user, callee, talkd);
  }

  private CallResult call(String user, String callee, TalkdServer daemon) throws IOException {
    try (TalkCall r =
        TalkClient.newBuilder()
            .daemonPort(daemon.localAddress().getPort())
            .pid(nextPid++)
            .answerTimeout(Duration.ofSeconds(20))
            .build()
            .newCall(user, TalkPeer.parse(callee))) {
      return r.execute();
    }
  }

  /** {@code talk lobby} as {@code user}; returns once the room's welcome has arrived. */
  private Member join(String user) throws IOException {
    CallResult result = call(user, "lobby");
    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    Conversation c = result.conversation().orElseThrow();
    Member m = new Member(user, c, c.lines(false));
    members.add(m);
    // The room adds a member before welcoming it, so after this line it relays to the member.
    assertThat(m.nextLine())
        .startsWith("*** welcome to lobby; here: ")
        .endsWith(user + "@127.0.0.1");
    return m;
  }

  private static void withinGuard(Executable test) {
    assertTimeoutPreemptively(HANG_GUARD, test);
  }

  @Test
  void eachCallerConnectsAndIsToldWhoIsHereAndWhoJoins() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          Member bob = join("bob");
          assertThat(alice.nextLine()).isEqualTo("*** bob@127.0.0.1 joined");
          Member carol = join("carol");
          assertThat(alice.nextLine()).isEqualTo("*** carol@127.0.0.1 joined");
          assertThat(bob.nextLine()).isEqualTo("*** carol@127.0.0.1 joined");

          assertThat(room.size()).isEqualTo(3);
          assertThat(othersAsked).isEmpty();
          assertThat(carol.conversation().isClosed()).isFalse();
        });
  }

  @Test
  void welcomeNamesEveryoneAlreadyHere() {
    withinGuard(
        () -> {
          join("alice");
          CallResult bob = call("bob", "lobby");
          LineReader lines = bob.conversation().orElseThrow().lines(false);
          members.add(new Member("bob", bob.conversation().get(), lines));

          assertThat(lines.readLine())
              .contains("*** welcome to lobby; here: alice@127.0.0.1, bob@127.0.0.1");
        });
  }

  @Test
  void aLineReachesTheOthersWithTheSendersEditsAppliedAndIsNotEchoed() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          Member bob = join("bob");
          alice.nextLine(); // bob joined
          Member carol = join("carol");
          alice.nextLine(); // carol joined
          bob.nextLine(); // carol joined

          // alice's erase is DEL (EditChars.DEFAULT): "hellp" DEL "o" is "hello"
          alice.conversation().send("hellp\u007fo\n");

          assertThat(bob.nextLine()).isEqualTo("alice@127.0.0.1: hello");
          assertThat(carol.nextLine()).isEqualTo("alice@127.0.0.1: hello");

          // carol's kill (^U) and word-erase (^W): "wrong" ^U "say what" ^W "hi" is "say hi"
          carol.conversation().send("wrong\u0015say what\u0017hi\n");

          assertThat(bob.nextLine()).isEqualTo("carol@127.0.0.1: say hi");
          // alice's own "hello" was not sent back to her: her next line is carol's
          assertThat(alice.nextLine()).isEqualTo("carol@127.0.0.1: say hi");
        });
  }

  @Test
  void aMemberWhoHangsUpLeavesTheRoomAndTheOthersAreTold() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          Member bob = join("bob");
          alice.nextLine(); // bob joined
          Member carol = join("carol");
          alice.nextLine(); // carol joined
          bob.nextLine(); // carol joined

          carol.conversation().close();

          assertThat(alice.nextLine()).isEqualTo("*** carol@127.0.0.1 left");
          assertThat(bob.nextLine()).isEqualTo("*** carol@127.0.0.1 left");
          // the room removes a member before announcing the leave
          assertThat(room.size()).isEqualTo(2);
          log.awaitText("room lobby: carol@127.0.0.1 left", HANG_GUARD);

          // the room goes on without her
          bob.conversation().sendLine("still here");
          assertThat(alice.nextLine()).isEqualTo("bob@127.0.0.1: still here");
        });
  }

  @Test
  void controlCharactersAndEscapeSequencesArriveSanitised() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          Member bob = join("bob");
          alice.nextLine(); // bob joined

          // clear screen, colours, an OSC window title ended by BEL, a raw ^A, a tab, 8-bit CSI
          // (U+009B, sent as UTF-8) and a right-to-left override
          alice
              .conversation()
              .send(
                  "\u001b[2J\u001b[31mred\u001b[0m \u001b]0;owned\u0007 x\u0001y\tz \u009b6n"
                      + " \u202eabc\n");

          String line = bob.nextLine();
          assertThat(line)
              .isEqualTo("alice@127.0.0.1: ^[[2J^[[31mred^[[0m ^[]0;owned x^Ay\tz ?6n ?abc");
          assertThat(line.chars())
              .as("no C0 control but tab, no DEL, no C1 control")
              .allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f));
        });
  }

  @Test
  void roomWithANonAsciiNameAnswersCallsToItsUtf8Bytes() {
    withinGuard(
        () -> {
          // "café" is 5 bytes of UTF-8 on the wire (talk sends the bytes typed); the room must
          // compare bytes with bytes, not its Java string with the one-char-per-byte wire text
          try (ChatRoom cafe = new ChatRoom("caf\u00e9", log.printStream());
              TalkdServer daemon =
              TalkdServer.builder()
                  .bind(new InetSocketAddress("127.0.0.1", 0))
                  .announcer(cafe.announcer(a -> Answer.NOT_HERE))
                  .build()) {
            cafe.start();
            Background.start("talkd-cafe", daemon::serve);

            CallResult result = call("alice", "caf\u00e9", daemon);

            assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
            Conversation c = result.conversation().orElseThrow();
            members.add(new Member("alice", c, c.lines(false)));
            assertThat(members.get(0).nextLine())
                .isEqualTo("*** welcome to caf\u00e9; here: alice@127.0.0.1");
            assertThat(cafe.size()).isEqualTo(1);
          }
        });
  }

  @Test
  void aLongLineArrivesAsSeveralLinesThatEachStartWithTheSendersNameAndFitAnEightyColumnRow() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          Member bob = join("bob");
          alice.nextLine(); // bob joined

          String line = "0123456789".repeat(30);
          alice.conversation().sendLine(line);

          // netkit's window is 80 columns and wraps before drawing in the last one: 79 fit
          String prefix = "alice@127.0.0.1: ";
          List<String> got = new ArrayList<>();
          StringBuilder text = new StringBuilder();
          while (text.length() < line.length()) {
            String l = bob.nextLine();
            assertThat(l).startsWith(prefix).hasSizeLessThanOrEqualTo(79);
            got.add(l);
            text.append(l, prefix.length(), l.length());
          }
          assertThat(text.toString()).isEqualTo(line);
          assertThat(got).hasSize(5); // 300 / (79 - 17)
        });
  }

  @Test
  void anAnnounceDatagramAimingTheRoomAtALocalServiceIsAnsweredBadAddr() {
    withinGuard(
        () -> {
          // what an attacker sends: an ANNOUNCE to the room whose addr is this host's SMTP port
          TalkAddress smtp = TalkAddress.of(new InetSocketAddress("127.0.0.1", 25));
          try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            attacker.setSoTimeout((int) HANG_GUARD.toMillis());
            CtlMessage announce =
                CtlMessage.of(
                    RequestType.ANNOUNCE,
                    0,
                    smtp,
                    TalkAddress.of((InetSocketAddress) attacker.getLocalSocketAddress()),
                    4242,
                    "mallory",
                    "lobby",
                    "");
            byte[] out = TalkCodec.encode(announce);
            attacker.send(new DatagramPacket(out, out.length, talkd.localAddress()));
            byte[] in = new byte[CtlResponse.SIZE];
            DatagramPacket reply = new DatagramPacket(in, in.length);
            attacker.receive(reply);

            assertThat(TalkCodec.decodeResponse(in).knownAnswer()).contains(Answer.BADADDR);
          }
          log.awaitText(
              "room lobby: refused mallory@127.0.0.1: rendezvous address 127.0.0.1:25 is a"
                  + " privileged port",
              HANG_GUARD);
          assertThat(room.size()).isZero();
          assertThat(room.pending()).isZero();
        });
  }

  @Test
  void callerNamesAreLoggedAsUtf8ElseLatin1WithFormatCharactersReplaced() {
    withinGuard(
        () -> {
          // "\u00e9mile" sent as the one Latin-1 byte e9 (not UTF-8): shown as it is, not as
          // U+FFFD; "eve" + ZERO WIDTH SPACE (e2 80 8b, valid UTF-8, no C0/C1 control, so the
          // daemon lets it through): the invisible character shows as "?"
          assertThat(forgedAnnounceFrom("\u00e9mile")).contains(Answer.BADADDR);
          assertThat(forgedAnnounceFrom(TalkText.toWire("eve\u200b"))).contains(Answer.BADADDR);

          log.awaitText("room lobby: refused \u00e9mile@127.0.0.1: rendezvous address", HANG_GUARD);
          log.awaitText("room lobby: refused eve?@127.0.0.1: rendezvous address", HANG_GUARD);
        });
  }

  /** An ANNOUNCE to the room from {@code wireName} that the room refuses (its addr is port 25). */
  private Optional<Answer> forgedAnnounceFrom(String wireName) throws IOException {
    TalkAddress smtp = TalkAddress.of(new InetSocketAddress("127.0.0.1", 25));
    try (DatagramSocket caller = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      caller.setSoTimeout((int) HANG_GUARD.toMillis());
      CtlMessage announce =
          CtlMessage.of(
              RequestType.ANNOUNCE,
              0,
              smtp,
              TalkAddress.of((InetSocketAddress) caller.getLocalSocketAddress()),
              4242,
              wireName,
              "lobby",
              "");
      byte[] out = TalkCodec.encode(announce);
      caller.send(new DatagramPacket(out, out.length, talkd.localAddress()));
      byte[] in = new byte[CtlResponse.SIZE];
      caller.receive(new DatagramPacket(in, in.length));
      return TalkCodec.decodeResponse(in).knownAnswer();
    }
  }

  @Test
  void callsToOtherNamesGoToTheOtherAnnouncer() {
    withinGuard(
        () -> {
          CallResult result = call("alice", "bob");

          assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
          assertThat(result.answer()).contains(Answer.NOT_HERE);
          assertThat(othersAsked)
              .singleElement()
              .satisfies(
                  a -> {
                    assertThat(a.calleeName()).isEqualTo("bob");
                    assertThat(a.callerName()).isEqualTo("alice");
                  });
          assertThat(room.size()).isZero();
        });
  }

  @Test
  void theRoomListenerHearsJoinsLinesAndLeavesInOrder() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          Member bob = join("bob");
          alice.nextLine(); // bob joined
          alice.conversation().send("hellp\u007fo \u001b[2J\n");
          assertThat(bob.nextLine()).isEqualTo("alice@127.0.0.1: hello ^[[2J");
          bob.conversation().close();

          assertThat(nextMirrored()).isEqualTo("joined alice@127.0.0.1");
          assertThat(nextMirrored()).isEqualTo("joined bob@127.0.0.1");
          assertThat(nextMirrored()).isEqualTo("line alice@127.0.0.1 hello ^[[2J");
          assertThat(nextMirrored()).isEqualTo("left bob@127.0.0.1");
        });
  }

  @Test
  void aPostedLineReachesEveryMemberNamingItsSenderWithNoControlCharacter() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          Member bob = join("bob");
          alice.nextLine(); // bob joined

          room.post("nick\u0007", "hi \u001b[31mred\u0003 \u0001ACTION waves\u0001\r\nPRIVMSG x");

          String expected = "nick^G: hi ^[[31mred^C ^AACTION waves^A^M^JPRIVMSG x";
          assertThat(alice.nextLine()).isEqualTo(expected);
          assertThat(bob.nextLine()).isEqualTo(expected);
          assertThat(expected.chars()).allMatch(c -> c >= 0x20 && c != 0x7f);
        });
  }

  @Test
  void aLongPostedLineIsChunkedLikeAMembersLine() {
    withinGuard(
        () -> {
          Member alice = join("alice");
          String text = "0123456789".repeat(20);

          room.post("nick", text);

          StringBuilder got = new StringBuilder();
          while (got.length() < text.length()) {
            String l = alice.nextLine();
            assertThat(l).startsWith("nick: ").hasSizeLessThanOrEqualTo(79);
            got.append(l, "nick: ".length(), l.length());
          }
          assertThat(got.toString()).isEqualTo(text);
        });
  }

  @Test
  void membersListsWhoIsInTheRoomNow() {
    withinGuard(
        () -> {
          assertThat(room.members()).isEmpty();
          Member alice = join("alice");
          join("bob");
          assertThat(room.members()).containsExactly("alice@127.0.0.1", "bob@127.0.0.1");

          alice.conversation().close();
          mirrored.clear();
          while (!room.members().equals(List.of("bob@127.0.0.1"))) {
            // the leave is on the room's event thread: wait for the listener to hear it
            assertThat(nextMirrored()).startsWith("left");
          }
          assertThat(room.members()).containsExactly("bob@127.0.0.1");
        });
  }
}

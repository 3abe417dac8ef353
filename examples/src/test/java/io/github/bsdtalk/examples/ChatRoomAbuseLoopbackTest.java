package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineAssembler;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.endpoint.EndpointLimits;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.server.Announcement;
import io.github.bsdtalk.server.Announcer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The room under attack: announcements that point it elsewhere, floods of joins, members who stop
 * reading or never speak. Calls go straight to the room's announcer, as the daemon would make them;
 * each caller is a listening socket on loopback standing in for a caller's talk. The room's
 * connections go through a recording {@link io.github.bsdtalk.endpoint.Connector}, and idle time through a clock the
 * test moves.
 */
class ChatRoomAbuseLoopbackTest {

  /** A hang guard only: each test takes well under a second. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration IDLE = Duration.ofMinutes(10);
  private static final Duration HANDSHAKE = Duration.ofSeconds(20);

  private final LineQueue log = new LineQueue();
  private final TestClock clock = new TestClock();
  private final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();
  private final List<Caller> callers = new ArrayList<>();
  private ChatRoom room;
  private Announcer announcer;

  /** Callers whose connection from the room gets a small SO_SNDBUF, to fill it quickly. */
  private final List<InetSocketAddress> smallSendBuffer = new CopyOnWriteArrayList<>();

  /** SO_SNDBUF and SO_RCVBUF for a caller who stops reading: a few kilobytes fill them. */
  private static final int SMALL_BUFFER = 4096;

  private static final class TestClock implements InstantSource {
    private volatile Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    void set(Instant t) {
      now = t;
    }
  }

  private void openRoom(int maxMembers, int maxPending, int maxQueuedBytes, Duration handshake) {
    EndpointLimits limits =
        new EndpointLimits(
            maxMembers,
            maxPending,
            maxQueuedBytes,
            LineAssembler.DEFAULT_MAX_LINE_LENGTH,
            handshake,
            IDLE);
    TalkEndpoint.Builder endpoint =
        TalkEndpoint.builder()
            .limits(limits)
            .clock(clock)
            .noIdleChecks() // the tests call expireIdle() after moving the clock
            .connector(
                (address, mine, timeout) -> {
                  connects.add(address);
                  Socket s = new Socket();
                  if (smallSendBuffer.contains(address)) {
                    s.setSendBufferSize(SMALL_BUFFER);
                  }
                  s.connect(address, (int) timeout.toMillis());
                  return Conversation.start(s, mine, timeout);
                });
    room = new ChatRoom("lobby", log.printStream(), endpoint, RoomListener.NONE);
    room.start();
    announcer = room.announcer(a -> Answer.NOT_HERE);
  }

  private void openRoom() {
    openRoom(64, 16, 64 * 1024, HANDSHAKE);
  }

  @AfterEach
  void hangUpEveryone() throws IOException {
    for (Caller c : callers) {
      c.close();
    }
    if (room != null) {
      room.close();
    }
  }

  /** A caller's talk: listening on its rendezvous port, as its ANNOUNCE says. */
  private final class Caller implements AutoCloseable {
    final String user;
    final ServerSocket listener;
    Conversation conversation;
    LineReader lines;

    /** The room's connection, taken but never answered (see {@link #acceptOnly()}). */
    Socket silent;

    Caller(String user, int receiveBuffer) throws IOException {
      this.user = user;
      listener = new ServerSocket();
      if (receiveBuffer > 0) {
        listener.setReceiveBufferSize(receiveBuffer); // accepted sockets inherit it
      }
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      listener.setSoTimeout((int) HANG_GUARD.toMillis());
      callers.add(this);
    }

    InetSocketAddress address() {
      return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    Answer call() {
      return announcer.announce(announcement(user, "127.0.0.1", address()));
    }

    /** Takes the room's connection and exchanges edit characters, as talk does. */
    Caller answer() throws IOException {
      conversation = Conversation.start(listener.accept(), EditChars.DEFAULT, HANG_GUARD);
      lines = conversation.lines(false);
      return this;
    }

    /** Takes the room's connection and sends nothing: a talk that never completes the handshake. */
    void acceptOnly() throws IOException {
      silent = listener.accept();
    }

    String nextLine() throws IOException {
      return lines.readLine().orElse("(end of stream)");
    }

    /** Reads lines until one equals {@code line}; returns every line read, that one included. */
    List<String> readUntil(String line) throws IOException {
      List<String> seen = new ArrayList<>();
      String l;
      do {
        l = lines.readLine().orElseThrow(() -> new AssertionError("end of stream; saw " + seen));
        seen.add(l);
      } while (!l.equals(line));
      return seen;
    }

    @Override
    public void close() throws IOException {
      if (conversation != null) {
        conversation.close();
      }
      if (silent != null) {
        silent.close();
      }
      listener.close();
    }
  }

  /** {@code talk lobby} as {@code user}: called and answered, its welcome read. */
  private Caller join(String user) throws IOException {
    return join(user, 0);
  }

  private Caller join(String user, int receiveBuffer) throws IOException {
    Caller c = new Caller(user, receiveBuffer);
    if (receiveBuffer > 0) {
      smallSendBuffer.add(c.address());
    }
    assertThat(c.call()).isEqualTo(Answer.SUCCESS);
    c.answer();
    assertThat(c.nextLine()).startsWith("*** welcome to lobby; here: ");
    return c;
  }

  private static Announcement announcement(String user, String fromHost, InetSocketAddress addr) {
    try {
      TalkAddress rendezvous = TalkAddress.of(addr);
      CtlMessage m =
          CtlMessage.of(
              RequestType.ANNOUNCE,
              0,
              rendezvous,
              TalkAddress.of(new InetSocketAddress(fromHost, 40000)),
              4242,
              user,
              "lobby",
              "");
      return new Announcement(
          user, "lobby", "", InetAddress.getByName(fromHost), rendezvous, m, Instant.EPOCH);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void withinGuard(Executable test) {
    assertTimeoutPreemptively(HANG_GUARD, test);
  }

  // ---------------------------------------------------------------- where the room connects

  // The refusal rules themselves (another host, privileged ports) are the endpoint's, tested in
  // talk-endpoint's TalkEndpointTest; the room's log line for one is in ChatRoomLoopbackTest.

  @Test
  void aCallerOnItsOwnHostAndAnUnprivilegedPortJoins() {
    withinGuard(
        () -> {
          openRoom();
          Caller alice = join("alice");

          assertThat(connects).containsExactly(alice.address());
          assertThat(room.size()).isEqualTo(1);
        });
  }

  // ---------------------------------------------------------------- slow, idle and many members

  @Test
  void aMemberWhoNeverReadsIsDroppedAndTheOthersGetEveryLine() {
    withinGuard(
        () -> {
          openRoom(64, 16, 8192, HANDSHAKE);
          Caller alice = join("alice", SMALL_BUFFER); // never reads again
          Caller bob = join("bob");
          Caller carol = join("carol");
          assertThat(bob.nextLine()).isEqualTo("*** carol@127.0.0.1 joined");

          // 40 rounds of 50 lines of 40 characters (112 KB relayed): far more than alice's
          // buffers and queue hold. Carol reads each round before the next, so her own queue
          // never holds more than a round (2.8 KB).
          List<String> carolGot = new ArrayList<>();
          for (int round = 0; round < 40; round++) {
            StringBuilder typed = new StringBuilder();
            for (int i = 1; i <= 50; i++) {
              typed.append(bobLine(round * 50 + i)).append('\n');
            }
            bob.conversation.send(typed.toString());
            carolGot.addAll(carol.readUntil("bob@127.0.0.1: " + bobLine(round * 50 + 50)));
          }

          assertThat(carolGot).filteredOn(l -> l.startsWith("bob@127.0.0.1: line ")).hasSize(2000);
          assertThat(carolGot).contains("*** alice@127.0.0.1 left (not reading)");
          log.awaitText("room lobby: dropping alice@127.0.0.1: not reading", HANG_GUARD);
          assertThat(room.size()).isEqualTo(2);
        });
  }

  private static String bobLine(int i) {
    return String.format("line %04d %s", i, "x".repeat(30));
  }

  @Test
  void aBurstOfJoinsNeverFillsTheRoomBeyondItsCap() {
    withinGuard(
        () -> {
          int cap = 8;
          int burst = 20;
          openRoom(cap, cap, 64 * 1024, HANDSHAKE);
          List<Caller> burstCallers = new ArrayList<>();
          for (int i = 0; i < burst; i++) {
            burstCallers.add(new Caller("u" + i, 0));
          }
          // All calls at once, from as many threads; none is answered (edit characters) before
          // every call has been made, so every slot is still pending when the last call comes.
          ExecutorService pool = Executors.newFixedThreadPool(burst);
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Answer>> answers = new ArrayList<>();
          for (Caller c : burstCallers) {
            answers.add(
                pool.submit(
                    () -> {
                      go.await();
                      return c.call();
                    }));
          }
          go.countDown();
          List<Caller> admitted = new ArrayList<>();
          for (int i = 0; i < burst; i++) {
            if (answers.get(i).get() == Answer.SUCCESS) {
              admitted.add(burstCallers.get(i));
            }
          }
          pool.shutdown();

          assertThat(admitted).hasSize(cap);
          assertThat(room.pending()).isEqualTo(cap);

          for (Caller c : admitted) {
            c.answer();
          }
          // the room welcomes a member once he is in: after every welcome, all are in
          for (Caller c : admitted) {
            assertThat(c.nextLine()).startsWith("*** welcome to lobby; here: ");
          }
          assertThat(room.size()).isEqualTo(cap);
          assertThat(room.pending()).isZero();
          // the refused callers were never connected to
          assertThat(connects)
              .containsExactlyInAnyOrderElementsOf(admitted.stream().map(Caller::address).toList());

          // full: the next caller is refused at once
          Caller late = new Caller("late", 0);
          assertThat(late.call()).isEqualTo(Answer.FAILED);
          log.awaitText("room lobby: refused late@127.0.0.1: room full", HANG_GUARD);

          // one leaves: his slot is free again
          Caller first = admitted.get(0);
          first.close();
          admitted.get(1).readUntil("*** " + first.user + "@127.0.0.1 left");
          assertThat(late.call()).isEqualTo(Answer.SUCCESS);
          late.answer();
          assertThat(late.nextLine()).startsWith("*** welcome to lobby; here: ");
          assertThat(room.size()).isEqualTo(cap);
          // connected to once: for the call that was answered SUCCESS, not the refused one
          assertThat(connects).filteredOn(late.address()::equals).hasSize(1);
        });
  }

  @Test
  void joinsBeyondThePendingCapAreRefusedAtOnce() {
    withinGuard(
        () -> {
          openRoom(64, 2, 64 * 1024, HANDSHAKE);
          // Two callers whose talk takes the connection and never sends its edit characters.
          Caller silent1 = new Caller("silent1", 0);
          Caller silent2 = new Caller("silent2", 0);
          assertThat(silent1.call()).isEqualTo(Answer.SUCCESS);
          assertThat(silent2.call()).isEqualTo(Answer.SUCCESS);
          silent1.acceptOnly();
          silent2.acceptOnly();
          assertThat(room.pending()).isEqualTo(2);

          Caller third = new Caller("third", 0);
          assertThat(third.call()).isEqualTo(Answer.FAILED);
          assertThat(log.nextLine(HANG_GUARD))
              .isEqualTo("room lobby: refused third@127.0.0.1: 2 joins pending");

          // One silent caller goes away: that handshake fails, and its slot is free again.
          silent1.close();
          assertThat(log.nextLine(HANG_GUARD))
              .startsWith("room lobby: could not connect to silent1@127.0.0.1: ");
          assertThat(room.pending()).isEqualTo(1);
          assertThat(third.call()).isEqualTo(Answer.SUCCESS);
          third.answer();
          assertThat(third.nextLine()).isEqualTo("*** welcome to lobby; here: third@127.0.0.1");
          // third was connected to once: for the call answered SUCCESS, not the refused one
          assertThat(connects)
              .containsExactlyInAnyOrder(silent1.address(), silent2.address(), third.address());
        });
  }

  @Test
  void aCallerWhoNeverSendsItsEditCharactersTimesOutAndFreesItsSlot() {
    withinGuard(
        () -> {
          // The edit-character read has no seam but its Duration: keep it tiny.
          Duration handshake = Duration.ofMillis(100);
          openRoom(64, 1, 64 * 1024, handshake);
          Caller silent = new Caller("silent", 0);
          assertThat(silent.call()).isEqualTo(Answer.SUCCESS);

          assertThat(log.nextLine(HANG_GUARD))
              .startsWith("room lobby: could not connect to silent@127.0.0.1: ");
          assertThat(room.pending()).isZero();
          assertThat(room.size()).isZero();
          // the slot is free again
          Caller next = new Caller("next", 0);
          assertThat(next.call()).isEqualTo(Answer.SUCCESS);
        });
  }

  @Test
  void anIdleMemberIsToldAndDroppedAfterTheIdleTimeAndOnlyThen() {
    withinGuard(
        () -> {
          openRoom();
          Caller alice = join("alice");
          Caller bob = join("bob");
          assertThat(alice.nextLine()).isEqualTo("*** bob@127.0.0.1 joined");

          // a second short of the idle time, bob speaks; alice has said nothing since T0
          clock.set(T0.plus(IDLE).minusSeconds(1));
          bob.conversation.sendLine("anyone?");
          assertThat(alice.nextLine()).isEqualTo("bob@127.0.0.1: anyone?");
          room.expireIdle();
          assertThat(log.text()).doesNotContain("dropping");

          // at the idle time alice goes; bob, who spoke a second ago, stays
          clock.set(T0.plus(IDLE));
          room.expireIdle();

          assertThat(alice.nextLine()).isEqualTo("*** nothing sent for 600 s: goodbye");
          log.awaitText("room lobby: dropping alice@127.0.0.1: nothing sent for 600 s", HANG_GUARD);
          assertThat(alice.lines.readLine()).isEmpty();
          assertThat(bob.nextLine()).isEqualTo("*** alice@127.0.0.1 left (idle)");
          assertThat(room.size()).isEqualTo(1);
          assertThat(log.text()).doesNotContain("dropping bob");
        });
  }

  @Test
  void anIdleMemberWhoAlsoStopsReadingIsCutOffAtTheNextCheck() {
    withinGuard(
        () -> {
          openRoom(64, 16, 1024 * 1024, HANDSHAKE);
          Caller alice = join("alice", SMALL_BUFFER); // neither reads nor speaks
          Caller bob = join("bob");
          Caller carol = join("carol");
          assertThat(bob.nextLine()).isEqualTo("*** carol@127.0.0.1 joined");
          // 76 KB: more than alice's socket buffers, less than her queue, so her writer is stuck
          bob.conversation.send(("y".repeat(60) + "\n").repeat(1000) + "done\n");
          carol.readUntil("bob@127.0.0.1: done");

          clock.set(T0.plus(IDLE));
          bob.conversation.sendLine("still here"); // bob and carol are not idle
          carol.conversation.sendLine("me too");
          carol.readUntil("bob@127.0.0.1: still here");
          bob.readUntil("carol@127.0.0.1: me too");

          room.expireIdle(); // alice is told, but the goodbye cannot get through
          log.awaitText("dropping alice@127.0.0.1: nothing sent", HANG_GUARD);
          room.expireIdle(); // so the next check hangs up on her

          bob.readUntil("*** alice@127.0.0.1 left (idle)");
          assertThat(room.size()).isEqualTo(2);
          assertThat(log.text()).doesNotContain("dropping bob").doesNotContain("dropping carol");
        });
  }

  // ---------------------------------------------------------------- long lines

  @Test
  void aLineSizedToWrapIsRelayedInChunksThatEachCarryTheSendersName() {
    withinGuard(
        () -> {
          openRoom();
          Caller alice = join("alice");
          Caller bob = join("bob");
          assertThat(alice.nextLine()).isEqualTo("*** bob@127.0.0.1 joined");

          // On an 80-column netkit screen the text after the padding would start the next row,
          // where it reads as a line from alice.
          String prefix = "bob@127.0.0.1: ";
          String forged = "alice@127.0.0.1: my password is hunter2";
          String line = "z".repeat(80 - prefix.length()) + forged;
          bob.conversation.sendLine(line);

          List<String> got = List.of(alice.nextLine(), alice.nextLine());
          assertThat(got).allSatisfy(l -> assertThat(l).startsWith(prefix));
          assertThat(got).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(79));
          assertThat(got.get(0).substring(prefix.length()) + got.get(1).substring(prefix.length()))
              .isEqualTo(line);
        });
  }
}

package io.github.bsdtalk.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.server.Announcement;
import io.github.bsdtalk.server.Announcer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoint on a fake network: in-memory connections, a fake dialer, a clock the test moves. */
class TalkEndpointTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Duration IDLE = Duration.ofMinutes(10);

  private final FakeNetwork network = new FakeNetwork();
  private final Recorder recorder = new Recorder();
  private final List<Announcement> othersAsked = new CopyOnWriteArrayList<>();
  /** The endpoint's clock: the test moves it. */
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private TalkEndpoint endpoint;
  private Announcer announcer;
  private int nextPort = 40001;

  private void open(EndpointLimits limits, ConversationListener listener, Dialer dialer) {
    TalkEndpoint.Builder b =
        TalkEndpoint.builder()
            .acceptor(
                call ->
                    call.calleeName().equals("lobby") ? Optional.of(listener) : Optional.empty())
            .connector(network)
            .limits(limits)
            .clock(now::get)
            .noIdleChecks();
    if (dialer != null) {
      b.dialer(dialer);
    }
    endpoint = b.build();
    endpoint.start();
    announcer =
        endpoint.announcer(
            a -> {
              othersAsked.add(a);
              return Answer.NOT_HERE;
            });
  }

  private void open() {
    open(EndpointLimits.DEFAULTS.withIdleTimeout(IDLE), recorder, null);
  }

  @AfterEach
  void closeEndpoint() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private static void withinGuard(Executable test) {
    assertTimeoutPreemptively(HANG_GUARD, test);
  }

  private Answer call(String user) {
    return announcer.announce(
        FakeNetwork.announcement(user, "lobby", "127.0.0.1", FakeNetwork.address(nextPort++)));
  }

  /** Calls the endpoint as {@code user} and returns the connected peer. */
  private FakePeer join(String user) throws InterruptedException {
    assertThat(call(user)).isEqualTo(Answer.SUCCESS);
    FakePeer peer = network.nextPeer();
    assertThat(recorder.next()).isEqualTo("connected " + user + "@127.0.0.1");
    return peer;
  }

  private TalkConversation conversationOf(String user) {
    return recorder.conversations.stream()
        .filter(c -> c.peerName().equals(user))
        .findFirst()
        .orElseThrow();
  }

  // ------------------------------------------------------------------ answering

  @Test
  void anAnsweredCallDeliversTheBytesAndTheLinesWithThePeersEditsApplied() {
    withinGuard(
        () -> {
          open();
          FakePeer alice = join("alice");

          // alice's erase is DEL (EditChars.DEFAULT): "hellp" DEL "o" is "hello"
          alice.type("hellp\u007fo\n");
          assertThat(recorder.next()).isEqualTo("received alice hellp\u007fo\n");
          assertThat(recorder.next()).isEqualTo("line alice hello");

          // kill (^U), word-erase (^W), and an escape sequence made harmless
          alice.type("wrong\u0015say what\u0017hi \u001b[2J\n");
          recorder.next(); // the bytes
          assertThat(recorder.next()).isEqualTo("line alice say hi ^[[2J");

          TalkConversation c = conversationOf("alice");
          assertThat(c.direction()).isEqualTo(Direction.ANSWERED);
          assertThat(c.localName()).isEqualTo("lobby");
          assertThat(c.peerHost()).isEqualTo("127.0.0.1");
          assertThat(c.peerEditChars()).isEqualTo(EditChars.DEFAULT);
          assertThat(c.peerAddress()).isEmpty();
          assertThat(c.isOpen()).isTrue();
          assertThat(c.closeReason()).isEmpty();
          assertThat(endpoint.size()).isEqualTo(1);
          assertThat(endpoint.conversations()).containsExactly(c);
          assertThat(othersAsked).isEmpty();
        });
  }

  @Test
  void sendsReachThePeerInOrder() {
    withinGuard(
        () -> {
          open();
          FakePeer alice = join("alice");
          TalkConversation c = conversationOf("alice");

          assertThat(c.sendLine("one")).isTrue();
          assertThat(c.send("tw")).isTrue();
          assertThat(c.send(new byte[] {'o', '\n'})).isTrue();

          assertThat(alice.readLine()).isEqualTo("one");
          assertThat(alice.readLine()).isEqualTo("two");
        });
  }

  @Test
  void callsToOtherNamesGoToTheOtherAnnouncer() {
    withinGuard(
        () -> {
          open();
          Announcement toBob =
              FakeNetwork.announcement("alice", "bob", "127.0.0.1", FakeNetwork.address(40000));

          assertThat(announcer.announce(toBob)).isEqualTo(Answer.NOT_HERE);
          assertThat(othersAsked).containsExactly(toBob);
          assertThat(network.connects).isEmpty();
        });
  }

  @Test
  void reachableAnswersSuccessForTheAcceptorsNamesAndAsksTheOthersForTheRest() {
    open();
    Announcer others =
        new Announcer() {
          @Override
          public Answer announce(Announcement a) {
            return Answer.NOT_HERE;
          }

          @Override
          public Answer reachable(Announcement a) {
            return Answer.PERMISSION_DENIED;
          }
        };
    Announcer a = endpoint.announcer(others);
    InetSocketAddress addr = FakeNetwork.address(40000);

    assertThat(a.reachable(FakeNetwork.announcement("x", "lobby", "127.0.0.1", addr)))
        .isEqualTo(Answer.SUCCESS);
    assertThat(a.reachable(FakeNetwork.announcement("x", "bob", "127.0.0.1", addr)))
        .isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(network.connects).isEmpty();
  }

  @ParameterizedTest(name = "from {0} naming {1}:{2}")
  @CsvSource({
    "10.1.2.3, 127.0.0.1, 2525, 'is not on the calling host 10.1.2.3'",
    "127.0.0.1, 127.0.0.2, 40000, 'is not on the calling host 127.0.0.1'",
    "127.0.0.1, 127.0.0.1, 25, 'is a privileged port'",
    "127.0.0.1, 127.0.0.1, 1023, 'is a privileged port'",
    "127.0.0.1, 127.0.0.1, 0, 'is a privileged port'",
  })
  void aCallNamingAnotherHostOrAPrivilegedPortIsAnsweredBadAddrAndNothingIsConnected(
      String from, String host, int port, String why) {
    withinGuard(
        () -> {
          open();
          Answer answer =
              announcer.announce(
                  FakeNetwork.announcement(
                      "mallory", "lobby", from, new InetSocketAddress(host, port)));

          assertThat(answer).isEqualTo(Answer.BADADDR);
          assertThat(recorder.next())
              .isEqualTo(
                  "notConnected mallory@"
                      + from
                      + " BAD_ADDRESS rendezvous address "
                      + host
                      + ":"
                      + port
                      + " "
                      + why);
          assertThat(network.connects).isEmpty();
          assertThat(endpoint.pending()).isZero();
        });
  }

  @Test
  void theFirstUnprivilegedPortOnTheCallersHostIsFine() {
    IncomingCall at1024 =
        IncomingCall.of(
            FakeNetwork.announcement("a", "lobby", "127.0.0.1", FakeNetwork.address(1024)));
    IncomingCall at1023 =
        IncomingCall.of(
            FakeNetwork.announcement("a", "lobby", "127.0.0.1", FakeNetwork.address(1023)));

    assertThat(at1024.rendezvousProblem()).isEmpty();
    assertThat(at1023.rendezvousProblem()).contains(
        "rendezvous address 127.0.0.1:1023 is a privileged port");
  }

  @Test
  void callerNamesAreShownWithNothingATerminalWouldActOn() {
    IncomingCall call =
        IncomingCall.of(
            FakeNetwork.announcement("eve\u001b[2J", "lobby", "127.0.0.1", FakeNetwork.address(1)));

    assertThat(call.caller()).doesNotContain("\u001b").endsWith("@127.0.0.1");
  }

  @Test
  void callsBeyondThePendingCapAreRefusedAtOnceAndTheSlotIsFreeAgainWhenAHandshakeFails() {
    withinGuard(
        () -> {
          open(EndpointLimits.DEFAULTS.withMaxPending(2), recorder, null);
          CountDownLatch hold = new CountDownLatch(1);
          InetSocketAddress a1 = FakeNetwork.address(41001);
          InetSocketAddress a2 = FakeNetwork.address(41002);
          network.held.put(a1, hold);
          network.held.put(a2, hold);
          network.refused.add(a1);
          assertThat(announcer.announce(FakeNetwork.announcement("s1", "lobby", "127.0.0.1", a1)))
              .isEqualTo(Answer.SUCCESS);
          assertThat(announcer.announce(FakeNetwork.announcement("s2", "lobby", "127.0.0.1", a2)))
              .isEqualTo(Answer.SUCCESS);
          assertThat(endpoint.pending()).isEqualTo(2);

          assertThat(call("third")).isEqualTo(Answer.FAILED);
          assertThat(recorder.next())
              .isEqualTo("notConnected third@127.0.0.1 TOO_MANY_PENDING 2 calls pending");

          hold.countDown(); // s1's connect is refused, s2's goes through
          List<String> two = List.of(recorder.next(), recorder.next());
          assertThat(two)
              .containsExactlyInAnyOrder(
                  "notConnected s1@127.0.0.1 HANDSHAKE_FAILED Connection refused",
                  "connected s2@127.0.0.1");
          assertThat(endpoint.pending()).isZero();
          assertThat(endpoint.size()).isEqualTo(1);
        });
  }

  @Test
  void callsBeyondTheConversationCapAreRefusedUntilOneEnds() {
    withinGuard(
        () -> {
          open(EndpointLimits.DEFAULTS.withMaxConversations(2), recorder, null);
          FakePeer alice = join("alice");
          join("bob");
          int connects = network.connects.size();

          assertThat(call("carol")).isEqualTo(Answer.FAILED);
          assertThat(recorder.next())
              .isEqualTo("notConnected carol@127.0.0.1 ENDPOINT_FULL endpoint full");
          assertThat(network.connects).hasSize(connects);

          alice.hangUp();
          assertThat(recorder.next()).isEqualTo("closed alice PEER_HUNG_UP");
          join("carol");
          assertThat(endpoint.size()).isEqualTo(2);
        });
  }

  @Test
  void callsBeforeStartAreRefused() {
    TalkEndpoint idle = TalkEndpoint.builder().acceptor(c -> Optional.of(recorder)).build();
    try {
      Answer a =
          idle.announcer(x -> Answer.NOT_HERE)
              .announce(
                  FakeNetwork.announcement("a", "lobby", "127.0.0.1", FakeNetwork.address(40000)));
      assertThat(a).isEqualTo(Answer.FAILED);
      assertThatThrownBy(() -> idle.execute(() -> {}))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      idle.close();
    }
    assertThat(idle.execute(() -> {})).isFalse();
    assertThatThrownBy(idle::start).isInstanceOf(IllegalStateException.class);
  }

  // ------------------------------------------------------------------ output

  @Test
  void aPeerWhoNeverReadsIsDroppedWhenHisOutboxOverflowsAndTheOthersGetEverything() {
    withinGuard(
        () -> {
          open(EndpointLimits.DEFAULTS.withMaxQueuedBytes(4096), recorder, null);
          network.receiveBuffers.put(FakeNetwork.address(nextPort), 64);
          join("alice"); // never reads
          FakePeer bob = join("bob");
          TalkConversation toAlice = conversationOf("alice");
          TalkConversation toBob = conversationOf("bob");

          // 100 rounds of 10 lines of 40 bytes (40 KB): far more than alice's pipe and outbox
          int refused = 0;
          boolean overflowed = false;
          for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 10; i++) {
              String line = String.format("line %04d %s", round * 10 + i, "x".repeat(30));
              boolean wasOpen = toAlice.isOpen();
              if (!toAlice.sendLine(line)) {
                refused++;
                overflowed |= wasOpen; // the send that overflows is refused too
              }
              assertThat(toAlice.queuedBytes()).isLessThanOrEqualTo(4096);
              assertThat(toBob.sendLine(line)).isTrue();
            }
            for (int i = 0; i < 10; i++) {
              assertThat(bob.readLine()).startsWith(String.format("line %04d ", round * 10 + i));
            }
          }

          assertThat(refused).isPositive();
          assertThat(overflowed).isTrue();
          assertThat(recorder.nextStartingWith("closed alice"))
              .isEqualTo("closed alice OUTPUT_OVERFLOW");
          assertThat(toAlice.closeReason()).contains(CloseReason.OUTPUT_OVERFLOW);
          assertThat(toAlice.queuedBytes()).isZero();
          assertThat(toBob.isOpen()).isTrue();
          assertThat(endpoint.size()).isEqualTo(1);
        });
  }

  // ------------------------------------------------------------------ idle

  /** Says goodbye to a peer the endpoint drops for idleness. */
  private static final class SayingGoodbye extends Recorder {
    @Override
    public void closing(TalkConversation c, CloseReason reason) {
      c.sendLine("goodbye");
      super.closing(c, reason);
    }
  }

  @Test
  void anIdlePeerIsToldAndDroppedAfterTheIdleTimeAndOnlyThen() {
    withinGuard(
        () -> {
          Recorder sayingGoodbye = new SayingGoodbye();
          open(EndpointLimits.DEFAULTS.withIdleTimeout(IDLE), sayingGoodbye, null);
          assertThat(call("alice")).isEqualTo(Answer.SUCCESS);
          FakePeer alice = network.nextPeer();
          assertThat(call("bob")).isEqualTo(Answer.SUCCESS);
          FakePeer bob = network.nextPeer();
          sayingGoodbye.nextStartingWith("connected bob");

          now.set(T0.plus(IDLE).minusSeconds(1));
          bob.type("anyone?\n");
          sayingGoodbye.nextStartingWith("line bob anyone?");
          endpoint.expireIdle();
          assertThat(endpoint.size()).isEqualTo(2);

          now.set(T0.plus(IDLE));
          endpoint.expireIdle();

          assertThat(sayingGoodbye.next()).isEqualTo("closing alice IDLE");
          assertThat(alice.readLine()).isEqualTo("goodbye");
          assertThat(alice.readLine()).isEqualTo("(end of stream)");
          assertThat(sayingGoodbye.next()).isEqualTo("closed alice IDLE");
          assertThat(endpoint.size()).isEqualTo(1);
          assertThat(endpoint.conversations().get(0).peerName()).isEqualTo("bob");
          assertThat(endpoint.conversations().get(0).lastInput())
              .isEqualTo(T0.plus(IDLE).minusSeconds(1));
        });
  }

  @Test
  void anIdlePeerWhoAlsoDoesNotReadIsCutOffAtTheNextCheck() {
    withinGuard(
        () -> {
          Recorder sayingGoodbye = new SayingGoodbye();
          open(EndpointLimits.DEFAULTS.withIdleTimeout(IDLE), sayingGoodbye, null);
          network.receiveBuffers.put(FakeNetwork.address(nextPort), 16);
          assertThat(call("alice")).isEqualTo(Answer.SUCCESS);
          sayingGoodbye.nextStartingWith("connected alice");
          TalkConversation c = sayingGoodbye.conversations.get(0);
          // more than her 16 bytes: her writer is stuck on the first chunk, the others wait
          c.send("z".repeat(100));
          c.send("z".repeat(100));
          c.send("z".repeat(100));
          assertThat(c.queuedBytes()).isBetween(200, 300);

          now.set(T0.plus(IDLE));
          endpoint.expireIdle();
          assertThat(sayingGoodbye.next()).isEqualTo("closing alice IDLE");
          assertThat(c.isOpen()).isTrue(); // the goodbye cannot get through
          endpoint.expireIdle();

          assertThat(sayingGoodbye.next()).isEqualTo("closed alice IDLE");
          assertThat(c.closeReason()).contains(CloseReason.IDLE);
        });
  }

  // ------------------------------------------------------------------ closing

  @Test
  void closeEndsEveryConversationWithEndpointClosedAndIsIdempotent() {
    withinGuard(
        () -> {
          open();
          FakePeer alice = join("alice");
          join("bob");

          endpoint.close();
          endpoint.close();

          // close() returns once the last events are delivered
          List<String> two = recorder.drain();
          assertThat(two)
              .containsExactlyInAnyOrder("closed alice ENDPOINT_CLOSED", "closed bob ENDPOINT_CLOSED");
          assertThat(alice.readLine()).isEqualTo("(end of stream)");
          assertThat(endpoint.size()).isZero();
          assertThat(call("carol")).isEqualTo(Answer.FAILED);
          assertThat(endpoint.execute(() -> {})).isFalse();
        });
  }

  @Test
  void aConversationClosedLocallyEndsWithClosedLocallyAndSendsNoMore() {
    withinGuard(
        () -> {
          open();
          FakePeer alice = join("alice");
          TalkConversation c = conversationOf("alice");

          c.close();
          c.close();

          assertThat(recorder.next()).isEqualTo("closed alice CLOSED_LOCALLY");
          assertThat(c.sendLine("too late")).isFalse();
          assertThat(alice.readLine()).isEqualTo("(end of stream)");
        });
  }

  @Test
  void theUnfinishedLineOfAPeerWhoHangsUpIsDeliveredBeforeTheEnd() {
    withinGuard(
        () -> {
          open();
          FakePeer alice = join("alice");
          alice.type("bye");
          alice.hangUp();

          assertThat(recorder.next()).isEqualTo("received alice bye");
          assertThat(recorder.next()).isEqualTo("line alice bye");
          assertThat(recorder.next()).isEqualTo("closed alice PEER_HUNG_UP");
        });
  }

  // ------------------------------------------------------------------ events

  @Test
  void aListenerThatThrowsDoesNotStopTheEvents() {
    withinGuard(
        () -> {
          Recorder throwing =
              new Recorder() {
                @Override
                public void line(TalkConversation c, String line) {
                  super.line(c, line);
                  throw new IllegalStateException("listener bug");
                }
              };
          open(EndpointLimits.DEFAULTS, throwing, null);
          assertThat(call("alice")).isEqualTo(Answer.SUCCESS);
          FakePeer alice = network.nextPeer();
          throwing.nextStartingWith("connected");

          alice.type("one\ntwo\n");
          alice.type("three\n");

          assertThat(throwing.nextStartingWith("line")).isEqualTo("line alice one");
          assertThat(throwing.nextStartingWith("line")).isEqualTo("line alice two");
          assertThat(throwing.nextStartingWith("line")).isEqualTo("line alice three");
        });
  }

  @Test
  void everyEventOfEveryConversationComesOnOneThreadAndInOrder() {
    withinGuard(
        () -> {
          open();
          FakePeer alice = join("alice");
          FakePeer bob = join("bob");
          StringBuilder aliceTyped = new StringBuilder();
          for (int i = 0; i < 300; i++) {
            String line = "a" + i + "\n";
            aliceTyped.append(line);
            alice.type(line);
            bob.type("b" + i + "\n");
          }
          alice.hangUp();
          bob.hangUp();

          List<String> aliceLines = new ArrayList<>();
          List<String> bobLines = new ArrayList<>();
          StringBuilder aliceBytes = new StringBuilder();
          int ended = 0;
          while (ended < 2) {
            String e = recorder.next();
            if (e.startsWith("line alice ")) {
              aliceLines.add(e.substring("line alice ".length()));
            } else if (e.startsWith("line bob ")) {
              bobLines.add(e.substring("line bob ".length()));
            } else if (e.startsWith("received alice ")) {
              aliceBytes.append(e.substring("received alice ".length()));
            } else if (e.startsWith("closed ")) {
              ended++;
            }
          }
          for (int i = 0; i < 300; i++) {
            assertThat(aliceLines.get(i)).isEqualTo("a" + i);
            assertThat(bobLines.get(i)).isEqualTo("b" + i);
          }
          assertThat(aliceBytes.toString()).isEqualTo(aliceTyped.toString());
          assertThat(recorder.threads).allMatch(t -> t == recorder.threads.get(0));
        });
  }

  @Test
  void executeRunsTheTaskOnTheEventThreadAfterTheEventsBeforeIt() {
    withinGuard(
        () -> {
          open();
          join("alice");
          List<Thread> ran = new CopyOnWriteArrayList<>();
          AtomicReference<Boolean> innerQueued = new AtomicReference<>();
          CountDownLatch done = new CountDownLatch(1);
          assertThat(
                  endpoint.execute(
                      () -> {
                        ran.add(Thread.currentThread());
                        // from the event thread: at once
                        innerQueued.set(endpoint.execute(() -> ran.add(Thread.currentThread())));
                        done.countDown();
                      }))
              .isTrue();

          assertThat(done.await(FakeNetwork.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
          assertThat(ran).hasSize(2).containsOnly(recorder.threads.get(0));
          assertThat(innerQueued.get()).isTrue();
        });
  }

  // ------------------------------------------------------------------ placed calls

  /** A dialer whose calls end as the test says; a connected call is over pipes. */
  private static final class FakeDialer implements Dialer {
    final List<String> dialled = new CopyOnWriteArrayList<>();
    volatile CallResult result;
    volatile FakePeer peer;
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile boolean waitForCancel;
    volatile boolean closed;

    @Override
    public Call newCall(String localUser, TalkPeer to) {
      if (localUser.isEmpty()) {
        throw new IllegalArgumentException("empty name");
      }
      dialled.add(localUser + " -> " + to);
      return new Call() {
        @Override
        public CallResult execute() throws IOException {
          if (waitForCancel) {
            try {
              cancelled.await(FakeNetwork.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            return CallResult.cancelled();
          }
          if (result != null) {
            return result;
          }
          peer = new FakePeer(FakeNetwork.address(40000), 1 << 20);
          Conversation c = peer.endpointSide(EditChars.DEFAULT, FakeNetwork.WAIT);
          return CallResult.connectedAsCaller(c);
        }

        @Override
        public void cancel() {
          cancelled.countDown();
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }
  }

  @Test
  void aPlacedCallThatConnectsIsAConversationLikeAnyOther() {
    withinGuard(
        () -> {
          FakeDialer dialer = new FakeDialer();
          open(EndpointLimits.DEFAULTS, recorder, dialer);

          PlacedCall call = endpoint.call("robot", TalkPeer.of("alice", "example.org"), recorder);

          assertThat(recorder.next()).isEqualTo("connected alice@example.org");
          assertThat(call.isDone()).isTrue();
          TalkConversation c = call.conversation().orElseThrow();
          assertThat(c.direction()).isEqualTo(Direction.PLACED);
          assertThat(c.localName()).isEqualTo("robot");
          assertThat(call.localUser()).isEqualTo("robot");
          assertThat(call.peer()).isEqualTo(TalkPeer.of("alice", "example.org"));
          assertThat(dialer.dialled).containsExactly("robot -> alice@example.org");
          dialer.peer.type("hi\n");
          assertThat(recorder.nextStartingWith("line")).isEqualTo("line alice hi");
          c.sendLine("hello");
          assertThat(dialer.peer.readLine()).isEqualTo("hello");
          dialer.peer.hangUp();
          assertThat(recorder.nextStartingWith("closed")).isEqualTo("closed alice PEER_HUNG_UP");
        });
  }

  @Test
  void aPlacedCallThatIsRefusedTellsTheListenerWhy() {
    withinGuard(
        () -> {
          FakeDialer dialer = new FakeDialer();
          dialer.result = CallResult.refused(Answer.NOT_HERE.code());
          open(EndpointLimits.DEFAULTS, recorder, dialer);

          PlacedCall call = endpoint.call("robot", TalkPeer.local("alice"), recorder);

          assertThat(recorder.next())
              .isEqualTo("notConnected alice REFUSED " + Answer.NOT_HERE.clientMessage());
          assertThat(call.conversation()).isEmpty();
          assertThat(call.isDone()).isTrue();
          assertThat(dialer.closed).as("the call cleaned up before the news").isTrue();
          assertThat(endpoint.size()).isZero();
        });
  }

  @Test
  void aPlacedCallNotAnsweredOrCancelledTellsTheListener() {
    withinGuard(
        () -> {
          FakeDialer dialer = new FakeDialer();
          dialer.result = CallResult.notAnswered(Duration.ofSeconds(30));
          open(EndpointLimits.DEFAULTS, recorder, dialer);
          endpoint.call("robot", TalkPeer.local("alice"), recorder);
          assertThat(recorder.next()).startsWith("notConnected alice NOT_ANSWERED ");

          dialer.result = null;
          dialer.waitForCancel = true;
          PlacedCall ringing = endpoint.call("robot", TalkPeer.local("bob"), recorder);
          assertThat(ringing.isDone()).isFalse();
          ringing.cancel();
          assertThat(recorder.next()).isEqualTo("notConnected bob CANCELLED Cancelled");
          assertThat(ringing.isDone()).isTrue();
        });
  }

  @Test
  void placedCallsCountAgainstTheConversationCap() {
    withinGuard(
        () -> {
          FakeDialer dialer = new FakeDialer();
          dialer.waitForCancel = true;
          open(EndpointLimits.DEFAULTS.withMaxConversations(1), recorder, dialer);
          PlacedCall ringing = endpoint.call("robot", TalkPeer.local("alice"), recorder);

          PlacedCall second = endpoint.call("robot", TalkPeer.local("bob"), recorder);
          assertThat(recorder.next()).isEqualTo("notConnected bob ENDPOINT_FULL endpoint full");
          assertThat(second.isDone()).isTrue();
          assertThat(call("carol")).isEqualTo(Answer.FAILED);

          ringing.cancel();
          assertThat(recorder.nextStartingWith("notConnected alice")).contains("CANCELLED");
        });
  }

  @Test
  void placingACallNeedsADialerAndARunningEndpointAndSendableNames() {
    open();
    assertThatThrownBy(() -> endpoint.call("robot", TalkPeer.local("alice"), recorder))
        .isInstanceOf(IllegalStateException.class);
    endpoint.close();

    FakeDialer dialer = new FakeDialer();
    endpoint = TalkEndpoint.builder().dialer(dialer).build();
    assertThatThrownBy(() -> endpoint.call("robot", TalkPeer.local("alice"), recorder))
        .isInstanceOf(IllegalStateException.class);
    endpoint.start();
    assertThatThrownBy(() -> endpoint.call("", TalkPeer.local("alice"), recorder))
        .isInstanceOf(IllegalArgumentException.class);
    // the refused name took no slot
    assertThat(endpoint.limits().maxConversations()).isEqualTo(64);
  }

  @Test
  void theIdleCheckerOfAStartedEndpointDropsIdlePeersByItself() {
    withinGuard(
        () -> {
          endpoint =
              TalkEndpoint.builder()
                  .acceptor(call -> Optional.of(recorder))
                  .connector(network)
                  .limits(EndpointLimits.DEFAULTS.withIdleTimeout(IDLE))
                  .clock(now::get)
                  .idleCheckInterval(Duration.ofMillis(5))
                  .build();
          endpoint.start();
          announcer = endpoint.announcer(a -> Answer.NOT_HERE);
          join("alice");

          now.set(T0.plus(IDLE));

          assertThat(recorder.next()).isEqualTo("closing alice IDLE");
          assertThat(recorder.next()).isEqualTo("closed alice IDLE");
        });
  }

  @Test
  void aPlacedCallThatEndsOrFailsFreesItsSlot() {
    withinGuard(
        () -> {
          FakeDialer dialer = new FakeDialer();
          open(EndpointLimits.DEFAULTS.withMaxConversations(1), recorder, dialer);

          dialer.result = CallResult.refused(Answer.NOT_HERE.code());
          endpoint.call("robot", TalkPeer.local("alice"), recorder);
          assertThat(recorder.next()).startsWith("notConnected alice REFUSED");

          assertThatThrownBy(() -> endpoint.call("", TalkPeer.local("bob"), recorder))
              .isInstanceOf(IllegalArgumentException.class);

          dialer.result = null; // connects
          PlacedCall carol = endpoint.call("robot", TalkPeer.local("carol"), recorder);
          assertThat(recorder.next()).isEqualTo("connected carol@localhost");
          carol.conversation().orElseThrow().close();
          assertThat(recorder.next()).isEqualTo("closed carol CLOSED_LOCALLY");

          endpoint.call("robot", TalkPeer.local("dave"), recorder);
          assertThat(recorder.next()).isEqualTo("connected dave@localhost");
        });
  }

  @Test
  void closeCancelsPlacedCallsThatStillRing() {
    withinGuard(
        () -> {
          FakeDialer dialer = new FakeDialer();
          dialer.waitForCancel = true;
          open(EndpointLimits.DEFAULTS, recorder, dialer);
          endpoint.call("robot", TalkPeer.local("alice"), recorder);

          endpoint.close();

          assertThat(dialer.cancelled.await(FakeNetwork.WAIT.toMillis(), TimeUnit.MILLISECONDS))
              .isTrue();
        });
  }

  @Test
  void aCallRefusedBeforeStartIsReportedOnceStarted() {
    withinGuard(
        () -> {
          endpoint =
              TalkEndpoint.builder().acceptor(c -> Optional.of(recorder)).noIdleChecks().build();
          Answer a =
              endpoint
                  .announcer(x -> Answer.NOT_HERE)
                  .announce(
                      FakeNetwork.announcement(
                          "early", "lobby", "127.0.0.1", FakeNetwork.address(40000)));
          assertThat(a).isEqualTo(Answer.FAILED);

          endpoint.start();

          assertThat(recorder.next())
              .isEqualTo("notConnected early@127.0.0.1 ENDPOINT_CLOSED endpoint not running");
        });
  }
}

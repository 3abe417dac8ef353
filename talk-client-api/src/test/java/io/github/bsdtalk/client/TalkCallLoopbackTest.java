package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.DatagramTransport;
import static io.github.bsdtalk.client.CallProgress.CHECKING_FOR_INVITATION;
import static io.github.bsdtalk.client.CallProgress.CONNECTED;
import static io.github.bsdtalk.client.CallProgress.RINGING_AGAIN;
import static io.github.bsdtalk.client.CallProgress.TRYING_TO_CONNECT_TO_DAEMON;
import static io.github.bsdtalk.client.CallProgress.WAITING_FOR_PARTY;
import static io.github.bsdtalk.client.CallProgress.WAITING_TO_CONNECT_WITH_CALLER;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.Invitation;
import io.github.bsdtalk.server.InvitationTable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our client calls our client through our daemon, all on 127.0.0.1: the rendezvous of {@code
 * talk.c}, {@code look_up.c} and {@code invite.c} (docs/PROTOCOL.md section 4.3) in both roles, end
 * to end.
 *
 * <p>One in-process talkd is both parties' daemon. Its announcer plays bob's user: on a ring it
 * runs bob's talk back at alice, on another thread, once alice has left her invitation (a person
 * reads the ring message first; bob's LOOK_UP must not overtake alice's LEAVE_INVITE).
 */
@Timeout(60)
class TalkCallLoopbackTest {

  /** bob's terminal uses ^H to erase, so the two sides apply different edit characters. */
  private static final EditChars BOB_CHARS = new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17);

  private static final Inet4Address LOOPBACK = loopback();

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final AtomicInteger port = new AtomicInteger();
  private final CountDownLatch aliceWaiting = new CountDownLatch(1);
  private final List<CallProgress> aliceSteps = new CopyOnWriteArrayList<>();
  private final List<CallProgress> bobSteps = new CopyOnWriteArrayList<>();
  private final ControlLog aliceControl = new ControlLog();
  private final ControlLog bobControl = new ControlLog();
  private final CompletableFuture<CallResult> bob = new CompletableFuture<>();

  /** Changes to bob's talk for one test, such as a relay in front of the daemon. */
  private volatile UnaryOperator<CallBuilder> bobConfig = UnaryOperator.identity();

  @AfterEach
  void cleanUp() throws Exception {
    Collections.reverse(toClose);
    for (AutoCloseable c : toClose) {
      c.close();
    }
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, SECONDS)).isTrue();
  }

  private LoopbackTalkd talkd(Announcer announcer) throws IOException {
    LoopbackTalkd talkd = new LoopbackTalkd(announcer);
    toClose.add(talkd);
    port.set(talkd.port());
    return talkd;
  }

  /**
   * alice's talk with her waits skipped (real sockets, real daemon): she rings again, gives up
   * and so on at once instead of after real intervals.
   */
  private CallBuilder skippingAlice() {
    SkippingStreams skipping = new SkippingStreams();
    return alice().streams(skipping).nanoTime(skipping);
  }

  /** alice's talk: calls bob; tells the test when she waits for him. */
  private CallBuilder alice() {
    return new CallBuilder("alice", TalkPeer.parse("bob"))
        .daemonPort(port.get())
        .controlListener(aliceControl)
        .progress(
            step -> {
              aliceSteps.add(step);
              if (step == WAITING_FOR_PARTY) {
                aliceWaiting.countDown();
              }
            });
  }

  /** What bob does when rung: run talk back at alice, on another thread. */
  private void answerAsBob() {
    executor.execute(
        () -> {
          try {
            if (!aliceWaiting.await(20, SECONDS)) {
              throw new AssertionError("alice never left her invitation");
            }
            CallBuilder b =
                new CallBuilder("bob", TalkPeer.parse("alice"))
                    .daemonPort(port.get())
                    .editChars(BOB_CHARS)
                    .controlListener(bobControl)
                    .progress(bobSteps::add);
            bob.complete(bobConfig.apply(b).build().execute());
          } catch (Throwable t) {
            bob.completeExceptionally(t);
          }
        });
  }

  private Conversation keep(CallResult result) {
    Conversation c = result.conversation().orElseThrow();
    toClose.add(c);
    return c;
  }

  @Test
  void connectsCallerAndCalleeAndLeavesNothingAtTheDaemon() throws Exception {
    LoopbackTalkd talkd = talkd(Announcer.callback(a -> answerAsBob()));

    TalkCall aliceCall = alice().build();
    CallResult aliceResult = aliceCall.execute();
    CallResult bobResult = bob.get(20, SECONDS);
    Conversation a = keep(aliceResult);
    Conversation b = keep(bobResult);
    aliceCall.close(); // waits for the DELETEs, which follow the edit characters

    assertThat(aliceResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(bobResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    assertThat(aliceResult.answer()).isEmpty();
    assertThat(aliceSteps)
        .containsExactly(
            CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY, CONNECTED);
    assertThat(bobSteps)
        .containsExactly(CHECKING_FOR_INVITATION, WAITING_TO_CONNECT_WITH_CALLER, CONNECTED);

    // bob found alice's LEAVE_INVITE and connected to the address in it.
    long localId = aliceControl.answers(RequestType.LEAVE_INVITE).get(0).id();
    long remoteId = aliceControl.answers(RequestType.ANNOUNCE).get(0).id();
    CtlResponse found = bobControl.answers(RequestType.LOOK_UP).get(0);
    assertThat(found.is(Answer.SUCCESS)).isTrue();
    assertThat(found.id()).isEqualTo(localId);
    assertThat(found.address().toSocketAddress()).isEqualTo(a.localAddress().orElseThrow());

    // invite.c after accept(): DELETE at our daemon, then at theirs, both answered.
    assertThat(aliceControl.requests(RequestType.DELETE))
        .extracting(CtlMessage::id)
        .containsExactly(localId, remoteId);
    assertThat(aliceControl.answers(RequestType.DELETE))
        .extracting(CtlResponse::answer)
        .containsExactly(Answer.SUCCESS.code(), Answer.SUCCESS.code());
    assertThat(bobControl.requests(RequestType.DELETE)).isEmpty();
    assertThat(talkd.table().size()).isZero();

    assertThat(a.peerEditChars()).isEqualTo(BOB_CHARS);
    assertThat(b.peerEditChars()).isEqualTo(EditChars.DEFAULT);
    a.send("typo\u007f\u007fo\n");
    assertThat(b.lines().readLine()).contains("tyo");
    b.send("helo\b\bllo\n");
    assertThat(a.lines().readLine()).contains("hello");
    b.sendLine("bye");
    assertThat(a.lines().readLine()).contains("bye");

    a.close();
    assertThat(b.lines().readLine()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "NOT_HERE, Your party is not logged on",
    "PERMISSION_DENIED, Your party is refusing messages",
    "FAILED, Target machine is too confused to talk to us"
  })
  void reportsARefusedAnnouncementWithTheMessageTalkShows(Answer answer, String message)
      throws Exception {
    LoopbackTalkd talkd = talkd(a -> answer);

    CallResult result = alice().build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(result.answer()).contains(answer);
    assertThat(result.message()).isEqualTo(message);
    assertThat(result.conversation()).isEmpty();
    assertThat(aliceSteps).containsExactly(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON);
    // invite.c quits on a refused ANNOUNCE before leaving an invitation at its own daemon.
    assertThat(aliceControl.requests(RequestType.LEAVE_INVITE)).isEmpty();
    assertThat(aliceControl.requests(RequestType.DELETE)).isEmpty();
    assertThat(talkd.table().size()).isZero();
  }

  @Test
  void ringsAgainWithTheLastIdPlusOneUntilTheCalleeAnswers() throws Exception {
    AtomicInteger rings = new AtomicInteger();
    LoopbackTalkd talkd =
        talkd(
            a -> {
              if (rings.incrementAndGet() == 2) {
                answerAsBob(); // bob ignores the first ring
              }
              return Answer.SUCCESS;
            });

    // Every 30 s of skipped time; bob's connection may come at any later ring.
    TalkCall aliceCall = skippingAlice().answerTimeout(Duration.ofHours(1)).build();
    CallResult aliceResult = aliceCall.execute();
    CallResult bobResult = bob.get(20, SECONDS);
    keep(aliceResult);
    keep(bobResult);
    aliceCall.close();

    assertThat(aliceResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(bobResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    assertThat(rings).hasValueGreaterThanOrEqualTo(2);
    assertThat(aliceSteps)
        .startsWith(
            CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY, RINGING_AGAIN)
        .endsWith(CONNECTED);
    List<CtlMessage> announces = aliceControl.requests(RequestType.ANNOUNCE);
    List<CtlResponse> replies = aliceControl.answers(RequestType.ANNOUNCE);
    assertThat(announces).hasSizeGreaterThanOrEqualTo(2);
    assertThat(announces.get(0).id()).isEqualTo(CtlMessage.MAX_ID_NUM);
    // invite.c re_invite(): msg.id_num = htonl(remote_id + 1), "force a re-announce"
    assertThat(announces.get(1).id()).isEqualTo(replies.get(0).id() + 1);
    assertThat(replies.get(1).id()).isNotEqualTo(replies.get(0).id());
    // Each ring leaves the invitation again; the DELETEs name the ids of the last ring.
    assertThat(aliceControl.requests(RequestType.LEAVE_INVITE)).hasSameSizeAs(announces);
    assertThat(aliceControl.requests(RequestType.DELETE))
        .extracting(CtlMessage::id)
        .containsExactly(
            last(aliceControl.answers(RequestType.LEAVE_INVITE)).id(), last(replies).id());
    assertThat(talkd.table().size()).isZero();
  }

  @Test
  void deletesAStaleInvitationAndBecomesTheCaller() throws Exception {
    LoopbackTalkd talkd = talkd(a -> Answer.NOT_HERE);
    int deadPort;
    try (ServerSocket gone = new ServerSocket(0, 1, LOOPBACK)) {
      deadPort = gone.getLocalPort();
    }
    long staleId;
    // bob's talk left an invitation for alice, then died without deleting it.
    try (DaemonClient bobsTalk =
        DaemonClient.connect(talkd.address())) {
      CtlMessage invite =
          CtlMessage.of(
              RequestType.LEAVE_INVITE,
              CtlMessage.MAX_ID_NUM,
              TalkAddress.of(LOOPBACK, deadPort),
              TalkAddress.of(bobsTalk.localAddress()),
              77,
              "bob",
              "alice",
              "");
      CtlResponse left = bobsTalk.transact(invite);
      assertThat(left.is(Answer.SUCCESS)).isTrue();
      staleId = left.id();
    }

    CallResult result = alice().build().execute();

    CtlResponse found = aliceControl.answers(RequestType.LOOK_UP).get(0);
    assertThat(found.id()).isEqualTo(staleId);
    assertThat(found.address().port()).isEqualTo(deadPort);
    // look_up.c: connect() refused, "the caller went away without clearing the invitation"
    List<ControlLog.Send> deletes = aliceControl.sends(RequestType.DELETE);
    assertThat(deletes).isNotEmpty();
    assertThat(deletes).allSatisfy(d -> assertThat(d.request().id()).isEqualTo(staleId));
    assertThat(deletes.get(0).daemon()).isEqualTo(talkd.address());
    assertThat(aliceSteps)
        .containsExactly(
            CHECKING_FOR_INVITATION, WAITING_TO_CONNECT_WITH_CALLER, TRYING_TO_CONNECT_TO_DAEMON);
    assertThat(aliceControl.requests(RequestType.ANNOUNCE)).hasSize(1);
    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(result.answer()).contains(Answer.NOT_HERE);
  }

  /**
   * Seeds whose first six coin flips towards the daemon and first flip back each include a drop, so
   * every run loses datagrams both ways whatever order they reach the relay in.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 3, 4, 5, 6})
  void completesThroughARelayThatDropsThirtyPercentEachWay(long seed) throws Exception {
    AtomicInteger rings = new AtomicInteger();
    LoopbackTalkd talkd =
        talkd(
            a -> {
              rings.incrementAndGet();
              answerAsBob();
              return Answer.SUCCESS;
            });
    LossyRelay relay = new LossyRelay(talkd.address(), 0.3, seed);
    toClose.add(relay);
    InetSocketAddress viaRelay = relay.address();
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), 15);
    // bob names the relay as both daemons; alice keeps the real address and opens her sockets
    // towards the relay through the transport seam.
    bobConfig = b -> b.remoteDaemon(viaRelay).localDaemon(viaRelay).retryPolicy(policy);

    TalkCall aliceCall =
        alice()
            .retryPolicy(policy)
            .transports(daemon -> DatagramTransport.connect(viaRelay))
            .build();
    CallResult aliceResult = aliceCall.execute();
    CallResult bobResult = bob.get(30, SECONDS);
    Conversation a = keep(aliceResult);
    Conversation b = keep(bobResult);
    aliceCall.close();

    assertThat(aliceResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(bobResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    assertThat(relay.droppedToDaemon()).isPositive();
    assertThat(relay.droppedToClient()).isPositive();
    // A retransmitted ANNOUNCE is a duplicate: bob's terminal rings once.
    assertThat(rings).hasValue(1);
    assertThat(aliceControl.answers(RequestType.DELETE)).hasSize(2);
    assertThat(talkd.table().size()).isZero();
    a.sendLine("over the lossy relay");
    assertThat(b.lines().readLine()).contains("over the lossy relay");
    b.close();
    assertThat(a.lines().readLine()).isEmpty();
  }

  /**
   * A daemon restarted while alice rings (issue 8, two hosts): it forgets her invitation, so bob's
   * talk finds none and invites her back, and each waits for the other. At her next ring alice
   * finds bob's invitation and connects to it (bob, who rings first, finds nothing: her
   * invitation is gone until her own next ring).
   */
  @Test
  void aCallerWhoseInvitationTheDaemonForgotConnectsToTheCalleesInvitation() throws Exception {
    LoopbackTalkd talkd = talkd(Announcer.callback(a -> {}));
    CountDownLatch bobWaiting = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean();
    CallBuilder bobsTalk =
        new CallBuilder("bob", TalkPeer.parse("alice"))
            .daemonPort(port.get())
            .editChars(BOB_CHARS)
            .controlListener(bobControl)
            .progress(
                step -> {
                  bobSteps.add(step);
                  if (step == WAITING_FOR_PARTY) {
                    bobWaiting.countDown();
                  }
                });
    TalkCall aliceCall =
        skippingAlice()
            .progress(
                step -> {
                  aliceSteps.add(step);
                  if (step == WAITING_FOR_PARTY && first.compareAndSet(false, true)) {
                    // The restart: her invitation is gone. bob, rung, runs talk back at her,
                    // finds nothing and invites her in turn; then alice waits as before.
                    InvitationTable table = talkd.table();
                    Invitation inv =
                        table.lookUp("alice", "bob", Instant.now()).orElseThrow();
                    assertThat(table.delete(inv.id(), inv.owner(), "alice", Instant.now()))
                        .isTrue();
                    executor.execute(
                        () -> {
                          try {
                            bob.complete(bobsTalk.build().execute());
                          } catch (Throwable t) {
                            bob.completeExceptionally(t);
                          }
                        });
                    try {
                      assertThat(bobWaiting.await(20, SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                  }
                })
            .build();

    CallResult aliceResult = aliceCall.execute();
    CallResult bobResult = bob.get(20, SECONDS);
    Conversation a = keep(aliceResult);
    Conversation b = keep(bobResult);
    aliceCall.close();

    assertThat(aliceResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    assertThat(bobResult.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(bobSteps).startsWith(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON);
    assertThat(aliceSteps).contains(RINGING_AGAIN).endsWith(WAITING_TO_CONNECT_WITH_CALLER,
        CONNECTED);
    a.sendLine("found you");
    assertThat(b.lines().readLine()).contains("found you");
    b.sendLine("at last");
    assertThat(a.lines().readLine()).contains("at last");
  }

  /**
   * Issue 8 item 5 with real sockets: bob's daemon is at 127.0.0.2 (Linux routes all of 127/8 to
   * lo), so his host is 127.0.0.2. A third party on 127.0.0.1 who read the invitation connects
   * first and is closed; bob's connection from 127.0.0.2 is the one alice talks to.
   */
  @Test
  void acceptsOnlyAConnectionFromTheCalleesHost() throws Exception {
    InetAddress theirHost = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    CompletableFuture<TalkAddress> rung = new CompletableFuture<>();
    LoopbackTalkd talkd =
        new LoopbackTalkd(Announcer.callback(a -> rung.complete(a.callerAddress())), theirHost);
    toClose.add(talkd);
    port.set(talkd.port());
    CompletableFuture<Integer> intruderRead = new CompletableFuture<>();
    CompletableFuture<byte[]> bobGot = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            InetSocketAddress alice = rung.get(20, SECONDS).toSocketAddress();
            try (Socket intruder = new Socket()) {
              intruder.connect(alice, 5_000); // from 127.0.0.1
              intruder.setSoTimeout(10_000);
              intruderRead.complete(intruder.getInputStream().read());
            }
            try (Socket bobSocket = new Socket()) {
              bobSocket.bind(new InetSocketAddress(theirHost, 0));
              bobSocket.connect(alice, 5_000);
              bobSocket.getOutputStream().write(BOB_CHARS.toWire());
              bobSocket.setSoTimeout(10_000);
              bobGot.complete(bobSocket.getInputStream().readNBytes(3));
            }
          } catch (Throwable t) {
            intruderRead.completeExceptionally(t);
            bobGot.completeExceptionally(t);
          }
        });
    TalkCall aliceCall =
        alice().remoteDaemon(talkd.address()).localDaemon(talkd.address()).build();

    CallResult result = aliceCall.execute();
    Conversation a = keep(result);
    aliceCall.close();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(intruderRead.get(20, SECONDS)).isEqualTo(-1);
    assertThat(bobGot.get(20, SECONDS)).isEqualTo(EditChars.DEFAULT.toWire());
    assertThat(a.peerEditChars()).isEqualTo(BOB_CHARS);
    assertThat(a.peerAddress().orElseThrow().getAddress()).isEqualTo(theirHost);
    assertThat(talkd.table().size()).isZero();
  }

  @Test
  void failsWithTalkTimeoutExceptionWithinThePolicyWhenTheDaemonIsGone() throws Exception {
    LoopbackTalkd gone = new LoopbackTalkd(Announcer.refuseAll());
    InetSocketAddress daemon = gone.address();
    gone.close();
    port.set(daemon.getPort());
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), 5);
    TalkCall call = alice().retryPolicy(policy).build();

    long start = System.nanoTime();
    TalkTimeoutException e = catchThrowableOfType(TalkTimeoutException.class, call::execute);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).isNotNull();
    assertThat(e.daemon()).isEqualTo(daemon);
    assertThat(e.attempts()).isEqualTo(5);
    // An upper bound only: the policy allows 1 s; the margin absorbs a loaded machine.
    assertThat(elapsed).isLessThan(policy.totalTimeout().plusSeconds(3));
    assertThat(aliceControl.sends(RequestType.LOOK_UP))
        .extracting(ControlLog.Send::attempt)
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(aliceSteps).containsExactly(CHECKING_FOR_INVITATION);
  }

  @Test
  void givesUpAfterTheAnswerTimeoutAndDeletesBothInvitations() throws Exception {
    LoopbackTalkd talkd = talkd(Announcer.callback(a -> {}));

    SkippingStreams skipping = new SkippingStreams();
    CallResult result =
        alice()
            .streams(skipping)
            .nanoTime(skipping)
            .answerTimeout(Duration.ofSeconds(20)) // before the first re-ring, 30 s
            .build()
            .execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.NOT_ANSWERED);
    assertThat(result.message()).isEqualTo("Your party did not answer within 20.0 s");
    assertThat(skipping.skipped()).isGreaterThan(Duration.ofSeconds(19));
    assertThat(result.conversation()).isEmpty();
    assertThat(aliceSteps)
        .containsExactly(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY);
    assertBothInvitationsDeletedOnce(talkd);
  }

  @Test
  void cancelFromAnotherThreadEndsTheWaitAndDeletesBothInvitations() throws Exception {
    LoopbackTalkd talkd = talkd(Announcer.callback(a -> {}));
    TalkCall call = alice().build();
    executor.execute(
        () -> {
          try {
            if (aliceWaiting.await(20, SECONDS)) {
              call.cancel();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    CallResult result = call.execute();
    call.close(); // the DELETEs after a cancel run beside the caller, with retries

    assertThat(result.status()).isEqualTo(CallResult.Status.CANCELLED);
    assertThat(result.conversation()).isEmpty();
    long localId = aliceControl.answers(RequestType.LEAVE_INVITE).get(0).id();
    long remoteId = aliceControl.answers(RequestType.ANNOUNCE).get(0).id();
    assertThat(aliceControl.sends(RequestType.DELETE))
        .extracting(s -> s.request().id(), ControlLog.Send::attempt)
        .containsExactly(tuple(localId, 1), tuple(remoteId, 1));
    assertThat(aliceControl.answers(RequestType.DELETE)).hasSize(2);
    assertThat(talkd.table().size()).isZero();
    assertThatIllegalStateException().isThrownBy(call::execute);
  }

  @Test
  void anInterruptWhileWaitingEndsTheCallAndStillDeletesBothInvitations() throws Exception {
    LoopbackTalkd talkd = talkd(Announcer.callback(a -> {}));
    // The interrupt arrives as alice starts waiting. accept() does not notice it; the next ring's
    // transaction must, before it sends a re-announce whose new id alice would never learn.
    TalkCall call =
        skippingAlice()
            .progress(
                step -> {
                  aliceSteps.add(step);
                  if (step == WAITING_FOR_PARTY) {
                    Thread.currentThread().interrupt();
                  }
                })
            .build();

    IOException e = catchThrowableOfType(IOException.class, call::execute);
    boolean stillInterrupted = Thread.interrupted(); // clears it for the rest of the test

    assertThat(e).isInstanceOf(InterruptedIOException.class);
    assertThat(stillInterrupted).isTrue();
    assertThat(aliceControl.requests(RequestType.ANNOUNCE)).hasSize(1);
    assertThat(talkd.awaitDeletes(2)).isTrue();
    assertThat(talkd.table().size()).isZero();
  }

  @Test
  void cancelBeforeTheCallSendsNothing() throws Exception {
    LoopbackTalkd talkd = talkd(Announcer.callback(a -> {}));
    TalkCall call = alice().build();

    call.cancel();
    CallResult result = call.execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CANCELLED);
    assertThat(aliceSteps).isEmpty();
    assertThat(talkd.handled()).isEmpty();
  }

  /** invite.c send_delete(): one DELETE to each daemon, once, without waiting for answers. */
  private void assertBothInvitationsDeletedOnce(LoopbackTalkd talkd) throws InterruptedException {
    long localId = aliceControl.answers(RequestType.LEAVE_INVITE).get(0).id();
    long remoteId = aliceControl.answers(RequestType.ANNOUNCE).get(0).id();
    assertThat(aliceControl.sends(RequestType.DELETE))
        .extracting(s -> s.request().id(), ControlLog.Send::attempt)
        .containsExactly(tuple(remoteId, 1), tuple(localId, 1));
    assertThat(aliceControl.answers(RequestType.DELETE)).isEmpty();
    assertThat(talkd.awaitDeletes(2)).isTrue();
    assertThat(talkd.table().size()).isZero();
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  private static Inet4Address loopback() {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

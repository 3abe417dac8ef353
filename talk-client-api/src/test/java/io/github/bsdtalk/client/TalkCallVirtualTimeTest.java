package io.github.bsdtalk.client;

import static io.github.bsdtalk.client.CallProgress.CHECKING_FOR_INVITATION;
import static io.github.bsdtalk.client.CallProgress.CONNECTED;
import static io.github.bsdtalk.client.CallProgress.RINGING_AGAIN;
import static io.github.bsdtalk.client.CallProgress.TRYING_TO_CONNECT_TO_DAEMON;
import static io.github.bsdtalk.client.CallProgress.WAITING_FOR_PARTY;
import static io.github.bsdtalk.client.CallProgress.WAITING_TO_CONNECT_WITH_CALLER;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.github.bsdtalk.client.internal.CallFlow;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rendezvous while it waits, connects and cleans up, in virtual time: scripted daemons on a
 * {@link FakeNetwork} and a {@link FakeStreams} listener and connector on the same clock. Only the
 * connected sockets are real (loopback pairs), so that the edit characters really cross.
 */
@Timeout(30)
class TalkCallVirtualTimeTest {

  private static final Inet4Address THEIR_HOST = FakeNetwork.ip(10);
  private static final Inet4Address OUR_HOST = FakeNetwork.ip(1);
  private static final InetSocketAddress THEIR_DAEMON = new InetSocketAddress(THEIR_HOST, 518);
  private static final InetSocketAddress OUR_DAEMON = new InetSocketAddress(OUR_HOST, 518);
  private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMillis(500), 3);
  private static final Duration RING = Duration.ofSeconds(30);
  private static final EditChars BOB_CHARS = new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17);
  private static final long REMOTE_ID = 17;
  private static final long LOCAL_ID = 5;
  private static final long THEIR_INVITATION = 99;
  private static final InetSocketAddress THEIR_LISTENER = new InetSocketAddress(THEIR_HOST, 50_001);

  private final FakeNetwork net = new FakeNetwork();
  private final FakeStreams streams = new FakeStreams(net);
  private final List<CallProgress> steps = new ArrayList<>();
  private final ControlLog control = new ControlLog();
  private final List<Conversation> conversations = new ArrayList<>();

  /** What the daemons answer: by type, and for LOOK_UP, by the virtual time of the request. */
  private Function<Duration, CtlResponse> lookUp = t -> answer(RequestType.LOOK_UP, Answer.NOT_HERE);
  private Function<Integer, CtlResponse> announce = n -> success(RequestType.ANNOUNCE, REMOTE_ID);
  private boolean deletesAnswered = true;
  private int announces;

  private final LogRecorder log = LogRecorder.of(CallFlow.class);

  @AfterEach
  void closeSockets() throws IOException {
    log.close();
    for (Conversation c : conversations) {
      c.close();
    }
    streams.closeAll();
  }

  private static CtlResponse answer(RequestType type, Answer answer) {
    return CtlResponse.of(type.code(), answer, 0, TalkAddress.ZERO);
  }

  private static CtlResponse success(RequestType type, long id) {
    return CtlResponse.of(type.code(), Answer.SUCCESS, id, TalkAddress.ZERO);
  }

  /** The LOOK_UP answer when the other party has left an invitation at {@code addr}. */
  private static CtlResponse invitationAt(InetSocketAddress addr) {
    return CtlResponse.of(
        RequestType.LOOK_UP.code(), Answer.SUCCESS, THEIR_INVITATION, TalkAddress.of(addr));
  }

  private void script() {
    net.script(
        (request, n) -> {
          RequestType type = request.requestType().orElseThrow();
          CtlResponse r =
              switch (type) {
                case LOOK_UP -> lookUp.apply(net.elapsed());
                case ANNOUNCE -> announce.apply(++announces);
                case LEAVE_INVITE -> success(RequestType.LEAVE_INVITE, LOCAL_ID);
                case DELETE -> deletesAnswered ? success(RequestType.DELETE, 0) : null;
              };
          return r == null ? List.of() : List.of(FakeNetwork.reply(Duration.ofMillis(1), r));
        });
  }

  private CallBuilder builder(String me, String them) {
    script();
    return new CallBuilder(me, TalkPeer.parse(them + "@far"))
        .remoteDaemon(THEIR_DAEMON)
        .localDaemon(OUR_DAEMON)
        .retryPolicy(POLICY)
        .ringInterval(RING)
        .answerTimeout(Duration.ofMinutes(5))
        .handshakeTimeout(Duration.ofSeconds(5))
        .pid(4242)
        .nanoTime(net)
        .progress(steps::add)
        .controlListener(control)
        .transports(daemon -> net.endpoint())
        .streams(streams);
  }

  private CallBuilder alice() {
    return builder("alice", "bob");
  }

  /** The far end of a connection, as bob's talk: it has already sent his edit characters. */
  private static Socket asBob(Socket far) throws IOException {
    far.getOutputStream().write(BOB_CHARS.toWire());
    return far;
  }

  private Conversation keep(CallResult result) {
    Conversation c = result.conversation().orElseThrow();
    conversations.add(c);
    return c;
  }

  private static byte[] readThree(Socket s) throws IOException {
    s.setSoTimeout(5_000);
    InputStream in = s.getInputStream();
    byte[] b = in.readNBytes(3);
    return b;
  }

  private List<ControlLog.Send> deletes() {
    return control.sends(RequestType.DELETE);
  }

  // ---- issue 8 item 4: the edit characters first, then the DELETEs, still retried and bounded

  @Test
  void sendsTheEditCharactersBeforeAnyDeleteThenRetriesTheDeletesWithinTheirBound()
      throws Exception {
    deletesAnswered = false; // both daemons drop every DELETE reply
    Socket bob = asBob(streams.arrive(Duration.ofSeconds(3), THEIR_HOST));
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> cleanUp = new AtomicReference<>();
    TalkCall call =
        alice()
            .cleanUpThreads(
                task -> {
                  Thread t =
                      new Thread(
                          () -> {
                            try {
                              if (release.await(10, TimeUnit.SECONDS)) {
                                task.run();
                              }
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          });
                  cleanUp.set(t);
                  return t;
                })
            .build();

    CallResult result = call.execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(keep(result).peerEditChars()).isEqualTo(BOB_CHARS);
    // bob has our edit characters, and not one DELETE has been sent yet.
    assertThat(readThree(bob)).isEqualTo(EditChars.DEFAULT.toWire());
    assertThat(deletes()).isEmpty();
    assertThat(steps).endsWith(CONNECTED);
    Duration connectedAt = net.elapsed();
    assertThat(cleanUp.get()).isNotNull();
    assertThat(cleanUp.get().isAlive()).isTrue();

    release.countDown();
    call.close(); // waits for the DELETEs

    assertThat(cleanUp.get().isAlive()).isFalse();
    // invite.c: DELETE at our daemon, then at theirs; each retried up to the policy, no further.
    assertThat(deletes())
        .extracting(s -> s.daemon(), s -> s.request().id(), ControlLog.Send::attempt)
        .containsExactly(
            tuple(OUR_DAEMON, LOCAL_ID, 1),
            tuple(OUR_DAEMON, LOCAL_ID, 2),
            tuple(OUR_DAEMON, LOCAL_ID, 3),
            tuple(THEIR_DAEMON, REMOTE_ID, 1),
            tuple(THEIR_DAEMON, REMOTE_ID, 2),
            tuple(THEIR_DAEMON, REMOTE_ID, 3));
    assertThat(net.elapsed().minus(connectedAt)).isEqualTo(POLICY.totalTimeout().multipliedBy(2));
    assertThat(net.isClosed()).isTrue();
  }

  @Test
  void closeWaitsForTheDeletesAndASecondCloseSendsNothingMore()
      throws Exception {
    asBob(streams.arrive(Duration.ofSeconds(1), THEIR_HOST));
    TalkCall call = alice().build();

    CallResult result = call.execute();
    keep(result);
    call.close();
    call.close();

    assertThat(deletes())
        .extracting(s -> s.request().id(), ControlLog.Send::attempt)
        .containsExactly(tuple(LOCAL_ID, 1), tuple(REMOTE_ID, 1));
    assertThat(control.answers(RequestType.DELETE)).hasSize(2);
    assertThat(net.isClosed()).isTrue();
  }

  // ---- issue 8 item 5: only the callee's host may answer

  @Test
  void refusesAConnectionFromAnotherHostAndKeepsListeningForTheCallee() throws Exception {
    Socket intruder = streams.arrive(Duration.ofSeconds(2), OUR_HOST);
    Socket bob = asBob(streams.arrive(Duration.ofSeconds(4), THEIR_HOST));

    CallResult result = alice().build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(keep(result).peerEditChars()).isEqualTo(BOB_CHARS);
    assertThat(readThree(bob)).isEqualTo(EditChars.DEFAULT.toWire());
    // The intruder got nothing: his connection was closed at once.
    intruder.setSoTimeout(5_000);
    assertThat(intruder.getInputStream().read()).isEqualTo(-1);
    assertThat(net.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    assertThat(steps).doesNotContain(RINGING_AGAIN);
    assertThat(log.warnings())
        .containsExactly("refused a connection from 127.0.0.1: only 127.0.0.10, the host called,"
            + " may answer");
  }

  // ---- issue 8 item 1: a callee connects only to the daemon's host, never to a privileged port

  @ParameterizedTest(name = "{0}:{1}")
  @CsvSource({"127.0.0.1, 2525", "127.0.0.10, 25", "127.0.0.10, 1023", "127.0.0.10, 0"})
  void ignoresAnInvitationOnAnotherHostOrAPrivilegedPortAndInvitesInstead(String ip, int port)
      throws Exception {
    InetSocketAddress named = new InetSocketAddress(InetAddress.getByName(ip), port);
    lookUp = t -> invitationAt(named);
    announce = n -> answer(RequestType.ANNOUNCE, Answer.NOT_HERE);

    CallResult result = alice().build().execute();

    assertThat(streams.connects()).isEmpty();
    assertThat(steps).containsExactly(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON);
    assertThat(control.requests(RequestType.ANNOUNCE)).hasSize(1);
    assertThat(deletes()).isEmpty(); // not ours to delete
    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(log.warnings())
        .singleElement(as(STRING))
        .startsWith("ignoring invitation " + THEIR_INVITATION + ": its address " + named + " is ");
  }

  @Test
  void connectsToAnInvitationOnTheDaemonsHostAtTheFirstUnprivilegedPort() throws Exception {
    InetSocketAddress named = new InetSocketAddress(THEIR_HOST, 1024);
    lookUp = t -> invitationAt(named);
    Socket[] pair = streams.pair();
    asBob(pair[0]);
    streams.connector((target, timeout) -> pair[1]);

    CallResult result = alice().build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    keep(result);
    assertThat(streams.connects())
        .extracting(FakeStreams.Connect::target, FakeStreams.Connect::timeout)
        .containsExactly(tuple(named, Duration.ofSeconds(10)));
    assertThat(steps)
        .containsExactly(CHECKING_FOR_INVITATION, WAITING_TO_CONNECT_WITH_CALLER, CONNECTED);
    assertThat(streams.bound()).isEmpty(); // never listened
  }

  // ---- connect failures of the callee other than a refusal

  @Test
  void aConnectErrorOtherThanRefusedEndsTheCallNamingTheInitiator() {
    lookUp = t -> invitationAt(THEIR_LISTENER);
    streams.connector(
        (target, timeout) -> {
          throw new NoRouteToHostException("No route to host");
        });

    IOException e = catchThrowableOfType(IOException.class, alice().build()::execute);

    assertThat(e)
        .hasMessage("Unable to connect with initiator at " + TalkAddress.of(THEIR_LISTENER)
            + ": No route to host")
        .hasCauseInstanceOf(NoRouteToHostException.class);
    assertThat(deletes()).isEmpty(); // only a refusal means the invitation is stale
    assertThat(control.requests(RequestType.ANNOUNCE)).isEmpty();
    assertThat(net.isClosed()).isTrue();
  }

  @Test
  void aConnectTimeoutEndsTheCallAfterTheConnectTimeout() {
    lookUp = t -> invitationAt(THEIR_LISTENER);
    streams.connector(
        (target, timeout) -> {
          net.advance(timeout);
          throw new SocketTimeoutException("Connect timed out");
        });

    IOException e =
        catchThrowableOfType(
            IOException.class, alice().connectTimeout(Duration.ofSeconds(3)).build()::execute);

    assertThat(e).hasMessageStartingWith("Unable to connect with initiator at ");
    assertThat(e).hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(streams.connects())
        .extracting(FakeStreams.Connect::timeout)
        .containsExactly(Duration.ofSeconds(3));
    assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(1).plusSeconds(3));
    assertThat(deletes()).isEmpty();
    assertThat(control.requests(RequestType.ANNOUNCE)).isEmpty();
  }

  // ---- re-ring

  @Test
  void aRefusedReRingEndsTheCallAndDeletesBothInvitationsOnce() throws Exception {
    announce =
        n -> n == 1
            ? success(RequestType.ANNOUNCE, REMOTE_ID)
            : answer(RequestType.ANNOUNCE, Answer.PERMISSION_DENIED);

    CallResult result = alice().build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(result.answer()).contains(Answer.PERMISSION_DENIED);
    assertThat(result.message()).isEqualTo("Your party is refusing messages");
    assertThat(steps)
        .containsExactly(
            CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY, RINGING_AGAIN);
    List<CtlMessage> announced = control.requests(RequestType.ANNOUNCE);
    assertThat(announced).extracting(CtlMessage::id)
        .containsExactly(CtlMessage.MAX_ID_NUM, REMOTE_ID + 1);
    // invite.c send_delete(): one datagram each, no waiting.
    assertThat(deletes())
        .extracting(s -> s.daemon(), s -> s.request().id(), ControlLog.Send::attempt)
        .containsExactly(tuple(THEIR_DAEMON, REMOTE_ID, 1), tuple(OUR_DAEMON, LOCAL_ID, 1));
    assertThat(streams.listenerClosed()).isTrue();
  }

  // ---- a daemon restarted mid-call: the callee invited us back

  @Test
  void aCallerWhoseInvitationWasLostConnectsToTheCalleesInvitationWithinOneRing()
      throws Exception {
    // Our daemon forgot alice's invitation; at 10 s bob's talk found none and invited her back.
    Duration bobInvites = Duration.ofSeconds(10);
    lookUp =
        t -> t.compareTo(bobInvites) >= 0
            ? invitationAt(THEIR_LISTENER)
            : answer(RequestType.LOOK_UP, Answer.NOT_HERE);
    Socket[] pair = streams.pair();
    Socket bob = asBob(pair[0]);
    streams.connector((target, timeout) -> pair[1]);
    TalkCall call = alice().build();

    CallResult result = call.execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    assertThat(keep(result).peerEditChars()).isEqualTo(BOB_CHARS);
    assertThat(readThree(bob)).isEqualTo(EditChars.DEFAULT.toWire());
    assertThat(streams.connects()).extracting(FakeStreams.Connect::target)
        .containsExactly(THEIR_LISTENER);
    assertThat(Duration.ofNanos(streams.connects().get(0).atNanos() - startNanos()))
        .isLessThanOrEqualTo(bobInvites.plus(RING));
    assertThat(steps)
        .containsExactly(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY,
            RINGING_AGAIN, WAITING_TO_CONNECT_WITH_CALLER, CONNECTED);
    assertThat(control.requests(RequestType.ANNOUNCE)).hasSize(1); // connected instead of ringing
    assertThat(streams.listenerClosed()).isTrue();
    call.close();
    // Our own invitations are deleted, after the edit characters.
    assertThat(control.requests(RequestType.DELETE))
        .extracting(CtlMessage::id)
        .containsExactly(LOCAL_ID, REMOTE_ID);
  }

  @Test
  void theSideThatSortsSecondWaitsOneAttemptForTheOthersConnectionInstead() throws Exception {
    // bob calls alice; both invitations are up (each daemon lost the other's view). alice, who
    // sorts first, connects to bob's listener while bob waits one attempt before connecting.
    CallBuilder b = builder("bob", "alice");
    lookUp = t -> t.isZero() ? answer(RequestType.LOOK_UP, Answer.NOT_HERE)
        : invitationAt(THEIR_LISTENER);
    Socket alice = asBob(streams.arrive(RING.plusMillis(300), THEIR_HOST));

    CallResult result = b.build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    keep(result);
    assertThat(readThree(alice)).isEqualTo(EditChars.DEFAULT.toWire());
    assertThat(streams.connects()).isEmpty();
    assertThat(control.requests(RequestType.ANNOUNCE)).hasSize(1);
  }

  @Test
  void theSideThatSortsSecondConnectsItselfWhenNoConnectionComesWithinTheAttempt()
      throws Exception {
    lookUp = t -> t.isZero() ? answer(RequestType.LOOK_UP, Answer.NOT_HERE)
        : invitationAt(THEIR_LISTENER);
    Socket[] pair = streams.pair();
    asBob(pair[0]);
    streams.connector((target, timeout) -> pair[1]);
    CallBuilder b = builder("bob", "alice");

    CallResult result = b.build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    keep(result);
    // The re-ring's LOOK_UP took 1 ms, then one attempt's wait, then the connect.
    assertThat(Duration.ofNanos(streams.connects().get(0).atNanos() - startNanos()))
        .isEqualTo(Duration.ofMillis(3).plus(RING).plusMillis(1).plus(POLICY.attemptTimeout()));
  }

  @Test
  void aRefusedConnectAtTheReRingDeletesThatInvitationAndRingsAgain() throws Exception {
    lookUp = t -> t.isZero() ? answer(RequestType.LOOK_UP, Answer.NOT_HERE)
        : invitationAt(THEIR_LISTENER);
    announce =
        n -> n == 1
            ? success(RequestType.ANNOUNCE, REMOTE_ID)
            : answer(RequestType.ANNOUNCE, Answer.NOT_HERE);

    CallResult result = alice().build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(streams.connects()).hasSize(1);
    // look_up.c: DELETE of the stale invitation, answered; then the re-ring and its refusal.
    assertThat(control.requests(RequestType.DELETE))
        .extracting(CtlMessage::id)
        .containsExactly(THEIR_INVITATION, REMOTE_ID, LOCAL_ID);
    assertThat(control.requests(RequestType.ANNOUNCE)).hasSize(2);
  }

  @Test
  void anotherConnectErrorAtTheReRingKeepsTheCallRinging() throws Exception {
    lookUp = t -> t.isZero() ? answer(RequestType.LOOK_UP, Answer.NOT_HERE)
        : invitationAt(THEIR_LISTENER);
    streams.connector(
        (target, timeout) -> {
          throw new NoRouteToHostException("No route to host");
        });
    announce =
        n -> n == 1
            ? success(RequestType.ANNOUNCE, REMOTE_ID)
            : answer(RequestType.ANNOUNCE, Answer.NOT_HERE);

    CallResult result = alice().build().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(streams.connects()).hasSize(1);
    assertThat(control.requests(RequestType.DELETE))
        .extracting(CtlMessage::id)
        .containsExactly(REMOTE_ID, LOCAL_ID);
  }

  // ---- close()

  @Test
  void closeWhileWaitingCancelsTheCallAndDeletesBothInvitationsWithRetriesOverFreshSockets()
      throws Exception {
    AtomicReference<TalkCall> self = new AtomicReference<>();
    TalkCall call =
        alice()
            .progress(
                step -> {
                  steps.add(step);
                  if (step == WAITING_FOR_PARTY) {
                    self.get().close();
                  }
                })
            .build();
    self.set(call);

    CallResult result = call.execute();
    call.close(); // waits for the DELETEs, which run beside the caller after a cancel

    assertThat(result.status()).isEqualTo(CallResult.Status.CANCELLED);
    assertThat(streams.listenerClosed()).isTrue();
    assertThat(deletes())
        .extracting(s -> s.daemon(), s -> s.request().id(), ControlLog.Send::attempt)
        .containsExactly(tuple(OUR_DAEMON, LOCAL_ID, 1), tuple(THEIR_DAEMON, REMOTE_ID, 1));
    assertThat(control.answers(RequestType.DELETE)).hasSize(2);
    assertThat(net.endpointsOpened()).isEqualTo(4); // the call's two, and two for the DELETEs
    assertThat(net.isClosed()).isTrue();
  }

  @Test
  void cancelAbortsATransactionInFlightAtOnceAndTheDeletesStillGoOut() throws Exception {
    AtomicReference<TalkCall> self = new AtomicReference<>();
    TalkCall call = alice().build();
    self.set(call);
    // The re-ring's ANNOUNCE is never answered: cancel() arrives while it waits for the answer.
    net.script(
        (request, n) -> {
          RequestType type = request.requestType().orElseThrow();
          return switch (type) {
            case LOOK_UP -> List.of(FakeNetwork.reply(Duration.ofMillis(1), lookUp.apply(net.elapsed())));
            case ANNOUNCE -> {
              if (++announces == 1) {
                yield List.of(FakeNetwork.reply(Duration.ofMillis(1), success(RequestType.ANNOUNCE, REMOTE_ID)));
              }
              self.get().cancel();
              yield List.of();
            }
            case LEAVE_INVITE -> List.of(FakeNetwork.reply(Duration.ofMillis(1), success(RequestType.LEAVE_INVITE, LOCAL_ID)));
            case DELETE -> List.of(FakeNetwork.reply(Duration.ofMillis(1), success(RequestType.DELETE, 0)));
          };
        });

    CallResult result = call.execute();
    Duration cancelledAt = net.elapsed();
    call.close();

    assertThat(result.status()).isEqualTo(CallResult.Status.CANCELLED);
    // The ANNOUNCE did not wait out its attempts (3 x 500 ms): it ended as the socket closed.
    assertThat(control.sends(RequestType.ANNOUNCE)).hasSize(2);
    assertThat(cancelledAt).isLessThan(RING.plus(POLICY.attemptTimeout()));
    assertThat(deletes())
        .extracting(s -> s.daemon(), s -> s.request().id())
        .containsExactly(tuple(OUR_DAEMON, LOCAL_ID), tuple(THEIR_DAEMON, REMOTE_ID));
    assertThat(control.answers(RequestType.DELETE)).hasSize(2);
  }

  @Test
  void closeBeforeTheCallSendsNothing() throws Exception {
    TalkCall call = alice().build();

    call.close();
    CallResult result = call.execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CANCELLED);
    assertThat(net.sent()).isEmpty();
    assertThat(steps).isEmpty();
  }

  private long startNanos() {
    return net.getAsLong() - net.elapsed().toNanos();
  }
}

package io.github.bsdtalk.client;

import static io.github.bsdtalk.client.CallProgress.CHECKING_FOR_INVITATION;
import static io.github.bsdtalk.client.CallProgress.CONNECTED;
import static io.github.bsdtalk.client.CallProgress.OLD_TALK_ON_PARTYS_MACHINE;
import static io.github.bsdtalk.client.CallProgress.OLD_TALK_ON_THIS_MACHINE;
import static io.github.bsdtalk.client.CallProgress.TRYING_TO_CONNECT_TO_DAEMON;
import static io.github.bsdtalk.client.CallProgress.WAITING_FOR_PARTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DaemonProtocol}: ntalk, old talk, and AUTO's fallback, per daemon, in virtual time. Each
 * daemon address (host and port) is scripted to speak ntalk, old talk as netkit's in.talkd does
 * (network-order ids, junk in the address except after a LOOK_UP's SUCCESS, a garbage answer byte
 * after LEAVE_INVITE), to answer garbage, or to stay silent; a daemon ignores a request of the
 * other protocol, as every C daemon drops a datagram of the wrong size.
 */
@Timeout(30)
class DaemonProtocolTest {

  private static final Inet4Address THEIR_HOST = FakeNetwork.ip(10);
  private static final Inet4Address OUR_HOST = FakeNetwork.ip(1);
  private static final InetSocketAddress THEIR_NTALK = new InetSocketAddress(THEIR_HOST, 518);
  private static final InetSocketAddress THEIR_OTALK = new InetSocketAddress(THEIR_HOST, 517);
  private static final InetSocketAddress OUR_NTALK = new InetSocketAddress(OUR_HOST, 518);
  private static final InetSocketAddress OUR_OTALK = new InetSocketAddress(OUR_HOST, 517);
  private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMillis(500), 3);
  private static final EditChars BOB_CHARS = new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17);
  private static final long REMOTE_ID = 17;
  private static final long LOCAL_ID = 5;
  private static final int PID = 4242;
  private static final byte[] JUNK = {
    (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
  };

  /** What one daemon address does with the requests it gets. */
  enum Daemon {
    NTALK,
    OTALK,
    SILENT,
    /** Answers with a datagram that is no ntalk reply at all (12 bytes). */
    TRUNCATED,
    /** Answers with a well-formed ntalk reply of another type. */
    WRONG_TYPE
  }

  private final FakeNetwork net = new FakeNetwork();
  private final FakeStreams streams = new FakeStreams(net);
  private final List<CallProgress> steps = new ArrayList<>();
  private final ControlLog control = new ControlLog();
  private final Map<InetSocketAddress, Daemon> daemons = new HashMap<>();
  private final List<Socket> toClose = new ArrayList<>();
  private final LogRecorder log = LogRecorder.of(io.github.bsdtalk.client.internal.CallFlow.class);

  @AfterEach
  void closeSockets() throws IOException {
    log.close();
    for (Socket s : toClose) {
      s.close();
    }
    streams.closeAll();
  }

  private void daemons(Daemon theirNtalk, Daemon theirOtalk, Daemon ourNtalk, Daemon ourOtalk) {
    daemons.put(THEIR_NTALK, theirNtalk);
    daemons.put(THEIR_OTALK, theirOtalk);
    daemons.put(OUR_NTALK, ourNtalk);
    daemons.put(OUR_OTALK, ourOtalk);
    net.script(
        (request, n) -> {
          FakeNetwork.Sent sent = net.sent().get(n - 1);
          Daemon d = daemons.getOrDefault(sent.target(), Daemon.SILENT);
          byte[] reply = answer(d, sent.oldTalk(), request);
          return reply == null
              ? List.of()
              : List.of(FakeNetwork.raw(Duration.ofMillis(1), reply));
        });
  }

  /** The reply a daemon of kind {@code d} sends to a request, or null for none. */
  private static byte[] answer(Daemon d, boolean oldTalkRequest, CtlMessage request) {
    RequestType type = request.requestType().orElseThrow();
    long id =
        switch (type) {
          case ANNOUNCE -> REMOTE_ID;
          case LEAVE_INVITE -> LOCAL_ID;
          default -> 0;
        };
    Answer answer = type == RequestType.LOOK_UP ? Answer.NOT_HERE : Answer.SUCCESS;
    CtlResponse r = CtlResponse.of(type.code(), answer, id, TalkAddress.ZERO);
    return switch (d) {
      case SILENT -> null;
      case NTALK -> oldTalkRequest ? null : TalkCodec.encode(r);
      case OTALK -> oldTalkRequest ? netkitOldReply(r) : null;
      case TRUNCATED -> oldTalkRequest ? null : new byte[12];
      case WRONG_TYPE ->
          oldTalkRequest
              ? null
              : TalkCodec.encode(CtlResponse.of(
                  (type.code() + 1) % 4, Answer.SUCCESS, 0, TalkAddress.ZERO));
    };
  }

  /** What netkit's in.talkd sends for old talk: the id in network order, junk where unused. */
  private static byte[] netkitOldReply(CtlResponse r) {
    byte[] b = OldTalkCodec.encode(OldCtlResponse.of(r, ByteOrder.BIG_ENDIAN));
    if (!(r.type() == RequestType.LOOK_UP.code() && r.is(Answer.SUCCESS))) {
      System.arraycopy(JUNK, 0, b, 8, JUNK.length);
    }
    if (r.type() == RequestType.LEAVE_INVITE.code()) {
      b[1] = (byte) 0xa7; // "the answer byte of a LEAVE_INVITE reply is garbage"
    }
    return b;
  }

  private CallBuilder call(DaemonProtocol protocol, String me, String them) {
    return new CallBuilder(me, TalkPeer.parse(them))
        .retryPolicy(POLICY)
        .ringInterval(Duration.ofSeconds(30))
        .answerTimeout(Duration.ofMinutes(5))
        .handshakeTimeout(Duration.ofSeconds(5))
        .pid(PID)
        .nanoTime(net)
        .progress(steps::add)
        .controlListener(control)
        .transports(daemon -> net.endpoint())
        .streams(streams)
        .protocol(protocol);
  }

  private CallBuilder aliceCallsBob(DaemonProtocol protocol) {
    return call(protocol, "alice", "bob@" + THEIR_HOST.getHostAddress());
  }

  /** Bob's talk connects {@code after} and sends his edit characters. */
  private void bobAnswers(Duration after) throws IOException {
    Socket bob = streams.arrive(after, THEIR_HOST);
    bob.getOutputStream().write(BOB_CHARS.toWire());
    toClose.add(bob);
  }

  private CallResult connect(TalkCall call) throws IOException {
    CallResult result = call.execute();
    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    result.conversation().orElseThrow().close();
    call.close(); // waits for the DELETEs
    return result;
  }

  /** Where each request went, its type, and whether in old talk, in order. */
  private List<org.assertj.core.groups.Tuple> route() {
    return net.sent().stream()
        .map(s -> tuple(s.target(), s.request().requestType().orElseThrow(), s.oldTalk()))
        .toList();
  }

  /** The bytes an old-talk client such as utalk would send: {@code OldCtlMessage.of}. */
  private static byte[] expectedOldTalk(FakeNetwork.Sent s) {
    CtlMessage m = s.request();
    return OldTalkCodec.encode(OldCtlMessage.of(m.requestType().orElseThrow(), m.id(),
        m.address(), m.controlAddress(), PID, m.localName(), m.remoteName(), m.remoteTty()));
  }

  private void assertEveryOldTalkRequestIsByteExact() {
    List<FakeNetwork.Sent> old = net.sent().stream().filter(FakeNetwork.Sent::oldTalk).toList();
    assertThat(old).isNotEmpty();
    for (FakeNetwork.Sent s : old) {
      assertThat(s.bytes()).hasSize(OldCtlMessage.SIZE).isEqualTo(expectedOldTalk(s));
      // network order, as utalk and ytalk send: id and pid with htonl, families with htons
      assertThat(Arrays.copyOfRange(s.bytes(), 24, 28)).containsExactly(0, 0, 0x10, 0x92);
      assertThat(Arrays.copyOfRange(s.bytes(), 60, 62)).containsExactly(0, 2);
      assertThat(s.request().controlAddress().port()).isEqualTo(FakeNetwork.LOCAL.getPort());
    }
  }

  // ---- NTALK, and AUTO when ntalk answers: byte for byte what netkit's talk sends

  @Test
  void autoWithNtalkDaemonsSendsExactlyTheDatagramsNtalkSends() throws Exception {
    daemons(Daemon.NTALK, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);
    bobAnswers(Duration.ofSeconds(2));
    connect(aliceCallsBob(DaemonProtocol.NTALK).build());
    List<FakeNetwork.Sent> ntalk = net.sent();
    List<CallProgress> ntalkSteps = List.copyOf(steps);

    DaemonProtocolTest auto = new DaemonProtocolTest();
    auto.daemons(Daemon.NTALK, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);
    auto.bobAnswers(Duration.ofSeconds(2));
    try {
      auto.connect(auto.aliceCallsBob(DaemonProtocol.AUTO).build());
      assertThat(auto.net.sent())
          .extracting(FakeNetwork.Sent::target, s -> Arrays.toString(s.bytes()))
          .containsExactlyElementsOf(
              ntalk.stream().map(s -> tuple(s.target(), Arrays.toString(s.bytes()))).toList());
      assertThat(auto.steps).isEqualTo(ntalkSteps);
    } finally {
      auto.closeSockets();
    }
    assertThat(ntalk).noneMatch(FakeNetwork.Sent::oldTalk).allMatch(s -> s.bytes().length == 84);
    assertThat(ntalkSteps)
        .containsExactly(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY,
            CONNECTED);
  }

  @Test
  void ntalkNeverFallsBackAndFailsAsBefore() {
    daemons(Daemon.SILENT, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);

    TalkTimeoutException e =
        catchThrowableOfType(
            () -> aliceCallsBob(DaemonProtocol.NTALK).build().execute(),
            TalkTimeoutException.class);

    assertThat(e.daemon()).isEqualTo(THEIR_NTALK);
    assertThat(e.getSuppressed()).isEmpty();
    assertThat(net.sent()).hasSize(POLICY.maxAttempts()).noneMatch(FakeNetwork.Sent::oldTalk);
    assertThat(steps).containsExactly(CHECKING_FOR_INVITATION);
  }

  // ---- AUTO: their daemon silent in ntalk, or answering garbage

  @Test
  void autoFallsBackToOldTalkForTheirDaemonWhenNtalkIsSilentAndKeepsNtalkForOurs()
      throws Exception {
    daemons(Daemon.SILENT, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);
    bobAnswers(Duration.ofSeconds(5));

    connect(aliceCallsBob(DaemonProtocol.AUTO).build());

    int tries = POLICY.maxAttempts();
    List<org.assertj.core.groups.Tuple> expected = new ArrayList<>();
    for (int i = 0; i < tries; i++) {
      expected.add(tuple(THEIR_NTALK, RequestType.LOOK_UP, false));
    }
    expected.addAll(List.of(
        tuple(THEIR_OTALK, RequestType.LOOK_UP, true),
        tuple(THEIR_OTALK, RequestType.ANNOUNCE, true),
        tuple(OUR_NTALK, RequestType.LEAVE_INVITE, false),
        tuple(OUR_NTALK, RequestType.DELETE, false),
        tuple(THEIR_OTALK, RequestType.DELETE, true)));
    assertThat(route()).containsExactlyElementsOf(expected);
    // the whole retry policy in ntalk, then old talk at once
    assertThat(net.sent().get(tries).atNanos() - net.sent().get(0).atNanos())
        .isEqualTo(POLICY.totalTimeout().toNanos());
    assertThat(steps)
        .containsExactly(CHECKING_FOR_INVITATION, OLD_TALK_ON_PARTYS_MACHINE,
            TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY, CONNECTED);
    assertEveryOldTalkRequestIsByteExact();
    // the ids came back in network order from the old-talk daemon, and the DELETE used them
    assertThat(net.sent().get(net.sent().size() - 1).request().id()).isEqualTo(REMOTE_ID);
    assertThat(control.answers(RequestType.ANNOUNCE)).extracting(CtlResponse::id)
        .containsExactly(REMOTE_ID);
  }

  @ParameterizedTest
  @EnumSource(value = Daemon.class, names = {"TRUNCATED", "WRONG_TYPE"})
  void autoFallsBackAtTheFirstGarbageWithoutWaitingOutThePolicy(Daemon garbage)
      throws Exception {
    daemons(garbage, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);
    bobAnswers(Duration.ofSeconds(5));

    connect(aliceCallsBob(DaemonProtocol.AUTO).build());

    assertThat(route().subList(0, 3))
        .containsExactly(
            tuple(THEIR_NTALK, RequestType.LOOK_UP, false),
            tuple(THEIR_OTALK, RequestType.LOOK_UP, true),
            tuple(THEIR_OTALK, RequestType.ANNOUNCE, true));
    assertThat(net.sent().get(1).atNanos() - net.sent().get(0).atNanos())
        .isLessThan(POLICY.attemptTimeout().toNanos());
    assertThat(steps).contains(OLD_TALK_ON_PARTYS_MACHINE).doesNotContain(OLD_TALK_ON_THIS_MACHINE);
    assertEveryOldTalkRequestIsByteExact();
  }

  @Test
  void autoFallsBackForOurOwnDaemonAloneWhenOnlyItIsOldTalk() throws Exception {
    daemons(Daemon.NTALK, Daemon.SILENT, Daemon.SILENT, Daemon.OTALK);
    bobAnswers(Duration.ofSeconds(5));

    connect(aliceCallsBob(DaemonProtocol.AUTO).build());

    List<org.assertj.core.groups.Tuple> expected = new ArrayList<>(List.of(
        tuple(THEIR_NTALK, RequestType.LOOK_UP, false),
        tuple(THEIR_NTALK, RequestType.ANNOUNCE, false)));
    for (int i = 0; i < POLICY.maxAttempts(); i++) {
      expected.add(tuple(OUR_NTALK, RequestType.LEAVE_INVITE, false));
    }
    expected.addAll(List.of(
        tuple(OUR_OTALK, RequestType.LEAVE_INVITE, true),
        tuple(OUR_OTALK, RequestType.DELETE, true),
        tuple(THEIR_NTALK, RequestType.DELETE, false)));
    assertThat(route()).containsExactlyElementsOf(expected);
    assertThat(steps)
        .containsExactly(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON,
            OLD_TALK_ON_THIS_MACHINE, WAITING_FOR_PARTY, CONNECTED);
    // the LEAVE_INVITE's garbage answer byte did not matter: its id was kept and deleted
    FakeNetwork.Sent delete = net.sent().get(expected.size() - 2);
    assertThat(delete.request().id()).isEqualTo(LOCAL_ID);
    assertEveryOldTalkRequestIsByteExact();
  }

  @Test
  void aLocalCallAsksTheOneDaemonOnceAndKeepsItsAnswerForTheLeaveInvite() throws Exception {
    daemons(Daemon.SILENT, Daemon.SILENT, Daemon.SILENT, Daemon.OTALK);
    Socket bob = streams.arrive(Duration.ofSeconds(5), OUR_HOST);
    bob.getOutputStream().write(BOB_CHARS.toWire());
    toClose.add(bob);

    connect(call(DaemonProtocol.AUTO, "alice", "bob").build());

    List<org.assertj.core.groups.Tuple> expected = new ArrayList<>();
    for (int i = 0; i < POLICY.maxAttempts(); i++) {
      expected.add(tuple(OUR_NTALK, RequestType.LOOK_UP, false));
    }
    expected.addAll(List.of(
        tuple(OUR_OTALK, RequestType.LOOK_UP, true),
        tuple(OUR_OTALK, RequestType.ANNOUNCE, true),
        tuple(OUR_OTALK, RequestType.LEAVE_INVITE, true),
        tuple(OUR_OTALK, RequestType.DELETE, true),
        tuple(OUR_OTALK, RequestType.DELETE, true)));
    assertThat(route()).containsExactlyElementsOf(expected);
    assertThat(steps).containsOnlyOnce(OLD_TALK_ON_PARTYS_MACHINE)
        .doesNotContain(OLD_TALK_ON_THIS_MACHINE);
  }

  @Test
  void autoWithBothProtocolsSilentFailsAsNtalkDoesNamingTheOldTalkDaemonLast() {
    daemons(Daemon.SILENT, Daemon.SILENT, Daemon.NTALK, Daemon.OTALK);

    TalkTimeoutException e =
        catchThrowableOfType(
            () -> aliceCallsBob(DaemonProtocol.AUTO).build().execute(),
            TalkTimeoutException.class);

    assertThat(e.daemon()).isEqualTo(THEIR_OTALK);
    assertThat(e.attempts()).isEqualTo(POLICY.maxAttempts());
    assertThat(e.getSuppressed()).singleElement()
        .isInstanceOfSatisfying(TalkTimeoutException.class,
            n -> assertThat(n.daemon()).isEqualTo(THEIR_NTALK));
    assertThat(route()).hasSize(2 * POLICY.maxAttempts())
        .allMatch(t -> t.toList().get(1) == RequestType.LOOK_UP);
    assertThat(net.elapsed()).isEqualTo(POLICY.totalTimeout().multipliedBy(2));
    assertThat(steps).containsExactly(CHECKING_FOR_INVITATION, OLD_TALK_ON_PARTYS_MACHINE);
    assertThat(net.isClosed()).isTrue();
  }

  // ---- OTALK forced

  @Test
  void otalkSendsEveryRequestInOldTalkTo517AtBothDaemons() throws Exception {
    daemons(Daemon.NTALK, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);
    bobAnswers(Duration.ofSeconds(2));

    connect(aliceCallsBob(DaemonProtocol.OTALK).build());

    assertThat(route())
        .containsExactly(
            tuple(THEIR_OTALK, RequestType.LOOK_UP, true),
            tuple(THEIR_OTALK, RequestType.ANNOUNCE, true),
            tuple(OUR_OTALK, RequestType.LEAVE_INVITE, true),
            tuple(OUR_OTALK, RequestType.DELETE, true),
            tuple(THEIR_OTALK, RequestType.DELETE, true));
    assertEveryOldTalkRequestIsByteExact();
    assertThat(net.sent()).extracting(s -> s.request().localName()).containsOnly("alice");
    assertThat(net.sent()).extracting(s -> s.request().id())
        .containsExactly(0L, 0xFFFF_FFFFL, 0xFFFF_FFFFL, LOCAL_ID, REMOTE_ID);
    assertThat(steps)
        .containsExactly(CHECKING_FOR_INVITATION, TRYING_TO_CONNECT_TO_DAEMON, WAITING_FOR_PARTY,
            CONNECTED);
  }

  @Test
  void otalkReadsAnInvitationFromAnOldTalkLookUpAndConnectsAsCallee() throws Exception {
    InetSocketAddress theirListener = new InetSocketAddress(THEIR_HOST, 50_001);
    net.script(
        (request, n) -> {
          CtlResponse r =
              CtlResponse.of(RequestType.LOOK_UP.code(), Answer.SUCCESS, 99,
                  TalkAddress.of(theirListener));
          return List.of(FakeNetwork.raw(Duration.ofMillis(1),
              OldTalkCodec.encode(OldCtlResponse.of(r, ByteOrder.BIG_ENDIAN))));
        });
    streams.connector(
        (target, timeout) -> {
          Socket[] pair = streams.pair();
          pair[0].getOutputStream().write(BOB_CHARS.toWire());
          return pair[1];
        });

    TalkCall call = call(DaemonProtocol.OTALK, "bob", "alice@" + THEIR_HOST.getHostAddress())
        .build();
    CallResult result = call.execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    result.conversation().orElseThrow().close();
    call.close();
    assertThat(streams.connects()).extracting(FakeStreams.Connect::target)
        .containsExactly(theirListener);
    assertThat(route()).containsExactly(tuple(THEIR_OTALK, RequestType.LOOK_UP, true));
  }

  @Test
  void anExplicitDaemonPortIsThePortOfTheProtocolInUse() throws Exception {
    daemons.clear();
    InetSocketAddress their6000 = new InetSocketAddress(THEIR_HOST, 6000);
    InetSocketAddress our6000 = new InetSocketAddress(OUR_HOST, 6000);
    daemons(Daemon.SILENT, Daemon.SILENT, Daemon.SILENT, Daemon.SILENT);
    daemons.put(their6000, Daemon.OTALK);
    daemons.put(our6000, Daemon.OTALK);
    bobAnswers(Duration.ofSeconds(2));

    connect(aliceCallsBob(DaemonProtocol.OTALK).daemonPort(6000).build());

    assertThat(net.sent()).extracting(FakeNetwork.Sent::target).containsOnly(their6000, our6000);
    assertThat(net.sent()).allMatch(FakeNetwork.Sent::oldTalk);
  }

  @Test
  void thePortFollowsTheProtocolUnlessSet() {
    assertThat(TalkClient.newBuilder().build().daemonPort()).isEqualTo(TalkProtocol.NTALK_PORT);
    assertThat(TalkClient.newBuilder().build().protocol()).isEqualTo(DaemonProtocol.NTALK);
    assertThat(TalkClient.newBuilder().protocol(DaemonProtocol.OTALK).build().daemonPort())
        .isEqualTo(TalkProtocol.OTALK_PORT);
    assertThat(TalkClient.newBuilder().protocol(DaemonProtocol.AUTO).build().daemonPort())
        .isEqualTo(TalkProtocol.NTALK_PORT);
    TalkClient set =
        TalkClient.newBuilder().protocol(DaemonProtocol.OTALK).daemonPort(6000).build();
    assertThat(set.daemonPort()).isEqualTo(6000);
    assertThat(set.toBuilder().build().protocol()).isEqualTo(DaemonProtocol.OTALK);
  }

  // ---- names that old talk cannot carry

  /** "bjørnsæt" is 8 characters but 10 bytes in UTF-8; "jürgen" is 7 bytes and fits. */
  @ParameterizedTest(name = "{0} calls {1}")
  @CsvSource({"alexandra, bob, alexandra, 9", "jürgen, bjørnsæt, bjørnsæt, 10"})
  void otalkRefusesANameOverEightBytesBeforeSendingAnything(
      String me, String them, String tooLong, int bytes) {
    daemons(Daemon.NTALK, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);

    NameTooLongException e =
        catchThrowableOfType(
            () -> call(DaemonProtocol.OTALK, me, them + "@" + THEIR_HOST.getHostAddress())
                .build().execute(),
            NameTooLongException.class);

    assertThat(e.name()).isEqualTo(tooLong);
    assertThat(e.bytes()).isEqualTo(bytes);
    assertThat(e.limit()).isEqualTo(8);
    assertThat(e).hasMessage("old talk carries login names of at most 8 bytes; \"" + tooLong
        + "\" has " + bytes);
    assertThat(net.sent()).isEmpty();
  }

  @Test
  void autoRefusesALongNameWhenItWouldHaveToFallBackAndSendsNoOldTalk() {
    daemons(Daemon.SILENT, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);

    NameTooLongException e =
        catchThrowableOfType(
            () -> call(DaemonProtocol.AUTO, "alice", "bartholomew@" + THEIR_HOST.getHostAddress())
                .build().execute(),
            NameTooLongException.class);

    assertThat(e.name()).isEqualTo("bartholomew");
    assertThat(net.sent()).hasSize(POLICY.maxAttempts()).noneMatch(FakeNetwork.Sent::oldTalk);
    assertThat(steps).containsExactly(CHECKING_FOR_INVITATION, OLD_TALK_ON_PARTYS_MACHINE);
    assertThat(net.isClosed()).isTrue();
  }

  @Test
  void autoWithALongNameStillWorksWhenNtalkAnswers() throws Exception {
    daemons(Daemon.NTALK, Daemon.OTALK, Daemon.NTALK, Daemon.OTALK);
    bobAnswers(Duration.ofSeconds(2));

    connect(call(DaemonProtocol.AUTO, "alice", "bartholomew@" + THEIR_HOST.getHostAddress())
        .build());

    assertThat(net.sent()).noneMatch(FakeNetwork.Sent::oldTalk);
  }
}

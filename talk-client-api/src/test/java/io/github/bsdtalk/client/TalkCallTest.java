package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendezvous up to the point where it would wait for the other party, against a scripted daemon
 * in virtual time ({@link FakeNetwork}): what goes on the wire, and how refusals and silent daemons
 * end the call. Waiting and connecting are covered by {@link TalkCallVirtualTimeTest} (in virtual
 * time) and {@link TalkCallLoopbackTest} (real sockets and daemon).
 */
class TalkCallTest {

  private static final InetSocketAddress THEIR_DAEMON = address(10, 518);
  private static final InetSocketAddress OUR_DAEMON = address(1, 518);
  private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofMillis(500), 3);

  private final FakeNetwork net = new FakeNetwork();
  private final List<InetSocketAddress> opened = new ArrayList<>();
  private final List<CallProgress> steps = new ArrayList<>();

  private static InetSocketAddress address(int last, int port) {
    try {
      return new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}), port);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Answers each request type with a fixed answer after 1 ms; unlisted types get silence. */
  private void daemonAnswers(Map<RequestType, CtlResponse> answers) {
    net.script(
        (request, n) -> {
          CtlResponse r = answers.get(request.requestType().orElseThrow());
          return r == null ? List.of() : List.of(FakeNetwork.reply(Duration.ofMillis(1), r));
        });
  }

  private static CtlResponse answer(RequestType type, Answer answer, long id) {
    return CtlResponse.of(type.code(), answer, id, TalkAddress.ZERO);
  }

  private TalkCall call() {
    return new CallBuilder("alice", TalkPeer.parse("bob@far").withTty("pts/7"))
        .remoteDaemon(THEIR_DAEMON)
        .localDaemon(OUR_DAEMON)
        .retryPolicy(POLICY)
        .pid(4242)
        .nanoTime(net)
        .progress(steps::add)
        .transports(
            daemon -> {
              opened.add(daemon);
              return net; // one fake for both sockets; the request's target tells them apart
            })
        .build();
  }

  @Test
  void looksUpThenAnnouncesWithTheFieldsOfTheCClient() throws IOException {
    daemonAnswers(
        Map.of(
            RequestType.LOOK_UP, answer(RequestType.LOOK_UP, Answer.NOT_HERE, 0),
            RequestType.ANNOUNCE, answer(RequestType.ANNOUNCE, Answer.PERMISSION_DENIED, 0)));

    CallResult result = call().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(result.answer()).contains(Answer.PERMISSION_DENIED);
    assertThat(opened).containsExactly(THEIR_DAEMON, OUR_DAEMON);
    assertThat(net.sent())
        .extracting(FakeNetwork.Sent::target)
        .containsExactly(THEIR_DAEMON, THEIR_DAEMON);
    CtlMessage lookUp = net.sent().get(0).request();
    CtlMessage announce = net.sent().get(1).request();
    TalkAddress control = TalkAddress.of(FakeNetwork.LOCAL);
    // look_up.c: LOOK_UP with id 0 and our names; we are asking for an invitation to us.
    assertThat(lookUp)
        .isEqualTo(
            CtlMessage.of(
                RequestType.LOOK_UP,
                0,
                TalkAddress.of(control.ip(), 0),
                control,
                4242,
                "alice",
                "bob",
                "pts/7"));
    // invite.c: "an impossible id_num", and addr is our TCP listening socket on our address.
    assertThat(announce.requestType()).contains(RequestType.ANNOUNCE);
    assertThat(announce.id()).isEqualTo(CtlMessage.MAX_ID_NUM);
    assertThat(announce.address().ip()).isEqualTo(control.ip());
    assertThat(announce.address().port()).isPositive();
    assertThat(announce.controlAddress()).isEqualTo(control);
    assertThat(announce.pid()).isEqualTo(4242);
    assertThat(announce.localName()).isEqualTo("alice");
    assertThat(announce.remoteName()).isEqualTo("bob");
    assertThat(announce.remoteTty()).isEqualTo("pts/7");
    assertThat(steps)
        .containsExactly(
            CallProgress.CHECKING_FOR_INVITATION, CallProgress.TRYING_TO_CONNECT_TO_DAEMON);
    assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void anAnswerOutsideTheKnownCodesIsReportedAsTheCClientWould() throws IOException {
    daemonAnswers(
        Map.of(
            RequestType.LOOK_UP,
            answer(RequestType.LOOK_UP, Answer.NOT_HERE, 0),
            RequestType.ANNOUNCE,
            new CtlResponse(1, RequestType.ANNOUNCE.code(), 42, 0, TalkAddress.ZERO)));

    CallResult result = call().execute();

    assertThat(result.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(result.answer()).isEmpty();
  }

  @Test
  void aDaemonSilentAfterTheLookUpEndsTheCallWithinThePolicy() {
    daemonAnswers(Map.of(RequestType.LOOK_UP, answer(RequestType.LOOK_UP, Answer.NOT_HERE, 0)));

    TalkTimeoutException e = catchThrowableOfType(TalkTimeoutException.class, call()::execute);

    assertThat(e).isNotNull();
    assertThat(e.daemon()).isEqualTo(THEIR_DAEMON);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(net.sent(RequestType.ANNOUNCE.code())).hasSize(3);
    assertThat(net.sent(RequestType.DELETE.code())).isEmpty(); // nothing was left anywhere
    assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(1).plus(POLICY.totalTimeout()));
    assertThat(net.isClosed()).isTrue();
  }

  @Test
  void aSilentOwnDaemonEndsTheCallAndDeletesTheAnnouncement() {
    daemonAnswers(
        Map.of(
            RequestType.LOOK_UP, answer(RequestType.LOOK_UP, Answer.NOT_HERE, 0),
            RequestType.ANNOUNCE, answer(RequestType.ANNOUNCE, Answer.SUCCESS, 17)));

    TalkTimeoutException e = catchThrowableOfType(TalkTimeoutException.class, call()::execute);

    assertThat(e).isNotNull();
    assertThat(e.daemon()).isEqualTo(OUR_DAEMON);
    assertThat(net.sent(RequestType.LEAVE_INVITE.code()))
        .hasSize(3)
        .allSatisfy(s -> assertThat(s.target()).isEqualTo(OUR_DAEMON));
    // invite.c send_delete(): once, no waiting; there is no local id to delete.
    List<FakeNetwork.Sent> deletes = net.sent(RequestType.DELETE.code());
    assertThat(deletes).hasSize(1);
    assertThat(deletes.get(0).target()).isEqualTo(THEIR_DAEMON);
    assertThat(deletes.get(0).request().id()).isEqualTo(17);
  }

  @Test
  void builderRejectsOutOfRangeSettings() {
    CallBuilder b = new CallBuilder("alice", TalkPeer.parse("bob"));

    assertThatIllegalArgumentException().isThrownBy(() -> b.daemonPort(0));
    assertThatIllegalArgumentException().isThrownBy(() -> b.daemonPort(65_536));
    assertThatIllegalArgumentException().isThrownBy(() -> b.ringInterval(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> b.answerTimeout(Duration.ofSeconds(-1)));
    assertThatIllegalArgumentException().isThrownBy(() -> b.connectTimeout(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> b.handshakeTimeout(Duration.ZERO));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallBuilder("", TalkPeer.parse("bob")).build());
  }
}

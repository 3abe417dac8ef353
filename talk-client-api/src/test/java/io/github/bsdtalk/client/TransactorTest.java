package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.Transactor;
import static io.github.bsdtalk.client.FakeNetwork.DAEMON;
import static io.github.bsdtalk.client.FakeNetwork.raw;
import static io.github.bsdtalk.client.FakeNetwork.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retrying transaction of {@code ctl_transact.c}, in virtual time: no sockets, no sleeping. */
class TransactorTest {

  private static final int LOOK_UP = RequestType.LOOK_UP.code();
  private static final int ANNOUNCE = RequestType.ANNOUNCE.code();

  private static final CtlMessage LOOK_UP_REQUEST =
      CtlMessage.of(
          RequestType.LOOK_UP,
          0,
          TalkAddress.ANY,
          TalkAddress.of(FakeNetwork.LOCAL),
          4242,
          "alice",
          "bob",
          "");

  private static final CtlResponse NOT_HERE =
      CtlResponse.of(LOOK_UP, Answer.NOT_HERE, 0, TalkAddress.ZERO);

  private final FakeNetwork net = new FakeNetwork();
  private final Recorder events = new Recorder(net);

  /** Records what the client reports, stamped with virtual time in milliseconds. */
  static final class Recorder implements ControlListener {
    private final FakeNetwork clock;
    final List<String> log = new ArrayList<>();
    final List<byte[]> ignored = new ArrayList<>();
    final List<Integer> attempts = new ArrayList<>();

    Recorder(FakeNetwork clock) {
      this.clock = clock;
    }

    @Override
    public void sent(InetSocketAddress daemon, CtlMessage request, int attempt) {
      attempts.add(attempt);
      log.add(ms() + " sent " + request.type() + " #" + attempt);
    }

    @Override
    public void received(InetSocketAddress daemon, CtlResponse response) {
      log.add(ms() + " received id " + response.id());
    }

    @Override
    public void ignored(InetSocketAddress from, byte[] datagram, String reason) {
      ignored.add(datagram.clone());
      log.add(ms() + " ignored " + datagram.length + " bytes");
    }

    private long ms() {
      return clock.elapsed().toMillis();
    }
  }

  private Transactor client(RetryPolicy policy) {
    return Transactor.builder(net).retryPolicy(policy).nanoTime(net).listener(events).build();
  }

  private Transactor client() {
    return client(RetryPolicy.DEFAULT);
  }

  private static CtlResponse lookUpAnswer(long id) {
    return CtlResponse.of(LOOK_UP, Answer.SUCCESS, id, TalkAddress.ZERO);
  }

  @Test
  void answersFromFirstAttemptWithoutResending() throws IOException {
    net.script((request, n) -> List.of(reply(Duration.ofMillis(50), NOT_HERE)));

    CtlResponse response = client().transact(DAEMON, LOOK_UP_REQUEST);

    assertThat(response).isEqualTo(NOT_HERE);
    assertThat(net.sent()).hasSize(1);
    assertThat(net.sent().get(0).request()).isEqualTo(LOOK_UP_REQUEST);
    assertThat(net.sent().get(0).target()).isEqualTo(DAEMON);
    assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(50));
    assertThat(events.log).containsExactly("0 sent 1 #1", "50 received id 0");
  }

  @Test
  void retransmitsAfterAttemptTimeout() throws IOException {
    net.script(
        (request, n) -> n == 2 ? List.of(reply(Duration.ofMillis(10), NOT_HERE)) : List.of());

    CtlResponse response = client().transact(DAEMON, LOOK_UP_REQUEST);

    assertThat(response).isEqualTo(NOT_HERE);
    assertThat(net.sent())
        .extracting(FakeNetwork.Sent::atNanos)
        .containsExactly(1_000_000_000L, 1_000_000_000L + Duration.ofSeconds(2).toNanos());
    assertThat(net.sent()).extracting(FakeNetwork.Sent::request).containsOnly(LOOK_UP_REQUEST);
    assertThat(events.attempts).containsExactly(1, 2);
    assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(2010));
  }

  @Test
  void givesUpAfterMaxAttemptsNamingTheDaemonAndTheAttempts() {
    TalkTimeoutException e =
        catchThrowableOfType(
            TalkTimeoutException.class, () -> client().transact(DAEMON, LOOK_UP_REQUEST));

    assertThat(e).isNotNull();
    assertThat(e.daemon()).isEqualTo(DAEMON);
    assertThat(e.attempts()).isEqualTo(5);
    assertThat(events.attempts).containsExactly(1, 2, 3, 4, 5);
    assertThat(net.sent())
        .extracting(s -> Duration.ofNanos(s.atNanos() - 1_000_000_000L))
        .containsExactly(
            Duration.ZERO,
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(6),
            Duration.ofSeconds(8));
  }

  @ParameterizedTest(name = "{0} ms x {1}, clock starting at {2}")
  @CsvSource({
    "2000, 5, 1000000000",
    "200, 15, 0",
    "1, 1, -5",
    "3000, 2, 9223372036854775000", // the clock overflows during the transaction
    "700, 3, -9223372036854775808"
  })
  void spendsExactlyAttemptTimeoutTimesMaxAttemptsBeforeGivingUp(
      long attemptMillis, int maxAttempts, long clockStart) {
    FakeNetwork silent = new FakeNetwork(clockStart);
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(attemptMillis), maxAttempts);
    Transactor client = Transactor.builder(silent).retryPolicy(policy).nanoTime(silent).build();

    TalkTimeoutException e =
        catchThrowableOfType(
            TalkTimeoutException.class, () -> client.transact(DAEMON, LOOK_UP_REQUEST));

    assertThat(e).isNotNull();
    assertThat(e.attempts()).isEqualTo(maxAttempts);
    assertThat(silent.sent()).hasSize(maxAttempts);
    assertThat(silent.elapsed()).isEqualTo(policy.totalTimeout());
  }

  @Test
  void skipsMalformedAndMismatchedDatagramsAndAcceptsALaterMatchInTheSameAttempt()
      throws IOException {
    byte[] truncated = Arrays.copyOf(TalkCodec.encode(lookUpAnswer(1)), 23);
    byte[] oversized = Arrays.copyOf(TalkCodec.encode(lookUpAnswer(2)), 25);
    byte[] version2 =
        TalkCodec.encode(new CtlResponse(2, LOOK_UP, Answer.SUCCESS.code(), 3, TalkAddress.ZERO));
    byte[] otherType =
        TalkCodec.encode(CtlResponse.of(ANNOUNCE, Answer.SUCCESS, 4, TalkAddress.ZERO));
    net.script(
        (request, n) ->
            List.of(
                raw(Duration.ofMillis(100), truncated),
                raw(Duration.ofMillis(200), oversized),
                raw(Duration.ofMillis(300), version2),
                raw(Duration.ofMillis(400), otherType),
                reply(Duration.ofMillis(500), lookUpAnswer(5))));

    CtlResponse response = client().transact(DAEMON, LOOK_UP_REQUEST);

    assertThat(response.id()).isEqualTo(5);
    assertThat(net.sent()).hasSize(1);
    assertThat(events.ignored).containsExactly(truncated, oversized, version2, otherType);
    assertThat(events.log)
        .containsExactly(
            "0 sent 1 #1",
            "100 ignored 23 bytes",
            "200 ignored 25 bytes",
            "300 ignored 24 bytes",
            "400 ignored 24 bytes",
            "500 received id 5");
    assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void ignoredDatagramsDoNotExtendTheAttempt() {
    byte[] junk = {1, 2, 3};
    // After every send the daemon babbles every 300 ms, well past the 2 s attempt.
    net.script(
        (request, n) ->
            IntStream.rangeClosed(1, 20)
                .mapToObj(i -> raw(Duration.ofMillis(300L * i), junk))
                .toList());

    TalkTimeoutException e =
        catchThrowableOfType(
            TalkTimeoutException.class, () -> client().transact(DAEMON, LOOK_UP_REQUEST));

    assertThat(e).isNotNull();
    assertThat(net.sent()).hasSize(5);
    assertThat(net.elapsed()).isEqualTo(RetryPolicy.DEFAULT.totalTimeout());
    assertThat(events.ignored).isNotEmpty().allSatisfy(d -> assertThat(d).isEqualTo(junk));
  }

  @Test
  void drainsStaleDatagramsBeforeSending() throws IOException {
    // A late answer to an earlier LOOK_UP is already queued: it matches by vers and type, so if
    // it were read after the send it would be taken for the answer.
    byte[] stale = TalkCodec.encode(lookUpAnswer(99));
    net.arrive(Duration.ZERO, stale);
    net.arrive(Duration.ZERO, new byte[] {9});
    net.script((request, n) -> List.of(reply(Duration.ofMillis(10), lookUpAnswer(7))));

    CtlResponse response = client().transact(DAEMON, LOOK_UP_REQUEST);

    assertThat(response.id()).isEqualTo(7);
    assertThat(events.log)
        .containsExactly(
            "0 ignored 24 bytes", "0 ignored 1 bytes", "0 sent 1 #1", "10 received id 7");
    assertThat(net.receiveTimeouts()).startsWith(Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  @Test
  void drainsAtMost64StaleDatagramsSoAFloodCannotHoldTheRequestBack() throws IOException {
    for (int i = 0; i < 70; i++) {
      net.arrive(Duration.ZERO, new byte[] {9});
    }
    net.script((request, n) -> List.of(reply(Duration.ofMillis(10), lookUpAnswer(7))));

    CtlResponse response = client().transact(DAEMON, LOOK_UP_REQUEST);

    assertThat(response.id()).isEqualTo(7);
    // 64 drained, then the request, then the other 6 are read (and ignored) in the attempt
    assertThat(events.log.indexOf("0 sent 1 #1")).isEqualTo(64);
    assertThat(events.ignored).hasSize(70);
  }

  @Test
  void drainingDoesNotWaitForDatagramsStillOnTheirWay() throws IOException {
    // Only what is queued now is stale; a datagram arriving later is read in the attempt.
    net.arrive(Duration.ofMillis(5), TalkCodec.encode(lookUpAnswer(8)));

    CtlResponse response = client().transact(DAEMON, LOOK_UP_REQUEST);

    assertThat(response.id()).isEqualTo(8);
    assertThat(events.log).containsExactly("0 sent 1 #1", "5 received id 8");
  }

  @Test
  void acceptsALateAnswerToAnEarlierSend() throws IOException {
    // ctl_transact.c matches on vers and type only, so the first send's answer, arriving in the
    // second attempt, ends the transaction.
    net.script(
        (request, n) ->
            n == 1 ? List.of(reply(Duration.ofMillis(2500), lookUpAnswer(1))) : List.of());

    CtlResponse response = client().transact(DAEMON, LOOK_UP_REQUEST);

    assertThat(response.id()).isEqualTo(1);
    assertThat(net.sent()).hasSize(2);
    assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void acceptsAMatchFromAnyAddressWithAnyIdAndAnswer() throws IOException {
    InetSocketAddress elsewhere = new InetSocketAddress(FakeNetwork.LOCAL.getAddress(), 9);
    CtlResponse odd = new CtlResponse(1, LOOK_UP, 200, 0xFFFF_FFFFL, TalkAddress.ZERO);
    net.script(
        (request, n) ->
            List.of(new FakeNetwork.Reply(Duration.ofMillis(1), TalkCodec.encode(odd), elsewhere)));

    assertThat(client().transact(DAEMON, LOOK_UP_REQUEST)).isEqualTo(odd);
  }

  @Test
  void matchesOnVersionOneAndTheRequestTypeOnly() {
    assertThat(Transactor.matches(LOOK_UP_REQUEST, NOT_HERE)).isTrue();
    assertThat(Transactor.matches(LOOK_UP_REQUEST, lookUpAnswer(0xFFFF_FFFFL))).isTrue();
    assertThat(
            Transactor.matches(
                LOOK_UP_REQUEST, new CtlResponse(1, LOOK_UP, 255, 17, TalkAddress.ANY)))
        .isTrue();
    assertThat(
            Transactor.matches(
                LOOK_UP_REQUEST, new CtlResponse(0, LOOK_UP, 0, 0, TalkAddress.ZERO)))
        .isFalse();
    assertThat(
            Transactor.matches(
                LOOK_UP_REQUEST, new CtlResponse(2, LOOK_UP, 0, 0, TalkAddress.ZERO)))
        .isFalse();
    for (RequestType other : RequestType.values()) {
      if (other != RequestType.LOOK_UP) {
        assertThat(
                Transactor.matches(
                    LOOK_UP_REQUEST,
                    CtlResponse.of(other.code(), Answer.SUCCESS, 0, TalkAddress.ZERO)))
            .as("type %s", other)
            .isFalse();
      }
    }
    CtlMessage unknownType =
        new CtlMessage(1, 9, 0, 0, TalkAddress.ANY, TalkAddress.ANY, 1, "a", "b", "");
    assertThat(
            Transactor.matches(
                unknownType, CtlResponse.of(9, Answer.UNKNOWN_REQUEST, 0, TalkAddress.ZERO)))
        .isTrue();
  }

  @Test
  void sendOnceSendsOneDatagramAndDoesNotWait() throws IOException {
    CtlMessage delete = LOOK_UP_REQUEST.withType(RequestType.DELETE).withId(12);

    client().sendOnce(DAEMON, delete);

    assertThat(net.sent()).extracting(FakeNetwork.Sent::request).containsExactly(delete);
    assertThat(net.receiveTimeouts()).isEmpty();
    assertThat(net.elapsed()).isZero();
    assertThat(events.attempts).containsExactly(1);
  }

  @Test
  void reportsTheTransportsAddressAndClosesIt() throws IOException {
    Transactor client = client();

    assertThat(client.localAddress()).isEqualTo(FakeNetwork.LOCAL);
    assertThat(client.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    client.close();
    assertThat(net.isClosed()).isTrue();
  }

  @Test
  void rejectsNullArguments() {
    Transactor client = client();

    assertThatNullPointerException().isThrownBy(() -> client.transact(null, LOOK_UP_REQUEST));
    assertThatNullPointerException().isThrownBy(() -> client.transact(DAEMON, null));
    assertThatNullPointerException().isThrownBy(() -> Transactor.builder(null));
    assertThatNullPointerException().isThrownBy(() -> Transactor.builder(net).retryPolicy(null));
    assertThatNullPointerException().isThrownBy(() -> Transactor.builder(net).nanoTime(null));
    assertThatNullPointerException().isThrownBy(() -> Transactor.builder(net).listener(null));
    assertThat(net.sent()).isEmpty();
  }
}

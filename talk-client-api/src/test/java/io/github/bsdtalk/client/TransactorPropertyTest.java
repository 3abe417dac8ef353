package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.Transactor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The transaction against a model of {@code ctl_transact.c} with a retry limit: send k goes out at
 * (k-1) × attempt timeout unless an answer arrived by then; the first answer to arrive, from any
 * send, ends the transaction; with none by maxAttempts × timeout, it fails.
 */
class TransactorPropertyTest {

  private static final CtlMessage REQUEST =
      CtlMessage.of(
          RequestType.ANNOUNCE,
          CtlMessage.MAX_ID_NUM,
          TalkAddress.ANY,
          TalkAddress.of(FakeNetwork.LOCAL),
          7,
          "alice",
          "bob",
          "");

  /** The delay of the answer to send k, in ms; -1 when the answer (or the request) is lost. */
  private static long delayOf(List<Integer> delays, int k) {
    return k <= delays.size() ? delays.get(k - 1) : -1;
  }

  /** When the model says the transaction ends, in ms from the first send; empty if it fails. */
  private static OptionalLong modelEnd(int attemptMs, int maxAttempts, List<Integer> delays) {
    long best = Long.MAX_VALUE;
    for (int k = 1; k <= maxAttempts; k++) {
      long sendAt = (long) (k - 1) * attemptMs;
      if (best <= sendAt) {
        break; // answered before this send was due
      }
      long d = delayOf(delays, k);
      if (d >= 0) {
        best = Math.min(best, sendAt + d);
      }
    }
    return best <= (long) maxAttempts * attemptMs ? OptionalLong.of(best) : OptionalLong.empty();
  }

  @Test
  void endsWhenTheModelSaysAndNeverWaitsLongerThanThePolicy() {
    qt().withExamples(2000)
        .forAll(
            integers().between(1, 3000),
            integers().between(1, 8),
            lists().of(integers().between(-1, 10_000)).ofSizeBetween(0, 8))
        .checkAssert(
            (attemptMs, maxAttempts, delays) -> {
              FakeNetwork net = new FakeNetwork();
              net.script(
                  (request, n) -> {
                    long d = delayOf(delays, n);
                    return d < 0
                        ? List.of()
                        : List.of(
                            FakeNetwork.reply(
                                Duration.ofMillis(d),
                                CtlResponse.of(
                                    request.type(), Answer.SUCCESS, n, TalkAddress.ZERO)));
                  });
              RetryPolicy policy = new RetryPolicy(Duration.ofMillis(attemptMs), maxAttempts);
              Transactor client =
                  Transactor.builder(net).retryPolicy(policy).nanoTime(net).build();
              OptionalLong expected = modelEnd(attemptMs, maxAttempts, delays);

              TalkTimeoutException timeout =
                  catchThrowableOfType(
                      TalkTimeoutException.class, () -> transact(client, net, expected));

              assertThat(net.sent()).hasSizeBetween(1, maxAttempts);
              assertThat(net.elapsed()).isLessThanOrEqualTo(policy.totalTimeout());
              if (expected.isPresent()) {
                assertThat(timeout).isNull();
                assertThat(net.elapsed()).isEqualTo(Duration.ofMillis(expected.getAsLong()));
              } else {
                assertThat(timeout).isNotNull();
                assertThat(timeout.attempts()).isEqualTo(maxAttempts);
                assertThat(net.sent()).hasSize(maxAttempts);
                assertThat(net.elapsed()).isEqualTo(policy.totalTimeout());
              }
            });
  }

  private static void transact(Transactor client, FakeNetwork net, OptionalLong expected)
      throws IOException {
    CtlResponse r = client.transact(FakeNetwork.DAEMON, REQUEST);
    // The answer's id is the number of the send it answers: it must have been sent by then.
    assertThat(r.id()).isBetween(1L, (long) net.sent().size());
    assertThat(expected).isPresent();
  }
}

package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.LoopbackClient.ip;
import static org.quicktheories.QuickTheory.qt;

import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.testkit.TalkDatagrams;
import io.github.bsdtalk.proto.testkit.TalkValues;
import io.github.bsdtalk.proto.testkit.quicktheories.TalkGenerators;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestProcessor} against the datagrams of talk-proto-testkit (test scope in this
 * module's POM): valid, mutated and arbitrary, one by one through QuickTheories and as one long
 * seeded sequence through a single processor. Every reply is well formed, as {@link
 * RequestProcessorFuzzTest#assertWellFormedReply} states it.
 */
class RequestProcessorTestkitPropertyTest {

  private static final InetSocketAddress SENDER = new InetSocketAddress(ip("127.0.0.1"), 40000);
  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");

  @Test
  void answersEveryTestkitDatagramWithAWellFormedReply() {
    qt().withExamples(1000)
        .forAll(TalkGenerators.datagrams())
        .checkAssert(
            d -> {
              RequestProcessor processor = RequestProcessor.builder().build();
              RequestProcessorFuzzTest.assertWellFormedReply(d, processor.handle(d, SENDER, T0));
            });
  }

  @Test
  void survivesASeededSequenceOfValidAndDamagedRequestsThroughOneProcessor() {
    RandomGenerator random = new SplittableRandom(20261202L);
    RequestProcessor processor =
        RequestProcessor.builder().announcer(Announcer.callback(a -> {})).build();
    Instant now = T0;
    for (int i = 0; i < 5_000; i++) {
      // half requests a client could send (so the table fills and answers), half anything
      byte[] d =
          random.nextBoolean()
              ? TalkCodec.encode(TalkValues.wellFormedCtlMessage(random))
              : TalkDatagrams.mixed(random);
      now = now.plusMillis(random.nextInt(0, 2_000));
      RequestProcessorFuzzTest.assertWellFormedReply(d, processor.handle(d, SENDER, now));
    }
  }
}

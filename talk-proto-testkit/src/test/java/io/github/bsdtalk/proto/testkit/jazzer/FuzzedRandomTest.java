package io.github.bsdtalk.proto.testkit.jazzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkDescriber;
import io.github.bsdtalk.proto.testkit.TalkDatagrams;
import io.github.bsdtalk.proto.testkit.TalkValues;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link FuzzedRandom}: bounded draws stay in range and map onto the provider's bounded consumers,
 * the same input gives the same datagrams, an exhausted input still gives samples, and (the
 * {@code @FuzzTest}, replayed on the empty input by every {@code mvn verify}) it works with
 * Jazzer's own provider.
 */
class FuzzedRandomTest {

  @Test
  void boundedDrawsStayInTheirRange() {
    RandomGenerator random = FuzzedRandom.of(provider(bytes(4096)));
    for (int i = 0; i < 200; i++) {
      assertThat(random.nextInt(-3, 4)).isBetween(-3, 3);
      assertThat(random.nextInt(7)).isBetween(0, 6);
      assertThat(random.nextLong(10, 12)).isBetween(10L, 11L);
      assertThat(random.nextLong(5)).isBetween(0L, 4L);
    }
    assertThatIllegalArgumentException().isThrownBy(() -> random.nextInt(3, 3));
    assertThatIllegalArgumentException().isThrownBy(() -> random.nextLong(0));
  }

  @Test
  void theSameInputGivesTheSameDatagrams() {
    byte[] input = bytes(2048);
    RandomGenerator a = FuzzedRandom.of(provider(input));
    RandomGenerator b = FuzzedRandom.of(provider(input));
    for (int i = 0; i < 20; i++) {
      assertThat(TalkDatagrams.mixed(a)).isEqualTo(TalkDatagrams.mixed(b));
    }
  }

  @Test
  void anExhaustedInputGivesTheSimplestSamples() throws MalformedPacketException {
    RandomGenerator random = FuzzedRandom.of(provider(new byte[0]));
    CtlMessage m = TalkValues.wellFormedCtlMessage(random);
    assertThat(TalkCodec.decodeMessage(TalkCodec.encode(m))).isEqualTo(m);
    assertThat(TalkDatagrams.mixed(random)).hasSize(CtlMessage.SIZE);
    assertThat(TalkDatagrams.mutatedResponse(random)).isNotEmpty();
  }

  // [snippet:jazzer]
  @FuzzTest(maxDuration = "10s")
  void describesEveryTestkitDatagram(FuzzedDataProvider data) throws MalformedPacketException {
    RandomGenerator random = FuzzedRandom.of(data);
    byte[] datagram = TalkDatagrams.mixed(random);
    TalkDescriber.Description description = TalkDescriber.describe(datagram);
    if (datagram.length == CtlResponse.SIZE) {
      assertThat(TalkCodec.decodeResponse(datagram).address()).isNotNull();
    }
    assertThat(description.length()).isEqualTo(datagram.length);
  }
  // [/snippet:jazzer]

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }

  /**
   * A stand-in for Jazzer's provider over {@code input}, for the calls {@link FuzzedRandom} makes:
   * numbers from the front, 4 or 8 bytes each, folded into the range; the low end once exhausted.
   */
  private static FuzzedDataProvider provider(byte[] input) {
    ByteBuffer in = ByteBuffer.wrap(input);
    return (FuzzedDataProvider)
        Proxy.newProxyInstance(
            FuzzedRandomTest.class.getClassLoader(),
            new Class<?>[] {FuzzedDataProvider.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "remainingBytes":
                  return in.remaining();
                case "consumeBoolean":
                  return in.hasRemaining() && (in.get() & 1) == 1;
                case "consumeInt":
                  int lo = args == null ? Integer.MIN_VALUE : (int) args[0];
                  int hi = args == null ? Integer.MAX_VALUE : (int) args[1];
                  long span = (long) hi - lo + 1;
                  return in.remaining() < 4 ? lo : (int) (lo + Math.floorMod(in.getInt(), span));
                case "consumeLong":
                  long min = args == null ? Long.MIN_VALUE : (long) args[0];
                  long max = args == null ? Long.MAX_VALUE : (long) args[1];
                  if (in.remaining() < 8) {
                    return min;
                  }
                  long x = in.getLong();
                  return max - min == -1 ? x : min + Math.floorMod(x, max - min + 1);
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }
}

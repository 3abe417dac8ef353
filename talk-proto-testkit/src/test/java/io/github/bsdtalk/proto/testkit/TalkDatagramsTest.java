package io.github.bsdtalk.proto.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core's promises that do not depend on a framework: the same seed gives the same values with
 * any {@link RandomGenerator}, a source that always answers the low end of each range gets simple,
 * valid samples, and bad arguments fail clearly. (The ranges and the cases each family reaches are
 * checked through the QuickTheories adapter, in {@code quicktheories.TalkGeneratorsTest}, and here
 * for plain seeded sources.)
 */
class TalkDatagramsTest {

  /** Every public sampling method of the core, by name. */
  static Stream<Object[]> families() {
    List<Object[]> all = new ArrayList<>();
    add(all, "u8", TalkValues::u8);
    add(all, "version", TalkValues::version);
    add(all, "typeCode", TalkValues::typeCode);
    add(all, "answerCode", TalkValues::answerCode);
    add(all, "id", TalkValues::id);
    add(all, "pid", TalkValues::pid);
    add(all, "port", TalkValues::port);
    add(all, "ipv4Address", TalkValues::ipv4Address);
    add(all, "family", TalkValues::family);
    add(all, "talkAddress", TalkValues::talkAddress);
    add(all, "inetTalkAddress", TalkValues::inetTalkAddress);
    add(all, "name", TalkValues::name);
    add(all, "fullWidthName", TalkValues::fullWidthName);
    add(all, "tty", TalkValues::tty);
    add(all, "fieldText", r -> TalkValues.fieldText(r, TalkProtocol.NAME_SIZE));
    add(all, "ctlMessage", TalkValues::ctlMessage);
    add(all, "wellFormedCtlMessage", TalkValues::wellFormedCtlMessage);
    add(all, "ctlResponse", TalkValues::ctlResponse);
    add(all, "wellFormedCtlResponse", TalkValues::wellFormedCtlResponse);
    add(all, "messageSized", r -> List.of(TalkDatagrams.messageSized(r)));
    add(all, "responseSized", r -> List.of(TalkDatagrams.responseSized(r)));
    add(all, "anyLength", r -> List.of(TalkDatagrams.anyLength(r)));
    add(all, "anyLength(5)", r -> List.of(TalkDatagrams.anyLength(r, 5)));
    add(all, "message", r -> List.of(TalkDatagrams.message(r)));
    add(all, "response", r -> List.of(TalkDatagrams.response(r)));
    add(all, "mutatedMessage", r -> List.of(TalkDatagrams.mutatedMessage(r)));
    add(all, "mutatedResponse", r -> List.of(TalkDatagrams.mutatedResponse(r)));
    add(all, "mixed", r -> List.of(TalkDatagrams.mixed(r)));
    return all.stream();
  }

  private static void add(List<Object[]> all, String name, Function<RandomGenerator, ?> family) {
    all.add(new Object[] {name, family});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void sameSeedGivesTheSameSamplesWithAnyGenerator(String name, Function<RandomGenerator, ?> f) {
    assertThat(samples(f, new SplittableRandom(7))).isEqualTo(samples(f, new SplittableRandom(7)));
    assertThat(samples(f, new Random(7))).isEqualTo(samples(f, new Random(7)));
    assertThat(samples(f, RandomGenerator.of("L64X128MixRandom")))
        .as("a fresh unseeded generator differs")
        .isNotEqualTo(samples(f, new SplittableRandom(7)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void theLowestDrawsGiveASample(String name, Function<RandomGenerator, ?> f) {
    assertThat((Object) f.apply(new Lowest())).isNotNull();
  }

  @Test
  void theLowestDrawsGiveTheSimplestValues() throws MalformedPacketException {
    RandomGenerator lowest = new Lowest();
    CtlMessage m = TalkValues.wellFormedCtlMessage(lowest);
    assertThat(m.version()).isEqualTo(TalkProtocol.VERSION);
    assertThat(m.requestType()).contains(RequestType.values()[0]);
    assertThat(TalkCodec.decodeMessage(TalkCodec.encode(m))).isEqualTo(m);
    assertThat(TalkValues.ctlMessage(lowest).version()).isEqualTo(TalkProtocol.VERSION);
    assertThat(TalkDatagrams.anyLength(lowest)).isEmpty();
    assertThat(TalkDatagrams.mixed(lowest)).hasSize(CtlMessage.SIZE);
  }

  @Test
  void seededSamplesStayInTheirRanges() throws MalformedPacketException {
    RandomGenerator random = new SplittableRandom(1);
    for (int i = 0; i < 2_000; i++) {
      assertThat(TalkValues.u8(random)).isBetween(0, 255);
      assertThat(TalkValues.id(random)).isBetween(0L, CtlMessage.MAX_ID_NUM);
      assertThat(TalkValues.port(random)).isBetween(0, 0xFFFF);
      assertThat(TalkValues.name(random).length()).isBetween(1, TalkProtocol.NAME_SIZE);
      assertThat(TalkValues.tty(random).length()).isBetween(0, TalkProtocol.TTY_SIZE);
      assertThat(TalkDatagrams.anyLength(random).length)
          .isBetween(0, TalkDatagrams.MAX_ARBITRARY_LENGTH);
      assertThat(TalkDatagrams.anyLength(random, 0)).isEmpty();
      assertThat(TalkDatagrams.mutatedMessage(random).length)
          .isBetween(0, CtlMessage.SIZE + TalkDatagrams.MAX_EDITS * TalkDatagrams.MAX_EXTENSION);
      assertThat(TalkDatagrams.mutatedResponse(random).length)
          .isBetween(0, CtlResponse.SIZE + TalkDatagrams.MAX_EDITS * TalkDatagrams.MAX_EXTENSION);
      CtlResponse r = TalkValues.ctlResponse(random);
      assertThat(TalkCodec.decodeResponse(TalkCodec.encode(r))).isEqualTo(r);
    }
  }

  @Test
  void rejectsBadArguments() {
    RandomGenerator random = new SplittableRandom(1);
    assertThatIllegalArgumentException().isThrownBy(() -> TalkDatagrams.anyLength(random, -1));
    assertThatIllegalArgumentException().isThrownBy(() -> TalkValues.fieldText(random, -1));
    assertThatNullPointerException().isThrownBy(() -> TalkDatagrams.mixed(null));
    assertThatNullPointerException().isThrownBy(() -> TalkValues.ctlMessage(null));
  }

  /** Thirty samples, arrays wrapped in lists so that equality compares contents. */
  private static List<Object> samples(Function<RandomGenerator, ?> f, RandomGenerator random) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Object x = f.apply(random);
      out.add(x instanceof List<?> l && l.get(0) instanceof byte[] b ? hex(b) : x);
    }
    return out;
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  /** Answers the low end of every range, like a shrunk QuickTheories source or an empty input. */
  static final class Lowest implements RandomGenerator {
    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public int nextInt(int origin, int bound) {
      return origin;
    }

    @Override
    public long nextLong(long origin, long bound) {
      return origin;
    }
  }
}

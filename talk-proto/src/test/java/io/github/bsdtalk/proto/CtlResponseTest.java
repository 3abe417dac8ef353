package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CtlResponseTest {

  private static final TalkAddress RENDEZVOUS = TalkAddress.of(TalkAddress.ipv4(0xc0000214), 41000);

  @ParameterizedTest
  @ValueSource(ints = {-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void rejectsU8ComponentsOutsideOneByte(int value) {
    assertThatThrownBy(() -> new CtlResponse(value, 1, 0, 0, RENDEZVOUS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CtlResponse(1, value, 0, 0, RENDEZVOUS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CtlResponse(1, 1, value, 0, RENDEZVOUS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 128, 255})
  void acceptsEveryOneByteValueInU8Components(int value) {
    CtlResponse r = new CtlResponse(value, value, value, 0, RENDEZVOUS);

    assertThat(r.version()).isEqualTo(value);
    assertThat(r.type()).isEqualTo(value);
    assertThat(r.answer()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0x1_0000_0000L, Long.MIN_VALUE})
  void rejectsIdOutsideU32(long id) {
    assertThatThrownBy(() -> new CtlResponse(1, 1, 0, id, RENDEZVOUS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 15999, 0x8000_0000L, 0xFFFF_FFFFL})
  void acceptsEveryU32Id(long id) {
    assertThat(new CtlResponse(1, 1, 0, id, RENDEZVOUS).id()).isEqualTo(id);
  }

  @Test
  void rejectsNullAddressWithNullPointerException() {
    assertThatThrownBy(() -> new CtlResponse(1, 1, 0, 0, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CtlResponse.of(1, Answer.SUCCESS, 0, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CtlResponse.of(1, null, 0, RENDEZVOUS))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void ofBuildsVersionOneResponse() {
    assertThat(CtlResponse.of(1, Answer.SUCCESS, 7, RENDEZVOUS))
        .isEqualTo(new CtlResponse(1, 1, 0, 7, RENDEZVOUS));
    assertThat(CtlResponse.of(9, Answer.UNKNOWN_REQUEST, 0, TalkAddress.ZERO))
        .isEqualTo(new CtlResponse(1, 9, 5, 0, TalkAddress.ZERO));
  }

  @Test
  void ofValidatesTheEchoedType() {
    assertThatThrownBy(() -> CtlResponse.of(256, Answer.FAILED, 0, TalkAddress.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Answer.class)
  void knownAnswerAndIsRecogniseEveryAnswer(Answer answer) {
    CtlResponse r = CtlResponse.of(1, answer, 0, TalkAddress.ZERO);

    assertThat(r.knownAnswer()).contains(answer);
    assertThat(r.is(answer)).isTrue();
    for (Answer other : Answer.values()) {
      assertThat(r.is(other)).as("%s is %s", answer, other).isEqualTo(other == answer);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {9, 10, 11, 255})
  void knownAnswerIsEmptyForUnknownCodes(int code) {
    // 9..11 are GNU talk's ntalk2 answers (NO_CALLER, TRY_HERE, SELECTIVE_REFUSAL): not ours.
    CtlResponse r = new CtlResponse(1, 1, code, 0, TalkAddress.ZERO);

    assertThat(r.knownAnswer()).isEmpty();
    assertThat(Answer.values()).noneMatch(r::is);
  }

  @ParameterizedTest
  @EnumSource(RequestType.class)
  void requestTypeGivesTheEchoedType(RequestType type) {
    assertThat(CtlResponse.of(type.code(), Answer.SUCCESS, 0, TalkAddress.ZERO).requestType())
        .contains(type);
  }

  @Test
  void requestTypeIsEmptyForAnEchoedUnknownType() {
    assertThat(CtlResponse.of(4, Answer.UNKNOWN_REQUEST, 0, TalkAddress.ZERO).requestType())
        .isEmpty();
  }
}

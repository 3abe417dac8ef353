package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTypeTest {

  @Test
  void codesAreThoseOfTalkdH() {
    // include/protocols/talkd.h: LEAVE_INVITE 0, LOOK_UP 1, DELETE 2, ANNOUNCE 3.
    assertThat(RequestType.LEAVE_INVITE.code()).isZero();
    assertThat(RequestType.LOOK_UP.code()).isEqualTo(1);
    assertThat(RequestType.DELETE.code()).isEqualTo(2);
    assertThat(RequestType.ANNOUNCE.code()).isEqualTo(3);
    assertThat(RequestType.values()).hasSize(4);
  }

  @Test
  void fromCodeFindsEveryTypeByItsCode() {
    for (RequestType t : RequestType.values()) {
      assertThat(RequestType.fromCode(t.code())).contains(t);
    }
  }

  @Test
  void fromCodeIsEmptyForEveryOtherCode() {
    assertThat(RequestType.fromCode(-1)).isEmpty();
    assertThat(RequestType.fromCode(Integer.MIN_VALUE)).isEmpty();
    assertThat(RequestType.fromCode(Integer.MAX_VALUE)).isEmpty();
    for (int code = 0; code <= 255; code++) {
      assertThat(RequestType.fromCode(code).isPresent()).as("code %d", code).isEqualTo(code < 4);
    }
  }
}

package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MalformedPacketExceptionTest {

  @Test
  void carriesReasonAndOffset() {
    MalformedPacketException e =
        new MalformedPacketException(MalformedPacketException.Reason.BAD_STRING, 47, "detail");

    assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.BAD_STRING);
    assertThat(e.offset()).isEqualTo(47);
    assertThat(e).isInstanceOf(IOException.class).hasNoCause();
  }

  @Test
  void rejectsNullReason() {
    assertThatThrownBy(() -> new MalformedPacketException(null, 0, "detail"))
        .isInstanceOf(NullPointerException.class);
  }
}

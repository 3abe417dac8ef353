package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerTest {

  @Test
  void codesAndClientMessagesAreThoseOfTheCClients() {
    // docs/PROTOCOL.md section 3.2: values from talkd.h, texts from talk/invite.c answers[]
    // (FreeBSD, netkit).
    Object[][] table = {
      {Answer.NOT_HERE, 1, "Your party is not logged on"},
      {Answer.FAILED, 2, "Target machine is too confused to talk to us"},
      {Answer.MACHINE_UNKNOWN, 3, "Target machine does not recognize us"},
      {Answer.PERMISSION_DENIED, 4, "Your party is refusing messages"},
      {Answer.UNKNOWN_REQUEST, 5, "Target machine can not handle remote talk"},
      {Answer.BADVERSION, 6, "Target machine indicates protocol mismatch"},
      {Answer.BADADDR, 7, "Target machine indicates protocol botch (addr)"},
      {Answer.BADCTLADDR, 8, "Target machine indicates protocol botch (ctl_addr)"},
    };
    for (Object[] row : table) {
      Answer a = (Answer) row[0];
      assertThat(a.code()).as("%s", a).isEqualTo(row[1]);
      assertThat(a.clientMessage()).as("%s", a).isEqualTo(row[2]);
    }
    assertThat(Answer.values()).hasSize(9);
  }

  @Test
  void successIsCodeZeroWithATextEvenThoughClientsPrintNone() {
    assertThat(Answer.SUCCESS.code()).isZero();
    assertThat(Answer.SUCCESS.clientMessage()).isNotBlank();
  }

  @Test
  void fromCodeFindsEveryAnswerByItsCode() {
    for (Answer a : Answer.values()) {
      assertThat(Answer.fromCode(a.code())).contains(a);
    }
  }

  @Test
  void fromCodeIsEmptyForEveryOtherCode() {
    // The C clients print a text only for answer < NANSWERS (9).
    assertThat(Answer.fromCode(-1)).isEmpty();
    assertThat(Answer.fromCode(Integer.MIN_VALUE)).isEmpty();
    assertThat(Answer.fromCode(Integer.MAX_VALUE)).isEmpty();
    for (int code = 0; code <= 255; code++) {
      assertThat(Answer.fromCode(code).isPresent()).as("code %d", code).isEqualTo(code < 9);
    }
  }
}

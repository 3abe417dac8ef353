package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageFieldTest {

  @Test
  void fieldsTileTheEightyFourBytesInWireOrderWithoutHoles() {
    int next = 0;
    for (MessageField f : MessageField.values()) {
      assertThat(f.offset()).as("%s", f).isEqualTo(next);
      next += f.size();
    }
    assertThat(next).isEqualTo(CtlMessage.SIZE);
  }

  @Test
  void namesOffsetsAndSizesAreThoseOfTheCStruct() {
    // include/protocols/talkd.h CTL_MSG; docs/PROTOCOL.md section 2.1.
    Object[][] table = {
      {MessageField.VERS, "vers", 0, 1},
      {MessageField.TYPE, "type", 1, 1},
      {MessageField.ANSWER, "answer", 2, 1},
      {MessageField.PAD, "pad", 3, 1},
      {MessageField.ID_NUM, "id_num", 4, 4},
      {MessageField.ADDR, "addr", 8, 16},
      {MessageField.CTL_ADDR, "ctl_addr", 24, 16},
      {MessageField.PID, "pid", 40, 4},
      {MessageField.L_NAME, "l_name", 44, 12},
      {MessageField.R_NAME, "r_name", 56, 12},
      {MessageField.R_TTY, "r_tty", 68, 16},
    };
    assertThat(MessageField.values()).hasSize(table.length);
    for (Object[] row : table) {
      MessageField f = (MessageField) row[0];
      assertThat(f.cName()).isEqualTo(row[1]);
      assertThat(f.offset()).as("%s", f).isEqualTo(row[2]);
      assertThat(f.size()).as("%s", f).isEqualTo(row[3]);
    }
  }
}

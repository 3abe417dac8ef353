package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EditCharsTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void defaultIsDelControlUControlW() {
    assertThat(EditChars.DEFAULT.erase()).isEqualTo((byte) 0x7F);
    assertThat(EditChars.DEFAULT.kill()).isEqualTo((byte) 0x15);
    assertThat(EditChars.DEFAULT.wordErase()).isEqualTo((byte) 0x17);
  }

  @Test
  void decodesEditCharsCapturedFromNetkitTalk() {
    // netkit-session.txt PKT 9 and PKT 14: both sides sent 7f 15 17.
    assertThat(EditChars.fromWire(hex("7f1517"))).isEqualTo(EditChars.DEFAULT);
  }

  @Test
  void encodesEraseKillWordEraseInThatOrder() {
    assertThat(new EditChars((byte) 0x08, (byte) 0x40, (byte) 0x17).toWire())
        .containsExactly(0x08, 0x40, 0x17);
    assertThat(EditChars.DEFAULT.toWire()).containsExactly(hex("7f1517"));
  }

  @Test
  void mapsEachDisabledSlotToItsDefault() {
    assertThat(EditChars.fromWire(hex("ffffff"))).isEqualTo(EditChars.DEFAULT);
    assertThat(EditChars.fromWire(hex("08ff17")))
        .isEqualTo(new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17));
    // netkit sends ^W for a disabled werase; we map the same on receipt.
    assertThat(EditChars.fromWire(hex("0815ff")))
        .isEqualTo(new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17));
    // FreeBSD's bug (docs/PROTOCOL.md section 6.1) sends 0xFF as erase when erase is disabled.
    assertThat(EditChars.fromWire(hex("ff7f17")))
        .isEqualTo(new EditChars((byte) 0x7F, (byte) 0x7F, (byte) 0x17));
  }

  @Test
  void keepsEveryOtherByteAsSent() {
    for (int b = 0; b < 0xFF; b++) {
      byte[] wire = {(byte) b, (byte) b, (byte) b};
      assertThat(EditChars.fromWire(wire).toWire()).containsExactly(wire);
    }
  }

  @Test
  void recognisesYtalkByEraseFe() {
    assertThat(EditChars.fromWire(hex("fe1517")).isYtalk()).isTrue();
    assertThat(EditChars.DEFAULT.isYtalk()).isFalse();
    assertThat(EditChars.fromWire(hex("7ffe17")).isYtalk()).isFalse();
  }

  @Test
  void fromWireCopiesNothingItDoesNotOwn() {
    byte[] wire = hex("7f1517");
    EditChars chars = EditChars.fromWire(wire);
    wire[0] = 0x08;
    assertThat(chars).isEqualTo(EditChars.DEFAULT);
    chars.toWire()[0] = 0x08;
    assertThat(chars.toWire()).containsExactly(hex("7f1517"));
  }

  @Test
  void rejectsWrongLength() {
    assertThatThrownBy(() -> EditChars.fromWire(new byte[2]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EditChars.fromWire(new byte[4]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EditChars.fromWire(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void printsBytesAsUnsignedHex() {
    assertThat(EditChars.fromWire(hex("fe1517")).toString()).contains("fe", "15", "17");
  }
}

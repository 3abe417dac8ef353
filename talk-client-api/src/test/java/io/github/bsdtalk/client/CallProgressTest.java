package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallProgressTest {

  @Test
  void messagesAreTheStatusLinesNetkitTalkPrints() {
    // netkit-ntalk 0.17 talk/look_up.c, invite.c, io.c; the interop suites compare them on screen
    assertThat(CallProgress.CHECKING_FOR_INVITATION.message())
        .isEqualTo("Checking for invitation on caller's machine");
    assertThat(CallProgress.WAITING_TO_CONNECT_WITH_CALLER.message())
        .isEqualTo("Waiting to connect with caller");
    assertThat(CallProgress.TRYING_TO_CONNECT_TO_DAEMON.message())
        .isEqualTo("Trying to connect to your party's talk daemon");
    assertThat(CallProgress.WAITING_FOR_PARTY.message())
        .isEqualTo("Waiting for your party to respond");
    assertThat(CallProgress.RINGING_AGAIN.message()).isEqualTo("Ringing your party again");
    assertThat(CallProgress.CONNECTED.message()).isEqualTo("Connection established");
  }
}

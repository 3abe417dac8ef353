package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.aliceClient;
import static io.github.bsdtalk.server.TestRequests.leaveInvite;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.CtlMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvitationTest {

  private static final CtlMessage REQUEST =
      leaveInvite("alice", "bob", 1, rendezvous(LOCALHOST, 1234));
  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");

  @Test
  void acceptsIdsFromOneToTheLargestWireId() {
    assertThat(new Invitation(1, REQUEST, LOCALHOST, T0).id()).isEqualTo(1);
    assertThat(new Invitation(CtlMessage.MAX_ID_NUM, REQUEST, LOCALHOST, T0).id())
        .isEqualTo(CtlMessage.MAX_ID_NUM);
  }

  @Test
  void rejectsIdsOutsideTheWireRange() {
    assertThatThrownBy(() -> new Invitation(0, REQUEST, LOCALHOST, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> new Invitation(CtlMessage.MAX_ID_NUM + 1, REQUEST, LOCALHOST, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNullComponents() {
    assertThatThrownBy(() -> new Invitation(1, null, LOCALHOST, T0))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invitation(1, REQUEST, null, T0))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invitation(1, REQUEST, aliceClient().getAddress(), null))
        .isInstanceOf(NullPointerException.class);
  }
}

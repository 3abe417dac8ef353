package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.announce;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");

  private static Announcement announcement() {
    CtlMessage m = announce("alice", "room", 1, rendezvous(LOCALHOST, 40000));
    return new Announcement("alice", "room", "", LOCALHOST, m.address(), m, T0);
  }

  @Test
  void callbackHandsEachAnnouncementToTheHandlerAndAnswersSuccess() {
    List<Announcement> seen = new ArrayList<>();
    Announcer announcer = Announcer.callback(seen::add);
    Announcement a = announcement();

    assertThat(announcer.announce(a)).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.announce(a)).isEqualTo(Answer.SUCCESS);
    assertThat(seen).containsExactly(a, a);
  }

  @Test
  void callbackRefusesANullHandler() {
    assertThatNullPointerException().isThrownBy(() -> Announcer.callback(null))
        .withMessage("handler");
  }

  @Test
  void refuseAllAnswersPermissionDenied() {
    assertThat(Announcer.refuseAll().announce(announcement())).isEqualTo(Answer.PERMISSION_DENIED);
  }
}

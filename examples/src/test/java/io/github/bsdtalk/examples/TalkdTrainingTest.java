package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The build's training session for the class-data archive: a whole session, every request answered. */
class TalkdTrainingTest {

  @Test
  void aSessionAgainstAFreshDaemonIsAnsweredThroughout() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertThat(TalkdTraining.train(new PrintStream(err, true, StandardCharsets.UTF_8)))
        .containsExactly(
            Answer.NOT_HERE, // LOOK_UP before any invitation
            Answer.SUCCESS, // LEAVE_INVITE
            Answer.SUCCESS, // LOOK_UP finds it
            Answer.NOT_HERE, // ANNOUNCE: nobody is logged in as that name
            Answer.SUCCESS); // DELETE of the invitation left
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}

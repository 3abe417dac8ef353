package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  /** A hang guard only: the demo takes about two seconds. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  /** The addr field of alice's first ANNOUNCE: the TCP socket she listens on. */
  private static final Pattern ANNOUNCED_ADDR =
      Pattern.compile(
          "ANNOUNCE at bob's daemon: ring bob\\. id 0xffffffff.*?\\baddr +[0-9a-f]{32} "
              + "(127\\.0\\.0\\.1:\\d+) \\(family 2\\)",
          Pattern.DOTALL);

  private record Result(int status, String out, String err) {}

  private static Result runDemo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {"demo"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void demoWalksThroughTheWholeCallInProtocolOrderAndExits0() {
    Result r = assertTimeoutPreemptively(HANG_GUARD, DemoCommandTest::runDemo);

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    Matcher announced = ANNOUNCED_ADDR.matcher(r.out());
    assertThat(announced.find()).as("alice's ANNOUNCE shows her listening address").isTrue();
    String caller = announced.group(1);
    assertThat(r.out())
        .containsSubsequence(
            // first, alice asks bob's daemon for an invitation from bob; there is none
            "1. alice -> talkd",
            "LOOK_UP",
            "why:   LOOK_UP at bob's daemon",
            "<- reply NOT_HERE, id 0",
            "means: no invitation: alice becomes the caller",
            // she rings bob with the impossible id
            "alice -> talkd",
            "ANNOUNCE",
            "why:   ANNOUNCE at bob's daemon: ring bob. id 0xffffffff is 'an impossible id'",
            "id_num   ffffffff                         4294967295 (0xffffffff)",
            "<- reply SUCCESS",
            // and files her invitation at her own daemon
            "alice -> talkd",
            "LEAVE_INVITE",
            "why:   LEAVE_INVITE at alice's OWN daemon",
            "<- reply SUCCESS",
            "Two daemons, two ids",
            // bob finds it and learns where to connect
            "bob -> talkd",
            "LOOK_UP",
            "<- reply SUCCESS",
            "addr ",
            caller + " (family 2)",
            "means: yes: connect to " + caller,
            // alice cleans up at both daemons once bob has connected: her invitation, then the
            // announcement (step numbers are not asserted: a slow machine may add resends)
            "alice -> talkd",
            "DELETE",
            "at alice's own daemon: the invitation was answered",
            "<- reply SUCCESS",
            "alice -> talkd",
            "DELETE",
            "at bob's daemon: remove the announcement",
            "<- reply SUCCESS",
            // the TCP part
            "alice: sent first 7f 15 17",
            "bob:   sent first 7f 15 17",
            "bob:   screen shows: Hello bob",
            "alice: screen shows: hi alice!",
            "bob:   types, sending 73 65 65 20 79 75 6f 7f 7f 6f 75 0a",
            "alice: screen shows: see you ",
            "bob:   reads end of stream: [Connection closed]",
            "talkd: invitations left in the table: 0");
  }

  @Test
  void theTraceAnswersTheQuestionsANewUserAsked() {
    Result r = assertTimeoutPreemptively(HANG_GUARD, DemoCommandTest::runDemo);

    assertThat(r.out())
        .containsSubsequence(
            // why a LOOK_UP carries port 0, and what the pid is for
            "note:  addr 127.0.0.1:0: a LOOK_UP offers no TCP socket yet",
            "note:  pid 4242 is alice's talk process id",
            // the whole announcement, with the line a real user answers
            "talkd:   | talk: connection requested by alice@127.0.0.1.",
            "talkd:   | talk: respond with:  talk alice@127.0.0.1",
            // why ctl_addr changes between ANNOUNCE and LEAVE_INVITE
            "LEAVE_INVITE",
            "note:  ctl_addr is now 127.0.0.1:",
            "two UDP sockets",
            // why DELETE replies say id 0
            "<- reply SUCCESS, id 0",
            "means: deleted. A DELETE reply's id is always 0",
            // who sent the edit characters first
            "\"first\" means first on the connection, not before the other",
            // the correction is plainly one
            "alice: screen shows: see you   (bob mistyped \"yuo\", pressed erase twice");
    assertThat(r.out().split("two UDP sockets", -1)).as("explained once").hasSize(2);
    assertThat(r.out().split("A DELETE reply's id is always 0", -1)).hasSize(2);
  }
}

package io.github.bsdtalk.examples.session;

import static io.github.bsdtalk.examples.session.Sessions.START;
import static io.github.bsdtalk.examples.session.Sessions.at;
import static io.github.bsdtalk.examples.session.Sessions.reply;
import static io.github.bsdtalk.examples.session.Sessions.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.examples.session.SequenceDiagram.Arrow;
import io.github.bsdtalk.examples.session.SequenceDiagram.Lane;
import io.github.bsdtalk.examples.session.SequenceDiagram.Note;
import io.github.bsdtalk.examples.session.SequenceDiagram.Step;
import io.github.bsdtalk.examples.session.SequenceDiagram.Style;
import io.github.bsdtalk.examples.session.SessionEvent.Malformed;
import io.github.bsdtalk.examples.session.SessionEvent.Request;
import io.github.bsdtalk.examples.session.SessionEvent.TcpConnect;
import io.github.bsdtalk.examples.session.SessionEvent.TcpData;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parties named and ordered from the events, and one step per event. */
class SessionDiagramTest {

  private static final InetSocketAddress NONE = at("0.0.0.0", 0);
  private static final InetSocketAddress DAEMON = at("127.0.0.1", 518);
  private static final InetSocketAddress CLIENT = at("127.0.0.1", 40000);

  /** A step as one line: {@code 0->1 REQUEST LOOK_UP id 0} or {@code note 1 rings bob}. */
  private static String line(Step step) {
    if (step instanceof Arrow arrow) {
      return arrow.from() + "->" + arrow.to() + " " + arrow.style() + " " + arrow.label();
    }
    Note note = (Note) step;
    return "note " + note.lane() + " " + note.text();
  }

  private static List<String> lines(SequenceDiagram diagram) {
    return diagram.steps().stream().map(SessionDiagramTest::line).toList();
  }

  private static List<String> labels(SequenceDiagram diagram) {
    return diagram.lanes().stream().map(Lane::label).toList();
  }

  @Test
  void oneDaemonPlayingBothGivesThreeLanesCallerFirst() {
    SequenceDiagram diagram =
        SessionDiagram.build("netkit", Sessions.netkit("127.0.0.1", "127.0.0.1"));

    assertThat(diagram.title()).isEqualTo("netkit");
    assertThat(diagram.lanes())
        .containsExactly(
            new Lane("alice's talk", "udp 127.0.0.1:40001, 127.0.0.1:40002\ntcp 127.0.0.1:41234"),
            new Lane("alice's and bob's daemon", "udp 127.0.0.1:518"),
            new Lane("bob's talk", "udp 127.0.0.1:40003\ntcp 127.0.0.1:45678"));
    assertThat(lines(diagram))
        .containsExactly(
            "0->1 REQUEST LOOK_UP id 0",
            "1->0 REPLY LOOK_UP: NOT_HERE, id 0",
            "0->1 REQUEST ANNOUNCE id 0",
            "1->0 REPLY ANNOUNCE: SUCCESS, id 3",
            "note 1 rings bob",
            "0->1 REQUEST LEAVE_INVITE id 0",
            "1->0 REPLY LEAVE_INVITE: SUCCESS, id 4",
            "2->1 REQUEST LOOK_UP id 0",
            "1->2 REPLY LOOK_UP: SUCCESS, id 4",
            "2->0 TCP TCP connect",
            "0->2 TCP edit chars 7f 15 17",
            "2->0 TCP edit chars 7f 15 17",
            "0->2 TCP \"hello bob\"",
            "2->0 TCP \"hi alice\"",
            "0->2 TCP close (FIN)",
            "0->1 REQUEST DELETE id 4",
            "1->0 REPLY DELETE: SUCCESS, id 0",
            "0->1 REQUEST DELETE id 3",
            "1->0 REPLY DELETE: SUCCESS, id 0");
  }

  @Test
  void twoHostsGiveFourLanesEachRequestAtTheRightDaemon() {
    SequenceDiagram diagram =
        SessionDiagram.build("two hosts", Sessions.netkit("10.0.0.1", "10.0.0.2"));

    assertThat(diagram.lanes())
        .containsExactly(
            new Lane("alice's talk", "udp 10.0.0.1:40001, 10.0.0.1:40002\ntcp 10.0.0.1:41234"),
            new Lane("alice's daemon", "udp 10.0.0.1:518"),
            new Lane("bob's daemon", "udp 10.0.0.2:518"),
            new Lane("bob's talk", "udp 10.0.0.2:40003\ntcp 10.0.0.2:45678"));
    assertThat(lines(diagram))
        .containsExactly(
            "0->2 REQUEST LOOK_UP id 0",
            "2->0 REPLY LOOK_UP: NOT_HERE, id 0",
            "0->2 REQUEST ANNOUNCE id 0",
            "2->0 REPLY ANNOUNCE: SUCCESS, id 3",
            "note 2 rings bob",
            "0->1 REQUEST LEAVE_INVITE id 0",
            "1->0 REPLY LEAVE_INVITE: SUCCESS, id 4",
            "3->1 REQUEST LOOK_UP id 0",
            "1->3 REPLY LOOK_UP: SUCCESS, id 4",
            "3->0 TCP TCP connect",
            "0->3 TCP edit chars 7f 15 17",
            "3->0 TCP edit chars 7f 15 17",
            "0->3 TCP \"hello bob\"",
            "3->0 TCP \"hi alice\"",
            "0->3 TCP close (FIN)",
            "0->1 REQUEST DELETE id 4",
            "1->0 REPLY DELETE: SUCCESS, id 0",
            "0->2 REQUEST DELETE id 3",
            "2->0 REPLY DELETE: SUCCESS, id 0");
  }

  @Test
  void stepsCarryTheTimeSinceTheFirstEvent() {
    SequenceDiagram diagram =
        SessionDiagram.build("netkit", Sessions.netkit("127.0.0.1", "127.0.0.1"));

    assertThat(diagram.steps().get(0).offset()).isEqualTo(Duration.ZERO);
    assertThat(diagram.steps().get(3).offset()).isEqualTo(Duration.ofMillis(512));
    // the ring is noted at its reply's time
    assertThat(diagram.steps().get(4).offset()).isEqualTo(Duration.ofMillis(512));
  }

  @Test
  void theCallerIsTheSenderOfTheFirstAnnounceEvenAfterTheCalleesLookUp() {
    // bob's talk was started first and looks up an invitation that is not there yet
    InetSocketAddress bob = at("127.0.0.1", 40003);
    InetSocketAddress alice = at("127.0.0.1", 40001);
    List<SessionEvent> events =
        List.of(
            request(0, bob, DAEMON, 1, 0, "bob", "alice", NONE),
            reply(1, DAEMON, bob, 1, 1, 0, NONE),
            request(2, alice, DAEMON, 3, 0, "alice", "bob", at("127.0.0.1", 41234)),
            reply(3, DAEMON, alice, 3, 0, 1, NONE));

    SequenceDiagram diagram = SessionDiagram.build("t", events);

    assertThat(labels(diagram))
        .containsExactly("alice's talk", "alice's and bob's daemon", "bob's talk");
    assertThat(lines(diagram)).startsWith("2->1 REQUEST LOOK_UP id 0");
  }

  @Test
  void aBlankUserIsKnownByItsAddressAndADaemonNoRequestNamesByItsOwn() {
    List<SessionEvent> events =
        List.of(
            request(0, CLIENT, DAEMON, 2, 7, "", "", NONE),
            reply(1, DAEMON, CLIENT, 2, 1, 0, NONE));

    SequenceDiagram diagram = SessionDiagram.build("t", events);

    assertThat(labels(diagram)).containsExactly("talk 127.0.0.1:40000", "talkd 127.0.0.1:518");
    assertThat(lines(diagram))
        .containsExactly("0->1 REQUEST DELETE id 7", "1->0 REPLY DELETE: NOT_HERE, id 0");
  }

  @Test
  void unknownCodesAreShownAsNumbersAndResendsSaySo() {
    List<SessionEvent> events =
        List.of(
            new Request(START, CLIENT, DAEMON, false, 9, 5, "eve", "bob", NONE, false),
            new Request(START, CLIENT, DAEMON, false, 1, 0, "eve", "bob", NONE, true),
            reply(1, DAEMON, CLIENT, 9, 12, 5, NONE),
            reply(2, DAEMON, CLIENT, 1, 5, 0, NONE));

    assertThat(lines(SessionDiagram.build("t", events)))
        .containsExactly(
            "0->1 REQUEST type 9 id 5",
            "0->1 REQUEST LOOK_UP id 0 (resend)",
            "1->0 REPLY type 9: answer 12, id 5",
            "1->0 REPLY LOOK_UP: UNKNOWN_REQUEST, id 0");
  }

  @Test
  void oldTalkIsLabelledAsSuchOnTheSameClientLane() {
    InetSocketAddress otalkd = at("127.0.0.1", 517);
    InetSocketAddress ntalkd = at("127.0.0.1", 518);
    InetSocketAddress probe = at("127.0.0.1", 40000);
    InetSocketAddress client = at("127.0.0.1", 40001);
    List<SessionEvent> events =
        List.of(
            new Request(START, probe, otalkd, true, 1, 0, "alice", "bob", NONE, false),
            new SessionEvent.Reply(START, otalkd, probe, true, 1, 1, 0, NONE),
            request(1, CLIENT, ntalkd, 1, 0, "alice", "bob", NONE));

    SequenceDiagram diagram = SessionDiagram.build("t", events);

    assertThat(labels(diagram))
        .containsExactly("alice's talk", "bob's old-talk daemon", "bob's daemon");
    assertThat(lines(diagram))
        .containsExactly(
            "0->1 REQUEST old talk LOOK_UP id 0",
            "1->0 REPLY old talk LOOK_UP: NOT_HERE, id 0",
            "0->2 REQUEST LOOK_UP id 0");
  }

  @Test
  void aMalformedDatagramGoesFromItsSenderToTheDaemon() {
    List<SessionEvent> events =
        List.of(
            new Malformed(
                START, at("127.0.0.1", 40000), DAEMON, "TRUNCATED: 50 bytes, expected 84"));

    SequenceDiagram diagram = SessionDiagram.build("t", events);

    assertThat(labels(diagram)).containsExactly("127.0.0.1:40000", "talkd 127.0.0.1:518");
    assertThat(lines(diagram))
        .containsExactly("0->1 MALFORMED malformed: TRUNCATED: 50 bytes, expected 84");
  }

  @Test
  void aTcpListenerAnnouncedOnTheWildcardAddressIsFoundByItsPort() {
    InetSocketAddress alice = at("127.0.0.1", 40001);
    List<SessionEvent> events =
        List.of(
            request(0, alice, DAEMON, 0, 0, "alice", "bob", at("0.0.0.0", 41234)),
            new TcpConnect(START.plusMillis(5), at("127.0.0.1", 45678), at("127.0.0.1", 41234)));

    SequenceDiagram diagram = SessionDiagram.build("t", events);

    assertThat(labels(diagram)).containsExactly("alice's talk", "alice's daemon", "bob's talk");
    assertThat(lines(diagram))
        .containsExactly("0->1 REQUEST LEAVE_INVITE id 0", "2->0 TCP TCP connect");
  }

  @Test
  void theCalleeOnlyLearnsTheCallersAddressFromItsLookUpReply() {
    // a capture on bob's host: alice's requests went to her own daemon, elsewhere
    InetSocketAddress aliceDaemon = at("10.0.0.1", 518);
    InetSocketAddress bob = at("10.0.0.2", 40003);
    InetSocketAddress aliceTcp = at("10.0.0.1", 41234);
    List<SessionEvent> events =
        List.of(
            request(0, bob, aliceDaemon, 1, 0, "bob", "alice", NONE),
            reply(1, aliceDaemon, bob, 1, 0, 4, aliceTcp),
            new TcpConnect(START.plusMillis(5), at("10.0.0.2", 45678), aliceTcp));

    SequenceDiagram diagram = SessionDiagram.build("t", events);

    assertThat(labels(diagram)).containsExactly("bob's talk", "alice's daemon", "alice's talk");
    assertThat(diagram.lanes().get(2).detail()).isEqualTo("tcp 10.0.0.1:41234");
    assertThat(lines(diagram)).endsWith("0->2 TCP TCP connect");
  }

  @Test
  void tcpBetweenAddressesNoRequestAnnouncedGetsLanesOfTheirOwn() {
    List<SessionEvent> events =
        List.of(
            new TcpData(START, at("10.0.0.1", 1000), at("10.0.0.2", 2000), "\"x\""),
            new TcpData(START, at("10.0.0.2", 2000), at("10.0.0.1", 1000), "\"y\""));

    SequenceDiagram diagram = SessionDiagram.build("t", events);

    assertThat(labels(diagram)).containsExactly("10.0.0.1:1000", "10.0.0.2:2000");
    assertThat(lines(diagram)).containsExactly("0->1 TCP \"x\"", "1->0 TCP \"y\"");
  }

  @Test
  void aRingWithoutItsAnnounceInTheCaptureStillShows() {
    SequenceDiagram diagram =
        SessionDiagram.build("t", List.of(reply(0, DAEMON, CLIENT, 3, 0, 1, NONE)));

    assertThat(labels(diagram)).containsExactly("talkd 127.0.0.1:518", "127.0.0.1:40000");
    assertThat(lines(diagram))
        .containsExactly("0->1 REPLY ANNOUNCE: SUCCESS, id 1", "note 0 rings the callee");
  }

  @Test
  void aDaemonServingManyUsersNamesThreeAndCountsTheRest() {
    List<SessionEvent> events =
        List.of(
            request(0, CLIENT, DAEMON, 3, 0, "alice", "bob", NONE),
            request(1, CLIENT, DAEMON, 1, 0, "alice", "carol", NONE),
            request(2, CLIENT, DAEMON, 1, 0, "alice", "dave", NONE),
            request(3, CLIENT, DAEMON, 1, 0, "alice", "erin", NONE),
            request(4, CLIENT, DAEMON, 0, 0, "alice", "bob", NONE));

    assertThat(labels(SessionDiagram.build("t", events)))
        .containsExactly("alice's talk", "alice's, bob's, carol's and 2 more users' daemon");
  }

  @Test
  void noEventsNoLanes() {
    SequenceDiagram diagram = SessionDiagram.build("empty", List.of());

    assertThat(diagram.lanes()).isEmpty();
    assertThat(diagram.steps()).isEmpty();
  }

  @Test
  void aStepMustNameALaneThatIsThere() {
    List<Lane> lanes = List.of(new Lane("a", ""));
    List<Step> steps = List.of(new Arrow(Duration.ZERO, 0, 1, "x", Style.REQUEST));

    assertThatThrownBy(() -> new SequenceDiagram("t", lanes, steps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lane out of range: 1 of 1");
  }
}

package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.irc.IrcSession.ChannelLine;
import io.github.bsdtalk.examples.irc.IrcSession.JoinFailed;
import io.github.bsdtalk.examples.irc.IrcSession.Joined;
import io.github.bsdtalk.examples.irc.IrcSession.Kicked;
import io.github.bsdtalk.examples.irc.IrcSession.NickTaken;
import io.github.bsdtalk.examples.irc.IrcSession.Registered;
import io.github.bsdtalk.examples.irc.IrcSession.ServerError;
import io.github.bsdtalk.examples.irc.IrcSession.Silent;
import io.github.bsdtalk.examples.irc.IrcSession.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IrcSessionTest {

  private final List<String> members = new ArrayList<>();
  private final IrcSession session =
      new IrcSession("lobby", "talk", "bsdtalk bridge", "", "#talk", () -> List.copyOf(members));

  private static IrcMessage line(String s) {
    try {
      return IrcMessage.parse(s);
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  private Step got(String s) {
    return session.received(line(s));
  }

  private static List<String> wire(List<IrcMessage> lines) {
    return lines.stream().map(IrcMessage::toWire).collect(Collectors.toList());
  }

  private void registerAndJoin() {
    session.connected();
    got(":srv 001 lobby :Welcome");
    got(":lobby!~talk@127.0.0.1 JOIN :#talk");
  }

  @Test
  void registersWithNickAndUser() {
    assertThat(wire(session.connected().send()))
        .containsExactly("NICK lobby\r\n", "USER talk 0 * :bsdtalk bridge\r\n");
  }

  @Test
  void sendsPassFirstWhenThereIsOne() {
    IrcSession s = new IrcSession("lobby", "talk", "r", "secret", "#talk", List::of);

    assertThat(wire(s.connected().send()))
        .containsExactly("PASS secret\r\n", "NICK lobby\r\n", "USER talk 0 * r\r\n");
  }

  @Test
  void welcomeMeansRegisteredAndJoin() {
    session.connected();

    Step s = got(":srv 001 lobby :Welcome to the network");

    assertThat(s.events()).containsExactly(new Registered("lobby"));
    assertThat(wire(s.send())).containsExactly("JOIN #talk\r\n");
    assertThat(session.inChannel()).isFalse();

    Step j = got(":lobby!~talk@127.0.0.1 JOIN :#Talk");
    assertThat(j.events()).containsExactly(new Joined("#talk"));
    assertThat(session.inChannel()).isTrue();
  }

  @Test
  void theServerNamesTheNickItGaveUs() {
    session.connected();

    assertThat(got(":srv 001 Lobby :Welcome").events()).containsExactly(new Registered("Lobby"));
    assertThat(session.nick()).isEqualTo("Lobby");
  }

  @Test
  void aTakenNickTriesUnderscoresThenDigits() {
    session.connected();
    List<String> tried = new ArrayList<>();
    for (String code : List.of("433", "433", "432", "436", "437")) {
      Step s = got(":srv " + code + " * " + session.nick() + " :Nickname is already in use");
      tried.add(s.send().get(0).param(0));
      assertThat(s.events().get(0)).isInstanceOf(NickTaken.class);
    }

    assertThat(tried).containsExactly("lobby_", "lobby__", "lobby1", "lobby2", "lobby3");
    assertThat(got(":srv 001 lobby3 :Welcome").events()).containsExactly(new Registered("lobby3"));
  }

  @Test
  void whenEveryNickIsRefusedTheConnectionCloses() {
    session.connected();
    Step last = null;
    for (int i = 0; i < IrcSession.nickCandidates("lobby").size(); i++) {
      last = got(":srv 433 * x :in use");
    }

    assertThat(last.close()).isTrue();
    assertThat(last.events().get(0)).isInstanceOf(ServerError.class);
    // and the next connection starts from the wanted nick again
    assertThat(wire(session.connected().send()).get(0)).isEqualTo("NICK lobby\r\n");
  }

  @Test
  void nickCandidatesOfALongNickStayNineCharactersForTheDigits() {
    assertThat(IrcSession.nickCandidates("abcdefghijk"))
        .startsWith("abcdefghijk", "abcdefghijk_", "abcdefghijk__", "abcdefgh1")
        .endsWith("abcdefgh9")
        .doesNotHaveDuplicates();
  }

  @Test
  void afterRegistrationA433IsIgnoredAndTheWantedNickIsAskedForWhenFreed() {
    session.connected();
    got(":srv 433 * lobby :in use");
    got(":srv 001 lobby_ :Welcome");

    assertThat(got(":srv 433 lobby_ lobby :in use")).isEqualTo(Step.NONE);
    assertThat(wire(got(":lobby!x@h QUIT :bye").send())).containsExactly("NICK lobby\r\n");
    assertThat(wire(got(":LOBBY!x@h NICK other").send())).containsExactly("NICK lobby\r\n");
    assertThat(got(":lobby_!~talk@h NICK lobby").events())
        .containsExactly(new IrcSession.NickChanged("lobby"));
    assertThat(session.nick()).isEqualTo("lobby");
    assertThat(got(":lobby!x@h QUIT :bye").send()).isEmpty();
  }

  @Test
  void pingIsAnsweredWithTheSameToken() {
    session.connected();

    assertThat(wire(got("PING :irc.example.net").send()))
        .containsExactly("PONG irc.example.net\r\n");
    assertThat(wire(got("PING :token with space").send()))
        .containsExactly("PONG :token with space\r\n");
  }

  @Test
  void aSilentServerIsPingedOnceThenGivenUp() {
    registerAndJoin();

    Step first = session.silent();
    assertThat(wire(first.send())).containsExactly("PING bsdtalk\r\n");
    assertThat(first.close()).isFalse();

    Step second = session.silent();
    assertThat(second.close()).isTrue();
    assertThat(second.events()).containsExactly(new Silent());
  }

  @Test
  void anyLineFromTheServerCountsAsAnAnswer() {
    registerAndJoin();
    session.silent();

    got(":srv PONG srv :bsdtalk");

    assertThat(session.silent().close()).isFalse();
  }

  @Test
  void aKickLeavesTheChannelAndJoinsAgain() {
    registerAndJoin();

    Step s = got(":op!o@h KICK #talk lobby :\u00034go away");

    assertThat(session.inChannel()).isFalse();
    assertThat(wire(s.send())).containsExactly("JOIN #talk\r\n");
    assertThat(s.events()).containsExactly(new Kicked("op", "go away"));
    assertThat(got(":op!o@h KICK #talk someoneelse :bye")).isEqualTo(Step.NONE);
  }

  @Test
  void aRefusedJoinIsReported() {
    session.connected();
    got(":srv 001 lobby :Welcome");

    Step s = got(":srv 474 lobby #talk :Cannot join channel (+b) -- banned");

    assertThat(s.events()).containsExactly(new JoinFailed("#talk", "Cannot join channel (+b) -- banned"));
    assertThat(s.send()).isEmpty();
  }

  @Test
  void channelMessagesOfOthersAreRelayedSafe() {
    registerAndJoin();

    assertThat(got(":bob!b@h PRIVMSG #talk :hi \u001b[2Jthere").events())
        .containsExactly(new ChannelLine("bob", "hi there"));
    assertThat(got(":bob!b@h PRIVMSG #TALK :\u0001ACTION waves\u0001").events())
        .containsExactly(new ChannelLine("bob", "* bob waves"));
  }

  @Test
  void ctcpRequestsNoticesPrivateMessagesAndEchoesAreNeverAnswered() {
    registerAndJoin();

    assertThat(got(":eve!e@h PRIVMSG #talk :\u0001VERSION\u0001")).isEqualTo(Step.NONE);
    assertThat(got(":eve!e@h PRIVMSG lobby :\u0001PING 1\u0001")).isEqualTo(Step.NONE);
    assertThat(got(":eve!e@h PRIVMSG lobby :!who")).isEqualTo(Step.NONE);
    assertThat(got(":eve!e@h NOTICE #talk :!who")).isEqualTo(Step.NONE);
    assertThat(got(":lobby!~talk@h PRIVMSG #talk :my own echo")).isEqualTo(Step.NONE);
    assertThat(got(":srv NOTICE lobby :*** Looking up your hostname")).isEqualTo(Step.NONE);
  }

  @Test
  void whoListsTheTalkMembersAsANotice() {
    registerAndJoin();
    assertThat(wire(got(":bob!b@h PRIVMSG #talk :!who").paced()))
        .containsExactly("NOTICE #talk :no talk members\r\n");

    members.addAll(List.of("alice@10.0.0.1", "carol@10.0.0.2"));
    Step s = got(":bob!b@h PRIVMSG #talk : \u0002!who\u0002 ");

    assertThat(s.events()).isEmpty();
    assertThat(wire(s.paced()))
        .containsExactly("NOTICE #talk :talk members: alice@10.0.0.1, carol@10.0.0.2\r\n");
  }

  @Test
  void aLongWhoListIsSplitToTheLimit() {
    registerAndJoin();
    for (int i = 0; i < 100; i++) {
      members.add("user" + i + "@10.0.0." + i);
    }

    List<IrcMessage> pieces = got(":bob!b@h PRIVMSG #talk :!who").paced();

    assertThat(pieces).hasSizeGreaterThan(1);
    assertThat(pieces).allSatisfy(m -> assertThat(PrivmsgSplitterTest.relayedBytes(m)).isLessThanOrEqualTo(512));
  }

  @Test
  void anErrorClosesAndAReconnectRegistersAndJoinsAgain() {
    registerAndJoin();

    Step s = got("ERROR :Closing connection: \u0007restart");
    assertThat(s.close()).isTrue();
    assertThat(s.events()).containsExactly(new ServerError("Closing connection: restart"));

    session.closed();
    assertThat(session.inChannel()).isFalse();
    assertThat(wire(session.connected().send()).get(0)).isEqualTo("NICK lobby\r\n");
    assertThat(wire(got(":srv 001 lobby :Welcome").send())).containsExactly("JOIN #talk\r\n");
  }

  @Test
  void talkLinesBecomeLabelledPrivmsgs() {
    assertThat(wire(session.say("<alice@h> ", "hi\r\nQUIT")))
        .containsExactly("PRIVMSG #talk :<alice@h> hiQUIT\r\n");
  }

  @Test
  void ourPartLeavesTheChannel() {
    registerAndJoin();

    got(":lobby!~talk@h PART #talk");

    assertThat(session.inChannel()).isFalse();
  }

  @Test
  void noticesMergeWhileTheLineFitsAsRelayed() {
    IrcMessage a = session.notice("alice@127.0.0.1 joined the talk room").get(0);
    IrcMessage b = session.notice("bob@127.0.0.1 joined the talk room").get(0);

    assertThat(session.merge(a, b))
        .contains(
            IrcMessage.of(
                "PRIVMSG",
                "#talk",
                "*** alice@127.0.0.1 joined the talk room; bob@127.0.0.1 joined the talk room"));

    IrcMessage merged = a;
    int joined = 1;
    for (java.util.Optional<IrcMessage> m; (m = session.merge(merged, b)).isPresent(); joined++) {
      merged = m.get();
    }
    // what the splitter gives one line at most: a merged line is never longer
    int room = session.say("", "x".repeat(2000)).get(0).param(1).length();
    assertThat(merged.param(1).length()).isLessThanOrEqualTo(room);
    assertThat(joined).isGreaterThan(5);
  }

  @Test
  void talkLinesNeverMerge() {
    IrcMessage notice = session.notice("alice@127.0.0.1 left").get(0);
    IrcMessage line = session.say("<alice@127.0.0.1> ", "*** not a notice").get(0);

    assertThat(session.merge(notice, line)).isEmpty();
    assertThat(session.merge(line, notice)).isEmpty();
    assertThat(session.merge(notice, IrcMessage.of("PRIVMSG", "#other", "*** x"))).isEmpty();
  }
}

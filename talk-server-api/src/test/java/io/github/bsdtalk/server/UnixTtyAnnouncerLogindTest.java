package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.internal.LogindRecords.session;
import static io.github.bsdtalk.server.internal.LogindRecords.user;
import static io.github.bsdtalk.server.internal.UtmpRecords.login;
import static io.github.bsdtalk.server.internal.UtmpRecords.tty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.server.internal.UtmpRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link UnixTtyAnnouncer} finding the callee through {@link TerminalFinder#logind(Path)} and
 * {@link TerminalFinder#auto(Path, Path)}: the same announcements as through utmp (requested tty,
 * most recently used terminal by its access time, mesg n, vanished terminals), over a fixture
 * {@code /run/systemd} and regular files standing in for terminals.
 */
class UnixTtyAnnouncerLogindTest {

  private static final Instant NOW = Instant.parse("2026-12-02T21:30:00Z");
  private static final String MESG_Y = "rw--w----";
  private static final String MESG_N = "rw-------";
  private static final int BOB = 1001;

  @TempDir Path dir;
  private Path dev;
  private Path run;
  private Path utmp;
  private Path proc;

  @BeforeEach
  void makeDirectories() throws IOException {
    dev = Files.createDirectories(dir.resolve("dev"));
    run = dir.resolve("run-systemd");
    utmp = dir.resolve("utmp");
    proc = UtmpRecords.fakeProc(dir.resolve("proc"), "4242 (java) S 1 4242 100 0");
  }

  private Answer announce(TerminalFinder finder, String callee, String tty) {
    CtlMessage m = TestRequests.announce("alice", callee, 777,
        TalkAddress.of(TestRequests.LOCALHOST, 40_002)).withRemoteTty(tty);
    Announcement a = new Announcement("alice", callee, tty, TestRequests.LOCALHOST, m.address(),
        m, NOW);
    return UnixTtyAnnouncer.builder().terminals(finder).devDirectory(dev).hostname("vm")
        .zone(ZoneOffset.UTC).writer(Runnable::run)
        .terminalCheck((file, name) -> Optional.empty()).procDirectory(proc)
        .scheduler((delay, task) -> { })
        .build().announce(a);
  }

  private Answer logind(String tty) {
    return announce(TerminalFinder.logind(run), "bob", tty);
  }

  private Answer auto(String tty) {
    return announce(TerminalFinder.auto(utmp, run), "bob", tty);
  }

  /** The fake terminals that were written to. */
  private List<String> rung() throws IOException {
    List<String> written = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dev)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        if (f.toFile().length() > 0) {
          written.add(dev.relativize(f).toString());
        }
      });
    }
    return written;
  }

  @Test
  void ringsTheMostRecentlyUsedOfSeveralSessionsTerminals() throws IOException {
    user(run, BOB, "bob", "2 3 4");
    session(run, "2", BOB, "bob", "pts/1");
    session(run, "3", BOB, "bob", "pts/2");
    session(run, "4", BOB, "bob", "tty3", "STATE=online", "ACTIVE=0");
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/2", MESG_Y, NOW.minusSeconds(10)); // used last
    tty(dev, "tty3", MESG_Y, NOW.minusSeconds(50));

    assertThat(logind("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/2");
  }

  @Test
  void anInactiveConsoleUsedLastIsRungAsUtmpWouldRingIt() throws IOException {
    user(run, BOB, "bob", "2 4");
    session(run, "2", BOB, "bob", "pts/1");
    session(run, "4", BOB, "bob", "tty3", "STATE=online", "ACTIVE=0");
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "tty3", MESG_Y, NOW);

    assertThat(logind("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("tty3");
  }

  @Test
  void aClosingSessionsTerminalIsNeverRungEvenIfUsedLast() throws IOException {
    user(run, BOB, "bob", "2 3");
    session(run, "2", BOB, "bob", "pts/1");
    session(run, "3", BOB, "bob", "pts/2", "STATE=closing", "ACTIVE=0");
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/2", MESG_Y, NOW);

    assertThat(logind("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/1");
    assertThat(logind("pts/2")).as("requested, but closing").isEqualTo(Answer.NOT_HERE);
  }

  @Test
  void onlyAClosingSessionIsNotHere() throws IOException {
    user(run, BOB, "bob", "3");
    session(run, "3", BOB, "bob", "pts/2", "STATE=closing");
    tty(dev, "pts/2", MESG_Y, NOW);

    assertThat(logind("")).isEqualTo(Answer.NOT_HERE);
    assertThat(rung()).isEmpty();
  }

  @Test
  void aRemoteSessionIsRung() throws IOException {
    user(run, BOB, "bob", "9");
    session(run, "9", BOB, "bob", "pts/5", "REMOTE=1", "REMOTE_HOST=192.0.2.9", "SERVICE=sshd");
    tty(dev, "pts/5", MESG_Y, NOW);

    assertThat(logind("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/5");
  }

  @Test
  void aGraphicalSessionsTtyIsNotRung() throws IOException {
    user(run, BOB, "bob", "2");
    session(run, "2", BOB, "bob", "tty2", "TYPE=wayland");
    tty(dev, "tty2", MESG_Y, NOW);

    assertThat(logind("")).isEqualTo(Answer.NOT_HERE);
    assertThat(rung()).isEmpty();
  }

  @Test
  void aVanishedTtyIsSkippedAndAloneIsNotHere() throws IOException {
    user(run, BOB, "bob", "2 3");
    session(run, "2", BOB, "bob", "pts/7"); // the pty is gone, the record is not (yet)
    session(run, "3", BOB, "bob", "pts/1");
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));

    assertThat(logind("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/1");

    Files.delete(dev.resolve("pts/1"));
    assertThat(logind("")).isEqualTo(Answer.NOT_HERE);
  }

  @Test
  void aRequestedTtyIsHonouredAndOneThatIsNotHisIsNotHere() throws IOException {
    user(run, BOB, "bob", "2 3");
    session(run, "2", BOB, "bob", "pts/1");
    session(run, "3", BOB, "bob", "pts/2");
    user(run, 1002, "carol", "5");
    session(run, "5", 1002, "carol", "pts/5");
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/2", MESG_Y, NOW);
    tty(dev, "pts/5", MESG_Y, NOW);

    assertThat(logind("pts/5")).isEqualTo(Answer.NOT_HERE);
    assertThat(rung()).isEmpty();
    assertThat(logind("pts/1")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/1");
  }

  @Test
  void mesgNIsRespected() throws IOException {
    user(run, BOB, "bob", "2 3");
    session(run, "2", BOB, "bob", "pts/1");
    session(run, "3", BOB, "bob", "pts/2");
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/2", MESG_N, NOW); // newest, but refusing

    assertThat(logind("pts/2")).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(rung()).isEmpty();
    assertThat(logind("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/1");

    tty(dev, "pts/1", MESG_N, NOW);
    Files.writeString(dev.resolve("pts/1"), "");
    assertThat(logind("")).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(rung()).isEmpty();
  }

  @Test
  void aTtyThatClimbsOutOfDevIsIgnored() throws IOException {
    Path victim = tty(dir, "victim", MESG_Y, NOW);
    user(run, BOB, "bob", "2 3");
    session(run, "2", BOB, "bob", "../victim");
    session(run, "3", BOB, "bob", "/dev/../victim");

    assertThat(logind("")).isEqualTo(Answer.NOT_HERE);
    assertThat(victim).isEmptyFile();
  }

  @Test
  void noLogindDirectoryIsNotHereNotFailed() {
    assertThat(logind("")).isEqualTo(Answer.NOT_HERE);
    assertThat(auto("")).isEqualTo(Answer.NOT_HERE);
  }

  // ---- auto ------------------------------------------------------------------------------------

  @Test
  void autoUsesUtmpWhenItListsTheCallee() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    user(run, BOB, "bob", "3");
    session(run, "3", BOB, "bob", "pts/2");
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/2", MESG_Y, NOW); // used later, but utmp has the say

    assertThat(auto("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/1");
  }

  @Test
  void autoFallsBackToLogindWhenUtmpDoesNotListTheCallee() throws IOException {
    UtmpRecords.write(utmp, login("carol", "pts/4"), UtmpRecords.record(UtmpRecords.DEAD_PROCESS,
        0, "pts/1", "bob", "", NOW));
    user(run, BOB, "bob", "3");
    session(run, "3", BOB, "bob", "pts/2");
    tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/2", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/4", MESG_Y, NOW);

    assertThat(auto("")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/2");
    assertThat(announce(TerminalFinder.utmp(utmp), "bob", "")).as("utmp alone")
        .isEqualTo(Answer.NOT_HERE);
  }

  @Test
  void autoFallsBackToLogindWhenThereIsNoUtmp() throws IOException {
    user(run, BOB, "bob", "3");
    session(run, "3", BOB, "bob", "pts/2");
    tty(dev, "pts/2", MESG_Y, NOW);

    assertThat(auto("pts/2")).isEqualTo(Answer.SUCCESS);
    assertThat(rung()).containsExactly("pts/2");
    assertThat(announce(TerminalFinder.utmp(utmp), "bob", "")).as("utmp alone")
        .isEqualTo(Answer.FAILED);
  }

  @Test
  void autoWithNeitherListingTheCalleeIsNotHere() throws IOException {
    UtmpRecords.write(utmp, login("carol", "pts/4"));
    user(run, 1002, "carol", "5");
    session(run, "5", 1002, "carol", "pts/4");
    tty(dev, "pts/4", MESG_Y, NOW);

    assertThat(auto("")).isEqualTo(Answer.NOT_HERE);
    assertThat(rung()).isEmpty();
  }

  // ---- the same answers as with utmp -----------------------------------------------------------

  /** One terminal of bob's: its name, mode, age in seconds, and whether the file exists. */
  private record Tty(String line, String mode, long age, boolean exists) {}

  static Stream<Arguments> scenarios() {
    Tty a = new Tty("pts/1", MESG_Y, 100, true);
    Tty b = new Tty("pts/2", MESG_Y, 10, true);
    Tty refusing = new Tty("pts/3", MESG_N, 0, true);
    Tty gone = new Tty("pts/4", MESG_Y, 0, false);
    return Stream.of(
        Arguments.of(List.of(a, b, refusing, gone), ""),
        Arguments.of(List.of(a, b, refusing, gone), "pts/1"),
        Arguments.of(List.of(a, b, refusing, gone), "pts/3"),
        Arguments.of(List.of(a, b, refusing, gone), "pts/4"),
        Arguments.of(List.of(a, b, refusing, gone), "pts/9"),
        Arguments.of(List.of(refusing, gone), ""),
        Arguments.of(List.of(gone), ""),
        Arguments.of(List.of(b, a), ""),
        Arguments.of(List.of(), ""));
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void logindGivesTheAnswersAndRingsTheTerminalsUtmpDoes(List<Tty> ttys, String requested)
      throws IOException {
    List<byte[]> records = new ArrayList<>();
    StringBuilder ids = new StringBuilder("1");
    session(run, "1", 1002, "carol", "pts/8");
    for (int i = 0; i < ttys.size(); i++) {
      Tty t = ttys.get(i);
      records.add(login("bob", t.line()));
      ids.append(' ').append(i + 10);
      session(run, Integer.toString(i + 10), BOB, "bob", t.line());
    }
    UtmpRecords.write(utmp, records.toArray(byte[][]::new));
    user(run, BOB, "bob", ids.toString());

    List<Object> outcomes = new ArrayList<>();
    for (TerminalFinder finder : List.of(TerminalFinder.utmp(utmp), TerminalFinder.logind(run))) {
      try (Stream<Path> old = Files.walk(dev)) {
        old.sorted((x, y) -> y.compareTo(x)).filter(p -> !p.equals(dev)).forEach(p -> {
          p.toFile().delete();
        });
      }
      for (Tty t : ttys) {
        if (t.exists()) {
          tty(dev, t.line(), t.mode(), NOW.minusSeconds(t.age()));
        }
      }
      outcomes.add(List.of(announce(finder, "bob", requested), rung()));
    }
    assertThat(outcomes.get(1)).as("logind vs utmp").isEqualTo(outcomes.get(0));
  }

  @Test
  void factoriesRejectNullAndNameWhatTheyRead() {
    assertThatThrownBy(() -> TerminalFinder.utmp(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("file");
    assertThatThrownBy(() -> TerminalFinder.logind(null))
        .isInstanceOf(NullPointerException.class).hasMessage("runDirectory");
    assertThatThrownBy(() -> UnixTtyAnnouncer.builder().terminals(null))
        .isInstanceOf(NullPointerException.class).hasMessage("finder");
    assertThat(TerminalFinder.auto(Path.of("/var/run/utmp"), Path.of("/run/systemd")))
        .hasToString("utmp /var/run/utmp, else logind /run/systemd");
    assertThat(UnixTtyAnnouncer.builder().terminals(TerminalFinder.logind(Path.of("/x"))).build())
        .hasToString("UnixTtyAnnouncer[logind /x]");
  }
}

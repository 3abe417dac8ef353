package io.github.bsdtalk.server.internal;

import static io.github.bsdtalk.server.internal.LogindRecords.session;
import static io.github.bsdtalk.server.internal.LogindRecords.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LogindTerminals} over directories shaped like {@code /run/systemd}. */
class LogindTerminalsTest {

  @TempDir Path run;

  private List<String> bobs() {
    return new LogindTerminals(run).terminals("bob");
  }

  @Test
  void listsTheTerminalsOfTheUsersSessionsInTheOrderOfSessions() throws IOException {
    user(run, 1001, "bob", "5 3 c2");
    session(run, "3", 1001, "bob", "pts/1");
    session(run, "5", 1001, "bob", "tty2");
    session(run, "c2", 1001, "bob", "pts/9", "REMOTE=1", "SERVICE=sshd");
    user(run, 1002, "carol", "4");
    session(run, "4", 1002, "carol", "pts/4");

    assertThat(bobs()).containsExactly("tty2", "pts/1", "pts/9");
    assertThat(new LogindTerminals(run).terminals("carol")).containsExactly("pts/4");
    assertThat(new LogindTerminals(run).terminals("dave")).isEmpty();
  }

  @Test
  void aRemoteSessionWithAPtyCountsLikeALocalOne() throws IOException {
    user(run, 1001, "bob", "7");
    session(run, "7", 1001, "bob", "pts/3", "REMOTE=1", "REMOTE_HOST=192.0.2.7", "SERVICE=sshd",
        "ACTIVE=1");

    assertThat(bobs()).containsExactly("pts/3");
  }

  @Test
  void closingSessionsAreLeftOutAndInactiveOnesKept() throws IOException {
    // STATE=closing: the session's leader is gone (KillUserProcesses=no keeps its scope), and its
    // pty may already belong to someone else. STATE=online, ACTIVE=0: a console in the background,
    // which utmp would list too.
    user(run, 1001, "bob", "1 2 3");
    session(run, "1", 1001, "bob", "pts/1", "STATE=closing", "ACTIVE=0");
    session(run, "2", 1001, "bob", "tty3", "STATE=online", "ACTIVE=0");
    session(run, "3", 1001, "bob", "pts/3", "STATE=opening");

    assertThat(bobs()).containsExactly("tty3");
  }

  @Test
  void graphicalGreeterAndBackgroundSessionsAndSessionsWithoutATtyAreLeftOut() throws IOException {
    user(run, 1001, "bob", "1 2 3 4 5 6 7");
    session(run, "1", 1001, "bob", "tty2", "TYPE=wayland", "DESKTOP=GNOME");
    session(run, "2", 1001, "bob", "tty7", "TYPE=x11");
    session(run, "3", 1001, "bob", "tty1", "TYPE=mir");
    session(run, "4", 1001, "bob", "tty4", "CLASS=greeter");
    session(run, "5", 1001, "bob", "", "TYPE=unspecified", "CLASS=background"); // cron
    session(run, "6", 1001, "bob", "", "TYPE=unspecified"); // ssh without a pty
    session(run, "7", 1001, "bob", "pts/7", "TYPE=unspecified", "CLASS=user-early");

    assertThat(bobs()).containsExactly("pts/7");
  }

  @Test
  void aSessionMustNameTheUserAndTheUidOfItsUsersFile() throws IOException {
    user(run, 1001, "bob", "1 2 3 4");
    session(run, "1", 1002, "bob", "pts/1"); // another uid
    session(run, "2", 1001, "carol", "pts/2"); // another name
    session(run, "3", 1001, "bob", "pts/3", "UID="); // no uid at all
    session(run, "4", 1001, "bob", "pts/4");

    assertThat(bobs()).containsExactly("pts/4");
  }

  @Test
  void aTtyGivenAsADevicePathIsMadeRelativeToDev() throws IOException {
    user(run, 1001, "bob", "1");
    session(run, "1", 1001, "bob", "/dev/pts/6");

    assertThat(bobs()).containsExactly("pts/6");
  }

  @Test
  void twoSessionsOnOneTtyListItOnce() throws IOException {
    user(run, 1001, "bob", "1 2 1");
    session(run, "1", 1001, "bob", "pts/1");
    session(run, "2", 1001, "bob", "pts/1");

    assertThat(bobs()).containsExactly("pts/1");
  }

  @Test
  void aMissingDirectoryOrMissingFilesMeanNotLoggedIn() throws IOException {
    assertThat(new LogindTerminals(run.resolve("absent")).terminals("bob")).isEmpty();
    assertThat(bobs()).isEmpty(); // no users/
    Files.createDirectories(run.resolve("users"));
    assertThat(bobs()).isEmpty();
    user(run, 1001, "bob", "3 4");
    assertThat(bobs()).isEmpty(); // no sessions/
    session(run, "4", 1001, "bob", "pts/4");
    assertThat(bobs()).containsExactly("pts/4"); // 3 is missing, 4 counts
  }

  @Test
  void usersIsAFileNotADirectory() throws IOException {
    Files.writeString(run.resolve("users"), "NAME=bob\nSESSIONS=1\n");
    session(run, "1", 1001, "bob", "pts/1");

    assertThat(bobs()).isEmpty();
  }

  @Test
  void onlyFilesNamedByAUidAreUsersRecords() throws IOException {
    // logind writes each record to a temporary file first (fopen_temporary: ".#1001XXXXXX")
    Files.createDirectories(run.resolve("users"));
    Files.writeString(run.resolve("users/.#1001abcdef"), "NAME=bob\nSESSIONS=1\n");
    Files.writeString(run.resolve("users/bob"), "NAME=bob\nSESSIONS=1\n");
    Files.writeString(run.resolve("users/4294967295"), "NAME=bob\nSESSIONS=1\n");
    session(run, "1", 1001, "bob", "pts/1");

    assertThat(bobs()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc/x", "1/../2", ".", "..", "1.ref", "a_b", "s-1"})
  void sessionIdsThatAreNotLettersAndDigitsAreNeverOpened(String id) throws IOException {
    // systemd's session_id_valid(); every one of these would name some file in the fixture
    Files.createDirectories(run.resolve("sessions/1"));
    Files.createDirectories(run.resolve("etc"));
    String record = "UID=1001\nUSER=bob\nSTATE=active\nTTY=pts/1\n";
    Files.writeString(run.resolve("etc/x"), record);
    Files.writeString(run.resolve("sessions/2"), record);
    Files.writeString(run.resolve("sessions/1.ref"), record);
    Files.writeString(run.resolve("sessions/a_b"), record);
    Files.writeString(run.resolve("sessions/s-1"), record);
    user(run, 1001, "bob", id);

    assertThat(bobs()).isEmpty();
    assertThat(LogindTerminals.validSessionId(id)).isFalse();
  }

  @Test
  void validIdsAndUids() {
    assertThat(LogindTerminals.validSessionId("c12")).isTrue();
    assertThat(LogindTerminals.validSessionId("")).isFalse();
    assertThat(LogindTerminals.validSessionId("1".repeat(64))).isTrue();
    assertThat(LogindTerminals.validSessionId("1".repeat(65))).isFalse();
    assertThat(LogindTerminals.validUid("0")).isTrue();
    assertThat(LogindTerminals.validUid("4294967294")).isTrue();
    assertThat(LogindTerminals.validUid("4294967295")).isFalse();
    assertThat(LogindTerminals.validUid("99999999999")).isFalse();
    assertThat(LogindTerminals.validUid("-1")).isFalse();
    assertThat(LogindTerminals.validUid("1001 ")).isFalse();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aFifoOrADirectoryWhereARecordShouldBeIsSkippedWithoutBlocking() throws Exception {
    user(run, 1001, "bob", "1 2 3");
    Files.createDirectories(run.resolve("sessions/1"));
    Process mkfifo = new ProcessBuilder("mkfifo", run.resolve("sessions/2").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    session(run, "3", 1001, "bob", "pts/3");

    assertThat(bobs()).containsExactly("pts/3");
  }

  @Test
  void anOversizedRecordIsSkipped() throws IOException {
    user(run, 1001, "bob", "1 2");
    session(run, "1", 1001, "bob", "pts/1", "X=" + "y".repeat(LogindTerminals.MAX_FILE_BYTES));
    session(run, "2", 1001, "bob", "pts/2");

    assertThat(bobs()).containsExactly("pts/2");
    assertThat(LogindTerminals.read(run.resolve("sessions/2"))).containsEntry("TTY", "pts/2");
  }

  @Test
  void aRecordOfExactlyTheLimitIsRead() throws IOException {
    String head = "UID=1001\nUSER=bob\nSTATE=active\nTTY=pts/1\nX=";
    Path f = Files.createDirectories(run.resolve("sessions")).resolve("1");
    Files.writeString(f, head + "y".repeat(LogindTerminals.MAX_FILE_BYTES - head.length()));
    assertThat(Files.size(f)).isEqualTo(LogindTerminals.MAX_FILE_BYTES);

    assertThat(LogindTerminals.read(f)).containsEntry("TTY", "pts/1");
  }

  @Test
  void garbageAndBinaryBytesDoNotHideTheRecord() throws IOException {
    user(run, 1001, "bob", "1");
    Path s = Files.createDirectories(run.resolve("sessions")).resolve("1");
    byte[] garbage = {0, (byte) 0xff, (byte) 0xfe, '\r', '=', '=', '\n', 0x1b, '[', '2', 'J', '\n'};
    Files.write(s, garbage);
    Files.writeString(s, "just words\nUID=1001\n=x\nUSER=bob\nSTATE=active\nTTY=pts/1\n",
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(bobs()).containsExactly("pts/1");
  }

  @Test
  void parseFollowsParseEnvFile() {
    Map<String, String> v = LogindTerminals.parse(String.join("\n",
        "# This is private data. Do not parse.",
        "; a comment too",
        "  TTY = pts/1  ",
        "REMOTE_HOST=\"host \\\"x\\\" \\\\ y\"",
        "DESKTOP='single quoted'",
        "EMPTY=",
        "HALF=\"unterminated",
        "2BAD=key",
        "BAD KEY=x",
        "no equals sign",
        "=nokey",
        "STATE=online",
        "STATE=closing",
        "TRAIL=\"\\\"",
        "Q=\"\"",
        "S=''",
        "ONE=\""));

    assertThat(v).containsOnly(
        Map.entry("TTY", "pts/1"),
        Map.entry("REMOTE_HOST", "host \"x\" \\ y"),
        Map.entry("DESKTOP", "single quoted"),
        Map.entry("EMPTY", ""),
        Map.entry("HALF", "\"unterminated"),
        Map.entry("STATE", "closing"),
        Map.entry("TRAIL", "\\"),
        Map.entry("Q", ""),
        Map.entry("S", ""),
        Map.entry("ONE", "\""));
  }

  @Test
  void refusalSaysWhy() {
    Map<String, String> ok = Map.of("UID", "1001", "USER", "bob", "STATE", "active", "TTY", "pts/1");
    assertThat(LogindTerminals.refusal(ok, "1001", "bob")).isEmpty();
    assertThat(LogindTerminals.refusal(Map.of(), "1001", "bob")).hasValue("no record");
    assertThat(LogindTerminals.refusal(ok, "1002", "bob"))
        .hasValue("not the user's (UID=1001 USER=bob)");
    assertThat(LogindTerminals.refusal(Map.of("UID", "1001", "USER", "bob", "TTY", "pts/1"),
        "1001", "bob")).hasValue("STATE=");
    assertThat(LogindTerminals.refusal(with(ok, "TYPE", "x11"), "1001", "bob"))
        .hasValue("graphical (TYPE=x11)");
    assertThat(LogindTerminals.refusal(with(ok, "CLASS", "greeter"), "1001", "bob"))
        .hasValue("CLASS=greeter");
    assertThat(LogindTerminals.refusal(with(ok, "TTY", ""), "1001", "bob")).hasValue("no TTY");
  }

  private static Map<String, String> with(Map<String, String> m, String key, String value) {
    Map<String, String> copy = new java.util.HashMap<>(m);
    copy.put(key, value);
    return copy;
  }

  @Test
  void moreSessionIdsThanTheLimitAreCut() throws IOException {
    StringBuilder ids = new StringBuilder();
    for (int i = 1; i <= LogindTerminals.MAX_SESSIONS + 1; i++) {
      ids.append(i).append(' ');
    }
    user(run, 1001, "bob", ids.toString().strip());
    session(run, Integer.toString(LogindTerminals.MAX_SESSIONS), 1001, "bob", "pts/1");
    session(run, Integer.toString(LogindTerminals.MAX_SESSIONS + 1), 1001, "bob", "pts/2");

    assertThat(bobs()).containsExactly("pts/1");
  }

  @Test
  void toStringNamesTheDirectory() {
    assertThat(new LogindTerminals(Path.of("/run/systemd"))).hasToString("logind /run/systemd");
  }
}

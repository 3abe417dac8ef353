package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.UtmpRecords.login;
import static io.github.bsdtalk.server.UtmpRecords.tty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnixTtyAnnouncer} over fake utmp files and regular files standing in for terminals, written
 * synchronously ({@code writer(Runnable::run)}).
 */
class UnixTtyAnnouncerTest {

  private static final Instant NOW = Instant.parse("2026-11-26T04:24:30Z");
  private static final String MESG_Y = "rw--w----"; // 0620: what login(1) and "mesg y" leave
  private static final String MESG_N = "rw-------"; // 0600: "mesg n"

  @TempDir Path dir;
  private Path dev;
  private Path utmp;

  @BeforeEach
  void makeDev() throws IOException {
    dev = Files.createDirectories(dir.resolve("dev"));
    utmp = dir.resolve("utmp");
  }

  private UnixTtyAnnouncer.Builder builder() {
    return UnixTtyAnnouncer.builder().utmp(utmp).devDirectory(dev).hostname("vm")
        .zone(ZoneOffset.UTC).writer(Runnable::run);
  }

  private static Announcement call(String caller, String callee, String tty) {
    // An Announcement may carry any text; r_tty on the wire holds at most 16 bytes.
    CtlMessage m = TestRequests.announce(caller, callee, 777, TalkAddress.of(
        TestRequests.LOCALHOST, 40_002)).withRemoteTty(tty.length() <= 16 ? tty : "");
    return new Announcement(caller, callee, tty, TestRequests.LOCALHOST, m.address(), m, NOW);
  }

  private Answer announce(String callee, String tty) {
    return builder().build().announce(call("alice", callee, tty));
  }

  /** The netkit capture, with the pty's ONLCR undone: "0d 0d 0a" read as "0d 0a". */
  private static byte[] netkitAnnouncement() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = UnixTtyAnnouncerTest.class.getResourceAsStream(
        "/golden/netkit-bob-tty-raw.hex")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] fields = line.trim().split(" +");
        for (int i = 1; i < fields.length && !fields[i].startsWith(">"); i++) {
          out.write(HexFormat.fromHexDigits(fields[i]));
        }
      }
    }
    byte[] raw = out.toByteArray();
    ByteArrayOutputStream undone = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length; i++) {
      boolean onlcr = i + 2 < raw.length && raw[i] == '\r' && raw[i + 1] == '\r'
          && raw[i + 2] == '\n';
      if (!onlcr) {
        undone.write(raw[i]);
      }
    }
    return undone.toByteArray();
  }

  // ---- who is rung ------------------------------------------------------------------------------

  @Test
  void notHereWhenTheCalleeIsNotLoggedIn() throws IOException {
    UtmpRecords.write(utmp, login("carol", "pts/0"));
    tty(dev, "pts/0", MESG_Y, NOW);

    assertThat(announce("bob", "")).isEqualTo(Answer.NOT_HERE);
    assertThat(dev.resolve("pts/0")).isEmptyFile();
  }

  @Test
  void notHereWhenTheCalleeHasOnlyDeadOrLoginRecords() throws IOException {
    UtmpRecords.write(utmp,
        UtmpRecords.record(UtmpRecords.DEAD_PROCESS, 0, "pts/1", "bob", "", NOW),
        UtmpRecords.record(UtmpRecords.LOGIN_PROCESS, 0, "pts/2", "bob", "", NOW));
    tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/2", MESG_Y, NOW);

    assertThat(announce("bob", "")).isEqualTo(Answer.NOT_HERE);
    assertThat(dev.resolve("pts/1")).isEmptyFile();
    assertThat(dev.resolve("pts/2")).isEmptyFile();
  }

  @Test
  void notHereWhenTheCalleesOnlyTerminalIsGone() throws IOException {
    // A stale utmp entry (the pty was closed without a logout record): netkit's find_user skips a
    // tty it cannot stat and stays at NOT_HERE.
    UtmpRecords.write(utmp, login("bob", "pts/7"));

    assertThat(announce("bob", "")).isEqualTo(Answer.NOT_HERE);
  }

  @Test
  void permissionDeniedWhenEveryTerminalHasMesgN() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("bob", "pts/2"));
    tty(dev, "pts/1", MESG_N, NOW);
    tty(dev, "pts/2", MESG_N, NOW.minusSeconds(5));

    assertThat(announce("bob", "")).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(dev.resolve("pts/1")).isEmptyFile();
    assertThat(dev.resolve("pts/2")).isEmptyFile();
  }

  @Test
  void ringsTheMostRecentlyUsedTerminalWithMessagesOn() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("bob", "pts/2"), login("bob", "pts/3"),
        login("carol", "pts/4"));
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/2", MESG_Y, NOW.minusSeconds(10));
    tty(dev, "pts/3", MESG_N, NOW); // newest, but refusing
    tty(dev, "pts/4", MESG_Y, NOW); // newest, but carol's

    assertThat(announce("bob", "")).isEqualTo(Answer.SUCCESS);

    assertThat(dev.resolve("pts/2")).isNotEmptyFile();
    assertThat(dev.resolve("pts/1")).isEmptyFile();
    assertThat(dev.resolve("pts/3")).isEmptyFile();
    assertThat(dev.resolve("pts/4")).isEmptyFile();
  }

  @Test
  void skipsAStaleEntryAndRingsALiveTerminal() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/7"), login("bob", "pts/1"));
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));

    assertThat(announce("bob", "")).isEqualTo(Answer.SUCCESS);
    assertThat(dev.resolve("pts/1")).isNotEmptyFile();
  }

  @Test
  void requestedTerminalIsRungEvenIfAnotherWasUsedLater() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("bob", "pts/2"));
    tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(100));
    tty(dev, "pts/2", MESG_Y, NOW);

    assertThat(announce("bob", "pts/1")).isEqualTo(Answer.SUCCESS);

    assertThat(dev.resolve("pts/1")).isNotEmptyFile();
    assertThat(dev.resolve("pts/2")).isEmptyFile();
  }

  @Test
  void requestedTerminalThatIsNotTheCalleesIsNotHere() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("carol", "pts/5"));
    tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/5", MESG_Y, NOW);

    assertThat(announce("bob", "pts/5")).isEqualTo(Answer.NOT_HERE);
    assertThat(announce("bob", "pts/99")).isEqualTo(Answer.NOT_HERE);
    assertThat(dev.resolve("pts/1")).isEmptyFile();
    assertThat(dev.resolve("pts/5")).isEmptyFile();
  }

  @Test
  void requestedTerminalWithMesgNIsPermissionDenied() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("bob", "pts/2"));
    tty(dev, "pts/1", MESG_N, NOW);
    tty(dev, "pts/2", MESG_Y, NOW);

    assertThat(announce("bob", "pts/1")).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(dev.resolve("pts/2")).isEmptyFile();
  }

  @Test
  void utmpLinesThatClimbOutOfDevOrAreAbsoluteAreIgnored() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("out"));
    Path victim = tty(outside, "victim", MESG_Y, NOW);
    // ut_line has 32 bytes: an absolute path that fits, outside the fake /dev
    Path absolute = Files.createTempFile(Path.of("/tmp"), "tty", "");
    try {
      tty(absolute.getParent(), absolute.getFileName().toString(), MESG_Y, NOW);
      tty(dev, "pts/1", MESG_Y, NOW.minusSeconds(300));
      UtmpRecords.write(utmp,
          login("bob", "../out/victim"),
          login("bob", "pts/../../out/victim"),
          login("bob", absolute.toString()),
          login("mallory", "../out/victim"));

      assertThat(announce("bob", "")).isEqualTo(Answer.NOT_HERE);
      assertThat(announce("bob", "../out/victim")).isEqualTo(Answer.NOT_HERE);
      assertThat(announce("bob", absolute.toString())).isEqualTo(Answer.NOT_HERE);

      UtmpRecords.write(utmp, login("bob", "../out/victim"), login("bob", "pts/1"));
      assertThat(announce("bob", "")).isEqualTo(Answer.SUCCESS);

      assertThat(victim).isEmptyFile();
      assertThat(absolute).isEmptyFile();
      assertThat(dev.resolve("pts/1")).isNotEmptyFile();
    } finally {
      Files.deleteIfExists(absolute);
    }
  }

  @Test
  void failedWhenUtmpCannotBeRead() throws IOException {
    assertThat(announce("bob", "")).as("missing").isEqualTo(Answer.FAILED);

    Files.createDirectory(utmp);
    assertThat(announce("bob", "")).as("a directory").isEqualTo(Answer.FAILED);
  }

  // ---- what is written --------------------------------------------------------------------------

  @Test
  void writesExactlyWhatNetkitWroteToBobsTerminal() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);

    assertThat(builder().build().announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);

    byte[] expected = netkitAnnouncement();
    assertThat(expected).hasSize(259 - 6); // six CR LF that the pty had made CR CR LF
    assertThat(Files.readAllBytes(bobTty)).isEqualTo(expected);
  }

  @Test
  void messageLaysOutLinesPaddedToTheLongestPlusTwo() throws IOException {
    byte[] m = UnixTtyAnnouncer.message("alice", "127.0.0.1", "vm", LocalTime.of(4, 24));

    assertThat(m).isEqualTo(netkitAnnouncement());
    String text = new String(m, StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("\u0007\r\n").endsWith("\r\n");
    String[] lines = text.substring(3).split("\r\n");
    assertThat(lines).hasSize(5).allSatisfy(l -> assertThat(l).hasSize(48));
    assertThat(lines[1]).startsWith("Message from Talk_Daemon@vm at 4:24 ...");
    assertThat(lines[2]).startsWith("talk: connection requested by alice@127.0.0.1.");
    assertThat(lines[3]).startsWith("talk: respond with:  talk alice@127.0.0.1");
  }

  @Test
  void timeIsHourWithoutPaddingAndTwoDigitMinutesInTheConfiguredZone() throws IOException {
    assertThat(new String(UnixTtyAnnouncer.message("a", "h", "vm", LocalTime.of(0, 5)),
        StandardCharsets.ISO_8859_1)).contains(" at 0:05 ...");
    assertThat(new String(UnixTtyAnnouncer.message("a", "h", "vm", LocalTime.of(23, 59)),
        StandardCharsets.ISO_8859_1)).contains(" at 23:59 ...");

    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    builder().zone(ZoneOffset.ofHours(-5)).build().announce(call("alice", "bob", ""));
    assertThat(new String(Files.readAllBytes(bobTty), StandardCharsets.ISO_8859_1))
        .contains(" at 23:24 ...");
  }

  @Test
  void longTextIsCutAt118CharactersPerLine() {
    byte[] m = UnixTtyAnnouncer.message("alice", "127.0.0.1", "h".repeat(300), LocalTime.NOON);

    String[] lines = new String(m, StandardCharsets.ISO_8859_1).substring(3).split("\r\n");
    assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(120));
    assertThat(lines[1]).isEqualTo(("Message from Talk_Daemon@" + "h".repeat(300))
        .substring(0, 118) + "  ");
  }

  @Test
  void callerNameAndHostNamesReachTheTerminalAsPrintableAsciiOnly() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    UnixTtyAnnouncer announcer = builder().hostname("vm\u001b]0;owned\u0007\u009b31m\u00e9").build();

    assertThat(announcer.announce(call("al\u0007ice\u001b[2J", "bob", "")))
        .isEqualTo(Answer.SUCCESS);

    byte[] written = Files.readAllBytes(bobTty);
    assertThat(written[0]).isEqualTo((byte) 0x07); // the one BEL: netkit's own
    for (int i = 1; i < written.length; i++) {
      int b = Byte.toUnsignedInt(written[i]);
      if (b != '\r' && b != '\n') {
        assertThat(b).as("byte %d", i).isBetween(0x20, 0x7e);
      }
    }
    String text = new String(written, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("connection requested by al?ice?[2J@127.0.0.1.")
        .contains("Talk_Daemon@vm?]0;owned??31m? at 4:24");
  }

  @Test
  void sanitizeReplacesEverythingOutsidePrintableAscii() {
    assertThat(UnixTtyAnnouncer.sanitize("plain text ~!")).isEqualTo("plain text ~!");
    assertThat(UnixTtyAnnouncer.sanitize("\u0000\u0007\t\r\n\u001b\u007f\u0080\u009b\u00a0\u00e9\u20ac"))
        .isEqualTo("?".repeat(12));
    assertThat(UnixTtyAnnouncer.sanitize("")).isEmpty();
  }

  // ---- how it is written ------------------------------------------------------------------------

  @Test
  void answersFailedWhilePendingWritesAreAtTheLimit() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    List<Runnable> pending = new ArrayList<>();
    UnixTtyAnnouncer announcer = builder().writer(pending::add).maxWritesInFlight(1).build();

    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.announce(call("carol", "bob", ""))).isEqualTo(Answer.FAILED);
    assertThat(bobTty).isEmptyFile();

    pending.remove(0).run(); // the stopped terminal resumes
    assertThat(bobTty).isNotEmptyFile();
    assertThat(announcer.announce(call("dave", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(pending).hasSize(1);
  }

  @Test
  void aRejectedOrFailedWriteGivesItsSlotBack() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("carol", "pts/2"));
    tty(dev, "pts/1", MESG_Y, NOW);
    Files.createDirectories(dev.resolve("pts/2")); // carol's "tty" cannot be opened for writing
    tty(dev, "pts/2", "rwx-w----", NOW);
    AtomicInteger attempts = new AtomicInteger();
    UnixTtyAnnouncer announcer = builder().maxWritesInFlight(1).writer(r -> {
      if (attempts.getAndIncrement() == 0) {
        throw new RejectedExecutionException("shutting down");
      }
      r.run();
    }).build();

    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.FAILED);
    assertThat(announcer.announce(call("alice", "carol", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(dev.resolve("pts/1")).isNotEmptyFile();
  }

  @Test
  void builderRefusesBadSettings() {
    assertThatThrownBy(() -> UnixTtyAnnouncer.builder().maxWritesInFlight(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnixTtyAnnouncer.builder().utmp(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(UnixTtyAnnouncer.system().toString()).contains("utmp");
  }

  @Test
  void callerHostIsTheAddressNotAName() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    InetAddress named = InetAddress.getByAddress("evil.example", new byte[] {127, 0, 0, 3});
    CtlMessage m = TestRequests.announce("alice", "bob", 1, TalkAddress.ANY);

    builder().build().announce(new Announcement("alice", "bob", "", named, m.address(), m, NOW));

    assertThat(new String(Files.readAllBytes(bobTty), StandardCharsets.ISO_8859_1))
        .contains("alice@127.0.0.3").doesNotContain("evil");
  }

}

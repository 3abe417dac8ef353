package io.github.bsdtalk.server;

import io.github.bsdtalk.server.internal.AnnouncementText;
import static io.github.bsdtalk.server.internal.UtmpRecords.login;
import static io.github.bsdtalk.server.internal.UtmpRecords.tty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.internal.UtmpRecords;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnixTtyAnnouncer} over fake utmp files and regular files standing in for terminals (the
 * package-private terminal check lets them), written synchronously ({@code writer(Runnable::run)})
 * unless a test holds the writes to play a stopped terminal, on a virtual clock.
 */
class UnixTtyAnnouncerTest {

  private static final Instant NOW = Instant.parse("2026-11-26T04:24:30Z");
  private static final String MESG_Y = "rw--w----"; // 0620: what login(1) and "mesg y" leave
  private static final String MESG_N = "rw-------"; // 0600: "mesg n"

  @TempDir Path dir;
  private Path dev;
  private Path utmp;
  private Path proc;
  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final List<Runnable> timeoutChecks = new ArrayList<>();
  private final List<Duration> timeoutDelays = new ArrayList<>();

  @BeforeEach
  void makeDev() throws IOException {
    dev = Files.createDirectories(dir.resolve("dev"));
    utmp = dir.resolve("utmp");
    proc = fakeProc(dir.resolve("proc"), "4242 (java) S 1 4242 100 0", "1 (init) S 0 1 1 0");
  }

  /** A proc directory whose self/stat is the first line, and one pid directory per other line. */
  static Path fakeProc(Path proc, String self, String... others) throws IOException {
    return UtmpRecords.fakeProc(proc, self, others);
  }

  private UnixTtyAnnouncer.Builder builder() {
    return UnixTtyAnnouncer.builder().utmp(utmp).devDirectory(dev).hostname("vm")
        .zone(ZoneOffset.UTC).writer(Runnable::run)
        .terminalCheck((tty, callee) -> Optional.empty()).procDirectory(proc)
        .clock(now::get).scheduler((delay, task) -> {
          timeoutDelays.add(delay);
          timeoutChecks.add(task);
        });
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

  /** How many of this process's file descriptors are open on the file (Linux /proc/self/fd). */
  private static long openDescriptorsTo(Path file) throws IOException {
    Path real = file.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException e) {
          return false; // closed meanwhile, e.g. the descriptor of this listing
        }
      }).count();
    }
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
  void reachableAnswersAsAnnounceWouldWithoutWritingAnything() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("carol", "pts/2"));
    tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/2", MESG_N, NOW);
    UnixTtyAnnouncer announcer = builder().build();

    assertThat(announcer.reachable(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.reachable(call("alice", "carol", ""))).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(announcer.reachable(call("alice", "dave", ""))).isEqualTo(Answer.NOT_HERE);
    assertThat(dev.resolve("pts/1")).isEmptyFile();
    assertThat(dev.resolve("pts/2")).isEmptyFile();
  }

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
    assertThat(openDescriptorsTo(bobTty)).as("closed once written").isZero();
    assertThat(timeoutDelays).as("no timeout check for a write already done").isEmpty();
  }

  @Test
  void messageLaysOutLinesPaddedToTheLongestPlusTwo() throws IOException {
    byte[] m = AnnouncementText.message("alice", "127.0.0.1", "vm", LocalTime.of(4, 24));

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
    assertThat(new String(AnnouncementText.message("a", "h", "vm", LocalTime.of(0, 5)),
        StandardCharsets.ISO_8859_1)).contains(" at 0:05 ...");
    assertThat(new String(AnnouncementText.message("a", "h", "vm", LocalTime.of(23, 59)),
        StandardCharsets.ISO_8859_1)).contains(" at 23:59 ...");

    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    builder().zone(ZoneOffset.ofHours(-5)).build().announce(call("alice", "bob", ""));
    assertThat(new String(Files.readAllBytes(bobTty), StandardCharsets.ISO_8859_1))
        .contains(" at 23:24 ...");
  }

  @Test
  void longTextIsCutAt118CharactersPerLine() {
    byte[] m = AnnouncementText.message("alice", "127.0.0.1", "h".repeat(300), LocalTime.NOON);

    String[] lines = new String(m, StandardCharsets.ISO_8859_1).substring(3).split("\r\n");
    assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(120));
    assertThat(lines[1]).isEqualTo(("Message from Talk_Daemon@" + "h".repeat(300))
        .substring(0, 118) + "  ");
  }

  @Test
  void callerNameAndHostNamesReachTheTerminalWithoutControls() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    UnixTtyAnnouncer announcer =
        builder().hostname("vm\u001b]0;owned\u0007\u009b31m\u00e9").build();

    assertThat(announcer.announce(call("al\u0007ice\u001b[2J", "bob", "")))
        .isEqualTo(Answer.SUCCESS);

    byte[] written = Files.readAllBytes(bobTty);
    assertThat(written[0]).isEqualTo((byte) 0x07); // the one BEL: netkit's own
    String text = new String(written, StandardCharsets.UTF_8);
    assertThat(text.substring(1).codePoints())
        .allSatisfy(cp -> assertThat(cp == '\r' || cp == '\n' || cp >= 0x20 && cp != 0x7f
            && (cp < 0x80 || cp > 0x9f)).as("U+%04X", cp).isTrue());
    assertThat(text).contains("connection requested by al?ice?[2J@127.0.0.1.")
        .contains("Talk_Daemon@vm?]0;owned??31m\u00e9 at 4:24");
  }

  /** A caller name as the codec hands it over: one char per wire byte. */
  private static String wire(String name) {
    return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aUtf8CallerNameIsShownAsUtf8EvenWithBytesInTheC1Range() {
    // issue 8 item 9: "\u0142" is c5 82; 0x82 is a UTF-8 continuation byte here, not a C1 control
    String text = new String(AnnouncementText.message(wire("\u0142ukasz"), "127.0.0.1", "vm",
        LocalTime.NOON), StandardCharsets.UTF_8);

    assertThat(text).contains("connection requested by \u0142ukasz@127.0.0.1.")
        .contains("talk: respond with:  talk \u0142ukasz@127.0.0.1");
    String[] lines = text.substring(3).split("\r\n");
    assertThat(lines).allSatisfy(l -> assertThat(l.codePointCount(0, l.length()))
        .isEqualTo(lines[0].length())); // padded by characters, not bytes
  }

  @Test
  void aNameThatIsNotUtf8IsShownByteForByteAsLatin1() {
    String text = new String(AnnouncementText.message("\u00e9mile", "127.0.0.1", "vm",
        LocalTime.NOON), StandardCharsets.UTF_8); // e9 alone: not UTF-8

    assertThat(text).contains("requested by \u00e9mile@");
    assertThat(io.github.bsdtalk.proto.TalkText.fromWire(wire("\u00e9mile"))).isEqualTo("\u00e9mile");
    assertThat(io.github.bsdtalk.proto.TalkText.fromWire("\u00e9mile")).isEqualTo("\u00e9mile");
    assertThat(io.github.bsdtalk.proto.TalkText.fromWire("\u0142")).isEqualTo("\u0142"); // not one char a byte
  }

  @Test
  void controlsThatArriveAsUtf8AreReplacedToo() {
    // U+009B (8-bit CSI) as c2 9b, U+202E (right-to-left override) as e2 80 ae, ESC, DEL
    String text = new String(AnnouncementText.message(wire("a\u009b2Jb\u202ec\u001bd\u007f"),
        "127.0.0.1", "vm", LocalTime.NOON), StandardCharsets.UTF_8);

    assertThat(text).contains("requested by a?2Jb?c?d?@127.0.0.1.");
  }

  @Test
  void anAsciiTerminalGetsNetkitsQuestionMarks() {
    byte[] m = AnnouncementText.message(wire("\u0142ukasz"), "127.0.0.1", "vm", LocalTime.NOON,
        StandardCharsets.US_ASCII);

    for (byte b : m) {
      assertThat(Byte.toUnsignedInt(b)).isLessThan(0x80);
    }
    assertThat(new String(m, StandardCharsets.US_ASCII)).contains("requested by ?ukasz@");
  }

  @Test
  void sanitizeReplacesControlsAndKeepsPrintableText() {
    assertThat(io.github.bsdtalk.proto.TalkText.forTerminal("plain text ~!")).isEqualTo("plain text ~!");
    assertThat(io.github.bsdtalk.proto.TalkText.forTerminal(
        "\u0000\u0007\t\r\n\u001b\u007f\u0080\u009b\u009f\u200b\u202e\u2066\u2028\u2029"
            + "\ue000\ud800x\udc00\u0378")) // lone surrogates, private use, unassigned
        .isEqualTo("?".repeat(16) + "?x??");
    assertThat(io.github.bsdtalk.proto.TalkText.forTerminal("\u00a0\u00e9\u0142\u20ac\u65e5\ud83d\ude00"))
        .isEqualTo("\u00a0\u00e9\u0142\u20ac\u65e5\ud83d\ude00");
    assertThat(io.github.bsdtalk.proto.TalkText.forTerminal("")).isEmpty();
  }

  // ---- how it is written ------------------------------------------------------------------------

  /** An executor that holds writes while {@code stopped} is set: a terminal stopped with ^S. */
  private static final class HeldWrites implements java.util.concurrent.Executor {
    final List<Runnable> held = new ArrayList<>();
    boolean stopped = true;

    @Override
    public void execute(Runnable write) {
      if (stopped) {
        held.add(write);
      } else {
        write.run();
      }
    }
  }

  @Test
  void aStoppedTerminalRungManyTimesDoesNotStopRingsToAnotherUser() throws IOException {
    // issue 8 item 3: mallory presses ^S and calls himself 16+ times; bob must still be rung
    UtmpRecords.write(utmp, login("mallory", "pts/9"), login("bob", "pts/1"));
    Path malloryTty = tty(dev, "pts/9", MESG_Y, NOW);
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    HeldWrites writes = new HeldWrites();
    UnixTtyAnnouncer announcer = builder().writer(writes).build();

    assertThat(announcer.announce(call("mallory", "mallory", ""))).isEqualTo(Answer.SUCCESS);
    for (int i = 0; i < 20; i++) {
      assertThat(announcer.announce(call("mallory", "mallory", ""))).as("ring %d", i)
          .isEqualTo(Answer.FAILED); // his own write is still pending: that costs only him
    }
    writes.stopped = false;
    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);

    assertThat(bobTty).isNotEmptyFile();
    assertThat(malloryTty).isEmptyFile();
    assertThat(writes.held).hasSize(1);
    assertThat(announcer.pendingWrites()).isEqualTo(1);
  }

  @Test
  void aSecondRingWhileTheTerminalsWriteIsPendingFailsUntilItIsDone() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    HeldWrites writes = new HeldWrites();
    UnixTtyAnnouncer announcer = builder().writer(writes).build();

    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.announce(call("carol", "bob", ""))).isEqualTo(Answer.FAILED);
    assertThat(bobTty).isEmptyFile();

    writes.held.remove(0).run(); // the stopped terminal resumes
    assertThat(bobTty).isNotEmptyFile();
    assertThat(announcer.pendingWrites()).isZero();
    assertThat(announcer.announce(call("dave", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(writes.held).hasSize(1);
  }

  @Test
  void oneCalleeHasAtMostFourWritesPending() throws IOException {
    byte[][] logins = new byte[6][];
    for (int i = 0; i < 6; i++) {
      logins[i] = login("mallory", "pts/" + i);
      tty(dev, "pts/" + i, MESG_Y, NOW);
    }
    UtmpRecords.write(utmp, logins);
    HeldWrites writes = new HeldWrites();
    UnixTtyAnnouncer announcer = builder().writer(writes).build();

    for (int i = 0; i < 4; i++) {
      assertThat(announcer.announce(call("x", "mallory", "pts/" + i))).isEqualTo(Answer.SUCCESS);
    }
    assertThat(announcer.announce(call("x", "mallory", "pts/4"))).isEqualTo(Answer.FAILED);
    assertThat(announcer.announce(call("x", "mallory", ""))).isEqualTo(Answer.FAILED);
    assertThat(announcer.pendingWrites()).isEqualTo(UnixTtyAnnouncer.MAX_WRITES_PER_CALLEE);
  }

  @Test
  void atTheGlobalLimitTheOldestPendingWriteIsAbandonedNotTheNewRing() throws IOException {
    UtmpRecords.write(utmp, login("u1", "pts/1"), login("u2", "pts/2"), login("bob", "pts/3"));
    Path first = tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/2", MESG_Y, NOW);
    Path bobTty = tty(dev, "pts/3", MESG_Y, NOW);
    HeldWrites writes = new HeldWrites();
    UnixTtyAnnouncer announcer = builder().writer(writes).maxWritesInFlight(2).build();

    assertThat(announcer.announce(call("x", "u1", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.announce(call("x", "u2", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.announce(call("x", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.pendingWrites()).isEqualTo(2);

    writes.held.forEach(Runnable::run); // u1's was abandoned: channel closed, nothing written
    assertThat(first).isEmptyFile();
    assertThat(bobTty).isNotEmptyFile();
    assertThat(announcer.pendingWrites()).isZero();
  }

  @Test
  void aWriteNotDoneWithinTheTimeoutIsAbandonedAndTheTerminalCanBeRungAgain() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    HeldWrites writes = new HeldWrites();
    UnixTtyAnnouncer announcer =
        builder().writer(writes).writeTimeout(Duration.ofSeconds(3)).build();

    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(timeoutDelays).containsExactly(Duration.ofSeconds(3));

    now.set(NOW.plusMillis(2_999));
    timeoutChecks.remove(0).run(); // early by the clock: still pending, checked again later
    assertThat(announcer.pendingWrites()).isEqualTo(1);
    assertThat(timeoutDelays).last().isEqualTo(Duration.ofMillis(1));
    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.FAILED);

    now.set(NOW.plusSeconds(3));
    timeoutChecks.remove(0).run();
    assertThat(announcer.pendingWrites()).isZero();
    assertThat(timeoutChecks).isEmpty();

    writes.stopped = false;
    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);
    writes.held.get(0).run(); // the abandoned write, were its thread to run now, writes nothing
    assertThat(new String(Files.readAllBytes(bobTty), StandardCharsets.ISO_8859_1))
        .containsOnlyOnce("Message from Talk_Daemon");
  }

  @Test
  void anOverdueWriteIsAlsoAbandonedByTheNextRing() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("carol", "pts/2"));
    tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/2", MESG_Y, NOW);
    HeldWrites writes = new HeldWrites();
    UnixTtyAnnouncer announcer = builder().writer(writes).build();
    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);

    now.set(NOW.plusSeconds(5));
    assertThat(announcer.announce(call("alice", "carol", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(announcer.pendingWrites()).isEqualTo(1); // carol's; bob's was overdue
  }

  @Test
  void aTerminalThatCannotBeOpenedIsPermissionDeniedAndGivesItsSlotBack() throws IOException {
    // issue 8 item 10: netkit talkd/announce.c answers PERMISSION_DENIED when open() fails
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
    assertThat(announcer.pendingWrites()).as("the rejected write gave its slot back").isZero();
    assertThat(openDescriptorsTo(dev.resolve("pts/1"))).isZero();
    assertThat(announcer.announce(call("alice", "carol", ""))).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(dev.resolve("pts/1")).isNotEmptyFile();
    assertThat(announcer.pendingWrites()).isZero();
  }

  @Test
  void aTerminalThatChangesBetweenChoiceAndOpenIsPermissionDenied() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    AtomicInteger checks = new AtomicInteger();
    UnixTtyAnnouncer swapped = builder().terminalCheck((tty, callee) -> {
      if (checks.incrementAndGet() == 2) { // the re-check after open: another file by that name
        Files.delete(tty);
        Files.createFile(tty);
      }
      return Optional.empty();
    }).build();
    assertThat(swapped.announce(call("alice", "bob", ""))).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(checks).hasValue(2);

    tty(dev, "pts/1", MESG_Y, NOW); // the stand-in file has mesg n: make it a terminal again
    checks.set(0);
    UnixTtyAnnouncer refusedOnRecheck = builder().terminalCheck((tty, callee) ->
        checks.incrementAndGet() == 2 ? Optional.of("no longer bob's") : Optional.empty()).build();
    assertThat(refusedOnRecheck.announce(call("alice", "bob", "")))
        .isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(checks).as("refused on the re-check, not by the search").hasValue(2);
    assertThat(bobTty).isEmptyFile();
    assertThat(openDescriptorsTo(bobTty)).as("the channel opened before the re-check").isZero();

    checks.set(0);
    UnixTtyAnnouncer mesgNSinceChosen = builder().terminalCheck((tty, callee) -> {
      if (checks.incrementAndGet() == 2) {
        Files.setPosixFilePermissions(tty, PosixFilePermissions.fromString(MESG_N));
      }
      return Optional.empty();
    }).build();
    assertThat(mesgNSinceChosen.announce(call("alice", "bob", "")))
        .isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(checks).hasValue(2);
    assertThat(bobTty).isEmptyFile();

    checks.set(0);
    UnixTtyAnnouncer goneSinceOpened = builder().terminalCheck((tty, callee) -> {
      if (checks.incrementAndGet() == 2) {
        Files.delete(tty); // opened already; the re-check cannot stat it
      }
      return Optional.empty();
    }).build();
    tty(dev, "pts/1", MESG_Y, NOW);
    assertThat(goneSinceOpened.announce(call("alice", "bob", "")))
        .isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(checks).hasValue(2);
    assertThat(goneSinceOpened.pendingWrites() + mesgNSinceChosen.pendingWrites()).isZero();
    assertThat(swapped.pendingWrites() + refusedOnRecheck.pendingWrites()).isZero();
  }

  @Test
  void aSymbolicLinkIsNeverFollowedEvenWhenTheCheckLetsItThrough() throws IOException {
    Path victim = Files.createFile(dir.resolve("victim"));
    Files.createDirectories(dev.resolve("pts"));
    Files.createSymbolicLink(dev.resolve("pts/1"), victim);
    UtmpRecords.write(utmp, login("bob", "pts/1"));

    assertThat(announce("bob", "")).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(victim).isEmptyFile();
  }

  @Test
  void aTerminalGoneBetweenTheSearchAndTheOpenIsFailed() throws IOException {
    // netkit talkd/announce.c announce_proc(): access(F_OK) fails -> FAILED
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("bob", "pts/2"));
    Path newest = tty(dev, "pts/1", MESG_Y, NOW);
    Path older = tty(dev, "pts/2", MESG_Y, NOW.minusSeconds(60));
    UnixTtyAnnouncer announcer = builder().terminalCheck((tty, callee) -> {
      if (tty.endsWith("pts/2")) {
        Files.delete(newest); // pts/1 was examined and chosen already
      }
      return Optional.empty();
    }).build();

    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.FAILED);
    assertThat(older).isEmptyFile();
    assertThat(announcer.pendingWrites()).isZero();
  }

  @Test
  void aRingAbandonedWhileItsTerminalIsBeingOpenedIsFailedAndClosesIt() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("carol", "pts/2"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/2", MESG_Y, NOW);
    HeldWrites writes = new HeldWrites();
    AtomicReference<UnixTtyAnnouncer> announcer = new AtomicReference<>();
    AtomicInteger bobChecks = new AtomicInteger();
    announcer.set(builder().writer(writes).maxWritesInFlight(1).terminalCheck((tty, callee) -> {
      if (callee.equals("bob") && bobChecks.incrementAndGet() == 2) {
        // bob's terminal is open; a ring to carol now takes the one slot, abandoning bob's
        assertThat(announcer.get().announce(call("x", "carol", ""))).isEqualTo(Answer.SUCCESS);
      }
      return Optional.empty();
    }).build());

    assertThat(announcer.get().announce(call("alice", "bob", ""))).isEqualTo(Answer.FAILED);
    assertThat(openDescriptorsTo(bobTty)).isZero();
    assertThat(writes.held).hasSize(1); // carol's only
    assertThat(announcer.get().pendingWrites()).isEqualTo(1);
    writes.held.get(0).run();
    assertThat(dev.resolve("pts/2")).isNotEmptyFile();
    assertThat(bobTty).isEmptyFile();
  }

  @Test
  void ofTerminalsUsedAtTheSameTimeTheFirstInUtmpIsRung() throws IOException {
    // netkit/BSD find_user: a later tty replaces the choice only if st_atime is greater
    UtmpRecords.write(utmp, login("bob", "pts/1"), login("bob", "pts/2"));
    tty(dev, "pts/1", MESG_Y, NOW);
    tty(dev, "pts/2", MESG_Y, NOW);

    assertThat(announce("bob", "")).isEqualTo(Answer.SUCCESS);
    assertThat(dev.resolve("pts/1")).isNotEmptyFile();
    assertThat(dev.resolve("pts/2")).isEmptyFile();
  }

  @Test
  void writesPendingForOtherCalleesDoNotCountAgainstThisOne() throws IOException {
    byte[][] logins = new byte[5][];
    for (int i = 0; i < 5; i++) {
      logins[i] = login("u" + i, "pts/" + i);
      tty(dev, "pts/" + i, MESG_Y, NOW);
    }
    UtmpRecords.write(utmp, logins);
    UnixTtyAnnouncer announcer = builder().writer(new HeldWrites()).build();

    for (int i = 0; i < 5; i++) {
      assertThat(announcer.announce(call("x", "u" + i, ""))).as("u%d", i)
          .isEqualTo(Answer.SUCCESS);
    }
    assertThat(announcer.pendingWrites()).isEqualTo(5);
  }

  @Test
  void aTimeoutCheckThatRunsEarlyComesBackWhenTheDeadlineIsDue() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    tty(dev, "pts/1", MESG_Y, NOW);
    UnixTtyAnnouncer announcer =
        builder().writer(new HeldWrites()).writeTimeout(Duration.ofSeconds(3)).build();
    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);

    now.set(NOW.plusMillis(2_500));
    timeoutChecks.remove(0).run();
    assertThat(timeoutDelays).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(500));
    assertThat(announcer.pendingWrites()).isEqualTo(1);
  }

  @Test
  void theConfiguredTerminalCharsetIsWhatIsWritten() throws IOException {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);

    builder().terminalCharset(StandardCharsets.US_ASCII).build()
        .announce(call(wire("\u0142ukasz"), "bob", ""));

    byte[] written = Files.readAllBytes(bobTty);
    for (byte b : written) {
      assertThat(Byte.toUnsignedInt(b)).isLessThan(0x80);
    }
    assertThat(new String(written, StandardCharsets.US_ASCII)).contains("requested by ?ukasz@");
  }

  @Test
  void theDefaultHostNameIsTheKernels() throws IOException {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    Assumptions.assumeTrue(Files.isReadable(kernel), "no " + kernel);
    String name = Files.readString(kernel).strip();
    Assumptions.assumeTrue(!name.isEmpty() && name.length() < 60, "host name " + name);
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);

    UnixTtyAnnouncer.builder().utmp(utmp).devDirectory(dev).zone(ZoneOffset.UTC)
        .writer(Runnable::run).terminalCheck((tty, callee) -> Optional.empty())
        .procDirectory(proc).build().announce(call("alice", "bob", ""));

    assertThat(new String(Files.readAllBytes(bobTty), StandardCharsets.UTF_8))
        .contains("Message from Talk_Daemon@" + TalkText.forTerminal(name) + " at 4:24");
  }

  @Test
  void byDefaultAWriteRunsOnItsOwnThread() throws Exception {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    Path bobTty = tty(dev, "pts/1", MESG_Y, NOW);
    UnixTtyAnnouncer announcer = UnixTtyAnnouncer.builder().utmp(utmp).devDirectory(dev)
        .hostname("vm").terminalCheck((tty, callee) -> Optional.empty()).procDirectory(proc)
        .build();

    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);

    // A started writer is alive until it has written: wait for it by joining, not by time.
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("talkd-announce")) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
    assertThat(bobTty).isNotEmptyFile();
    assertThat(announcer.pendingWrites()).isZero();
  }

  @Test
  void byDefaultTimeoutChecksRunOnADaemonTimerThread() throws Exception {
    UtmpRecords.write(utmp, login("bob", "pts/1"));
    tty(dev, "pts/1", MESG_Y, NOW);
    CountDownLatch timerRan = new CountDownLatch(1);
    AtomicBoolean daemon = new AtomicBoolean();
    UnixTtyAnnouncer announcer = UnixTtyAnnouncer.builder().utmp(utmp).devDirectory(dev)
        .hostname("vm").terminalCheck((tty, callee) -> Optional.empty()).procDirectory(proc)
        .writer(new HeldWrites()).writeTimeout(Duration.ofMillis(1)).clock(() -> {
          if (Thread.currentThread().getName().equals("talkd-announce-timeout")) {
            daemon.set(Thread.currentThread().isDaemon());
            timerRan.countDown();
            return NOW.plusSeconds(60); // overdue: abandoned, no further check
          }
          return NOW;
        }).build();

    assertThat(announcer.announce(call("alice", "bob", ""))).isEqualTo(Answer.SUCCESS);

    assertThat(timerRan.await(30, TimeUnit.SECONDS)).as("the timeout check ran").isTrue();
    assertThat(daemon).as("a timer thread never keeps the JVM alive").isTrue();
  }

  // ---- what counts as a terminal ----------------------------------------------------------------

  @Test
  void theStrictCheckRefusesARegularFileASymlinkAndSomeoneElsesDevice() throws IOException {
    Path file = tty(dev, "pts/1", MESG_Y, NOW);
    Path link = Files.createSymbolicLink(dev.resolve("pts/2"), Path.of("/dev/null"));

    assertThat(UnixTtyAnnouncer.strictRefusal(file, "root")).hasValue("not a character device");
    assertThat(UnixTtyAnnouncer.strictRefusal(link, "root")).hasValue("a symbolic link");
    assertThat(UnixTtyAnnouncer.strictRefusal(Path.of("/dev/null"), "alice"))
        .hasValueSatisfying(why -> assertThat(why).startsWith("owned by root"));
    assertThat(UnixTtyAnnouncer.strictRefusal(Path.of("/dev/null"), "no-such-user-xyz"))
        .isPresent();
    assertThat(UnixTtyAnnouncer.strictRefusal(Path.of("/dev/null"), "root")).isEmpty();
    assertThatThrownBy(() -> UnixTtyAnnouncer.strictRefusal(dev.resolve("pts/7"), "root"))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void byDefaultOnlyACharacterDeviceOwnedByTheCalleeIsRung() throws IOException {
    // /dev/null stands in for root's terminal: a character device owned by root, mode 0666
    UtmpRecords.write(utmp, login("root", "null"), login("alice", "null"));
    UnixTtyAnnouncer strict = UnixTtyAnnouncer.builder().utmp(utmp).devDirectory(Path.of("/dev"))
        .hostname("vm").writer(Runnable::run).procDirectory(proc).build();

    assertThat(strict.announce(call("x", "root", ""))).isEqualTo(Answer.SUCCESS);
    assertThat(strict.announce(call("x", "alice", ""))).isEqualTo(Answer.PERMISSION_DENIED);

    tty(dev, "pts/1", MESG_Y, NOW);
    Files.createSymbolicLink(dev.resolve("pts/2"), Path.of("/dev/null"));
    UtmpRecords.write(utmp, login("root", "pts/1"), login("root", "pts/2"));
    UnixTtyAnnouncer strictHere = UnixTtyAnnouncer.builder().utmp(utmp).devDirectory(dev)
        .hostname("vm").writer(Runnable::run).procDirectory(proc).build();
    assertThat(strictHere.announce(call("x", "root", ""))).isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(dev.resolve("pts/1")).isEmptyFile();
  }

  @Test
  void aSessionLeaderWithoutAControllingTerminalRefusesATtyNobodyHas() throws IOException {
    UtmpRecords.write(utmp, login("root", "null"));
    long nullDevice = ((Number) Files.getAttribute(Path.of("/dev/null"), "unix:rdev")).longValue();
    Path leader = fakeProc(dir.resolve("leader"), "4242 (java) S 1 4242 4242 0",
        "1 (init) S 0 1 1 0", "77 (sh) S 1 77 77 34816");
    UnixTtyAnnouncer.Builder b = UnixTtyAnnouncer.builder().utmp(utmp)
        .devDirectory(Path.of("/dev")).hostname("vm").writer(Runnable::run);

    assertThat(b.procDirectory(leader).build().announce(call("x", "root", "")))
        .isEqualTo(Answer.PERMISSION_DENIED);
    assertThat(b.procDirectory(dir.resolve("no-proc")).build().announce(call("x", "root", "")))
        .isEqualTo(Answer.PERMISSION_DENIED);

    Path owned = fakeProc(dir.resolve("owned"), "4242 (java) S 1 4242 4242 0",
        "1 (init) S 0 1 1 0", "78 (sh) S 1 78 78 " + nullDevice);
    assertThat(b.procDirectory(owned).build().announce(call("x", "root", "")))
        .isEqualTo(Answer.SUCCESS);
  }

  @Test
  void builderRefusesBadSettings() {
    assertThatThrownBy(() -> UnixTtyAnnouncer.builder().maxWritesInFlight(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnixTtyAnnouncer.builder().writeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnixTtyAnnouncer.builder().writeTimeout(Duration.ofSeconds(-1)))
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

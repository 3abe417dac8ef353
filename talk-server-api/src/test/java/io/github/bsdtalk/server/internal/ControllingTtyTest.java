package io.github.bsdtalk.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ControllingTty} over fake {@code /proc} trees, with /dev/null as the terminal. */
class ControllingTtyTest {

  private static final Path NULL = Path.of("/dev/null");

  @TempDir Path dir;

  private static long nullDevice() throws IOException {
    return ((Number) Files.getAttribute(NULL, "unix:rdev")).longValue();
  }

  @Test
  void parsesPidSessionAndTtyNrPastACommandNameWithSpacesAndParentheses() {
    assertThat(ControllingTty.parse("812 (a) b (c)) S 1 812 700 34817 812 4194560"))
        .hasValue(new ControllingTty.Stat(812, 700, 34817));
    assertThat(ControllingTty.parse("garbage")).isEmpty();
    assertThat(ControllingTty.parse("1 (x) S 0 1")).isEmpty();
    assertThat(ControllingTty.parse("1 (x) S 0 1 1")).isEmpty(); // no tty_nr
    assertThat(ControllingTty.parse("1 (x) S 0 1 1 34816")) // ends at tty_nr
        .hasValue(new ControllingTty.Stat(1, 1, 34816));
    assertThat(ControllingTty.parse("one (x) S 0 1 1 0")).isEmpty();
  }

  @Test
  void notASessionLeaderIsAlwaysSafe() throws IOException {
    Path proc = UtmpRecords.fakeProc(dir, "4242 (java) S 1 4242 100 0");

    assertThat(ControllingTty.risk(proc, NULL)).isEmpty();
  }

  @Test
  void aSessionLeaderThatHasAControllingTerminalIsSafe() throws IOException {
    Path proc = UtmpRecords.fakeProc(dir, "4242 (java) S 1 4242 4242 34816");

    assertThat(ControllingTty.risk(proc, NULL)).isEmpty();
    assertThat(ControllingTty.acquired(proc)).isTrue();
  }

  @Test
  void aSessionLeaderWithoutOneOpensOnlyATtyThatIsSomeonesControllingTerminal()
      throws IOException {
    Path nobody = UtmpRecords.fakeProc(dir.resolve("a"), "4242 (java) S 1 4242 4242 0",
        "1 (init) S 0 1 1 0", "77 (bash) S 1 77 77 34816", "self-not-a-pid (x) S 0 1 1 0");
    assertThat(ControllingTty.risk(nobody, NULL)).hasValueSatisfying(
        why -> assertThat(why).contains("session leader"));
    assertThat(ControllingTty.acquired(nobody)).isFalse();

    Path someone = UtmpRecords.fakeProc(dir.resolve("b"), "4242 (java) S 1 4242 4242 0",
        "77 (bash) S 1 77 77 " + nullDevice());
    assertThat(ControllingTty.risk(someone, NULL)).isEmpty();
  }

  @Test
  void onlyNumericEntriesOfProcAreProcesses() throws IOException {
    // a non-pid entry (like /proc/self, or /proc/net) with the tty's number proves nothing
    Path notPids = UtmpRecords.fakeProc(dir.resolve("a"), "4242 (java) S 1 4242 4242 0");
    for (String name : new String[] {"net", "9a", "x0"}) {
      Path entry = Files.createDirectories(notPids.resolve(name));
      Files.writeString(entry.resolve("stat"), "77 (bash) S 1 77 77 " + nullDevice() + " -1\n");
    }
    assertThat(ControllingTty.risk(notPids, NULL)).isPresent();

    // pids made of the digits at both ends of the range
    Path nine = UtmpRecords.fakeProc(dir.resolve("b"), "4242 (java) S 1 4242 4242 0",
        "9 (bash) S 1 9 9 " + nullDevice());
    assertThat(ControllingTty.risk(nine, NULL)).isEmpty();
    Path ten = UtmpRecords.fakeProc(dir.resolve("c"), "4242 (java) S 1 4242 4242 0",
        "10 (bash) S 1 10 10 " + nullDevice());
    assertThat(ControllingTty.risk(ten, NULL)).isEmpty();
  }

  @Test
  void aSessionLeaderRefusesATtyWhoseDeviceNumberCannotBeRead() throws IOException {
    Path proc = UtmpRecords.fakeProc(dir, "4242 (java) S 1 4242 4242 0",
        "77 (bash) S 1 77 77 34816");

    assertThat(ControllingTty.risk(proc, dir.resolve("gone"))).hasValueSatisfying(
        why -> assertThat(why).contains("device number"));
  }

  @Test
  void withoutProcTheAnswerIsNo() {
    assertThat(ControllingTty.risk(dir.resolve("missing"), NULL)).isPresent();
    assertThat(ControllingTty.acquired(dir.resolve("missing"))).isFalse();
  }

  @Test
  void stRdevAndTtyNrNameTheSameDeviceForLargeMinors() {
    int major = 136;
    int minor = 300; // /dev/pts/300: minor above 255
    long kernel = (minor & 0xff) | (major << 8) | ((long) (minor & ~0xff) << 12);
    long glibc = ((long) (major & 0xfff) << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12)
        | ((long) (major & ~0xfff) << 32);
    assertThat(ControllingTty.canonical(kernel)).isEqualTo(ControllingTty.canonical(glibc))
        .isEqualTo(((long) major << 32) | minor);
    assertThat(ControllingTty.canonical(34816)).isNotEqualTo(ControllingTty.canonical(34817));

    int bigMajor = 0x1234; // above 12 bits: glibc keeps the high bits at 32..
    long glibcBig = ((long) (bigMajor & 0xfff) << 8) | 5 | ((long) (bigMajor & ~0xfff) << 32);
    assertThat(ControllingTty.canonical(glibcBig)).isEqualTo(((long) bigMajor << 32) | 5);
  }
}

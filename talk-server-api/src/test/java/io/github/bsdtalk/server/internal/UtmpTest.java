package io.github.bsdtalk.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Utmp}: glibc's 384-byte {@code struct utmp} records. */
class UtmpTest {

  private static final Instant LOGIN = Instant.parse("2026-11-26T04:20:01.123456Z");

  @Test
  void parsesTypePidLineUserHostAndTimeOfANativeOrderRecord() {
    byte[] record = UtmpRecords.record(UtmpRecords.USER_PROCESS, 31337, "pts/1", "bob",
        "tmux(4242).%0", LOGIN);

    List<Utmp.Entry> entries = Utmp.parse(record, ByteOrder.nativeOrder());

    assertThat(entries).containsExactly(new Utmp.Entry(7, 31337, "pts/1", "bob",
        "tmux(4242).%0", LOGIN));
  }

  @Test
  void readsFieldsAtTheGlibcOffsets() {
    // Hand-placed bytes, independent of UtmpRecords: the layout of make-utmp.py's ctypes struct.
    ByteBuffer b = ByteBuffer.allocate(384).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) 7);
    b.put(8, new byte[] {'p', 't', 's', '/', '9'});
    b.put(44, new byte[] {'c', 'a', 'r', 'o', 'l'});
    b.put(76, new byte[] {'v', 'm'});
    b.putInt(4, 1234);
    b.putInt(340, 1_764_130_801);
    b.putInt(344, 500_000);
    // garbage in the fields that are not read
    b.put(40, new byte[] {'X', 'X', 'X', 'X'});
    b.putInt(332, -1);
    b.putInt(336, -1);
    Arrays.fill(b.array(), 348, 384, (byte) 0x5a);

    List<Utmp.Entry> entries = Utmp.parse(b.array(), ByteOrder.LITTLE_ENDIAN);

    assertThat(entries).containsExactly(new Utmp.Entry(7, 1234, "pts/9", "carol", "vm",
        Instant.ofEpochSecond(1_764_130_801, 500_000_000)));
  }

  @Test
  void bigEndianRecordsParseWithThatOrder() {
    byte[] record = UtmpRecords.record(ByteOrder.BIG_ENDIAN, UtmpRecords.DEAD_PROCESS, 99, "pts/3",
        "", "", LOGIN);

    assertThat(Utmp.parse(record, ByteOrder.BIG_ENDIAN))
        .containsExactly(new Utmp.Entry(8, 99, "pts/3", "", "", LOGIN));
  }

  @Test
  void fieldsThatFillTheirWidthEndThere() {
    String line = "l".repeat(32);
    String user = "u".repeat(32);
    String host = "h".repeat(256);
    byte[] record = UtmpRecords.record(UtmpRecords.USER_PROCESS, 1, line, user, host, LOGIN);

    Utmp.Entry e = Utmp.parse(record, ByteOrder.nativeOrder()).get(0);

    assertThat(e.line()).isEqualTo(line);
    assertThat(e.user()).isEqualTo(user);
    assertThat(e.host()).isEqualTo(host);
  }

  @Test
  void textIsReadAsLatin1ByteForByte() {
    byte[] record = UtmpRecords.record(UtmpRecords.USER_PROCESS, 1, "pts/1", "\u00e9mile", "",
        LOGIN);

    assertThat(Utmp.parse(record, ByteOrder.nativeOrder()).get(0).user()).isEqualTo("\u00e9mile");
  }

  @Test
  void secondsAreUnsignedPast2038() {
    Instant late = Instant.ofEpochSecond(0xF000_0000L);
    byte[] record = UtmpRecords.record(UtmpRecords.USER_PROCESS, 1, "pts/1", "bob", "", late);

    assertThat(Utmp.parse(record, ByteOrder.nativeOrder()).get(0).time()).isEqualTo(late);
  }

  @Test
  void recordsComeInFileOrderAndATrailingPartialRecordIsIgnored() {
    byte[] a = UtmpRecords.login("alice", "pts/0");
    byte[] b = UtmpRecords.login("bob", "pts/1");
    byte[] bytes = new byte[384 * 2 + 100];
    System.arraycopy(a, 0, bytes, 0, 384);
    System.arraycopy(b, 0, bytes, 384, 384);
    System.arraycopy(a, 0, bytes, 768, 100);

    assertThat(Utmp.parse(bytes, ByteOrder.nativeOrder())).extracting(Utmp.Entry::user)
        .containsExactly("alice", "bob");
    assertThat(Utmp.parse(new byte[0], ByteOrder.nativeOrder())).isEmpty();
    assertThat(Utmp.parse(new byte[383], ByteOrder.nativeOrder())).isEmpty();
  }

  @Test
  void readsAFileInNativeOrder(@TempDir Path dir) throws IOException {
    Path file = UtmpRecords.write(dir.resolve("utmp"),
        UtmpRecords.record(2, 0, "~", "reboot", "6.1.0", LOGIN),
        UtmpRecords.login("bob", "pts/1"),
        UtmpRecords.record(UtmpRecords.DEAD_PROCESS, 0, "pts/2", "", "", LOGIN));

    List<Utmp.Entry> entries = Utmp.read(file);

    assertThat(entries).extracting(Utmp.Entry::type).containsExactly(2, 7, 8);
    assertThat(entries.get(1).line()).isEqualTo("pts/1");
    assertThat(entries.get(1).user()).isEqualTo("bob");
  }

  @Test
  void readsAtMostFourMebibytes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge");
    Files.write(file, new byte[Utmp.MAX_BYTES + 384 * 3]);

    assertThat(Utmp.read(file)).hasSize(Utmp.MAX_BYTES / 384);
  }
}

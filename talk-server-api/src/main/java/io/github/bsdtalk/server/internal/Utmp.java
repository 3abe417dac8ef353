package io.github.bsdtalk.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads glibc's utmp file: 384-byte {@code struct utmp} records in the host's byte order, as
 * {@code getutent(3)} does for talkd's {@code find_user} (netkit {@code talkd/process.c}).
 *
 * <pre>
 * offset size field        offset size field
 *   0     2   ut_type        76   256  ut_host
 *   4     4   ut_pid        332     4  ut_exit
 *   8    32   ut_line       336     4  ut_session
 *  40     4   ut_id         340     8  ut_tv (int32 sec, int32 usec)
 *  44    32   ut_user       348    16  ut_addr_v6, then 20 unused
 * </pre>
 */
public final class Utmp {
  public static final int RECORD_SIZE = 384;
  public static final int USER_PROCESS = 7;
  /** A utmp file is a few KiB; refuse to read more than this from a file that claims to be one. */
  public static final int MAX_BYTES = 4 << 20;

  /**
   * One login record.
   *
   * @param type ut_type
   * @param pid ut_pid
   * @param line the tty, relative to /dev, for example {@code pts/1}
   * @param user the login name
   * @param host the remote host, if any
   * @param time the login time
   */
  public record Entry(int type, int pid, String line, String user, String host, Instant time) {}

  private Utmp() {}

  public static List<Entry> read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES);
    }
    return parse(bytes, ByteOrder.nativeOrder());
  }

  static List<Entry> parse(byte[] bytes, ByteOrder order) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
    List<Entry> entries = new ArrayList<>(bytes.length / RECORD_SIZE);
    for (int at = 0; at + RECORD_SIZE <= bytes.length; at += RECORD_SIZE) {
      entries.add(
          new Entry(
              b.getShort(at),
              b.getInt(at + 4),
              text(bytes, at + 8, 32),
              text(bytes, at + 44, 32),
              text(bytes, at + 76, 256),
              Instant.ofEpochSecond(
                  Integer.toUnsignedLong(b.getInt(at + 340)), b.getInt(at + 344) * 1000L)));
    }
    return entries;
  }

  private static String text(byte[] b, int at, int width) {
    int end = at;
    while (end < at + width && b[end] != 0) {
      end++;
    }
    return new String(b, at, end - at, StandardCharsets.ISO_8859_1);
  }
}

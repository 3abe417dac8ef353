package io.github.bsdtalk.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * Builds glibc {@code struct utmp} records (384 bytes, x86_64 layout, as the lab's {@code
 * make-utmp.py} declares it with ctypes) and fake terminals, for the announcer tests.
 */
public final class UtmpRecords {

  public static final int LOGIN_PROCESS = 6;
  public static final int USER_PROCESS = 7;
  public static final int DEAD_PROCESS = 8;

  private UtmpRecords() {}

  /**
   * One record in the given byte order.
   *
   * @param order the byte order (glibc writes the host's)
   * @param type ut_type
   * @param pid ut_pid
   * @param line ut_line, at most 32 bytes
   * @param user ut_user, at most 32 bytes
   * @param host ut_host, at most 256 bytes
   * @param time ut_tv, seconds and microseconds
   * @return 384 bytes
   */
  public static byte[] record(
      ByteOrder order, int type, int pid, String line, String user, String host, Instant time) {
    ByteBuffer b = ByteBuffer.allocate(Utmp.RECORD_SIZE).order(order);
    b.putShort(0, (short) type);
    b.putInt(4, pid);
    put(b, 8, 32, line);
    String id = line.length() > 4 ? line.substring(line.length() - 4) : line;
    put(b, 40, 4, id); // ut_id: the last 4 chars of the line, as login and utempter write it
    put(b, 44, 32, user);
    put(b, 76, 256, host);
    b.putInt(336, 4711); // ut_session: not read, but not zero either
    b.putInt(340, (int) time.getEpochSecond());
    b.putInt(344, time.getNano() / 1000);
    b.put(348, (byte) 127); // ut_addr_v6[0]: 127.0.0.1, not read
    b.put(351, (byte) 1);
    return b.array();
  }

  /** A record in the host's order, as {@code pututline(3)} writes it. */
  public static byte[] record(int type, int pid, String line, String user, String host, Instant time) {
    return record(ByteOrder.nativeOrder(), type, pid, line, user, host, time);
  }

  /** A USER_PROCESS record: {@code user} logged in on {@code line}. */
  public static byte[] login(String user, String line) {
    return record(USER_PROCESS, 1000 + Math.floorMod(line.hashCode(), 1000), line, user, "",
        Instant.parse("2026-11-26T04:20:00Z"));
  }

  public static Path write(Path file, byte[]... records) throws IOException {
    ByteBuffer all = ByteBuffer.allocate(records.length * Utmp.RECORD_SIZE);
    for (byte[] r : records) {
      all.put(r);
    }
    return Files.write(file, all.array());
  }

  /**
   * Creates a regular file standing in for a terminal under {@code dev}.
   *
   * @param dev the fake /dev
   * @param line the utmp line, e.g. {@code pts/1}
   * @param mode "rw--w----" for mesg y (0620), "rw-------" for mesg n (0600)
   * @param lastAccess the access time the announcer ranks terminals by
   * @return the file
   */
  public static Path tty(Path dev, String line, String mode, Instant lastAccess) throws IOException {
    Path tty = dev.resolve(line);
    Files.createDirectories(tty.getParent());
    if (!Files.exists(tty)) {
      Files.createFile(tty);
    }
    Files.setPosixFilePermissions(tty, PosixFilePermissions.fromString(mode));
    Files.setAttribute(tty, "lastAccessTime", FileTime.from(lastAccess));
    return tty;
  }

  private static void put(ByteBuffer b, int at, int width, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length > width) {
      throw new IllegalArgumentException(text + " longer than " + width);
    }
    for (int i = 0; i < bytes.length; i++) {
      b.put(at + i, bytes[i]);
    }
  }

  /** A fake /proc: {@code self/stat} and one {@code PID/stat} per other line. */
  public static Path fakeProc(Path proc, String self, String... others) throws IOException {
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("self/stat"), self + " -1 4194304 0 0\n");
    for (String other : others) {
      Path pid = Files.createDirectories(proc.resolve(other.substring(0, other.indexOf(' '))));
      Files.writeString(pid.resolve("stat"), other + " -1 4194304 0 0\n");
    }
    return proc;
  }
}

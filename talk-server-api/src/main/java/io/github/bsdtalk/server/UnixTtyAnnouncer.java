package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Rings a logged-in Unix user's terminal, as netkit's {@code in.ntalkd} does, in pure Java.
 *
 * <ol>
 *   <li>Reads utmp (glibc's 384-byte records) for {@code USER_PROCESS} entries of the callee. None:
 *       NOT_HERE.
 *   <li>A requested tty ({@code r_tty}) must be one of the callee's, else NOT_HERE (BSD and
 *       inetutils; netkit ignores a wrong tty and rings the best one). Otherwise the callee's
 *       terminal with messages on that was most recently used (newest access time) is chosen, as
 *       netkit and BSD {@code find_user} do.
 *   <li>A terminal without the group-write bit ({@code mesg n}) gives PERMISSION_DENIED; if the
 *       callee's terminals are all like that, so does the search. A terminal that cannot be
 *       examined (a stale utmp entry whose pty is gone) is skipped; if no other is left, the answer
 *       is NOT_HERE, as netkit's {@code find_user} gives.
 *   <li>The announcement is written in one piece ("to keep the message in one piece if the
 *       recipient [is] in vi", {@code announce.c}) on another thread, so that a stopped terminal
 *       cannot stall the daemon (netkit forks for this); the answer is SUCCESS.
 * </ol>
 *
 * <p>The announcement is a BEL, CR LF, then five lines padded with spaces to the longest + 2 and
 * ended with CR LF, exactly as netkit 0.17 on Debian writes it:
 *
 * <pre>
 * (blank)
 * Message from Talk_Daemon@HOST at H:MM ...
 * talk: connection requested by CALLER@ADDRESS.
 * talk: respond with:  talk CALLER@ADDRESS
 * (blank)
 * </pre>
 *
 * <p>where HOST is this machine's host name and ADDRESS the caller's IP address (Debian's netkit
 * shows the address, not a DNS name a caller could forge). Every character a caller controls
 * passes through {@link #sanitize(String)}, so no control character or escape sequence reaches the
 * terminal.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class UnixTtyAnnouncer implements Announcer {

  private static final System.Logger LOG = System.getLogger(UnixTtyAnnouncer.class.getName());
  /** netkit {@code announce.c} builds each line in a 120-byte buffer; longer text is cut. */
  private static final int MAX_LINE = 118;

  private final Path utmp;
  private final Path devDirectory;
  private final String hostname;
  private final ZoneId zone;
  private final Executor writer;
  private final Semaphore writesInFlight;

  private UnixTtyAnnouncer(Builder b) {
    this.utmp = b.utmp;
    this.devDirectory = b.devDirectory;
    this.hostname = sanitize(b.hostname);
    this.zone = b.zone;
    this.writer = b.writer != null ? b.writer : UnixTtyAnnouncer::startWriterThread;
    this.writesInFlight = new Semaphore(b.maxWritesInFlight);
  }

  /**
   * Returns an announcer for this machine: utmp at {@code /var/run/utmp}, terminals under {@code
   * /dev}, the kernel's host name, the system time zone.
   *
   * @return the announcer
   */
  public static UnixTtyAnnouncer system() {
    return builder().build();
  }

  /**
   * Returns a builder with the {@link #system()} settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Answer announce(Announcement a) {
    List<Utmp.Entry> logins;
    try {
      logins = Utmp.read(utmp);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read " + utmp + ": " + e);
      return Answer.FAILED;
    }
    List<Path> ttys = new ArrayList<>();
    for (Utmp.Entry e : logins) {
      if (e.type() == Utmp.USER_PROCESS && e.user().equals(a.calleeName()) && safeLine(e.line())) {
        if (a.calleeTty().isEmpty() || a.calleeTty().equals(e.line())) {
          ttys.add(devDirectory.resolve(e.line()));
        }
      }
    }
    if (ttys.isEmpty()) {
      return Answer.NOT_HERE;
    }
    Search search = bestWritable(ttys);
    Optional<Path> best = search.best();
    if (best.isEmpty()) {
      // netkit talkd/process.c find_user(): status stays NOT_HERE unless a tty with mesg n is seen
      return search.refused() ? Answer.PERMISSION_DENIED : Answer.NOT_HERE;
    }
    byte[] message =
        message(a.callerName(), a.callerHost().getHostAddress(), hostname,
            LocalTime.ofInstant(a.time(), zone));
    if (!writesInFlight.tryAcquire()) {
      LOG.log(System.Logger.Level.WARNING, "too many terminal writes pending; not ringing "
          + best.get());
      return Answer.FAILED;
    }
    Path tty = best.get();
    try {
      writer.execute(() -> write(tty, message));
    } catch (RuntimeException e) {
      writesInFlight.release();
      LOG.log(System.Logger.Level.WARNING, "cannot schedule terminal write", e);
      return Answer.FAILED;
    }
    return Answer.SUCCESS;
  }

  /** What the terminal search found: the terminal to ring, and whether one had mesg n. */
  private record Search(Optional<Path> best, boolean refused) {}

  /** Among terminals, those with messages on, the one used last (netkit/BSD find_user). */
  private static Search bestWritable(List<Path> ttys) {
    Path best = null;
    FileTime bestAccess = null;
    boolean refused = false;
    for (Path tty : ttys) {
      try {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(tty);
        if (!mode.contains(PosixFilePermission.GROUP_WRITE)) {
          refused = true; // mesg n
          continue;
        }
        FileTime access = Files.readAttributes(
            tty, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime();
        if (best == null || access.compareTo(bestAccess) > 0) {
          best = tty;
          bestAccess = access;
        }
      } catch (NoSuchFileException e) {
        LOG.log(System.Logger.Level.DEBUG, "stale utmp entry: {0}", tty);
      } catch (IOException | UnsupportedOperationException e) {
        LOG.log(System.Logger.Level.DEBUG, "cannot stat {0}: {1}", tty, e);
      }
    }
    return new Search(Optional.ofNullable(best), refused);
  }

  private void write(Path tty, byte[] message) {
    try (OutputStream out = Files.newOutputStream(tty, StandardOpenOption.WRITE)) {
      out.write(message);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write announcement to " + tty + ": " + e);
    } finally {
      writesInFlight.release();
    }
  }

  private static void startWriterThread(Runnable write) {
    Thread t = new Thread(write, "talkd-announce");
    t.setDaemon(true);
    t.start();
  }

  /** A utmp line names a file under /dev; never let it climb out. */
  private static boolean safeLine(String line) {
    return !line.isEmpty() && !line.startsWith("/") && !line.contains("..");
  }

  /**
   * Builds the announcement exactly as netkit's {@code announce.c} lays it out.
   *
   * @param caller the caller's name (sanitised here)
   * @param callerHost the caller's host or address (sanitised here)
   * @param daemonHost this machine's name (sanitised here)
   * @param time local time of the call
   * @return BEL CR LF and five padded CR LF lines, in ISO-8859-1
   */
  static byte[] message(String caller, String callerHost, String daemonHost, LocalTime time) {
    String who = sanitize(caller) + "@" + sanitize(callerHost);
    String[] lines = {
      " ",
      cut(String.format("Message from Talk_Daemon@%s at %d:%02d ...",
          sanitize(daemonHost), time.getHour(), time.getMinute())),
      cut("talk: connection requested by " + who + "."),
      cut("talk: respond with:  talk " + who),
      " ",
    };
    int width = 0;
    for (String line : lines) {
      width = Math.max(width, line.length());
    }
    width += 2;
    StringBuilder sb = new StringBuilder("\u0007\r\n");
    for (String line : lines) {
      sb.append(line).append(" ".repeat(width - line.length())).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String cut(String line) {
    return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE);
  }

  /**
   * Makes text safe to write to a terminal: every character outside printable ASCII (0x20..0x7E)
   * becomes {@code ?}, as netkit's {@code safechar()} does. That removes C0 and C1 controls, DEL and
   * ESC, so no escape sequence can be injected.
   *
   * @param text any text
   * @return the text with only printable ASCII
   */
  public static String sanitize(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return sb.toString();
  }

  /** Builds a {@link UnixTtyAnnouncer}. Not thread-safe. */
  public static final class Builder {
    private Path utmp = Path.of("/var/run/utmp");
    private Path devDirectory = Path.of("/dev");
    private String hostname = kernelHostname();
    private ZoneId zone = ZoneId.systemDefault();
    private Executor writer;
    private int maxWritesInFlight = 16;

    private Builder() {}

    /**
     * Sets the utmp file; default {@code /var/run/utmp}.
     *
     * @param file the file
     * @return this builder
     */
    public Builder utmp(Path file) {
      this.utmp = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Sets the directory that utmp's tty lines are relative to; default {@code /dev}.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder devDirectory(Path directory) {
      this.devDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the host name shown as {@code Talk_Daemon@HOST}; default the kernel's host name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder hostname(String name) {
      this.hostname = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the time zone of the time shown; default the system's.
     *
     * @param zone the zone
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Sets what runs terminal writes; default a new daemon thread per write. Tests pass {@code
     * Runnable::run} to write synchronously.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder writer(Executor executor) {
      this.writer = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets how many terminal writes may be pending at once before announcements answer FAILED
     * (a terminal stopped with ^S blocks its writer); default 16.
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxWritesInFlight(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxWritesInFlight must be at least 1: " + max);
      }
      this.maxWritesInFlight = max;
      return this;
    }

    /**
     * Builds the announcer.
     *
     * @return the announcer
     */
    public UnixTtyAnnouncer build() {
      return new UnixTtyAnnouncer(this);
    }

    private static String kernelHostname() {
      try {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException e) {
        String env = System.getenv("HOSTNAME");
        return env != null ? env : "localhost";
      }
    }
  }

  @Override
  public String toString() {
    return "UnixTtyAnnouncer[" + utmp + "]";
  }
}

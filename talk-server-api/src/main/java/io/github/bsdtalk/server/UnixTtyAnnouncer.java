package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.internal.AnnouncementText;
import io.github.bsdtalk.server.internal.ControllingTty;
import io.github.bsdtalk.server.internal.LazyLogger;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Rings a logged-in Unix user's terminal, as netkit's {@code in.ntalkd} does, in pure Java.
 *
 * <ol>
 *   <li>Asks its {@link TerminalFinder} for the callee's terminals: by default utmp (glibc's
 *       384-byte records) for {@code USER_PROCESS} entries of the callee, or systemd-logind's
 *       session records ({@link Builder#terminals(TerminalFinder)}). None: NOT_HERE.
 *   <li>A requested tty ({@code r_tty}) must be one of the callee's, else NOT_HERE (BSD and
 *       inetutils; netkit ignores a wrong tty and rings the best one). Otherwise the callee's
 *       terminal with messages on that was most recently used (newest access time) is chosen, as
 *       netkit and BSD {@code find_user} do.
 *   <li>Only a character device owned by the callee is a terminal: a login record that names
 *       anything else (a regular file, a symbolic link, which is never followed, someone else's
 *       tty) is refused like a terminal with {@code mesg n}. A terminal without the group-write
 *       bit ({@code mesg n}) is refused too. If every terminal of the callee is refused, the
 *       answer is PERMISSION_DENIED, what netkit's {@code announce.c} answers for a tty it cannot
 *       open or that has mesg n. A terminal that cannot be examined (a stale login record whose
 *       pty is gone) is skipped; if no other is left, the answer is NOT_HERE, as netkit's {@code
 *       find_user} gives.
 *   <li>The chosen terminal is opened here, before answering, as netkit's {@code announce_proc()}
 *       does, and failures are answered as it answers them: gone by now, FAILED; cannot be opened
 *       (or, on a re-check of the open file, no longer the callee's or mesg n), PERMISSION_DENIED.
 *       It is opened without following a symbolic link, and never when that could make it this
 *       process's controlling terminal (Java cannot pass {@code O_NOCTTY}; see {@code
 *       ControllingTty}), which is also PERMISSION_DENIED.
 *   <li>The announcement is written in one piece ("to keep the message in one piece if the
 *       recipient [is] in vi", {@code announce.c}) on another thread, so that a stopped terminal
 *       cannot stall the daemon (netkit forks for this), and the answer is SUCCESS.
 * </ol>
 *
 * <p><b>A terminal that does not take its announcement costs only itself.</b> A terminal stopped
 * with ^S blocks a write to it until it is resumed. So:
 *
 * <ul>
 *   <li>each terminal has at most one write pending; another ring to it while one is pending
 *       answers FAILED (that terminal only);
 *   <li>each callee has at most {@value #MAX_WRITES_PER_CALLEE} writes pending (one per terminal);
 *       more answer FAILED;
 *   <li>a write not done within {@link Builder#writeTimeout(Duration) writeTimeout} (default 5 s)
 *       is abandoned: its channel is closed, which makes the blocked {@code write} return (checked
 *       on a stopped Linux pty); BSD's {@code ttymsg()} gives up after 25 s the same way;
 *   <li>at most {@link Builder#maxWritesInFlight(int) maxWritesInFlight} writes (default 16) are
 *       pending at once; a ring that would exceed it abandons the oldest pending write instead of
 *       being refused, so no set of stopped terminals can keep another user's terminal from being
 *       rung.
 * </ul>
 *
 * <p>Writer threads are started only for writes (never by the constructor) and are bounded by those
 * limits; the timeout thread is started on the first write that does not finish at once.
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
 * shows the address, not a DNS name a caller could forge). The caller's name, bytes on the wire, is
 * decoded as UTF-8 when it is valid UTF-8 and as ISO-8859-1 otherwise; every character a caller
 * controls then passes through {@link io.github.bsdtalk.proto.TalkText#forTerminal(String)}, so
 * no control character or escape sequence reaches the terminal. The text is written in UTF-8 by default, which is what terminals
 * on today's systems expect; netkit writes only ASCII (every other byte becomes {@code ?}), which
 * {@link Builder#terminalCharset(Charset) terminalCharset(US_ASCII)} restores for terminals that
 * are not UTF-8.
 *
 * <p>Instances are thread-safe.
 */
public final class UnixTtyAnnouncer implements Announcer {

  private static final System.Logger LOG = LazyLogger.of(UnixTtyAnnouncer.class);
  /** How many writes one callee may have pending: one per terminal, at most this many. */
  static final int MAX_WRITES_PER_CALLEE = 4;

  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;

  private final TerminalFinder terminals;
  private final Path devDirectory;
  private final String hostname;
  private final ZoneId zone; // null: the system's, asked at each ring
  private final Charset charset;
  private final Executor writer;
  private final Duration writeTimeout;
  private final int maxWritesInFlight;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final TerminalCheck terminalCheck;
  private final Path proc;

  private final Object lock = new Object();
  /** Pending writes by terminal, oldest first. Guarded by lock. */
  private final Map<Path, Ring> pending = new LinkedHashMap<>();
  /** The default scheduler's thread pool, created on first use. Guarded by lock. */
  private ScheduledThreadPoolExecutor timer;

  private UnixTtyAnnouncer(Builder b) {
    this.terminals = b.terminals;
    this.devDirectory = b.devDirectory;
    this.hostname = b.hostname;
    this.zone = b.zone;
    this.charset = b.charset;
    this.writer = b.writer != null ? b.writer : UnixTtyAnnouncer::startWriterThread;
    this.writeTimeout = b.writeTimeout;
    this.maxWritesInFlight = b.maxWritesInFlight;
    this.clock = b.clock;
    this.scheduler = b.scheduler != null ? b.scheduler : this::scheduleOnTimer;
    this.terminalCheck = b.terminalCheck;
    this.proc = b.proc;
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

  /** The callee's best terminal, or why there is none (then failure is not null). */
  private record Located(Answer failure, Search search) {}

  /**
   * Looks the callee up as {@link #announce} does (utmp, then the best writable terminal) and
   * answers SUCCESS, NOT_HERE, PERMISSION_DENIED or FAILED without writing anything.
   */
  @Override
  public Answer reachable(Announcement a) {
    Located l = locate(a);
    return l.failure() != null ? l.failure() : Answer.SUCCESS;
  }

  /** The search {@link #announce} and {@link #reachable} share. */
  private Located locate(Announcement a) {
    List<String> lines;
    try {
      lines = terminals.terminals(a.calleeName());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read " + terminals + ": " + e);
      return new Located(Answer.FAILED, null);
    }
    List<Path> ttys = new ArrayList<>();
    for (String line : lines) {
      if (safeLine(line) && (a.calleeTty().isEmpty() || a.calleeTty().equals(line))) {
        ttys.add(devDirectory.resolve(line).normalize());
      }
    }
    if (ttys.isEmpty()) {
      return new Located(Answer.NOT_HERE, null);
    }
    Search search = bestWritable(ttys, a.calleeName());
    if (search.best().isEmpty()) {
      // netkit talkd/process.c find_user(): status stays NOT_HERE unless a tty with mesg n is seen
      return new Located(search.refused() ? Answer.PERMISSION_DENIED : Answer.NOT_HERE, null);
    }
    return new Located(null, search);
  }

  @Override
  public Answer announce(Announcement a) {
    expireOverdue();
    Located located = locate(a);
    if (located.failure() != null) {
      return located.failure();
    }
    Search search = located.search();
    Path tty = search.best().get();
    Ring ring = reserve(tty, a.calleeName());
    if (ring == null) {
      return Answer.FAILED;
    }
    boolean started = false;
    try {
      FileChannel channel;
      // netkit talkd/announce.c announce_proc(): access(F_OK) fails -> FAILED; open() or fstat()
      // fails, or mode & 020 == 0 -> PERMISSION_DENIED. Opened here, not on the writer thread, so
      // that the answer says whether the callee can be rung at all.
      if (!Files.exists(tty, LinkOption.NOFOLLOW_LINKS)) {
        LOG.log(System.Logger.Level.DEBUG, "{0} is gone", tty);
        return Answer.FAILED;
      }
      Optional<String> ctty = ControllingTty.risk(proc, tty);
      if (ctty.isPresent()) {
        LOG.log(System.Logger.Level.WARNING, "not ringing " + tty + ": " + ctty.get());
        return Answer.PERMISSION_DENIED;
      }
      boolean hadCtty = ControllingTty.acquired(proc);
      try {
        channel = FileChannel.open(tty, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | UnsupportedOperationException e) {
        LOG.log(System.Logger.Level.INFO, "cannot open " + tty + ": " + e);
        return Answer.PERMISSION_DENIED;
      }
      if (!hadCtty && ControllingTty.acquired(proc)) {
        LOG.log(System.Logger.Level.ERROR, "opening " + tty + " made it our controlling terminal");
      }
      // netkit fstat()s the open descriptor; Java cannot, so look at the path again: the same file
      // (not swapped since the search), still the callee's terminal, still mesg y.
      Optional<String> changed = recheck(tty, a.calleeName(), search.key());
      if (changed.isPresent()) {
        LOG.log(System.Logger.Level.INFO, "not ringing " + tty + ": " + changed.get());
        closeQuietly(channel);
        return Answer.PERMISSION_DENIED;
      }
      byte[] message = AnnouncementText.message(a.callerName(), a.callerHost().getHostAddress(), hostname,
          LocalTime.ofInstant(a.time(), zone != null ? zone : ZoneId.systemDefault()), charset);
      if (!ring.start(channel, message, clock.instant().plus(writeTimeout))) {
        closeQuietly(channel);
        return Answer.FAILED; // abandoned to make room while we were opening it
      }
      started = true;
      try {
        writer.execute(ring);
      } catch (RuntimeException e) {
        ring.abandon("cannot schedule the write: " + e);
        return Answer.FAILED;
      }
      if (!ring.isDone()) {
        scheduler.schedule(writeTimeout, () -> timeoutCheck(ring));
      }
      return Answer.SUCCESS;
    } finally {
      if (!started) {
        ring.finish();
      }
    }
  }

  /** What the search found: the terminal to ring, its file key, whether one was refused. */
  private record Search(Optional<Path> best, Object key, boolean refused) {}

  /**
   * Among terminals that are the callee's and have messages on, the one used last (netkit/BSD
   * find_user).
   */
  private Search bestWritable(List<Path> ttys, String callee) {
    Path best = null;
    Object bestKey = null;
    FileTime bestAccess = null;
    boolean refused = false;
    for (Path tty : ttys) {
      try {
        Optional<String> notATerminal = terminalCheck.refusal(tty, callee);
        if (notATerminal.isPresent()) {
          LOG.log(System.Logger.Level.WARNING, "not ringing " + tty + ": " + notATerminal.get());
          refused = true;
          continue;
        }
        PosixFileAttributes attributes =
            Files.readAttributes(tty, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)) {
          refused = true; // mesg n
          continue;
        }
        FileTime access = attributes.lastAccessTime();
        if (best == null || access.compareTo(bestAccess) > 0) {
          best = tty;
          bestKey = attributes.fileKey();
          bestAccess = access;
        }
      } catch (NoSuchFileException e) {
        LOG.log(System.Logger.Level.DEBUG, "stale login record: {0}", tty);
      } catch (IOException | UnsupportedOperationException e) {
        LOG.log(System.Logger.Level.DEBUG, "cannot stat {0}: {1}", tty, e);
      }
    }
    return new Search(Optional.ofNullable(best), bestKey, refused);
  }

  private Optional<String> recheck(Path tty, String callee, Object key) {
    try {
      Optional<String> refusal = terminalCheck.refusal(tty, callee);
      if (refusal.isPresent()) {
        return refusal;
      }
      PosixFileAttributes now =
          Files.readAttributes(tty, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!Objects.equals(now.fileKey(), key)) {
        return Optional.of("replaced since it was chosen");
      }
      if (!now.permissions().contains(PosixFilePermission.GROUP_WRITE)) {
        return Optional.of("messages turned off (mesg n)");
      }
      return Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("cannot stat it: " + e);
    }
  }

  /**
   * The strict terminal check: a character device, not a symbolic link, owned by the callee.
   * illumos {@code in.talkd} also checks {@code st_uid == pw_uid}; netkit does not, so as root it
   * would write wherever a utmp line points.
   */
  static Optional<String> strictRefusal(Path tty, String callee) throws IOException {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(tty, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.of("cannot read its file type: " + e);
    }
    int mode = ((Number) attributes.get("mode")).intValue();
    if ((mode & S_IFMT) != S_IFCHR) {
      return Optional.of(Files.isSymbolicLink(tty) ? "a symbolic link" : "not a character device");
    }
    UserPrincipal owner = Files.getOwner(tty, LinkOption.NOFOLLOW_LINKS);
    UserPrincipal user;
    try {
      user = tty.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(callee);
    } catch (UserPrincipalNotFoundException e) {
      return Optional.of("no user named " + callee + " owns it");
    }
    if (!owner.equals(user)) {
      return Optional.of("owned by " + owner.getName() + ", not " + callee);
    }
    return Optional.empty();
  }

  // ---- pending writes ---------------------------------------------------------------------------

  /**
   * Takes the terminal's write slot, or returns null if the terminal or the callee already has as
   * many pending as allowed. At the global limit the oldest pending write is abandoned.
   */
  private Ring reserve(Path tty, String callee) {
    Ring oldest = null;
    Ring ring;
    synchronized (lock) {
      if (pending.containsKey(tty)) {
        LOG.log(System.Logger.Level.INFO, "not ringing " + tty
            + ": the last announcement to it is still being written (terminal stopped?)");
        return null;
      }
      long mine = pending.values().stream().filter(r -> r.callee.equals(callee)).count();
      if (mine >= MAX_WRITES_PER_CALLEE) {
        LOG.log(System.Logger.Level.INFO, "not ringing " + tty + ": " + mine
            + " announcements to " + callee + " are still being written");
        return null;
      }
      if (pending.size() >= maxWritesInFlight) {
        oldest = pending.values().iterator().next();
      }
      ring = new Ring(tty, callee);
      pending.put(tty, ring);
    }
    if (oldest != null) {
      oldest.abandon("making room: " + maxWritesInFlight + " announcements are being written");
    }
    return ring;
  }

  /** Abandons every write whose deadline has passed. */
  private void expireOverdue() {
    Instant now = clock.instant();
    List<Ring> overdue = new ArrayList<>();
    synchronized (lock) {
      for (Ring r : pending.values()) {
        if (r.deadline != null && !now.isBefore(r.deadline)) {
          overdue.add(r);
        }
      }
    }
    for (Ring r : overdue) {
      r.abandon("not written within " + writeTimeout + " (terminal stopped?)");
    }
  }

  /**
   * The scheduled check for one write: expires what is overdue, and comes back if this write is
   * still pending (the timer ran early by the clock), so each pending write has one check queued.
   */
  private void timeoutCheck(Ring ring) {
    expireOverdue();
    Instant deadline;
    synchronized (lock) {
      if (ring.done) {
        return;
      }
      deadline = ring.deadline;
    }
    Duration left = Duration.between(clock.instant(), deadline);
    Duration wait = left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1)
        : left.compareTo(writeTimeout) > 0 ? writeTimeout : left;
    scheduler.schedule(wait, () -> timeoutCheck(ring));
  }

  /** Number of writes pending now; for tests. */
  int pendingWrites() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** One announcement on its way to one terminal. */
  private final class Ring implements Runnable {
    private final Path tty;
    private final String callee;
    // guarded by lock
    private Instant deadline;
    private FileChannel channel;
    private ByteBuffer message;
    private boolean done;

    Ring(Path tty, String callee) {
      this.tty = tty;
      this.callee = callee;
    }

    /** Arms the write; false if it was abandoned meanwhile. */
    boolean start(FileChannel channel, byte[] message, Instant deadline) {
      synchronized (lock) {
        if (done) {
          return false;
        }
        this.channel = channel;
        this.message = ByteBuffer.wrap(message);
        this.deadline = deadline;
        return true;
      }
    }

    boolean isDone() {
      synchronized (lock) {
        return done;
      }
    }

    @Override
    public void run() {
      FileChannel out;
      ByteBuffer bytes;
      synchronized (lock) {
        if (done) {
          return;
        }
        out = channel;
        bytes = message;
      }
      try {
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      } catch (AsynchronousCloseException e) {
        LOG.log(System.Logger.Level.DEBUG, "write to {0} abandoned", tty);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot write announcement to " + tty + ": " + e);
      } finally {
        finish();
      }
    }

    void abandon(String why) {
      if (!isDone()) {
        LOG.log(System.Logger.Level.WARNING, "abandoning the announcement to " + tty + ": " + why);
      }
      finish();
    }

    /** Gives the slot back and closes the channel, which unblocks a write stuck on it. */
    void finish() {
      FileChannel out;
      synchronized (lock) {
        if (done) {
          return;
        }
        done = true;
        pending.remove(tty, this);
        out = channel;
      }
      if (out != null) {
        closeQuietly(out);
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a terminal: {0}", e);
    }
  }

  private static void startWriterThread(Runnable write) {
    Thread t = new Thread(write, "talkd-announce");
    t.setDaemon(true);
    t.start();
  }

  private void scheduleOnTimer(Duration delay, Runnable task) {
    ScheduledThreadPoolExecutor t;
    synchronized (lock) {
      if (timer == null) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
          Thread thread = new Thread(r, "talkd-announce-timeout");
          thread.setDaemon(true);
          return thread;
        });
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
      }
      t = timer;
    }
    t.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A login record's tty names a file under /dev; never let it climb out. */
  private static boolean safeLine(String line) {
    return !line.isEmpty() && !line.startsWith("/") && !line.contains("..");
  }

  /**
   * Decides whether a file may be rung as the callee's terminal. Package-private so that tests can
   * stand regular files in for terminals; the default is {@link #STRICT}.
   */
  @FunctionalInterface
  interface TerminalCheck {
    /** A character device, not a symbolic link, owned by the callee. */
    TerminalCheck STRICT = UnixTtyAnnouncer::strictRefusal;

    /**
     * Says why the file is not the callee's terminal.
     *
     * @param tty the file, never followed if it is a symbolic link
     * @param callee the callee's login name
     * @return the reason, or empty if it is the callee's terminal
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws IOException if it cannot be examined
     */
    Optional<String> refusal(Path tty, String callee) throws IOException;
  }

  /** Runs a task after a delay; the default starts one daemon thread on first use. */
  @FunctionalInterface
  interface Scheduler {
    void schedule(Duration delay, Runnable task);
  }

  /** Builds a {@link UnixTtyAnnouncer}. Not thread-safe. */
  public static final class Builder {
    private TerminalFinder terminals = TerminalFinder.utmp(Path.of("/var/run/utmp"));
    private Path devDirectory = Path.of("/dev");
    private String hostname = kernelHostname();
    // null: the system's, looked up at the first ring; reading the zone rules takes about 10 ms
    // in a fresh JVM, which a daemon started for a waiting datagram should not spend first
    private ZoneId zone;
    private Charset charset = StandardCharsets.UTF_8;
    private Executor writer;
    private int maxWritesInFlight = 16;
    private Duration writeTimeout = Duration.ofSeconds(5);
    private InstantSource clock = InstantSource.system();
    private Scheduler scheduler;
    private TerminalCheck terminalCheck = TerminalCheck.STRICT;
    private Path proc = Path.of("/proc");

    private Builder() {}

    /**
     * Reads who is logged in from this utmp file: the same as {@code
     * terminals(TerminalFinder.utmp(file))}. The default is {@code /var/run/utmp}.
     *
     * @param file the file
     * @return this builder
     */
    public Builder utmp(Path file) {
      this.terminals = TerminalFinder.utmp(file);
      return this;
    }

    /**
     * Sets where the callee's terminals are found; default {@link TerminalFinder#utmp(Path)
     * TerminalFinder.utmp(Path.of("/var/run/utmp"))}. {@link TerminalFinder#auto(Path, Path)}
     * also finds users on hosts that no longer write utmp.
     *
     * @param finder the finder
     * @return this builder
     */
    public Builder terminals(TerminalFinder finder) {
      this.terminals = Objects.requireNonNull(finder, "finder");
      return this;
    }

    /**
     * Sets the directory that the login records' terminals are relative to; default {@code /dev}.
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
     * Sets the character set the announcement is written in; default UTF-8. Characters it cannot
     * encode are written as {@code ?}; {@code US_ASCII} gives netkit's ASCII-only text.
     *
     * @param charset the terminals' character set
     * @return this builder
     */
    public Builder terminalCharset(Charset charset) {
      this.charset = Objects.requireNonNull(charset, "charset");
      return this;
    }

    /**
     * Sets what runs terminal writes; default a new daemon thread per write (at most {@link
     * #maxWritesInFlight(int)} are pending). Tests pass {@code Runnable::run} to write
     * synchronously.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder writer(Executor executor) {
      this.writer = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets how many terminal writes may be pending at once (a terminal stopped with ^S blocks its
     * writer); default 16. A ring beyond that abandons the oldest pending write, so the limit
     * bounds threads and never refuses a call.
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
     * Sets how long a write to a terminal may take before it is abandoned (the terminal is
     * stopped, for example with ^S); default 5 seconds.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("writeTimeout must be positive: " + timeout);
      }
      this.writeTimeout = timeout;
      return this;
    }

    /** Tests: the clock write deadlines are measured on. */
    Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Tests: what runs the write-timeout checks. */
    Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Tests: which files count as terminals (default: the callee's character devices). */
    Builder terminalCheck(TerminalCheck check) {
      this.terminalCheck = Objects.requireNonNull(check, "check");
      return this;
    }

    /** Tests: where the proc file system is (default {@code /proc}). */
    Builder procDirectory(Path directory) {
      this.proc = Objects.requireNonNull(directory, "directory");
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
    return "UnixTtyAnnouncer[" + terminals + "]";
  }
}

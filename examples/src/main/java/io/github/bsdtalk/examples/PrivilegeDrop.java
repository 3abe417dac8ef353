package io.github.bsdtalk.examples;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringTokenizer;
import java.util.concurrent.TimeUnit;

/**
 * How {@code talkd} stops being root: Java has no setuid(2), so a daemon started as root runs the
 * same Java command line again under util-linux {@code setpriv} as an unprivileged user (default
 * {@code nobody}, group {@code tty}: the account Debian's inetd.conf line gives in.ntalkd), keeping
 * only CAP_NET_BIND_SERVICE (ambient, so that the new JVM may still bind port 518), and waits for
 * it. The child is not root, so it never does this again; it is the process that binds the port,
 * reads utmp and opens terminals.
 *
 * <p>Without this, talkd started as root (standalone, or from an inetd line that says {@code
 * root.root}, as inetutils-talkd registers itself) would open {@code /dev/pts/N} with uid 0 and
 * every capability.
 *
 * <p>The decision is {@link #command}, a pure function of (effective uid, original argv, the
 * account to run as) that the tests pin; {@link #runAndWait} is the thin shell that runs it.
 */
final class PrivilegeDrop {

  /** The user the daemon runs as when started as root and no {@code --user} is given. */
  static final String DEFAULT_USER = "nobody";

  /** The group: {@code tty} is what lets it write to terminals (mode 0620, group tty). */
  static final String DEFAULT_GROUP = "tty";

  /** How long the parent lets the child shut down after forwarding SIGTERM, before SIGKILL. */
  static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(5);

  /** Where setpriv is looked for when it is not on PATH (inetd may give a minimal PATH). */
  private static final List<String> SETPRIV_FALLBACK = List.of("/usr/bin", "/bin", "/usr/sbin",
      "/sbin");

  private PrivilegeDrop() {}

  /** The account the daemon switches to: the names as given and the ids they resolved to. */
  record Account(String user, int uid, String group, int gid) {}

  /** A reason not to start: one sentence for the user, and the exit status (1 or 2). */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refusal(String sentence, int status) {
      super(sentence, null, false, false);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /**
   * Whether {@code name} may be given to {@code --user} or {@code --group}: a user or group name as
   * the shadow utilities accept it ({@code useradd}'s default NAME_REGEX {@code
   * [A-Za-z_][A-Za-z0-9_.-]{0,31}}, plus a trailing {@code $} for machine accounts), or a numeric
   * id of 1 to 10 digits. This keeps anything that setpriv could read as an option ({@code -...})
   * or a list ({@code a,b}) out. Checked by hand, not by java.util.regex: talkd checks it before
   * its first reply when inetd starts it, and loading the regex engine costs milliseconds there.
   */
  static boolean validName(String name) {
    if (Converters.digits(name, 10)) {
      return true;
    }
    int end = name.endsWith("$") ? name.length() - 1 : name.length();
    if (end < 1 || end > 32) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      boolean more = (c >= '0' && c <= '9') || c == '.' || c == '-';
      if (!letter && (i == 0 || !more)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The command that runs this daemon again as {@code account}, or empty when {@code euid} is not
   * 0 (already unprivileged: run in this process).
   *
   * @param euid the effective uid of this process
   * @param argv this process's argv as the kernel has it ({@code /proc/self/cmdline}): JVM flags,
   *     {@code -jar} or {@code -cp ... Main}, the subcommand and its options, all kept as they are
   * @param java the JVM executable ({@code /proc/self/exe}); it replaces argv[0], which under inetd
   *     is just {@code java} and need not be on PATH
   * @param setpriv the setpriv executable
   * @param account who to become
   */
  static Optional<List<String>> command(int euid, List<String> argv, Path java, Path setpriv,
      Account account) {
    if (euid != 0) {
      return Optional.empty();
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty argv");
    }
    if (account.uid() == 0) {
      // The child would be root again and re-execute itself forever.
      throw new IllegalArgumentException("account is root");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(setpriv.toString());
    cmd.add("--reuid=" + account.uid());
    cmd.add("--regid=" + account.gid());
    cmd.add("--clear-groups");
    // CAP_NET_BIND_SERVICE survives execve() of the JVM (which has no file capabilities) only as
    // an ambient capability, which must also be inheritable and in the bounding set; everything
    // else is gone for good (bounding set), and no-new-privs stops setuid binaries regaining it.
    cmd.add("--inh-caps=-all,+net_bind_service");
    cmd.add("--ambient-caps=+net_bind_service");
    cmd.add("--bounding-set=-all,+net_bind_service");
    cmd.add("--no-new-privs");
    // If the parent is SIGKILLed (it cannot forward that), the child still stops instead of
    // holding the port (or inetd's socket) on its own. setpriv sets it after changing uids, so
    // the kernel does not clear it.
    cmd.add("--pdeathsig=TERM");
    cmd.add("--");
    cmd.add(java.toString());
    cmd.addAll(argv.subList(1, argv.size()));
    return Optional.of(List.copyOf(cmd));
  }

  /**
   * The effective uid from the text of {@code /proc/self/status} (line {@code Uid: real effective
   * saved fs}).
   */
  static int effectiveUid(String procStatus) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("Uid:")) {
        // real, effective, saved, fs; not split("\\s+"): no regex before talkd's first reply
        StringTokenizer f = new StringTokenizer(line.substring(4));
        if (f.countTokens() >= 2) {
          f.nextToken();
          return Integer.parseInt(f.nextToken());
        }
      }
    }
    throw new IllegalArgumentException("no Uid line in /proc/self/status");
  }

  /** The arguments in a {@code /proc/PID/cmdline} image (each terminated by a NUL byte). */
  static List<String> cmdline(byte[] image, Charset charset) {
    List<String> args = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < image.length; i++) {
      if (image[i] == 0) {
        args.add(new String(image, start, i - start, charset));
        start = i + 1;
      }
    }
    if (start < image.length) { // no final NUL (a process that rewrote its argv)
      args.add(new String(image, start, image.length - start, charset));
    }
    return args;
  }

  /**
   * The id of {@code name} in the text of a passwd(5) or group(5) file (both hold {@code
   * name:password:id:...}); a numeric name is that id.
   */
  static OptionalInt lookUp(String name, String file) {
    if (name.chars().allMatch(Character::isDigit)) {
      try {
        return OptionalInt.of(Integer.parseInt(name));
      } catch (NumberFormatException e) {
        return OptionalInt.empty();
      }
    }
    for (String line : file.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && f[0].equals(name)) {
        try {
          return OptionalInt.of(Integer.parseInt(f[2]));
        } catch (NumberFormatException e) {
          return OptionalInt.empty();
        }
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Resolves {@code --user}/{@code --group} against passwd and group file texts.
   *
   * @throws Refusal naming the account that does not exist, or refusing root
   */
  static Account resolve(String user, String group, String passwd, String groups) throws Refusal {
    OptionalInt uid = lookUp(user, passwd);
    if (uid.isEmpty()) {
      throw new Refusal("talkd: there is no user '" + user
          + "' in /etc/passwd to run as (name one with --user)", 1);
    }
    OptionalInt gid = lookUp(group, groups);
    if (gid.isEmpty()) {
      throw new Refusal("talkd: there is no group '" + group
          + "' in /etc/group to run as (name one with --group)", 1);
    }
    if (uid.getAsInt() == 0) {
      throw new Refusal("talkd: --user " + user + " has uid 0; started as root, talkd serves as an"
          + " unprivileged user (default nobody)", 2);
    }
    return new Account(user, uid.getAsInt(), group, gid.getAsInt());
  }

  /** setpriv on {@code path} (PATH's value, may be null), else in the usual directories. */
  static Optional<Path> findSetpriv(String path) {
    List<String> dirs = new ArrayList<>();
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SETPRIV_FALLBACK);
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, "setpriv");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a process with {@code uid} and only group {@code gid} may use a file with these
   * attributes, by the owner/group/other bits as the kernel checks them (no ACLs).
   *
   * @param want 4 (read) or 1 (search/execute)
   */
  static boolean permits(int mode, int ownerUid, int ownerGid, int uid, int gid, int want) {
    int bits;
    if (uid == ownerUid) {
      bits = mode >> 6;
    } else if (gid == ownerGid) {
      bits = mode >> 3;
    } else {
      bits = mode;
    }
    return (bits & want) == want;
  }

  /**
   * The first path the account could not get to on the way to reading {@code file}: a directory
   * it cannot search or the file it cannot read. The child is a new JVM that must open the jar
   * again as that user; a jar under /root (mode 0700) would otherwise fail there with "Unable to
   * access jarfile".
   */
  static Optional<Path> unreachable(Path file, Account account) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    List<Path> chain = new ArrayList<>();
    for (Path p = abs.getParent(); p != null; p = p.getParent()) {
      chain.add(0, p);
    }
    for (Path dir : chain) {
      if (!permits(dir, account, 1)) {
        return Optional.of(dir);
      }
    }
    return permits(abs, account, 4) ? Optional.empty() : Optional.of(abs);
  }

  private static boolean permits(Path p, Account a, int want) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode");
    int uid = (Integer) Files.getAttribute(p, "unix:uid");
    int gid = (Integer) Files.getAttribute(p, "unix:gid");
    return permits(mode, uid, gid, a.uid(), a.gid(), want);
  }

  /**
   * The effective uid of this process, from {@code /proc/self/status}; without /proc (not Linux),
   * see {@link #euidWithoutProc}.
   */
  static int currentEffectiveUid() throws IOException, Refusal {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return euidWithoutProc(System.getProperty("user.name", ""));
    }
    return effectiveUid(Files.readString(status));
  }

  /**
   * Without /proc there is no reading the effective uid in pure Java, nor a setpriv to drop root
   * with: run as anyone but root (-1: "not root"), refuse root rather than serve with it.
   */
  static int euidWithoutProc(String userName) throws Refusal {
    if (userName.equals("root")) {
      throw new Refusal("talkd: cannot tell without /proc/self/status whether it runs as root,"
          + " and will not serve as root; run it as an unprivileged user", 1);
    }
    return -1;
  }

  /**
   * Decides for this process: empty if it is not root, else the command that runs it again as
   * {@code user}:{@code group}.
   *
   * @throws Refusal if it is root and cannot drop root (no setpriv, no such user or group, jar not
   *     readable by the user)
   */
  static Optional<List<String>> forThisProcess(String user, String group)
      throws IOException, Refusal {
    int euid = currentEffectiveUid();
    if (euid != 0) {
      return Optional.empty();
    }
    Account account = resolve(user, group, Files.readString(Path.of("/etc/passwd")),
        Files.readString(Path.of("/etc/group")));
    Path setpriv = findSetpriv(System.getenv("PATH")).orElseThrow(() -> new Refusal(
        "talkd: started as root, it needs util-linux setpriv to run as " + user + ":" + group
            + ", and there is none on PATH or in /usr/bin or /bin", 1));
    Path java = ProcessHandle.current().info().command().map(Path::of)
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    // sun.jnu.encoding is the charset the JVM decoded its own argv with and ProcessBuilder will
    // encode the child's argv with.
    Charset jnu = Charset.forName(System.getProperty("sun.jnu.encoding",
        Charset.defaultCharset().name()));
    List<String> argv = cmdline(Files.readAllBytes(Path.of("/proc/self/cmdline")), jnu);
    for (String entry : classAndModulePath()) {
      Path p = Path.of(entry);
      if (Files.exists(p)) {
        Optional<Path> blocked = unreachable(p, account);
        if (blocked.isPresent()) {
          throw new Refusal("talkd: started as root, it runs as " + user + ":" + group
              + ", who cannot read " + blocked.get() + "; put " + p.getFileName()
              + " where that user can read it (e.g. /usr/local/lib)", 1);
        }
      }
    }
    return command(euid, argv, java, setpriv, account);
  }

  private static List<String> classAndModulePath() {
    List<String> entries = new ArrayList<>();
    for (String prop : List.of("java.class.path", "jdk.module.path")) {
      String v = System.getProperty(prop);
      if (v != null && !v.isEmpty()) {
        entries.addAll(List.of(v.split(java.io.File.pathSeparator)));
      }
    }
    return entries;
  }

  /**
   * Runs {@code command} with this process's standard streams and waits for it; returns its exit
   * status (128 + N if signal N ended it). Under inetd, fd 0 and 1 are the service socket and the
   * child inherits them, so its {@link System#inheritedChannel()} is that socket.
   *
   * <p>A process started through ProcessBuilder is not a session leader, so opening a terminal
   * (even without O_NOCTTY) can never make it the child's controlling terminal: a caller cannot
   * get the daemon's signals sent to it through a tty it makes the daemon open.
   *
   * <p>SIGTERM, SIGINT and SIGHUP to this process run the shutdown hook, which passes SIGTERM on
   * to the child and waits (bounded) for it to stop.
   */
  static int runAndWait(List<String> command) throws IOException, InterruptedException {
    Process child = new ProcessBuilder(command).inheritIO().start();
    Thread stopChild = new Thread(() -> {
      child.destroy();
      try {
        if (!child.waitFor(CHILD_STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          child.destroyForcibly();
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
      }
    }, "talkd-stop-child");
    Runtime.getRuntime().addShutdownHook(stopChild);
    int status = child.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stopChild);
    } catch (IllegalStateException shuttingDown) {
      // a signal is already stopping us; the hook has passed it on
    }
    return status;
  }
}

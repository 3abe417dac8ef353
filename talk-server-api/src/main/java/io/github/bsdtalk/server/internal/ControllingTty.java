package io.github.bsdtalk.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the daemon from acquiring a controlling terminal when it opens a callee's tty.
 *
 * <p>netkit's {@code talkd/announce.c} opens the tty with {@code O_NOCTTY}; Java cannot pass that
 * flag. On Linux, opening a tty without it makes that tty the caller's controlling terminal only if
 * the caller is a session leader, has no controlling terminal yet, and the tty belongs to no
 * session (the kernel's {@code tty_open_proc_set_tty()}). A daemon that then owns a user's pty as
 * its controlling terminal gets SIGHUP when the user logs out, which ends the JVM.
 *
 * <p>The rule, read from {@code /proc} on every open:
 *
 * <ul>
 *   <li>not a session leader ({@code /proc/self/stat} pid differs from its session): safe. A daemon
 *       started by inetd, or re-executed as a child, is never one.
 *   <li>a session leader that already has a controlling terminal ({@code tty_nr} not 0): safe, the
 *       kernel never gives a process a second one.
 *   <li>a session leader without one (what systemd and {@code setsid} start): safe only if some
 *       process has this tty as its controlling terminal ({@code tty_nr} of some {@code
 *       /proc/PID/stat} equals the device's {@code st_rdev}), because then the tty belongs to that
 *       session. A logged-in user's shell always has his tty as its controlling terminal; a tty
 *       nobody has is not one anyone is using, and is refused.
 *   <li>{@code /proc} unreadable: refused (we cannot tell).
 * </ul>
 *
 * <p>What is left: if the callee's last process exits between the scan and the open (a window of
 * microseconds), the tty can still become ours. {@link #acquired(Path)} lets the caller notice and
 * log it.
 */
public final class ControllingTty {

  private ControllingTty() {}

  /** The fields of a {@code /proc/PID/stat} line that matter here. */
  record Stat(long pid, long session, long ttyNr) {}

  /**
   * Parses a {@code /proc/PID/stat} line. The command name is in parentheses and may itself contain
   * spaces and parentheses, so fields are counted from the last ')'.
   */
  static Optional<Stat> parse(String line) {
    int open = line.indexOf(" (");
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] rest = line.substring(close + 1).trim().split(" +");
    // after the name: state ppid pgrp session tty_nr ...
    if (rest.length < 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Stat(Long.parseLong(line.substring(0, open).trim()),
          Long.parseLong(rest[3]), Long.parseLong(rest[4])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Stat> read(Path stat) {
    try {
      return parse(new String(Files.readAllBytes(stat), StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Says why opening {@code tty} could make it this process's controlling terminal, or empty if it
   * cannot.
   *
   * @param proc the proc file system, normally {@code /proc}
   * @param tty the terminal about to be opened
   * @return the reason to refuse, or empty
   */
  public static Optional<String> risk(Path proc, Path tty) {
    Optional<Stat> self = read(proc.resolve("self").resolve("stat"));
    if (self.isEmpty()) {
      return Optional.of("cannot read " + proc.resolve("self/stat")
          + " to tell whether opening a tty would make it our controlling terminal");
    }
    Stat me = self.get();
    if (me.pid() != me.session() || me.ttyNr() != 0) {
      return Optional.empty();
    }
    long rdev;
    try {
      rdev = ((Number) Files.getAttribute(tty, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.of("cannot read the device number of " + tty + ": " + e);
    }
    long want = canonical(rdev);
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, ControllingTty::isPid)) {
      for (Path pid : pids) {
        Optional<Stat> s = read(pid.resolve("stat"));
        if (s.isPresent() && s.get().ttyNr() != 0 && canonical(s.get().ttyNr()) == want) {
          return Optional.empty();
        }
      }
    } catch (IOException e) {
      return Optional.of("cannot list " + proc + ": " + e);
    }
    return Optional.of("we are a session leader without a controlling terminal and no process has "
        + tty + " as its controlling terminal, so opening it would make it ours");
  }

  /**
   * Whether this process has a controlling terminal now although it had none before an open: the
   * check after the fact for the window {@link #risk(Path, Path)} leaves.
   *
   * @param proc the proc file system
   * @return true if {@code self/stat} shows a controlling terminal
   */
  public static boolean acquired(Path proc) {
    return read(proc.resolve("self").resolve("stat")).map(s -> s.ttyNr() != 0).orElse(false);
  }

  private static boolean isPid(Path p) {
    String name = p.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * A device number as (major, minor), whether it came from {@code st_rdev} (glibc's 64-bit
   * {@code makedev}) or from {@code tty_nr} (the kernel's 32-bit {@code new_encode_dev}); both put
   * the low minor bits in 0..7, the low major bits in 8..19 and the high minor bits in 20..31.
   */
  static long canonical(long dev) {
    long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
    long minor = (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    return (major << 32) | minor;
  }
}

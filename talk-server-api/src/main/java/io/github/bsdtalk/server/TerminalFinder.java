package io.github.bsdtalk.server;

import io.github.bsdtalk.server.internal.AutoTerminals;
import io.github.bsdtalk.server.internal.LogindTerminals;
import io.github.bsdtalk.server.internal.UtmpTerminals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Finds the terminals a user is logged in on: where {@link UnixTtyAnnouncer} looks for the callee.
 * It only lists them; the announcer then applies netkit's {@code find_user} rules to the list (a
 * requested tty must be in it, otherwise the most recently used terminal with messages on is rung,
 * {@code mesg n} refuses), so every finder gives announcements that behave the same way.
 *
 * <ul>
 *   <li>{@link #utmp(Path)}: {@code USER_PROCESS} records of glibc's utmp file, as netkit and BSD
 *       talkd read it with {@code getutent(3)};
 *   <li>{@link #logind(Path)}: systemd-logind's session records under {@code /run/systemd}, read
 *       as libsystemd's sd-login reads them, for hosts that no longer write utmp (what inetutils
 *       2.6 added to its talkd through libsystemd);
 *   <li>{@link #auto(Path, Path)}: utmp when it lists the user, logind's records otherwise.
 * </ul>
 *
 * <p>Implementations must be thread-safe: a daemon may call them from several threads. The
 * factories' finders are, and read their files anew on every call (logins change all the time).
 */
@FunctionalInterface
public interface TerminalFinder {

  /**
   * Lists the terminals the user is logged in on, in the order the login records give them.
   *
   * @param user the login name, as the caller sent it
   * @return the terminals, each as a path relative to {@code /dev} ({@code pts/3}, {@code tty1});
   *     empty if the user is not logged in. A listed terminal need not exist any more (a stale
   *     record); the announcer skips those.
   * @throws IOException if the login records cannot be read at all; the announcer answers FAILED
   */
  List<String> terminals(String user) throws IOException;

  /**
   * Returns a finder reading a utmp file (glibc's 384-byte records in the host's byte order).
   * Reading a missing or unreadable file throws, as before this interface existed.
   *
   * @param file the utmp file, usually {@code /var/run/utmp}
   * @return the finder
   */
  static TerminalFinder utmp(Path file) {
    return new UtmpTerminals(Objects.requireNonNull(file, "file"));
  }

  /**
   * Returns a finder reading systemd-logind's records under a directory shaped like {@code
   * /run/systemd}: {@code users/UID} (the user's {@code NAME=} and {@code SESSIONS=}) and {@code
   * sessions/ID} ({@code USER=}, {@code UID=}, {@code STATE=}, {@code TYPE=}, {@code CLASS=},
   * {@code TTY=}), as {@code sd_uid_get_sessions(3)} and {@code sd_session_get_tty(3)} read them.
   *
   * <p>A session counts if it is the user's, is not closing ({@code STATE=active} or {@code
   * online}, which is what {@code sd_uid_get_sessions(uid, 0, ...)} lists), is not a graphical one
   * ({@code TYPE=x11}, {@code wayland}, {@code mir}) or a greeter, lock screen or background
   * session, and has a {@code TTY=}. Remote sessions (ssh) with a pty count like local ones. An
   * inactive session (another virtual console is in the foreground) counts too, as its utmp record
   * would. logind's records hold no activity time per session (its idle hint is only on D-Bus),
   * so the choice among several terminals is made by the terminal's access time, as with utmp.
   *
   * <p>It never throws: a missing directory, unreadable files, garbage lines, oversized files and
   * names that are not session ids are skipped, and at worst the user is not logged in.
   *
   * @param runDirectory the directory holding {@code users/} and {@code sessions/}, usually {@code
   *     /run/systemd}
   * @return the finder
   */
  static TerminalFinder logind(Path runDirectory) {
    return new LogindTerminals(Objects.requireNonNull(runDirectory, "runDirectory"));
  }

  /**
   * Returns a finder that asks utmp first and logind's records only if utmp does not list the
   * user (or cannot be read: hosts without utmp often have no file at all). It never throws.
   *
   * @param utmpFile the utmp file, usually {@code /var/run/utmp}
   * @param logindDirectory logind's directory, usually {@code /run/systemd}
   * @return the finder
   */
  static TerminalFinder auto(Path utmpFile, Path logindDirectory) {
    return new AutoTerminals(utmp(utmpFile), logind(logindDirectory));
  }
}

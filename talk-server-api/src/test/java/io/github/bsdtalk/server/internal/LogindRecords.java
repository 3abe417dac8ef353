package io.github.bsdtalk.server.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a directory shaped like systemd-logind's {@code /run/systemd}: {@code users/UID} as
 * {@code user_save()} writes it and {@code sessions/ID} as {@code session_save()} does
 * ({@code src/login/logind-user.c}, {@code logind-session.c}, systemd 252-257), for the terminal
 * finder tests. Extra lines are appended, so they override a key (the last assignment wins).
 */
public final class LogindRecords {

  private LogindRecords() {}

  /** {@code users/UID} of {@code name}, listing the sessions in SESSIONS= (all) and online. */
  public static Path user(Path run, int uid, String name, String sessions, String... extra)
      throws IOException {
    return write(run.resolve("users").resolve(Integer.toString(uid)),
        "# This is private data. Do not parse.\n"
            + "NAME=" + name + "\n"
            + "STATE=active\n"
            + "STOPPING=no\n"
            + "RUNTIME=/run/user/" + uid + "\n"
            + "SERVICE_JOB=/org/freedesktop/systemd1/job/1502\n"
            + "SLICE=user-" + uid + ".slice\n"
            + "DISPLAY=" + sessions.split(" ")[0] + "\n"
            + "REALTIME=1764650000123456\n"
            + "MONOTONIC=81234567\n"
            + "LAST_SESSION_TIMESTAMP=1764650000123456\n"
            + "SESSIONS=" + sessions + "\n"
            + "SEATS=\n"
            + "ACTIVE_SESSIONS=" + sessions + "\n"
            + "ONLINE_SESSIONS=" + sessions + "\n"
            + "ACTIVE_SEATS=\n"
            + "ONLINE_SEATS=\n", extra);
  }

  /** {@code sessions/ID}: an active local text session of {@code user} on {@code tty}. */
  public static Path session(Path run, String id, int uid, String user, String tty,
      String... extra) throws IOException {
    return write(run.resolve("sessions").resolve(id),
        "# This is private data. Do not parse.\n"
            + "UID=" + uid + "\n"
            + "USER=" + user + "\n"
            + "ACTIVE=1\n"
            + "IS_DISPLAY=0\n"
            + "STATE=active\n"
            + "REMOTE=0\n"
            + "TYPE=tty\n"
            + "ORIGINAL_TYPE=tty\n"
            + "CLASS=user\n"
            + "SCOPE=session-" + id + ".scope\n"
            + "FIFO=/run/systemd/sessions/" + id + ".ref\n"
            + "TTY=" + tty + "\n"
            + "TTY_VALIDITY=from-pam\n"
            + "SERVICE=login\n"
            + "POSITION=0\n"
            + "LEADER=4321\n"
            + "AUDIT=" + id.hashCode() % 100 + "\n"
            + "REALTIME=1764650001123456\n"
            + "MONOTONIC=82234567\n", extra);
  }

  private static Path write(Path file, String text, String... extra) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder all = new StringBuilder(text);
    for (String line : extra) {
      all.append(line).append('\n');
    }
    return Files.writeString(file, all);
  }
}

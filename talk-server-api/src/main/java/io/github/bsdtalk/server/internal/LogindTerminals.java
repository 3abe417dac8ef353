package io.github.bsdtalk.server.internal;

import io.github.bsdtalk.server.TerminalFinder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The callee's terminals in systemd-logind's records, read the way libsystemd's sd-login reads
 * them ({@code src/libsystemd/sd-login/sd-login.c}), in pure Java.
 *
 * <ol>
 *   <li>{@code users/UID}, written by logind's {@code user_save()}: the file whose {@code NAME=}
 *       is the callee. sd-login's callers (inetutils talkd) find the uid with {@code
 *       getpwnam(3)} and open {@code users/UID}; Java cannot ask NSS for a uid, so the records
 *       are matched by the name logind wrote into them.
 *   <li>Its {@code SESSIONS=}, a space-separated list of session ids ({@code
 *       sd_uid_get_sessions()} splits it the same way).
 *   <li>Each {@code sessions/ID}, written by {@code session_save()} in {@code
 *       src/login/logind-session.c}: {@code UID=} and {@code USER=} must be the callee's, {@code
 *       STATE=} {@code active} or {@code online} (not {@code closing}: the session's leader has
 *       gone and its tty may already be someone else's; {@code sd_uid_get_sessions(uid, 0)}
 *       leaves these out too), not graphical ({@code TYPE=x11|wayland|mir}) and of a user, not a
 *       greeter, lock screen or background ({@code CLASS=user...}); its {@code TTY=} is the
 *       terminal ({@code sd_session_get_tty()}).
 * </ol>
 *
 * <p>The files are {@code parse_env_file()} files: {@code KEY=VALUE} lines, {@code #} and {@code
 * ;} comments, optionally quoted values; the last assignment of a key wins. Garbage lines are
 * skipped. Nothing here throws: a missing directory or an unreadable, oversized, non-regular file
 * is skipped (logged at DEBUG), so bad records mean "not logged in", never an exception.
 *
 * @param runDirectory the directory holding {@code users/} and {@code sessions/}
 */
public record LogindTerminals(Path runDirectory) implements TerminalFinder {

  private static final System.Logger LOG = LazyLogger.of(LogindTerminals.class);
  /** logind's records are a few hundred bytes; a bigger file is not one. */
  static final int MAX_FILE_BYTES = 64 << 10;
  /** Bounds the work one look-up can cause: users files examined, sessions per user read. */
  static final int MAX_USERS = 65_536;
  static final int MAX_SESSIONS = 1024;

  @Override
  public List<String> terminals(String user) {
    Set<String> ttys = new LinkedHashSet<>();
    for (Map.Entry<String, List<String>> u : sessionsOf(user).entrySet()) {
      for (String id : u.getValue()) {
        tty(id, u.getKey(), user).ifPresent(ttys::add);
      }
    }
    return new ArrayList<>(ttys);
  }

  /** The user's session ids by the uid their users file is named after (normally one). */
  private Map<String, List<String>> sessionsOf(String user) {
    Map<String, List<String>> byUid = new HashMap<>();
    Path users = runDirectory.resolve("users");
    if (!Files.isDirectory(users)) {
      LOG.log(System.Logger.Level.DEBUG, "no {0}", users);
      return byUid;
    }
    int seen = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(users)) {
      for (Path f : files) {
        if (++seen > MAX_USERS) {
          LOG.log(System.Logger.Level.DEBUG, "{0}: more than {1} entries, the rest not read",
              users, MAX_USERS);
          break;
        }
        String uid = f.getFileName().toString();
        if (!validUid(uid)) {
          continue; // logind's temporary files while it writes one (user_save: fopen_temporary)
        }
        Map<String, String> record = read(f);
        if (user.equals(record.get("NAME"))) {
          byUid.put(uid, words(record.getOrDefault("SESSIONS", "")));
        }
      }
    } catch (IOException | DirectoryIteratorException | SecurityException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot list {0}: {1}", users, e);
    }
    return byUid;
  }

  /** The session's terminal, if it is a live text session of the user's that has one. */
  private Optional<String> tty(String id, String uid, String user) {
    if (!validSessionId(id)) {
      LOG.log(System.Logger.Level.DEBUG, "not a session id: {0}", id);
      return Optional.empty();
    }
    Map<String, String> s = read(runDirectory.resolve("sessions").resolve(id));
    Optional<String> why = refusal(s, uid, user);
    if (why.isPresent()) {
      LOG.log(System.Logger.Level.DEBUG, "session {0} of {1} skipped: {2}", id, user, why.get());
      return Optional.empty();
    }
    String tty = s.get("TTY");
    // pam_systemd passes PAM_TTY on; some PAM stacks give "/dev/pts/3", logind keeps it as is
    return Optional.of(tty.startsWith("/dev/") ? tty.substring("/dev/".length()) : tty);
  }

  /** Why the session does not count; empty if it does. */
  static Optional<String> refusal(Map<String, String> s, String uid, String user) {
    if (s.isEmpty()) {
      return Optional.of("no record");
    }
    if (!uid.equals(s.get("UID")) || !user.equals(s.get("USER"))) {
      return Optional.of("not the user's (UID=" + s.get("UID") + " USER=" + s.get("USER") + ")");
    }
    String state = s.getOrDefault("STATE", "");
    if (!state.equals("active") && !state.equals("online")) {
      return Optional.of("STATE=" + state);
    }
    String type = s.getOrDefault("TYPE", "");
    if (type.equals("x11") || type.equals("wayland") || type.equals("mir")) {
      return Optional.of("graphical (TYPE=" + type + ")");
    }
    String sessionClass = s.getOrDefault("CLASS", "user");
    if (!sessionClass.startsWith("user")) {
      return Optional.of("CLASS=" + sessionClass);
    }
    if (s.getOrDefault("TTY", "").isEmpty()) {
      return Optional.of("no TTY");
    }
    return Optional.empty();
  }

  /** A parse_env_file() file as a map; empty if it cannot be read. */
  static Map<String, String> read(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Map.of(); // missing, or a FIFO that would block the open
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: over {1} bytes, not a logind record", file,
            MAX_FILE_BYTES);
        return Map.of();
      }
      return parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot read {0}: {1}", file, e);
      return Map.of();
    }
  }

  /**
   * Parses {@code KEY=VALUE} lines as systemd's {@code parse_env_file()} does for the values
   * logind writes: surrounding blanks dropped, one pair of matching quotes removed (backslash
   * escapes inside double quotes), {@code #}/{@code ;} comments and lines without a valid key
   * skipped, the last assignment wins.
   */
  static Map<String, String> parse(String text) {
    Map<String, String> values = new HashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || eq < 1) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        continue;
      }
      values.put(key, unquote(line.substring(eq + 1).strip()));
    }
    return values;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '\'' && v.endsWith("'")) {
      return v.substring(1, v.length() - 1);
    }
    if (v.length() >= 2 && v.charAt(0) == '"' && v.endsWith("\"")) {
      StringBuilder out = new StringBuilder(v.length());
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length() - 1) {
          c = v.charAt(++i);
        }
        out.append(c);
      }
      return out.toString();
    }
    return v;
  }

  private static List<String> words(String value) {
    List<String> ids = new ArrayList<>();
    for (String w : value.split("\\s+")) {
      if (!w.isEmpty() && !ids.contains(w)) { // strv_uniq()
        if (ids.size() == MAX_SESSIONS) {
          break;
        }
        ids.add(w);
      }
    }
    return ids;
  }

  /** systemd's session_id_valid(): letters and digits only, so never a path. */
  static boolean validSessionId(String id) {
    return id.matches("[A-Za-z0-9]{1,64}");
  }

  /** parse_uid(): decimal, below 2^32 - 1 (which is "no uid"). */
  static boolean validUid(String name) {
    return name.matches("[0-9]{1,10}") && Long.parseLong(name) < 0xFFFF_FFFFL;
  }

  @Override
  public String toString() {
    return "logind " + runDirectory;
  }
}

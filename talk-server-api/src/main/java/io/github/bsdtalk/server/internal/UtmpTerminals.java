package io.github.bsdtalk.server.internal;

import io.github.bsdtalk.server.TerminalFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The callee's terminals in utmp: the lines of its {@code USER_PROCESS} records, in file order,
 * as netkit {@code talkd/process.c} {@code find_user()} walks them with {@code getutent(3)}.
 *
 * @param file the utmp file
 */
public record UtmpTerminals(Path file) implements TerminalFinder {

  @Override
  public List<String> terminals(String user) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Utmp.Entry e : Utmp.read(file)) {
      if (e.type() == Utmp.USER_PROCESS && e.user().equals(user)) {
        lines.add(e.line());
      }
    }
    return lines;
  }

  @Override
  public String toString() {
    return "utmp " + file;
  }
}

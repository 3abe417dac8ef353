package io.github.bsdtalk.server.internal;

import io.github.bsdtalk.server.TerminalFinder;
import java.io.IOException;
import java.util.List;

/**
 * utmp when it lists the user, else logind's records: what inetutils 2.6 talkd does when built
 * with libsystemd, without dropping utmp where it is still written. An unreadable (usually
 * missing) utmp counts as not listing the user; on hosts without utmp that is the normal case.
 *
 * @param utmp asked first
 * @param logind asked when utmp lists nothing for the user
 */
public record AutoTerminals(TerminalFinder utmp, TerminalFinder logind) implements TerminalFinder {

  private static final System.Logger LOG = LazyLogger.of(AutoTerminals.class);

  @Override
  public List<String> terminals(String user) throws IOException {
    try {
      List<String> found = utmp.terminals(user);
      if (!found.isEmpty()) {
        return found;
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0} unreadable, asking {1}: {2}", utmp, logind, e);
    }
    return logind.terminals(user);
  }

  @Override
  public String toString() {
    return utmp + ", else " + logind;
  }
}

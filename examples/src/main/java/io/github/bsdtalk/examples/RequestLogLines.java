package io.github.bsdtalk.examples;

import io.github.bsdtalk.server.RequestLog;
import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * {@code talkd -v}: the library's {@link RequestLog} lines on standard error, one per datagram,
 * each as {@code talkd: TIME LINE}. A {@link System.Logger} of its own rather than the JDK's
 * logging configuration, so that nothing global changes and the lines go to the command's own
 * error stream.
 */
final class RequestLogLines implements System.Logger {

  private final PrintStream err;

  private RequestLogLines(PrintStream err) {
    this.err = Objects.requireNonNull(err, "err");
  }

  /**
   * The request log for {@code -v}.
   *
   * @param err where the lines go
   * @return a listener for the server
   */
  static RequestLog to(PrintStream err) {
    return RequestLog.to(new RequestLogLines(err), Level.INFO);
  }

  @Override
  public String getName() {
    return RequestLog.LOGGER_NAME;
  }

  @Override
  public boolean isLoggable(Level level) {
    return level.getSeverity() >= Level.INFO.getSeverity();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (isLoggable(level)) {
      err.println("talkd: " + Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + msg + (thrown == null ? "" : ": " + thrown));
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    log(level, bundle, params == null || params.length == 0
        ? format : MessageFormat.format(format, params), (Throwable) null);
  }

  @Override
  public void log(Level level, Supplier<String> msgSupplier) {
    if (isLoggable(level)) {
      log(level, null, msgSupplier.get(), (Throwable) null);
    }
  }
}

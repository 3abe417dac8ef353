package io.github.bsdtalk.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what one class logs through {@link System.Logger} (java.util.logging underneath, the
 * JDK's default backend) while a test runs, so that the test can assert that a failure it causes
 * is logged, not lost. The records still reach the test JVM's other handlers (logging.properties:
 * target/test-logging.log). Close it to detach. Reading java.util.logging needs {@code --add-reads
 * io.github.bsdtalk.server=java.logging} for the tests (pom.xml): the library itself never touches
 * it.
 */
final class LogRecorder extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogRecorder(Logger logger) {
    this.logger = logger;
  }

  /** Starts recording what {@code source} logs (its logger is named after the class). */
  static LogRecorder of(Class<?> source) {
    LogRecorder recorder = new LogRecorder(Logger.getLogger(source.getName()));
    recorder.logger.addHandler(recorder);
    return recorder;
  }

  /** What was logged so far, oldest first, whatever the level. */
  List<LogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}

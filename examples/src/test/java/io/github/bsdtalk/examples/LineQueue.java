package io.github.bsdtalk.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream that a command prints to on another thread, read back line by line as the lines are
 * finished: tests wait for "listening on PORT" lines with a timeout instead of sleeping.
 */
final class LineQueue extends OutputStream {
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final StringBuffer all = new StringBuffer();

  /** Returns a print stream into this queue, flushing on every line. */
  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String line = partial.toString(StandardCharsets.UTF_8);
      partial.reset();
      all.append(line).append('\n');
      lines.add(line);
    } else {
      partial.write(b);
    }
  }

  /**
   * Returns the next finished line, waiting at most {@code timeout}.
   *
   * @throws AssertionError if no line came in time
   */
  String nextLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no line within " + timeout + "; so far:\n" + all);
    }
    return line;
  }

  /**
   * Waits until the finished lines hold {@code fragment}, at most {@code timeout}, taking lines
   * off the queue as they come: for text written on another thread (a chat room logs on its
   * endpoint's event thread).
   *
   * @throws AssertionError if it did not come in time
   */
  void awaitText(String fragment, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!all.toString().contains(fragment)) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || lines.poll(left, TimeUnit.NANOSECONDS) == null) {
        throw new AssertionError("no '" + fragment + "' within " + timeout + "; so far:\n" + all);
      }
    }
  }

  /** Returns every finished line so far, each ending in a line feed. */
  String text() {
    return all.toString();
  }
}

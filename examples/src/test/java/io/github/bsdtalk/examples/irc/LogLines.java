package io.github.bsdtalk.examples.irc;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.function.Predicate;
import java.util.concurrent.locks.ReentrantLock;

/** The client's log, kept in memory: tests wait for a line, with a bound, instead of sleeping. */
final class LogLines extends OutputStream {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final List<String> lines = new ArrayList<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  PrintStream stream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    lock.lock();
    try {
      if (b == '\n') {
        lines.add(partial.toString(StandardCharsets.UTF_8));
        partial.reset();
        added.signalAll();
      } else {
        partial.write(b);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits for a line equal to {@code line}, at most {@link FakeIrcServer#WAIT}. */
  void await(String line) throws InterruptedException {
    await(line, 1);
  }

  /** Waits for the {@code n}th line equal to {@code line}. */
  void await(String line, int n) throws InterruptedException {
    awaitMatch(n + " lines '" + line + "'", l -> lines.stream().filter(line::equals).count() >= n);
  }

  /** Waits for a line starting with {@code start}; returns it. */
  String awaitStart(String start) throws InterruptedException {
    return awaitMatch("starting '" + start + "'", l -> l.startsWith(start));
  }

  private String awaitMatch(String what, Predicate<String> wanted) throws InterruptedException {
    long left = FakeIrcServer.WAIT.toNanos();
    lock.lock();
    try {
      while (true) {
        for (String l : lines) {
          if (wanted.test(l)) {
            return l;
          }
        }
        if (left <= 0) {
          throw new AssertionError(
              "no log line " + what + " within " + FakeIrcServer.WAIT + "; got " + lines);
        }
        left = added.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  List<String> lines() {
    lock.lock();
    try {
      return List.copyOf(lines);
    } finally {
      lock.unlock();
    }
  }
}

package io.github.bsdtalk.examples;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** Runs a blocking task (a daemon's serve loop, a relay, a command) on its own daemon thread. */
final class Background {
  private Background() {}

  static <T> Future<T> start(String name, Callable<T> task) {
    FutureTask<T> future = new FutureTask<>(task);
    Thread thread = new Thread(future, name);
    thread.setDaemon(true);
    thread.start();
    return future;
  }
}

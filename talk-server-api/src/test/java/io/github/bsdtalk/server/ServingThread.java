package io.github.bsdtalk.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link TalkdServer#serve()} on a thread of its own, as an application would, and keeps what
 * it returned or threw. Closing it closes the server and waits (bounded) for {@code serve()} to
 * return.
 */
final class ServingThread implements AutoCloseable {

  /** How long a test waits for anything that should take milliseconds. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private final TalkdServer server;
  private final Thread thread;
  private final CompletableFuture<Boolean> result = new CompletableFuture<>();
  private volatile boolean observed;

  private ServingThread(TalkdServer server) {
    this.server = server;
    this.thread = new Thread(this::run, "talkd-serve-" + server);
    this.thread.setDaemon(true);
  }

  /** Starts serving {@code server} on a new thread. */
  static ServingThread start(TalkdServer server) {
    ServingThread s = new ServingThread(server);
    s.thread.start();
    return s;
  }

  private void run() {
    try {
      result.complete(server.serve());
    } catch (Throwable e) {
      result.completeExceptionally(e);
    }
  }

  TalkdServer server() {
    return server;
  }

  Thread thread() {
    return thread;
  }

  boolean isServing() {
    return thread.isAlive() && !result.isDone();
  }

  /**
   * Waits for {@code serve()} to return and gives its result; rethrows what it threw.
   *
   * @throws TimeoutException if it is still serving after {@code limit}
   */
  boolean awaitResult(Duration limit)
      throws InterruptedException, ExecutionException, TimeoutException {
    observed = true;
    boolean idle = result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    // join gives the test a happens-before edge on every write of the serving thread (counters)
    thread.join(limit.toMillis());
    return idle;
  }

  /**
   * Closes the server and waits for {@code serve()} to return; if the test did not look at the
   * outcome itself, an exception thrown from {@code serve()} fails the close.
   */
  @Override
  public void close() throws IOException {
    server.close();
    try {
      result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      thread.join(PATIENCE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for serve() to return", e);
    } catch (ExecutionException e) {
      if (!observed) {
        throw new IOException("serve() threw", e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IOException("serve() did not return within " + PATIENCE + " of close()", e);
    }
  }
}

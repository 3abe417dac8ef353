package io.github.bsdtalk.server;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tests' one way to serve on a thread: {@link TalkdServer#serveOn} with a daemon thread of its
 * own, and the bounded wait every test uses.
 */
public final class ServingThread {

  /** How long a test waits for anything that should take milliseconds. */
  public static final Duration PATIENCE = Duration.ofSeconds(10);

  private ServingThread() {}

  /** Starts serving {@code server} on a new daemon thread; closing the handle stops it. */
  public static TalkdServer.Serving start(TalkdServer server) {
    return server.serveOn(r -> {
      Thread t = new Thread(r, "talkd-serve-" + server);
      t.setDaemon(true);
      t.start();
    });
  }

  /** Waits for {@code serve()} to return and gives its result; rethrows what it threw. */
  public static boolean awaitResult(TalkdServer.Serving s)
      throws InterruptedException, ExecutionException, TimeoutException {
    return s.stopped().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }
}

package io.github.bsdtalk.client;

/**
 * Sees each step of a call as it happens, so that a user interface can show what real talk shows.
 * Called on the calling thread; it should return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE = step -> {};

  /**
   * A step began.
   *
   * @param step the step; {@link CallProgress#message()} is the status line to show
   */
  void progress(CallProgress step);
}

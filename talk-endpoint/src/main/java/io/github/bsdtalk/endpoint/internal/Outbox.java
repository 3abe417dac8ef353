package io.github.bsdtalk.endpoint.internal;

import java.util.ArrayDeque;

/**
 * The bytes waiting for one peer's writer thread: at most {@code capacity} bytes, so that a peer
 * who stops reading holds a bounded amount of memory and the sender never waits for it. Chunks are
 * kept as given (the caller passes a copy) and written in order.
 *
 * <p>Thread-safe: any thread offers, one writer takes.
 */
public final class Outbox {
  private final int capacity;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private int bytes;

  /** No more chunks are taken; the writer stops once the queue is empty. */
  private boolean closed;

  /**
   * Makes an empty outbox.
   *
   * @param capacity the most bytes it holds; at least 1
   * @throws IllegalArgumentException if capacity is below 1
   */
  public Outbox(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Queues a chunk if it fits.
   *
   * @param chunk the bytes; kept, not copied
   * @return false if the outbox is closed or the chunk does not fit beside what waits
   */
  public synchronized boolean offer(byte[] chunk) {
    if (closed || chunk.length > capacity - bytes) {
      return false;
    }
    if (chunk.length > 0) {
      queue.add(chunk);
      bytes += chunk.length;
      notifyAll();
    }
    return true;
  }

  /** Takes no more chunks; the writer gets what is queued, then the end. */
  public synchronized void finish() {
    closed = true;
    notifyAll();
  }

  /** Drops everything queued and closes. */
  public synchronized void discard() {
    queue.clear();
    bytes = 0;
    closed = true;
    notifyAll();
  }

  /**
   * Returns the next chunk, waiting for one.
   *
   * @return the chunk; null once closed and empty
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public synchronized byte[] take() throws InterruptedException {
    while (queue.isEmpty() && !closed) {
      wait();
    }
    byte[] chunk = queue.poll();
    if (chunk != null) {
      bytes -= chunk.length;
    }
    return chunk;
  }

  /**
   * Returns the bytes waiting.
   *
   * @return 0..capacity
   */
  public synchronized int bytes() {
    return bytes;
  }

  /**
   * Returns whether the outbox takes no more chunks.
   *
   * @return true once finished or discarded
   */
  public synchronized boolean isClosed() {
    return closed;
  }
}

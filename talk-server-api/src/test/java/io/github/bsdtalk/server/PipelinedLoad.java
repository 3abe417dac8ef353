package io.github.bsdtalk.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Sends many datagrams to a daemon from one UDP socket without waiting for each reply: up to
 * {@code window} are in flight, and a second thread drains and checks the replies. The window keeps
 * the daemon's socket buffer from overflowing (the kernel would drop the excess, and the test would
 * measure the kernel instead of the daemon); a datagram or reply the kernel drops anyway is written
 * off when no reply came for {@link #STALL}, so a loss slows the sender down once and never blocks
 * it.
 */
final class PipelinedLoad {

  /** How long without any reply before the datagrams in flight are counted as lost. */
  static final long STALL_MILLIS = 500;

  private static final int MAX_STALLS = 20;

  /**
   * What one run did.
   *
   * @param sent datagrams sent
   * @param replies replies received
   * @param badReplies replies that were not 24 bytes with vers 1
   * @param writtenOff datagrams given up on after a stall (their request or reply was lost)
   */
  record Result(long sent, long replies, long badReplies, long writtenOff) {
    Result plus(Result o) {
      return new Result(sent + o.sent, replies + o.replies, badReplies + o.badReplies,
          writtenOff + o.writtenOff);
    }

    static final Result NONE = new Result(0, 0, 0, 0);
  }

  private PipelinedLoad() {}

  /**
   * Sends {@code count} datagrams {@code next.apply(0..count-1)} from a new socket bound to {@code
   * ip}:0, with at most {@code window} unanswered, and waits until every one is answered or written
   * off.
   *
   * @param next the i-th datagram; it is given the socket's address so it can use it as ctl_addr
   */
  static Result run(String ip, InetSocketAddress daemon, int window, long count,
      DatagramSource next) throws IOException, InterruptedException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      ch.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
      InetSocketAddress self = (InetSocketAddress) ch.getLocalAddress();
      LongFunction<byte[]> source = i -> next.datagram(i, self);
      Semaphore permits = new Semaphore(window);
      AtomicLong replies = new AtomicLong();
      AtomicLong bad = new AtomicLong();
      Thread drain = new Thread(() -> drain(ch, permits, replies, bad), "drain-" + self);
      drain.setDaemon(true);
      drain.start();
      long sent = 0;
      long writtenOff = 0;
      ByteBuffer out = ByteBuffer.allocateDirect(512);
      for (long i = 0; i < count; i++) {
        writtenOff += acquire(permits, window, 1);
        out.clear();
        out.put(source.apply(i)).flip();
        // Unconnected on purpose: on a connected DatagramChannel both write() and send() skip an
        // empty buffer (IOUtil.write returns 0), so zero-length datagrams would never leave.
        ch.send(out, daemon);
        sent++;
      }
      writtenOff += acquire(permits, window, window); // everything answered or written off
      ch.close(); // stops the drain thread
      drain.join(ServingThread.PATIENCE.toMillis());
      return new Result(sent, replies.get(), bad.get(), writtenOff);
    } finally {
      ch.close();
    }
  }

  /** Takes {@code n} permits; if none came back for a stall, writes off those in flight. */
  private static long acquire(Semaphore permits, int window, int n) throws InterruptedException {
    long writtenOff = 0;
    int stalls = 0;
    while (!permits.tryAcquire(n, STALL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (++stalls > MAX_STALLS) {
        throw new AssertionError("the daemon stopped answering: no reply for "
            + MAX_STALLS * STALL_MILLIS + " ms");
      }
      // a late reply to a written-off datagram may have pushed the permits above the window
      int inFlight = Math.max(0, window - permits.availablePermits());
      writtenOff += inFlight;
      permits.release(inFlight);
    }
    return writtenOff;
  }

  private static void drain(DatagramChannel ch, Semaphore permits, AtomicLong replies,
      AtomicLong bad) {
    ByteBuffer in = ByteBuffer.allocateDirect(512);
    while (true) {
      try {
        in.clear();
        ch.receive(in);
      } catch (ClosedChannelException e) {
        return; // run() closed the socket: done
      } catch (IOException e) {
        // not expected on an unconnected socket; count it, and the stall logic copes with silence
        bad.incrementAndGet();
        continue;
      }
      in.flip();
      if (in.remaining() != 24 || in.get(0) != 1) {
        bad.incrementAndGet();
      }
      replies.incrementAndGet();
      permits.release();
    }
  }

  /** Makes the i-th datagram of a run. */
  @FunctionalInterface
  interface DatagramSource {
    byte[] datagram(long index, InetSocketAddress self);
  }
}

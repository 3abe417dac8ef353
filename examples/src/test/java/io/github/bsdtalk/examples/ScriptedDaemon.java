package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.TalkCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A talk daemon on 127.0.0.1 that answers as a test scripts it (or not at all), and records every
 * request it got: for clients facing daemons that fall silent.
 */
final class ScriptedDaemon implements AutoCloseable {
  private final DatagramSocket socket;
  private final Function<CtlMessage, Optional<CtlResponse>> script;
  private final List<CtlMessage> requests = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final java.util.concurrent.Semaphore arrived = new java.util.concurrent.Semaphore(0);

  ScriptedDaemon(Function<CtlMessage, Optional<CtlResponse>> script) throws IOException {
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.script = script;
    this.thread = new Thread(this::serve, "scripted-talkd");
    thread.setDaemon(true);
    thread.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** HOST:PORT, as the talk tool's daemon options take it. */
  String option() {
    return "127.0.0.1:" + address().getPort();
  }

  List<CtlMessage> requests() {
    return List.copyOf(requests);
  }

  List<CtlMessage> requests(io.github.bsdtalk.proto.RequestType type) {
    return requests.stream().filter(r -> r.type() == type.code()).toList();
  }

  /**
   * Waits until at least {@code count} requests arrived: a DELETE sent once without waiting for
   * its answer may still be on its way when the client has exited.
   */
  boolean awaitRequests(int count, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0
          || !arrived.tryAcquire(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
        return requests.size() >= count;
      }
    }
    return true;
  }

  private void serve() {
    byte[] buf = new byte[1024];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
        CtlMessage request = TalkCodec.decodeMessage(java.util.Arrays.copyOf(buf, p.getLength()));
        requests.add(request);
        arrived.release();
        Optional<CtlResponse> answer = script.apply(request);
        if (answer.isPresent()) {
          byte[] out = TalkCodec.encode(answer.get());
          socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        }
      } catch (MalformedPacketException e) {
        // not a request: ignore, as a daemon does
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(5_000);
  }
}

package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.InvitationTable;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Our talkd on 127.0.0.1 (or another loopback address), an ephemeral port, serving on its own thread: the daemon of both parties
 * in the rendezvous tests. It records every request it handled, and lets a test wait until it has
 * handled a given number of DELETEs (which clients may send without waiting for an answer).
 */
final class LoopbackTalkd implements AutoCloseable {

  private final TalkdServer server;
  private final TalkdServer.Serving serving;
  private final List<CtlMessage> handled = new CopyOnWriteArrayList<>();
  private final Semaphore deletes = new Semaphore(0);

  LoopbackTalkd(Announcer announcer) throws IOException {
    this(announcer, InetAddress.getLoopbackAddress());
  }

  /** A daemon on another loopback address, such as 127.0.0.2, as if on another host. */
  LoopbackTalkd(Announcer announcer, InetAddress bind) throws IOException {
    server =
        TalkdServer.builder()
            .bind(new InetSocketAddress(bind, 0))
            .announcer(announcer)
            .listener(
                exchange ->
                    exchange
                        .request()
                        .ifPresent(
                            r -> {
                              handled.add(r);
                              if (r.type() == RequestType.DELETE.code()) {
                                deletes.release();
                              }
                            }))
            .build();
    serving =
        server.serveOn(
            r -> {
              Thread t = new Thread(r, "loopback-talkd");
              t.setDaemon(true);
              t.start();
            });
  }

  InetSocketAddress address() {
    try {
      return server.localAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return address().getPort();
  }

  InvitationTable table() {
    return server.processor().orElseThrow().table();
  }

  /** Every request handled so far, in order. */
  List<CtlMessage> handled() {
    return List.copyOf(handled);
  }

  /** Waits (up to 10 s) until the daemon has handled {@code n} more DELETEs. */
  boolean awaitDeletes(int n) throws InterruptedException {
    return deletes.tryAcquire(n, 10, TimeUnit.SECONDS);
  }

  /** Stops the daemon; fails unless serve() returned normally (false: closed, not idle). */
  @Override
  public void close() throws Exception {
    Boolean idle = serving.stopped().getNow(null);
    serving.close(); // closes the server and waits for serve() to return, rethrowing its failure
    if (Boolean.TRUE.equals(idle)) {
      throw new AssertionError("talkd stopped as idle, not closed");
    }
  }
}

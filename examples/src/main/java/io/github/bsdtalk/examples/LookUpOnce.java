package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.DaemonClient;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkDescriber;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Example: one LOOK_UP transaction against a talk daemon: "is bob inviting alice?".
 *
 * <p>Usage: {@code LookUpOnce [HOST:PORT]}. Without an argument it starts a daemon of its own on a
 * loopback port first, so that it runs anywhere.
 */
public final class LookUpOnce {
  private LookUpOnce() {}

  /**
   * Runs the example.
   *
   * @param args optionally the daemon's HOST:PORT
   * @throws IOException if the network fails or the daemon never answers
   */
  public static void main(String[] args) throws IOException {
    TalkdServer ownDaemon = null;
    InetSocketAddress daemon;
    if (args.length > 0) {
      int colon = args[0].lastIndexOf(':');
      daemon = new InetSocketAddress(args[0].substring(0, Math.max(colon, 0)),
          Integer.parseInt(args[0].substring(colon + 1)));
    } else {
      ownDaemon = TalkdServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)).build();
      ownDaemon.serveOn(r -> {
        Thread t = new Thread(r, "talkd");
        t.setDaemon(true); // so that a failed look-up below does not keep the JVM alive
        t.start();
      });
      daemon = ownDaemon.localAddress();
    }
    // [snippet:lookup]
    try (DaemonClient client = DaemonClient.connect(daemon)) {
      CtlMessage lookUp = CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
          TalkAddress.of(client.localAddress()), 4242, "alice", "bob", "");
      CtlResponse reply = client.transact(lookUp); // retries, then TalkTimeoutException
      System.out.println("answer: " + reply.knownAnswer().map(Enum::name).orElse("?"));
      System.out.print(TalkDescriber.describeResponse(TalkCodec.encode(reply)).toNameValueText());
    }
    // [/snippet:lookup]
    if (ownDaemon != null) {
      ownDaemon.close();
    }
  }
}

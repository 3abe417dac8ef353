package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.Rendezvous;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Example: two talk clients in one process, alice calling bob through a daemon on a loopback port,
 * then one line each way.
 */
public final class LoopbackChat {
  private LoopbackChat() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    CompletableFuture<Integer> rung = new CompletableFuture<>();
    try (TalkdServer talkd = TalkdServer.builder()
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .announcer(Announcer.callback(a -> rung.complete(0)))
        .build()) {
      int port = talkd.localAddress().getPort();
      new Thread(() -> {
        try {
          talkd.serve();
        } catch (Exception e) {
          e.printStackTrace();
        }
      }).start();
      // bob answers once his terminal has rung and alice's invitation is filed
      CompletableFuture<CallResult> bob = new CompletableFuture<>();
      // [snippet:client]
      CallResult alice = Rendezvous.builder("alice", TalkPeer.parse("bob"))
          .daemonPort(port) // 518 unless testing
          .progress(step -> {
            System.out.println("alice: [" + step.message() + "]");
            if (step.name().equals("WAITING_FOR_PARTY")) {
              rung.thenRunAsync(() -> bob.complete(callBack(port)));
            }
          })
          .build()
          .call();
      try (Conversation a = alice.conversation().orElseThrow();
          Conversation b = bob.get().conversation().orElseThrow()) {
        a.sendLine("hello bob");
        System.out.println("bob reads: " + b.lines().readLine().orElse(""));
        b.sendLine("hi alice");
        System.out.println("alice reads: " + a.lines().readLine().orElse(""));
      }
      // [/snippet:client]
    }
  }

  private static CallResult callBack(int port) {
    try {
      return Rendezvous.builder("bob", TalkPeer.parse("alice")).daemonPort(port).build().call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.ProgressListener;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;

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
   * @throws IOException if the network fails
   */
  public static void main(String[] args) throws IOException {
    try (TalkdServer talkd = TalkdServer.builder()
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .announcer(Announcer.callback(a -> System.out.println("(bob's terminal rings)")))
        .build()) {
      int port = talkd.localAddress().getPort();
      talkd.serveOn(r -> new Thread(r, "talkd").start()); // until talkd.close()
      // bob answers once alice waits, that is once her invitation is filed
      ProgressListener bobAnswers = step -> {
        if (step == CallProgress.WAITING_FOR_PARTY) {
          new Thread(() -> bob(port)).start();
        }
      };
      // [snippet:client]
      TalkClient client = TalkClient.newBuilder()
          .daemonPort(port) // 518 unless testing
          .progress(step -> {
            System.out.println("[" + step.message() + "]");
            bobAnswers.progress(step);
          })
          .build(); // immutable: make any number of calls from it
      try (TalkCall call = client.newCall("alice", TalkPeer.parse("bob"))) {
        CallResult result = call.execute(); // call.cancel() from any thread ends it at once
        if (!result.connected()) {
          System.out.println(result.message()); // e.g. "Your party is not logged on"
          return;
        }
        try (Conversation talk = result.conversation().get()) {
          talk.sendLine("hello bob");
          System.out.println("bob says: " + talk.lines().readLine().orElse("(hung up)"));
        }
      } // close() waits for the DELETEs that follow a connection
      // [/snippet:client]
    }
  }

  private static void bob(int port) {
    try (TalkCall call = TalkClient.newBuilder().daemonPort(port).build()
            .newCall("bob", TalkPeer.parse("alice"));
        Conversation talk = call.execute().conversation().orElseThrow()) {
      System.out.println("alice says: " + talk.lines().readLine().orElse("(hung up)"));
      talk.sendLine("hi alice");
    } catch (IOException e) {
      System.err.println("bob: " + e);
    }
  }
}

package io.github.bsdtalk.it.consumer;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.endpoint.ConversationListener;
import io.github.bsdtalk.endpoint.TalkConversation;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.proto.testkit.TalkDatagrams;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.RequestProcessor;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/** What a user's program does with the libraries; run by {@code java -m} and by the tests. */
public final class Consumer {

  private Consumer() {}

  /**
   * An embedded daemon on 127.0.0.1, port 0, and one call through it: alice calls bob, bob answers
   * (from another thread, once alice waits), one line each way.
   *
   * @return what bob read, a space, what alice read
   * @throws IOException if the loopback network fails
   */
  public static String loopbackCall() throws IOException {
    try (TalkdServer talkd = TalkdServer.builder()
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .announcer(Announcer.callback(a -> {}))
        .build()) {
      int port = talkd.localAddress().getPort();
      talkd.serveOn(r -> new Thread(r, "talkd").start());
      CompletableFuture<String> bobHeard = new CompletableFuture<>();
      TalkClient alice = TalkClient.newBuilder()
          .daemonPort(port)
          .progress(step -> {
            if (step == CallProgress.WAITING_FOR_PARTY) {
              new Thread(() -> bob(port, bobHeard), "bob").start();
            }
          })
          .build();
      try (TalkCall call = alice.newCall("alice", TalkPeer.parse("bob"))) {
        CallResult result = call.execute();
        if (!result.connected()) {
          throw new IOException("not connected: " + result.message());
        }
        try (Conversation talk = result.conversation().orElseThrow()) {
          talk.sendLine("hello bob");
          String aliceHeard = talk.lines().readLine().orElse("(hung up)");
          return bobHeard.get(30, TimeUnit.SECONDS) + " " + aliceHeard;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        } catch (ExecutionException | TimeoutException e) {
          throw new IOException("bob: " + e, e);
        }
      }
    }
  }

  /**
   * An endpoint that answers calls to "echo" behind an embedded daemon on 127.0.0.1, port 0, and
   * one call to it: the endpoint echoes alice's line, her edits applied.
   *
   * @return what alice read
   * @throws IOException if the loopback network fails
   */
  public static String embeddedAnswer() throws IOException {
    ConversationListener echo = new ConversationListener() {
      @Override
      public void line(TalkConversation c, String line) {
        c.sendLine("echo: " + line);
      }
    };
    String name = TalkText.toWire("echo");
    try (TalkEndpoint endpoint = TalkEndpoint.builder()
            .acceptor(call -> call.calleeName().equals(name) ? Optional.of(echo) : Optional.empty())
            .build();
        TalkdServer talkd = TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(endpoint.announcer(a -> Answer.NOT_HERE))
            .build()) {
      endpoint.start();
      talkd.serveOn(r -> new Thread(r, "talkd").start());
      TalkClient alice = TalkClient.newBuilder().daemonPort(talkd.localAddress().getPort()).build();
      try (TalkCall call = alice.newCall("alice", TalkPeer.parse("echo"))) {
        CallResult result = call.execute();
        if (!result.connected()) {
          throw new IOException("not connected: " + result.message());
        }
        try (Conversation talk = result.conversation().orElseThrow()) {
          talk.send("hellp\u007fo\n"); // DEL, alice's erase, is applied by the endpoint
          return talk.lines().readLine().orElse("(hung up)");
        }
      }
    }
  }

  private static void bob(int port, CompletableFuture<String> heard) {
    try (TalkCall call = TalkClient.newBuilder().daemonPort(port).build()
            .newCall("bob", TalkPeer.parse("alice"));
        Conversation talk = call.execute().conversation().orElseThrow()) {
      heard.complete(talk.lines().readLine().orElse("(hung up)"));
      talk.sendLine("hi alice");
    } catch (IOException | RuntimeException e) {
      heard.completeExceptionally(e);
    }
  }

  /**
   * Feeds {@code count} testkit datagrams (valid, mutated, arbitrary), drawn from a generator
   * seeded with {@code seed}, to one {@link RequestProcessor}, and checks that every reply is a
   * 24-byte {@code CTL_RESPONSE}.
   *
   * @param seed the seed of the datagrams
   * @param count how many
   * @return how many of them the processor answered
   */
  public static int feedTestkitDatagrams(long seed, int count) {
    RandomGenerator random = new SplittableRandom(seed);
    RequestProcessor processor = RequestProcessor.builder().build();
    InetSocketAddress sender = new InetSocketAddress("127.0.0.1", 40000);
    Instant now = Instant.parse("2026-12-02T00:00:00Z");
    int answered = 0;
    for (int i = 0; i < count; i++) {
      byte[] datagram = TalkDatagrams.mixed(random);
      Optional<byte[]> reply = processor.handle(datagram, sender, now);
      if (reply.isPresent()) {
        try {
          CtlResponse r = TalkCodec.decodeResponse(reply.get());
          if (r.version() != 1) {
            throw new IllegalStateException("reply version " + r.version());
          }
        } catch (MalformedPacketException e) {
          throw new UncheckedIOException("reply to datagram " + i + " does not decode", e);
        }
        answered++;
      }
    }
    return answered;
  }

  /**
   * Runs them all, printing what happened.
   *
   * @param args ignored
   * @throws IOException if the loopback network fails
   */
  public static void main(String[] args) throws IOException {
    System.out.println("module " + Consumer.class.getModule().getName()
        + " (testkit: " + TalkDatagrams.class.getModule().getDescriptor().toNameAndVersion() + ")");
    System.out.println("call: " + loopbackCall());
    System.out.println("endpoint: " + embeddedAnswer());
    System.out.println("RequestProcessor answered " + feedTestkitDatagrams(1, 10_000)
        + " of 10000 testkit datagrams");
  }
}

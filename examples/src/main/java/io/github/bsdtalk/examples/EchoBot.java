package io.github.bsdtalk.examples;

import io.github.bsdtalk.endpoint.CallAcceptor;
import io.github.bsdtalk.endpoint.ConversationListener;
import io.github.bsdtalk.endpoint.TalkConversation;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Example: a talk endpoint inside an application. A daemon on 127.0.0.1 whose name {@code echo}
 * answers every call itself: it greets the caller and sends back each line he finishes, in capitals.
 * Calls to anyone else are refused as "not logged on".
 *
 * <p>Usage: {@code EchoBot [PORT]} (default 5518). Try it with {@code java -jar talk-examples.jar
 * talk echo --daemon-port 5518}.
 */
public final class EchoBot {
  private EchoBot() {}

  /**
   * What the bot does with one caller, on the endpoint's event thread: greet him, echo his lines.
   * {@code sendLine} only queues, so a caller who reads nothing holds up nobody.
   */
  static final ConversationListener ECHO =
      new ConversationListener() {
        @Override
        public void connected(TalkConversation caller) {
          caller.sendLine("hello " + caller.peer() + ", I echo what you type");
        }

        @Override
        public void line(TalkConversation caller, String text) {
          caller.sendLine(text.toUpperCase(Locale.ROOT));
        }
      };

  /** Takes the calls to {@code name} (as the wire carries it: UTF-8 bytes, one char each). */
  static CallAcceptor answering(String name) {
    String wire = TalkText.toWire(name);
    return call -> call.calleeName().equals(wire) ? Optional.of(ECHO) : Optional.empty();
  }

  /**
   * Runs the example until killed.
   *
   * @param args optionally the port
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 5518;
    // [snippet:endpoint]
    try (TalkEndpoint bot = TalkEndpoint.builder().acceptor(answering("echo")).build();
        TalkdServer talkd = TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", port))
            .announcer(bot.announcer(a -> Answer.NOT_HERE)) // other names: "not logged on"
            .build()) {
      bot.start(); // the event thread, the readers and writers, the idle check
      System.out.println("talk echo --daemon-port " + talkd.localAddress().getPort());
      talkd.serve();
    }
    // [/snippet:endpoint]
  }
}

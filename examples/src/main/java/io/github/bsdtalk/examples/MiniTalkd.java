package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.InvitationTable;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Example: a talk daemon embedded in an application, with an in-memory invitation table and an
 * announcer that prints instead of ringing a terminal.
 *
 * <p>Usage: {@code MiniTalkd [PORT]} (default 5518, on 127.0.0.1). Try it with {@code java -jar
 * talk-examples.jar talk bob --daemon-port 5518}: the call is "rung" on this program's output.
 */
public final class MiniTalkd {
  private MiniTalkd() {}

  /**
   * Runs the example until killed.
   *
   * @param args optionally the port
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 5518;
    // [snippet:server]
    // Names are the caller's bytes: decode them and replace controls before printing.
    Announcer printer = Announcer.callback(a -> System.out.println(
        "ring! " + TalkText.displayName(a.callerName()) + "@" + a.callerHost().getHostAddress()
            + " calls " + TalkText.displayName(a.calleeName()) + "; their talk listens on "
            + a.callerAddress()));
    try (TalkdServer talkd = TalkdServer.builder()
        .bind(new InetSocketAddress("127.0.0.1", port))
        .table(InvitationTable.inMemory())
        .announcer(printer)
        .listener(x -> System.out.println(x.sender() + ": "
            + x.request().map(r -> r.requestType().map(Enum::name).orElse("?")).orElse("malformed")
            + " -> " + x.response().map(r -> r.knownAnswer().map(Enum::name).orElse("?"))
                .orElse("no reply")))
        .build()) {
      System.out.println("talkd on " + talkd.localAddress());
      talkd.serve(); // on this thread, until talkd.close() from another one
    }
    // [/snippet:server]
  }
}

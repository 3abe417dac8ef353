package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * How the endpoint connects to a caller's rendezvous address and starts the conversation there:
 * TCP by default ({@link #TCP}); tests and bridges over other transports supply their own.
 *
 * <p><b>Thread safety:</b> called on the endpoint's threads, several calls at once.
 */
@FunctionalInterface
public interface Connector {

  /**
   * Connects to {@code address}, exchanges edit characters and returns the conversation, all
   * within {@code timeout}.
   *
   * @param address the caller's rendezvous address, already checked ({@link
   *     IncomingCall#rendezvousProblem()})
   * @param mine the edit characters to send
   * @param timeout the bound on connecting and the exchange together; positive
   * @return the started conversation, which the endpoint owns from now on
   * @throws IOException if connecting or the exchange fails or takes too long
   */
  Conversation connect(InetSocketAddress address, EditChars mine, Duration timeout)
      throws IOException;

  /** A plain TCP connect, then {@link Conversation#start(Socket, EditChars, Duration)}. */
  Connector TCP =
      (address, mine, timeout) -> {
        long start = System.nanoTime();
        Socket socket = new Socket();
        try {
          socket.connect(address, TalkEndpoint.millis(timeout));
        } catch (IOException | RuntimeException e) {
          socket.close();
          throw e;
        }
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        if (left.toMillis() < 1) {
          left = Duration.ofMillis(1); // a peer whose three bytes are already here still connects
        }
        return Conversation.start(socket, mine, left);
      };
}

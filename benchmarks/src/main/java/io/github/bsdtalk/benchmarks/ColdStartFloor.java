package io.github.bsdtalk.benchmarks;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The floor under a Java daemon's cold start, for {@code benchmarks/talkd-footprint.sh}: started
 * as our talkd is (by {@code systemd-socket-activate --inetd}, with the same JVM flags), it answers
 * every datagram on the inherited socket with a 24-byte reply of the request's type, SUCCESS, and
 * does nothing else. Its first reply is what any JVM program costs before it can answer: what our
 * talkd adds on top is its own.
 */
public final class ColdStartFloor {

  private ColdStartFloor() {}

  /**
   * Answers datagrams until killed.
   *
   * @param args none
   * @throws IOException if the inherited socket fails
   */
  public static void main(String[] args) throws IOException {
    DatagramChannel socket = (DatagramChannel) System.inheritedChannel();
    ByteBuffer request = ByteBuffer.allocate(1024);
    ByteBuffer reply = ByteBuffer.allocate(24);
    while (true) {
      request.clear();
      SocketAddress from = socket.receive(request);
      reply.clear();
      reply.put(0, (byte) 1); // version
      reply.put(1, request.get(1)); // the request's type; answer 0 (SUCCESS), the rest zero
      socket.send(reply, from);
    }
  }
}

package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.StreamNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real TCP side of {@link TalkCall}, {@link StreamNetwork#SOCKETS}, on loopback. */
@Timeout(30)
class StreamNetworkLoopbackTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void acceptReportsTheAddressTheConnectionCameFrom() throws Exception {
    InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    try (StreamNetwork.Listener listener =
            StreamNetwork.SOCKETS.listen(new InetSocketAddress(LOOPBACK, 0), 5);
        Socket from = new Socket()) {
      from.bind(new InetSocketAddress(other, 0));
      from.connect(new InetSocketAddress(LOOPBACK, listener.port()));

      Optional<StreamNetwork.Incoming> in = listener.accept(Duration.ofSeconds(10));

      assertThat(in).isPresent();
      assertThat(in.get().peer()).isEqualTo(other);
      assertThat(in.get().socket().getPort()).isEqualTo(from.getLocalPort());
      in.get().socket().close();
    }
  }

  @Test
  void acceptWithNothingWaitingReturnsEmptyAndAClosedListenerFails() throws Exception {
    StreamNetwork.Listener listener =
        StreamNetwork.SOCKETS.listen(new InetSocketAddress(LOOPBACK, 0), 5);

    assertThat(listener.accept(Duration.ZERO)).isEmpty();
    assertThat(listener.accept(Duration.ofMillis(20))).isEmpty();
    listener.close();
    assertThatExceptionOfType(SocketException.class)
        .isThrownBy(() -> listener.accept(Duration.ofSeconds(1)));
  }

  @Test
  void connectReachesAListenerAndARefusalIsAConnectException() throws Exception {
    int deadPort;
    try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
      try (Socket s =
          StreamNetwork.SOCKETS.connect(
              new InetSocketAddress(LOOPBACK, server.getLocalPort()), Duration.ofSeconds(5))) {
        assertThat(s.isConnected()).isTrue();
      }
      deadPort = server.getLocalPort();
    }

    assertThatExceptionOfType(ConnectException.class)
        .isThrownBy(
            () ->
                StreamNetwork.SOCKETS.connect(
                    new InetSocketAddress(LOOPBACK, deadPort), Duration.ofSeconds(5)));
  }

  @Test
  void listenFailsCleanlyOnAnAddressInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
      assertThatExceptionOfType(IOException.class)
          .isThrownBy(
              () ->
                  StreamNetwork.SOCKETS.listen(
                      new InetSocketAddress(LOOPBACK, taken.getLocalPort()), 5));
    }
  }
}

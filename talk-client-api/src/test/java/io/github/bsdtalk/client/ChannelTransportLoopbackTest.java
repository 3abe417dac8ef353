package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.DatagramTransport;
import io.github.bsdtalk.client.internal.Datagram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChannelTransportLoopbackTest {

  private static final Duration LONG = Duration.ofSeconds(10);

  private DatagramSocket daemon;
  private InetSocketAddress daemonAddress;

  @BeforeEach
  void startDaemon() throws IOException {
    daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    daemon.setSoTimeout(10_000);
    daemonAddress = (InetSocketAddress) daemon.getLocalSocketAddress();
  }

  @AfterEach
  void stopDaemon() {
    Thread.interrupted(); // never leak an interrupt into the next test
    daemon.close();
  }

  /** The daemon's side: receive one datagram and answer it with {@code answer}. */
  private InetSocketAddress echo(byte[] expected, byte[] answer) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[512], 512);
    daemon.receive(p);
    assertThat(Arrays.copyOf(p.getData(), p.getLength())).isEqualTo(expected);
    daemon.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
    return (InetSocketAddress) p.getSocketAddress();
  }

  @Test
  void connectedTransportExchangesDatagramsWithItsDaemon() throws IOException {
    try (DatagramTransport t = DatagramTransport.connect(daemonAddress)) {
      t.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), daemonAddress);
      InetSocketAddress seen = echo(new byte[] {1, 2, 3}, new byte[] {4, 5});

      Optional<Datagram> answer = t.receive(LONG);

      assertThat(seen).isEqualTo(t.localAddress());
      assertThat(t.localAddress().getAddress().isLoopbackAddress()).isTrue();
      assertThat(answer).isPresent();
      assertThat(answer.get().data()).containsExactly(4, 5);
      assertThat(answer.get().sender()).isEqualTo(daemonAddress);
    }
  }

  @Test
  void boundTransportSendsToTheGivenTarget() throws IOException {
    try (DatagramTransport t =
        DatagramTransport.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      t.send(ByteBuffer.wrap(new byte[] {9}), daemonAddress);
      InetSocketAddress seen = echo(new byte[] {9}, new byte[] {8});

      assertThat(seen).isEqualTo(t.localAddress());
      assertThat(t.receive(LONG).map(Datagram::data))
          .hasValueSatisfying(d -> assertThat(d).containsExactly(8));
    }
  }

  @Test
  void receiveReturnsEmptyWhenNothingArrives() throws IOException {
    try (DatagramTransport t = DatagramTransport.connect(daemonAddress)) {
      assertThat(t.receive(Duration.ZERO)).isEmpty();
      assertThat(t.receive(Duration.ofMillis(20))).isEmpty();
      assertThat(t.receive(Duration.ofNanos(1))).isEmpty();
    }
  }

  @Test
  void receiveWaitsForTheTimeoutBeforeItReturnsEmpty() throws IOException {
    try (DatagramTransport t = DatagramTransport.connect(daemonAddress)) {
      long start = System.nanoTime();
      assertThat(t.receive(Duration.ofMillis(200))).isEmpty();
      // a lower bound only: a loaded machine may wake it later, never earlier
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
          Duration.ofMillis(150));
    }
  }

  @Test
  void bindingAPortInUseThrowsBindException() throws IOException {
    InetSocketAddress taken = daemonAddress; // the daemon socket holds it
    assertThatThrownBy(() -> DatagramTransport.open(taken)).isInstanceOf(BindException.class);
  }

  @Test
  void closeClosesTheSocket() throws IOException {
    DatagramTransport t = DatagramTransport.connect(daemonAddress);
    t.close();
    assertThatThrownBy(() -> t.send(ByteBuffer.wrap(new byte[] {1}), daemonAddress))
        .isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(t::localAddress).isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void aClosedPortIsSilenceNotAnError() throws IOException {
    InetSocketAddress nobody = daemonAddress;
    daemon.close(); // ICMP port unreachable answers what is sent there now
    try (DatagramTransport t = DatagramTransport.connect(nobody)) {
      for (int i = 0; i < 3; i++) {
        t.send(ByteBuffer.wrap(new byte[] {1}), nobody);
        assertThat(t.receive(Duration.ofMillis(100))).isEmpty();
      }
    }
  }

  @Test
  void anInterruptedReceiveThrowsAtOnceAndLeavesTheSocketUsable() throws IOException {
    try (DatagramTransport t = DatagramTransport.connect(daemonAddress)) {
      t.send(ByteBuffer.wrap(new byte[] {1}), daemonAddress);
      echo(new byte[] {1}, new byte[] {2});

      Thread.currentThread().interrupt();
      // Even a zero-timeout poll with a datagram ready: DaemonClient drains that way before it
      // sends, and must not send once interrupted.
      assertThatThrownBy(() -> t.receive(Duration.ZERO)).isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();

      assertThat(t.receive(LONG).map(Datagram::data))
          .hasValueSatisfying(d -> assertThat(d).containsExactly(2));
      t.send(ByteBuffer.wrap(new byte[] {3}), daemonAddress);
      echo(new byte[] {3}, new byte[] {4});
      assertThat(t.receive(LONG)).isPresent();
    }
  }
}

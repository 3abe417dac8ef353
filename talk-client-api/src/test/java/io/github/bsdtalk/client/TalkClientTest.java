package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkProtocol;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's configuration: defaults, every setting read back, derived copies, one-shot calls. */
@Timeout(30)
class TalkClientTest {

  private static final InetSocketAddress OURS = new InetSocketAddress("127.0.0.1", 5518);
  private static final InetSocketAddress THEIRS = new InetSocketAddress("127.0.0.2", 6518);

  @Test
  void hasTheCClientsDefaults() {
    TalkClient c = TalkClient.newBuilder().build();

    assertThat(c.daemonPort()).isEqualTo(TalkProtocol.NTALK_PORT);
    assertThat(c.localDaemon()).isEmpty();
    assertThat(c.remoteDaemon()).isEmpty();
    assertThat(c.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(c.ringInterval()).isEqualTo(TalkProtocol.RING_WAIT);
    assertThat(c.answerTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.editChars()).isEqualTo(EditChars.DEFAULT);
    assertThat(c.pid()).isEqualTo((int) ProcessHandle.current().pid());
    assertThat(c.cleanUpBound()).isEqualTo(RetryPolicy.DEFAULT.totalTimeout().multipliedBy(2));
  }

  @Test
  void keepsEverySettingAndDerivesCopiesWithoutChangingItself() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(300), 4);
    EditChars chars = new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17);
    TalkClient.Builder b =
        TalkClient.newBuilder()
            .daemonPort(1)
            .daemonPort(65_535)
            .localDaemon(OURS)
            .remoteDaemon(THEIRS)
            .retryPolicy(policy)
            .ringInterval(Duration.ofSeconds(7))
            .answerTimeout(Duration.ofSeconds(70))
            .connectTimeout(Duration.ofSeconds(3))
            .handshakeTimeout(Duration.ofSeconds(4))
            .editChars(chars)
            .pid(4242)
            .progress(ProgressListener.NONE)
            .controlListener(ControlListener.NONE);
    TalkClient c = b.build();
    TalkClient derived = c.toBuilder().pid(7).ringInterval(Duration.ofSeconds(1)).build();

    for (TalkClient x : new TalkClient[] {c, derived}) {
      assertThat(x.daemonPort()).isEqualTo(65_535);
      assertThat(x.localDaemon()).contains(OURS);
      assertThat(x.remoteDaemon()).contains(THEIRS);
      assertThat(x.retryPolicy()).isEqualTo(policy);
      assertThat(x.answerTimeout()).isEqualTo(Duration.ofSeconds(70));
      assertThat(x.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(x.handshakeTimeout()).isEqualTo(Duration.ofSeconds(4));
      assertThat(x.editChars()).isEqualTo(chars);
      assertThat(x.cleanUpBound()).isEqualTo(Duration.ofMillis(2400));
    }
    assertThat(c.pid()).isEqualTo(4242);
    assertThat(c.ringInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(derived.pid()).isEqualTo(7);
    assertThat(derived.ringInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.build().pid()).as("build() leaves the builder as it was").isEqualTo(4242);
  }

  @Test
  void everyBuilderSetterReturnsTheBuilder() {
    TalkClient.Builder b = TalkClient.newBuilder();
    assertThat(b.daemonPort(518)).isSameAs(b);
    assertThat(b.localDaemon(OURS)).isSameAs(b);
    assertThat(b.remoteDaemon(THEIRS)).isSameAs(b);
    assertThat(b.retryPolicy(RetryPolicy.DEFAULT)).isSameAs(b);
    assertThat(b.ringInterval(Duration.ofSeconds(1))).isSameAs(b);
    assertThat(b.answerTimeout(Duration.ofSeconds(1))).isSameAs(b);
    assertThat(b.connectTimeout(Duration.ofSeconds(1))).isSameAs(b);
    assertThat(b.handshakeTimeout(Duration.ofSeconds(1))).isSameAs(b);
    assertThat(b.editChars(EditChars.DEFAULT)).isSameAs(b);
    assertThat(b.pid(1)).isSameAs(b);
    assertThat(b.progress(ProgressListener.NONE)).isSameAs(b);
    assertThat(b.controlListener(ControlListener.NONE)).isSameAs(b);
    assertThat(b.transports(d -> null)).isSameAs(b);
    assertThat(b.nanoTime(System::nanoTime)).isSameAs(b);
    assertThat(b.streams(new FakeStreams(new FakeNetwork()))).isSameAs(b);
    assertThat(b.cleanUpThreads(Thread::new)).isSameAs(b);
    assertThatIllegalArgumentException().isThrownBy(() -> b.daemonPort(0));
    assertThatIllegalArgumentException().isThrownBy(() -> b.daemonPort(65_536));
    assertThatNullPointerException().isThrownBy(() -> b.localDaemon(null));
    assertThatNullPointerException().isThrownBy(() -> b.remoteDaemon(null));
  }

  @Test
  void makesOneShotCallsThatNameTheirParties() {
    TalkClient c = TalkClient.newBuilder().build();
    TalkPeer bob = TalkPeer.parse("bob@far");

    TalkCall call = c.newCall("alice", bob);

    assertThat(call.localUser()).isEqualTo("alice");
    assertThat(call.peer()).isEqualTo(bob);
    assertThat(call.cleanUpBound()).isEqualTo(c.cleanUpBound());
    assertThat(c.newCall("alice", bob)).isNotSameAs(call);
    assertThatNullPointerException().isThrownBy(() -> c.newCall("alice", null));
    assertThatIllegalArgumentException().isThrownBy(() -> c.newCall("", bob));
  }

  @Test
  void aDaemonClientTalksToTheDaemonItWasConnectedTo() throws IOException {
    try (DatagramSocket daemon =
            new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DaemonClient client =
            DaemonClient.connect((InetSocketAddress) daemon.getLocalSocketAddress())) {
      InetSocketAddress at = (InetSocketAddress) daemon.getLocalSocketAddress();
      assertThat(client.daemon()).isEqualTo(at);
      assertThat(client.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
      CtlMessage delete =
          CtlMessage.of(RequestType.DELETE, 9, TalkAddress.ZERO,
              TalkAddress.of(client.localAddress()), 1, "alice", "bob", "");
      client.sendOnce(delete);
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      daemon.setSoTimeout(10_000);
      daemon.receive(p);
      assertThat(p.getLength()).isEqualTo(CtlMessage.SIZE);
      assertThat(p.getSocketAddress()).isEqualTo(client.localAddress());
      CtlResponse ok =
          CtlResponse.of(RequestType.DELETE.code(), io.github.bsdtalk.proto.Answer.SUCCESS, 0,
              TalkAddress.ZERO);
      assertThat(DaemonClient.matches(delete, ok)).isTrue();
      assertThat(DaemonClient.matches(delete.withType(RequestType.LOOK_UP), ok)).isFalse();
    }
    assertThatNullPointerException().isThrownBy(() -> DaemonClient.connect(null));
  }
}

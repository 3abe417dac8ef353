package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Conversation} over a pair of streams rather than a socket: what a bridge would do. */
@Timeout(30)
class ConversationStreamsTest {

  private static final EditChars OTHER = new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17);

  @Test
  void twoConversationsOverPipesExchangeEditCharsAndLines() throws Exception {
    Pipe aToB = Pipe.open();
    Pipe bToA = Pipe.open();
    InputStream bFromA = Channels.newInputStream(aToB.source());
    InputStream aFromB = Channels.newInputStream(bToA.source());
    OutputStream toB = Channels.newOutputStream(aToB.sink());
    OutputStream toA = Channels.newOutputStream(bToA.sink());
    CompletableFuture<Conversation> bob =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Conversation.start(bFromA, toA, OTHER, Duration.ofSeconds(10));
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });

    try (Conversation a = Conversation.start(aFromB, toB, EditChars.DEFAULT,
            Duration.ofSeconds(10));
        Conversation b = bob.get(10, TimeUnit.SECONDS)) {
      assertThat(a.peerEditChars()).isEqualTo(OTHER);
      assertThat(b.peerEditChars()).isEqualTo(EditChars.DEFAULT);
      assertThat(a.peerAddress()).isEmpty();
      assertThat(a.localAddress()).isEmpty();
      a.sendLine("hellp\u007fo"); // alice's erase is DEL
      assertThat(b.lines().readLine()).contains("hello");
      b.sendLine("hi\u0015bye"); // bob's kill is ^U
      assertThat(a.lines(true).readLine()).contains("bye");
      a.close();
      assertThat(b.lines().readLine()).isEmpty();
    }
  }

  @Test
  void readsExactlyThreeBytesAndLeavesThePeersTypingForTheConversation() throws Exception {
    byte[] wire = {0x08, 0x15, 0x17, 'h', 'i', '\n'};
    ByteArrayOutputStream sent = new ByteArrayOutputStream();

    Conversation c =
        Conversation.start(new ByteArrayInputStream(wire), sent, EditChars.DEFAULT,
            Duration.ofSeconds(5));

    assertThat(sent.toByteArray()).isEqualTo(EditChars.DEFAULT.toWire());
    assertThat(c.peerEditChars()).isEqualTo(OTHER);
    assertThat(c.lines().readLine()).contains("hi");
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThatIllegalStateOrIo(c);
  }

  private static void assertThatIllegalStateOrIo(Conversation c) {
    IOException e = catchThrowableOfType(IOException.class, () -> c.sendLine("late"));
    assertThat(e).hasMessageContaining("closed");
  }

  @Test
  void aStreamThatEndsEarlyIsPeerClosedAndBothStreamsAreClosed() {
    Tracked in = new Tracked(new byte[] {0x7f});
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    HandshakeException e =
        catchThrowableOfType(
            HandshakeException.class,
            () -> Conversation.start(in, out, EditChars.DEFAULT, Duration.ofSeconds(5)));

    assertThat(e.reason()).isEqualTo(HandshakeException.Reason.PEER_CLOSED);
    assertThat(e.bytesReceived()).isEqualTo(1);
    assertThat(in.closed).isTrue();
  }

  @Test
  void aSilentPeerTimesOutAndItsStreamIsClosedToEndTheRead() throws Exception {
    Pipe pipe = Pipe.open();
    OutputStream peer = Channels.newOutputStream(pipe.sink());
    InputStream in = Channels.newInputStream(pipe.source());
    peer.write(0x7f); // one byte of three, then silence

    HandshakeException e =
        catchThrowableOfType(
            HandshakeException.class,
            () ->
                Conversation.start(in, new ByteArrayOutputStream(), EditChars.DEFAULT,
                    Duration.ofMillis(100)));

    assertThat(e.reason()).isEqualTo(HandshakeException.Reason.TIMED_OUT);
    assertThat(e.bytesReceived()).isEqualTo(1);
    assertThat(pipe.source().isOpen()).as("closed, which ends the helper's read").isFalse();
  }

  @Test
  void rejectsBadArguments() {
    InputStream in = new ByteArrayInputStream(new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Duration t = Duration.ofSeconds(1);
    assertThatNullPointerException()
        .isThrownBy(() -> Conversation.start(null, out, EditChars.DEFAULT, t));
    assertThatNullPointerException()
        .isThrownBy(() -> Conversation.start(in, null, EditChars.DEFAULT, t));
    assertThatNullPointerException().isThrownBy(() -> Conversation.start(in, out, null, t));
    assertThatNullPointerException()
        .isThrownBy(() -> Conversation.start(in, out, EditChars.DEFAULT, null));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Conversation.start(in, out, EditChars.DEFAULT, Duration.ZERO));
  }

  /** An input stream that remembers being closed. */
  private static final class Tracked extends ByteArrayInputStream {
    volatile boolean closed;

    Tracked(byte[] data) {
      super(data);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

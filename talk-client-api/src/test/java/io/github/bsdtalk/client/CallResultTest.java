package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.bsdtalk.proto.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class CallResultTest {

  private Socket peer;
  private Conversation conversation;

  /** A real conversation on 127.0.0.1: the peer's edit characters are written before we start. */
  @BeforeEach
  void connect() throws IOException {
    try (ServerSocket listen = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket ours = new Socket(listen.getInetAddress(), listen.getLocalPort());
      peer = listen.accept();
      peer.getOutputStream().write(EditChars.DEFAULT.toWire());
      conversation = Conversation.start(ours, EditChars.DEFAULT, Duration.ofSeconds(10));
    }
  }

  @AfterEach
  void close() throws IOException {
    conversation.close();
    peer.close();
  }

  @ParameterizedTest
  @EnumSource(names = {"CONNECTED_AS_CALLER", "CONNECTED_AS_CALLEE"})
  void aConnectedResultCarriesItsConversation(CallResult.Status status) {
    CallResult r = new CallResult(status, Optional.empty(), Optional.of(conversation), "ok");

    assertThat(r.connected()).isTrue();
    assertThat(r.conversation()).containsSame(conversation);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallResult(status, Optional.empty(), Optional.empty(), "ok"));
  }

  @ParameterizedTest
  @EnumSource(names = {"REFUSED", "NOT_ANSWERED", "CANCELLED"})
  void anUnconnectedResultHasNoConversation(CallResult.Status status) {
    CallResult r =
        new CallResult(status, Optional.of(Answer.NOT_HERE), Optional.empty(), "not logged on");

    assertThat(r.connected()).isFalse();
    assertThat(r.conversation()).isEmpty();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CallResult(status, Optional.empty(), Optional.of(conversation), "x"));
  }

  @Test
  void rejectsNullComponents() {
    Optional<Answer> none = Optional.empty();
    Optional<Conversation> noTalk = Optional.empty();
    CallResult.Status refused = CallResult.Status.REFUSED;

    assertThatNullPointerException().isThrownBy(() -> new CallResult(null, none, noTalk, "m"));
    assertThatNullPointerException().isThrownBy(() -> new CallResult(refused, null, noTalk, "m"));
    assertThatNullPointerException().isThrownBy(() -> new CallResult(refused, none, null, "m"));
    assertThatNullPointerException().isThrownBy(() -> new CallResult(refused, none, noTalk, null));
  }
}

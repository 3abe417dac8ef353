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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void aConnectedResultCarriesItsConversationAndNoAnswer() {
    CallResult caller = CallResult.connectedAsCaller(conversation);
    CallResult callee = CallResult.connectedAsCallee(conversation);

    assertThat(caller.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLER);
    assertThat(callee.status()).isEqualTo(CallResult.Status.CONNECTED_AS_CALLEE);
    for (CallResult r : new CallResult[] {caller, callee}) {
      assertThat(r.connected()).isTrue();
      assertThat(r.conversation()).containsSame(conversation);
      assertThat(r.answerCode()).isEmpty();
      assertThat(r.answer()).isEmpty();
      assertThat(r.message()).isEqualTo("Connection established");
    }
    assertThat(caller).isNotEqualTo(callee);
    assertThatNullPointerException().isThrownBy(() -> CallResult.connectedAsCaller(null));
    assertThatNullPointerException().isThrownBy(() -> CallResult.connectedAsCallee(null));
  }

  @Test
  void aRefusalKeepsItsAnswerCodeAndTheClientsMessage() {
    CallResult r = CallResult.refused(Answer.NOT_HERE.code());

    assertThat(r.status()).isEqualTo(CallResult.Status.REFUSED);
    assertThat(r.connected()).isFalse();
    assertThat(r.conversation()).isEmpty();
    assertThat(r.answerCode()).hasValue(Answer.NOT_HERE.code());
    assertThat(r.answer()).contains(Answer.NOT_HERE);
    assertThat(r.message()).isEqualTo(Answer.NOT_HERE.clientMessage());
    assertThat(r).isEqualTo(CallResult.refused(Answer.NOT_HERE.code()));
    assertThat(r.hashCode()).isEqualTo(CallResult.refused(Answer.NOT_HERE.code()).hashCode());
    assertThat(r.toString()).contains("REFUSED", "answer 1");
  }

  @Test
  void anUnknownAnswerCodeIsKeptNotLost() {
    CallResult r = CallResult.refused(200);

    assertThat(r.answerCode()).hasValue(200);
    assertThat(r.answer()).isEmpty();
    assertThat(r.message()).isEqualTo("Unknown error (200)");
  }

  @Test
  void theSmallestAndLargestRefusalCodesAreKept() {
    assertThat(CallResult.refused(1).answerCode()).hasValue(1);
    assertThat(CallResult.refused(1).answer()).isPresent();
    assertThat(CallResult.refused(255).answerCode()).hasValue(255);
    assertThat(CallResult.refused(1).toString()).isEqualTo(
        "CallResult[REFUSED answer 1: " + CallResult.refused(1).message() + "]");
    assertThat(CallResult.cancelled().toString()).isEqualTo("CallResult[CANCELLED: Cancelled]");
    assertThat(CallResult.refused(2)).isNotEqualTo(CallResult.refused(1));
    assertThat(CallResult.refused(2).hashCode()).isNotEqualTo(CallResult.refused(1).hashCode());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 256})
  void aRefusalIsNeverSuccessNorMoreThanAByte(int code) {
    assertThatIllegalArgumentException().isThrownBy(() -> CallResult.refused(code));
  }

  @Test
  void notAnsweredAndCancelledHaveNoConversationNorAnswer() {
    CallResult late = CallResult.notAnswered(Duration.ofSeconds(90));
    CallResult cancelled = CallResult.cancelled();

    assertThat(late.status()).isEqualTo(CallResult.Status.NOT_ANSWERED);
    assertThat(late.message()).isEqualTo("Your party did not answer within 90.0 s");
    assertThat(cancelled.status()).isEqualTo(CallResult.Status.CANCELLED);
    assertThat(cancelled.message()).isEqualTo("Cancelled");
    for (CallResult r : new CallResult[] {late, cancelled}) {
      assertThat(r.connected()).isFalse();
      assertThat(r.conversation()).isEmpty();
      assertThat(r.answerCode()).isEmpty();
    }
    assertThatNullPointerException().isThrownBy(() -> CallResult.notAnswered(null));
  }
}

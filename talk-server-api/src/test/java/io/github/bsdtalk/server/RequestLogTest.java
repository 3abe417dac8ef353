package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestLog} on a real {@link TalkdServer} on 127.0.0.1: one line per datagram, names that
 * cannot forge a line, malformed datagrams with their reason, nothing built while disabled.
 */
class RequestLogTest {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final BlockingQueue<TalkdServer.Exchange> exchanges = new LinkedBlockingQueue<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  /** A server whose listener is the log, then a queue the test waits on. */
  private LoopbackClient serve(TalkdServer.Listener log) throws IOException {
    TalkdServer server =
        TalkdServer.builder()
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .announcer(Announcer.callback(a -> {}))
            .listener(
                e -> {
                  log.onExchange(e);
                  exchanges.add(e);
                })
            .build();
    resources.add(ServingThread.start(server));
    LoopbackClient client = new LoopbackClient(server.localAddress());
    resources.add(client);
    return client;
  }

  private void awaitExchange() throws InterruptedException {
    assertThat(exchanges.poll(ServingThread.PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
        .isNotNull();
  }

  @Test
  void eachRequestIsOneLineWithSenderTypeIdNamesAndAnswer() throws Exception {
    try (LogRecorder recorder = LogRecorder.of(RequestLog.class)) {
      LoopbackClient c = serve(RequestLog.standard());
      c.transact(c.lookUp("bob", "alice"));
      awaitExchange();

      assertThat(recorder.records()).extracting(LogRecord::getMessage)
          .containsExactly(
              c.localAddress().getAddress().getHostAddress() + ":" + c.localAddress().getPort()
                  + " LOOK_UP id 0 bob -> alice tty \"\": NOT_HERE id 0");
      assertThat(recorder.records().get(0).getLevel()).isEqualTo(java.util.logging.Level.INFO);
    }
  }

  @Test
  void namesFromTheNetworkCannotForgeALineOrReachATerminal() throws Exception {
    try (LogRecorder recorder = LogRecorder.of(RequestLog.class)) {
      LoopbackClient c = serve(RequestLog.standard());
      CtlMessage evil =
          c.leaveInvite("ev\u001b[2J\nil", "bob", TalkAddress.of(LoopbackClient.ip("127.0.0.1"), 40000), 7)
              .withRemoteTty("pts/1\r\nroot");
      c.transact(evil);
      awaitExchange();

      String line = recorder.records().get(0).getMessage();
      assertThat(line).contains("LEAVE_INVITE").contains("-> bob").endsWith(": SUCCESS id 1");
      assertThat(line.chars()).noneMatch(ch -> ch < 0x20 || ch == 0x7f);
    }
  }

  @Test
  void aMalformedDatagramIsLoggedWithItsLengthReasonAndTheReplySent() throws Exception {
    try (LogRecorder recorder = LogRecorder.of(RequestLog.class)) {
      LoopbackClient c = serve(RequestLog.standard());
      c.send(new byte[10]);
      c.receive();
      awaitExchange();

      assertThat(recorder.records().get(0).getMessage())
          .contains(" malformed, 10 bytes (")
          .contains("offset")
          .endsWith("): UNKNOWN_REQUEST");
    }
  }

  @Test
  void nothingIsFormattedOrLoggedWhileTheLevelIsOff() throws Exception {
    List<String> logged = new ArrayList<>();
    boolean[] asked = {false};
    System.Logger off =
        new System.Logger() {
          @Override
          public String getName() {
            return "off";
          }

          @Override
          public boolean isLoggable(Level level) {
            asked[0] = true;
            return false;
          }

          @Override
          public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            logged.add(msg);
          }

          @Override
          public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            logged.add(format);
          }

          @Override
          public void log(Level level, Supplier<String> msgSupplier) {
            logged.add(msgSupplier.get());
          }
        };
    LoopbackClient c = serve(RequestLog.to(off, System.Logger.Level.DEBUG));
    c.transact(c.lookUp("bob", "alice"));
    awaitExchange();

    assertThat(asked[0]).isTrue();
    assertThat(logged).isEmpty();
  }
}

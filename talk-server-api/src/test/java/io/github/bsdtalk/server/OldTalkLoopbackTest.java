package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * One {@link TalkdServer} with an ntalk and an old-talk endpoint ({@link
 * TalkdServer.Builder#oldTalkBind}) on 127.0.0.1: one table, each reply in its request's protocol,
 * old talk counted and logged as such.
 */
class OldTalkLoopbackTest {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final TalkAddress RENDEZVOUS =
      TalkAddress.of(LoopbackClient.ip("127.0.0.1"), 40_000);

  private static OldCtlMessage old(RequestType type, LoopbackClient c, String local,
      String remote, TalkAddress addr, ByteOrder order) {
    return new OldCtlMessage(type.code(), local, remote, 0, 77, "", addr, c.controlAddress(),
        order);
  }

  private static OldCtlResponse receiveOld(LoopbackClient c, ByteOrder order) throws Exception {
    byte[] reply = c.receiveBytes();
    assertThat(reply).hasSize(OldCtlResponse.SIZE);
    return OldTalkCodec.decodeResponse(reply, order);
  }

  @Test
  void oneProcessServesBothPortsFromOneTable() throws Exception {
    BlockingQueue<TalkdServer.Exchange> exchanges = new LinkedBlockingQueue<>();
    try (LogRecorder log = LogRecorder.of(RequestLog.class)) {
      TalkdServer server = TalkdServer.builder().bind(LOOPBACK).oldTalkBind(LOOPBACK)
          .announcer(Announcer.callback(a -> {}))
          .listener(e -> {
            RequestLog.standard().onExchange(e);
            exchanges.add(e);
          })
          .build();
      assertThat(server.endpoints()).hasSize(2);
      InetSocketAddress ntalkPort = server.localAddress();
      InetSocketAddress oldPort =
          (InetSocketAddress) server.endpoints().get(1).channel().getLocalAddress();
      assertThat(oldPort.getPort()).isNotEqualTo(ntalkPort.getPort());
      try (TalkdServer.Serving serving = ServingThread.start(server);
          LoopbackClient alice = new LoopbackClient(oldPort);
          LoopbackClient bob = new LoopbackClient(ntalkPort);
          LoopbackClient carol = new LoopbackClient(oldPort)) {
        // an old-talk LEAVE_INVITE on the old port, found by an ntalk LOOK_UP on the ntalk port
        alice.send(OldTalkCodec.encode(
            old(RequestType.LEAVE_INVITE, alice, "alice", "bob", RENDEZVOUS,
                ByteOrder.BIG_ENDIAN)));
        OldCtlResponse invited = receiveOld(alice, ByteOrder.BIG_ENDIAN);
        assertThat(invited.is(Answer.SUCCESS)).isTrue();

        CtlResponse found = bob.transact(bob.lookUp("bob", "alice"));
        assertThat(found.knownAnswer()).contains(Answer.SUCCESS);
        assertThat(found.id()).isEqualTo(invited.id());
        assertThat(found.address()).isEqualTo(RENDEZVOUS);

        // and the reverse: an ntalk invitation found by a little-endian old-talk LOOK_UP
        bob.transact(bob.leaveInvite("bob", "carol", RENDEZVOUS, 8));
        carol.send(OldTalkCodec.encode(old(RequestType.LOOK_UP, carol, "carol", "bob",
            TalkAddress.ANY, ByteOrder.LITTLE_ENDIAN)));
        OldCtlResponse carolFound = receiveOld(carol, ByteOrder.LITTLE_ENDIAN);
        assertThat(carolFound.is(Answer.SUCCESS)).isTrue();
        assertThat(carolFound.address()).isEqualTo(RENDEZVOUS);

        for (int i = 0; i < 4; i++) {
          assertThat(exchanges.poll(ServingThread.PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
              .isNotNull();
        }
        TalkdServer.Stats stats = server.stats();
        assertThat(stats.received()).isEqualTo(4);
        assertThat(stats.oldTalk()).isEqualTo(2);
        assertThat(stats.malformed()).isZero();
        assertThat(stats.count(Answer.SUCCESS)).isEqualTo(4);
      }
      assertThat(log.records()).extracting(LogRecord::getMessage)
          .anySatisfy(line -> assertThat(line)
              .endsWith(" old talk LEAVE_INVITE id 0 alice -> bob tty \"\": SUCCESS id 1"))
          .anySatisfy(line -> assertThat(line)
              .endsWith(" old talk little-endian LOOK_UP id 0 carol -> bob tty \"\": SUCCESS id 2"))
          .anySatisfy(line -> assertThat(line)
              .endsWith(" LOOK_UP id 0 bob -> alice tty \"\": SUCCESS id 1")
              .doesNotContain("old talk"));
    }
  }

  @Test
  void anOldTalkExchangeCarriesTheOldRequest() throws Exception {
    BlockingQueue<TalkdServer.Exchange> exchanges = new LinkedBlockingQueue<>();
    try (TalkdServer server = TalkdServer.builder().bind(LOOPBACK).listener(exchanges::add)
            .build();
        TalkdServer.Serving serving = ServingThread.start(server);
        LoopbackClient c = new LoopbackClient(server.localAddress())) {
      // old talk on the ntalk port too, as netkit's one process takes it (repairs.c QUIRK_OTALK)
      OldCtlMessage lookUp =
          old(RequestType.LOOK_UP, c, "bob", "alice", TalkAddress.ANY, ByteOrder.BIG_ENDIAN);
      c.send(OldTalkCodec.encode(lookUp));
      assertThat(receiveOld(c, ByteOrder.BIG_ENDIAN).knownAnswer()).contains(Answer.NOT_HERE);

      TalkdServer.Exchange e =
          exchanges.poll(ServingThread.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(e).isNotNull();
      assertThat(e.oldTalkRequest()).contains(lookUp);
      assertThat(e.request()).contains(lookUp.toCtlMessage());
      assertThat(e.response().orElseThrow().knownAnswer()).contains(Answer.NOT_HERE);
      assertThat(e.toString()).contains("76 bytes old talk");
    }
  }

  @Test
  void oldTalkBindConflictsWithAnInheritedChannelAndWithEndpoints() throws IOException {
    try (DatagramChannel ch = DatagramChannel.open()) {
      assertThatThrownBy(() -> TalkdServer.builder().channel(ch).oldTalkBind(LOOPBACK).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("oldTalkBind()").hasMessageContaining("channel()");
      assertThatThrownBy(() -> TalkdServer.builder()
              .endpoint(new TalkdServer.Endpoint(ch, RequestProcessor.builder().build()))
              .oldTalkBind(LOOPBACK).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("oldTalkBind()").hasMessageContaining("endpoint()");
    }
  }
}

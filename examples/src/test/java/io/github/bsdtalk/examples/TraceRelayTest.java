package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.client.DaemonClient;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceRelayTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private TalkdServer talkd;
  private TraceRelay relay;

  @BeforeEach
  void startDaemonAndRelay() throws IOException {
    talkd = TalkdServer.builder().bind(LOOPBACK_ANY_PORT).announcer(Announcer.refuseAll()).build();
    Background.start("talkd", talkd::serve);
    relay =
        TraceRelay.open(
            LOOPBACK_ANY_PORT,
            talkd.localAddress(),
            new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws IOException {
    relay.close();
    talkd.close();
  }

  /** Relays until {@code n} datagrams have passed; get() on the result waits for that. */
  private Future<Void> relay(long n) {
    return Background.start(
        "relay",
        () -> {
          relay.run(n);
          return null;
        });
  }

  private String trace(Future<Void> relaying) throws Exception {
    relaying.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static DaemonClient clientOf(InetSocketAddress relayAddress) throws IOException {
    return DaemonClient.connect(relayAddress);
  }

  private static CtlMessage request(
      RequestType type, DaemonClient client, TalkAddress addr, String from, String to)
      throws IOException {
    return CtlMessage.of(type, 0, addr, TalkAddress.of(client.localAddress()), 4242, from, to, "");
  }

  @Test
  void relaysLookUpToTheDaemonAndItsReplyBackPrintingBothDecoded() throws Exception {
    Future<Void> relaying = relay(2);
    InetSocketAddress daemon = talkd.localAddress();
    InetSocketAddress relayAddress = relay.localAddress();
    CtlResponse reply;
    String client;
    try (DaemonClient alice = clientOf(relayAddress)) {
      client = TraceRelay.text(alice.localAddress());
      reply =
          alice.transact(request(RequestType.LOOK_UP, alice, TalkAddress.ANY, "alice", "bob"));
    }

    assertThat(reply.requestType()).contains(RequestType.LOOK_UP);
    assertThat(reply.knownAnswer()).contains(Answer.NOT_HERE);
    assertThat(talkd.stats().received()).isEqualTo(1);
    assertThat(trace(relaying))
        .containsSubsequence(
            client + " -> daemon " + TraceRelay.text(daemon) + "  CTL_MSG 84 bytes",
            "type     01",
            "LOOK_UP (1)",
            "ctl_addr",
            client,
            "l_name   616c69636500000000000000         \"alice\"",
            "r_name   626f62000000000000000000         \"bob\"",
            "daemon " + TraceRelay.text(daemon) + " -> " + client + "  CTL_RESPONSE 24 bytes",
            "type     01",
            "LOOK_UP (1)",
            "answer   01",
            "NOT_HERE (1)");
    assertThat(relay.relayed()).isEqualTo(2);
  }

  @Test
  void printsTenByteDatagramAsMalformedAndStillRelaysItAndTheDaemonsAnswer() throws Exception {
    Future<Void> relaying = relay(2);
    InetSocketAddress relayAddress = relay.localAddress();
    byte[] lookUp;
    Optional<byte[]> answer;
    String client;
    try (RawUdp raw = RawUdp.connect(relayAddress)) {
      client = TraceRelay.text(raw.localAddress());
      lookUp =
          TalkCodec.encode(
              CtlMessage.of(
                  RequestType.LOOK_UP,
                  0,
                  TalkAddress.ANY,
                  TalkAddress.of(raw.localAddress()),
                  4242,
                  "alice",
                  "bob",
                  ""));
      raw.send(ByteBuffer.wrap(Arrays.copyOf(lookUp, 10)), relayAddress);
      answer = raw.receive(WAIT);
    }

    assertThat(answer).as("the daemon's answer, relayed back").isPresent();
    CtlResponse reply = TalkCodec.decodeResponse(answer.get());
    // RequestProcessor echoes byte 1 of a datagram of the wrong length as the type
    assertThat(reply.type()).isEqualTo(RequestType.LOOK_UP.code());
    assertThat(reply.knownAnswer()).contains(Answer.UNKNOWN_REQUEST);
    assertThat(talkd.stats().malformed()).isEqualTo(1);
    assertThat(trace(relaying))
        .containsSubsequence(
            client + " -> daemon ",
            "MALFORMED 10 bytes",
            "MALFORMED ",
            "TRUNCATED",
            "-> " + client + "  CTL_RESPONSE 24 bytes",
            "UNKNOWN_REQUEST (5)");
  }

  @Test
  void stopsAfterExactlyMaxDatagramsEvenWhenMoreAreAlreadyQueued() throws Exception {
    InetSocketAddress relayAddress = relay.localAddress();
    try (RawUdp raw = RawUdp.connect(relayAddress)) {
      byte[] lookUp =
          TalkCodec.encode(
              CtlMessage.of(
                  RequestType.LOOK_UP,
                  0,
                  TalkAddress.ANY,
                  TalkAddress.of(raw.localAddress()),
                  4242,
                  "alice",
                  "bob",
                  ""));
      // both wait in the relay's socket before it runs, so one drain of the socket sees both
      raw.send(ByteBuffer.wrap(lookUp), relayAddress);
      raw.send(ByteBuffer.wrap(lookUp), relayAddress);

      String trace = trace(relay(1));

      assertThat(relay.relayed()).isEqualTo(1);
      assertThat(trace).containsOnlyOnce("CTL_MSG 84 bytes");
    }
  }

  @Test
  void keepsTwoClientsApartSoEachGetsItsOwnReply() throws Exception {
    Future<Void> relaying = relay(4);
    InetSocketAddress relayAddress = relay.localAddress();
    TalkAddress rendezvous = TalkAddress.of(new InetSocketAddress("127.0.0.1", 4321));
    try (DaemonClient alice = clientOf(relayAddress);
        DaemonClient bob = clientOf(relayAddress)) {
      CtlResponse filed =
          alice.transact(request(RequestType.LEAVE_INVITE, alice, rendezvous, "alice", "bob")
                  .withId(CtlMessage.MAX_ID_NUM));
      CtlResponse found =
          bob.transact(request(RequestType.LOOK_UP, bob, TalkAddress.ANY, "bob", "alice"));

      assertThat(filed.requestType()).contains(RequestType.LEAVE_INVITE);
      assertThat(found.requestType()).contains(RequestType.LOOK_UP);
      assertThat(found.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(found.address()).isEqualTo(rendezvous);
      assertThat(found.id()).isEqualTo(filed.id());
      String trace = trace(relaying);
      assertThat(trace)
          .containsSubsequence(
              TraceRelay.text(alice.localAddress()) + " -> daemon",
              "LEAVE_INVITE (0)",
              "-> " + TraceRelay.text(alice.localAddress()) + "  CTL_RESPONSE",
              TraceRelay.text(bob.localAddress()) + " -> daemon",
              "LOOK_UP (1)",
              "-> " + TraceRelay.text(bob.localAddress()) + "  CTL_RESPONSE",
              "SUCCESS (0)");
    }
  }
}

package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.LoopbackClient.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * {@link TalkdServer} over real UDP sockets on 127.0.0.1 (port 0). {@code serve()} runs on a {@link
 * ServingThread}; the tests wait only for events (a reply, a {@link TalkdServer.Listener} call,
 * {@code serve()} returning), each wait bounded by {@link ServingThread#PATIENCE}.
 */
class TalkdServerLoopbackTest {

  private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
  private static final TalkAddress ALICE_RENDEZVOUS = TalkAddress.of(ip("127.0.0.1"), 40_000);
  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final BlockingQueue<TalkdServer.Exchange> exchanges = new LinkedBlockingQueue<>();

  @AfterEach
  void closeResources() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    resources.push(resource);
    return resource;
  }

  private TalkdServer.Serving serve(UnaryOperator<TalkdServer.Builder> config) throws IOException {
    TalkdServer server = config.apply(TalkdServer.builder().bind(LOOPBACK_ANY_PORT)).build();
    return closeLater(ServingThread.start(server));
  }

  private TalkdServer.Serving serve() throws IOException {
    return serve(b -> b);
  }

  private LoopbackClient client(TalkdServer.Serving s) throws IOException {
    return closeLater(new LoopbackClient(s.server().localAddress()));
  }

  private LoopbackClient client(String ip, TalkdServer.Serving s) throws IOException {
    return closeLater(new LoopbackClient(ip, s.server().localAddress()));
  }

  /** The next exchange the listener saw; fails if none comes within the patience. */
  private TalkdServer.Exchange nextExchange() throws InterruptedException {
    TalkdServer.Exchange e =
        exchanges.poll(ServingThread.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e).as("exchange seen by the listener").isNotNull();
    return e;
  }

  // ---- answers over the socket ------------------------------------------------------------------

  @Test
  void answersLookUpWithNothingWaitingNotHereAtTheSendingSocket() throws Exception {
    TalkdServer.Serving s = serve();
    LoopbackClient bob = client(s);

    CtlResponse reply = bob.transact(bob.lookUp("bob", "alice"));

    assertThat(reply).isEqualTo(CtlResponse.of(1, Answer.NOT_HERE, 0, TalkAddress.ZERO));
  }

  @Test
  void lookUpFromAnotherSocketFindsTheInvitationLeftThroughTheSocket() throws Exception {
    TalkdServer.Serving s = serve();
    LoopbackClient alice = client(s);
    LoopbackClient bob = client(s);

    CtlResponse left = alice.transact(alice.leaveInvite("alice", "bob", ALICE_RENDEZVOUS, 1111));
    CtlResponse found = bob.transact(bob.lookUp("bob", "alice"));

    assertThat(left.is(Answer.SUCCESS)).as("LEAVE_INVITE answer %s", left).isTrue();
    assertThat(left.id()).isPositive();
    assertThat(found)
        .isEqualTo(CtlResponse.of(RequestType.LOOK_UP.code(), Answer.SUCCESS, left.id(),
            ALICE_RENDEZVOUS));
  }

  @Test
  void repliesToTheSourceAddressNotToCtlAddrByDefault() throws Exception {
    TalkdServer.Serving s = serve();
    LoopbackClient sender = client(s);
    LoopbackClient named = client(s);

    // the LOOK_UP names the other socket as ctl_addr; netkit answers where the datagram came from
    sender.send(sender.lookUp("bob", "alice").withControlAddress(named.controlAddress()));
    CtlResponse atSender = sender.receive();
    // If the LOOK_UP reply had gone to ctl_addr it would be queued at `named` before this reply:
    // the server handles datagrams one at a time and loopback keeps their order.
    CtlResponse atNamed =
        named.transact(named.leaveInvite("carol", "dave", ALICE_RENDEZVOUS, 7));

    assertThat(atSender.type()).isEqualTo(RequestType.LOOK_UP.code());
    assertThat(atSender.is(Answer.NOT_HERE)).isTrue();
    assertThat(atNamed.type()).isEqualTo(RequestType.LEAVE_INVITE.code());
  }

  @Test
  void repliesToCtlAddrWhenConfiguredForControlAddress() throws Exception {
    TalkdServer.Serving s =
        serve(b -> b.replyTarget(ReplyTarget.CONTROL_ADDRESS).listener(exchanges::add));
    LoopbackClient sender = client(s);
    LoopbackClient named = client(s);

    sender.send(sender.lookUp("bob", "alice").withControlAddress(named.controlAddress()));
    CtlResponse atNamed = named.receive();
    // Nothing went to the sender: the first thing it gets is the answer to its own next request.
    CtlResponse atSender =
        sender.transact(sender.leaveInvite("carol", "dave", ALICE_RENDEZVOUS, 7));

    assertThat(atNamed.type()).isEqualTo(RequestType.LOOK_UP.code());
    assertThat(atNamed.is(Answer.NOT_HERE)).isTrue();
    assertThat(atSender.type()).isEqualTo(RequestType.LEAVE_INVITE.code());
    assertThat(nextExchange().replyTo()).isEqualTo(named.localAddress());
    assertThat(nextExchange().replyTo()).isEqualTo(sender.localAddress());
  }

  @Test
  void repliesToCtlAddrWhenConfiguredForControlAddressAlsoWithoutAListener() throws Exception {
    // without a listener the server decodes the request only for CONTROL_ADDRESS; this pins that
    TalkdServer.Serving s = serve(b -> b.replyTarget(ReplyTarget.CONTROL_ADDRESS));
    LoopbackClient sender = client(s);
    LoopbackClient named = client(s);

    sender.send(sender.lookUp("bob", "alice").withControlAddress(named.controlAddress()));
    CtlResponse atNamed = named.receive();
    CtlResponse atSender =
        sender.transact(sender.leaveInvite("carol", "dave", ALICE_RENDEZVOUS, 7));

    assertThat(atNamed.type()).isEqualTo(RequestType.LOOK_UP.code());
    assertThat(atSender.type()).isEqualTo(RequestType.LEAVE_INVITE.code());
  }

  @Test
  void answersAMalformedDatagramAtItsSourceEvenWhenConfiguredForControlAddress()
      throws Exception {
    TalkdServer.Serving s = serve(b -> b.replyTarget(ReplyTarget.CONTROL_ADDRESS));
    LoopbackClient sender = client(s);

    // a short datagram has no ctl_addr to read
    sender.send(new byte[] {1, 9, 0, 0, 0, 0, 0, 0, 0, 0});
    CtlResponse reply = sender.receive();

    assertThat(reply).isEqualTo(CtlResponse.of(9, Answer.UNKNOWN_REQUEST, 0, TalkAddress.ZERO));
  }

  // ---- stats and listener -----------------------------------------------------------------------

  @Test
  void statsCountRepliesPerAnswerAndMalformedDatagrams() throws Exception {
    TalkdServer.Serving s = serve(b -> b.listener(exchanges::add));
    LoopbackClient c = client(s);
    byte[] version2 = TalkCodec.encode(withVersion(c.lookUp("bob", "alice"), 2));
    byte[] type9 = TalkCodec.encode(withType(c.lookUp("bob", "alice"), 9));

    c.transact(c.lookUp("bob", "alice")); // NOT_HERE
    c.send(version2); // BADVERSION
    c.receive();
    c.send(new byte[10]); // malformed: UNKNOWN_REQUEST
    c.receive();
    c.send(type9); // UNKNOWN_REQUEST
    c.receive();
    c.transact(c.leaveInvite("alice", "bob", ALICE_RENDEZVOUS, 1)); // SUCCESS
    for (int i = 0; i < 5; i++) {
      nextExchange(); // the listener runs after the counters are updated
    }
    TalkdServer.Stats stats = s.server().stats();

    assertThat(stats.received()).isEqualTo(5);
    assertThat(stats.malformed()).isEqualTo(1);
    assertThat(stats.count(Answer.NOT_HERE)).isEqualTo(1);
    assertThat(stats.count(Answer.BADVERSION)).isEqualTo(1);
    assertThat(stats.count(Answer.UNKNOWN_REQUEST)).isEqualTo(2);
    assertThat(stats.count(Answer.SUCCESS)).isEqualTo(1);
    assertThat(stats.answers().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
    assertThat(stats.answers()).containsOnlyKeys(Answer.values());
    assertThat(stats.otherAnswers()).isZero();
    assertThat(stats.dropped()).isZero();
    assertThat(stats.failures()).isZero();
  }

  @Test
  void statsCountDatagramsDroppedUnderTheDropPolicy() throws Exception {
    RequestProcessor dropping =
        RequestProcessor.builder()
            .wrongLengthPolicy(RequestProcessor.WrongLengthPolicy.DROP)
            .build();
    TalkdServer.Serving s = serve(b -> b.processor(dropping).listener(exchanges::add));
    LoopbackClient c = client(s);

    c.send(new byte[83]);
    // the first reply to arrive is the LOOK_UP's: nothing was sent for the 83 bytes
    CtlResponse reply = c.transact(c.lookUp("bob", "alice"));
    TalkdServer.Exchange dropped = nextExchange();
    nextExchange();
    TalkdServer.Stats stats = s.server().stats();

    assertThat(reply.type()).isEqualTo(RequestType.LOOK_UP.code());
    assertThat(dropped.response()).isEmpty();
    assertThat(stats.received()).isEqualTo(2);
    assertThat(stats.malformed()).isEqualTo(1);
    assertThat(stats.dropped()).isEqualTo(1);
    assertThat(stats.count(Answer.NOT_HERE)).isEqualTo(1);
    assertThat(stats.failures()).isZero();
  }

  @Test
  void listenerSeesEveryExchangeWithWhatCameInAndWentOut() throws Exception {
    TalkdServer.Serving s = serve(b -> b.clock(InstantSource.fixed(T0)).listener(exchanges::add));
    LoopbackClient c = client(s);
    CtlMessage lookUp = c.lookUp("bob", "alice");
    byte[] lookUpBytes = TalkCodec.encode(lookUp);
    byte[] shortBytes = {1, 3, 0};

    c.send(lookUpBytes);
    c.receive();
    c.send(shortBytes);
    c.receive();
    TalkdServer.Exchange first = nextExchange();
    TalkdServer.Exchange second = nextExchange();

    assertThat(first.time()).isEqualTo(T0);
    assertThat(first.sender()).isEqualTo(c.localAddress());
    assertThat(first.datagram()).isEqualTo(lookUpBytes);
    assertThat(first.request()).contains(lookUp);
    assertThat(first.response()).contains(CtlResponse.of(1, Answer.NOT_HERE, 0, TalkAddress.ZERO));
    assertThat(first.replyTo()).isEqualTo(c.localAddress());
    assertThat(second.datagram()).isEqualTo(shortBytes);
    assertThat(second.request()).isEmpty();
    assertThat(second.response())
        .contains(CtlResponse.of(3, Answer.UNKNOWN_REQUEST, 0, TalkAddress.ZERO));
    assertThat(exchanges).isEmpty();
  }

  // ---- misbehaving plug-ins ---------------------------------------------------------------------

  @Test
  void listenerThatThrowsDoesNotStopServing() throws Exception {
    LogRecorder log = LogRecorder.of(TalkdServer.class);
    resources.push(log);
    AtomicBoolean called = new AtomicBoolean();
    TalkdServer.Serving s =
        serve(b -> b.listener(e -> {
          called.set(true);
          throw new IllegalStateException("listener bug");
        }));
    LoopbackClient c = client(s);

    CtlResponse first = c.transact(c.lookUp("bob", "alice"));
    CtlResponse second = c.transact(c.lookUp("bob", "carol"));

    assertThat(first.is(Answer.NOT_HERE)).isTrue();
    assertThat(second.is(Answer.NOT_HERE)).isTrue();
    assertThat(called).isTrue();
    assertThat(s.isServing()).isTrue();
    // the listener is called after the reply is sent, on the serving thread: the second reply
    // arrived, so the first exchange's listener call has been logged
    assertThat(log.records())
        .anySatisfy(r -> {
          assertThat(r.getLevel()).isEqualTo(Level.WARNING);
          assertThat(r.getMessage()).isEqualTo("listener failed");
          assertThat(r.getThrown()).hasMessage("listener bug");
        });
  }

  @Test
  void announcerThatThrowsIsAnsweredFailedAndServingGoesOn() throws Exception {
    TalkdServer.Serving s =
        serve(b -> b.announcer(a -> {
          throw new IllegalStateException("announcer bug");
        }));
    LoopbackClient c = client(s);
    CtlMessage announce =
        CtlMessage.of(RequestType.ANNOUNCE, CtlMessage.MAX_ID_NUM, ALICE_RENDEZVOUS,
            c.controlAddress(), 777, "alice", "bob", "");

    CtlResponse announced = c.transact(announce);
    CtlResponse lookedUp = c.transact(c.lookUp("bob", "alice"));

    assertThat(announced).isEqualTo(CtlResponse.of(3, Answer.FAILED, 0, TalkAddress.ZERO));
    assertThat(lookedUp.is(Answer.NOT_HERE)).isTrue();
    assertThat(s.server().processor().orElseThrow().table().size()).isZero();
    assertThat(s.server().stats().failures()).isZero();
  }

  @Test
  void tableThatThrowsCountsAFailureSendsNothingAndServingGoesOn() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    InvitationTable real = InvitationTable.inMemory();
    InvitationTable flaky = new FlakyTable(real, broken);
    LogRecorder log = LogRecorder.of(TalkdServer.class);
    resources.push(log);
    TalkdServer.Serving s = serve(b -> b.table(flaky).listener(exchanges::add));
    LoopbackClient c = client(s);

    c.send(c.lookUp("bob", "alice"));
    TalkdServer.Exchange failed = nextExchange();
    broken.set(false);
    // the first reply to arrive answers the second LOOK_UP: the failed one got none
    CtlResponse reply = c.transact(c.lookUp("bob", "carol"));
    nextExchange();

    assertThat(failed.response()).isEmpty();
    assertThat(reply.is(Answer.NOT_HERE)).isTrue();
    assertThat(s.server().stats().failures()).isEqualTo(1);
    assertThat(s.server().stats().received()).isEqualTo(2);
    assertThat(s.isServing()).isTrue();
    // the failure is logged before the listener hears of the exchange: one warning, with the cause
    assertThat(log.records())
        .filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.getLevel()).isEqualTo(Level.WARNING);
          assertThat(r.getMessage()).startsWith("failed to handle datagram from /127.0.0.1:");
          assertThat(r.getThrown()).hasMessage("table backend down");
        });
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  @Test
  void closeFromAnotherThreadMakesServeReturnFalsePromptly() throws Exception {
    TalkdServer.Serving s = serve();
    LoopbackClient c = client(s);
    c.transact(c.lookUp("bob", "alice")); // it is serving, now blocked waiting for a datagram

    long start = System.nanoTime();
    s.server().close();
    boolean idle = ServingThread.awaitResult(s);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(idle).isFalse();
    assertThat(took).isLessThan(Duration.ofSeconds(2));
    s.server().close(); // idempotent
  }

  @RepeatedTest(20)
  void closeWhileDatagramsArriveMakesServeReturnFalse() throws Exception {
    TalkdServer.Serving s = serve();
    LoopbackClient c = client(s);
    byte[] lookUp = TalkCodec.encode(c.lookUp("bob", "alice"));
    c.transact(c.lookUp("bob", "alice"));
    for (int i = 0; i < 50; i++) {
      c.send(lookUp); // keep the server waking up and handling while it is closed
    }

    s.server().close();

    // serve() must return false, not throw a ClosedSelectorException or ClosedChannelException
    assertThat(ServingThread.awaitResult(s)).isFalse();
  }

  @Test
  void serveReturnsTrueAfterTheIdleTimeout() throws Exception {
    Duration idle = Duration.ofMillis(200);
    long start = System.nanoTime();
    TalkdServer.Serving s = serve(b -> b.idleTimeout(idle));

    boolean result = ServingThread.awaitResult(s);

    assertThat(result).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(idle);
  }

  @Test
  void datagramsKeepAServerWithAnIdleTimeoutServing() throws Exception {
    // long enough that a loaded machine does not pause this thread for a whole idle period
    Duration idle = Duration.ofSeconds(1);
    TalkdServer.Serving s = serve(b -> b.idleTimeout(idle));
    LoopbackClient c = client(s);

    // Busy for two idle periods: every round trip restarts the idle clock, so each is answered.
    long start = System.nanoTime();
    int answered = 0;
    long lastSent;
    do {
      lastSent = System.nanoTime();
      assertThat(c.transact(c.lookUp("bob", "alice")).is(Answer.NOT_HERE)).isTrue();
      answered++;
    } while (System.nanoTime() - start < 2 * idle.toNanos());
    boolean result = ServingThread.awaitResult(s);
    long returned = System.nanoTime();

    assertThat(result).isTrue();
    assertThat(answered).isGreaterThan(1);
    assertThat(Duration.ofNanos(returned - lastSent)).isGreaterThanOrEqualTo(idle);
  }

  @Test
  void interruptingTheServingThreadMakesServeThrowInterruptedIoException() throws Exception {
    TalkdServer server = closeLater(TalkdServer.builder().bind(LOOPBACK_ANY_PORT).build());
    java.util.concurrent.atomic.AtomicReference<Thread> thread =
        new java.util.concurrent.atomic.AtomicReference<>();
    TalkdServer.Serving s = server.serveOn(r -> {
      Thread t = new Thread(r, "talkd-interrupted");
      t.setDaemon(true);
      thread.set(t);
      t.start();
    });
    LoopbackClient c = closeLater(new LoopbackClient(server.localAddress()));
    c.transact(c.lookUp("bob", "alice"));

    thread.get().interrupt();

    assertThatThrownBy(() -> ServingThread.awaitResult(s))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InterruptedIOException.class);
  }

  @Test
  void servesOnAPreBoundChannelAndClosesIt() throws Exception {
    // what the talkd tool does with System.inheritedChannel() under inetd
    DatagramChannel channel =
        closeLater(DatagramChannel.open(StandardProtocolFamily.INET).bind(LOOPBACK_ANY_PORT));
    TalkdServer.Serving s =
        closeLater(ServingThread.start(TalkdServer.builder().channel(channel).build()));
    LoopbackClient c = client(s);

    InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
    CtlResponse reply = c.transact(c.lookUp("bob", "alice"));
    InetSocketAddress served = s.server().localAddress();
    s.close();

    assertThat(served).isEqualTo(bound);
    assertThat(reply.is(Answer.NOT_HERE)).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void buildingOnAPortInUseThrowsIoExceptionNamingTheAddress() throws Exception {
    DatagramSocket occupant = closeLater(new DatagramSocket(LOOPBACK_ANY_PORT));
    InetSocketAddress taken = (InetSocketAddress) occupant.getLocalSocketAddress();

    assertThatThrownBy(() -> TalkdServer.builder().bind(taken).build())
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(BindException.class)
        // the operator must learn which address could not be bound
        .hasMessageContaining("127.0.0.1:" + taken.getPort());
  }

  // ---- robustness against captured datagrams ----------------------------------------------------

  @Test
  void answersEveryDatagramSentToNetkitWith24BytesAndKeepsServing() throws Exception {
    List<GoldenSentDatagrams.Sent> golden = GoldenSentDatagrams.netkitErrors();
    TalkdServer.Serving s = serve();
    LoopbackClient c = client(s);
    List<String> wrong = new ArrayList<>();
    int malformed = 0;

    for (GoldenSentDatagrams.Sent sent : golden) {
      byte[] d = sent.bytes();
      malformed += d.length == CtlMessage.SIZE || d.length == OldCtlMessage.SIZE ? 0 : 1;
      c.send(d);
      byte[] reply = c.receiveBytes();
      if (d.length == OldCtlMessage.SIZE) {
        // old talk, answered in old talk: the request's type in byte 0, then an old answer
        if (reply.length != OldCtlResponse.SIZE || reply[0] != d[0] || reply[1] > 5) {
          wrong.add(sent + " -> " + HexFormat.of().formatHex(reply));
        }
        continue;
      }
      // vers 1, the request's type byte echoed (0 if it has none), pad 0: see RequestProcessor
      int echoedType = d.length >= 2 ? Byte.toUnsignedInt(d[1]) : 0;
      if (reply.length != CtlResponse.SIZE || reply[0] != 1
          || Byte.toUnsignedInt(reply[1]) != echoedType || reply[3] != 0) {
        wrong.add(sent + " -> " + HexFormat.of().formatHex(reply));
      }
    }
    LoopbackClient alice = client(s);
    LoopbackClient bob = client(s);
    CtlResponse left = alice.transact(alice.leaveInvite("zed", "yan", ALICE_RENDEZVOUS, 99));
    CtlResponse found = bob.transact(bob.lookUp("yan", "zed"));
    TalkdServer.Stats stats = s.server().stats();

    assertThat(golden).hasSize(44);
    assertThat(wrong).as("datagrams answered wrongly").isEmpty();
    assertThat(found)
        .isEqualTo(CtlResponse.of(1, Answer.SUCCESS, left.id(), ALICE_RENDEZVOUS));
    assertThat(s.isServing()).isTrue();
    assertThat(stats.received()).isEqualTo(golden.size() + 2);
    assertThat(stats.malformed()).isEqualTo(malformed).isEqualTo(6); // not 84 bytes and not old talk
    assertThat(stats.failures()).isZero();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static CtlMessage withVersion(CtlMessage m, int version) {
    return new CtlMessage(version, m.type(), m.answer(), m.id(), m.address(), m.controlAddress(),
        m.pid(), m.localName(), m.remoteName(), m.remoteTty());
  }

  private static CtlMessage withType(CtlMessage m, int type) {
    return new CtlMessage(m.version(), type, m.answer(), m.id(), m.address(), m.controlAddress(),
        m.pid(), m.localName(), m.remoteName(), m.remoteTty());
  }

  /** A table whose every call throws while {@code broken} is set. */
  private static final class FlakyTable implements InvitationTable {
    private final InvitationTable real;
    private final AtomicBoolean broken;

    FlakyTable(InvitationTable real, AtomicBoolean broken) {
      this.real = real;
      this.broken = broken;
    }

    private void check() {
      if (broken.get()) {
        throw new IllegalStateException("table backend down");
      }
    }

    @Override
    public Optional<Invitation> leave(CtlMessage request, InetAddress owner, Instant now) {
      check();
      return real.leave(request, owner, now);
    }

    @Override
    public Optional<Invitation> lookUp(String inviter, String invitee, Instant now) {
      check();
      return real.lookUp(inviter, invitee, now);
    }

    @Override
    public AnnounceDecision announce(CtlMessage request, InetAddress owner, Instant now) {
      check();
      return real.announce(request, owner, now);
    }

    @Override
    public boolean announceFailed(Invitation entry, Instant now) {
      check();
      return real.announceFailed(entry, now);
    }

    @Override
    public boolean delete(long id, InetAddress requester, String requesterName, Instant now) {
      check();
      return real.delete(id, requester, requesterName, now);
    }

    @Override
    public int size() {
      return real.size();
    }
  }
}

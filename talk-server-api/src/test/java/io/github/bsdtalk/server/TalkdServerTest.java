package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.LOCALHOST_2;
import static io.github.bsdtalk.server.TestRequests.REMOTE;
import static io.github.bsdtalk.server.TestRequests.aliceClient;
import static io.github.bsdtalk.server.TestRequests.leaveInvite;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static io.github.bsdtalk.server.TestRequests.sender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The local-address rule of {@link TalkdServer}'s default processor. Every other test sends from
 * loopback, where a rule that counts every address as local passes too; these give the rule
 * non-loopback addresses: TEST-NET ones through {@link TalkdServer.Builder#localRule}, and this
 * host's own interface address through a built server.
 */
class TalkdServerTest {

  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");
  /** 192.0.2.1 (TEST-NET-1): stands for this host's LAN address in the rule's unit tests. */
  private static final Inet4Address LAN = TalkAddress.ipv4(0xc000_0201);

  @Test
  void localRuleCountsLoopbackAndTheInterfaceAddressesAndNothingElse() throws Exception {
    Predicate<InetAddress> local = RequestProcessor.localRule(Set.of(LAN));

    assertThat(local.test(LAN)).isTrue();
    assertThat(local.test(LOCALHOST)).isTrue();
    assertThat(local.test(LOCALHOST_2)).isTrue();
    assertThat(local.test(InetAddress.getByName("::1"))).isTrue();
    assertThat(local.test(REMOTE)).isFalse();
    assertThat(local.test(InetAddress.getByName("10.0.0.1"))).isFalse();
  }

  @Test
  void localRuleWithoutInterfaceAddressesCountsOnlyLoopback() {
    Predicate<InetAddress> local = RequestProcessor.localRule(Set.of());

    assertThat(local.test(LOCALHOST)).isTrue();
    assertThat(local.test(LAN)).isFalse();
  }

  @Test
  void defaultProcessorRefusesALeaveInviteFromAnotherHost() throws IOException {
    try (TalkdServer talkd = loopbackServer()) {
      CtlResponse r = talkd.processor().orElseThrow().process(
          leaveInvite("alice", "bob", 1, rendezvous(REMOTE, 1234)), sender(REMOTE, 5), T0);

      assertThat(r.knownAnswer()).contains(Answer.MACHINE_UNKNOWN);
      assertThat(talkd.processor().orElseThrow().table().size()).isZero();
    }
  }

  @Test
  void defaultProcessorRefusesARendezvousAddressOnAnotherHost() throws IOException {
    try (TalkdServer talkd = loopbackServer()) {
      CtlResponse r = talkd.processor().orElseThrow().process(
          leaveInvite("alice", "bob", 1, rendezvous(REMOTE, 1234)), aliceClient(), T0);

      assertThat(r.knownAnswer()).contains(Answer.BADADDR);
    }
  }

  @Test
  void defaultProcessorCountsThisHostsNonLoopbackAddressAsLocal() throws IOException {
    Optional<InetAddress> own =
        RequestProcessor.interfaceAddresses().stream()
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    assumeTrue(own.isPresent(), "this host has no non-loopback IPv4 address");
    Inet4Address lan = (Inet4Address) own.get();

    try (TalkdServer talkd = loopbackServer()) {
      CtlResponse r = talkd.processor().orElseThrow().process(
          leaveInvite("alice", "bob", 1, rendezvous(lan, 1234)), sender(lan, 5), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(talkd.processor().orElseThrow().table().size()).isOne();
    }
  }

  @Test
  void interfaceAddressesIncludeLoopback() {
    assertThat(RequestProcessor.interfaceAddresses()).anyMatch(InetAddress::isLoopbackAddress);
  }

  @Test
  void toStringNamesTheBoundAddressUntilClosed() throws IOException {
    TalkdServer talkd = loopbackServer();
    InetSocketAddress bound = talkd.localAddress();

    assertThat(talkd.toString()).isEqualTo("TalkdServer[" + bound + "]");
    talkd.close();
    assertThat(talkd.toString()).isEqualTo("TalkdServer[closed]");
  }

  @Test
  void processorWithTableAnnouncerOrLocalAddressesIsRefusedNamingBoth() {
    RequestProcessor p = RequestProcessor.builder().build();
    InetSocketAddress any = new InetSocketAddress(LOCALHOST, 0);

    assertThatThrownBy(() -> TalkdServer.builder().bind(any).processor(p)
            .table(InvitationTable.inMemory()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("processor()").hasMessageContaining("table()");
    assertThatThrownBy(() -> TalkdServer.builder().bind(any).processor(p)
            .announcer(Announcer.refuseAll()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("processor()").hasMessageContaining("announcer()");
    assertThatThrownBy(() -> TalkdServer.builder().bind(any).processor(p)
            .localAddresses(a -> true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("processor()").hasMessageContaining("localAddresses()");
  }

  @Test
  void endpointWithBindOrTableIsRefusedNamingBoth() throws IOException {
    InetSocketAddress any = new InetSocketAddress(LOCALHOST, 0);
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.bind(any);
      TalkdServer.Endpoint e = new TalkdServer.Endpoint(ch, RequestProcessor.builder().build());

      assertThatThrownBy(() -> TalkdServer.builder().endpoint(e).bind(any).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("endpoint()").hasMessageContaining("bind()");
      assertThatThrownBy(() -> TalkdServer.builder().endpoint(e)
              .table(InvitationTable.inMemory()).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("endpoint()").hasMessageContaining("table()");
      assertThatThrownBy(() -> TalkdServer.builder().bind(any).channel(ch).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("bind()").hasMessageContaining("channel()");
    }
  }

  @Test
  void buildLeavesTheBuilderAsItWasSoEachServerGetsItsOwnTable() throws IOException {
    TalkdServer.Builder b = TalkdServer.builder().bind(new InetSocketAddress(LOCALHOST, 0));
    try (TalkdServer one = b.build();
        TalkdServer two = b.build()) {
      assertThat(one.processor().orElseThrow().table())
          .isNotSameAs(two.processor().orElseThrow().table());
      assertThat(one.localAddress()).isNotEqualTo(two.localAddress());
      // and a table set later applies to the next build: build() did not fix a processor
      InvitationTable shared = InvitationTable.inMemory();
      try (TalkdServer three = b.table(shared).build()) {
        assertThat(three.processor().orElseThrow().table()).isSameAs(shared);
      }
    }
  }

  @Test
  void theLocalAddressRuleIsTheProcessorsOwnDefaultSoAGivenProcessorKeepsIt() throws Exception {
    InetAddress lan = RequestProcessor.interfaceAddresses().stream()
        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
        .findFirst().orElse(null);
    assumeTrue(lan != null, "this host has a non-loopback IPv4 address");
    RequestProcessor p = RequestProcessor.builder().build();
    try (TalkdServer talkd = TalkdServer.builder().bind(new InetSocketAddress(LOCALHOST, 0))
        .processor(p).build()) {
      CtlResponse r = talkd.processor().orElseThrow().process(
          TestRequests.leaveInvite("alice", "bob", 1, TalkAddress.of((java.net.Inet4Address) lan,
              40_000)), new InetSocketAddress(lan, 5000), T0);
      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
    }
  }

  @Test
  void theIdleTimeoutIsMeasuredWithTheInjectedIdleClockNotTheWallClock() throws IOException {
    // the idle clock jumps two minutes between the first two reads: serve() returns idle at once
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    InstantSource jumping = () -> reads.getAndIncrement() == 0 ? start : start.plusSeconds(121);
    try (TalkdServer talkd = TalkdServer.builder().bind(new InetSocketAddress(LOCALHOST, 0))
        .clock(InstantSource.fixed(T0)).idleClock(jumping)
        .idleTimeout(Duration.ofSeconds(120)).build()) {
      long before = System.nanoTime();

      assertThat(talkd.serve()).as("returned idle").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static TalkdServer loopbackServer() throws IOException {
    return TalkdServer.builder().bind(new InetSocketAddress(LOCALHOST, 0)).build();
  }

  /** How many of this process's descriptors are of a kind ("socket:", "anon_inode:"), on Linux. */
  private static long descriptors(String kind) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith(kind);
        } catch (IOException e) {
          return false; // the listing's own descriptor, closed meanwhile
        }
      }).count();
    }
  }

  @Test
  void closeReleasesTheSocketAndTheSelector() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd");
    long sockets = descriptors("socket:");
    long selectors = descriptors("anon_inode:"); // epoll and its wakeup eventfd or pipe

    loopbackServer().close();

    assertThat(descriptors("socket:")).isEqualTo(sockets);
    assertThat(descriptors("anon_inode:")).isEqualTo(selectors);
  }

  @Test
  void aFailedBindLeavesNoSocketOpen() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd");
    try (DatagramChannel taken = DatagramChannel.open(StandardProtocolFamily.INET)
        .bind(new InetSocketAddress(LOCALHOST, 0))) {
      long sockets = descriptors("socket:");

      assertThatThrownBy(() -> TalkdServer.builder()
          .bind((InetSocketAddress) taken.getLocalAddress()).build())
          .isInstanceOf(IOException.class).hasMessageContaining("cannot bind");

      assertThat(descriptors("socket:")).isEqualTo(sockets);
    }
  }
}

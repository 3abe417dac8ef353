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
    Predicate<InetAddress> local = TalkdServer.Builder.localRule(Set.of(LAN));

    assertThat(local.test(LAN)).isTrue();
    assertThat(local.test(LOCALHOST)).isTrue();
    assertThat(local.test(LOCALHOST_2)).isTrue();
    assertThat(local.test(InetAddress.getByName("::1"))).isTrue();
    assertThat(local.test(REMOTE)).isFalse();
    assertThat(local.test(InetAddress.getByName("10.0.0.1"))).isFalse();
  }

  @Test
  void localRuleWithoutInterfaceAddressesCountsOnlyLoopback() {
    Predicate<InetAddress> local = TalkdServer.Builder.localRule(Set.of());

    assertThat(local.test(LOCALHOST)).isTrue();
    assertThat(local.test(LAN)).isFalse();
  }

  @Test
  void defaultProcessorRefusesALeaveInviteFromAnotherHost() throws IOException {
    try (TalkdServer talkd = loopbackServer()) {
      CtlResponse r = talkd.processor().process(
          leaveInvite("alice", "bob", 1, rendezvous(REMOTE, 1234)), sender(REMOTE, 5), T0);

      assertThat(r.knownAnswer()).contains(Answer.MACHINE_UNKNOWN);
      assertThat(talkd.processor().table().size()).isZero();
    }
  }

  @Test
  void defaultProcessorRefusesARendezvousAddressOnAnotherHost() throws IOException {
    try (TalkdServer talkd = loopbackServer()) {
      CtlResponse r = talkd.processor().process(
          leaveInvite("alice", "bob", 1, rendezvous(REMOTE, 1234)), aliceClient(), T0);

      assertThat(r.knownAnswer()).contains(Answer.BADADDR);
    }
  }

  @Test
  void defaultProcessorCountsThisHostsNonLoopbackAddressAsLocal() throws IOException {
    Optional<InetAddress> own =
        TalkdServer.Builder.interfaceAddresses().stream()
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    assumeTrue(own.isPresent(), "this host has no non-loopback IPv4 address");
    Inet4Address lan = (Inet4Address) own.get();

    try (TalkdServer talkd = loopbackServer()) {
      CtlResponse r = talkd.processor().process(
          leaveInvite("alice", "bob", 1, rendezvous(lan, 1234)), sender(lan, 5), T0);

      assertThat(r.knownAnswer()).contains(Answer.SUCCESS);
      assertThat(talkd.processor().table().size()).isOne();
    }
  }

  @Test
  void interfaceAddressesIncludeLoopback() {
    assertThat(TalkdServer.Builder.interfaceAddresses()).anyMatch(InetAddress::isLoopbackAddress);
  }

  @Test
  void toStringNamesTheBoundAddressUntilClosed() throws IOException {
    TalkdServer talkd = loopbackServer();
    InetSocketAddress bound = talkd.localAddress();

    assertThat(talkd.toString()).isEqualTo("TalkdServer[" + bound + "]");
    talkd.close();
    assertThat(talkd.toString()).isEqualTo("TalkdServer[closed]");
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

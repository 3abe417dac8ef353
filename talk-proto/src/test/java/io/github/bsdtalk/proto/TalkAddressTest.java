package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TalkAddressTest {

  private static final Inet4Address LOCALHOST = TalkAddress.ipv4(0x7f000001);

  /** The address bits computed the slow, obviously right way. */
  private static int bitsOf(Inet4Address ip) {
    return ByteBuffer.wrap(ip.getAddress()).getInt();
  }

  /** Edge values plus many pseudo-random ones (fixed seed, so a failure reproduces). */
  private static IntStream manyBits() {
    IntStream edges =
        IntStream.of(
            0,
            1,
            -1,
            0x7f000001,
            0x80000000,
            0x7fffffff,
            0xc0a80001,
            0x000000ff,
            0xff000000,
            0x00ff00ff,
            0xff00ff00,
            0x01020304);
    return IntStream.concat(edges, new SplittableRandom(518).ints(4096));
  }

  @Test
  void inet4AddressHashCodeIsTheAddressBitsAsIpBitsRelies() {
    // TalkAddress.ipBits() returns Inet4Address.hashCode() to avoid getAddress()'s copy; that is
    // only correct while the JDK defines the hash as the address itself.
    manyBits()
        .forEach(
            bits -> {
              Inet4Address ip = TalkAddress.ipv4(bits);
              assertThat(ip.hashCode()).as("%08x", bits).isEqualTo(bits);
              assertThat(bitsOf(ip)).as("%08x", bits).isEqualTo(bits);
              assertThat(TalkAddress.of(ip, 0).ipBits()).as("%08x", bits).isEqualTo(bits);
            });
  }

  @Test
  void ipBitsMatchesAddressesMadeByTheJdk() throws UnknownHostException {
    // Addresses that did not come from ipv4(): parsed literals and the JDK's own loopback.
    for (String literal : new String[] {"127.0.0.1", "192.0.2.10", "255.255.255.255", "10.1.2.3"}) {
      Inet4Address ip = (Inet4Address) InetAddress.getByName(literal);
      assertThat(TalkAddress.of(ip, 1).ipBits()).isEqualTo(bitsOf(ip));
    }
    Inet4Address loopback =
        (Inet4Address) InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    assertThat(TalkAddress.of(loopback, 1).ipBits()).isEqualTo(0x7f000001);
  }

  @Test
  void ipv4BuildsTheAddressWithThoseBitsInNetworkOrder() {
    assertThat(TalkAddress.ipv4(0xc000020a).getAddress()).containsExactly(0xc0, 0x00, 0x02, 0x0a);
    assertThat(TalkAddress.ipv4(0xc000020a).getHostAddress()).isEqualTo("192.0.2.10");
    assertThat(TalkAddress.ipv4(-1).getHostAddress()).isEqualTo("255.255.255.255");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0x10000, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void rejectsFamilyAndPortOutsideU16(int value) {
    assertThatThrownBy(() -> new TalkAddress(value, 0, LOCALHOST))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TalkAddress(2, value, LOCALHOST))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TalkAddress.of(LOCALHOST, value))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 0x0d00, 0x7fff, 0x8000, 0xffff})
  void acceptsEveryU16FamilyAndPort(int value) {
    TalkAddress a = new TalkAddress(value, value, LOCALHOST);

    assertThat(a.family()).isEqualTo(value);
    assertThat(a.port()).isEqualTo(value);
  }

  @Test
  void rejectsNullsWithNullPointerException() {
    assertThatThrownBy(() -> new TalkAddress(2, 0, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TalkAddress.of(null, 0)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TalkAddress.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void ofSocketAddressGivesAnInetTalkAddress() {
    TalkAddress a = TalkAddress.of(new InetSocketAddress(LOCALHOST, 40000));

    assertThat(a).isEqualTo(new TalkAddress(2, 40000, LOCALHOST));
    assertThat(a.isInet()).isTrue();
  }

  @Test
  void ofSocketAddressRejectsIpv6AndUnresolvedAddresses() throws UnknownHostException {
    // ntalk's 16-byte osockaddr cannot carry an IPv6 address (docs/PROTOCOL.md section 2.3).
    Inet6Address v6 = (Inet6Address) InetAddress.getByName("::1");

    assertThatThrownBy(() -> TalkAddress.of(new InetSocketAddress(v6, 518)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TalkAddress.of(InetSocketAddress.createUnresolved("example", 518)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ofIpAndPortUsesFamilyAfInet() {
    assertThat(TalkAddress.of(LOCALHOST, 518).family()).isEqualTo(TalkProtocol.AF_INET);
  }

  @Test
  void isInetOnlyForFamilyTwo() {
    assertThat(new TalkAddress(2, 0, LOCALHOST).isInet()).isTrue();
    assertThat(new TalkAddress(0x0200, 0, LOCALHOST).isInet()).isFalse();
    assertThat(new TalkAddress(10, 0, LOCALHOST).isInet()).isFalse();
    assertThat(new TalkAddress(0, 0, LOCALHOST).isInet()).isFalse();
  }

  @Test
  void toSocketAddressIgnoresTheFamily() {
    assertThat(new TalkAddress(0x0d00, 54589, LOCALHOST).toSocketAddress())
        .isEqualTo(new InetSocketAddress(LOCALHOST, 54589));
  }

  @Test
  void toStringShowsTheFamilyOnlyWhenItIsNotAfInet() {
    assertThat(TalkAddress.of(LOCALHOST, 40000)).hasToString("127.0.0.1:40000");
    assertThat(new TalkAddress(0x0d00, 0, TalkAddress.ipv4(0)))
        .hasToString("0.0.0.0:0 (family 3328)");
  }

  @Test
  void anyAndZeroAreWhatClientsAndDaemonsSendForUnusedAddresses() {
    assertThat(TalkAddress.ANY).isEqualTo(new TalkAddress(2, 0, TalkAddress.ipv4(0)));
    assertThat(TalkAddress.ZERO).isEqualTo(new TalkAddress(0, 0, TalkAddress.ipv4(0)));
    assertThat(TalkAddress.SIZE).isEqualTo(16);
  }

  @Test
  void equalAddressesAreEqualWhateverHostNameTheIpCarries() throws UnknownHostException {
    Inet4Address named =
        (Inet4Address) InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});

    assertThat(TalkAddress.of(named, 1)).isEqualTo(TalkAddress.of(LOCALHOST, 1));
  }
}

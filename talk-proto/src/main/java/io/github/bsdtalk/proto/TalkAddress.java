package io.github.bsdtalk.proto;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The 16-byte socket address embedded in talk datagrams: {@code struct tsockaddr} in BSD's {@code
 * talkd.h}, {@code struct talk_addr} in netkit's {@code prot_talkd.h}.
 *
 * <pre>
 * offset size field      C name (netkit)  encoding
 *   0     2   family     ta_family        u16 big-endian; 2 (AF_INET) in every valid datagram
 *   2     2   port       ta_port          u16 big-endian
 *   4     4   ip         ta_addr          IPv4 address, network order
 *   8     8   (unused)   ta_junk1/2       written as zeros, ignored when read
 * </pre>
 *
 * <p>The family is kept as the raw 16-bit value because real daemons put garbage there (netkit's
 * replies carry uninitialised stack bytes) and because a daemon must be able to see a wrong family to
 * answer {@link Answer#BADADDR}. The eight unused bytes are not a component: decoding drops them and
 * encoding writes zeros, as the protocol asks ("pad should be 0 filled", draft-hunter-talk-00).
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param family the address family ({@code ta_family}, offset 0), 0 to 65535; {@link
 *     TalkProtocol#AF_INET} = 2 is the only one the protocol defines
 * @param port the port ({@code ta_port}, offset 2), 0 to 65535
 * @param ip the IPv4 address ({@code ta_addr}, offset 4)
 */
public record TalkAddress(int family, int port, Inet4Address ip) {

  /** Size of the structure on the wire: {@value} bytes. */
  public static final int SIZE = 16;

  /** {@code AF_INET}, port 0, 0.0.0.0: what clients put in {@code addr} when it is unused. */
  public static final TalkAddress ANY = new TalkAddress(TalkProtocol.AF_INET, 0, ipv4(0));

  /** Family 0, port 0, 0.0.0.0: sixteen zero bytes. */
  public static final TalkAddress ZERO = new TalkAddress(0, 0, ipv4(0));
  /**
   * Validates the components.
   *
   * @param family see the class description
   * @param port see the class description
   * @param ip see the class description
   * @throws IllegalArgumentException if family or port is outside 0..65535
   * @throws NullPointerException if {@code ip} is null
   */
  public TalkAddress {
    Objects.requireNonNull(ip, "ip");
    if (family < 0 || family > 0xFFFF) {
      throw new IllegalArgumentException("family out of range 0..65535: " + family);
    }
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
  }

  /**
   * Returns the {@code AF_INET} talk address of an IPv4 socket address.
   *
   * @param socketAddress an address whose host is IPv4 and already resolved
   * @return the talk address, family {@link TalkProtocol#AF_INET}
   * @throws IllegalArgumentException if the address is unresolved or not IPv4 (ntalk cannot carry
   *     IPv6)
   */
  public static TalkAddress of(InetSocketAddress socketAddress) {
    Objects.requireNonNull(socketAddress, "socketAddress");
    InetAddress host = socketAddress.getAddress();
    if (!(host instanceof Inet4Address)) {
      throw new IllegalArgumentException(
          "talk addresses are IPv4 only (draft-hunter-talk-00 osockaddr): " + socketAddress);
    }
    return new TalkAddress(TalkProtocol.AF_INET, socketAddress.getPort(), (Inet4Address) host);
  }

  /**
   * Returns the {@code AF_INET} talk address of an IPv4 address and port.
   *
   * @param ip the IPv4 address
   * @param port 0 to 65535
   * @return the talk address, family {@link TalkProtocol#AF_INET}
   */
  public static TalkAddress of(Inet4Address ip, int port) {
    return new TalkAddress(TalkProtocol.AF_INET, port, ip);
  }

  /**
   * Returns whether the family is {@code AF_INET}, the only family the protocol defines.
   *
   * @return true if {@code family() == 2}
   */
  public boolean isInet() {
    return family == TalkProtocol.AF_INET;
  }

  /**
   * Returns the address as a socket address, whatever the family says.
   *
   * @return a resolved socket address for {@code ip:port}
   */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(ip, port);
  }

  /**
   * Returns the IPv4 address as a big-endian {@code int}, as it sits on the wire.
   *
   * @return the address bits
   */
  public int ipBits() {
    // Inet4Address.hashCode() is defined as the address itself (java/net/Inet4Address.java, since
    // JDK 1.0); using it avoids the byte[] copy that getAddress() makes, so encoding allocates
    // nothing. TalkAddressTest checks the equivalence for random addresses.
    return ip.hashCode();
  }

  /**
   * Returns {@code ip:port}, followed by the family when it is not {@code AF_INET}.
   *
   * @return for example {@code 127.0.0.1:40000} or {@code 0.0.0.0:0 (family 3328)}
   */
  @Override
  public String toString() {
    String s = ip.getHostAddress() + ":" + port;
    return isInet() ? s : s + " (family " + family + ")";
  }

  /**
   * Returns the IPv4 address with the given bits, without any name service lookup.
   *
   * @param bits the address, big-endian
   * @return the address
   */
  public static Inet4Address ipv4(int bits) {
    byte[] b = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always a valid IPv4 address", e);
    }
  }
}

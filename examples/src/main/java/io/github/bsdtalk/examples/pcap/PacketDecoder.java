package io.github.bsdtalk.examples.pcap;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decodes frames down to IPv4 UDP datagrams and TCP segments.
 *
 * <p>Link layers (numbers from the tcpdump.org LINKTYPE_ list): Ethernet (1, with any number of
 * 802.1Q / 802.1ad VLAN tags), BSD loopback "null" (0, a 4-byte address family in the capturing
 * host's byte order), OpenBSD loopback (108, the family in network order), Linux cooked capture SLL
 * (113) and SLL2 (276), and raw IP (101, 228). Every frame that does not lead to a UDP or TCP
 * packet is skipped and counted by {@link Skip}; bad bytes inside a frame are never an exception.
 * IP fragments are not reassembled: a first fragment is decoded as far as it goes, later fragments
 * are skipped. Stateless and thread-safe.
 */
public final class PacketDecoder {
  /** Why a frame gave no packet. */
  public enum Skip {
    /** The frame's link type is none of those decoded. */
    UNSUPPORTED_LINK_TYPE,
    /** The frame carries something other than IPv4 (IPv6, ARP, …). */
    NOT_IPV4,
    /** A non-first IPv4 fragment: it has no transport header, and fragments are not reassembled. */
    FRAGMENT,
    /** IPv4 carrying a protocol other than UDP and TCP (ICMP, …). */
    NOT_UDP_OR_TCP,
    /** A header is cut short by the capture or its length fields are impossible. */
    MALFORMED
  }

  /**
   * The result of decoding a list of frames.
   *
   * @param packets the UDP and TCP packets, in frame order
   * @param skipped how many frames were skipped, for each reason that occurred
   */
  public record Decoded(List<Packet> packets, Map<Skip, Integer> skipped) {
    /** Copies. */
    public Decoded {
      packets = List.copyOf(packets);
      skipped = Map.copyOf(skipped);
    }

    /**
     * Returns how many frames were skipped for a reason.
     *
     * @param reason the reason
     * @return the count, 0 if none
     */
    public int skipped(Skip reason) {
      return skipped.getOrDefault(reason, 0);
    }
  }

  static final int LINKTYPE_NULL = 0;
  static final int LINKTYPE_ETHERNET = 1;
  static final int LINKTYPE_RAW = 101;
  static final int LINKTYPE_LOOP = 108;
  static final int LINKTYPE_LINUX_SLL = 113;
  static final int LINKTYPE_IPV4 = 228;
  static final int LINKTYPE_LINUX_SLL2 = 276;
  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88A8;
  private static final int AF_INET = 2;
  private static final int IPPROTO_TCP = 6;
  private static final int IPPROTO_UDP = 17;

  /** What {@link #ipOffset} returns instead of an offset; negative, so never a real offset. */
  private static final int NOT_IP = -1;

  private static final int TOO_SHORT = -2;
  private static final int UNKNOWN_LINK = -3;

  private PacketDecoder() {}

  /**
   * Decodes frames.
   *
   * @param frames the frames, in capture order
   * @return the packets found and the counts of frames skipped
   */
  public static Decoded decode(List<Frame> frames) {
    Map<Skip, Integer> skipped = new EnumMap<>(Skip.class);
    List<Packet> packets = new ArrayList<>();
    for (Frame frame : frames) {
      Objects.requireNonNull(frame, "frame");
      ByteBuffer buf = ByteBuffer.wrap(frame.data()).order(ByteOrder.BIG_ENDIAN);
      Skip why = decode(frame, buf, packets);
      if (why != null) {
        skipped.merge(why, 1, Integer::sum);
      }
    }
    return new Decoded(packets, skipped);
  }

  /**
   * Decodes one frame.
   *
   * @param frame the frame
   * @return the packet it carries, empty if it is skipped
   */
  public static Optional<Packet> decode(Frame frame) {
    List<Packet> out = new ArrayList<>(1);
    decode(frame, ByteBuffer.wrap(frame.data()).order(ByteOrder.BIG_ENDIAN), out);
    return out.stream().findFirst();
  }

  /** Adds the frame's packet to {@code out}, or returns why there is none (null if added). */
  private static Skip decode(Frame frame, ByteBuffer buf, List<Packet> out) {
    int ip = ipOffset(frame.linkType(), buf);
    if (ip < 0) {
      return ip == NOT_IP
          ? Skip.NOT_IPV4
          : ip == TOO_SHORT ? Skip.MALFORMED : Skip.UNSUPPORTED_LINK_TYPE;
    }
    return ipv4(frame, buf, ip, out);
  }

  /**
   * Returns where the IPv4 header starts, or {@link #NOT_IP}, {@link #TOO_SHORT} or {@link
   * #UNKNOWN_LINK}. The negative codes keep this allocation-free; they never leave the class.
   */
  private static int ipOffset(int linkType, ByteBuffer buf) {
    int len = buf.limit();
    switch (linkType) {
      case LINKTYPE_ETHERNET -> {
        // IEEE 802.3: 6 destination, 6 source, then the EtherType; a VLAN tag inserts 4 bytes
        int typeAt = 12;
        while (true) {
          if (len < typeAt + 2) {
            return TOO_SHORT;
          }
          int type = buf.getShort(typeAt) & 0xFFFF;
          if (type != ETHERTYPE_VLAN && type != ETHERTYPE_QINQ) {
            return type == ETHERTYPE_IPV4 ? typeAt + 2 : NOT_IP;
          }
          typeAt += 4;
        }
      }
      case LINKTYPE_NULL -> {
        // the family is in the capturing host's order, unknown here: AF_INET is 2 in both
        if (len < 4) {
          return TOO_SHORT;
        }
        int family = buf.getInt(0);
        return family == AF_INET || Integer.reverseBytes(family) == AF_INET ? 4 : NOT_IP;
      }
      case LINKTYPE_LOOP -> {
        if (len < 4) {
          return TOO_SHORT;
        }
        return buf.getInt(0) == AF_INET ? 4 : NOT_IP;
      }
      case LINKTYPE_LINUX_SLL -> {
        // packet type 2, ARPHRD 2, address length 2, address 8, protocol 2 (tcpdump.org/linktypes)
        if (len < 16) {
          return TOO_SHORT;
        }
        return (buf.getShort(14) & 0xFFFF) == ETHERTYPE_IPV4 ? 16 : NOT_IP;
      }
      case LINKTYPE_LINUX_SLL2 -> {
        // protocol 2, reserved 2, interface index 4, ARPHRD 2, packet type 1, address length 1,
        // address 8
        if (len < 20) {
          return TOO_SHORT;
        }
        return (buf.getShort(0) & 0xFFFF) == ETHERTYPE_IPV4 ? 20 : NOT_IP;
      }
      case LINKTYPE_RAW, LINKTYPE_IPV4 -> {
        // 101 may hold IPv6 as well; the version nibble tells
        if (len < 1) {
          return TOO_SHORT;
        }
        return (buf.get(0) & 0xF0) == 0x40 ? 0 : NOT_IP;
      }
      default -> {
        return UNKNOWN_LINK;
      }
    }
  }

  /** IPv4, RFC 791 section 3.1. */
  private static Skip ipv4(Frame frame, ByteBuffer buf, int ip, List<Packet> out) {
    int avail = buf.limit() - ip;
    if (avail < 20) {
      return Skip.MALFORMED;
    }
    int versionIhl = buf.get(ip) & 0xFF;
    if (versionIhl >> 4 != 4) {
      return Skip.NOT_IPV4;
    }
    int headerLength = (versionIhl & 0x0F) * 4;
    int totalLength = buf.getShort(ip + 2) & 0xFFFF;
    // a total length beyond the captured bytes means the snap length cut the packet
    if (headerLength < 20 || totalLength < headerLength || totalLength > avail) {
      return Skip.MALFORMED;
    }
    int fragmentOffset = buf.getShort(ip + 6) & 0x1FFF;
    if (fragmentOffset != 0) {
      return Skip.FRAGMENT;
    }
    int protocol = buf.get(ip + 9) & 0xFF;
    InetAddress src = address(buf, ip + 12);
    InetAddress dst = address(buf, ip + 16);
    // the Ethernet minimum frame pads short packets: the total length, not the frame, ends them
    int transport = ip + headerLength;
    int end = ip + totalLength;
    if (protocol == IPPROTO_UDP) {
      return udp(frame, buf, transport, end, src, dst, out);
    }
    if (protocol == IPPROTO_TCP) {
      return tcp(frame, buf, transport, end, src, dst, out);
    }
    return Skip.NOT_UDP_OR_TCP;
  }

  /** UDP, RFC 768: ports, length (header included), checksum. */
  private static Skip udp(
      Frame frame,
      ByteBuffer buf,
      int at,
      int end,
      InetAddress src,
      InetAddress dst,
      List<Packet> out) {
    if (end - at < 8) {
      return Skip.MALFORMED;
    }
    int length = buf.getShort(at + 4) & 0xFFFF;
    if (length < 8 || length > end - at) {
      return Skip.MALFORMED;
    }
    out.add(
        Packet.udp(
            frame.time(),
            endpoint(src, buf, at),
            endpoint(dst, buf, at + 2),
            bytes(buf, at + 8, at + length)));
    return null;
  }

  /** TCP, RFC 9293 section 3.1: ports, seq, ack, data offset, flags. */
  private static Skip tcp(
      Frame frame,
      ByteBuffer buf,
      int at,
      int end,
      InetAddress src,
      InetAddress dst,
      List<Packet> out) {
    if (end - at < 20) {
      return Skip.MALFORMED;
    }
    int dataOffset = ((buf.get(at + 12) & 0xF0) >> 4) * 4;
    if (dataOffset < 20 || dataOffset > end - at) {
      return Skip.MALFORMED;
    }
    Packet.TcpHeader header =
        new Packet.TcpHeader(
            Integer.toUnsignedLong(buf.getInt(at + 4)),
            Integer.toUnsignedLong(buf.getInt(at + 8)),
            Packet.TcpFlag.fromByte(buf.get(at + 13) & 0xFF));
    out.add(
        Packet.tcp(
            frame.time(),
            endpoint(src, buf, at),
            endpoint(dst, buf, at + 2),
            header,
            bytes(buf, at + dataOffset, end)));
    return null;
  }

  private static InetSocketAddress endpoint(InetAddress host, ByteBuffer buf, int portAt) {
    return new InetSocketAddress(host, buf.getShort(portAt) & 0xFFFF);
  }

  private static Inet4Address address(ByteBuffer buf, int at) {
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes(buf, at, at + 4));
    } catch (UnknownHostException e) {
      // getByAddress throws only for a length other than 4 or 16
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(ByteBuffer buf, int from, int to) {
    return Arrays.copyOfRange(buf.array(), from, to);
  }
}

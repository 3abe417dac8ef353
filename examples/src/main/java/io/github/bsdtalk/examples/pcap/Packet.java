package io.github.bsdtalk.examples.pcap;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A UDP datagram or a TCP segment carried in IPv4, as {@link PacketDecoder} found it in a frame.
 *
 * <p>Immutable: the payload is copied in and {@link #payload()} returns a copy. TCP fields are
 * present only for {@link Protocol#TCP}, through {@link #tcp()}.
 */
public final class Packet {
  /** The transport protocols decoded (IPv4 protocol numbers 17 and 6, RFC 790). */
  public enum Protocol {
    /** User Datagram Protocol, RFC 768. */
    UDP,
    /** Transmission Control Protocol, RFC 9293. */
    TCP
  }

  /** The TCP control bits that mark a connection's life (RFC 9293 section 3.1). */
  public enum TcpFlag {
    /** FIN, bit 0: no more data from the sender. */
    FIN(0x01),
    /** SYN, bit 1: synchronize sequence numbers. */
    SYN(0x02),
    /** RST, bit 2: reset the connection. */
    RST(0x04),
    /** PSH, bit 3: push. */
    PSH(0x08),
    /** ACK, bit 4: the acknowledgment field is significant. */
    ACK(0x10);

    private final int bit;

    TcpFlag(int bit) {
      this.bit = bit;
    }

    /** The flags set in the TCP header's flags byte (offset 13). */
    static Set<TcpFlag> fromByte(int flags) {
      EnumSet<TcpFlag> set = EnumSet.noneOf(TcpFlag.class);
      for (TcpFlag f : values()) {
        if ((flags & f.bit) != 0) {
          set.add(f);
        }
      }
      return set;
    }
  }

  /**
   * The TCP header fields of a segment.
   *
   * @param seq the sequence number, u32
   * @param ack the acknowledgment number, u32 (meaningful only with {@link TcpFlag#ACK})
   * @param flags the control bits set
   */
  public record TcpHeader(long seq, long ack, Set<TcpFlag> flags) {
    /** Validates and copies the flags. */
    public TcpHeader {
      if (seq < 0 || seq > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("seq out of range: " + seq);
      }
      if (ack < 0 || ack > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("ack out of range: " + ack);
      }
      flags = Set.copyOf(Objects.requireNonNull(flags, "flags"));
    }

    /**
     * Tells whether a flag is set.
     *
     * @param flag the flag
     * @return whether it is set
     */
    public boolean has(TcpFlag flag) {
      return flags.contains(flag);
    }
  }

  private final Instant time;
  private final InetSocketAddress source;
  private final InetSocketAddress destination;
  private final Protocol protocol;
  private final byte[] payload;

  /** Null exactly when the protocol is UDP. */
  private final TcpHeader tcp;

  private Packet(
      Instant time,
      InetSocketAddress source,
      InetSocketAddress destination,
      Protocol protocol,
      byte[] payload,
      TcpHeader tcp) {
    this.time = Objects.requireNonNull(time, "time");
    this.source = Objects.requireNonNull(source, "source");
    this.destination = Objects.requireNonNull(destination, "destination");
    this.protocol = protocol;
    this.payload = Objects.requireNonNull(payload, "payload").clone();
    this.tcp = tcp;
  }

  /**
   * Creates a UDP datagram.
   *
   * @param time when it was captured
   * @param source the sender
   * @param destination the receiver
   * @param payload the datagram's data, copied
   * @return the packet
   */
  public static Packet udp(
      Instant time, InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
    return new Packet(time, source, destination, Protocol.UDP, payload, null);
  }

  /**
   * Creates a TCP segment.
   *
   * @param time when it was captured
   * @param source the sender
   * @param destination the receiver
   * @param header the segment's sequence numbers and flags
   * @param payload the segment's data, copied
   * @return the packet
   */
  public static Packet tcp(
      Instant time,
      InetSocketAddress source,
      InetSocketAddress destination,
      TcpHeader header,
      byte[] payload) {
    return new Packet(
        time, source, destination, Protocol.TCP, payload, Objects.requireNonNull(header, "header"));
  }

  /**
   * Returns when the frame was captured.
   *
   * @return the capture time
   */
  public Instant time() {
    return time;
  }

  /**
   * Returns the sender.
   *
   * @return the source address and port
   */
  public InetSocketAddress source() {
    return source;
  }

  /**
   * Returns the receiver.
   *
   * @return the destination address and port
   */
  public InetSocketAddress destination() {
    return destination;
  }

  /**
   * Returns the transport protocol.
   *
   * @return UDP or TCP
   */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Returns the transport payload.
   *
   * @return a copy of the UDP data or TCP segment data
   */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload's length, without copying. */
  int payloadLength() {
    return payload.length;
  }

  /**
   * Returns the TCP header fields.
   *
   * @return the header for a TCP segment, empty for a UDP datagram
   */
  public Optional<TcpHeader> tcp() {
    return Optional.ofNullable(tcp);
  }

  /** Compares by content, payload included. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Packet p
        && time.equals(p.time)
        && source.equals(p.source)
        && destination.equals(p.destination)
        && protocol == p.protocol
        && Arrays.equals(payload, p.payload)
        && Objects.equals(tcp, p.tcp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(time, source, destination, protocol, tcp) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return time
        + " "
        + protocol
        + " "
        + source
        + " -> "
        + destination
        + (tcp == null ? "" : " " + tcp)
        + " "
        + payload.length
        + " bytes";
  }
}

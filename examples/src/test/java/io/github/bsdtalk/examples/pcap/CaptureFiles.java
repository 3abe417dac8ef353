package io.github.bsdtalk.examples.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helpers that write capture files and frames by hand, following the pcap and pcapng drafts,
 * so that the reader is checked against bytes it did not produce itself.
 */
final class CaptureFiles {
  private CaptureFiles() {}

  /** The bytes of a test resource in this package. */
  static byte[] resource(String name) {
    try (InputStream in = CaptureFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A classic pcap file of frames that share one link type. */
  static byte[] pcap(ByteOrder order, boolean nanos, int linkType, List<Frame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? CaptureReader.PCAP_NANOS : CaptureReader.PCAP_MICROS)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(262144)
        .putInt(linkType);
    out.writeBytes(h.array());
    for (Frame f : frames) {
      byte[] data = f.data();
      ByteBuffer r = ByteBuffer.allocate(16).order(order);
      long fraction = nanos ? f.time().getNano() : f.time().getNano() / 1000;
      r.putInt((int) f.time().getEpochSecond())
          .putInt((int) fraction)
          .putInt(data.length)
          .putInt((int) f.originalLength());
      out.writeBytes(r.array());
      out.writeBytes(data);
    }
    return out.toByteArray();
  }

  /**
   * A pcapng file: one section per order given, each with two interfaces (the first with nanosecond
   * {@code if_tsresol}, the second with the default microseconds) and a Name Resolution Block the
   * reader must skip; frames alternate between the sections' interfaces as EPBs. Frames must all
   * have the same link type.
   */
  static byte[] pcapng(List<ByteOrder> sections, List<Frame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int perSection = (frames.size() + sections.size() - 1) / sections.size();
    for (int s = 0; s < sections.size(); s++) {
      ByteOrder order = sections.get(s);
      List<Frame> mine =
          frames.subList(
              Math.min(frames.size(), s * perSection),
              Math.min(frames.size(), (s + 1) * perSection));
      int linkType = frames.isEmpty() ? 1 : frames.get(0).linkType();
      out.writeBytes(shb(order));
      // IDB 0 stamps in nanoseconds, IDB 1 in the default microseconds
      out.writeBytes(idb(order, linkType, 9));
      out.writeBytes(idb(order, linkType, -1));
      out.writeBytes(block(order, 4, ByteBuffer.allocate(4).order(order).putInt(0).array()));
      for (int i = 0; i < mine.size(); i++) {
        Frame f = mine.get(i);
        int iface = i % 2;
        long units =
            iface == 0
                ? f.time().getEpochSecond() * 1_000_000_000L + f.time().getNano()
                : f.time().getEpochSecond() * 1_000_000L + f.time().getNano() / 1000;
        byte[] data = f.data();
        ByteBuffer b = ByteBuffer.allocate(20 + pad(data.length)).order(order);
        b.putInt(iface)
            .putInt((int) (units >>> 32))
            .putInt((int) units)
            .putInt(data.length)
            .putInt((int) f.originalLength())
            .put(data);
        out.writeBytes(block(order, CaptureReader.EPB, b.array()));
      }
    }
    return out.toByteArray();
  }

  /** A Section Header Block: byte-order magic, version 1.0, section length unknown (-1). */
  static byte[] shb(ByteOrder order) {
    return block(
        order,
        CaptureReader.SHB,
        ByteBuffer.allocate(16)
            .order(order)
            .putInt(CaptureReader.BYTE_ORDER_MAGIC)
            .putShort((short) 1)
            .putShort((short) 0)
            .putLong(-1)
            .array());
  }

  /**
   * An Interface Description Block: link type, reserved, snap length 0, and an {@code if_tsresol}
   * option with the given value followed by {@code opt_endofopt}, or no options if it is negative.
   */
  static byte[] idb(ByteOrder order, int linkType, int tsresol) {
    ByteBuffer b = ByteBuffer.allocate(tsresol < 0 ? 8 : 20).order(order);
    b.putShort((short) linkType).putShort((short) 0).putInt(0);
    if (tsresol >= 0) {
      b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]).putInt(0);
    }
    return block(order, CaptureReader.IDB, b.array());
  }

  /** A pcapng block: type, total length, body (a multiple of 4), total length. */
  static byte[] block(ByteOrder order, int type, byte[] body) {
    int length = 12 + body.length;
    return ByteBuffer.allocate(length)
        .order(order)
        .putInt(type)
        .putInt(length)
        .put(body)
        .putInt(length)
        .array();
  }

  static int pad(int n) {
    return (n + 3) & ~3;
  }

  /** An IPv4 header (20 bytes, no options) followed by the transport bytes. */
  static byte[] ipv4(int protocol, int flagsAndOffset, byte[] src, byte[] dst, byte[] transport) {
    ByteBuffer b = ByteBuffer.allocate(20 + transport.length);
    b.put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) (20 + transport.length))
        .putShort((short) 1)
        .putShort((short) flagsAndOffset)
        .put((byte) 64)
        .put((byte) protocol)
        .putShort((short) 0)
        .put(src)
        .put(dst)
        .put(transport);
    return b.array();
  }

  /** A UDP header and payload. */
  static byte[] udp(int srcPort, int dstPort, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .putShort((short) srcPort)
        .putShort((short) dstPort)
        .putShort((short) (8 + payload.length))
        .putShort((short) 0)
        .put(payload)
        .array();
  }

  /** A TCP header without options, then the payload. */
  static byte[] tcp(int srcPort, int dstPort, long seq, long ack, int flags, byte[] payload) {
    return ByteBuffer.allocate(20 + payload.length)
        .putShort((short) srcPort)
        .putShort((short) dstPort)
        .putInt((int) seq)
        .putInt((int) ack)
        .put((byte) 0x50)
        .put((byte) flags)
        .putShort((short) 65535)
        .putInt(0)
        .put(payload)
        .array();
  }

  /** The parts one after the other (a link header and a packet, blocks of a file). */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** An Ethernet header with the given EtherTypes (VLAN tags first: 0x8100, tci, …). */
  static byte[] ethernet(int... typesAndTags) {
    ByteBuffer b = ByteBuffer.allocate(12 + 2 * typesAndTags.length);
    b.put(new byte[12]);
    for (int t : typesAndTags) {
      b.putShort((short) t);
    }
    return b.array();
  }

  static Frame frame(int linkType, Instant time, byte[] data) {
    return new Frame(linkType, time, data, data.length);
  }

  /** A little-endian Ethernet pcap holding the packets, as tcpdump on lo writes them. */
  static byte[] pcapOf(List<Packet> packets) {
    List<Frame> frames = new ArrayList<>();
    for (Packet p : packets) {
      frames.add(frame(1, p.time(), concat(ethernet(0x0800), ipv4(p))));
    }
    return pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames);
  }

  private static byte[] ipv4(Packet p) {
    byte[] src = p.source().getAddress().getAddress();
    byte[] dst = p.destination().getAddress().getAddress();
    if (p.protocol() == Packet.Protocol.UDP) {
      return ipv4(17, 0, src, dst, udp(p.source().getPort(), p.destination().getPort(),
          p.payload()));
    }
    Packet.TcpHeader h = p.tcp().orElseThrow();
    int flags = 0;
    for (Packet.TcpFlag f : h.flags()) {
      flags |= f == Packet.TcpFlag.FIN ? 0x01 : f == Packet.TcpFlag.SYN ? 0x02
          : f == Packet.TcpFlag.RST ? 0x04 : f == Packet.TcpFlag.ACK ? 0x10 : 0x08;
    }
    return ipv4(6, 0, src, dst,
        tcp(p.source().getPort(), p.destination().getPort(), h.seq(), h.ack(), flags,
            p.payload()));
  }
}

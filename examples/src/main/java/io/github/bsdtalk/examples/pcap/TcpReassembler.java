package io.github.bsdtalk.examples.pcap;

import io.github.bsdtalk.examples.pcap.Packet.TcpFlag;
import io.github.bsdtalk.examples.pcap.Packet.TcpHeader;
import io.github.bsdtalk.examples.pcap.TcpConversation.Event;
import io.github.bsdtalk.examples.pcap.TcpConversation.Gap;
import io.github.bsdtalk.examples.pcap.TcpConversation.Kind;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts TCP segments back together into the byte streams each side of a connection sent.
 *
 * <p>Pure: it looks only at the packets given. Connections are keyed by their 4-tuple; a fresh SYN
 * (without ACK) on a 4-tuple whose connection has already closed (FIN or RST) starts a new one.
 * Within a direction, bytes are placed by sequence number (RFC 9293 section 3.4, modulo 2^32): the
 * SYN takes one number, retransmitted and overlapping bytes are kept once (of two segments at the
 * same number the first captured wins), segments captured out of order are put in order, and
 * sequence ranges never captured are reported as {@link Gap}s. Stateless and thread-safe.
 */
public final class TcpReassembler {
  private TcpReassembler() {}

  /**
   * Reassembles every TCP connection in the packets.
   *
   * @param packets decoded packets in capture order; UDP ones are ignored
   * @return the connections in the order of their first captured segment
   */
  public static List<TcpConversation> reassemble(List<Packet> packets) {
    Map<Set<InetSocketAddress>, Connection> open = new LinkedHashMap<>();
    List<Connection> all = new ArrayList<>();
    for (Packet p : packets) {
      Objects.requireNonNull(p, "packet");
      if (p.tcp().isEmpty()) {
        continue;
      }
      TcpHeader h = p.tcp().get();
      // a HashSet, not Set.of: a segment from an endpoint to itself names one address twice
      Set<InetSocketAddress> key = new HashSet<>(List.of(p.source(), p.destination()));
      Connection c = open.get(key);
      boolean freshSyn = h.has(TcpFlag.SYN) && !h.has(TcpFlag.ACK);
      if (c == null || (freshSyn && c.closed)) {
        c = new Connection();
        open.put(key, c);
        all.add(c);
      }
      c.add(p, h);
    }
    List<TcpConversation> out = new ArrayList<>();
    for (Connection c : all) {
      out.add(c.toConversation());
    }
    return List.copyOf(out);
  }

  /** One captured segment's data, placed later once the direction's start is known. */
  private record Segment(long seq, byte[] data) {}

  /** The segments one side sent. */
  private static final class Direction {
    private final List<Segment> segments = new ArrayList<>();

    /** The SYN's sequence number, or -1 while no SYN was seen. */
    private long synSeq = -1;

    TcpConversation.Stream assemble() {
      if (segments.isEmpty()) {
        return new TcpConversation.Stream(new byte[0], List.of());
      }
      // without a SYN the stream starts at the lowest sequence number seen (mod 2^32)
      long base = synSeq >= 0 ? (synSeq + 1) & 0xFFFF_FFFFL : lowest();
      List<long[]> placed = new ArrayList<>(); // {offset, index}
      for (int i = 0; i < segments.size(); i++) {
        long offset = (int) (segments.get(i).seq() - base); // signed 32-bit distance
        placed.add(new long[] {offset, i});
      }
      placed.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      List<Gap> gaps = new ArrayList<>();
      long next = 0; // the next sequence offset not yet placed
      for (long[] at : placed) {
        byte[] bytes = segments.get((int) at[1]).data();
        long start = at[0];
        long end = start + bytes.length;
        if (end <= next) {
          continue; // a retransmission, or data before the SYN
        }
        if (start > next) {
          gaps.add(new Gap(next, start - next));
          next = start;
        }
        int skip = (int) (next - start);
        data.write(bytes, skip, bytes.length - skip);
        next = end;
      }
      return new TcpConversation.Stream(data.toByteArray(), gaps);
    }

    private long lowest() {
      long ref = segments.get(0).seq();
      int min = 0;
      for (Segment s : segments) {
        min = Math.min(min, (int) (s.seq() - ref));
      }
      return (ref + min) & 0xFFFF_FFFFL;
    }
  }

  /** A connection being collected. */
  private static final class Connection {
    private InetSocketAddress first;
    private InetSocketAddress client;
    private InetSocketAddress second;
    private final Map<InetSocketAddress, Direction> directions = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private boolean closed;

    void add(Packet p, TcpHeader h) {
      if (first == null) {
        first = p.source();
        second = p.destination();
      }
      if (client == null && h.has(TcpFlag.SYN)) {
        client = h.has(TcpFlag.ACK) ? p.destination() : p.source();
      }
      Direction d = directions.computeIfAbsent(p.source(), k -> new Direction());
      long seq = h.seq();
      if (h.has(TcpFlag.SYN)) {
        events.add(new Event(p.time(), p.source(), Kind.SYN));
        if (d.synSeq < 0) {
          d.synSeq = seq;
        }
        seq = (seq + 1) & 0xFFFF_FFFFL; // data on a SYN follows the SYN's own number
      }
      if (p.payloadLength() > 0) {
        d.segments.add(new Segment(seq, p.payload()));
      }
      if (h.has(TcpFlag.FIN)) {
        events.add(new Event(p.time(), p.source(), Kind.FIN));
        closed = true;
      }
      if (h.has(TcpFlag.RST)) {
        events.add(new Event(p.time(), p.source(), Kind.RST));
        closed = true;
      }
    }

    TcpConversation toConversation() {
      InetSocketAddress c = client != null ? client : first;
      InetSocketAddress s = c.equals(first) ? second : first;
      return new TcpConversation(c, s, stream(c), stream(s), events);
    }

    private TcpConversation.Stream stream(InetSocketAddress sender) {
      Direction d = directions.get(sender);
      return d == null ? new Direction().assemble() : d.assemble();
    }
  }
}

package io.github.bsdtalk.examples.pcap;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One TCP connection found in a capture, as {@link TcpReassembler} put it together.
 *
 * @param client the connecting side: the sender of the SYN, else (the SYN not captured) the
 *     receiver of the SYN-ACK, else the first sender seen
 * @param server the other side
 * @param fromClient the bytes the client sent, in sequence order
 * @param fromServer the bytes the server sent, in sequence order
 * @param events the SYN, FIN and RST segments, in capture order
 */
public record TcpConversation(
    InetSocketAddress client,
    InetSocketAddress server,
    Stream fromClient,
    Stream fromServer,
    List<Event> events) {
  /** Validates and copies. */
  public TcpConversation {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(fromClient, "fromClient");
    Objects.requireNonNull(fromServer, "fromServer");
    events = List.copyOf(events);
  }

  /**
   * The bytes one side sent, with retransmissions and overlaps removed and segments captured out of
   * order put in order.
   *
   * <p>Immutable: the bytes are copied in and out.
   *
   * @param data the bytes, without the missing ranges
   * @param gaps the ranges of the sequence space never captured, in order; offsets count from the
   *     first byte of data (the SYN's sequence number + 1, when the SYN was captured)
   */
  public record Stream(byte[] data, List<Gap> gaps) {
    /** Copies. */
    public Stream {
      data = Objects.requireNonNull(data, "data").clone();
      gaps = List.copyOf(gaps);
    }

    /**
     * Returns the bytes.
     *
     * @return a copy of the bytes
     */
    @Override
    public byte[] data() {
      return data.clone();
    }

    /** Compares by content. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Stream s && Arrays.equals(data, s.data) && gaps.equals(s.gaps);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(data) * 31 + gaps.hashCode();
    }

    @Override
    public String toString() {
      return "Stream[" + data.length + " bytes, gaps=" + gaps + "]";
    }
  }

  /**
   * A range of sequence space whose bytes were not captured.
   *
   * @param offset where the range starts, counted from the stream's first sequence number
   * @param length how many bytes are missing, at least 1
   */
  public record Gap(long offset, long length) {
    /** Validates. */
    public Gap {
      if (offset < 0 || length < 1) {
        throw new IllegalArgumentException("bad gap: offset " + offset + ", length " + length);
      }
    }
  }

  /** What a connection event was. */
  public enum Kind {
    /** A SYN (with or without ACK): a side opens. */
    SYN,
    /** A FIN: a side has no more to send. */
    FIN,
    /** An RST: a side aborts the connection. */
    RST
  }

  /**
   * A segment that opened or closed the connection.
   *
   * @param time when it was captured
   * @param sender who sent it
   * @param kind SYN, FIN or RST (a segment with several of these gives several events)
   */
  public record Event(Instant time, InetSocketAddress sender, Kind kind) {
    /** Validates. */
    public Event {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(kind, "kind");
    }
  }
}

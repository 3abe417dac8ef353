package io.github.bsdtalk.examples.pcap;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One captured frame as the capture file holds it: link-layer bytes not yet decoded.
 *
 * <p>Immutable: the bytes are copied in and {@link #data()} returns a copy.
 *
 * @param linkType the LINKTYPE_ value of the frame's interface (1 Ethernet, 113 Linux SLL, …; see
 *     the tcpdump.org link-layer header types list)
 * @param time when the frame was captured
 * @param data the captured bytes (pcap {@code incl_len}, pcapng "Captured Packet Length" of them)
 * @param originalLength the frame's length on the wire (pcap {@code orig_len}), at least as large
 *     as the captured bytes unless the file says otherwise
 */
public record Frame(int linkType, Instant time, byte[] data, long originalLength) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if linkType is not a u16 or originalLength is not a u32
   */
  public Frame {
    Objects.requireNonNull(time, "time");
    data = Objects.requireNonNull(data, "data").clone();
    if (linkType < 0 || linkType > 0xFFFF) {
      throw new IllegalArgumentException("linkType out of range: " + linkType);
    }
    if (originalLength < 0 || originalLength > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("originalLength out of range: " + originalLength);
    }
  }

  /**
   * Returns the captured bytes.
   *
   * @return a copy of the captured bytes
   */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Compares by content, bytes included. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && linkType == f.linkType
        && originalLength == f.originalLength
        && time.equals(f.time)
        && Arrays.equals(data, f.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(linkType, time, originalLength) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Frame[linkType="
        + linkType
        + ", time="
        + time
        + ", captured="
        + data.length
        + ", originalLength="
        + originalLength
        + "]";
  }
}

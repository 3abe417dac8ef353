package io.github.bsdtalk.client;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A received UDP datagram.
 *
 * <p>Instances are immutable apart from the array, which the receiver owns: transports hand out a
 * fresh array for each datagram and never touch it again.
 *
 * @param data the datagram's bytes
 * @param sender where it came from
 */
public record Datagram(byte[] data, InetSocketAddress sender) {
  /**
   * Validates the components.
   *
   * @param data see the class description
   * @param sender see the class description
   * @throws NullPointerException if a component is null
   */
  public Datagram {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(sender, "sender");
  }
}

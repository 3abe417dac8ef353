package io.github.bsdtalk.client.internal;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A received UDP datagram.
 *
 * <p>Instances are immutable: the bytes are copied in and out. Internal.
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
    data = data.clone();
  }

  /**
   * Returns a copy of the datagram's bytes.
   *
   * @return the bytes
   */
  @Override
  public byte[] data() {
    return data.clone();
  }
}

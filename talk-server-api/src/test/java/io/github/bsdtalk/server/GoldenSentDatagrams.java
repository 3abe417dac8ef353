package io.github.bsdtalk.server;

import java.util.List;

/**
 * The request datagrams of {@code golden/netkit-errors.txt}: every {@code CASE <name> SENT <len>
 * <hex>} line, in file order. The file is the lab's capture of what was sent to netkit {@code
 * in.ntalkd} 0.17 and what it answered; only the sent bytes are used here.
 *
 * <p>The file is talk-proto's copy, added to this module's test resources by its POM.
 */
final class GoldenSentDatagrams {

  /**
   * One captured request.
   *
   * @param name the case name in the capture
   * @param bytes the datagram as sent
   */
  record Sent(String name, byte[] bytes) {
    @Override
    public String toString() {
      return name + " (" + bytes.length + " bytes)";
    }
  }

  private GoldenSentDatagrams() {}

  /** Returns every SENT datagram of the netkit error capture, read by {@link NetkitErrorsGolden}. */
  static List<Sent> netkitErrors() {
    return NetkitErrorsGolden.load().stream().map(c -> new Sent(c.name(), c.sent())).toList();
  }
}

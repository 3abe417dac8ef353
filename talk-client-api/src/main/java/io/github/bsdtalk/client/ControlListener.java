package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import java.net.InetSocketAddress;

/**
 * Sees every control datagram a {@link DaemonClient} sends and receives, for traces and tests. All
 * methods do nothing by default. They are called on the transaction's thread and should return
 * quickly; an exception thrown from one propagates to the caller of the transaction.
 *
 * <p>Requests and replies of {@link DaemonProtocol#OTALK old talk} are shown in their ntalk form
 * (as netkit's daemon files them, {@link io.github.bsdtalk.proto.OldCtlMessage#toCtlMessage()});
 * the daemon's address tells which port, and so usually which protocol, they went to.
 */
public interface ControlListener {

  /** A listener that ignores everything. */
  ControlListener NONE = new ControlListener() {};

  /**
   * A request was sent.
   *
   * @param daemon where to
   * @param request what
   * @param attempt 1 for the first send, 2 for the first resend, and so on
   */
  default void sent(InetSocketAddress daemon, CtlMessage request, int attempt) {}

  /**
   * A matching response arrived and ends the transaction.
   *
   * @param daemon where it came from
   * @param response what
   */
  default void received(InetSocketAddress daemon, CtlResponse response) {}

  /**
   * A datagram arrived that does not answer the request (malformed, or another version or type)
   * and was skipped, as {@code ctl_transact.c} skips it.
   *
   * @param from where it came from
   * @param datagram its bytes
   * @param reason why it was skipped
   */
  default void ignored(InetSocketAddress from, byte[] datagram, String reason) {}
}

package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.DatagramTransport;
import io.github.bsdtalk.client.internal.Transactor;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One talk daemon, for single control transactions outside a call (a LOOK_UP to see whether
 * someone is inviting, a DELETE of a stale invitation, a probe): one request, one answer, with
 * retries, as {@code ctl_transact()} does in every C talk client (netkit, BSD, inetutils {@code
 * talk/ctl_transact.c}).
 *
 * <ol>
 *   <li>Datagrams already queued on the socket (late answers to an earlier request) are discarded.
 *   <li>The 84-byte request is sent.
 *   <li>Datagrams are read until the attempt's timeout; one that is malformed, or whose {@code vers}
 *       is not 1 or whose {@code type} is not the request's, is skipped (reported to the {@link
 *       ControlListener}). Like the C clients, nothing else is compared: responses carry no request
 *       id to match.
 *   <li>On timeout the request is sent again, up to {@link RetryPolicy#maxAttempts()} times in all;
 *       then {@link TalkTimeoutException} names the silent daemon. The C clients retry for ever.
 * </ol>
 *
 * <p>The socket is connected to the daemon, as netkit's talk connects its socket to the remote
 * daemon ({@code talk/ctl.c} {@code open_ctl}): {@link #localAddress()} is the address the daemon
 * sees, what goes into {@code ctl_addr}. A {@link TalkCall} does all this itself; use this class
 * only for transactions of your own.
 *
 * <p>Not thread-safe: use one client from one thread at a time. Close it to close the socket.
 *
 * @apiNote
 *     <pre>{@code
 * InetSocketAddress daemon = new InetSocketAddress("127.0.0.1", 518);
 * try (DaemonClient client = DaemonClient.connect(daemon)) {
 *   CtlMessage lookUp = CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
 *       TalkAddress.of(client.localAddress()), 4242, "alice", "bob", "");
 *   CtlResponse reply = client.transact(lookUp);   // NOT_HERE unless bob invited alice
 * }
 * }</pre>
 */
public final class DaemonClient implements AutoCloseable {

  private final InetSocketAddress daemon;
  private final Transactor transactor;

  private DaemonClient(InetSocketAddress daemon, Transactor transactor) {
    this.daemon = daemon;
    this.transactor = transactor;
  }

  /**
   * Opens a UDP socket connected to a daemon, with {@link RetryPolicy#DEFAULT} and no listener.
   *
   * @param daemon the daemon's address
   * @return the client
   * @throws IOException if the socket cannot be opened
   */
  public static DaemonClient connect(InetSocketAddress daemon) throws IOException {
    return connect(daemon, RetryPolicy.DEFAULT, ControlListener.NONE);
  }

  /**
   * Opens a UDP socket connected to a daemon.
   *
   * @param daemon the daemon's address
   * @param policy the retries of each transaction
   * @param listener sees every datagram
   * @return the client
   * @throws IOException if the socket cannot be opened
   */
  public static DaemonClient connect(
      InetSocketAddress daemon, RetryPolicy policy, ControlListener listener) throws IOException {
    Objects.requireNonNull(daemon, "daemon");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(listener, "listener");
    return new DaemonClient(daemon, Transactor.builder(DatagramTransport.connect(daemon))
        .retryPolicy(policy)
        .listener(listener)
        .build());
  }

  /**
   * Returns whether a response answers a request: same {@code type}, and {@code vers} 1. This is
   * the whole test in {@code ctl_transact.c}.
   *
   * @param request the request
   * @param response a response
   * @return true if it matches
   */
  public static boolean matches(CtlMessage request, CtlResponse response) {
    return Transactor.matches(request, response);
  }

  /**
   * Returns the daemon this client talks to.
   *
   * @return the address
   */
  public InetSocketAddress daemon() {
    return daemon;
  }

  /**
   * Returns the local address of the socket, what goes into {@code ctl_addr}.
   *
   * @return the address
   * @throws IOException if the socket is closed
   */
  public InetSocketAddress localAddress() throws IOException {
    return transactor.localAddress();
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return transactor.retryPolicy();
  }

  /**
   * Sends a request and waits for the matching response, resending per the retry policy.
   *
   * @param request the request
   * @return the first matching response
   * @throws TalkTimeoutException if no matching response arrived within the policy
   * @throws IOException if the socket fails
   */
  public CtlResponse transact(CtlMessage request) throws IOException {
    return transactor.transact(daemon, request);
  }

  /**
   * Sends a request once without waiting for an answer, as {@code send_delete()} does when talk
   * quits while an invitation is pending ("just a extra clean up").
   *
   * @param request the request
   * @throws IOException if sending fails
   */
  public void sendOnce(CtlMessage request) throws IOException {
    transactor.sendOnce(daemon, request);
  }

  /**
   * Closes the socket.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    transactor.close();
  }
}

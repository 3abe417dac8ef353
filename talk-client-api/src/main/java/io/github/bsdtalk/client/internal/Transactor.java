package io.github.bsdtalk.client.internal;

import io.github.bsdtalk.client.ControlListener;
import io.github.bsdtalk.client.DaemonProtocol;
import io.github.bsdtalk.client.RetryPolicy;
import io.github.bsdtalk.client.TalkTimeoutException;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.TalkProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One request, one answer, with retries: what {@code ctl_transact()} does in every C talk client
 * (netkit, BSD, inetutils {@code talk/ctl_transact.c}).
 *
 * <ol>
 *   <li>Datagrams already queued on the socket (late answers to an earlier request) are discarded.
 *   <li>The request is sent: 84 bytes in ntalk, 76 in old talk ({@link Wire}).
 *   <li>Datagrams are read until the attempt's timeout; one that is malformed, or whose {@code vers}
 *       is not 1 or whose {@code type} is not the request's, is skipped (reported to the {@link
 *       ControlListener}). Like the C clients, nothing else is compared: responses carry no request
 *       id to match.
 *   <li>On timeout the request is sent again, up to {@link RetryPolicy#maxAttempts()} times in all;
 *       then {@link TalkTimeoutException} names the silent daemon. The C clients retry for ever.
 * </ol>
 *
 * <p>Time is read from an injectable {@code nanoTime} source and the socket is a {@link
 * DatagramTransport}, so tests run the whole algorithm in virtual time.
 *
 * <p>Not thread-safe: use one client from one thread at a time. Closing it closes the transport.
 *
 * <p>Internal: the public face is {@code DaemonClient}, over real sockets.
 */
public final class Transactor implements AutoCloseable {

  private final DatagramTransport transport;
  private final RetryPolicy policy;
  private final LongSupplier nanoTime;
  private final ControlListener listener;
  private final Wire wire;

  private Transactor(Builder b) {
    this.transport = b.transport;
    this.policy = b.policy;
    this.nanoTime = b.nanoTime;
    this.listener = b.listener;
    this.wire = b.wire;
  }

  /**
   * Returns a builder over a transport. Defaults: {@link RetryPolicy#DEFAULT}, {@code
   * System::nanoTime}, {@link ControlListener#NONE}.
   *
   * @param transport the socket to use; the client owns it from now on
   * @return a new builder
   */
  public static Builder builder(DatagramTransport transport) {
    return new Builder(transport);
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
    return response.version() == TalkProtocol.VERSION && response.type() == request.type();
  }

  /**
   * Returns the local address of the socket, what goes into {@code ctl_addr}.
   *
   * @return the address
   * @throws IOException if the socket is closed
   */
  public InetSocketAddress localAddress() throws IOException {
    return transport.localAddress();
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return policy;
  }

  /**
   * Sends a request and waits for the matching response, resending per the retry policy.
   *
   * @param daemon the daemon's address
   * @param request the request
   * @return the first matching response
   * @throws TalkTimeoutException if no matching response arrived within the policy
   * @throws IOException if the socket fails
   */
  public CtlResponse transact(InetSocketAddress daemon, CtlMessage request) throws IOException {
    return exchange(daemon, request, false).orElseThrow();
  }

  /**
   * Like {@link #transact}, but gives up at the first datagram that is not a reply to the request
   * in this transactor's protocol: a daemon of another protocol may be there. {@link
   * DaemonProtocol#AUTO} asks each daemon its first question so.
   *
   * @return the reply, or empty if garbage came first
   * @throws TalkTimeoutException if nothing arrived within the policy
   */
  Optional<CtlResponse> probe(InetSocketAddress daemon, CtlMessage request) throws IOException {
    return exchange(daemon, request, true);
  }

  private Optional<CtlResponse> exchange(
      InetSocketAddress daemon, CtlMessage request, boolean stopAtGarbage) throws IOException {
    Objects.requireNonNull(daemon, "daemon");
    Objects.requireNonNull(request, "request");
    byte[] datagram = wire.encode(request); // before anything is sent: a name may not fit
    drainStale();
    long attemptNanos = policy.attemptTimeout().toNanos();
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      send(daemon, request, datagram, attempt);
      long deadline = nanoTime.getAsLong() + attemptNanos;
      long left;
      while ((left = deadline - nanoTime.getAsLong()) > 0) {
        Optional<Datagram> d = transport.receive(Duration.ofNanos(left));
        if (d.isEmpty()) {
          continue; // the loop condition re-reads the clock: woken early, or the attempt is over
        }
        Optional<CtlResponse> match = match(request, d.get());
        if (match.isPresent()) {
          listener.received(d.get().sender(), match.get());
          return match;
        }
        if (stopAtGarbage) {
          return Optional.empty();
        }
      }
    }
    throw new TalkTimeoutException(daemon, policy.maxAttempts(), policy);
  }

  /**
   * Sends a request once without waiting for an answer, as {@code send_delete()} does when talk
   * quits while an invitation is pending ("just a extra clean up").
   *
   * @param daemon the daemon's address
   * @param request the request
   * @throws IOException if sending fails
   */
  public void sendOnce(InetSocketAddress daemon, CtlMessage request) throws IOException {
    send(daemon, request, wire.encode(request), 1);
  }

  private void send(InetSocketAddress daemon, CtlMessage request, byte[] datagram, int attempt)
      throws IOException {
    transport.send(ByteBuffer.wrap(datagram), daemon);
    listener.sent(daemon, request, attempt);
  }

  private Optional<CtlResponse> match(CtlMessage request, Datagram d) {
    CtlResponse response;
    try {
      response = wire.decode(d.data());
    } catch (MalformedPacketException e) {
      listener.ignored(d.sender(), d.data(), e.getMessage());
      return Optional.empty();
    }
    if (!matches(request, response)) {
      listener.ignored(d.sender(), d.data(),
          "vers " + response.version() + " type " + response.type() + " does not answer type "
              + request.type());
      return Optional.empty();
    }
    return Optional.of(response);
  }

  private void drainStale() throws IOException {
    // Bounded: a flood cannot keep us here for ever.
    for (int i = 0; i < 64; i++) {
      Optional<Datagram> stale = transport.receive(Duration.ZERO);
      if (stale.isEmpty()) {
        return;
      }
      listener.ignored(stale.get().sender(), stale.get().data(), "stale, before the request");
    }
  }

  /**
   * Closes the socket.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    transport.close();
  }

  /** Builds a {@link Transactor}. Not thread-safe. */
  public static final class Builder {
    private final DatagramTransport transport;
    private RetryPolicy policy = RetryPolicy.DEFAULT;
    private LongSupplier nanoTime = System::nanoTime;
    private ControlListener listener = ControlListener.NONE;
    private Wire wire = Wire.NTALK;

    private Builder(DatagramTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Sets the retry policy; default {@link RetryPolicy#DEFAULT}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the monotonic clock, in nanoseconds; default {@code System::nanoTime}.
     *
     * @param nanoTime the clock
     * @return this builder
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Sets the listener that sees every datagram; default {@link ControlListener#NONE}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(ControlListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the protocol of the requests and replies; default ntalk.
     *
     * @param newWire the protocol
     * @return this builder
     */
    Builder wire(Wire newWire) {
      this.wire = Objects.requireNonNull(newWire, "wire");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public Transactor build() {
      return new Transactor(this);
    }
  }
}

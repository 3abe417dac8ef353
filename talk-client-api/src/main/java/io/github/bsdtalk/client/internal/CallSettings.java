package io.github.bsdtalk.client.internal;

import io.github.bsdtalk.client.ControlListener;
import io.github.bsdtalk.client.DaemonProtocol;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.ProgressListener;
import io.github.bsdtalk.client.RetryPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * A client's configuration as the flow reads it, with the seams tests fill in. Internal.
 *
 * @param protocol the control protocol to the daemons
 * @param daemonPort the port of both daemons in every protocol, or 0 for each protocol's own
 * @param localDaemon our daemon, or null for 127.0.0.1 at the daemon port
 * @param remoteDaemon the other party's daemon, or null for their host at the daemon port
 * @param retryPolicy every daemon transaction's retries
 * @param ringInterval how often to ring again
 * @param answerTimeout how long to ring
 * @param connectTimeout the callee's TCP connect timeout
 * @param handshakeTimeout how long to wait for the edit characters
 * @param editChars ours
 * @param pid the pid sent in requests
 * @param progress told of each step
 * @param control sees every control datagram
 * @param transports opens the UDP sockets
 * @param nanoTime the monotonic clock
 * @param streams the TCP side
 * @param cleanUpThreads where the DELETEs run
 */
public record CallSettings(
    DaemonProtocol protocol,
    int daemonPort,
    InetSocketAddress localDaemon,
    InetSocketAddress remoteDaemon,
    RetryPolicy retryPolicy,
    Duration ringInterval,
    Duration answerTimeout,
    Duration connectTimeout,
    Duration handshakeTimeout,
    EditChars editChars,
    int pid,
    ProgressListener progress,
    ControlListener control,
    TransportFactory transports,
    LongSupplier nanoTime,
    StreamNetwork streams,
    ThreadFactory cleanUpThreads) {}

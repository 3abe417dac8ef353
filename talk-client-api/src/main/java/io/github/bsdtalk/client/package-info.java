/**
 * The talk client: call someone through the talk daemons (ntalk, UDP 518) and talk over the TCP
 * connection that follows, as the netkit and BSD {@code talk} programs do.
 *
 * <h2>Where to start</h2>
 *
 * <ul>
 *   <li>{@link io.github.bsdtalk.client.TalkClient}: the immutable configuration (daemon port or
 *       addresses, {@link io.github.bsdtalk.client.RetryPolicy}, ring interval, timeouts, edit
 *       characters, pid, listeners). Build one, share it, make any number of calls.
 *   <li>{@link io.github.bsdtalk.client.TalkCall}: one call, {@code execute()}d once, giving a
 *       {@link io.github.bsdtalk.client.CallResult}; {@code cancel()} from any thread;
 *       {@code close()} waits for the clean-up.
 *   <li>{@link io.github.bsdtalk.client.Conversation}: the connected talk: lines with the peer's
 *       erase, kill and word-erase applied ({@link io.github.bsdtalk.client.LineReader}), or raw
 *       streams.
 *   <li>{@link io.github.bsdtalk.client.DaemonClient}: a single control transaction of your own
 *       (a LOOK_UP, say), outside a call.
 * </ul>
 *
 * <h2>The call flow, datagram by datagram</h2>
 *
 * <p>"Their daemon" is the other party's host at port 518; "ours" is 127.0.0.1:518. Every request
 * is one 84-byte {@code CTL_MSG}, answered by one 24-byte {@code CTL_RESPONSE}, retried per the
 * retry policy ({@code ctl_transact.c}).
 *
 * <ol>
 *   <li>LOOK_UP to their daemon: are they already inviting us? If the answer is SUCCESS with an
 *       address on their host and an unprivileged port, connect there: we are the callee (a
 *       refused connection means a stale invitation: DELETE it at their daemon and go on).
 *   <li>Otherwise listen on a TCP port and ANNOUNCE to their daemon (id 0xFFFFFFFF); it rings
 *       their terminal and answers with an id. Any answer but SUCCESS ends the call as REFUSED.
 *   <li>LEAVE_INVITE to our daemon with the same message, so that their {@code talk} finds us.
 *   <li>Wait for their connection (only from their host). Every ring interval (30 s): LOOK_UP
 *       at their daemon again (have they invited us meanwhile?), then ANNOUNCE with the last id
 *       plus one and LEAVE_INVITE again. After the answer timeout: NOT_ANSWERED.
 *   <li>Connected: both sides send their three edit characters over TCP; then DELETE our
 *       invitation at our daemon and the announcement at theirs.
 * </ol>
 *
 * <p>The requests are ntalk's by default, to UDP 518. {@link
 * io.github.bsdtalk.client.DaemonProtocol#OTALK} sends the old 76-byte ones to 517 instead, and
 * {@link io.github.bsdtalk.client.DaemonProtocol#AUTO} asks each daemon in ntalk first and keeps
 * to old talk for one that does not answer it (ytalk's {@code find_daemon()}).
 *
 * <p>Not answered, refused or failed while invitations stand: one DELETE to each daemon, once
 * ({@code send_delete()}). Cancelled: the DELETEs with retries.
 *
 * <h2>Threads</h2>
 *
 * <p>{@code TalkCall.execute()} runs on the calling thread and starts no thread until it has
 * invitations to delete: the DELETEs after a connection, or after a cancel, run on one short-lived
 * thread of their own, so that the conversation never waits for the daemons; {@code close()}
 * waits for it, at most {@code cleanUpBound()}. {@code cancel()} closes the sockets the call uses,
 * so that an accept or a transaction in flight ends at once. Listeners are called on the thread
 * doing the work. A {@code Conversation} may be read on one thread and written on another. The
 * transports and the flow live in a package that is not exported.
 */
package io.github.bsdtalk.client;

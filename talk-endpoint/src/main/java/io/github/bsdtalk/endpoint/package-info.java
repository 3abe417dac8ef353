/**
 * A talk endpoint inside an application: the embedding API.
 *
 * <p>A chat bridge, a bot or a pager that wants to be reachable with {@code talk NAME}, or to ring
 * real users, needs the callee's half of the rendezvous, a TCP connection per peer, the
 * edit-character exchange, line editing as the peer's terminal does it, and protection against
 * peers that send too much, read nothing or never speak. {@link
 * io.github.bsdtalk.endpoint.TalkEndpoint} does all of it; the application supplies two small
 * pieces:
 *
 * <ul>
 *   <li>a {@link io.github.bsdtalk.endpoint.CallAcceptor}: which incoming calls it answers (those to
 *       its own names), and
 *   <li>a {@link io.github.bsdtalk.endpoint.ConversationListener} per answered or placed call:
 *       connected, keystrokes, finished lines, closing, closed. All listener calls of an endpoint
 *       are made on its one event thread, in order, so the application needs no locks.
 * </ul>
 *
 * <p>The endpoint's {@link io.github.bsdtalk.endpoint.TalkEndpoint#announcer announcer} goes into
 * a {@link io.github.bsdtalk.server.TalkdServer} (calls to other names go to the daemon's usual
 * announcer), and {@link io.github.bsdtalk.endpoint.TalkEndpoint#call calls} go out through a
 * {@link io.github.bsdtalk.endpoint.Dialer} built from a {@link io.github.bsdtalk.client.TalkClient}.
 * Each conversation is a {@link io.github.bsdtalk.endpoint.TalkConversation} whose sends never
 * block.
 *
 * <p>What a peer can cost is bounded by {@link io.github.bsdtalk.endpoint.EndpointLimits}: where the
 * endpoint connects (only the calling host, never a privileged port), how many calls connect at
 * once and how many conversations there are, how long connecting may take, how much output waits
 * for one peer (a peer over the bound is dropped, {@link
 * io.github.bsdtalk.endpoint.CloseReason#OUTPUT_OVERFLOW}), how long a line is, how long a peer may
 * stay silent. The examples' chat room ({@code bridge} in talk-examples.jar) is built on it.
 *
 * <p>Null arguments are rejected with {@link NullPointerException} throughout.
 */
package io.github.bsdtalk.endpoint;

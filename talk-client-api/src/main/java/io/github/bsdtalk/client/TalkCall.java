package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.CallFlow;
import java.io.IOException;
import java.time.Duration;

/**
 * One talk call, made by {@link TalkClient#newCall(String, TalkPeer)}, in either role, exactly as
 * the C client does ({@code talk/talk.c}, {@code look_up.c}, {@code invite.c} in netkit and BSD):
 *
 * <ol>
 *   <li><b>Check for an invitation</b>: LOOK_UP at the other party's daemon. If they are already
 *       calling us, connect to the address in the answer and we are the callee. If that connection
 *       is refused, their talk has gone without cleaning up: DELETE that invitation and go on. An
 *       invitation whose address is not on the host of the daemon that answered, or is a
 *       privileged port (below 1024), is ignored (logged) as if there were none.
 *   <li><b>Invite</b>: listen on a TCP port; ANNOUNCE to the other party's daemon (id 0xFFFFFFFF,
 *       "an impossible id"), which rings their terminal and answers with its id; an answer other than
 *       SUCCESS ends the call as {@link CallResult.Status#REFUSED}. Then LEAVE_INVITE at our own daemon
 *       with the same message, so that their talk finds us there. Two daemons, two ids.
 *   <li><b>Wait</b>: accept a connection only from the other party's host (the address of their
 *       daemon); anyone else who read our invitation is closed and logged, and we keep listening.
 *       Every ring interval (RING_WAIT, 30 s) ring again: first LOOK_UP at their daemon as in the
 *       first step, and if they have invited us meanwhile (our daemon lost our invitation, say,
 *       because it was restarted), connect to them as the callee; otherwise ANNOUNCE with the id
 *       the daemon last gave plus one ("force a re-announce"), and LEAVE_INVITE again. Give up
 *       after the answer timeout ({@link CallResult.Status#NOT_ANSWERED}).
 *   <li><b>Connected</b>: exchange edit characters; then DELETE our invitation at our daemon and
 *       the announcement at theirs, each with retries, on a thread of their own, so that the
 *       conversation does not wait for the daemons. {@link #close()} waits for those DELETEs.
 * </ol>
 *
 * <p>On timeout or failure while invitations are pending, both DELETEs are sent once each without
 * waiting, as {@code send_delete()} does. On {@link #cancel()} they are sent with retries, beside
 * the caller, and {@link #close()} waits for them. Every daemon transaction uses the client's
 * {@link RetryPolicy}; a daemon that never answers ends the call with {@link TalkTimeoutException}.
 *
 * <p>{@link #execute()} runs on the calling thread, once; {@link #cancel()} and {@link #close()}
 * may be called from any thread.
 */
public final class TalkCall implements AutoCloseable {

  private final String localUser;
  private final TalkPeer peer;
  private final CallFlow flow;

  TalkCall(String localUser, TalkPeer peer, CallFlow flow) {
    this.localUser = localUser;
    this.peer = peer;
    this.flow = flow;
  }

  /**
   * Returns our login name in this call.
   *
   * @return the name
   */
  public String localUser() {
    return localUser;
  }

  /**
   * Returns whom this call is to.
   *
   * @return the peer
   */
  public TalkPeer peer() {
    return peer;
  }

  /**
   * Runs the call to its end.
   *
   * @return how the call ended; when connected, the conversation is ready
   * @throws TalkTimeoutException if a daemon never answered
   * @throws IOException on other network failures
   * @throws IllegalStateException if called twice
   */
  public CallResult execute() throws IOException {
    return flow.execute();
  }

  /**
   * Cancels the call from any thread and returns at once. The listening socket and the daemon
   * sockets in use are closed, so that a transaction or accept in flight ends now (it does not
   * finish its retries); {@link #execute()} then returns {@link CallResult.Status#CANCELLED}, and
   * the DELETEs of any pending invitations go out, with retries, over fresh sockets on a thread of
   * their own ({@link #close()} waits for them). Cancelling a call that has connected changes
   * nothing; before {@link #execute()}, it makes it return CANCELLED without sending anything.
   */
  public void cancel() {
    flow.cancel();
  }

  /**
   * Cancels the call if it is under way, then waits until the DELETEs have been answered or have
   * used up their retries: at most {@link #cleanUpBound()} (and a second). A call never leaves
   * invitations behind, so close it (once the conversation is under way, or over) before the
   * program exits.
   */
  @Override
  public void close() {
    flow.close();
  }

  /**
   * Returns how long the DELETEs can take: two transactions, each within the retry policy.
   *
   * @return the bound
   */
  public Duration cleanUpBound() {
    return flow.cleanUpBound();
  }
}

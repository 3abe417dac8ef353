package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.client.TalkPeer;
import java.util.Optional;

/**
 * A call placed with {@link TalkEndpoint#call}: it runs on an endpoint thread, and its end reaches
 * the call's listener, {@link ConversationListener#connected} or {@link
 * ConversationListener#notConnected}.
 *
 * <p>Thread-safe.
 */
public final class PlacedCall {
  private final String localUser;
  private final TalkPeer peer;
  private final Dialer.Call call; // null for a call refused before dialling
  private volatile boolean done;
  private volatile TalkConversation conversation;

  PlacedCall(String localUser, TalkPeer peer, Dialer.Call call) {
    this.localUser = localUser;
    this.peer = peer;
    this.call = call;
    this.done = call == null;
  }

  /**
   * Returns our login name in the call.
   *
   * @return the name
   */
  public String localUser() {
    return localUser;
  }

  /**
   * Returns whom the call is to.
   *
   * @return the peer
   */
  public TalkPeer peer() {
    return peer;
  }

  /**
   * Cancels the call if it is still ringing ({@link CallFailure.Reason#CANCELLED} follows); a
   * connected call is not affected (close its conversation instead). Returns at once.
   */
  public void cancel() {
    if (call != null && !done) {
      call.cancel();
    }
  }

  /**
   * Returns whether the call has ended (connected or not).
   *
   * @return true once the listener has been or is about to be told
   */
  public boolean isDone() {
    return done;
  }

  /**
   * Returns the conversation the call became.
   *
   * @return the conversation; empty while ringing or if the call did not connect
   */
  public Optional<TalkConversation> conversation() {
    return Optional.ofNullable(conversation);
  }

  void connected(TalkConversation c) {
    conversation = c;
    done = true;
  }

  void ended() {
    done = true;
  }
}

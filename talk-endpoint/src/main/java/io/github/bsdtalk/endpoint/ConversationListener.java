package io.github.bsdtalk.endpoint;

/**
 * What happens to the conversations of one listener: connected, bytes and finished lines from the
 * peer, the end; and calls that never connected. Every method has a default that does nothing.
 *
 * <p><b>Threads:</b> every call to every listener of one {@link TalkEndpoint} is made on that
 * endpoint's one event thread, one at a time and, for one conversation, in the order the events
 * happened: {@link #connected} first, then {@link #received} and {@link #line} as bytes arrive,
 * {@link #closing} (idle only), then {@link #closed} last. So a listener needs no locks for state
 * only its methods touch. A listener must return quickly: every conversation's events wait for it
 * (sends never block, so sending from here is fine). An exception thrown from a listener is logged
 * (WARNING) and the events go on.
 */
public interface ConversationListener {

  /**
   * The conversation is under way: the edit characters are exchanged and {@link
   * TalkConversation#send} works.
   *
   * @param conversation the new conversation
   */
  default void connected(TalkConversation conversation) {}

  /**
   * Bytes arrived from the peer, raw, as typed (edit characters included); {@link #line} follows
   * for each line they finish.
   *
   * @param conversation whose peer sent them
   * @param keystrokes the bytes, a copy the listener may keep; never empty
   */
  default void received(TalkConversation conversation, byte[] keystrokes) {}

  /**
   * The peer finished a line: the peer's erase, kill and word-erase applied, decoded as UTF-8,
   * every control character made harmless ({@link io.github.bsdtalk.client.TextSanitizer}), at
   * most {@link EndpointLimits#maxLineLength()} code points (longer lines arrive in pieces). The
   * unfinished line the peer leaves when hanging up comes as a last line before {@link #closed}.
   *
   * @param conversation whose peer typed it
   * @param line the line, without its line end
   */
  default void line(TalkConversation conversation, String line) {}

  /**
   * The endpoint is about to hang up on the conversation itself, for {@code reason} (only {@link
   * CloseReason#IDLE} today): what the listener sends from here (a goodbye) is still written, then
   * the connection is closed; a peer that does not read it is cut off at the next idle check.
   *
   * @param conversation the conversation about to end
   * @param reason why it ends
   */
  default void closing(TalkConversation conversation, CloseReason reason) {}

  /**
   * The conversation is over; it is no longer counted against the endpoint's limits. The last
   * event for it.
   *
   * @param conversation the ended conversation
   * @param reason why it ended
   */
  default void closed(TalkConversation conversation, CloseReason reason) {}

  /**
   * A call for this listener did not become a conversation.
   *
   * @param failure who, and why
   */
  default void notConnected(CallFailure failure) {}
}

package io.github.bsdtalk.endpoint;

import java.util.Optional;

/**
 * Decides which incoming calls the application answers itself: those to names it owns (a chat
 * room's name, a bot's). Every other call goes to the announcer given to {@link
 * TalkEndpoint#announcer}, which rings terminals or answers "not logged on".
 *
 * <p><b>Thread safety:</b> called on the talk daemon's serving thread, once per announcement, while
 * the daemon answers nothing else: it must be thread-safe if shared and return within
 * microseconds (compare a name; never do I/O here). A call it accepts is still refused if its
 * rendezvous address is unusable or the endpoint is full; the returned listener then hears of it
 * through {@link ConversationListener#notConnected}.
 */
@FunctionalInterface
public interface CallAcceptor {

  /**
   * Returns the listener for the conversation this call becomes, or empty to leave the call to the
   * other announcer.
   *
   * @param call who calls whom, from where
   * @return the listener of the conversation if the application answers the call
   */
  Optional<ConversationListener> accept(IncomingCall call);

  /** An acceptor that answers nothing: an endpoint that only places calls. */
  CallAcceptor NONE = call -> Optional.empty();
}

package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import java.io.IOException;
import java.util.Objects;

/**
 * How the endpoint places a call to a real user: normally {@link #of(TalkClient)}, the client's
 * whole rendezvous; tests supply their own.
 *
 * <p><b>Thread safety:</b> {@link #newCall} is called on the application's thread (from {@link
 * TalkEndpoint#call}), the call's {@link Call#execute()} on an endpoint thread, and {@link
 * Call#cancel()} from any thread.
 */
@FunctionalInterface
public interface Dialer {

  /**
   * Prepares a call; nothing is sent yet.
   *
   * @param localUser our login name in the call
   * @param peer whom to call
   * @return the call
   * @throws IllegalArgumentException if a name cannot be sent (too long, say)
   */
  Call newCall(String localUser, TalkPeer peer);

  /** One placed call, shaped like {@link TalkCall}. */
  interface Call extends AutoCloseable {
    /**
     * Runs the call to its end.
     *
     * @return how it ended; when connected, the endpoint owns the conversation
     * @throws IOException if the network fails
     */
    CallResult execute() throws IOException;

    /** Ends a call under way from any thread; {@link #execute()} then returns CANCELLED. */
    void cancel();

    /** Cleans up (the daemons' invitations); called once the call is over or connected. */
    @Override
    void close();
  }

  /**
   * Returns a dialer that places every call with {@code client}: {@code
   * client.newCall(localUser, peer)}, then {@link TalkCall#execute()}.
   *
   * @param client the client, with its daemon ports, timeouts and edit characters
   * @return the dialer
   * @throws NullPointerException if client is null
   */
  static Dialer of(TalkClient client) {
    Objects.requireNonNull(client, "client");
    return (localUser, peer) -> {
      TalkCall call = client.newCall(localUser, peer);
      return new Call() {
        @Override
        public CallResult execute() throws IOException {
          return call.execute();
        }

        @Override
        public void cancel() {
          call.cancel();
        }

        @Override
        public void close() {
          call.close();
        }
      };
    };
  }
}

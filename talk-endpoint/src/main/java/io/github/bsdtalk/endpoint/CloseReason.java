package io.github.bsdtalk.endpoint;

/**
 * Why a {@link TalkConversation} ended: the first cause wins, later ones are ignored (a peer that
 * hangs up while being dropped for idleness ends with {@link #IDLE}).
 */
public enum CloseReason {
  /** The peer closed the connection (end of stream). */
  PEER_HUNG_UP,
  /** The application called {@link TalkConversation#close()}. */
  CLOSED_LOCALLY,
  /**
   * A send would have held more than {@link EndpointLimits#maxQueuedBytes()} for a peer that does
   * not read: the peer was dropped so that nobody else waits for it.
   */
  OUTPUT_OVERFLOW,
  /** The peer sent nothing for {@link EndpointLimits#idleTimeout()}. */
  IDLE,
  /** Reading from or writing to the peer failed (a reset connection, say). */
  IO_ERROR,
  /** {@link TalkEndpoint#close()} hung up every conversation. */
  ENDPOINT_CLOSED
}

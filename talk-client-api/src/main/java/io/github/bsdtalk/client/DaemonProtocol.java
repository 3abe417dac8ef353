package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.TalkProtocol;

/**
 * Which control protocol a client speaks to the talk daemons: ntalk (84-byte requests, UDP 518),
 * the old 4.2BSD talk (76-byte requests, UDP 517), or ntalk with a fallback to old talk.
 *
 * <p>{@link #NTALK} is the default: it is what netkit, BSD and inetutils {@code talk} send, byte
 * for byte, and a silent daemon fails in the time the retry policy allows and no later. {@link
 * #AUTO} is ytalk's way ({@code socket.c}, {@code find_daemon()}): ask each daemon in ntalk first
 * and keep to old talk for that daemon if ntalk gets no answer.
 *
 * <p>Under inetd, netkit's daemons on 517 and 518 are separate processes with separate tables: an
 * invitation left in old talk is found only by an old-talk LOOK_UP. Both parties must therefore
 * end up on the same protocol at each daemon, which {@link #AUTO} does when both use it (each
 * daemon is asked in ntalk first by both) and {@link #OTALK} does when both force it.
 */
public enum DaemonProtocol {
  /**
   * ntalk first; for a daemon that does not answer it within the retry policy, or answers with
   * a datagram that is not an ntalk reply to the request, old talk from then on. Decided once per
   * daemon and call; our own daemon and the other party's may end up on different protocols.
   */
  AUTO(TalkProtocol.NTALK_PORT),
  /** ntalk only (84-byte requests), on UDP {@value TalkProtocol#NTALK_PORT} unless set. */
  NTALK(TalkProtocol.NTALK_PORT),
  /**
   * Old talk only (76-byte requests in network order), on UDP {@value TalkProtocol#OTALK_PORT}
   * unless set. Names are at most 8 bytes: longer ones fail with {@link NameTooLongException}
   * before anything is sent.
   */
  OTALK(TalkProtocol.OTALK_PORT);

  private final int defaultPort;

  DaemonProtocol(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /**
   * Returns the daemons' port when none is set: 518 for ntalk and for the first try of {@link
   * #AUTO} (whose old-talk fallback goes to 517), 517 for old talk.
   *
   * @return the port
   */
  public int defaultPort() {
    return defaultPort;
  }
}

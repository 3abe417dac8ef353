package io.github.bsdtalk.client;

/**
 * The steps of setting up a call, with the status lines the C talk clients show for them ({@code
 * talk/msgs.c}, {@code look_up.c}, {@code invite.c}).
 */
public enum CallProgress {
  /** Asking the other party's daemon for an invitation from them (LOOK_UP). */
  CHECKING_FOR_INVITATION("Checking for invitation on caller's machine"),
  /**
   * {@link DaemonProtocol#AUTO}: the other party's daemon did not answer in ntalk, so it is asked
   * in old talk from now on (ytalk's {@code find_daemon()} fallback).
   */
  OLD_TALK_ON_PARTYS_MACHINE("No ntalk daemon answered on your party's machine: using old talk"),
  /**
   * {@link DaemonProtocol#AUTO}: our own daemon did not answer the LEAVE_INVITE in ntalk, so it is
   * asked in old talk from now on.
   */
  OLD_TALK_ON_THIS_MACHINE("No ntalk daemon answered on this machine: using old talk"),
  /** An invitation was found; connecting to the caller. */
  WAITING_TO_CONNECT_WITH_CALLER("Waiting to connect with caller"),
  /** Announcing to the other party's daemon (ANNOUNCE), then inviting at our own (LEAVE_INVITE). */
  TRYING_TO_CONNECT_TO_DAEMON("Trying to connect to your party's talk daemon"),
  /** Rung; waiting for the other party to answer. */
  WAITING_FOR_PARTY("Waiting for your party to respond"),
  /** {@code RING_WAIT} passed without an answer: ringing again. */
  RINGING_AGAIN("Ringing your party again"),
  /** The TCP connection is up and the edit characters are exchanged. */
  CONNECTED("Connection established");

  private final String message;

  CallProgress(String message) {
    this.message = message;
  }

  /**
   * Returns the status line real talk shows for this step.
   *
   * @return for example "Waiting for your party to respond"
   */
  public String message() {
    return message;
  }
}

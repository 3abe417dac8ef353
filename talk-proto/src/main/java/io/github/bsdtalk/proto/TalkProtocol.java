package io.github.bsdtalk.proto;

import java.time.Duration;

/**
 * Constants of the ntalk protocol (version 1), as defined in the BSD header
 * {@code include/protocols/talkd.h} and netkit's {@code include/prot_talkd.h}.
 *
 * <p>This class only holds constants.
 */
public final class TalkProtocol {

  /** The protocol version every request and response carries in {@code vers}: {@value}. */
  public static final int VERSION = 1;

  /** UDP port of the ntalk daemon ({@code ntalk} in /etc/services): {@value}. */
  public static final int NTALK_PORT = 518;

  /**
   * UDP port of the 4.2BSD "old talk" daemon ({@code talk} in /etc/services): {@value}. The old
   * protocol has its own 76-byte layout ({@link OldCtlMessage}, {@link OldTalkCodec}); sending one
   * protocol to the other's port is the classic "unintelligible packet".
   */
  public static final int OTALK_PORT = 517;

  /** Width in bytes of the {@code l_name} and {@code r_name} fields: {@value}. */
  public static final int NAME_SIZE = 12;

  /** Width in bytes of old talk's {@code l_name} and {@code r_name} fields: {@value}. */
  public static final int OLD_NAME_SIZE = 9;

  /** Width in bytes of the {@code r_tty} field (old talk's too): {@value}. */
  public static final int TTY_SIZE = 16;

  /** {@code AF_INET} as it appears (big-endian) in every address family field: {@value}. */
  public static final int AF_INET = 2;

  /**
   * How long a client waits for a daemon's answer before it sends the request again
   * ({@code CTL_WAIT}, 2 s, in every C client's {@code ctl_transact.c}).
   */
  public static final Duration CTL_WAIT = Duration.ofSeconds(2);

  /**
   * How often a waiting caller rings the callee again ({@code RING_WAIT}, 30 s). The header says it
   * "should be 10's of seconds less than MAX_LIFE" so that the invitation never lapses while the
   * caller waits.
   */
  public static final Duration RING_WAIT = Duration.ofSeconds(30);

  /** How long a daemon keeps an invitation that nobody refreshes ({@code MAX_LIFE}, 60 s). */
  public static final Duration MAX_LIFE = Duration.ofSeconds(60);

  /**
   * Daemons hand out invitation ids 1..{@code MAX_ID - 1} in a cycle and never use 0 ("0 is
   * reserved, helps to pick up bugs", {@code talkd/table.c} {@code new_id()}): {@value}.
   */
  public static final int MAX_ID = 16000;

  private TalkProtocol() {}
}

package io.github.bsdtalk.proto;

/**
 * The fields of a {@code CTL_MSG}, in wire order, with their C names, offsets and sizes.
 *
 * <p>The layout is that of {@code CTL_MSG} in BSD's {@code include/protocols/talkd.h} and netkit's
 * {@code include/prot_talkd.h}: naturally aligned, no holes, 84 bytes.
 */
public enum MessageField {
  /** Protocol version, u8. */
  VERS("vers", 0, 1),
  /** Request type, u8 (see {@link RequestType}). */
  TYPE("type", 1, 1),
  /** Unused in requests, u8; clients send 0. */
  ANSWER("answer", 2, 1),
  /** Padding, u8; clients send 0. */
  PAD("pad", 3, 1),
  /** Message id, u32 big-endian. */
  ID_NUM("id_num", 4, 4),
  /** The caller's TCP rendezvous address, a {@link TalkAddress}. */
  ADDR("addr", 8, 16),
  /** Where the client says replies should go, a {@link TalkAddress}. */
  CTL_ADDR("ctl_addr", 24, 16),
  /** The client's process id, s32 big-endian. */
  PID("pid", 40, 4),
  /** The sender's login name, NUL-padded. */
  L_NAME("l_name", 44, TalkProtocol.NAME_SIZE),
  /** The other party's login name, NUL-padded. */
  R_NAME("r_name", 56, TalkProtocol.NAME_SIZE),
  /** The other party's terminal, NUL-padded; empty means any. */
  R_TTY("r_tty", 68, TalkProtocol.TTY_SIZE);

  private final String cName;
  private final int offset;
  private final int size;

  MessageField(String cName, int offset, int size) {
    this.cName = cName;
    this.offset = offset;
    this.size = size;
  }

  /**
   * Returns the field's name in the C struct.
   *
   * @return for example {@code "ctl_addr"}
   */
  public String cName() {
    return cName;
  }

  /**
   * Returns the byte offset of the field in the datagram.
   *
   * @return 0 to 83
   */
  public int offset() {
    return offset;
  }

  /**
   * Returns the size of the field in bytes.
   *
   * @return 1 to 16
   */
  public int size() {
    return size;
  }
}

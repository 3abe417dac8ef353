package io.github.bsdtalk.proto;

import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * An old-talk request: the 76-byte {@code CTL_MSG} of 4.2BSD talk, sent to a talk daemon on UDP
 * port 517 ({@link TalkProtocol#OTALK_PORT}). Old talk is what illumos/Solaris {@code in.talkd}
 * still speaks, what netkit's daemon answers on 517, and what Debian's {@code utalk} tries first.
 *
 * <pre>
 * offset size C field   component        meaning
 *   0     1   type      type             {@link RequestType} code, kept raw
 *   1     9   l_name    localName        the sender's own login name
 *  10     9   r_name    remoteName       the other party's login name
 *  19     1   -         -                padding the C compiler inserts: not kept, encoded as 0
 *  20     4   id_num    id               u32 in the sender's byte order
 *  24     4   pid       pid              s32 in the sender's byte order
 *  28    16   r_tty     remoteTty        the other party's terminal, "" for any
 *  44    16   addr      address          caller's TCP rendezvous address (sockaddr_in)
 *  60    16   ctl_addr  controlAddress   where the client wants the reply (sockaddr_in)
 * </pre>
 *
 * <p>There is no version byte, and names are 9 bytes ({@link TalkProtocol#OLD_NAME_SIZE}), so at
 * most 8 characters and a NUL in what C clients send. Unlike ntalk, the integers are in the
 * <em>sender's</em> byte order: the original structures held native {@code int}s and a native
 * {@code sin_family}, while ports and IP addresses are in network order because they come from
 * {@code sockaddr_in} (4.2BSD {@code ctl.h}). {@link #byteOrder()} records which order the id,
 * pid and both address families are in; {@link OldTalkCodec} explains how a decoder tells.
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param type request type code ({@code type}, offset 0), 0..255; see {@link #requestType()}
 * @param localName the sender's login name ({@code l_name}, offset 1), at most 9 bytes
 * @param remoteName the other party's login name ({@code r_name}, offset 10), at most 9 bytes
 * @param id message id ({@code id_num}, offset 20), 0..0xFFFFFFFF
 * @param pid the client's process id ({@code pid}, offset 24), any 32-bit value
 * @param remoteTty the other party's terminal ({@code r_tty}, offset 28), at most 16 bytes
 * @param address the caller's TCP rendezvous address ({@code addr}, offset 44); its family is the
 *     value read in {@code byteOrder}
 * @param controlAddress the client's UDP address for replies ({@code ctl_addr}, offset 60); its
 *     family is the value read in {@code byteOrder}
 * @param byteOrder the order of {@code id_num}, {@code pid} and both families on the wire: {@link
 *     ByteOrder#BIG_ENDIAN} (network order, as utalk and ytalk send) or {@link
 *     ByteOrder#LITTLE_ENDIAN} (a native client on x86)
 */
public record OldCtlMessage(
    int type,
    String localName,
    String remoteName,
    long id,
    int pid,
    String remoteTty,
    TalkAddress address,
    TalkAddress controlAddress,
    ByteOrder byteOrder) {

  /** Size of an old-talk request on the wire: {@value} bytes. */
  public static final int SIZE = 76;

  /**
   * Validates the components and removes trailing NULs from the text fields.
   *
   * @param type see the class description
   * @param localName see the class description
   * @param remoteName see the class description
   * @param id see the class description
   * @param pid see the class description
   * @param remoteTty see the class description
   * @param address see the class description
   * @param controlAddress see the class description
   * @param byteOrder see the class description
   * @throws IllegalArgumentException if a value is out of range or a text field does not fit its
   *     bytes; the message names the component and shows the value
   * @throws NullPointerException if an address, a text or the byte order is null
   */
  public OldCtlMessage {
    CtlMessage.checkU8(type, "type");
    localName = FieldText.normalize(localName, TalkProtocol.OLD_NAME_SIZE, "localName");
    remoteName = FieldText.normalize(remoteName, TalkProtocol.OLD_NAME_SIZE, "remoteName");
    if (id < 0 || id > CtlMessage.MAX_ID_NUM) {
      throw new IllegalArgumentException("id out of range 0..0xFFFFFFFF: " + id);
    }
    remoteTty = FieldText.normalize(remoteTty, TalkProtocol.TTY_SIZE, "remoteTty");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(controlAddress, "controlAddress");
    Objects.requireNonNull(byteOrder, "byteOrder");
  }

  /**
   * Returns a request in network byte order, as utalk and ytalk send it (they write the id and pid
   * with {@code htonl}).
   *
   * @param type the request type
   * @param id the message id, 0..0xFFFFFFFF
   * @param address the caller's TCP rendezvous address, or {@link TalkAddress#ANY}
   * @param controlAddress the client's UDP address for replies
   * @param pid the client's process id
   * @param localName the sender's login name, at most 9 bytes (8 leave room for the NUL C expects)
   * @param remoteName the other party's login name, at most 9 bytes
   * @param remoteTty the other party's terminal, or "" for any
   * @return the request
   */
  public static OldCtlMessage of(
      RequestType type,
      long id,
      TalkAddress address,
      TalkAddress controlAddress,
      int pid,
      String localName,
      String remoteName,
      String remoteTty) {
    Objects.requireNonNull(type, "type");
    return new OldCtlMessage(
        type.code(),
        localName,
        remoteName,
        id,
        pid,
        remoteTty,
        address,
        controlAddress,
        ByteOrder.BIG_ENDIAN);
  }

  /**
   * Returns the request type, if the {@code type} byte is one of the four known codes.
   *
   * @return the type, or empty for an unknown code
   */
  public Optional<RequestType> requestType() {
    return RequestType.fromCode(type);
  }

  /**
   * Returns the same request as an ntalk {@link CtlMessage} (version 1, answer 0), the way netkit's
   * daemon files an old-talk request in its one table (netkit {@code talkd/repairs.c}, {@code
   * probe_otalk_packet}): the 9-byte names fit the 12-byte fields, and the id, pid and addresses
   * are the values this record holds, whatever order they came in.
   *
   * @return the ntalk request
   */
  public CtlMessage toCtlMessage() {
    return new CtlMessage(
        TalkProtocol.VERSION,
        type,
        0,
        id,
        address,
        controlAddress,
        pid,
        localName,
        remoteName,
        remoteTty);
  }
}

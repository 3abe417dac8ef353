package io.github.bsdtalk.proto;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.Optional;

/**
 * A talk request, {@code CTL_MSG}: 84 bytes sent by a client to a talk daemon on UDP port 518.
 *
 * <pre>
 * offset size C field   component        meaning
 *   0     1   vers      version          protocol version, 1
 *   1     1   type      type             {@link RequestType} code, kept raw
 *   2     1   answer    answer           unused in requests; clients send 0
 *   3     1   pad       -                padding: not kept, encoded as 0
 *   4     4   id_num    id               u32 big-endian
 *   8    16   addr      address          caller's TCP rendezvous address ({@link TalkAddress})
 *  24    16   ctl_addr  controlAddress   where the client wants the reply
 *  40     4   pid       pid              client's process id, s32 big-endian
 *  44    12   l_name    localName        the sender's own login name
 *  56    12   r_name    remoteName       the other party's login name
 *  68    16   r_tty     remoteTty        the other party's terminal, "" for any
 * </pre>
 *
 * <p>Names are relative to the <em>sender</em>: on a LOOK_UP the callee sends its own name as {@code
 * localName} and the caller's as {@code remoteName}.
 *
 * <p><b>Text fields.</b> {@code localName}, {@code remoteName} and {@code remoteTty} hold the field's
 * bytes as ISO-8859-1 characters (one char per byte, U+0000..U+00FF) with trailing NUL padding
 * removed. This charset is chosen because it is lossless: every field decodes and re-encodes byte for
 * byte, including UTF-8 or Latin-1 names and fields with no NUL terminator. If a sender left bytes
 * after an embedded NUL they are kept too; C daemons see only the text before the first NUL, which
 * {@link #text(MessageField, Charset)} gives, decoded in the charset of your choice.
 *
 * <p>The wire format allows 12 (names) and 16 (tty) bytes, and the record accepts that much, so that
 * any received datagram can be represented. Real daemons overwrite the last byte with NUL (netkit
 * {@code talkd/process.c}), so senders should keep to 11 and 15; the client's factories do.
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param version protocol version ({@code vers}, offset 0), 0..255; {@link TalkProtocol#VERSION} in
 *     every valid request
 * @param type request type code ({@code type}, offset 1), 0..255; see {@link #requestType()}
 * @param answer the unused answer byte ({@code answer}, offset 2), 0..255; clients send 0
 * @param id message id ({@code id_num}, offset 4), 0..0xFFFFFFFF
 * @param address the caller's TCP rendezvous address ({@code addr}, offset 8)
 * @param controlAddress the client's UDP address for replies ({@code ctl_addr}, offset 24)
 * @param pid the client's process id ({@code pid}, offset 40), any 32-bit value
 * @param localName the sender's login name ({@code l_name}, offset 44), at most 12 bytes
 * @param remoteName the other party's login name ({@code r_name}, offset 56), at most 12 bytes
 * @param remoteTty the other party's terminal ({@code r_tty}, offset 68), at most 16 bytes
 */
public record CtlMessage(
    int version,
    int type,
    int answer,
    long id,
    TalkAddress address,
    TalkAddress controlAddress,
    int pid,
    String localName,
    String remoteName,
    String remoteTty) {

  /** Size of a {@code CTL_MSG} on the wire: {@value} bytes. */
  public static final int SIZE = 84;

  /** The largest {@code id_num}, 2<sup>32</sup> - 1; clients send it as "an impossible id". */
  public static final long MAX_ID_NUM = 0xFFFF_FFFFL;
  /**
   * Validates the components and removes trailing NULs from the text fields.
   *
   * @param version see the class description
   * @param type see the class description
   * @param answer see the class description
   * @param id see the class description
   * @param address see the class description
   * @param controlAddress see the class description
   * @param pid see the class description
   * @param localName see the class description
   * @param remoteName see the class description
   * @param remoteTty see the class description
   * @throws IllegalArgumentException if a value is out of range or a text field does not fit its bytes; the message names the component and shows the value
   * @throws NullPointerException if an address or text is null
   */
  public CtlMessage {
    checkU8(version, "version");
    checkU8(type, "type");
    checkU8(answer, "answer");
    if (id < 0 || id > MAX_ID_NUM) {
      throw new IllegalArgumentException("id out of range 0..0xFFFFFFFF: " + id);
    }
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(controlAddress, "controlAddress");
    localName = FieldText.normalize(localName, TalkProtocol.NAME_SIZE, "localName");
    remoteName = FieldText.normalize(remoteName, TalkProtocol.NAME_SIZE, "remoteName");
    remoteTty = FieldText.normalize(remoteTty, TalkProtocol.TTY_SIZE, "remoteTty");
  }

  /**
   * Returns a version 1 request with a zero answer byte, as every client sends.
   *
   * @param type the request type
   * @param id the message id, 0..0xFFFFFFFF
   * @param address the caller's TCP rendezvous address, or {@link TalkAddress#ANY}
   * @param controlAddress the client's UDP address for replies
   * @param pid the client's process id
   * @param localName the sender's login name
   * @param remoteName the other party's login name
   * @param remoteTty the other party's terminal, or "" for any
   * @return the request
   */
  public static CtlMessage of(
      RequestType type,
      long id,
      TalkAddress address,
      TalkAddress controlAddress,
      int pid,
      String localName,
      String remoteName,
      String remoteTty) {
    Objects.requireNonNull(type, "type");
    return new CtlMessage(
        TalkProtocol.VERSION,
        type.code(),
        0,
        id,
        address,
        controlAddress,
        pid,
        localName,
        remoteName,
        remoteTty);
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
   * Returns a copy with another request type.
   *
   * @param newType the type
   * @return the copy
   */
  public CtlMessage withType(RequestType newType) {
    return new CtlMessage(
        version, newType.code(), answer, id, address, controlAddress, pid, localName, remoteName,
        remoteTty);
  }

  /**
   * Returns a copy with another id.
   *
   * @param newId 0..0xFFFFFFFF
   * @return the copy
   */
  public CtlMessage withId(long newId) {
    return new CtlMessage(
        version, type, answer, newId, address, controlAddress, pid, localName, remoteName,
        remoteTty);
  }

  /**
   * Returns a copy with another rendezvous address.
   *
   * @param newAddress the address
   * @return the copy
   */
  public CtlMessage withAddress(TalkAddress newAddress) {
    return new CtlMessage(
        version, type, answer, id, newAddress, controlAddress, pid, localName, remoteName,
        remoteTty);
  }

  /**
   * Returns a copy with another control address.
   *
   * @param newControlAddress the address
   * @return the copy
   */
  public CtlMessage withControlAddress(TalkAddress newControlAddress) {
    return new CtlMessage(
        version, type, answer, id, address, newControlAddress, pid, localName, remoteName,
        remoteTty);
  }

  /**
   * Returns a copy with another terminal name.
   *
   * @param newRemoteTty the terminal, at most 16 bytes
   * @return the copy
   */
  public CtlMessage withRemoteTty(String newRemoteTty) {
    return new CtlMessage(
        version, type, answer, id, address, controlAddress, pid, localName, remoteName,
        newRemoteTty);
  }

  /**
   * Returns a text field as a C program sees it (up to the first NUL), decoded with a charset.
   *
   * @param field {@link MessageField#L_NAME}, {@link MessageField#R_NAME} or {@link
   *     MessageField#R_TTY}
   * @param charset the charset the sender is assumed to use, for example UTF-8
   * @return the decoded text
   * @throws MalformedPacketException with {@link MalformedPacketException.Reason#BAD_STRING} and the
   *     datagram offset of the first byte that is not valid in {@code charset}
   * @throws IllegalArgumentException if {@code field} is not a text field
   */
  public String text(MessageField field, Charset charset) throws MalformedPacketException {
    Objects.requireNonNull(charset, "charset");
    switch (Objects.requireNonNull(field, "field")) {
      case L_NAME:
        return FieldText.decode(localName, field, charset);
      case R_NAME:
        return FieldText.decode(remoteName, field, charset);
      case R_TTY:
        return FieldText.decode(remoteTty, field, charset);
      default:
        throw new IllegalArgumentException("not a text field: " + field);
    }
  }

  static void checkU8(int value, String component) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException(component + " out of range 0..255: " + value);
    }
  }
}

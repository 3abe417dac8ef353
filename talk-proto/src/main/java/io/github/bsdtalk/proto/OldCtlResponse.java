package io.github.bsdtalk.proto;

import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * An old-talk reply: the 24-byte {@code CTL_RESPONSE} of 4.2BSD talk, sent by a talk daemon on
 * UDP port 517 back to the requester's {@code ctl_addr}.
 *
 * <pre>
 * offset size C field   component   meaning
 *   0     1   type      type        the request type it answers
 *   1     1   answer    answer      {@link Answer} code 0..5 (old talk has no 6..8), kept raw
 *   2     2   -         -           filler: not kept, encoded as 0
 *   4     4   id_num    id          u32 in {@code byteOrder}
 *   8    16   addr      address     the caller's rendezvous address (LOOK_UP), else unused
 * </pre>
 *
 * <p>It is the same size as an ntalk {@link CtlResponse} and differs only in the first bytes (no
 * version byte), so a reply cannot be told from its bytes alone: a client knows which protocol it
 * asked in, and {@link OldTalkCodec#decodeResponse(byte[], ByteOrder)} takes the byte order it
 * expects.
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param type the request type code it answers ({@code type}, offset 0), 0..255
 * @param answer the answer code ({@code answer}, offset 1), 0..255; see {@link #knownAnswer()}
 * @param id the id ({@code id_num}, offset 4), 0..0xFFFFFFFF
 * @param address the rendezvous address ({@code addr}, offset 8); its family is the value read in
 *     {@code byteOrder}
 * @param byteOrder the order of {@code id_num} and the address family on the wire
 */
public record OldCtlResponse(
    int type, int answer, long id, TalkAddress address, ByteOrder byteOrder) {

  /** Size of an old-talk reply on the wire: {@value} bytes. */
  public static final int SIZE = 24;

  /**
   * Validates the components.
   *
   * @param type see the class description
   * @param answer see the class description
   * @param id see the class description
   * @param address see the class description
   * @param byteOrder see the class description
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if the address or the byte order is null
   */
  public OldCtlResponse {
    CtlMessage.checkU8(type, "type");
    CtlMessage.checkU8(answer, "answer");
    if (id < 0 || id > CtlMessage.MAX_ID_NUM) {
      throw new IllegalArgumentException("id out of range 0..0xFFFFFFFF: " + id);
    }
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(byteOrder, "byteOrder");
  }

  /**
   * Returns the old-talk form of an ntalk reply, the way netkit's daemon turns its answer to an
   * old-talk request back into old talk (netkit {@code talkd/repairs.c}, {@code do_otalk_reply}):
   * type, answer, id and address kept, the version byte dropped. The answer is copied as it is; a
   * daemon maps ntalk's BADVERSION, BADADDR and BADCTLADDR (which old talk lacks) before this.
   *
   * @param response the ntalk reply
   * @param byteOrder the order to write the id and family in
   * @return the old-talk reply
   */
  public static OldCtlResponse of(CtlResponse response, ByteOrder byteOrder) {
    Objects.requireNonNull(response, "response");
    return new OldCtlResponse(
        response.type(), response.answer(), response.id(), response.address(), byteOrder);
  }

  /**
   * Returns the request type this reply names, if it is one of the four known codes.
   *
   * @return the type, or empty for an unknown code
   */
  public Optional<RequestType> requestType() {
    return RequestType.fromCode(type);
  }

  /**
   * Returns the answer, if the code is a known one.
   *
   * @return the answer, or empty for an unknown code
   */
  public Optional<Answer> knownAnswer() {
    return Answer.fromCode(answer);
  }

  /**
   * Returns whether the answer code is the given answer's.
   *
   * @param expected the answer
   * @return true if {@code answer() == expected.code()}
   */
  public boolean is(Answer expected) {
    return answer == expected.code();
  }
}

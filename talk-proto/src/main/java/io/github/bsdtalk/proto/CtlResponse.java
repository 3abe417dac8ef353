package io.github.bsdtalk.proto;

import java.util.Objects;
import java.util.Optional;

/**
 * A talk daemon's answer, {@code CTL_RESPONSE}: 24 bytes sent back to the client.
 *
 * <pre>
 * offset size C field   component   meaning
 *   0     1   vers      version     protocol version, 1
 *   1     1   type      type        echo of the request's type, kept raw
 *   2     1   answer    answer      {@link Answer} code, kept raw
 *   3     1   pad       -           padding: not kept, encoded as 0
 *   4     4   id_num    id          u32 big-endian: invitation id
 *   8    16   addr      address     rendezvous address; meaningful only for LOOK_UP + SUCCESS
 * </pre>
 *
 * <p>Real daemons fill {@code pad} and, except after a successful LOOK_UP, {@code addr} with stale
 * or uninitialised bytes (netkit and inetutils reply from an uninitialised stack variable; FreeBSD
 * from a never-cleared global), and leave {@code answer} unset on a fresh LEAVE_INVITE. Such replies
 * still decode; clients must ignore those bytes, as the C clients do.
 *
 * <p>Instances are immutable and thread-safe. No component may be null.
 *
 * @param version protocol version ({@code vers}, offset 0), 0..255
 * @param type echoed request type code ({@code type}, offset 1), 0..255; see {@link #requestType()}
 * @param answer answer code ({@code answer}, offset 2), 0..255; see {@link #knownAnswer()}
 * @param id invitation id ({@code id_num}, offset 4), 0..0xFFFFFFFF; 0 on every error path
 * @param address rendezvous address ({@code addr}, offset 8)
 */
public record CtlResponse(int version, int type, int answer, long id, TalkAddress address) {

  /** Size of a {@code CTL_RESPONSE} on the wire: {@value} bytes. */
  public static final int SIZE = 24;
  /**
   * Validates the components.
   *
   * @param version see the class description
   * @param type see the class description
   * @param answer see the class description
   * @param id see the class description
   * @param address see the class description
   * @throws IllegalArgumentException if a value is out of range; the message names it
   * @throws NullPointerException if {@code address} is null
   */
  public CtlResponse {
    CtlMessage.checkU8(version, "version");
    CtlMessage.checkU8(type, "type");
    CtlMessage.checkU8(answer, "answer");
    if (id < 0 || id > CtlMessage.MAX_ID_NUM) {
      throw new IllegalArgumentException("id out of range 0..0xFFFFFFFF: " + id);
    }
    Objects.requireNonNull(address, "address");
  }

  /**
   * Returns a version 1 response.
   *
   * @param type the request type code being answered (echoed even when unknown), 0..255
   * @param answer the answer
   * @param id the invitation id, or 0
   * @param address the rendezvous address, or {@link TalkAddress#ZERO} when there is none
   * @return the response
   */
  public static CtlResponse of(int type, Answer answer, long id, TalkAddress address) {
    Objects.requireNonNull(answer, "answer");
    return new CtlResponse(TalkProtocol.VERSION, type, answer.code(), id, address);
  }

  /**
   * Returns the echoed request type, if it is one of the four known codes.
   *
   * @return the type, or empty
   */
  public Optional<RequestType> requestType() {
    return RequestType.fromCode(type);
  }

  /**
   * Returns the answer, if the {@code answer} byte is one of the nine known codes.
   *
   * @return the answer, or empty
   */
  public Optional<Answer> knownAnswer() {
    return Answer.fromCode(answer);
  }

  /**
   * Returns whether the answer byte is the given answer.
   *
   * @param expected the answer to compare with
   * @return true if {@code answer() == expected.code()}
   */
  public boolean is(Answer expected) {
    return answer == expected.code();
  }
}

package io.github.bsdtalk.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads and writes the old (4.2BSD) talk structures, {@link OldCtlMessage} (76 bytes) and {@link
 * OldCtlResponse} (24 bytes), with the byte-order rules of old talk: ports and IP addresses always
 * in network order, the id, the pid and the address families in the sender's order.
 *
 * <p><b>Which order a request is in.</b> A decoder looks at the family of {@code ctl_addr} (bytes
 * 60 and 61): {@code 02 00} is {@code AF_INET} written little-endian, so the id, pid and both
 * families are read little-endian; anything else, {@code 00 02} or garbage, is read in network
 * order. This is the 4.2BSD daemon's heuristic ({@code talkd.c}: {@code if (request.ctl_addr.
 * sin_family == ntohs(AF_INET)) swapmsg(&request);}, which on a little-endian VAX swaps exactly the
 * requests whose family reads {@code 00 02}) turned around so that it does not depend on the
 * machine it runs on; illumos {@code in.talkd.c} has the same test. netkit never swaps (its
 * {@code repairs.c} accepts either order of the family and reads the id in network order), which
 * is what this codec does too for every request that is not recognisably little-endian. The order
 * found is kept in {@link OldCtlMessage#byteOrder()}.
 *
 * <p><b>Decoding</b> is strict about structure and permissive about meaning, as {@link TalkCodec}
 * is: the datagram must be exactly the structure's size, but any type, answer, family or text
 * decodes. It never throws anything but {@link MalformedPacketException} for any input bytes, and
 * never changes the caller's buffer. A decoded request encodes back to the same bytes, except the
 * padding byte (19) and the 8 unused bytes of each address, which are written as zeros.
 *
 * <p><b>Encoding</b> writes each record in its own {@code byteOrder}. A request whose order is
 * little-endian but whose {@code ctl_addr} family is not {@code AF_INET} cannot be told apart
 * from a big-endian one by a decoder; it is written as asked all the same.
 *
 * <p>This class is stateless and thread-safe.
 *
 * @apiNote
 *     <pre>{@code
 * OldCtlMessage lookUp = OldCtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
 *     TalkAddress.of(myUdpAddress), 4242, "alice", "bob", "");
 * byte[] datagram = OldTalkCodec.encode(lookUp);     // 76 bytes, network order
 * OldCtlResponse reply = OldTalkCodec.decodeResponse(received, lookUp.byteOrder());
 * }</pre>
 */
public final class OldTalkCodec {

  private static final int CTL_ADDR_AT = 60;

  private OldTalkCodec() {}

  /**
   * Encodes a request into a new array, in the record's byte order.
   *
   * @param message the request
   * @return 76 bytes
   */
  public static byte[] encode(OldCtlMessage message) {
    Objects.requireNonNull(message, "message");
    byte[] out = new byte[OldCtlMessage.SIZE];
    boolean little = message.byteOrder() == ByteOrder.LITTLE_ENDIAN;
    ByteBuffer fields = ByteBuffer.wrap(out);
    out[0] = (byte) message.type();
    FieldText.write(fields, 1, message.localName());
    FieldText.write(fields, 10, message.remoteName());
    putInt(out, 20, (int) message.id(), little);
    putInt(out, 24, message.pid(), little);
    FieldText.write(fields, 28, message.remoteTty());
    writeAddress(out, 44, message.address(), little);
    writeAddress(out, CTL_ADDR_AT, message.controlAddress(), little);
    return out;
  }

  /**
   * Encodes a reply into a new array, in the record's byte order.
   *
   * @param response the reply
   * @return 24 bytes
   */
  public static byte[] encode(OldCtlResponse response) {
    Objects.requireNonNull(response, "response");
    byte[] out = new byte[OldCtlResponse.SIZE];
    boolean little = response.byteOrder() == ByteOrder.LITTLE_ENDIAN;
    out[0] = (byte) response.type();
    out[1] = (byte) response.answer();
    putInt(out, 4, (int) response.id(), little);
    writeAddress(out, 8, response.address(), little);
    return out;
  }

  /**
   * Decodes a request from a whole datagram, in the byte order its {@code ctl_addr} family shows
   * (see the class description).
   *
   * @param datagram the datagram's bytes
   * @return the request
   * @throws MalformedPacketException {@link MalformedPacketException.Reason#TRUNCATED} or {@link
   *     MalformedPacketException.Reason#OVERSIZED} if the length is not 76
   */
  public static OldCtlMessage decodeMessage(byte[] datagram) throws MalformedPacketException {
    Objects.requireNonNull(datagram, "datagram");
    TalkCodec.checkLength(datagram.length, OldCtlMessage.SIZE, "old-talk CTL_MSG");
    ByteOrder order = senderOrder(datagram);
    boolean little = order == ByteOrder.LITTLE_ENDIAN;
    return new OldCtlMessage(
        Byte.toUnsignedInt(datagram[0]),
        FieldText.read(datagram, 1, TalkProtocol.OLD_NAME_SIZE),
        FieldText.read(datagram, 10, TalkProtocol.OLD_NAME_SIZE),
        Integer.toUnsignedLong(getInt(datagram, 20, little)),
        getInt(datagram, 24, little),
        FieldText.read(datagram, 28, TalkProtocol.TTY_SIZE),
        readAddress(datagram, 44, little),
        readAddress(datagram, CTL_ADDR_AT, little),
        order);
  }

  /**
   * Decodes a reply from a whole datagram. A reply does not show its byte order (its address is
   * unused except in a LOOK_UP's SUCCESS), so the caller says which it expects: the order of its
   * own request for a daemon that answers in kind, as ours does, and network order for netkit,
   * which always writes the id in network order.
   *
   * @param datagram the datagram's bytes
   * @param byteOrder the order of the id and the address family
   * @return the reply
   * @throws MalformedPacketException {@link MalformedPacketException.Reason#TRUNCATED} or {@link
   *     MalformedPacketException.Reason#OVERSIZED} if the length is not 24
   */
  public static OldCtlResponse decodeResponse(byte[] datagram, ByteOrder byteOrder)
      throws MalformedPacketException {
    Objects.requireNonNull(datagram, "datagram");
    Objects.requireNonNull(byteOrder, "byteOrder");
    TalkCodec.checkLength(datagram.length, OldCtlResponse.SIZE, "old-talk CTL_RESPONSE");
    boolean little = byteOrder == ByteOrder.LITTLE_ENDIAN;
    return new OldCtlResponse(
        Byte.toUnsignedInt(datagram[0]),
        Byte.toUnsignedInt(datagram[1]),
        Integer.toUnsignedLong(getInt(datagram, 4, little)),
        readAddress(datagram, 8, little),
        byteOrder);
  }

  /**
   * Returns the byte order a 76-byte old-talk request is in, by its {@code ctl_addr} family (see
   * the class description). Any array of at least 62 bytes may be asked.
   *
   * @param datagram the request's bytes
   * @return {@link ByteOrder#LITTLE_ENDIAN} if bytes 60 and 61 are {@code 02 00}, else {@link
   *     ByteOrder#BIG_ENDIAN}
   * @throws IllegalArgumentException if the array is shorter than 62 bytes
   */
  public static ByteOrder senderOrder(byte[] datagram) {
    if (datagram.length < CTL_ADDR_AT + 2) {
      throw new IllegalArgumentException(
          "an old-talk request's ctl_addr family is at bytes 60..61; got " + datagram.length);
    }
    return datagram[CTL_ADDR_AT] == TalkProtocol.AF_INET && datagram[CTL_ADDR_AT + 1] == 0
        ? ByteOrder.LITTLE_ENDIAN
        : ByteOrder.BIG_ENDIAN;
  }

  // ---- layout ---------------------------------------------------------------------------------

  private static void writeAddress(byte[] out, int at, TalkAddress a, boolean little) {
    // sockaddr_in: the family native, the port and address in network order, 8 zero bytes
    putShort(out, at, a.family(), little);
    putShort(out, at + 2, a.port(), false);
    putInt(out, at + 4, a.ipBits(), false);
  }

  private static TalkAddress readAddress(byte[] in, int at, boolean little) {
    return new TalkAddress(
        getShort(in, at, little),
        getShort(in, at + 2, false),
        TalkAddress.ipv4(getInt(in, at + 4, false)));
  }

  // ---- bytes: shifts, so that either order costs the same and needs no view handles -----------

  private static int getShort(byte[] b, int at, boolean little) {
    int first = Byte.toUnsignedInt(b[at]);
    int second = Byte.toUnsignedInt(b[at + 1]);
    return little ? second << 8 | first : first << 8 | second;
  }

  private static int getInt(byte[] b, int at, boolean little) {
    int v = 0;
    for (int i = 0; i < Integer.BYTES; i++) {
      int shift = little ? 8 * i : 8 * (Integer.BYTES - 1 - i);
      v |= Byte.toUnsignedInt(b[at + i]) << shift;
    }
    return v;
  }

  private static void putShort(byte[] b, int at, int v, boolean little) {
    b[at] = (byte) (little ? v : v >>> 8);
    b[at + 1] = (byte) (little ? v >>> 8 : v);
  }

  private static void putInt(byte[] b, int at, int v, boolean little) {
    for (int i = 0; i < Integer.BYTES; i++) {
      int shift = little ? 8 * i : 8 * (Integer.BYTES - 1 - i);
      b[at + i] = (byte) (v >>> shift);
    }
  }
}

package io.github.bsdtalk.client.internal;

import io.github.bsdtalk.client.NameTooLongException;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.nio.ByteOrder;

/**
 * How one daemon's requests go on the wire and its replies are read. The flow works in ntalk
 * records throughout; {@link #OTALK} turns each into its old-talk form on the way out and back,
 * as ytalk's {@code sendit()} fills its new-talk response from the old one ({@code socket.c}: "Fill
 * in the new talk response structure if we just read an old one"). Internal.
 */
enum Wire {
  /** 84-byte requests, 24-byte replies with a version byte. */
  NTALK {
    @Override
    byte[] encode(CtlMessage request) {
      return TalkCodec.encode(request);
    }

    @Override
    CtlResponse decode(byte[] datagram) throws MalformedPacketException {
      return TalkCodec.decodeResponse(datagram);
    }
  },
  /**
   * 76-byte requests in network order, as utalk and ytalk send them; replies read in network
   * order, which is what netkit's in.talkd always writes. A reply's address is junk except after
   * a LOOK_UP's SUCCESS, and the answer byte of its LEAVE_INVITE reply is garbage: the flow keeps
   * only the id of that one, as it does in ntalk.
   */
  OTALK {
    @Override
    byte[] encode(CtlMessage request) throws NameTooLongException {
      checkName(request.localName());
      checkName(request.remoteName());
      return OldTalkCodec.encode(new OldCtlMessage(request.type(), request.localName(),
          request.remoteName(), request.id(), request.pid(), request.remoteTty(),
          request.address(), request.controlAddress(), ByteOrder.BIG_ENDIAN));
    }

    @Override
    CtlResponse decode(byte[] datagram) throws MalformedPacketException {
      OldCtlResponse r = OldTalkCodec.decodeResponse(datagram, ByteOrder.BIG_ENDIAN);
      // Old talk has no version byte: the reply is what an ntalk daemon would have said.
      return new CtlResponse(TalkProtocol.VERSION, r.type(), r.answer(), r.id(), r.address());
    }

    /**
     * The 9-byte field holds 8 bytes and the NUL the C daemons' strncmp and the terminal's
     * "Message from Talk_Daemon@..." line rely on; a 9-byte name would go out unterminated.
     */
    private void checkName(String wireName) throws NameTooLongException {
      if (wireName.length() > TalkProtocol.OLD_NAME_SIZE - 1) {
        throw new NameTooLongException(wireName, TalkProtocol.OLD_NAME_SIZE - 1);
      }
    }
  };

  /**
   * Encodes a request for this protocol.
   *
   * @param request the request in its ntalk form
   * @return the datagram
   * @throws NameTooLongException if a name does not fit this protocol
   */
  abstract byte[] encode(CtlMessage request) throws NameTooLongException;

  /**
   * Decodes a reply of this protocol into its ntalk form.
   *
   * @param datagram the bytes received
   * @return the reply
   * @throws MalformedPacketException if it is no reply of this protocol
   */
  abstract CtlResponse decode(byte[] datagram) throws MalformedPacketException;
}

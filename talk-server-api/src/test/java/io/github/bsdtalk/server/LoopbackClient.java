package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A UDP socket on a loopback address that talks to a test's daemon. Receives wait at most {@link
 * ServingThread#PATIENCE}: a bounded wait, never a sleep.
 */
final class LoopbackClient implements AutoCloseable {

  private final DatagramSocket socket;
  private final InetSocketAddress daemon;

  /** Binds {@code ip}:0, for example 127.0.0.1 or 127.0.0.2 (all of 127/8 is loopback on Linux). */
  LoopbackClient(String ip, InetSocketAddress daemon) throws IOException {
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0));
    this.socket.setSoTimeout((int) ServingThread.PATIENCE.toMillis());
    this.daemon = daemon;
  }

  LoopbackClient(InetSocketAddress daemon) throws IOException {
    this("127.0.0.1", daemon);
  }

  static Inet4Address ip(String dotted) {
    try {
      return (Inet4Address) InetAddress.getByName(dotted);
    } catch (UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This socket's address, as a talk {@code ctl_addr}. */
  TalkAddress controlAddress() {
    return TalkAddress.of((InetSocketAddress) socket.getLocalSocketAddress());
  }

  InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  void send(byte[] datagram) throws IOException {
    socket.send(new DatagramPacket(datagram, datagram.length, daemon));
  }

  void send(CtlMessage request) throws IOException {
    send(TalkCodec.encode(request));
  }

  /** Receives one datagram from anywhere; fails after {@link ServingThread#PATIENCE}. */
  byte[] receiveBytes() throws IOException {
    byte[] buf = new byte[512];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no datagram within " + ServingThread.PATIENCE + " at " + this, e);
    }
    return Arrays.copyOf(buf, p.getLength());
  }

  CtlResponse receive() throws IOException {
    byte[] reply = receiveBytes();
    try {
      return TalkCodec.decodeResponse(reply);
    } catch (MalformedPacketException e) {
      throw new AssertionError("reply of " + reply.length + " bytes is not a CTL_RESPONSE", e);
    }
  }

  CtlResponse transact(CtlMessage request) throws IOException {
    send(request);
    return receive();
  }

  /** A LOOK_UP by {@code callee} for an invitation from {@code caller}, replies to this socket. */
  CtlMessage lookUp(String callee, String caller) {
    return CtlMessage.of(
        RequestType.LOOK_UP, 0, TalkAddress.ANY, controlAddress(), 4242, callee, caller, "");
  }

  /**
   * A LEAVE_INVITE by {@code caller} for {@code callee}, rendezvous address {@code addr} (must be a
   * local address for the daemon to accept it).
   */
  CtlMessage leaveInvite(String caller, String callee, TalkAddress addr, int pid) {
    return CtlMessage.of(
        RequestType.LEAVE_INVITE, CtlMessage.MAX_ID_NUM, addr, controlAddress(), pid, caller,
        callee, "");
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "LoopbackClient[" + socket.getLocalSocketAddress() + "]";
  }
}

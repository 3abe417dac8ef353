package io.github.bsdtalk.client;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ControlListener} that keeps what one party sent and received. */
final class ControlLog implements ControlListener {

  /** One send: the request, where to, and which attempt. */
  record Send(InetSocketAddress daemon, CtlMessage request, int attempt) {}

  private final List<Send> sends = new CopyOnWriteArrayList<>();
  private final List<CtlResponse> received = new CopyOnWriteArrayList<>();

  @Override
  public void sent(InetSocketAddress daemon, CtlMessage request, int attempt) {
    sends.add(new Send(daemon, request, attempt));
  }

  @Override
  public void received(InetSocketAddress daemon, CtlResponse response) {
    received.add(response);
  }

  /** First sends (not retransmissions) of one request type, in order. */
  List<CtlMessage> requests(RequestType type) {
    return sends.stream()
        .filter(s -> s.attempt() == 1 && s.request().type() == type.code())
        .map(Send::request)
        .toList();
  }

  /** Every datagram of one request type, retransmissions included. */
  List<Send> sends(RequestType type) {
    return sends.stream().filter(s -> s.request().type() == type.code()).toList();
  }

  /** The answers that ended transactions of one request type, in order. */
  List<CtlResponse> answers(RequestType type) {
    return received.stream().filter(r -> r.type() == type.code()).toList();
  }
}

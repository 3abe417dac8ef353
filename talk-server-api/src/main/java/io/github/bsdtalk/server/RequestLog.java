package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.proto.TalkText;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TalkdServer.Listener} that logs one line per datagram through {@link System.Logger}:
 * who sent it, the request (type, id, names, tty) and the answer, as netkit talkd's debug log
 * prints a request and its response ({@code talkd/print.c} {@code print_request()}, {@code
 * print_response()}), on one line so that a journal or a grep keeps them together. For example:
 *
 * <pre>{@code
 * 127.0.0.1:40123 ANNOUNCE id 7 alice -> bob tty "pts/3": SUCCESS id 7
 * 127.0.0.1:40124 old talk LOOK_UP id 0 bob -> alice tty "": NOT_HERE id 0
 * 127.0.0.1:40123 malformed, 10 bytes (TRUNCATED at offset 10: ...): UNKNOWN_REQUEST
 * }</pre>
 *
 * <p>An old-talk request (76 bytes, answered in old talk) is marked {@code old talk}, and {@code
 * old talk little-endian} when its integers came in that order.
 *
 * <p>Names and the tty come from the network: they are shown as {@link TalkText#displayName}
 * shows a caller, with every character a terminal or a log reader could act on (control
 * characters, escape sequences, line breaks) replaced, so a datagram cannot forge a log line.
 *
 * <p>Install it with {@code TalkdServer.builder().listener(RequestLog.standard())}. It costs one
 * copy of each datagram (the server makes it for any listener) and nothing else while its level is
 * not enabled.
 */
public final class RequestLog implements TalkdServer.Listener {

  /** The name of the logger {@link #standard()} logs to: {@value}. */
  public static final String LOGGER_NAME = "io.github.bsdtalk.server.RequestLog";

  private final Logger logger;
  private final Level level;

  private RequestLog(Logger logger, Level level) {
    this.logger = Objects.requireNonNull(logger, "logger");
    this.level = Objects.requireNonNull(level, "level");
  }

  /**
   * Logs to the logger named {@link #LOGGER_NAME} at {@link Level#INFO}.
   *
   * @return the request log
   */
  public static RequestLog standard() {
    return new RequestLog(System.getLogger(LOGGER_NAME), Level.INFO);
  }

  /**
   * Logs to a logger of the application's at a level of its choice.
   *
   * @param logger where the lines go
   * @param level the level of every line
   * @return the request log
   */
  public static RequestLog to(Logger logger, Level level) {
    return new RequestLog(logger, level);
  }

  @Override
  public void onExchange(TalkdServer.Exchange exchange) {
    if (logger.isLoggable(level)) {
      logger.log(level, line(exchange));
    }
  }

  /**
   * The line logged for an exchange, without a line break.
   *
   * @param exchange a handled datagram
   * @return for example {@code 127.0.0.1:40123 LOOK_UP id 0 alice -> bob tty "": NOT_HERE id 0}
   */
  public static String line(TalkdServer.Exchange exchange) {
    StringBuilder sb = new StringBuilder(96);
    sb.append(address(exchange.sender())).append(' ');
    Optional<CtlMessage> request = exchange.request();
    if (request.isPresent()) {
      CtlMessage m = request.get();
      exchange.oldTalkRequest().ifPresent(old -> sb.append(
          old.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "old talk little-endian " : "old talk "));
      sb.append(typeName(m.type()))
          .append(" id ")
          .append(m.id())
          .append(' ')
          .append(TalkText.displayName(m.localName()))
          .append(" -> ")
          .append(TalkText.displayName(m.remoteName()))
          .append(" tty \"")
          .append(TalkText.displayName(m.remoteTty()))
          .append('"');
      if (m.version() != TalkProtocol.VERSION) {
        sb.append(" vers ").append(m.version());
      }
    } else {
      byte[] datagram = exchange.datagram();
      sb.append("malformed, ").append(datagram.length).append(" bytes");
      problem(datagram).ifPresent(p -> sb.append(" (").append(p).append(')'));
    }
    sb.append(": ");
    Optional<CtlResponse> response = exchange.response();
    if (response.isEmpty()) {
      sb.append("no reply");
    } else {
      CtlResponse r = response.get();
      sb.append(answerName(r.answer()));
      if (request.isPresent()) {
        sb.append(" id ").append(r.id());
      }
      InetSocketAddress replyTo = exchange.replyTo();
      if (!replyTo.equals(exchange.sender())) {
        sb.append(" to ").append(address(replyTo));
      }
    }
    return sb.toString();
  }

  private static Optional<String> problem(byte[] datagram) {
    try {
      TalkCodec.decodeMessage(datagram);
      return Optional.empty(); // decodes after all: the handler refused it for another reason
    } catch (MalformedPacketException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static String typeName(int code) {
    return RequestType.fromCode(code).map(Enum::name).orElse("type " + code);
  }

  private static String answerName(int code) {
    return Answer.fromCode(code).map(Enum::name).orElse("answer " + code);
  }

  private static String address(InetSocketAddress a) {
    return (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress())
        + ":" + a.getPort();
  }
}

package io.github.bsdtalk.examples.web;

import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.endpoint.CallFailure;
import io.github.bsdtalk.endpoint.CloseReason;
import io.github.bsdtalk.endpoint.ConversationListener;
import io.github.bsdtalk.endpoint.PlacedCall;
import io.github.bsdtalk.endpoint.TalkConversation;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A visitor's one-to-one call to a local user: the {@link ConversationListener} of the placed
 * call, turning its events into {@code call}, {@code editchars} and {@code keys} events for the
 * visitor's page, and his keystrokes into bytes for the callee. Thread-safe: the call endpoint's
 * event thread and the HTTP threads both reach it.
 */
final class WebCall implements ConversationListener {

  private final Visitor visitor;
  private final String user;
  private final PrintStream log;
  /** The callee's bytes as UTF-8, a sequence split across reads completed by the next read. */
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer undecoded = ByteBuffer.allocate(0);
  private String peerControls = "\n";

  private PlacedCall placed;
  private TalkConversation conversation;
  private boolean hungUp;

  WebCall(Visitor visitor, String user, PrintStream log) {
    this.visitor = Objects.requireNonNull(visitor, "visitor");
    this.user = Objects.requireNonNull(user, "user");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** Whom he calls. */
  String user() {
    return user;
  }

  /** Tells the page the call rings. */
  void ringing() {
    state("ringing", "ringing " + user);
  }

  /** The call under way; a hang-up that came first cancels it now. */
  synchronized void placed(PlacedCall call) {
    placed = call;
    if (hungUp) {
      call.cancel();
    }
  }

  /**
   * Sends keystrokes to the callee.
   *
   * @param keys sanitised keystrokes
   * @throws WebRefusal CONFLICT if the call is not connected
   */
  synchronized void send(String keys) throws WebRefusal {
    if (conversation == null || !conversation.isOpen()) {
      throw new WebRefusal(WebRefusal.Reason.CONFLICT, "not connected to " + user);
    }
    conversation.send(keys.getBytes(StandardCharsets.UTF_8));
  }

  /** Hangs up: cancels the ringing or closes the conversation; the end is reported as usual. */
  synchronized void hangUp() {
    hungUp = true;
    if (conversation != null) {
      conversation.close();
    } else if (placed != null) {
      placed.cancel();
    }
  }

  @Override
  public void connected(TalkConversation c) {
    synchronized (this) {
      conversation = c;
      if (hungUp) {
        c.close();
        return;
      }
      EditChars e = c.peerEditChars();
      peerControls = "\n" + controls(e.erase(), e.kill(), e.wordErase());
    }
    EditChars e = c.peerEditChars();
    Map<String, Object> chars = new LinkedHashMap<>();
    chars.put("erase", Byte.toUnsignedInt(e.erase()));
    chars.put("kill", Byte.toUnsignedInt(e.kill()));
    chars.put("werase", Byte.toUnsignedInt(e.wordErase()));
    visitor.offer(ServerEvent.of("editchars", chars));
    log.println("web: " + visitor.shown() + " connected to " + user);
    state("connected", "connected to " + user);
  }

  /** The callee's edit characters that are controls, to let through to the page. */
  private static String controls(byte... chars) {
    StringBuilder out = new StringBuilder();
    for (byte b : chars) {
      if (b >= 0 && b < 0x20 || b == 0x7F) {
        out.append((char) b);
      }
    }
    return out.toString();
  }

  @Override
  public void received(TalkConversation c, byte[] keystrokes) {
    String text;
    synchronized (this) {
      ByteBuffer in = ByteBuffer.allocate(undecoded.remaining() + keystrokes.length);
      in.put(undecoded).put(keystrokes).flip();
      CharBuffer out = CharBuffer.allocate(in.remaining());
      decoder.decode(in, out, false); // an incomplete sequence at the end stays in `in`
      undecoded = in.slice();
      text = WebText.filter(out.flip().toString(), peerControls);
    }
    if (!text.isEmpty()) {
      visitor.offer(ServerEvent.of("keys", Map.of("text", text)));
    }
  }

  @Override
  public void closed(TalkConversation c, CloseReason reason) {
    String why;
    switch (reason) {
      case PEER_HUNG_UP:
        why = user + " hung up";
        break;
      case CLOSED_LOCALLY:
        why = "you hung up";
        break;
      case IDLE:
        why = user + " sent nothing for a long time: call ended";
        break;
      case OUTPUT_OVERFLOW:
        why = user + " is not reading: call ended";
        break;
      case ENDPOINT_CLOSED:
        why = "the bridge is closing";
        break;
      default:
        why = "the connection to " + user + " failed";
    }
    end("ended", why);
  }

  @Override
  public void notConnected(CallFailure failure) {
    switch (failure.reason()) {
      case REFUSED:
        end("refused", "refused: " + user + ": " + failure.message());
        break;
      case NOT_ANSWERED:
        end("ended", user + " did not answer");
        break;
      case CANCELLED:
        end("ended", "you hung up");
        break;
      default:
        end("ended", "the call to " + user + " failed: " + failure.message());
    }
  }

  private void end(String state, String text) {
    visitor.callEnded(this);
    log.println("web: " + visitor.shown() + " call to " + user + " over: " + text);
    state(state, text);
  }

  private void state(String state, String text) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("state", state);
    call.put("text", text);
    call.put("peer", user);
    visitor.offer(ServerEvent.of("call", call));
  }
}

package io.github.bsdtalk.examples.web;

import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.client.TextSanitizer;
import io.github.bsdtalk.endpoint.CallFailure;
import io.github.bsdtalk.endpoint.ConversationListener;
import io.github.bsdtalk.endpoint.Direction;
import io.github.bsdtalk.endpoint.PlacedCall;
import io.github.bsdtalk.examples.RoomListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The web side of the chat room, without HTTP: visitors join, say lines, call the users who allow
 * it and type to them; the room's traffic becomes events for their pages. The {@link WebServer}
 * maps requests onto it; each method either does what was asked or throws a {@link WebRefusal}
 * saying why not, and nothing else happens then.
 *
 * <p>It is the room's {@link RoomListener} (with the IRC mirror, if any, through {@link
 * RoomListener#both}): every join, leave and line in the room, a visitor's own included, reaches
 * each page as a {@code line} event, with a {@code members} event after each join and leave.
 *
 * <p>Thread-safe; the room's calls only queue events and return at once.
 */
public final class WebBridge implements RoomListener {

  /** A room line's length at most, in code points: what a page may send in one go. */
  public static final int MAX_LINE = 500;

  /** The functional shape of {@code TalkEndpoint.call}: how the bridge places a visitor's call. */
  @FunctionalInterface
  public interface Caller {
    /**
     * Places a call.
     *
     * @param localUser our name in the call ({@code web:NAME})
     * @param peer whom to ring
     * @param listener the call's listener
     * @return the call
     */
    PlacedCall call(String localUser, TalkPeer peer, ConversationListener listener);
  }

  private final Visitors visitors;
  private final WebRoom room;
  private final Set<String> callable;
  private final Caller caller;
  private final PrintStream log;

  /**
   * A bridge.
   *
   * @param visitors the registry
   * @param room the chat room
   * @param callable the local users a visitor may call (validated by the command line)
   * @param caller places the calls
   * @param log where the {@code web: ...} lines go
   */
  public WebBridge(Visitors visitors, WebRoom room, Set<String> callable, Caller caller,
      PrintStream log) {
    this.visitors = Objects.requireNonNull(visitors, "visitors");
    this.room = Objects.requireNonNull(room, "room");
    this.callable = Set.copyOf(callable);
    this.caller = Objects.requireNonNull(caller, "caller");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * A visitor joins the room.
   *
   * @param name the name typed
   * @return the visitor, whose token is the session
   * @throws WebRefusal as {@link Visitors#join}
   */
  public Visitor join(String name) throws WebRefusal {
    Visitor v = visitors.join(name);
    log.println("web: " + v.shown() + " joined");
    room.visitorJoined(v.shown());
    return v;
  }

  /**
   * Finds a session's visitor.
   *
   * @param token the session token
   * @return the visitor
   * @throws WebRefusal UNKNOWN_SESSION
   */
  public Visitor visitor(String token) throws WebRefusal {
    return visitors.find(token);
  }

  /**
   * A visitor says a line to the room.
   *
   * @param token his session
   * @param text the line; escape sequences and control characters are removed first
   * @throws WebRefusal for an unknown session, a line too long or empty, or over the rate
   */
  public void say(String token, String text) throws WebRefusal {
    Visitor v = visitors.find(token);
    if (text.codePointCount(0, text.length()) > MAX_LINE) {
      throw new WebRefusal(
          WebRefusal.Reason.BAD_REQUEST, "a line is at most " + MAX_LINE + " characters");
    }
    String line = WebText.roomLine(text).strip();
    if (line.isEmpty()) {
      throw new WebRefusal(WebRefusal.Reason.BAD_REQUEST, "nothing to say");
    }
    v.takeLine();
    room.visitorLine(v.shown(), line);
  }

  /**
   * A visitor calls a local user.
   *
   * @param token his session
   * @param user the user's login name
   * @throws WebRefusal FORBIDDEN for a user not listed (never rung), CONFLICT while he has a call,
   *     TOO_MANY over the rate
   */
  public void call(String token, String user) throws WebRefusal {
    Visitor v = visitors.find(token);
    if (!callable.contains(user)) {
      // what was typed may be anything: the log line gets it made harmless and short
      String who = TextSanitizer.sanitize(user.length() > 32 ? user.substring(0, 32) : user);
      log.println("web: " + v.shown() + " refused: " + who + " is not callable from the web");
      throw new WebRefusal(WebRefusal.Reason.FORBIDDEN, who + " cannot be called from the web");
    }
    if (v.call().isPresent()) {
      throw new WebRefusal(
          WebRefusal.Reason.CONFLICT,
          "already calling " + v.call().get().user() + ": hang up first");
    }
    v.takeCall();
    WebCall c = new WebCall(v, user, log);
    if (!v.startCall(c)) {
      throw new WebRefusal(WebRefusal.Reason.CONFLICT, "already in a call: hang up first");
    }
    log.println("web: " + v.shown() + " calls " + user);
    c.ringing();
    try {
      c.placed(caller.call(v.shown(), TalkPeer.local(user), c));
    } catch (RuntimeException e) {
      // a closed endpoint, say: the call never started, so nothing else reports its end
      c.notConnected(
          new CallFailure(
              Direction.PLACED, user, CallFailure.Reason.IO_ERROR, String.valueOf(e.getMessage())));
    }
  }

  /**
   * A visitor types in his call.
   *
   * @param token his session
   * @param text keystrokes: printable characters, LF, erase, kill, word erase and backspace (the
   *     rest is removed)
   * @throws WebRefusal CONFLICT when not connected, BAD_REQUEST for more than a burst at once,
   *     TOO_MANY over the rate
   */
  public void keys(String token, String text) throws WebRefusal {
    Visitor v = visitors.find(token);
    WebCall c =
        v.call()
            .orElseThrow(() -> new WebRefusal(WebRefusal.Reason.CONFLICT, "not in a call"));
    String keys = WebText.keystrokes(text);
    int n = keys.codePointCount(0, keys.length());
    if (n == 0) {
      return;
    }
    v.takeKeys(n);
    c.send(keys);
  }

  /**
   * A visitor hangs up his call, if he has one.
   *
   * @param token his session
   * @throws WebRefusal UNKNOWN_SESSION
   */
  public void hangUp(String token) throws WebRefusal {
    visitors.find(token).call().ifPresent(WebCall::hangUp);
  }

  /**
   * A visitor's page is going (closed, reloaded, navigated away: its {@code pagehide} beacon): he
   * leaves the room at once and his call is hung up, rather than at the unseen-visitor sweep half
   * a minute later. A session already gone is no error: the beacon may come after the sweep.
   *
   * @param token his session
   */
  public void leave(String token) {
    visitors.remove(token).ifPresent(this::farewell);
  }

  /**
   * Drops the visitors whose page has been gone for the registry's limit, or who do not read
   * their events: each leaves the room and his call is hung up. The web server calls it every
   * second.
   */
  public void dropUnseen() {
    for (Visitor v : visitors.removeUnseen()) {
      farewell(v);
    }
  }

  /** Every visitor leaves: the server is closing. */
  public void dropAll() {
    for (Visitor v : visitors.removeAll()) {
      farewell(v);
    }
  }

  private void farewell(Visitor v) {
    v.call().ifPresent(WebCall::hangUp);
    log.println("web: " + v.shown() + " left");
    room.visitorLeft(v.shown());
  }

  // ---------------------------------------------------------------- the room's events

  @Override
  public void joined(String member) {
    toAll("*** " + member + " joined");
    members();
  }

  @Override
  public void left(String member, String reason) {
    toAll("*** " + member + " left" + reason);
    members();
  }

  @Override
  public void line(String member, String text) {
    toAll(member + ": " + text);
  }

  @Override
  public void posted(String from, String text) {
    toAll(from + ": " + text);
  }

  private void toAll(String line) {
    ServerEvent e = ServerEvent.of("line", Map.of("text", line));
    for (Visitor v : visitors.all()) {
      v.offer(e); // one that overflows is dropped at the next sweep
    }
  }

  private void members() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("members", List.copyOf(room.members()));
    ServerEvent e = ServerEvent.of("members", m);
    for (Visitor v : visitors.all()) {
      v.offer(e);
    }
  }
}

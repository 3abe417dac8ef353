package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.TextSanitizer;
import io.github.bsdtalk.endpoint.CallAcceptor;
import io.github.bsdtalk.endpoint.CallFailure;
import io.github.bsdtalk.endpoint.CloseReason;
import io.github.bsdtalk.endpoint.ConversationListener;
import io.github.bsdtalk.endpoint.IncomingCall;
import io.github.bsdtalk.endpoint.TalkConversation;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.Announcer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A chat room that people join with plain {@code talk ROOM}: the embedding example, built on {@link
 * TalkEndpoint}.
 *
 * <p>The room is the endpoint's {@link CallAcceptor} for its own name and the {@link
 * ConversationListener} of every member. Its {@link #announcer(Announcer)} goes into a talk daemon;
 * when someone calls the room's name, the endpoint answers the call as the callee's talk would
 * (connects to the caller, exchanges edit characters), and from then on the room relays every
 * finished line (the caller's erase, kill and word-erase already applied, control characters made
 * harmless) to everyone else in the room, in chunks that each start with the sender's name and fit
 * on an 80-column row ({@link LineChunker}). It has no sockets, threads or queues of its own: the
 * endpoint bounds what a caller can make it do (where it connects, how many members, how long a
 * join and a silence may take, how much output waits for a member who stops reading; see {@link
 * io.github.bsdtalk.endpoint.EndpointLimits}), and calls the room on its one event thread, so the
 * room needs no locks.
 *
 * <p>A {@link RoomListener} hears joins, leaves and lines (the IRC mirror, the web bridge), and
 * {@link #post} shows a line from outside the room to every member. Visitors of the web page are
 * members without a talk connection ({@link #visitorJoined}, {@link #visitorLine}, {@link
 * #visitorLeft}): talk members see them come, speak and go as they see each other.
 */
final class ChatRoom implements CallAcceptor, ConversationListener, AutoCloseable {

  private final String name;

  /** The name as announcements carry it: its UTF-8 bytes, one char per byte (ISO-8859-1). */
  private final String wireName;

  private final PrintStream log;
  private final RoomListener listener;
  private final TalkEndpoint endpoint;

  /**
   * The members, oldest first. Changed on the endpoint's event thread only; a copy-on-write list so
   * that {@link #members()} and {@link #size()} can be read from any thread.
   */
  private final List<TalkConversation> members = new CopyOnWriteArrayList<>();

  /**
   * The web page's visitors in the room ({@code web:NAME}), oldest first; changed on the event
   * thread only, like {@link #members}.
   */
  private final List<String> visitors = new CopyOnWriteArrayList<>();

  /** A room with the endpoint's defaults, telling nobody else. */
  ChatRoom(String name, PrintStream log) {
    this(name, log, TalkEndpoint.builder(), RoomListener.NONE);
  }

  /**
   * A room on an endpoint built from {@code endpoint} (limits, clock, connector); the room sets the
   * builder's acceptor to itself.
   */
  ChatRoom(String name, PrintStream log, TalkEndpoint.Builder endpoint, RoomListener listener) {
    this.name = Objects.requireNonNull(name, "name");
    this.wireName = TalkText.toWire(name);
    this.log = Objects.requireNonNull(log, "log");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.endpoint = endpoint.acceptor(this).build();
  }

  /** Opens the room: starts the endpoint's threads. */
  void start() {
    endpoint.start();
  }

  /** Closes the room: every member is hung up. */
  @Override
  public void close() {
    endpoint.close();
  }

  /** An announcer that answers calls to this room and leaves every other call to {@code others}. */
  Announcer announcer(Announcer others) {
    return endpoint.announcer(others);
  }

  /** Members in the room now. */
  int size() {
    return members.size();
  }

  /** Joins answered SUCCESS that are still connecting or exchanging edit characters. */
  int pending() {
    return endpoint.pending();
  }

  /**
   * The members' names now: talk members ({@code user@host}) oldest first, then the web page's
   * visitors ({@code web:NAME}) oldest first.
   */
  List<String> members() {
    List<String> all = new ArrayList<>();
    members.forEach(m -> all.add(m.peer()));
    all.addAll(visitors);
    return List.copyOf(all);
  }

  /**
   * Drops every member who has sent nothing for the idle timeout: each is told why, and is
   * disconnected once that line is written, or at the next call at the latest. The endpoint calls
   * it every second; tests call it after moving their clock.
   */
  void expireIdle() {
    endpoint.expireIdle();
  }

  /**
   * Shows a line from outside the room (an IRC nick) to every member, as {@code from: text} in
   * 80-column chunks. Both are made harmless for a terminal first: whatever the caller stripped
   * already, no control character reaches a member. Runs on the endpoint's event thread, after the
   * events before it; a room that is closed shows nothing, one not yet started throws {@link
   * IllegalStateException}.
   */
  void post(String from, String text) {
    String who = TextSanitizer.sanitize(Objects.requireNonNull(from, "from"));
    String line = TextSanitizer.sanitize(Objects.requireNonNull(text, "text"));
    endpoint.execute(
        () -> {
          broadcast(null, who + ": ", line);
          listener.posted(who, line);
        });
  }

  /**
   * A visitor of the web page ({@code web:NAME}) joined: he is a member from now on ({@link
   * #members()}), and everyone hears of it as of a talk member's join. Runs on the event thread,
   * like {@link #post}.
   */
  void visitorJoined(String visitor) {
    String who = TextSanitizer.sanitize(Objects.requireNonNull(visitor, "visitor"));
    endpoint.execute(
        () -> {
          visitors.add(who);
          broadcast(null, "*** ", who + " joined");
          listener.joined(who);
        });
  }

  /** A visitor said a line: everyone hears it as {@code web:NAME: text}, as a member's line. */
  void visitorLine(String visitor, String text) {
    String who = TextSanitizer.sanitize(Objects.requireNonNull(visitor, "visitor"));
    String line = TextSanitizer.sanitize(Objects.requireNonNull(text, "text"));
    endpoint.execute(
        () -> {
          broadcast(null, who + ": ", line);
          listener.line(who, line);
        });
  }

  /** A visitor left: he is no member any more, and everyone hears of it. */
  void visitorLeft(String visitor) {
    String who = TextSanitizer.sanitize(Objects.requireNonNull(visitor, "visitor"));
    endpoint.execute(
        () -> {
          if (visitors.remove(who)) {
            broadcast(null, "*** ", who + " left");
            listener.left(who, "");
          }
        });
  }

  // ---------------------------------------------------------------- the endpoint's calls

  @Override
  public Optional<ConversationListener> accept(IncomingCall call) {
    // talk sends the bytes typed, so "talk café" arrives as the 5 bytes of UTF-8 "café"
    return call.calleeName().equals(wireName) ? Optional.of(this) : Optional.empty();
  }

  @Override
  public void connected(TalkConversation member) {
    String who = member.peer();
    // Added first, so that the welcome names him last and every line relayed after it reaches him.
    members.add(member);
    tell(member, "welcome to " + name + "; here: " + String.join(", ", members()));
    log.println("room " + name + ": " + who + " joined");
    broadcast(member, "*** ", who + " joined");
    listener.joined(who);
  }

  @Override
  public void line(TalkConversation member, String line) {
    broadcast(member, member.peer() + ": ", line);
    listener.line(member.peer(), line);
  }

  @Override
  public void closing(TalkConversation member, CloseReason reason) {
    long seconds = endpoint.limits().idleTimeout().toSeconds();
    log.println(
        "room " + name + ": dropping " + member.peer() + ": nothing sent for " + seconds + " s");
    tell(member, "nothing sent for " + seconds + " s: goodbye");
  }

  @Override
  public void closed(TalkConversation member, CloseReason reason) {
    String who = member.peer();
    members.remove(member);
    String why;
    switch (reason) {
      case IDLE:
        why = " (idle)";
        break;
      case OUTPUT_OVERFLOW:
        why = " (not reading)";
        log.println("room " + name + ": dropping " + who + ": not reading");
        break;
      default:
        why = "";
    }
    log.println("room " + name + ": " + who + " left" + why);
    broadcast(member, "*** ", who + " left" + why);
    listener.left(who, why);
  }

  @Override
  public void notConnected(CallFailure failure) {
    String who = failure.peer();
    switch (failure.reason()) {
      case BAD_ADDRESS:
        log.println("room " + name + ": refused " + who + ": " + failure.message());
        break;
      case TOO_MANY_PENDING:
        log.println(
            "room "
                + name
                + ": refused "
                + who
                + ": "
                + endpoint.limits().maxPending()
                + " joins pending");
        break;
      case ENDPOINT_FULL:
        log.println("room " + name + ": refused " + who + ": room full");
        break;
      case ENDPOINT_CLOSED:
        log.println("room " + name + ": refused " + who + ": room closed");
        break;
      default:
        log.println("room " + name + ": could not connect to " + who + ": " + failure.message());
    }
  }

  // ---------------------------------------------------------------- relaying

  /** Sends the chunked line to every member but {@code from} (null: to everyone). */
  private void broadcast(TalkConversation from, String prefix, String text) {
    byte[] lines = encode(prefix, text); // once, for every member
    for (TalkConversation m : members) {
      if (m != from) {
        // A member whose outbox would overflow is dropped by the endpoint; nobody else waits.
        m.send(lines);
      }
    }
  }

  private static void tell(TalkConversation member, String text) {
    member.send(encode("*** ", text));
  }

  private static byte[] encode(String prefix, String text) {
    StringBuilder out = new StringBuilder();
    for (String line : LineChunker.chunks(prefix, text)) {
      out.append(line).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}

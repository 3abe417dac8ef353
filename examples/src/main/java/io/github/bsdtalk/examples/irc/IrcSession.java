package io.github.bsdtalk.examples.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client side of one IRC connection at a time, as a pure state machine: events in (connected,
 * a line received, the server silent, closed), {@link Step}s out (lines to send, events to log or
 * relay, whether to close). No sockets, threads or clocks; {@link IrcClient} drives it.
 *
 * <ul>
 *   <li>Registration (RFC 2812 section 3.1): {@code PASS} if a password is set, {@code NICK},
 *       {@code USER user 0 * :real name}. While unregistered, 432, 433, 436 and 437 (erroneous,
 *       in use, collision, unavailable) move on to the next of {@link #nickCandidates}; when
 *       they run out the connection is closed, and the reconnect starts again from the wanted
 *       nick. After 001 the session {@code JOIN}s the channel, again after a reconnect or a
 *       {@code KICK}; if the wanted nick is freed later (its holder's {@code NICK} or {@code
 *       QUIT}), it asks for it again.
 *   <li>{@code PING} is answered with {@code PONG} and the same token (RFC 2812 section 3.7.2); a
 *       silent server gets one {@code PING} of ours, and is given up if it stays silent.
 *   <li>A {@code PRIVMSG} to the channel from someone else is a {@link ChannelLine} with the text
 *       made safe ({@link IrcText#channelText}); CTCP other than ACTION is dropped, never
 *       answered. {@code !who} is answered with the talk members, as a NOTICE: RFC 2812 section
 *       3.3.2 asks automata to use NOTICE, which no automaton ever answers, so two bridges cannot
 *       loop. NOTICEs, private messages and our own echoes are ignored.
 * </ul>
 *
 * <p>Thread-safe: {@link #say} is called from the room's threads while the client's reader feeds
 * the rest.
 */
public final class IrcSession {

  /** What happened, for the log and the mirror. Texts from the server are already made safe. */
  public sealed interface Event
      permits Registered,
          NickChanged,
          Joined,
          JoinFailed,
          Kicked,
          NickTaken,
          ChannelLine,
          ServerError,
          Silent {}

  /** 001: the server took us as {@code nick}. */
  public record Registered(String nick) implements Event {}

  /** The server changed our nick after registration (we asked for the wanted one back). */
  public record NickChanged(String nick) implements Event {}

  /** Our JOIN came back: we are in {@code channel}. */
  public record Joined(String channel) implements Event {}

  /** The server refused our JOIN (403, 405, 471, 473-477), with its reason. */
  public record JoinFailed(String channel, String reason) implements Event {}

  /** {@code by} kicked us from the channel; we ask to join again. */
  public record Kicked(String by, String reason) implements Event {}

  /** {@code nick} was refused during registration ({@code code}); {@code next} is tried. */
  public record NickTaken(String nick, String code, String next) implements Event {}

  /** Someone else's message in the channel, text made safe. */
  public record ChannelLine(String nick, String text) implements Event {}

  /** The server's ERROR (it closes the connection after it), or every nick refused. */
  public record ServerError(String text) implements Event {}

  /** The server stayed silent after our PING: the connection is given up. */
  public record Silent() implements Event {}

  /**
   * What to do after an event.
   *
   * @param send lines to send now (registration, PONG, JOIN), ahead of any queued text
   * @param paced lines for the channel, sent as pacing allows
   * @param events what happened
   * @param close whether the connection should be closed now
   */
  public record Step(
      List<IrcMessage> send, List<IrcMessage> paced, List<Event> events, boolean close) {
    /** Copies the lists. */
    public Step {
      send = List.copyOf(send);
      paced = List.copyOf(paced);
      events = List.copyOf(events);
    }

    static final Step NONE = new Step(List.of(), List.of(), List.of(), false);
  }

  /** Longest host name ngircd keeps (CLIENT_HOST_LEN 64 with its NUL, defines.h); RFC 1035 too. */
  static final int HOST_RESERVE = 63;

  /** What {@code !who} says when the room is empty. */
  static final String NO_MEMBERS = "no talk members";

  /** The PING token we send to a silent server. */
  static final String PING_TOKEN = "bsdtalk";

  private static final List<String> NICK_REFUSED = List.of("432", "433", "436", "437");
  private static final List<String> JOIN_REFUSED =
      List.of("403", "405", "471", "473", "474", "475", "476", "477");

  private final String wantedNick;
  private final String user;
  private final String realName;
  private final String password;
  private final String channel;
  private final Supplier<List<String>> members;
  private final List<String> candidates;
  private final int relayPrefixBytes;

  private String nick;
  private int attempt;
  private boolean registered;
  private boolean inChannel;
  private boolean pinged;

  /**
   * A session for one nick and one channel.
   *
   * @param nick the wanted nick (checked by the caller: {@code BridgeCommand})
   * @param user the USER name: letters, digits and {@code +-._}, as ngircd accepts (irc-login.c)
   * @param realName the USER real name
   * @param password the PASS password; empty for none
   * @param channel the channel to join
   * @param members the talk members, for {@code !who}
   */
  public IrcSession(String nick, String user, String realName, String password, String channel,
      Supplier<List<String>> members) {
    this.wantedNick = Objects.requireNonNull(nick, "nick");
    this.user = Objects.requireNonNull(user, "user");
    this.realName = Objects.requireNonNull(realName, "realName");
    this.password = Objects.requireNonNull(password, "password");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.members = Objects.requireNonNull(members, "members");
    this.candidates = nickCandidates(nick);
    int longestNick = 0;
    for (String c : candidates) {
      longestNick = Math.max(longestNick, IrcText.utf8Length(c));
    }
    // ":" nick "!" "~" user "@" host " ": ngircd puts "~" before a user name without ident
    this.relayPrefixBytes = 1 + longestNick + 2 + IrcText.utf8Length(user) + 1 + HOST_RESERVE + 1;
    this.nick = nick;
  }

  /**
   * The nicks tried in turn: the wanted one, with one and two underscores, then its first 8
   * characters (RFC 2812's 9-character nick) with a digit 1 to 9.
   */
  static List<String> nickCandidates(String nick) {
    List<String> out = new ArrayList<>(List.of(nick, nick + "_", nick + "__"));
    String base = nick.length() > 8 ? nick.substring(0, 8) : nick;
    for (int d = 1; d <= 9; d++) {
      out.add(base + d);
    }
    return List.copyOf(out);
  }

  /** The nick we have, or are asking for while unregistered. */
  public synchronized String nick() {
    return nick;
  }

  /** Whether we are in the channel: the only time channel lines may be sent. */
  public synchronized boolean inChannel() {
    return inChannel;
  }

  /** The connection is up: register. */
  public synchronized Step connected() {
    reset();
    List<IrcMessage> send = new ArrayList<>();
    if (!password.isEmpty()) {
      send.add(IrcMessage.of("PASS", password));
    }
    send.add(IrcMessage.of("NICK", nick));
    send.add(IrcMessage.of("USER", user, "0", "*", realName));
    return new Step(send, List.of(), List.of(), false);
  }

  /** The connection is gone: the next {@link #connected} starts over. */
  public synchronized void closed() {
    reset();
  }

  private void reset() {
    nick = wantedNick;
    attempt = 0;
    registered = false;
    inChannel = false;
    pinged = false;
  }

  /** Nothing came for a while: PING once, then give up. */
  public synchronized Step silent() {
    if (pinged) {
      return new Step(List.of(), List.of(), List.of(new Silent()), true);
    }
    pinged = true;
    return new Step(List.of(IrcMessage.of("PING", PING_TOKEN)), List.of(), List.of(), false);
  }

  /** A talk line for the channel: {@code label} before each piece ({@link PrivmsgSplitter}). */
  public List<IrcMessage> say(String label, String text) {
    return PrivmsgSplitter.split(
        "PRIVMSG", channel, IrcText.fromTalk(label), IrcText.fromTalk(text), relayPrefixBytes);
  }

  /**
   * A notice of the room's for the channel ({@code *** alice@host joined the talk room}): a
   * {@link #say} with the label {@value #NOTICE_LABEL}, which {@link #merge} may join with the
   * notices queued after it.
   */
  public List<IrcMessage> notice(String text) {
    return say(NOTICE_LABEL, text);
  }

  /** What starts every room notice in the channel. */
  static final String NOTICE_LABEL = "*** ";

  /** Between two notices {@link #merge} joined. */
  static final String NOTICE_SEPARATOR = "; ";

  /**
   * Two room notices as one channel line, if both are notices ({@link #notice}) and the one line
   * still fits within 512 bytes as the server relays it: {@code *** a joined the talk room; b
   * joined the talk room}. Fifty members joining at once are then a few lines in the channel, not
   * fifty lines at one every two seconds ({@link TokenBucket}) ahead of everything they say.
   */
  public Optional<IrcMessage> merge(IrcMessage first, IrcMessage second) {
    if (!isNotice(first) || !isNotice(second)) {
      return Optional.empty();
    }
    String text =
        first.param(1) + NOTICE_SEPARATOR + second.param(1).substring(NOTICE_LABEL.length());
    // the room PrivmsgSplitter leaves a piece, CR LF included
    if (relayPrefixBytes + IrcText.utf8Length("PRIVMSG " + channel + " :" + text) + 2
        > IrcMessage.MAX_LINE_BYTES) {
      return Optional.empty();
    }
    return Optional.of(IrcMessage.of("PRIVMSG", channel, text));
  }

  private boolean isNotice(IrcMessage m) {
    return m.command().equals("PRIVMSG")
        && m.params().size() == 2
        && m.param(0).equals(channel)
        && m.param(1).startsWith(NOTICE_LABEL);
  }

  /** A line from the server. */
  public synchronized Step received(IrcMessage m) {
    pinged = false;
    String verb = m.verb();
    if (NICK_REFUSED.contains(verb)) {
      return nickRefused(verb);
    }
    if (JOIN_REFUSED.contains(verb) && IrcText.sameName(m.param(1), channel)) {
      return events(new JoinFailed(channel, IrcText.forTerminal(m.param(m.params().size() - 1))));
    }
    switch (verb) {
      case "PING":
        return send(IrcMessage.of("PONG", m.param(0)));
      case "001":
        registered = true;
        if (!m.param(0).isEmpty()) {
          nick = m.param(0);
        }
        return new Step(
            List.of(IrcMessage.of("JOIN", channel)),
            List.of(),
            List.of(new Registered(IrcText.forTerminal(nick))),
            false);
      case "JOIN":
        if (isMe(m) && IrcText.sameName(m.param(0), channel)) {
          inChannel = true;
          return events(new Joined(channel));
        }
        return Step.NONE;
      case "PART":
        if (isMe(m) && IrcText.sameName(m.param(0), channel)) {
          inChannel = false;
        }
        return Step.NONE;
      case "KICK":
        if (IrcText.sameName(m.param(0), channel) && IrcText.sameName(m.param(1), nick)) {
          inChannel = false;
          return new Step(
              List.of(IrcMessage.of("JOIN", channel)),
              List.of(),
              List.of(
                  new Kicked(IrcText.forTerminal(m.nick()), IrcText.forTerminal(m.param(2)))),
              false);
        }
        return Step.NONE;
      case "NICK":
        return nickChanged(m);
      case "QUIT":
        return wantedFreed(m.nick());
      case "PRIVMSG":
        return privmsg(m);
      case "ERROR":
        return new Step(
            List.of(), List.of(), List.of(new ServerError(IrcText.forTerminal(m.param(0)))), true);
      default:
        return Step.NONE; // NOTICE among them: never answered (RFC 2812 section 3.3.2)
    }
  }

  private Step nickRefused(String code) {
    if (registered) {
      return Step.NONE; // our later NICK for the wanted nick: keep the one we have
    }
    String refused = nick;
    attempt++;
    if (attempt >= candidates.size()) {
      return new Step(
          List.of(),
          List.of(),
          List.of(new ServerError("every nick refused, the last " + refused + " (" + code + ")")),
          true);
    }
    nick = candidates.get(attempt);
    return new Step(
        List.of(IrcMessage.of("NICK", nick)),
        List.of(),
        List.of(new NickTaken(IrcText.forTerminal(refused), code, nick)),
        false);
  }

  private Step nickChanged(IrcMessage m) {
    if (isMe(m)) {
      nick = m.param(0);
      return events(new NickChanged(IrcText.forTerminal(nick)));
    }
    return wantedFreed(m.nick());
  }

  /** Someone left the wanted nick (NICK away or QUIT): ask for it. */
  private Step wantedFreed(String who) {
    if (registered && IrcText.sameName(who, wantedNick) && !IrcText.sameName(nick, wantedNick)) {
      return send(IrcMessage.of("NICK", wantedNick));
    }
    return Step.NONE;
  }

  private Step privmsg(IrcMessage m) {
    if (isMe(m) || !IrcText.sameName(m.param(0), channel)) {
      return Step.NONE; // our echo, or a private message: the bridge answers no one in private
    }
    String from = IrcText.forTerminal(m.nick());
    Optional<String> text = IrcText.channelText(from, m.param(1));
    if (text.isEmpty()) {
      return Step.NONE;
    }
    if (text.get().strip().equals("!who")) {
      List<String> names = members.get();
      String list =
          names.isEmpty() ? NO_MEMBERS : "talk members: " + String.join(", ", names);
      return new Step(
          List.of(),
          PrivmsgSplitter.split("NOTICE", channel, "", IrcText.fromTalk(list), relayPrefixBytes),
          List.of(),
          false);
    }
    return events(new ChannelLine(from, text.get()));
  }

  private boolean isMe(IrcMessage m) {
    return IrcText.sameName(m.nick(), nick);
  }

  private static Step send(IrcMessage m) {
    return new Step(List.of(m), List.of(), List.of(), false);
  }

  private static Step events(Event e) {
    return new Step(List.of(), List.of(), List.of(e), false);
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.Announcement;
import io.github.bsdtalk.server.Announcer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat room that people join with plain {@code talk ROOM}: the embedding example.
 *
 * <p>Its {@link #announcer(Announcer)} goes into a talk daemon. When someone calls the room's name,
 * the daemon asks the announcer to ring; instead of writing to a terminal, the room answers the
 * call itself: the announcement carries the caller's rendezvous address, so the room connects there
 * just as the callee's talk would, exchanges edit characters, and from then on relays every
 * finished line (the caller's erase, kill and word-erase already applied, control characters made
 * harmless) to everyone else in the room.
 *
 * <p>What a caller can make the room do is bounded:
 *
 * <ul>
 *   <li>Where it connects: only to the host the ANNOUNCE came from, and never to a privileged port
 *       (below 1024); any other call is answered BADADDR (see {@link #refusal(Announcement)}).
 *   <li>How many: at most {@link Limits#maxPending()} joins connecting at once and at most {@link
 *       Limits#maxMembers()} members and pending joins together; a slot is reserved when the call
 *       is answered, so a burst of calls cannot overfill the room. Calls beyond either are answered
 *       FAILED at once.
 *   <li>How long: connecting and the edit-character exchange together take at most {@link
 *       Limits#handshakeTimeout()}; a member who sends nothing for {@link Limits#idleTimeout()} is
 *       told so and dropped at the next {@link #expireIdle()}.
 *   <li>How much memory a member who stops reading holds: each member has its own writer thread and
 *       a queue of at most {@link Limits#maxQueuedBytes()}; a member whose queue would overflow is
 *       dropped, and nobody else waits for him.
 *   <li>What a line looks like on the receiver's screen: long lines are relayed in chunks that each
 *       start with the sender's name and fit on an 80-column row ({@link LineChunker}).
 * </ul>
 *
 * <p>Threads: one per pending join, which becomes the member's reader, plus one writer per member.
 */
final class ChatRoom {
  /** Ports below this are reserved for root's services (SMTP, ssh...): never connect there. */
  private static final int FIRST_UNPRIVILEGED_PORT = 1024;

  /**
   * The room's limits and timeouts.
   *
   * @param maxMembers members and pending joins together at most
   * @param maxPending joins still connecting or exchanging edit characters at most
   * @param maxQueuedBytes bytes waiting for one member's writer at most
   * @param handshakeTimeout how long connecting to a caller and exchanging edit characters may take
   *     together
   * @param idleTimeout how long a member may send nothing before {@link #expireIdle()} drops him
   */
  record Limits(
      int maxMembers,
      int maxPending,
      int maxQueuedBytes,
      Duration handshakeTimeout,
      Duration idleTimeout) {
    /** 64 members, 16 pending joins, 64 KiB per member, 10 s to join, 10 minutes idle. */
    static final Limits DEFAULTS =
        new Limits(64, 16, 64 * 1024, Duration.ofSeconds(10), Duration.ofMinutes(10));

    Limits {
      if (maxMembers < 1 || maxPending < 1 || maxQueuedBytes < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
      Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
        throw new IllegalArgumentException(
            "handshakeTimeout must be positive: " + handshakeTimeout);
      }
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
      }
    }

    Limits withTimeouts(Duration handshake, Duration idle) {
      return new Limits(maxMembers, maxPending, maxQueuedBytes, handshake, idle);
    }
  }

  /** Opens the TCP connection to a caller; tests replace it to see where the room connects. */
  @FunctionalInterface
  interface Connector {
    /** Connects, waiting at most {@code timeout}. */
    Socket connect(InetSocketAddress address, Duration timeout) throws IOException;

    /** A plain TCP connect. */
    Connector TCP =
        (address, timeout) -> {
          Socket socket = new Socket();
          try {
            socket.connect(address, millis(timeout));
          } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
          }
          return socket;
        };
  }

  private final String name;

  /** The name as announcements carry it: its UTF-8 bytes, one char per byte (ISO-8859-1). */
  private final String wireName;

  private final PrintStream log;
  private final Limits limits;
  private final InstantSource clock;
  private final Connector connector;

  private final Object lock = new Object();

  /** Changed only under lock; read without it (a snapshot) to relay. */
  private final List<Member> members = new CopyOnWriteArrayList<>();

  /** Joins answered SUCCESS that are not members yet. Guarded by lock. */
  private int pending;

  /** Idle members told to go at an earlier {@link #expireIdle()}, in case their writer is stuck. */
  private final Set<Member> leaving = ConcurrentHashMap.newKeySet();

  ChatRoom(String name, PrintStream log) {
    this(name, log, Limits.DEFAULTS, InstantSource.system(), Connector.TCP);
  }

  ChatRoom(String name, PrintStream log, Limits limits, InstantSource clock, Connector connector) {
    this.name = Objects.requireNonNull(name, "name");
    this.wireName = TalkText.toWire(name);
    this.log = Objects.requireNonNull(log, "log");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.connector = Objects.requireNonNull(connector, "connector");
  }

  /** An announcer that answers calls to this room and leaves every other call to {@code others}. */
  Announcer announcer(Announcer others) {
    // talk sends the bytes typed, so "talk café" arrives as the 5 bytes of UTF-8 "café"
    return a -> a.calleeName().equals(wireName) ? join(a) : others.announce(a);
  }

  /** Members in the room now. */
  int size() {
    return members.size();
  }

  /** Joins answered SUCCESS that are still connecting or exchanging edit characters. */
  int pending() {
    synchronized (lock) {
      return pending;
    }
  }

  /**
   * Why the room will not connect where an announcement says, if it will not.
   *
   * <p>A callee connects to the rendezvous address in the request ({@code addr}); nothing stops a
   * datagram from naming any host and port, so a room that connected anywhere would open
   * connections for whoever sends an ANNOUNCE, to this host's own services too, relay their banner
   * to every member and write members' lines into them. So, as for a callee's talk: the address
   * must be on the host the ANNOUNCE came from (the C clients bind their control and rendezvous
   * sockets to the same address, BSD {@code talk/ctl.c} {@code open_ctl()} and {@code
   * open_sockt()}, so a real caller always passes), and not a privileged port (Debian netkit-ntalk
   * 0.17-10, {@code talkd/talkd.c}: "Don't accept connections on privileged ports"). An
   * unprivileged port on the caller's own host is his business: he could connect there himself.
   */
  static Optional<String> refusal(Announcement a) {
    TalkAddress to = a.callerAddress();
    if (!to.isInet()) {
      return Optional.of("rendezvous address " + to + " is not an IPv4 address");
    }
    if (!to.ip().equals(a.callerHost())) {
      return Optional.of(
          "rendezvous address "
              + to
              + " is not on the calling host "
              + a.callerHost().getHostAddress());
    }
    if (to.port() < FIRST_UNPRIVILEGED_PORT) {
      return Optional.of("rendezvous address " + to + " is a privileged port");
    }
    return Optional.empty();
  }

  /**
   * Drops every member who has sent nothing for the idle timeout: each is told why, and is
   * disconnected once that line is written, or at the next call at the latest. Call it periodically
   * ({@code bridge} does every second); tests call it after moving their clock.
   */
  void expireIdle() {
    // Whoever was told to go at an earlier call and is still here has a writer stuck on a full
    // socket: cut him off now.
    for (Member m : List.copyOf(leaving)) {
      leaving.remove(m);
      close(m.conversation);
    }
    Instant now = clock.instant();
    for (Member m : members) {
      if (Duration.between(m.lastInput, now).compareTo(limits.idleTimeout()) >= 0
          && m.drop(" (idle)")) {
        log.println(
            "room "
                + name
                + ": dropping "
                + m.name
                + ": nothing sent for "
                + limits.idleTimeout().toSeconds()
                + " s");
        m.outbox.finish(
            encode(
                LineChunker.chunks(
                    "*** ",
                    "nothing sent for " + limits.idleTimeout().toSeconds() + " s: goodbye")));
        leaving.add(m);
      }
    }
  }

  private Answer join(Announcement a) {
    // Names arrive as raw bytes; show them as UTF-8 (else Latin-1), with nothing a terminal would
    // act on.
    String who = TalkText.displayName(a.callerName()) + "@" + a.callerHost().getHostAddress();
    Optional<String> refusal = refusal(a);
    if (refusal.isPresent()) {
      log.println("room " + name + ": refused " + who + ": " + refusal.get());
      return Answer.BADADDR; // "Target machine indicates protocol botch (addr)"
    }
    synchronized (lock) {
      if (pending >= limits.maxPending()) {
        log.println("room " + name + ": refused " + who + ": " + pending + " joins pending");
        return Answer.FAILED; // "Target machine is too confused to talk to us"
      }
      if (pending + members.size() >= limits.maxMembers()) {
        log.println("room " + name + ": refused " + who + ": room full");
        return Answer.FAILED;
      }
      pending++; // the slot is taken now, not when the connection is made
    }
    // The announcer must return at once; connecting takes a round trip, so do it on a thread.
    boolean started = false;
    try {
      Thread t = new Thread(() -> serve(who, a), "room-" + who);
      t.setDaemon(true);
      t.start();
      started = true;
    } finally {
      if (!started) {
        release();
      }
    }
    return Answer.SUCCESS;
  }

  private void release() {
    synchronized (lock) {
      pending--;
    }
  }

  private void serve(String who, Announcement a) {
    Conversation conversation;
    try {
      conversation = handshake(a.callerAddress().toSocketAddress());
    } catch (IOException | RuntimeException e) {
      release();
      log.println("room " + name + ": could not connect to " + who + ": " + e.getMessage());
      return;
    }
    Member member =
        new Member(who, conversation, new Outbox(limits.maxQueuedBytes()), clock.instant());
    synchronized (lock) {
      pending--;
      // The welcome goes first into his queue, so that no line relayed to him can come before it.
      StringBuilder here = new StringBuilder();
      for (Member m : members) {
        here.append(m.name).append(", ");
      }
      tell(member, "welcome to " + name + "; here: " + here + who);
      // Announced under the same lock as the welcome: outside it, a member who joined in between
      // would be welcomed with this one in "here" and then told that this one joined.
      log.println("room " + name + ": " + who + " joined");
      broadcast(member, "*** ", who + " joined");
      members.add(member);
    }
    try {
      Thread writer = new Thread(() -> write(member), "room-" + who + "-out");
      writer.setDaemon(true);
      writer.start();
      try (LineReader lines =
          new LineReader(
              new ActivityInput(conversation.input(), member),
              conversation.peerEditChars(),
              true)) {
        Optional<String> line;
        while ((line = lines.readLine()).isPresent()) {
          broadcast(member, who + ": ", line.get());
        }
      }
    } catch (IOException | RuntimeException e) {
      log.println("room " + name + ": " + who + ": " + e.getMessage());
    } finally {
      synchronized (lock) {
        members.remove(member);
      }
      member.outbox.discard();
      close(conversation);
      log.println("room " + name + ": " + who + " left" + member.reason);
      broadcast(member, "*** ", who + " left" + member.reason);
    }
  }

  private Conversation handshake(InetSocketAddress to) throws IOException {
    long start = System.nanoTime();
    Socket socket = connector.connect(to, limits.handshakeTimeout());
    Duration left = limits.handshakeTimeout().minusNanos(System.nanoTime() - start);
    if (left.toMillis() < 1) {
      left = Duration.ofMillis(1); // let a peer whose three bytes are already here still join
    }
    return Conversation.start(socket, EditChars.DEFAULT, left);
  }

  /** The member's writer thread: sends what is queued for him until he leaves. */
  private void write(Member m) {
    try {
      byte[] bytes;
      while ((bytes = m.outbox.take()) != null) {
        m.conversation.output().write(bytes);
      }
    } catch (IOException e) {
      // He is gone; his reader sees the end and announces the leave.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close(m.conversation);
    }
  }

  private void broadcast(Member from, String prefix, String text) {
    List<byte[]> lines = encode(LineChunker.chunks(prefix, text)); // once, shared by all queues
    for (Member m : members) {
      if (m != from) {
        send(m, lines);
      }
    }
  }

  private void tell(Member m, String text) {
    send(m, encode(LineChunker.chunks("*** ", text)));
  }

  private void send(Member m, List<byte[]> lines) {
    if (!m.outbox.offer(lines) && m.drop(" (not reading)")) {
      // Closing ends his reader, which announces the leave; his writer stops too.
      log.println(
          "room "
              + name
              + ": dropping "
              + m.name
              + ": not reading ("
              + m.outbox.bytes()
              + " bytes waiting)");
      m.outbox.discard();
      close(m.conversation);
    }
  }

  private static List<byte[]> encode(List<String> lines) {
    List<byte[]> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void close(Conversation c) {
    try {
      c.close();
    } catch (IOException e) {
      // already gone
    }
  }

  private static int millis(Duration d) {
    try {
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    } catch (ArithmeticException e) {
      return Integer.MAX_VALUE;
    }
  }

  /** One member: his conversation, his queue and when he last sent something. */
  private static final class Member {
    final String name;
    final Conversation conversation;
    final Outbox outbox;
    volatile Instant lastInput;

    /** Why he left, for the log and the others: "" when he hung up himself. */
    volatile String reason = "";

    private final AtomicBoolean dropped = new AtomicBoolean();

    Member(String name, Conversation conversation, Outbox outbox, Instant joined) {
      this.name = name;
      this.conversation = conversation;
      this.outbox = outbox;
      this.lastInput = joined;
    }

    /** Marks him dropped for {@code why}; true only for the first caller. */
    boolean drop(String why) {
      if (!dropped.compareAndSet(false, true)) {
        return false;
      }
      reason = why;
      return true;
    }
  }

  /** A member's input; every read that returns bytes counts as activity. */
  private final class ActivityInput extends FilterInputStream {
    private final Member member;

    ActivityInput(InputStream in, Member member) {
      super(in);
      this.member = member;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        member.lastInput = clock.instant();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        member.lastInput = clock.instant();
      }
      return n;
    }
  }

  /**
   * The lines waiting for one member's writer, at most {@code capacity} bytes. Lines are shared
   * between the queues of all receivers and never modified.
   */
  private static final class Outbox {
    private final int capacity;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int bytes;

    /** No more lines are taken; the writer stops once the queue is empty. */
    private boolean closed;

    Outbox(int capacity) {
      this.capacity = capacity;
    }

    /** Queues all the lines or none; false if they do not fit. Ignored once closed. */
    synchronized boolean offer(List<byte[]> lines) {
      if (closed) {
        return true; // he is leaving; there is nobody to send to
      }
      int n = 0;
      for (byte[] line : lines) {
        n += line.length;
      }
      if (n > capacity - bytes) {
        return false;
      }
      queue.addAll(lines);
      bytes += n;
      notifyAll();
      return true;
    }

    /** Queues these last lines whatever the capacity (they are few), then closes. */
    synchronized void finish(List<byte[]> last) {
      if (!closed) {
        queue.addAll(last);
        closed = true;
        notifyAll();
      }
    }

    /** Drops everything queued and closes. */
    synchronized void discard() {
      queue.clear();
      bytes = 0;
      closed = true;
      notifyAll();
    }

    /** Returns the next line, waiting for one; null once closed and empty. */
    synchronized byte[] take() throws InterruptedException {
      while (queue.isEmpty() && !closed) {
        wait();
      }
      byte[] line = queue.poll();
      if (line != null) {
        bytes = Math.max(0, bytes - line.length);
      }
      return line;
    }

    synchronized int bytes() {
      return bytes;
    }
  }
}

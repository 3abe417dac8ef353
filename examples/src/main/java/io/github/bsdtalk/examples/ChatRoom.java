package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.TextSanitizer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.server.Announcement;
import io.github.bsdtalk.server.Announcer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A chat room that people join with plain {@code talk ROOM}: the embedding example.
 *
 * <p>Its {@link #announcer(Announcer)} goes into a talk daemon. When someone calls the room's name,
 * the daemon asks the announcer to ring; instead of writing to a terminal, the room answers the call
 * itself: the announcement carries the caller's rendezvous address, so the room connects there just
 * as the callee's talk would, exchanges edit characters, and from then on relays every finished line
 * (the caller's erase, kill and word-erase already applied, control characters made harmless) to
 * everyone else in the room.
 */
final class ChatRoom {
  private static final int MAX_MEMBERS = 64;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  /** The name as announcements carry it: its UTF-8 bytes, one char per byte (ISO-8859-1). */
  private final String wireName;
  private final PrintStream log;
  private final List<Member> members = new CopyOnWriteArrayList<>();

  private record Member(String name, Conversation conversation) {}

  ChatRoom(String name, PrintStream log) {
    this.name = name;
    this.wireName = new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    this.log = log;
  }

  /** An announcer that answers calls to this room and leaves every other call to {@code others}. */
  Announcer announcer(Announcer others) {
    // talk sends the bytes typed, so "talk café" arrives as the 5 bytes of UTF-8 "café"
    return a -> a.calleeName().equals(wireName) ? join(a) : others.announce(a);
  }

  int size() {
    return members.size();
  }

  private Answer join(Announcement a) {
    if (members.size() >= MAX_MEMBERS) {
      return Answer.FAILED; // "Target machine is too confused to talk to us"
    }
    // Names arrive as raw bytes; show them as UTF-8, with nothing a terminal would act on.
    String who = TextSanitizer.sanitize(utf8(a.callerName()) + "@"
        + a.callerHost().getHostAddress());
    // The announcer must return at once; connecting takes a round trip, so do it on a thread.
    Thread t = new Thread(() -> serve(who, a), "room-" + who);
    t.setDaemon(true);
    t.start();
    return Answer.SUCCESS;
  }

  private void serve(String who, Announcement a) {
    Member member;
    try {
      Socket socket = new Socket();
      socket.connect(a.callerAddress().toSocketAddress(), (int) CONNECT_TIMEOUT.toMillis());
      member = new Member(who, Conversation.start(socket, EditChars.DEFAULT, CONNECT_TIMEOUT));
    } catch (IOException e) {
      log.println("room " + name + ": could not connect to " + who + ": " + e.getMessage());
      return;
    }
    members.add(member);
    log.println("room " + name + ": " + who + " joined");
    tell(member, "*** welcome to " + name + "; here: " + names());
    broadcast(member, "*** " + who + " joined");
    try (LineReader lines = member.conversation().lines()) {
      Optional<String> line;
      while ((line = lines.readLine()).isPresent()) {
        broadcast(member, who + ": " + line.get());
      }
    } catch (IOException e) {
      log.println("room " + name + ": " + who + ": " + e.getMessage());
    } finally {
      members.remove(member);
      close(member);
      log.println("room " + name + ": " + who + " left");
      broadcast(member, "*** " + who + " left");
    }
  }

  private String names() {
    StringBuilder sb = new StringBuilder();
    for (Member m : members) {
      sb.append(sb.length() == 0 ? "" : ", ").append(m.name());
    }
    return sb.toString();
  }

  private void broadcast(Member from, String line) {
    for (Member m : members) {
      if (m != from) {
        tell(m, line);
      }
    }
  }

  private void tell(Member m, String line) {
    try {
      m.conversation().sendLine(line);
    } catch (IOException e) {
      close(m); // its reader thread sees the end and announces the leave
    }
  }

  private static void close(Member m) {
    try {
      m.conversation().close();
    } catch (IOException e) {
      // already gone
    }
  }

  private static String utf8(String wire) {
    return new String(wire.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}

package io.github.bsdtalk.endpoint;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A listener that writes every event as a line of text into a queue, and remembers the threads and
 * conversations it saw; tests wait for the next event with a bounded wait.
 */
class Recorder implements ConversationListener {
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  final List<Thread> threads = new CopyOnWriteArrayList<>();
  final List<TalkConversation> conversations = new CopyOnWriteArrayList<>();

  String next() throws InterruptedException {
    String e = events.poll(FakeNetwork.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) {
      fail("no event within " + FakeNetwork.WAIT);
    }
    return e;
  }

  /** Skips events until one that starts with {@code prefix}, and returns it. */
  String nextStartingWith(String prefix) throws InterruptedException {
    String e;
    do {
      e = next();
    } while (!e.startsWith(prefix));
    return e;
  }

  /** The events delivered so far and not yet taken, without waiting. */
  List<String> drain() {
    List<String> now = new java.util.ArrayList<>();
    events.drainTo(now);
    return now;
  }

  private void add(String e) {
    threads.add(Thread.currentThread());
    events.add(e);
  }

  @Override
  public void connected(TalkConversation c) {
    conversations.add(c);
    add("connected " + c.peer());
  }

  @Override
  public void received(TalkConversation c, byte[] keystrokes) {
    add("received " + c.peerName() + " " + new String(keystrokes, StandardCharsets.UTF_8));
  }

  @Override
  public void line(TalkConversation c, String line) {
    add("line " + c.peerName() + " " + line);
  }

  @Override
  public void closing(TalkConversation c, CloseReason reason) {
    add("closing " + c.peerName() + " " + reason);
  }

  @Override
  public void closed(TalkConversation c, CloseReason reason) {
    add("closed " + c.peerName() + " " + reason);
  }

  @Override
  public void notConnected(CallFailure f) {
    add("notConnected " + f.peer() + " " + f.reason() + " " + f.message());
  }
}

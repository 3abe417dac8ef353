package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineAssembler;
import io.github.bsdtalk.endpoint.internal.Outbox;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One talk conversation of a {@link TalkEndpoint}, answered or placed.
 *
 * <p>Sending never blocks and never throws for the network's sake: {@link #send(byte[])} queues the
 * bytes for this peer's own writer thread, in an outbox of at most {@link
 * EndpointLimits#maxQueuedBytes()}. A send that would overflow it drops this peer ({@link
 * CloseReason#OUTPUT_OVERFLOW}, logged as a WARNING naming the peer and the bytes waiting), so a
 * peer who stops reading costs a bounded amount of memory and nobody else waits for him. What the
 * peer sends arrives as events on the endpoint's event thread ({@link ConversationListener}).
 *
 * <p>Thread-safe: every method may be called from any thread. Identity is the object; {@link
 * #id()} is unique within its endpoint.
 */
public final class TalkConversation {

  private static final System.Logger LOG = System.getLogger(TalkConversation.class.getName());

  private final long id;
  private final Direction direction;
  private final String localName;
  private final String peerName;
  private final String peerHost;
  private final Conversation conversation;
  private final Outbox outbox;
  private final int maxQueuedBytes;
  final ConversationListener listener;

  /** Only the event thread touches it. */
  final LineAssembler lines;

  private volatile Instant lastInput;
  private final AtomicReference<CloseReason> reason = new AtomicReference<>();

  /** Why the writer will close the connection once its outbox is drained ({@link #finish}). */
  private volatile CloseReason finishing;

  TalkConversation(
      long id,
      Direction direction,
      String localName,
      String peerName,
      String peerHost,
      Conversation conversation,
      ConversationListener listener,
      EndpointLimits limits,
      Instant now) {
    this.id = id;
    this.direction = direction;
    this.localName = localName;
    this.peerName = peerName;
    this.peerHost = peerHost;
    this.conversation = conversation;
    this.listener = listener;
    this.maxQueuedBytes = limits.maxQueuedBytes();
    this.outbox = new Outbox(limits.maxQueuedBytes());
    this.lines = new LineAssembler(conversation.peerEditChars(), true, limits.maxLineLength());
    this.lastInput = now;
  }

  /**
   * Returns this conversation's number, unique within its endpoint, in the order they connected.
   *
   * @return the id
   */
  public long id() {
    return id;
  }

  /**
   * Returns whether the endpoint answered this call or placed it.
   *
   * @return the direction
   */
  public Direction direction() {
    return direction;
  }

  /**
   * Returns our name in this conversation: the name called (wire text, as {@link
   * IncomingCall#calleeName()}) or the local user of a placed call.
   *
   * @return our name
   */
  public String localName() {
    return localName;
  }

  /**
   * Returns the peer's user name as people should see it ({@link
   * io.github.bsdtalk.proto.TalkText#displayName(String)}).
   *
   * @return the peer's name
   */
  public String peerName() {
    return peerName;
  }

  /**
   * Returns the peer's host: the numeric address an incoming call came from, or where a placed
   * call connected.
   *
   * @return the host
   */
  public String peerHost() {
    return peerHost;
  }

  /**
   * Returns {@code peerName()@peerHost()}.
   *
   * @return the peer, for people and logs
   */
  public String peer() {
    return peerName + "@" + peerHost;
  }

  /**
   * Returns the peer's TCP address.
   *
   * @return the address; empty for a conversation over streams
   */
  public Optional<InetSocketAddress> peerAddress() {
    return conversation.peerAddress();
  }

  /**
   * Returns the edit characters the peer sent: erase, kill, word-erase.
   *
   * @return the peer's edit characters
   */
  public EditChars peerEditChars() {
    return conversation.peerEditChars();
  }

  /**
   * Queues bytes for the peer, as they are (keystrokes, edit characters, line feeds).
   *
   * @param bytes what to send; copied
   * @return true if queued; false if the conversation is over or ending, or the bytes did not fit
   *     (then the conversation is dropped with {@link CloseReason#OUTPUT_OVERFLOW})
   * @throws NullPointerException if bytes is null
   */
  public boolean send(byte[] bytes) {
    byte[] copy = bytes.clone();
    if (!isOpen()) {
      return false;
    }
    if (outbox.offer(copy)) {
      return true;
    }
    // A conversation told to go (finishing) needs no further output: it is on its way out.
    if (finishing == null) {
      int waiting = outbox.bytes();
      if (end(CloseReason.OUTPUT_OVERFLOW)) {
        LOG.log(
            Level.WARNING,
            "talk endpoint: dropping {0}: not reading ({1} bytes waiting, at most {2})",
            peer(),
            waiting,
            maxQueuedBytes);
      }
    }
    return false;
  }

  /**
   * Queues text for the peer as UTF-8 (an unpaired surrogate becomes {@code ?}).
   *
   * @param text what to send
   * @return as {@link #send(byte[])}
   * @throws NullPointerException if text is null
   */
  public boolean send(String text) {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Queues text and a line feed (what the C clients send for Enter).
   *
   * @param text the line, without its end
   * @return as {@link #send(byte[])}
   * @throws NullPointerException if text is null
   */
  public boolean sendLine(String text) {
    return send(Objects.requireNonNull(text, "text") + "\n");
  }

  /**
   * Returns the bytes queued for the peer and not yet written.
   *
   * @return 0..{@link EndpointLimits#maxQueuedBytes()}
   */
  public int queuedBytes() {
    return outbox.bytes();
  }

  /**
   * Returns when the peer last sent something (or the conversation connected).
   *
   * @return the instant, by the endpoint's clock
   */
  public Instant lastInput() {
    return lastInput;
  }

  /**
   * Returns whether the conversation is still open.
   *
   * @return false once it has ended, for whatever reason
   */
  public boolean isOpen() {
    return reason.get() == null;
  }

  /**
   * Returns why the conversation ended.
   *
   * @return the reason; empty while it is open
   */
  public Optional<CloseReason> closeReason() {
    return Optional.ofNullable(reason.get());
  }

  /**
   * Hangs up now ({@link CloseReason#CLOSED_LOCALLY}), dropping output not yet written; {@link
   * ConversationListener#closed} follows. Idempotent.
   */
  public void close() {
    end(CloseReason.CLOSED_LOCALLY);
  }

  @Override
  public String toString() {
    return "TalkConversation#" + id + " " + direction + " " + localName + " with " + peer();
  }

  // ------------------------------------------------------------------ for the endpoint

  Conversation conversation() {
    return conversation;
  }

  Outbox outbox() {
    return outbox;
  }

  void input(Instant now) {
    lastInput = now;
  }

  boolean isFinishing() {
    return finishing != null;
  }

  /** Marks it to end for {@code why} once the output queued by then is written. */
  void markFinishing(CloseReason why) {
    finishing = why;
  }

  /** The output queued so far is the last: the writer ends the conversation once it is written. */
  void finish() {
    outbox.finish();
  }

  /** Why the writer ends the conversation once its outbox is drained. */
  CloseReason finishingReason() {
    CloseReason why = finishing;
    return why == null ? CloseReason.CLOSED_LOCALLY : why;
  }

  /**
   * Ends the conversation for {@code why}, unless it has ended already: drops queued output and
   * closes the connection, which ends the reader and the writer.
   *
   * @return true for the call that ended it
   */
  boolean end(CloseReason why) {
    if (!reason.compareAndSet(null, why)) {
      return false;
    }
    outbox.discard();
    try {
      conversation.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "talk endpoint: closing {0}: {1}", peer(), e);
    }
    return true;
  }
}

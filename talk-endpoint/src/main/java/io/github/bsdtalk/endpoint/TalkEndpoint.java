package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.TalkText;
import io.github.bsdtalk.server.Announcement;
import io.github.bsdtalk.server.Announcer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A talk endpoint inside an application: it answers calls to names the application owns, places
 * calls to real users, and turns every conversation into events and non-blocking sends, so that
 * the application writes no sockets and no threads of its own.
 *
 * <p><b>Answering.</b> {@link #announcer(Announcer)} goes into a {@link
 * io.github.bsdtalk.server.TalkdServer}. For each announcement the {@link CallAcceptor} is asked;
 * a call it leaves goes to the other announcer. A call it takes is answered at once: BADADDR if the
 * rendezvous address is unusable ({@link IncomingCall#rendezvousProblem()}), FAILED if {@link
 * EndpointLimits#maxPending()} calls are connecting already or {@link
 * EndpointLimits#maxConversations()} are taken (the slot is reserved when the call is answered
 * SUCCESS, so a burst of calls cannot overfill the endpoint), else SUCCESS; the endpoint then
 * connects to the caller and exchanges edit characters on a thread of its own, within {@link
 * EndpointLimits#handshakeTimeout()}, as the callee's talk would.
 *
 * <p><b>Placing.</b> {@link #call} rings a user through the {@link Dialer} on an endpoint thread;
 * connected, the call is a conversation like any other.
 *
 * <p><b>Events.</b> Every listener call of one endpoint is made on its one event thread, in order
 * (see {@link ConversationListener}). Each conversation has a reader thread, which hands what it
 * reads ({@value #READ_BUFFER_SIZE} bytes at most at a time) to the event thread through a queue of
 * at most {@value #EVENT_QUEUE_CAPACITY} events; when the queue is full the readers wait, so a
 * slow listener slows the peers down through TCP and nothing is lost. Refusals of incoming calls
 * are offered to the same queue without waiting (the daemon's thread must not): when it is full,
 * the refusal event is dropped and logged.
 *
 * <p><b>Output.</b> Each conversation has a writer thread and a bounded outbox: a peer who stops
 * reading is dropped when his outbox would overflow, and nobody else waits (see {@link
 * TalkConversation}).
 *
 * <p><b>Idle peers.</b> {@link #expireIdle()} ends the conversations whose peer has sent nothing
 * for {@link EndpointLimits#idleTimeout()}: the listener hears {@link
 * ConversationListener#closing} (and may say goodbye), and the connection is closed once that is
 * written, or at the next check if the peer does not read. {@link #start()} runs the check every
 * {@link Builder#idleCheckInterval(Duration) idle-check interval} (1 s by default).
 *
 * <p><b>Memory</b> per conversation is bounded (see {@link EndpointLimits}), and so is their
 * number. Threads: one event thread, one idle checker, one per call being connected or placed
 * (which becomes the conversation's reader), one writer per conversation; all made by the
 * builder's thread factory, none before {@link #start()}.
 *
 * <p>Thread-safe. Null arguments are rejected with {@link NullPointerException}.
 *
 * @apiNote
 *     <pre>{@code
 * ConversationListener echo = new ConversationListener() {
 *   public void line(TalkConversation c, String line) { c.sendLine("you said: " + line); }
 * };
 * String name = TalkText.toWire("echo");
 * try (TalkEndpoint endpoint = TalkEndpoint.builder()
 *         .acceptor(call -> call.calleeName().equals(name) ? Optional.of(echo) : Optional.empty())
 *         .build();
 *     TalkdServer talkd = TalkdServer.builder()
 *         .announcer(endpoint.announcer(a -> Answer.NOT_HERE))
 *         .build()) {
 *   endpoint.start();
 *   talkd.serve();
 * }
 * }</pre>
 */
public final class TalkEndpoint implements AutoCloseable {

  /** The most bytes one read hands to the event thread: each conversation's read buffer. */
  public static final int READ_BUFFER_SIZE = 1024;

  /** The most events waiting for the event thread. */
  public static final int EVENT_QUEUE_CAPACITY = 256;

  /** How long {@link #close()} waits for the last events to be delivered. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(TalkEndpoint.class.getName());

  private static final Runnable WAKE_UP = () -> {};

  private final CallAcceptor acceptor;
  private final Dialer dialer; // null: call() is refused
  private final Connector connector;
  private final EndpointLimits limits;
  private final InstantSource clock;
  private final EditChars editChars;
  private final ThreadFactory threads;
  private final Duration idleCheckInterval; // null: no idle checks of its own

  private final BlockingQueue<Runnable> events = new ArrayBlockingQueue<>(EVENT_QUEUE_CAPACITY);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Object lock = new Object();

  // Guarded by lock.
  private boolean started;
  private boolean closed;
  private int pending;
  private int dialing;
  private int readers; // conversations whose closed event is not delivered yet
  private long lastId;
  private Thread eventThread;
  private final Set<TalkConversation> live = new LinkedHashSet<>();
  private final Set<PlacedCall> placed = new LinkedHashSet<>();

  private TalkEndpoint(Builder b) {
    this.acceptor = b.acceptor;
    this.dialer = b.dialer;
    this.connector = b.connector;
    this.limits = b.limits;
    this.clock = b.clock;
    this.editChars = b.editChars;
    this.threads = b.threads;
    this.idleCheckInterval = b.idleCheckInterval;
  }

  /**
   * Returns a builder with the defaults: no acceptor ({@link CallAcceptor#NONE}), no dialer, TCP
   * connections, {@link EndpointLimits#DEFAULTS}, the system clock, {@link EditChars#DEFAULT},
   * daemon threads, idle checks every second.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the event thread and the idle checker. Calls answered before are refused (FAILED).
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("endpoint closed");
      }
      if (started) {
        throw new IllegalStateException("endpoint already started");
      }
      eventThread = threads.newThread(this::deliverEvents);
      eventThread.start();
      started = true;
    }
    if (idleCheckInterval != null) {
      threads.newThread(this::checkIdle).start();
    }
  }

  /**
   * Returns the limits.
   *
   * @return the endpoint's limits
   */
  public EndpointLimits limits() {
    return limits;
  }

  /**
   * Returns an announcer for a talk daemon that answers the calls the acceptor takes and leaves
   * every other call to {@code others} (see the class description for the answers).
   *
   * @param others rings the calls the application does not answer
   * @return the announcer; thread-safe
   */
  public Announcer announcer(Announcer others) {
    Objects.requireNonNull(others, "others");
    return new Announcer() {
      @Override
      public Answer announce(Announcement a) {
        IncomingCall call = IncomingCall.of(a);
        Optional<ConversationListener> listener = acceptor.accept(call);
        return listener.isPresent() ? answer(call, listener.get()) : others.announce(a);
      }

      @Override
      public Answer reachable(Announcement a) {
        return acceptor.accept(IncomingCall.of(a)).isPresent()
            ? Answer.SUCCESS
            : others.reachable(a);
      }
    };
  }

  /**
   * Answers one call for {@code listener}, as the class description says, on the daemon's thread.
   *
   * @param call the call
   * @param listener its listener
   * @return the daemon's answer
   */
  Answer answer(IncomingCall call, ConversationListener listener) {
    Optional<String> problem = call.rendezvousProblem();
    if (problem.isPresent()) {
      refuse(call, listener, CallFailure.Reason.BAD_ADDRESS, problem.get());
      return Answer.BADADDR; // "Target machine indicates protocol botch (addr)"
    }
    synchronized (lock) {
      if (!started || closed) {
        refuse(call, listener, CallFailure.Reason.ENDPOINT_CLOSED, "endpoint not running");
        return Answer.FAILED;
      }
      if (pending >= limits.maxPending()) {
        refuse(call, listener, CallFailure.Reason.TOO_MANY_PENDING, pending + " calls pending");
        return Answer.FAILED; // "Target machine is too confused to talk to us"
      }
      if (taken() >= limits.maxConversations()) {
        refuse(call, listener, CallFailure.Reason.ENDPOINT_FULL, "endpoint full");
        return Answer.FAILED;
      }
      pending++; // the slot is taken now, not when the connection is made
    }
    boolean running = false;
    try {
      threads.newThread(() -> answered(call, listener)).start();
      running = true;
    } finally {
      if (!running) {
        synchronized (lock) {
          pending--;
        }
      }
    }
    return Answer.SUCCESS;
  }

  /** Guarded by lock: conversations and calls under way. */
  private int taken() {
    return pending + dialing + live.size();
  }

  private void refuse(
      IncomingCall call, ConversationListener l, CallFailure.Reason reason, String why) {
    LOG.log(Level.DEBUG, "talk endpoint: refused {0}: {1}", call.caller(), why);
    CallFailure failure = new CallFailure(Direction.ANSWERED, call.caller(), reason, why);
    if (!events.offer(() -> l.notConnected(failure))) {
      LOG.log(
          Level.WARNING,
          "talk endpoint: event queue full; not reporting the refusal of {0}: {1}",
          call.caller(),
          why);
    }
  }

  /** An answered call's thread: connects, then reads the conversation. */
  private void answered(IncomingCall call, ConversationListener listener) {
    Conversation conversation;
    try {
      conversation =
          connector.connect(
              call.rendezvousAddress().toSocketAddress(), editChars, limits.handshakeTimeout());
    } catch (IOException | RuntimeException e) {
      synchronized (lock) {
        pending--;
      }
      report(
          () ->
              listener.notConnected(
                  new CallFailure(
                      Direction.ANSWERED,
                      call.caller(),
                      CallFailure.Reason.HANDSHAKE_FAILED,
                      String.valueOf(e.getMessage()))));
      return;
    }
    String name = TalkText.displayName(call.callerName());
    TalkConversation c =
        register(
            conversation,
            Direction.ANSWERED,
            call.calleeName(),
            name,
            call.callerHost().getHostAddress(),
            listener);
    if (c != null) {
      converse(c);
    }
  }

  /**
   * Places a call on an endpoint thread; its end reaches {@code listener}: {@link
   * ConversationListener#connected} or {@link ConversationListener#notConnected}. The call counts
   * against {@link EndpointLimits#maxConversations()} while it rings; when the endpoint is full,
   * the listener hears {@link CallFailure.Reason#ENDPOINT_FULL} and nothing is dialled.
   *
   * @param localUser our login name in the call
   * @param peer whom to call
   * @param listener the conversation's listener
   * @return the call, to cancel it or find its conversation
   * @throws IllegalStateException if the endpoint has no dialer, is not started or is closed
   * @throws IllegalArgumentException if the dialer cannot send a name
   */
  public PlacedCall call(String localUser, TalkPeer peer, ConversationListener listener) {
    Objects.requireNonNull(localUser, "localUser");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(listener, "listener");
    if (dialer == null) {
      throw new IllegalStateException("no dialer: set one with TalkEndpoint.builder().dialer()");
    }
    synchronized (lock) {
      if (!started || closed) {
        throw new IllegalStateException(closed ? "endpoint closed" : "endpoint not started");
      }
      if (taken() >= limits.maxConversations()) {
        CallFailure full =
            new CallFailure(
                Direction.PLACED, peer.toString(), CallFailure.Reason.ENDPOINT_FULL, "endpoint full");
        // not put(): the event thread takes this lock after every event
        if (!events.offer(() -> listener.notConnected(full))) {
          LOG.log(Level.WARNING, "talk endpoint: event queue full; not reporting {0}", full);
        }
        return new PlacedCall(localUser, peer, null);
      }
      dialing++;
    }
    Dialer.Call dialled = null;
    PlacedCall call = null;
    try {
      dialled = dialer.newCall(localUser, peer);
      call = new PlacedCall(localUser, peer, dialled);
      synchronized (lock) {
        placed.add(call);
      }
      PlacedCall c = call;
      Dialer.Call d = dialled;
      threads.newThread(() -> dial(c, d, listener)).start();
      return call;
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        dialing--;
        placed.remove(call);
      }
      if (dialled != null) {
        dialled.close();
      }
      throw e;
    }
  }

  /** A placed call's thread: dials, then reads the conversation. */
  private void dial(PlacedCall call, Dialer.Call dialled, ConversationListener listener) {
    CallFailure failure;
    try {
      CallResult result = dialled.execute();
      Optional<Conversation> conversation = result.conversation();
      if (conversation.isPresent()) {
        Conversation talk = conversation.get();
        String host =
            talk.peerAddress()
                .map(a -> a.getAddress().getHostAddress())
                .orElse(call.peer().host().orElse("localhost"));
        TalkConversation c =
            register(talk, Direction.PLACED, call.localUser(), call.peer().user(), host, listener);
        if (c != null) {
          call.connected(c);
          converse(c);
        }
        return;
      }
      failure =
          new CallFailure(
              Direction.PLACED, call.peer().toString(), reasonOf(result), result.message());
    } catch (IOException | RuntimeException e) {
      failure =
          new CallFailure(
              Direction.PLACED,
              call.peer().toString(),
              CallFailure.Reason.IO_ERROR,
              String.valueOf(e.getMessage()));
    } finally {
      // Over (or connected and now over): the daemons' invitations are cleaned up before the
      // listener hears that the call did not connect.
      call.ended();
      synchronized (lock) {
        placed.remove(call);
      }
      dialled.close();
    }
    synchronized (lock) {
      dialing--;
    }
    CallFailure f = failure;
    report(() -> listener.notConnected(f));
  }

  private static CallFailure.Reason reasonOf(CallResult result) {
    switch (result.status()) {
      case REFUSED:
        return CallFailure.Reason.REFUSED;
      case NOT_ANSWERED:
        return CallFailure.Reason.NOT_ANSWERED;
      default:
        return CallFailure.Reason.CANCELLED;
    }
  }

  /** Counts a connected conversation in, unless the endpoint closed meanwhile (then closes it). */
  private TalkConversation register(
      Conversation conversation,
      Direction direction,
      String localName,
      String peerName,
      String peerHost,
      ConversationListener listener) {
    synchronized (lock) {
      if (direction == Direction.ANSWERED) {
        pending--;
      } else {
        dialing--;
      }
      if (!closed) {
        TalkConversation c =
            new TalkConversation(
                ++lastId,
                direction,
                localName,
                peerName,
                peerHost,
                conversation,
                listener,
                limits,
                clock.instant());
        live.add(c);
        readers++;
        return c;
      }
    }
    try {
      conversation.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "talk endpoint: closing a late conversation: {0}", e);
    }
    return null;
  }

  /** Runs a registered conversation on the thread that connected it, which becomes its reader. */
  private void converse(TalkConversation c) {
    if (!put(() -> c.listener.connected(c))) {
      c.end(CloseReason.IO_ERROR);
    }
    try {
      threads.newThread(() -> write(c)).start();
    } catch (RuntimeException | OutOfMemoryError e) {
      LOG.log(Level.WARNING, "talk endpoint: no writer thread for {0}: {1}", c.peer(), e);
      c.end(CloseReason.IO_ERROR);
    }
    read(c);
  }

  private void read(TalkConversation c) {
    byte[] buffer = new byte[READ_BUFFER_SIZE];
    try {
      InputStream in = c.conversation().input();
      int n;
      while ((n = in.read(buffer)) > 0) {
        c.input(clock.instant());
        byte[] bytes = Arrays.copyOf(buffer, n);
        if (!put(() -> received(c, bytes))) {
          break;
        }
      }
      c.end(CloseReason.PEER_HUNG_UP);
    } catch (IOException | RuntimeException e) {
      c.end(CloseReason.IO_ERROR);
    }
    synchronized (lock) {
      live.remove(c); // the slot is free before anyone hears of the end
    }
    if (!put(() -> closed(c))) {
      synchronized (lock) {
        readers--;
      }
    }
  }

  private void write(TalkConversation c) {
    try {
      OutputStream out = c.conversation().output();
      byte[] chunk;
      while ((chunk = c.outbox().take()) != null) {
        out.write(chunk);
        out.flush();
      }
      // The outbox is closed: discarded (the conversation has ended) or finished and now written.
      c.end(c.finishingReason());
    } catch (IOException e) {
      c.end(CloseReason.IO_ERROR);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      c.end(CloseReason.IO_ERROR);
    }
  }

  /** On the event thread. */
  private void received(TalkConversation c, byte[] bytes) {
    safely(() -> c.listener.received(c, bytes));
    for (String line : c.lines.feed(bytes)) {
      safely(() -> c.listener.line(c, line));
    }
  }

  /** On the event thread: the last event of a conversation. */
  private void closed(TalkConversation c) {
    try {
      c.lines.finish().ifPresent(line -> safely(() -> c.listener.line(c, line)));
      CloseReason reason = c.closeReason().orElse(CloseReason.PEER_HUNG_UP);
      safely(() -> c.listener.closed(c, reason));
    } finally {
      synchronized (lock) {
        readers--;
      }
    }
  }

  private static void safely(Runnable listenerCall) {
    try {
      listenerCall.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "talk endpoint: a listener threw; the events go on", e);
    }
  }

  /**
   * Queues the news of a call that did not connect, unless the endpoint is closed: then the event
   * thread may be gone, and nobody is waiting for the news.
   */
  private void report(Runnable event) {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    put(event);
  }

  /** Queues an event, waiting while the queue is full; false if interrupted. */
  private boolean put(Runnable event) {
    try {
      events.put(event);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void deliverEvents() {
    while (true) {
      Runnable event;
      try {
        event = events.take();
      } catch (InterruptedException e) {
        return;
      }
      safely(event);
      synchronized (lock) {
        if (closed && readers == 0 && events.isEmpty()) {
          return;
        }
      }
    }
  }

  /**
   * Runs {@code task} on the event thread after the events queued before it, so that application
   * state the listeners keep needs no lock; waits while the event queue is full. Called on the
   * event thread itself, it runs the task at once.
   *
   * @param task what to run; an exception from it is logged
   * @return false if the endpoint is closed (the task is not run)
   * @throws IllegalStateException if the endpoint is not started
   */
  public boolean execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (lock) {
      if (closed) {
        return false;
      }
      if (!started) {
        throw new IllegalStateException("endpoint not started");
      }
      if (Thread.currentThread() == eventThread) {
        safely(task);
        return true;
      }
    }
    return put(task);
  }

  /**
   * Ends the conversations whose peer has sent nothing for {@link EndpointLimits#idleTimeout()}
   * ({@link CloseReason#IDLE}): each listener hears {@link ConversationListener#closing}, what it
   * sends then is written, and the connection is closed; a conversation already told so at an
   * earlier call (its peer does not read, so the goodbye is stuck) is cut off now. {@link #start()}
   * calls it periodically; applications with their own schedule, and tests that move their clock,
   * call it themselves.
   */
  public void expireIdle() {
    Instant now = clock.instant();
    for (TalkConversation c : conversations()) {
      if (c.isFinishing()) {
        c.end(c.finishingReason());
      } else if (c.isOpen()
          && Duration.between(c.lastInput(), now).compareTo(limits.idleTimeout()) >= 0) {
        c.markFinishing(CloseReason.IDLE);
        Runnable goodbye =
            () -> {
              try {
                safely(() -> c.listener.closing(c, CloseReason.IDLE));
              } finally {
                c.finish();
              }
            };
        if (!isEventThread()) {
          put(goodbye);
        } else {
          goodbye.run();
        }
      }
    }
  }

  private boolean isEventThread() {
    synchronized (lock) {
      return Thread.currentThread() == eventThread;
    }
  }

  private void checkIdle() {
    long nanos = saturatedNanos(idleCheckInterval);
    try {
      while (!stopped.await(nanos, TimeUnit.NANOSECONDS)) {
        try {
          expireIdle();
        } catch (RuntimeException e) {
          // a failing check must not end the checks
          LOG.log(Level.WARNING, "talk endpoint: idle check failed", e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns the open conversations now.
   *
   * @return a snapshot, oldest first
   */
  public List<TalkConversation> conversations() {
    synchronized (lock) {
      return List.copyOf(live);
    }
  }

  /**
   * Returns how many conversations are open.
   *
   * @return the count
   */
  public int size() {
    synchronized (lock) {
      return live.size();
    }
  }

  /**
   * Returns how many answered calls are still connecting or exchanging edit characters.
   *
   * @return the count
   */
  public int pending() {
    synchronized (lock) {
      return pending;
    }
  }

  /**
   * Hangs up every conversation ({@link CloseReason#ENDPOINT_CLOSED}), cancels placed calls that
   * still ring, delivers the last events ({@link ConversationListener#closed}) and stops the
   * threads. Waits for the event thread at most a few seconds (not at all when called from it).
   * Calls still connecting are abandoned: a connection that comes later is closed unseen.
   * Idempotent.
   */
  @Override
  public void close() {
    List<TalkConversation> open;
    List<PlacedCall> ringing;
    Thread events;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(live);
      ringing = new ArrayList<>(placed);
      events = eventThread;
    }
    stopped.countDown();
    for (TalkConversation c : open) {
      c.end(CloseReason.ENDPOINT_CLOSED);
    }
    for (PlacedCall call : ringing) {
      call.cancel();
    }
    this.events.offer(WAKE_UP); // lets the event thread see that it is done
    if (events != null && events != Thread.currentThread()) {
      try {
        events.join(CLOSE_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, saturatedNanos(d) / 1_000_000L));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Builds a {@link TalkEndpoint}; not thread-safe. */
  public static final class Builder {
    private CallAcceptor acceptor = CallAcceptor.NONE;
    private Dialer dialer;
    private Connector connector = Connector.TCP;
    private EndpointLimits limits = EndpointLimits.DEFAULTS;
    private InstantSource clock = InstantSource.system();
    private EditChars editChars = EditChars.DEFAULT;
    private ThreadFactory threads = new DaemonThreads();
    private Duration idleCheckInterval = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * Sets which incoming calls the application answers. Default: none.
     *
     * @param a the acceptor
     * @return this builder
     */
    public Builder acceptor(CallAcceptor a) {
      this.acceptor = Objects.requireNonNull(a, "acceptor");
      return this;
    }

    /**
     * Sets how calls are placed, for example {@link Dialer#of}. Default: none ({@link
     * TalkEndpoint#call} is refused).
     *
     * @param d the dialer
     * @return this builder
     */
    public Builder dialer(Dialer d) {
      this.dialer = Objects.requireNonNull(d, "dialer");
      return this;
    }

    /**
     * Sets how the endpoint connects to callers. Default: {@link Connector#TCP}.
     *
     * @param c the connector
     * @return this builder
     */
    public Builder connector(Connector c) {
      this.connector = Objects.requireNonNull(c, "connector");
      return this;
    }

    /**
     * Sets the limits. Default: {@link EndpointLimits#DEFAULTS}.
     *
     * @param l the limits
     * @return this builder
     */
    public Builder limits(EndpointLimits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /**
     * Sets the clock that idle times are measured by. Default: the system clock.
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(InstantSource c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Sets the edit characters sent to peers. Default: {@link EditChars#DEFAULT}.
     *
     * @param chars ours
     * @return this builder
     */
    public Builder editChars(EditChars chars) {
      this.editChars = Objects.requireNonNull(chars, "editChars");
      return this;
    }

    /**
     * Sets what makes the endpoint's threads. Default: daemon threads named {@code
     * talk-endpoint-N}.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder threadFactory(ThreadFactory factory) {
      this.threads = Objects.requireNonNull(factory, "threadFactory");
      return this;
    }

    /**
     * Sets how often {@link TalkEndpoint#start()}'s checker calls {@link
     * TalkEndpoint#expireIdle()}. Default: every second.
     *
     * @param interval the interval; positive
     * @return this builder
     * @throws IllegalArgumentException if the interval is not positive
     */
    public Builder idleCheckInterval(Duration interval) {
      EndpointLimits.positive(interval, "idleCheckInterval");
      this.idleCheckInterval = interval;
      return this;
    }

    /**
     * Runs no idle checker: the application (or a test moving its clock) calls {@link
     * TalkEndpoint#expireIdle()} itself.
     *
     * @return this builder
     */
    public Builder noIdleChecks() {
      this.idleCheckInterval = null;
      return this;
    }

    /**
     * Builds the endpoint; no thread is started until {@link TalkEndpoint#start()}.
     *
     * @return the endpoint
     */
    public TalkEndpoint build() {
      return new TalkEndpoint(this);
    }
  }

  /** Daemon threads, so that an endpoint left open does not keep the JVM alive. */
  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "talk-endpoint-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}

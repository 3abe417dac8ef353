package io.github.bsdtalk.examples.irc;

import io.github.bsdtalk.examples.irc.IrcSession.Event;
import io.github.bsdtalk.examples.irc.IrcSession.Step;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The I/O shell around {@link IrcSession}: one connection at a time to one server, over TCP or
 * TLS, with a reader thread, a paced writer thread and a reconnect loop with {@link Backoff}.
 * Nothing starts before {@link #start}; {@link #close} ends both threads and the socket.
 *
 * <p>TLS uses the given {@link SSLContext} (by default the JDK's, which trusts the system's CA
 * certificates) with host name verification on ({@code HTTPS} endpoint identification, RFC 2818
 * section 3.1), so a certificate for another name is refused.
 *
 * <p>Timeouts: {@code connectTimeout} bounds the TCP connect and the TLS handshake. When the
 * server has sent nothing for {@code pingAfter}, we PING it; if it then stays silent for {@code
 * deadAfter}, the connection is given up and the reconnect loop starts (ngircd itself PINGs an idle
 * client after its PingTimeout, 120 s by default).
 *
 * <p>The log gets one line per event, each starting {@code irc: }: {@code connected to HOST:PORT},
 * {@code registered as NICK}, {@code joined #CHAN}, {@code disconnected: REASON}, {@code
 * reconnecting in N s}, and the rarer ones (nick taken, nick changed, kicked, cannot join, send
 * queue full, server says).
 * Thread-safe.
 */
public final class IrcClient implements AutoCloseable {

  /** The builder's settings, copied: a builder changed after {@link Builder#build} changes nothing. */
  private record Settings(
      String host,
      int port,
      boolean tls,
      SSLContext sslContext,
      Duration connectTimeout,
      Duration pingAfter,
      Duration deadAfter,
      Backoff backoff,
      Consumer<Event> events) {}

  private final Settings b;
  private final IrcSession session;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Outbox outbox;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final PrintStream log;

  // guarded by lock
  private boolean gateOpen;
  private Socket socket;
  private long dropped;
  private boolean started;
  private Thread connection;

  // only the connection thread uses these
  private String lastReason = "";
  /** Whether the current connection got as far as 001, however it ended (an exception too). */
  private boolean registered;

  private IrcClient(Builder b) {
    this.b =
        new Settings(b.host, b.port, b.tls, b.sslContext, b.connectTimeout, b.pingAfter,
            b.deadAfter, b.backoff, b.events);
    this.log = b.log;
    this.session = new IrcSession(b.nick, b.user, b.realName, b.password, b.channel, b.members);
    this.outbox =
        new Outbox(b.queueLimit, new TokenBucket(b.burst, b.interval, b.clock), session::merge);
  }

  /**
   * A builder for a client of {@code host:port} that joins {@code channel} as {@code nick}.
   *
   * @param host the server's name or address, resolved at each connect
   * @param port its port, 1 to 65535
   * @param nick the wanted nick
   * @param channel the channel, {@code #name} or {@code &name}
   */
  public static Builder builder(String host, int port, String nick, String channel) {
    return new Builder(host, port, nick, channel);
  }

  /** Starts connecting, on a thread of its own; returns at once. */
  public void start() {
    lock.lock();
    try {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      connection = new Thread(this::run, "irc-connection");
      connection.setDaemon(true);
      connection.start();
    } finally {
      lock.unlock();
    }
  }

  /** The session, for its nick and channel state. */
  public IrcSession session() {
    return session;
  }

  /**
   * Queues a talk line for the channel as PRIVMSGs, {@code label} before each piece; returns at
   * once. Lines wait (bounded) while the bridge is not in the channel.
   */
  public void say(String label, String text) {
    channel(session.say(label, text));
  }

  /**
   * Queues a notice of the room's for the channel ({@code *** } and {@code text}); notices waiting
   * together go out joined into as few lines as fit ({@link IrcSession#merge}).
   */
  public void notice(String text) {
    channel(session.notice(text));
  }

  private void channel(List<IrcMessage> lines) {
    if (lines.isEmpty()) {
      return;
    }
    int lost;
    long total;
    lock.lock();
    try {
      lost = outbox.channel(lines);
      dropped += lost;
      total = dropped;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (lost > 0) {
      log("send queue full: dropped " + lost + " oldest line" + (lost == 1 ? "" : "s")
          + " (" + total + " in all)");
    }
  }

  /** Stops: closes the connection (without QUIT: the server logs it as closed) and both threads. */
  @Override
  public void close() {
    Thread t;
    lock.lock();
    try {
      closing.countDown();
      closeSocket();
      changed.signalAll();
      t = connection;
    } finally {
      lock.unlock();
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(b.connectTimeout.toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean closed() {
    return closing.getCount() == 0;
  }

  private void run() {
    int failures = 0;
    while (!closed()) {
      String reason;
      registered = false;
      Socket s = null;
      try {
        s = open();
        log("connected to " + b.host + ":" + b.port + (b.tls ? " (TLS)" : ""));
        serve(s);
        reason = closed() ? "closed" : lastReason;
      } catch (IOException | RuntimeException e) {
        reason = s == null ? "cannot connect to " + b.host + ":" + b.port + ": " + why(e) : why(e);
      } finally {
        endConnection(s);
      }
      if (closed()) {
        break;
      }
      failures = registered ? 1 : failures + 1;
      Duration wait = b.backoff.delay(failures);
      log("disconnected: " + reason);
      log("reconnecting in " + seconds(wait));
      try {
        if (closing.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  private Socket open() throws IOException {
    Socket raw = new Socket();
    lock.lock();
    try {
      if (closed()) {
        throw new IOException("closed");
      }
      socket = raw;
    } finally {
      lock.unlock();
    }
    InetSocketAddress to = new InetSocketAddress(b.host, b.port);
    if (to.isUnresolved()) {
      throw new UnknownHostException(b.host);
    }
    int connectMillis = (int) Math.max(1, b.connectTimeout.toMillis());
    raw.connect(to, connectMillis);
    raw.setTcpNoDelay(true);
    if (!b.tls) {
      return raw;
    }
    SSLContext ctx = b.sslContext;
    if (ctx == null) {
      try {
        ctx = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("no TLS: " + e.getMessage(), e);
      }
    }
    SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(raw, b.host, b.port, true);
    SSLParameters p = tls.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate's name: RFC 2818
    tls.setSSLParameters(p);
    lock.lock();
    try {
      socket = tls;
    } finally {
      lock.unlock();
    }
    tls.setSoTimeout(connectMillis);
    tls.startHandshake();
    return tls;
  }

  /** Runs one connection until it ends. */
  private void serve(Socket s) throws IOException {
    lastReason = "server closed the connection";
    lock.lock();
    try {
      outbox.newConnection();
      gateOpen = false;
    } finally {
      lock.unlock();
    }
    OutputStream out = s.getOutputStream();
    Thread writer = new Thread(() -> write(s, out), "irc-writer");
    writer.setDaemon(true);
    writer.start();
    IrcLineReader in = new IrcLineReader(s.getInputStream());
    s.setSoTimeout(millis(b.pingAfter));
    if (apply(session.connected())) {
      return;
    }
    while (!closed()) {
      Optional<String> line;
      try {
        line = in.readLine();
      } catch (SocketTimeoutException e) {
        Step step = session.silent();
        s.setSoTimeout(millis(b.deadAfter));
        if (step.close()) {
          lastReason = "no reply from the server for " + seconds(b.pingAfter.plus(b.deadAfter));
        }
        if (apply(step)) {
          return;
        }
        continue;
      }
      if (line.isEmpty()) {
        return;
      }
      s.setSoTimeout(millis(b.pingAfter));
      IrcMessage m;
      try {
        m = IrcMessage.parse(line.get());
      } catch (MalformedMessageException e) {
        continue; // not a message: nothing a client could answer
      }
      Step step = session.received(m);
      registered |= m.verb().equals("001");
      if (apply(step)) {
        return;
      }
    }
  }

  /** Queues a step's lines, logs its events; returns whether to close. */
  private boolean apply(Step step) {
    lock.lock();
    try {
      outbox.urgent(step.send());
      gateOpen = session.inChannel();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    channel(step.paced());
    for (Event e : step.events()) {
      String line = describe(e);
      if (!line.isEmpty()) {
        log(line);
      }
      if (e instanceof IrcSession.ServerError) {
        lastReason = ((IrcSession.ServerError) e).text();
      }
      try {
        b.events.accept(e);
      } catch (RuntimeException failed) {
        // the room's trouble is not the connection's: keep reading
        log("relaying to the room failed: " + why(failed));
      }
    }
    return step.close();
  }

  /** The log line for an event; empty for channel lines, which the mirror relays. */
  static String describe(Event e) {
    if (e instanceof IrcSession.Registered) {
      return "registered as " + ((IrcSession.Registered) e).nick();
    } else if (e instanceof IrcSession.NickChanged) {
      return "nick is now " + ((IrcSession.NickChanged) e).nick();
    } else if (e instanceof IrcSession.Joined) {
      return "joined " + ((IrcSession.Joined) e).channel();
    } else if (e instanceof IrcSession.JoinFailed) {
      IrcSession.JoinFailed f = (IrcSession.JoinFailed) e;
      return "cannot join " + f.channel() + ": " + f.reason();
    } else if (e instanceof IrcSession.Kicked) {
      IrcSession.Kicked k = (IrcSession.Kicked) e;
      return "kicked by " + k.by() + " (" + k.reason() + "), joining again";
    } else if (e instanceof IrcSession.NickTaken) {
      IrcSession.NickTaken n = (IrcSession.NickTaken) e;
      return "nick " + n.nick() + " refused (" + n.code() + "), trying " + n.next();
    } else if (e instanceof IrcSession.ServerError) {
      return "server says: " + ((IrcSession.ServerError) e).text();
    }
    return "";
  }

  /** The writer thread of one connection: urgent lines first, channel lines as paced. */
  private void write(Socket s, OutputStream out) {
    try {
      while (true) {
        IrcMessage next;
        lock.lock();
        try {
          while (true) {
            // checked before taking a line, so that a line is never taken for a connection gone
            if (closed() || socket != s) {
              return;
            }
            Optional<IrcMessage> m = outbox.next(gateOpen);
            if (m.isPresent()) {
              next = m.get();
              break;
            }
            Optional<Duration> wait = outbox.wait(gateOpen);
            if (wait.isPresent()) {
              changed.awaitNanos(Math.max(1, wait.get().toNanos()));
            } else {
              changed.await();
            }
          }
        } finally {
          lock.unlock();
        }
        String wire;
        try {
          wire = next.toWire();
        } catch (IllegalArgumentException e) {
          continue; // a PONG to an over-long PING token: nothing we may send
        }
        out.write(wire.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the reader sees the socket fail or close as well, and ends the connection
      lock.lock();
      try {
        if (socket == s) {
          closeSocket();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void endConnection(Socket s) {
    session.closed();
    lock.lock();
    try {
      gateOpen = false;
      if (socket == s || s == null) {
        closeSocket();
      }
      socket = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing: nothing left to do with it
      }
    }
  }

  /** Closes the current socket, which ends a blocked read or write. Called with the lock held. */
  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing: nothing left to do with it
      }
    }
  }

  private void log(String line) {
    log.println("irc: " + line);
  }

  private static String why(Throwable e) {
    if (e instanceof UnknownHostException) {
      return e.getMessage() + ": Unknown host";
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (e instanceof javax.net.ssl.SSLHandshakeException && certificateProblem(e)) {
      // what PKIX says ("unable to find valid certification path...") names no remedy
      return "the server's TLS certificate is not trusted (" + IrcText.forTerminal(rootMessage(e))
          + "); a server with a private CA needs it in a trust store:"
          + " java -Djavax.net.ssl.trustStore=FILE -jar ...";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : IrcText.forTerminal(m);
  }

  /** Whether a TLS handshake failed on the server's certificate (untrusted, expired, wrong name). */
  private static boolean certificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException
          || t instanceof java.security.cert.CertPathBuilderException
          || t instanceof java.security.cert.CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** {@code 8 s}, or {@code 250 ms} for less than a second. */
  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  /**
   * The settings of an {@link IrcClient}; every one but the server, nick and channel has a
   * default, named where it is defined.
   */
  public static final class Builder {
    /** Default for {@link #connectTimeout}. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default for {@link #pingAfter}: below ngircd's PingTimeout of 120 s, so we ask first. */
    public static final Duration PING_AFTER = Duration.ofSeconds(90);
    /** Default for {@link #deadAfter}: ngircd's PongTimeout is 20 s; a slow link gets more. */
    public static final Duration DEAD_AFTER = Duration.ofSeconds(60);

    private final String host;
    private final int port;
    private final String nick;
    private final String channel;
    private boolean tls;
    private SSLContext sslContext;
    private String password = "";
    private String user = "talk";
    private String realName = "bsdtalk bridge";
    private Duration connectTimeout = CONNECT_TIMEOUT;
    private Duration pingAfter = PING_AFTER;
    private Duration deadAfter = DEAD_AFTER;
    private Backoff backoff = Backoff.DEFAULT;
    private int burst = TokenBucket.DEFAULT_BURST;
    private Duration interval = TokenBucket.DEFAULT_INTERVAL;
    private int queueLimit = Outbox.DEFAULT_LIMIT;
    private InstantSource clock = InstantSource.system();
    private PrintStream log = System.err;
    private Supplier<List<String>> members = List::of;
    private Consumer<Event> events = e -> {};

    private Builder(String host, int port, String nick, String channel) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 0xFFFF) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      this.nick = Objects.requireNonNull(nick, "nick");
      this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** TLS instead of plain TCP (default: plain). */
    public Builder tls(boolean on) {
      this.tls = on;
      return this;
    }

    /** The TLS context (default: {@link SSLContext#getDefault()}); for tests' trust stores. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** The PASS password (default: none). */
    public Builder password(String p) {
      this.password = Objects.requireNonNull(p, "password");
      return this;
    }

    /** Bounds the TCP connect and the TLS handshake (default {@link #CONNECT_TIMEOUT}). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** PING the server after this long without a line from it (default {@link #PING_AFTER}). */
    public Builder pingAfter(Duration d) {
      this.pingAfter = positive(d, "pingAfter");
      return this;
    }

    /** Give up when our PING is unanswered for this long (default {@link #DEAD_AFTER}). */
    public Builder deadAfter(Duration d) {
      this.deadAfter = positive(d, "deadAfter");
      return this;
    }

    /** The waits between reconnects (default {@link Backoff#DEFAULT}). */
    public Builder backoff(Backoff bo) {
      this.backoff = Objects.requireNonNull(bo, "backoff");
      return this;
    }

    /**
     * Pacing of channel lines: {@code burst} at once, then one per {@code interval} (default 4,
     * then one per 2 s; {@link TokenBucket} says why).
     */
    public Builder pacing(int lines, Duration every) {
      new TokenBucket(lines, every, clock); // checks both
      this.burst = lines;
      this.interval = every;
      return this;
    }

    /** Channel lines kept while they cannot be sent; the oldest go first (default 200). */
    public Builder queueLimit(int lines) {
      if (lines < 1) {
        throw new IllegalArgumentException("queueLimit must be at least 1: " + lines);
      }
      this.queueLimit = lines;
      return this;
    }

    /** The clock of the pacing (default the system's). */
    public Builder clock(InstantSource c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Where the one-line messages go (default standard error). */
    public Builder log(PrintStream p) {
      this.log = Objects.requireNonNull(p, "log");
      return this;
    }

    /** The talk members, for {@code !who} (default none). */
    public Builder members(Supplier<List<String>> m) {
      this.members = Objects.requireNonNull(m, "members");
      return this;
    }

    /**
     * Gets every session event on the reader thread (default: none); it must return quickly.
     */
    public Builder events(Consumer<Event> e) {
      this.events = Objects.requireNonNull(e, "events");
      return this;
    }

    /** The client, not started. */
    public IrcClient build() {
      return new IrcClient(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}

package io.github.bsdtalk.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TCP conversation between two talk users, after the rendezvous has connected them.
 *
 * <p>{@link #start} performs the only protocol step on the stream: each side writes its three edit
 * characters and reads the peer's ({@code set_edit_chars()} in {@code talk/init_disp.c};
 * docs/PROTOCOL.md section 6.1). Both sides write before they read, so it does not matter which one
 * accepted the connection. From then on the stream is raw bytes in both directions with no framing
 * (docs/PROTOCOL.md section 6.2): each side sends keystrokes as typed and the receiver applies the
 * sender's edit characters to them. Closing the connection ends the talk.
 *
 * <p>A conversation usually runs on the TCP socket the call connected ({@link #start(Socket,
 * EditChars, Duration)}); {@link #start(InputStream, OutputStream, EditChars, Duration)} runs it
 * over any pair of streams (a bridge relaying over another transport, a test), with no addresses.
 *
 * <p>The peer's bytes can be consumed in one of three ways: raw through {@link #input()}, as
 * characters through {@link #reader()} (UTF-8), or as finished lines through {@link #lines()}
 * (UTF-8 with the peer's edits applied, see {@link LineAssembler}). They all read the same bytes,
 * so use one: once one of them has been called, the other two throw {@link
 * IllegalStateException}. Text is sent with {@link #send} or {@link
 * #sendLine}, or raw through {@link #output()}.
 *
 * <p>Thread-safety: one thread may read while another writes, and {@link #close()} may be called
 * from any thread at any time. Writes are serialised internally, so the bytes of one {@code send}
 * are never interleaved with another's. A read blocked when this side closes returns end of stream
 * (-1, or an empty {@code readLine()}) rather than failing. The conversation owns the socket:
 * closing it closes the socket (or both streams).
 *
 * @apiNote
 *     <pre>{@code
 * try (Conversation talk = Conversation.start(socket, EditChars.DEFAULT, Duration.ofSeconds(10))) {
 *   talk.sendLine("hi!");
 *   talk.lines().readLine().ifPresent(line -> System.out.println("peer: " + line));
 * }
 * }</pre>
 */
public final class Conversation implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Conversation.class.getName());

  private final Socket socket; // null for a conversation over streams
  private final EditChars local;
  private final EditChars peer;
  private final InetSocketAddress peerAddress; // null over streams
  private final String peerName; // for messages and logs
  private final InputStream rawIn;
  private final OutputStream rawOut;
  private final InputStream in = new ConversationInput();
  private final OutputStream out = new ConversationOutput();
  private final Object writeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Guarded by this. */
  private Reader reader;

  /** Guarded by this. */
  private LineReader lines;

  /** Guarded by this; meaningful once lines is set. */
  private boolean linesSanitized;
  /** Guarded by this: the width lines() was first asked for. */
  private int linesWidth;
  /** Guarded by this: whether input() was handed out. */
  private boolean rawInputTaken;

  private Conversation(Socket socket, EditChars local, EditChars peer) throws IOException {
    this.socket = socket;
    this.local = local;
    this.peer = peer;
    this.peerAddress = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.peerName = String.valueOf(peerAddress);
    this.rawIn = socket.getInputStream();
    this.rawOut = socket.getOutputStream();
  }

  private Conversation(InputStream in, OutputStream out, EditChars local, EditChars peer) {
    this.socket = null;
    this.local = local;
    this.peer = peer;
    this.peerAddress = null;
    this.peerName = "the peer's stream";
    this.rawIn = in;
    this.rawOut = out;
  }

  /**
   * Starts a conversation over a pair of streams, for a talk carried by something other than a
   * TCP socket of its own: writes our three edit characters to {@code out} (and flushes it), and
   * reads exactly the peer's three from {@code in}, as {@link #start(Socket, EditChars, Duration)}
   * does. A plain stream has no read timeout, so the three bytes are read on a short-lived helper
   * thread; if they do not come within the timeout, both streams are closed (which ends that read)
   * and {@link HandshakeException} says so.
   *
   * <p>The conversation owns both streams from this call on: if the exchange fails, they are
   * closed before the exception is thrown; {@link #close()} closes them. The output should not
   * buffer (or flush on every write), since the C clients expect each keystroke at once.
   * {@link #peerAddress()} and {@link #localAddress()} are empty.
   *
   * @param in the peer's bytes
   * @param out the stream to the peer
   * @param mine our edit characters, sent to the peer
   * @param handshakeTimeout how long to wait for the peer's three bytes; positive
   * @return the started conversation
   * @throws HandshakeException if the peer's stream ends or is silent for the timeout before its
   *     three bytes arrive
   * @throws IOException if writing or reading fails
   * @throws IllegalArgumentException if the timeout is not positive
   * @throws NullPointerException if an argument is null
   */
  public static Conversation start(
      InputStream in, OutputStream out, EditChars mine, Duration handshakeTimeout)
      throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(mine, "mine");
    checkTimeout(handshakeTimeout);
    try {
      out.write(mine.toWire());
      out.flush();
      EditChars theirs = EditChars.fromWire(readEditChars(in, handshakeTimeout));
      return new Conversation(in, out, mine, theirs);
    } catch (IOException | RuntimeException e) {
      closeBoth(in, out, e);
      throw e;
    }
  }

  private static void checkTimeout(Duration handshakeTimeout) {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
    }
  }

  private static void closeBoth(InputStream in, OutputStream out, Exception e) {
    try {
      out.close();
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
    try {
      in.close();
    } catch (IOException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  /** The three bytes from a stream without a timeout of its own: on a helper thread. */
  private static byte[] readEditChars(InputStream in, Duration timeout) throws IOException {
    byte[] three = new byte[EditChars.SIZE];
    AtomicInteger got = new AtomicInteger();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                int n = 0;
                while (n < three.length) {
                  int r = in.read(three, n, three.length - n);
                  if (r < 0) {
                    break;
                  }
                  n += r;
                  got.set(n);
                }
                done.complete(n);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            },
            "talk-edit-chars");
    reader.setDaemon(true);
    reader.start();
    int n;
    try {
      n = done.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new HandshakeException(HandshakeException.Reason.TIMED_OUT, got.get(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for the edit characters");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
    if (n < three.length) {
      throw new HandshakeException(HandshakeException.Reason.PEER_CLOSED, n, null);
    }
    return three;
  }

  /**
   * Starts a conversation on a connected socket: turns on {@code TCP_NODELAY} so every keystroke
   * leaves at once, writes our three edit characters, and reads exactly the peer's three.
   *
   * <p>The C clients read the peer's characters with a single {@code read()} and give up if it
   * returns fewer than three bytes; TCP may deliver them in pieces, so this method reads until it
   * has all three, and not one byte more (what follows is the peer's typing). The timeout covers
   * the whole read and is applied as {@code SO_TIMEOUT}, which is reset to 0 (no timeout) after.
   *
   * <p>The conversation owns the socket from this call on: if the exchange fails, the socket is
   * closed before the exception is thrown.
   *
   * @param socket a connected TCP socket to the peer, fresh from the rendezvous
   * @param mine our edit characters, sent to the peer
   * @param handshakeTimeout how long to wait for the peer's three bytes; positive
   * @return the started conversation
   * @throws HandshakeException if the peer closes the connection or is silent for the timeout
   *     before its three bytes arrive (see {@link HandshakeException#reason()})
   * @throws IOException if writing or reading fails
   * @throws IllegalArgumentException if the socket is not connected or is closed, or the timeout is
   *     not positive
   * @throws NullPointerException if an argument is null
   */
  public static Conversation start(Socket socket, EditChars mine, Duration handshakeTimeout)
      throws IOException {
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(mine, "mine");
    checkTimeout(handshakeTimeout);
    if (!socket.isConnected() || socket.isClosed()) {
      throw new IllegalArgumentException("socket must be connected and open: " + socket);
    }
    try {
      socket.setTcpNoDelay(true);
      socket.getOutputStream().write(mine.toWire());
      EditChars theirs = EditChars.fromWire(readEditChars(socket, handshakeTimeout));
      socket.setSoTimeout(0);
      Conversation c = new Conversation(socket, mine, theirs);
      LOG.log(
          Level.DEBUG,
          "talk with {0}: sent edit chars {1}, received {2}",
          c.peerAddress,
          mine,
          theirs);
      if (theirs.isYtalk()) {
        // ytalk sends erase 0xFE to find another ytalk (comm.c connect_user) and switches to its
        // own protocol only if the other side sends 0xFE too (docs/PROTOCOL.md section 6.1); we
        // never do.
        LOG.log(Level.INFO, "talk peer {0} announces itself as ytalk (erase 0xFE)", c.peerAddress);
      }
      return c;
    } catch (IOException | RuntimeException e) {
      try {
        socket.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static byte[] readEditChars(Socket socket, Duration timeout) throws IOException {
    InputStream raw = socket.getInputStream();
    long timeoutNanos = saturatedNanos(timeout);
    long start = System.nanoTime();
    byte[] three = new byte[EditChars.SIZE];
    int n = 0;
    while (n < three.length) {
      long remaining = timeoutNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        throw new HandshakeException(HandshakeException.Reason.TIMED_OUT, n, null);
      }
      // SO_TIMEOUT is per read(); give each read only what is left of the whole timeout.
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
      int r;
      try {
        r = raw.read(three, n, three.length - n);
      } catch (SocketTimeoutException e) {
        throw new HandshakeException(HandshakeException.Reason.TIMED_OUT, n, e);
      }
      if (r < 0) {
        throw new HandshakeException(HandshakeException.Reason.PEER_CLOSED, n, null);
      }
      n += r;
    }
    return three;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Returns the edit characters we sent.
   *
   * @return ours
   */
  public EditChars localEditChars() {
    return local;
  }

  /**
   * Returns the edit characters the peer sent, with disabled slots mapped to defaults ({@link
   * EditChars#fromWire}).
   *
   * @return the peer's
   */
  public EditChars peerEditChars() {
    return peer;
  }

  /**
   * Returns the peer's address and port.
   *
   * @return the remote end of the socket; empty for a conversation over streams
   */
  public Optional<InetSocketAddress> peerAddress() {
    return Optional.ofNullable(peerAddress);
  }

  /**
   * Returns our address and port.
   *
   * @return the local end of the socket; empty for a conversation over streams
   */
  public Optional<InetSocketAddress> localAddress() {
    return socket == null
        ? Optional.empty()
        : Optional.of((InetSocketAddress) socket.getLocalSocketAddress());
  }

  /**
   * Returns the peer's bytes after the edit characters, unbuffered and unchanged: keystrokes,
   * including the peer's edit characters. Returns -1 at the end once the peer or this side has
   * closed. Closing the stream closes the conversation.
   *
   * @return the same stream on every call
   * @throws IllegalStateException if {@link #reader()} or {@link #lines()} was called before
   */
  public synchronized InputStream input() {
    if (reader != null || lines != null) {
      throw new IllegalStateException(
          (reader != null ? "reader()" : "lines()") + " already reads this conversation");
    }
    rawInputTaken = true;
    return in;
  }

  /**
   * Returns the stream to the peer. It is unbuffered: every {@code write} goes out at once (and
   * {@code TCP_NODELAY} is on), as the C clients send each keystroke. {@code flush()} does nothing.
   * Writes are serialised with {@link #send}. Closing the stream closes the conversation.
   *
   * @return the same stream on every call
   */
  public OutputStream output() {
    return out;
  }

  /**
   * Returns the peer's bytes decoded as UTF-8, raw (edit characters and controls included).
   * Malformed input becomes U+FFFD; a character split across TCP segments is decoded whole.
   *
   * @return the same reader on every call
   * @throws IllegalStateException if {@link #lines()} or {@link #input()} was called before
   */
  public synchronized Reader reader() {
    if (lines != null) {
      throw new IllegalStateException("lines() already reads this conversation");
    }
    if (rawInputTaken) {
      throw new IllegalStateException("input() already reads this conversation");
    }
    if (reader == null) {
      reader =
          new InputStreamReader(
              in,
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPLACE)
                  .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }
    return reader;
  }

  /**
   * Returns the peer's typing as finished lines, with the peer's edit characters applied and each
   * line sanitised for a terminal ({@link TextSanitizer}). Same as {@code lines(true)}.
   *
   * @return the same line reader on every call
   * @throws IllegalStateException if {@link #reader()}, {@link #input()} or {@code lines(false)} was
   *     called before
   */
  public LineReader lines() {
    return lines(true);
  }

  /**
   * Returns the peer's typing as finished lines, with the peer's edit characters applied.
   *
   * @param sanitize whether lines pass through {@link TextSanitizer}; pass false only if the lines
   *     never reach a terminal unescaped
   * @return the same line reader on every call
   * @throws IllegalStateException if {@link #reader()} or {@link #input()} was called before, or
   *     lines were already requested with other settings
   */
  public LineReader lines(boolean sanitize) {
    return lines(sanitize, LineAssembler.DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * Returns the peer's typing as finished lines, with the peer's edit characters applied, broken
   * at a given width.
   *
   * @param sanitize whether lines pass through {@link TextSanitizer}
   * @param maxLineLength the longest line in code points before it is broken (see {@link
   *     LineAssembler}); at least 1
   * @return the same line reader on every call
   * @throws IllegalStateException if {@link #reader()} or {@link #input()} was called before, or
   *     lines were already requested with other settings
   * @throws IllegalArgumentException if maxLineLength is below 1
   */
  public synchronized LineReader lines(boolean sanitize, int maxLineLength) {
    if (reader != null) {
      throw new IllegalStateException("reader() already reads this conversation");
    }
    if (rawInputTaken) {
      throw new IllegalStateException("input() already reads this conversation");
    }
    if (lines == null) {
      lines = new LineReader(in, new LineAssembler(peer, sanitize, maxLineLength));
      linesSanitized = sanitize;
      linesWidth = maxLineLength;
    } else if (linesSanitized != sanitize || linesWidth != maxLineLength) {
      throw new IllegalStateException(
          "lines(" + linesSanitized + ", " + linesWidth + ") was requested before");
    }
    return lines;
  }

  /**
   * Sends text encoded as UTF-8, at once. An unpaired surrogate is sent as {@code ?}.
   *
   * @param text what to send; may contain edit characters and line ends
   * @throws IOException if the conversation is closed or writing fails
   */
  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends text followed by a line feed (0x0A), which is what the C clients send when Enter is
   * pressed.
   *
   * @param text what to send before the line feed
   * @throws IOException if the conversation is closed or writing fails
   */
  public void sendLine(String text) throws IOException {
    send(text + "\n");
  }

  /**
   * Returns whether {@link #close()} has been called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Ends the conversation: shuts down our sending side, so the peer reads a clean end of stream,
   * then closes the socket. A read or write blocked in another thread returns. Idempotent.
   *
   * <p>As with any TCP close, bytes the peer sent that were never read may make the kernel reset
   * the connection instead of ending it cleanly.
   *
   * @throws IOException if closing the socket fails
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (socket == null) {
      try {
        rawOut.close();
      } finally {
        rawIn.close();
      }
      return;
    }
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      // Already shut, or the peer reset the connection: there is no FIN left to send.
      LOG.log(Level.DEBUG, "shutdownOutput to {0} failed: {1}", peerAddress, e);
    }
    socket.close();
  }

  private IOException closedException() {
    return new IOException("conversation with " + peerName + " is closed");
  }

  /** The peer's bytes; end of stream instead of an error once this side has closed. */
  private final class ConversationInput extends InputStream {
    @Override
    public int read() throws IOException {
      if (closed.get()) {
        return -1;
      }
      try {
        return rawIn.read();
      } catch (IOException e) {
        if (closed.get()) {
          return -1;
        }
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (closed.get()) {
        return -1;
      }
      try {
        return rawIn.read(b, off, len);
      } catch (IOException e) {
        if (closed.get()) {
          return -1;
        }
        throw e;
      }
    }

    @Override
    public int available() throws IOException {
      if (closed.get()) {
        return 0;
      }
      try {
        return rawIn.available();
      } catch (IOException e) {
        if (closed.get()) {
          return 0;
        }
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      Conversation.this.close();
    }
  }

  /** The stream to the peer; writes are serialised by writeLock and refused once closed. */
  private final class ConversationOutput extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      synchronized (writeLock) {
        if (closed.get()) {
          throw closedException();
        }
        rawOut.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      synchronized (writeLock) {
        if (closed.get()) {
          throw closedException();
        }
        rawOut.write(b, off, len);
      }
    }

    @Override
    public void close() throws IOException {
      Conversation.this.close();
    }
  }
}

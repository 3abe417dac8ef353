package io.github.bsdtalk.examples.screen;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jline.utils.FastBufferedOutputStream;

/**
 * Runs the full-screen talk's receive-and-draw path on made-up keystrokes, so that the JIT has
 * compiled it before the peer's first key arrives.
 *
 * <p>Why: HotSpot interprets a method until it has run a few hundred times, and a talk runs its
 * receive path once per keystroke, so without this the first few hundred keys of every
 * conversation are drawn by the interpreter, several times slower (BENCHMARKS.md, "Full-screen
 * talk"). A warm-up only helps if it runs the very code, with the very classes, the conversation
 * will run: compiled code that assumed other classes is thrown away at the first real key. So each
 * made-up key goes, as a real one does, through a {@link Conversation} on a loopback TCP
 * connection of its own (the library's stream and the JDK's socket code), into a throwaway {@link
 * SplitScreen} and {@link Painter}, and out through the same kind of stream as JLine's terminal
 * output, into {@code /dev/null}. Every fourth key goes the other way, as if typed. Nothing
 * touches the real terminal, model or conversation.
 *
 * <p>If the loopback connection cannot be made (no loopback interface, or something else answered
 * on the port first), the keys are fed from memory instead. Bounded in time and in keys, and it
 * stops as soon as its stop condition says so; it never throws.
 */
final class WarmUp {

  /** Made-up typing: words, spaces, an erase, newlines. */
  private static final byte[] TEXT =
      "hello, how are you doing today?\u007f? fine, thanks. and you\n\n"
          .getBytes(StandardCharsets.UTF_8);

  /** Where the painted keys go. */
  private static final String NOWHERE = "/dev/null";

  /** Keys between two made-up resizes (see {@link #resize}). */
  private static final int RESIZE_EVERY = 50;

  /** How long the loopback connection may take to set up. */
  private static final Duration CONNECT = Duration.ofMillis(500);

  private final Painter painter;
  private final SplitScreen model;
  private final Charset charset;
  private final int rows;
  private final int columns;
  private int rowsNow; // the size laid out: rows and columns but for a made-up resize
  private int columnsNow;
  private final EditChars editChars;
  private final StringBuilder out = new StringBuilder();
  private boolean overLoopback;

  /**
   * Prepares a warm-up for a terminal of the given size; nothing runs before {@link #run}.
   *
   * @param painter a painter for the terminal, used only by this warm-up
   * @param columns the terminal's columns
   * @param rows the terminal's rows
   * @param charset the terminal's encoding
   * @param editChars our edit characters
   */
  WarmUp(Painter painter, int columns, int rows, Charset charset, EditChars editChars) {
    this.painter = Objects.requireNonNull(painter, "painter");
    this.model = new SplitScreen(columns, rows);
    this.columns = columns;
    this.rows = rows;
    this.columnsNow = columns;
    this.rowsNow = rows;
    this.charset = Objects.requireNonNull(charset, "charset");
    this.editChars = Objects.requireNonNull(editChars, "editChars");
  }

  /**
   * Feeds made-up keys until one of the bounds is reached.
   *
   * @param budget at most this long
   * @param keys at most this many keys
   * @param stop asked before each key; true ends the warm-up
   * @return how many keys it fed
   */
  int run(Duration budget, int keys, BooleanSupplier stop) {
    long deadline = System.nanoTime() + budget.toNanos();
    BooleanSupplier done = () -> stop.getAsBoolean() || System.nanoTime() - deadline >= 0;
    int fed = 0;
    try (OutputStream sink = new FastBufferedOutputStream(new FileOutputStream(NOWHERE))) {
      fed = overLoopback(keys, done, sink);
      if (fed == 0) {
        fed = fromMemory(keys, done, sink);
      }
    } catch (IOException | RuntimeException e) {
      // only ever a warm-up: whatever goes wrong here must not end the talk
    }
    return fed;
  }

  /** For tests: whether the keys went through a conversation on a loopback connection. */
  boolean wentOverLoopback() {
    return overLoopback;
  }

  /** Through a conversation on a loopback connection; 0 if there is none. */
  private int overLoopback(int keys, BooleanSupplier done, OutputStream sink) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, loopback);
        Socket far = new Socket()) {
      server.setSoTimeout((int) CONNECT.toMillis());
      far.connect(new InetSocketAddress(loopback, server.getLocalPort()), (int) CONNECT.toMillis());
      Socket accepted = server.accept();
      server.close(); // listen no longer than needed
      try (Socket near = accepted) { // the conversation closes it too; closing twice is harmless
        if (!near.getRemoteSocketAddress().equals(far.getLocalSocketAddress())) {
          return 0; // not our own connection: another local program raced us to the port
        }
        return converse(near, far, keys, done, sink);
      }
    } catch (IOException e) {
      return 0;
    }
  }

  /** Our handshake and the made-up keys, over the two ends of the loopback connection. */
  private int converse(Socket near, Socket far, int keys, BooleanSupplier done, OutputStream sink)
      throws IOException {
    far.setTcpNoDelay(true); // as the real peer: each key at once, no Nagle wait
    far.setSoTimeout((int) CONNECT.toMillis()); // bounded, though on loopback a key never waits
    OutputStream farOut = far.getOutputStream();
    InputStream farIn = far.getInputStream();
    farOut.write(EditChars.DEFAULT.toWire()); // the far side's handshake, already there
    try (Conversation conversation = Conversation.start(near, editChars, CONNECT)) {
      farIn.readNBytes(3); // ours
      InputStream in = conversation.input();
      OutputStream toPeer = conversation.output();
      byte[] buffer = new byte[4096];
      overLoopback = true;
      int fed = 0;
      while (fed < keys && !done.getAsBoolean()) {
        int offset = fed % TEXT.length;
        if (fed % 4 == 0) {
          toPeer.write(TEXT, offset, 1); // typed: to the peer first, then our half
          model.local(TEXT, offset, 1);
          if (farIn.read(buffer, 0, 1) < 0) {
            break;
          }
        } else {
          farOut.write(TEXT, offset, 1); // received
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          model.peer(buffer, 0, n);
        }
        status(fed);
        resize(fed);
        paint(sink);
        fed++;
      }
      return fed;
    }
  }

  /** The screen part alone, from memory. */
  private int fromMemory(int keys, BooleanSupplier done, OutputStream sink) throws IOException {
    int fed = 0;
    while (fed < keys && !done.getAsBoolean()) {
      int offset = fed % TEXT.length;
      if (fed % 4 == 0) {
        model.local(TEXT, offset, 1);
      } else {
        model.peer(TEXT, offset, 1);
      }
      status(fed);
      resize(fed);
      paint(sink);
      fed++;
    }
    return fed;
  }

  /**
   * Now and then a status line over the top half, as "[Connection established]" stays until our
   * first line: both ways through the row builder.
   */
  private void status(int fed) {
    if (fed % (4 * TEXT.length) == 0) {
      model.status("[" + CallProgress.CONNECTED.message() + "]");
    }
  }

  /**
   * Now and then a made-up resize and, at the next one, back: the rewrap and the full redraw that
   * SIGWINCH runs, so that a real resize does not find them interpreted.
   */
  private void resize(int fed) {
    if (fed % RESIZE_EVERY != RESIZE_EVERY - 1) {
      return;
    }
    boolean back = columnsNow != columns;
    columnsNow = back ? columns : Math.max(SplitScreen.MIN_COLUMNS, columns - 7);
    rowsNow = back ? rows : Math.max(SplitScreen.MIN_ROWS, rows - 3);
    model.resize(columnsNow, rowsNow);
    painter.invalidate();
  }

  private void paint(OutputStream sink) throws IOException {
    out.setLength(0);
    if (painter.paint(model, rowsNow, columnsNow, out)) {
      Painter.emit(sink, out, charset);
    }
  }
}

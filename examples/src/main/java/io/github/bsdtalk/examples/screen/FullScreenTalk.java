package io.github.bsdtalk.examples.screen;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.TalkCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp.Capability;

/**
 * The thin terminal shell of the full-screen talk: it owns a JLine {@link Terminal} and feeds a
 * {@link SplitScreen}, which decides everything about the layout. It puts the terminal in raw mode
 * (no echo, no line editing, no signals from the keyboard), shows the call's progress where netkit
 * talk shows it, sends each key byte to the peer as it is typed, shows the peer's bytes as they
 * arrive, follows SIGWINCH, redraws on Ctrl-L, and ends on the terminal's interrupt or end-of-file
 * character (normally ^C and ^D) with netkit's "[Connection closing. Exiting]" ({@code
 * talk/init_disp.c} {@code sig_sent()}). When the peer hangs up it shows netkit's "[Connection
 * closed. ^C to exit]" and keeps the screen until ^C or ^D ({@code talk/io.c} {@code talk()}).
 * The suspend character (normally ^Z) stops it as curses stops netkit talk: the terminal is given
 * back first, and the split screen comes back on SIGCONT.
 *
 * <p>Only the model's lines reach the terminal, never a peer's byte as such; characters that a
 * model bug could still leave in a line (C0, DEL, C1) are written as {@code ?}. The terminal is
 * restored (attributes, normal screen, visible cursor) by {@link #close()}, which is idempotent and
 * also safe from a shutdown hook.
 *
 * <p>Threads: the caller's thread runs the call and then reads the peer; one daemon thread reads
 * the keys; JLine's signal thread delivers SIGWINCH. All of them update the model and the terminal
 * under one lock and redraw when {@link SplitScreen#generation()} moved: the peer's bytes on every
 * read, our keys once per batch of what the terminal already holds (so that a paste is drawn
 * once). A {@link Painter} turns the model into row updates; a {@link WarmUp} thread runs the same
 * path on made-up keys first, so that the JIT has compiled it before the first real key.
 */
public final class FullScreenTalk implements AutoCloseable {

  /** netkit {@code talk/io.c} {@code talk()}, once the peer's side is closed. */
  static final String PEER_CLOSED = "[Connection closed. ^C to exit]";

  /** netkit {@code talk/init_disp.c} {@code sig_sent()}, on ^C. */
  static final String CLOSING = "[Connection closing. Exiting]";

  /** The warm-up's bound in time (see {@link #warmUp}). */
  static final Duration WARM_UP = Duration.ofMillis(1500);

  /**
   * The warm-up's bound in keys: HotSpot's C2 compiles a method after about 5,000 calls
   * ({@code Tier4InvocationThreshold}), and the path runs once per key.
   */
  static final int WARM_UP_KEYS = 6_000;

  /** How long the suspend key waits for {@code kill} to have sent the stop. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private static final byte FORM_FEED = 0x0C; // Ctrl-L: netkit talk/display.c wrefresh(curscr)

  private final Terminal terminal;
  private final Supplier<Size> windowSize;
  private final BooleanSupplier stopSelf;
  private final Attributes original;
  private final EditChars editChars;
  private final byte interrupt;
  private final byte endOfFile;
  private final Object lock = new Object();
  private final SplitScreen screen;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final ByteArrayOutputStream typedAhead = new ByteArrayOutputStream();

  // cleared by close(): stops warmUp()
  private volatile boolean warming = true;

  // all guarded by lock
  private final Painter painter;
  // the terminal's size, read at the start and on SIGWINCH only: JLine's exec provider runs
  // stty for every getSize(), far too slow for every keystroke
  private Size size;
  private boolean fullScreen;
  private boolean restored;
  private boolean suspended;
  private boolean ending;
  private boolean peerGone;
  private Call call;
  private Conversation conversation;
  private String farewell;

  /**
   * Takes over a terminal: reads its attributes (for the edit characters) and its size. Nothing is
   * written to it before {@link #run}.
   *
   * @param terminal the terminal, for example JLine's system terminal
   */
  public FullScreenTalk(Terminal terminal) {
    this(terminal, terminal::getSize);
  }

  /**
   * Takes over a terminal whose size is read some other way than {@link Terminal#getSize()}.
   *
   * @param terminal the terminal, for example JLine's system terminal
   * @param windowSize its size now, asked at the start and on every SIGWINCH (for example {@link
   *     WindowSize#ofStandardOutput})
   */
  public FullScreenTalk(Terminal terminal, Supplier<Size> windowSize) {
    this(terminal, windowSize, FullScreenTalk::stopThisProcess);
  }

  /** Tests give their own stopSelf: the real one stops the test's JVM. */
  FullScreenTalk(Terminal terminal, Supplier<Size> windowSize, BooleanSupplier stopSelf) {
    this.terminal = Objects.requireNonNull(terminal, "terminal");
    this.windowSize = Objects.requireNonNull(windowSize, "windowSize");
    this.stopSelf = Objects.requireNonNull(stopSelf, "stopSelf");
    this.original = terminal.getAttributes();
    this.editChars = editChars(original);
    this.interrupt = controlChar(original, ControlChar.VINTR, (byte) 0x03);
    this.endOfFile = controlChar(original, ControlChar.VEOF, (byte) 0x04);
    this.size = windowSize.get();
    this.screen = new SplitScreen(size.getColumns(), size.getRows());
    screen.localEditChars(editChars);
    this.painter = new Painter(terminal);
  }

  /**
   * Whether a terminal can show the split screen: it moves the cursor and clears lines.
   *
   * @param terminal the terminal
   * @return false for a dumb terminal
   */
  public static boolean usable(Terminal terminal) {
    return !terminal.getType().startsWith(Terminal.TYPE_DUMB)
        && terminal.getStringCapability(Capability.cursor_address) != null
        && terminal.getStringCapability(Capability.clear_screen) != null
        && terminal.getStringCapability(Capability.clr_eol) != null;
  }

  /**
   * The edit characters a terminal's settings give, as netkit and FreeBSD talk's {@code
   * set_edit_chars()} take them ({@code talk/init_disp.c}: erase, kill, word-erase); a disabled one
   * (Linux's {@code _POSIX_VDISABLE}, 0, or 0xFF) becomes the usual default (DEL, ^U, ^W), as
   * FreeBSD does.
   *
   * @param attributes the terminal's attributes
   * @return the three characters to send in the handshake and to apply to our own typing
   */
  public static EditChars editChars(Attributes attributes) {
    return new EditChars(
        controlChar(attributes, ControlChar.VERASE, EditChars.DEFAULT.erase()),
        controlChar(attributes, ControlChar.VKILL, EditChars.DEFAULT.kill()),
        controlChar(attributes, ControlChar.VWERASE, EditChars.DEFAULT.wordErase()));
  }

  private static byte controlChar(Attributes attributes, ControlChar which, byte otherwise) {
    int c = attributes.getControlChar(which);
    return c <= 0 || c >= 0xFF ? otherwise : (byte) c;
  }

  /**
   * Returns the edit characters of our terminal, for the handshake ({@code
   * TalkClient.Builder.editChars}).
   *
   * @return erase, kill and word-erase
   */
  public EditChars editChars() {
    return editChars;
  }

  /**
   * Shows a step of the call as a status line; the bell on "Connection established", as netkit
   * {@code talk/io.c} rings it. For {@code TalkClient.Builder.progress}.
   *
   * @param step the step
   */
  public void progress(CallProgress step) {
    synchronized (lock) {
      if (ending) {
        return; // "[Connection closing. Exiting]" stays
      }
      screen.status("[" + step.message() + "]");
      if (step == CallProgress.CONNECTED) {
        bell();
      }
      draw();
    }
  }

  /**
   * Runs the call on the full screen until the user ends it: sets the terminal up, executes the
   * call (showing its progress), then converses. The terminal is restored before this returns or
   * throws; a message that should outlive the screen (the call was refused or not answered) is then
   * printed on {@code err}.
   *
   * @param talkCall the call, built with {@link #editChars()} and {@link #progress}
   * @param callReturned run as soon as {@link TalkCall#execute()} returns or throws
   * @param err where the refusal message goes once the screen is gone
   * @return the exit status: 0 after a conversation or ^C, 1 if the call was refused or not
   *     answered
   * @throws IOException if the call fails (the terminal is restored first)
   */
  public int run(TalkCall talkCall, Runnable callReturned, PrintStream err) throws IOException {
    Objects.requireNonNull(talkCall, "talkCall");
    return run(
        new Call() {
          @Override
          public CallResult execute() throws IOException {
            return talkCall.execute();
          }

          @Override
          public void cancel() {
            talkCall.cancel();
          }
        },
        callReturned,
        err);
  }

  /** What run() needs of a {@link TalkCall}; tests give a call without daemons. */
  interface Call {
    CallResult execute() throws IOException;

    void cancel();
  }

  int run(Call talkCall, Runnable callReturned, PrintStream err) throws IOException {
    try {
      return converse(talkCall, callReturned);
    } finally {
      close();
      synchronized (lock) {
        if (farewell != null) {
          err.println(farewell);
        }
      }
    }
  }

  private int converse(Call talkCall, Runnable callReturned) throws IOException {
    terminal.handle(Signal.WINCH, s -> resized());
    terminal.handle(Signal.CONT, s -> continued());
    terminal.handle(Signal.TSTP, s -> suspend()); // the suspend key (^Z): the tty sends it
    terminal.handle(Signal.INT, s -> end()); // kill -INT: as ^C
    synchronized (lock) {
      call = talkCall;
      enterFullScreen();
    }
    resized(); // the size again, now that SIGWINCH is handled: a resize since then is not lost
    Thread keys = new Thread(this::readKeys, "talk-keys");
    keys.setDaemon(true);
    keys.start();
    Thread warmUp = new Thread(() -> warmUp(WARM_UP, () -> !warming), "talk-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    CallResult result;
    try {
      result = talkCall.execute();
    } finally {
      callReturned.run();
    }
    Conversation c;
    synchronized (lock) {
      if (ending) {
        result.conversation().ifPresent(FullScreenTalk::closeQuietly);
        return 0; // ^C while ringing: cancelled; the DELETEs follow in TalkCall.close()
      }
      if (!result.connected()) {
        // netkit talk/invite.c: message(answers[response.answer]); quit()
        screen.status("[" + result.message() + "]");
        draw();
        farewell = "[" + result.message() + "]";
        return 1;
      }
      c = result.conversation().get();
      conversation = c;
      screen.peerEditChars(c.peerEditChars());
      byte[] early = typedAhead.toByteArray(); // typed while ringing: the tty would have kept it
      typedAhead.reset();
      if (early.length > 0) {
        send(early, 0, early.length);
      }
      draw();
    }
    readPeer(c);
    synchronized (lock) {
      if (!ending) {
        peerGone = true;
        screen.status(PEER_CLOSED);
        draw();
      }
    }
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(c);
    return 0;
  }

  /** The peer's bytes into the bottom half until the stream ends or fails. */
  private void readPeer(Conversation c) {
    byte[] buffer = new byte[4096];
    InputStream in = c.input();
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        received(buffer, n);
      }
    } catch (IOException e) {
      // a reset by the peer ends the talk like a close
    }
  }

  /**
   * n bytes from the peer, drawn at once. (Asking the socket whether more are waiting, to draw a
   * burst once, would cost a system call on every keystroke; a burst arrives in few reads anyway.)
   */
  private void received(byte[] bytes, int n) {
    synchronized (lock) {
      screen.peer(bytes, 0, n);
      draw();
    }
  }

  /** The keys: each byte at once to the peer and into the top half; ^C or ^D ends. */
  private void readKeys() {
    byte[] buffer = new byte[1024];
    InputStream in = terminal.input();
    try {
      while (true) {
        int first = in.read();
        if (first < 0) {
          end(); // the terminal is gone
          return;
        }
        buffer[0] = (byte) first;
        int n = 1;
        int more;
        int got;
        // what is already there (a paste, a burst) goes out and is drawn as one
        while (n < buffer.length
            && (more = available(in)) > 0
            && (got = in.read(buffer, n, Math.min(more, buffer.length - n))) > 0) {
          n += got;
        }
        if (typed(buffer, n)) {
          return;
        }
      }
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | UncheckedIOException e) {
      end();
    }
  }

  /** Handles n typed bytes; returns true once an end key was among them. */
  boolean typed(byte[] bytes, int n) {
    int end = 0;
    while (end < n && bytes[end] != interrupt && bytes[end] != endOfFile) {
      end++;
    }
    synchronized (lock) {
      if (end > 0 && !ending && !peerGone) {
        if (conversation == null) {
          typedAhead.write(bytes, 0, end);
        } else {
          send(bytes, 0, end);
        }
      }
      for (int i = 0; i < end; i++) {
        if (bytes[i] == FORM_FEED) {
          painter.invalidate();
        }
      }
      draw();
    }
    if (end < n) {
      end();
      return true;
    }
    return false;
  }

  /** Under the lock: to the peer first (the latency that matters), then to our half. */
  private void send(byte[] bytes, int offset, int length) {
    try {
      conversation.output().write(bytes, offset, length);
    } catch (IOException e) {
      return; // closed under us: the peer's side ends the talk
    }
    screen.local(bytes, offset, length);
  }

  /** ^C, ^D, kill -INT or the end of the terminal: say so, hang up, let run() return. */
  void end() {
    Conversation c;
    Call t;
    synchronized (lock) {
      if (ending) {
        return;
      }
      ending = true;
      screen.status(CLOSING);
      draw();
      c = conversation;
      t = call;
    }
    if (c != null) {
      closeQuietly(c); // ends readPeer
    } else if (t != null) {
      t.cancel(); // ends execute() at once; TalkCall.close() then sends the DELETEs
    }
    ended.countDown();
  }

  private void resized() {
    Size now = windowSize.get(); // perhaps stty: not under the lock, so keys are not held up
    synchronized (lock) {
      if (restored) {
        return;
      }
      size = now;
      screen.resize(size.getColumns(), size.getRows());
      painter.invalidate(); // after a resize the terminal's contents are anyone's guess
      draw();
    }
  }

  /**
   * SIGTSTP, which the tty sends to the whole job when the suspend key (^Z) is typed: the terminal
   * back as the shell had it, then this process stopped with the rest of the job. netkit talk gets
   * the same from curses, whose SIGTSTP handler calls {@code endwin()} and stops the process, and
   * whose SIGCONT brings the screen back ({@link #continued}). The talk goes on meanwhile: the
   * peer's bytes wait in the socket and are drawn after {@code fg}.
   *
   * <p>The action for SIGTSTP stays the default (stop) until SIGCONT puts this handler back: the
   * stop is sent by another process, and the kernel may deliver it after that process has exited
   * and been reaped. A handler put back as soon as kill returned caught the late signal, so the
   * talk never stopped and went on in the shell's settings (seen under load in a .ci/run).
   */
  private void suspend() {
    synchronized (lock) {
      if (!fullScreen || restored) {
        return;
      }
      leaveFullScreen();
      suspended = true;
    }
    terminal.handle(Signal.TSTP, Terminal.SignalHandler.SIG_DFL);
    if (!stopSelf.getAsBoolean()) {
      continued(); // never stopped: no SIGCONT will bring the screen back
    }
  }

  /**
   * Sends this process SIGTSTP, now that its action is the default (stop). The JDK has no call
   * for it ({@code sun.misc.Signal.raise} refuses a signal without a Java handler), so a shell's
   * {@code kill} does it: a fork on ^Z only. Returns once kill has sent it (the stop itself may
   * come a moment later); false if it could not be sent.
   */
  private static boolean stopThisProcess() {
    try {
      Process kill =
          new ProcessBuilder("/bin/sh", "-c", "kill -TSTP " + ProcessHandle.current().pid())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          && kill.exitValue() == 0;
    } catch (IOException e) {
      return false; // no shell to stop us: the talk goes on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * SIGCONT: back from a stop (^Z and fg, or kill -STOP and -CONT), where a shell may have reset
   * the terminal and its size changed: the split screen again, redrawn whole at the size now, and
   * the suspend key handled again.
   */
  private void continued() {
    synchronized (lock) {
      if (restored) {
        return;
      }
      if (suspended) {
        suspended = false;
        terminal.handle(Signal.TSTP, s -> suspend());
        enterFullScreen();
      } else if (fullScreen) {
        terminal.setAttributes(raw(original));
      }
    }
    resized();
  }

  private static Attributes raw(Attributes original) {
    Attributes raw = new Attributes(original);
    // ^C and ^D arrive as bytes, and ^V, ^O too (IEXTEN off); ^S and ^Q are keys, not flow
    // control (IXON off). ICRNL stays: Enter sends LF, as netkit talk sends it. ISIG stays for
    // the suspend key alone, as curses' cbreak() leaves it to netkit talk: the interrupt and quit
    // characters are disabled (0 is Linux's _POSIX_VDISABLE), so ^C and ^\ are keys.
    raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.IEXTEN), false);
    raw.setControlChar(ControlChar.VINTR, 0);
    raw.setControlChar(ControlChar.VQUIT, 0);
    raw.setInputFlags(EnumSet.of(InputFlag.IXON), false);
    raw.setControlChar(ControlChar.VMIN, 1);
    raw.setControlChar(ControlChar.VTIME, 0);
    return raw;
  }

  private void enterFullScreen() {
    terminal.setAttributes(raw(original));
    StringBuilder out = new StringBuilder();
    tput(out, Capability.enter_ca_mode);
    tput(out, Capability.keypad_xmit);
    fullScreen = true;
    write(out);
  }

  /** Under the lock: brings the terminal up to date with the model, if anything moved. */
  private void draw() {
    if (!fullScreen || restored) {
      return;
    }
    StringBuilder out = new StringBuilder();
    if (painter.paint(screen, size.getRows(), size.getColumns(), out)) {
      write(out);
      lock.notifyAll(); // awaitShown()
    }
  }

  /**
   * Runs a {@link WarmUp} for this terminal's size and edit characters: the receive-and-draw path
   * on made-up keys, so that the JIT has compiled it before the peer's first key. It starts while
   * the call is set up and goes on into the first moments of the conversation (a person does not
   * type in the first second), bounded by {@code budget} and {@link #WARM_UP_KEYS}, and stops as
   * soon as {@code stop} says so. Touches neither the terminal nor the real model.
   *
   * @return how many keys it fed
   */
  int warmUp(Duration budget, BooleanSupplier stop) {
    Size at;
    synchronized (lock) {
      at = size;
    }
    return new WarmUp(
            new Painter(terminal), at.getColumns(), at.getRows(), terminal.encoding(), editChars)
        .run(budget, WARM_UP_KEYS, stop);
  }

  private void bell() {
    StringBuilder out = new StringBuilder();
    if (!tput(out, Capability.bell)) {
      out.append('\007');
    }
    write(out);
  }

  private boolean tput(StringBuilder out, Capability capability, Object... parameters) {
    String string = terminal.getStringCapability(capability);
    if (string == null) {
      return false;
    }
    Curses.tputs(out, string, parameters);
    return true;
  }

  private void write(CharSequence text) {
    try {
      Painter.emit(terminal.output(), text, terminal.encoding());
    } catch (IOException e) {
      // the terminal is gone: the key reader sees its end and ends the talk
    }
  }

  /**
   * Gives the terminal back as it was: the normal screen, the cursor at the bottom, the original
   * attributes. Idempotent; safe from a shutdown hook. Does not close the JLine terminal (JLine's
   * own shutdown hook does that).
   */
  @Override
  public void close() {
    warming = false;
    synchronized (lock) {
      if (restored) {
        return;
      }
      restored = true;
      if (fullScreen) {
        leaveFullScreen();
      }
    }
    ended.countDown();
  }

  /** Under the lock: the normal screen, the cursor at the bottom, the original attributes. */
  private void leaveFullScreen() {
    fullScreen = false;
    try {
      StringBuilder out = new StringBuilder();
      tput(out, Capability.keypad_local);
      // netkit talk/init_disp.c quit(): the last line cleared and the cursor there before
      // endwin(), so that without an alternate screen the shell's prompt gets a row of its own
      tput(out, Capability.cursor_address, Math.max(0, size.getRows() - 1), 0);
      tput(out, Capability.clr_eol);
      tput(out, Capability.exit_ca_mode);
      tput(out, Capability.cursor_normal);
      write(out);
    } catch (RuntimeException e) {
      // the terminal may already be closed (by JLine's shutdown hook); the attributes still
      // matter
    }
    terminal.setAttributes(original);
    terminal.flush();
  }

  /**
   * For tests: waits until the terminal shows lines that pass a test (drawn, not only in the
   * model), at most {@code timeout}; returns whether they did.
   */
  boolean awaitShown(Predicate<List<String>> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (painter.shown() == null || !test.test(painter.shown())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** For tests: what the terminal shows, as far as this shell drew it. */
  List<String> shown() {
    synchronized (lock) {
      List<String> shown = painter.shown();
      return shown == null ? List.of() : List.copyOf(shown);
    }
  }

  /** For tests: whether the call is connected (keys then go to the peer, not ahead of it). */
  boolean connected() {
    synchronized (lock) {
      return conversation != null;
    }
  }

  /** For tests: whether the peer's side has closed. */
  boolean peerGone() {
    synchronized (lock) {
      return peerGone;
    }
  }

  /** For tests: the message printed after the screen is gone. */
  Optional<String> farewell() {
    synchronized (lock) {
      return Optional.ofNullable(farewell);
    }
  }

  /** For tests: the size the model lays out. */
  int[] modelSize() {
    synchronized (lock) {
      return new int[] {screen.columns(), screen.rows()};
    }
  }

  private static int available(InputStream in) {
    try {
      return in.available();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void closeQuietly(Conversation c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing is all that is left to do
    }
  }
}

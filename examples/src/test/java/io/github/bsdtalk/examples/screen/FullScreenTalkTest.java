package io.github.bsdtalk.examples.screen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.client.CallProgress;
import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell around {@link SplitScreen}, over a JLine terminal on pipes (an {@link ExternalTerminal}
 * with its own line discipline: raw mode, attributes, size and signals as a real one has them) and
 * a conversation on pipes: no real terminal, no network, no sleeping.
 */
@Timeout(20)
class FullScreenTalkTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "full-screen-test");
            t.setDaemon(true);
            return t;
          });
  private final List<AutoCloseable> toClose = new ArrayList<>();

  private PipedOutputStream keyboard; // what the user types
  private Screen display; // what the terminal receives
  private Terminal terminal;
  private Attributes before;

  /** The terminal's output, kept whole. */
  static final class Screen extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void terminal() throws IOException {
    keyboard = new PipedOutputStream();
    PipedInputStream keys = new PipedInputStream(keyboard, 4096);
    display = new Screen();
    terminal = new ExternalTerminal("test", "xterm", keys, display, StandardCharsets.UTF_8);
    terminal.setSize(new Size(80, 24));
    Attributes a = terminal.getAttributes();
    a.setControlChar(ControlChar.VERASE, 0x08); // ^H, as a user's stty erase ^H sets it
    a.setControlChar(ControlChar.VKILL, 0x15);
    a.setControlChar(ControlChar.VWERASE, 0x17);
    a.setControlChar(ControlChar.VINTR, 0x03);
    a.setControlChar(ControlChar.VEOF, 0x04);
    a.setControlChar(ControlChar.VQUIT, 0x1C);
    a.setControlChar(ControlChar.VSUSP, 0x1A);
    a.setLocalFlag(LocalFlag.ISIG, true);
    terminal.setAttributes(a);
    before = terminal.getAttributes();
    toClose.add(terminal);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    threads.shutdownNow();
  }

  /**
   * The two ends of a started conversation over loopback TCP: ours (for the shell) and the peer's.
   */
  private final class Peer {
    final Conversation ours;
    final InputStream fromUs;
    final OutputStream toUs;

    Peer(EditChars peerChars) throws IOException {
      Socket theirs;
      Socket mine;
      try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        mine = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        theirs = listener.accept();
      }
      toClose.add(theirs);
      toClose.add(mine);
      theirs.getOutputStream().write(peerChars.toWire()); // the peer's handshake
      ours = Conversation.start(mine, EditChars.DEFAULT, Duration.ofSeconds(5));
      fromUs = theirs.getInputStream();
      assertThat(fromUs.readNBytes(EditChars.SIZE)).isEqualTo(EditChars.DEFAULT.toWire());
      toUs = theirs.getOutputStream();
    }
  }

  /** A call that connects at once, or rings until cancelled. */
  private static final class FakeCall implements FullScreenTalk.Call {
    private final CallResult result;
    final CountDownLatch cancelled = new CountDownLatch(1);

    FakeCall(CallResult result) {
      this.result = result;
    }

    @Override
    public CallResult execute() throws IOException {
      if (result != null) {
        return result;
      }
      try {
        cancelled.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      return CallResult.cancelled();
    }

    @Override
    public void cancel() {
      cancelled.countDown();
    }
  }

  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
  private final AtomicBoolean callReturned = new AtomicBoolean();

  private Future<Integer> start(FullScreenTalk shell, FullScreenTalk.Call call) {
    return threads.submit(() -> shell.run(call, () -> callReturned.set(true), err));
  }

  private static Predicate<List<String>> anyLine(String text) {
    return lines -> lines.stream().anyMatch(l -> l.contains(text));
  }

  private void type(String keys) throws IOException {
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  @Test
  void connectionEstablishedRingsTheTerminalsBellOnceAndNoOtherStepRingsIt() {
    // netkit talk/io.c: message("Connection established"); beep()
    FullScreenTalk shell = new FullScreenTalk(terminal);
    for (CallProgress step : CallProgress.values()) {
      if (step != CallProgress.CONNECTED) {
        shell.progress(step);
      }
    }
    assertThat(display.text()).doesNotContain("\u0007");
    shell.progress(CallProgress.CONNECTED);
    assertThat(display.text()).containsOnlyOnce("\u0007"); // xterm's bel capability is ^G
  }

  @Test
  void theOldTalkFallbackIsAStatusLineLikeTheOtherSteps() throws Exception {
    FakeCall ringing = new FakeCall(null);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, ringing);
    shell.progress(CallProgress.CHECKING_FOR_INVITATION);
    shell.progress(CallProgress.OLD_TALK_ON_PARTYS_MACHINE);

    assertThat(shell.awaitShown(
        anyLine("[No ntalk daemon answered on your party's machine: using old talk]"), WAIT))
        .isTrue();
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void theEditCharactersComeFromTheTerminalAndADisabledOneBecomesTheDefault() {
    assertThat(new FullScreenTalk(terminal).editChars())
        .isEqualTo(new EditChars((byte) 0x08, (byte) 0x15, (byte) 0x17));
    Attributes a = terminal.getAttributes();
    a.setControlChar(ControlChar.VERASE, 0); // Linux's _POSIX_VDISABLE
    a.setControlChar(ControlChar.VWERASE, 0xFF);
    assertThat(FullScreenTalk.editChars(a))
        .isEqualTo(new EditChars((byte) 0x7F, (byte) 0x15, (byte) 0x17));
  }

  @Test
  void theWarmUpNeverTouchesTheTerminalOrTheModelAndStopsWhenAsked() throws Exception {
    FullScreenTalk shell = new FullScreenTalk(terminal);
    int[] asked = {0};
    int fed = shell.warmUp(Duration.ofSeconds(30), () -> ++asked[0] > 500);
    assertThat(fed).isEqualTo(500); // it stops at the first "stop" it sees
    assertThat(display.text()).isEmpty(); // not one byte to the terminal
    assertThat(shell.shown()).isEmpty(); // nothing drawn
    assertThat(shell.warmUp(Duration.ZERO, () -> false)).isZero(); // the time bound
    assertThat(shell.warmUp(Duration.ofSeconds(30), () -> false))
        .isEqualTo(FullScreenTalk.WARM_UP_KEYS); // the bound in bytes
    assertThat(display.text()).isEmpty();
  }

  @Test
  void eachKeyGoesToThePeerAtOnceByteForByteAndShowsInTheTopHalf() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));

    type("h");
    assertThat(peer.fromUs.read()).isEqualTo('h'); // no Enter: the byte is sent on its own
    type("el\u0008\u00e9");
    assertThat(new String(peer.fromUs.readNBytes(4), StandardCharsets.ISO_8859_1))
        .isEqualTo("el\u0008\u00c3"); // the erase and the first byte of the é, as typed
    assertThat(peer.fromUs.read()).isEqualTo(0xA9);
    // our own erase (^H from the terminal's settings) applied on our half
    assertThat(shell.awaitShown(anyLine("he\u00e9"), WAIT)).isTrue();
    int divider = dividerRow(shell.shown());
    assertThat(rowOf(shell.shown(), "he\u00e9")).isLessThan(divider);

    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void thePeersBytesShowInTheBottomHalfButNeverReachTheTerminalRaw() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));

    peer.toUs.write("hi\u001b]0;owned\u0007 there".getBytes(StandardCharsets.UTF_8));
    peer.toUs.flush();
    assertThat(shell.awaitShown(anyLine("there"), WAIT)).isTrue();
    assertThat(rowOf(shell.shown(), "there")).isGreaterThan(dividerRow(shell.shown()));
    assertThat(display.text()).doesNotContain("\u001b]0;owned").doesNotContain("\u0007 there");

    type("\u0004"); // ^D ends too
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void ctrlCSaysSoClosesTheConversationAndRestoresTheTerminal() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    // connected, not just drawn: a key typed while the call is set up is held, and ^C drops it
    assertThat(shell.awaitShown(lines -> shell.connected(), WAIT)).isTrue();
    Attributes during = terminal.getAttributes();
    assertThat(during.getLocalFlag(LocalFlag.ECHO)).isFalse();
    assertThat(during.getLocalFlag(LocalFlag.ICANON)).isFalse();
    // ^C is a key, not a signal: ISIG stays for ^Z alone, the interrupt and quit keys disabled
    assertThat(during.getControlChar(ControlChar.VINTR)).isZero();
    assertThat(during.getControlChar(ControlChar.VQUIT)).isZero();
    assertThat(during.getControlChar(ControlChar.VSUSP)).isEqualTo(0x1A);

    type("x\u0003y");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(peer.fromUs.read()).isEqualTo('x'); // nothing after the ^C, and not the ^C
    assertThat(peer.fromUs.read()).isEqualTo(-1); // hung up
    assertThat(shell.shown()).anyMatch(l -> l.contains(FullScreenTalk.CLOSING));
    assertThat(terminal.getAttributes().toString()).isEqualTo(before.toString());
    String out = display.text();
    assertThat(out).contains("\u001b[?1049h"); // xterm's alternate screen, as curses enters it
    assertThat(out.lastIndexOf("\u001b[?1049l")).isGreaterThan(out.lastIndexOf("\u001b[?1049h"));
    // netkit quit(): the last row cleared, the cursor there, then the normal screen back
    assertThat(out).contains("\u001b[24;1H\u001b[K\u001b[?1049l");
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theSuspendKeyGivesTheTerminalBackAndStopsAndContinuingRedrawsTheScreen() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    AtomicReference<String> attributesAtStop = new AtomicReference<>();
    AtomicReference<String> outputAtStop = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    FullScreenTalk shell =
        new FullScreenTalk(
            terminal,
            terminal::getSize,
            () -> { // where the real shell stops its process
              attributesAtStop.set(terminal.getAttributes().toString());
              outputAtStop.set(display.text());
              stopped.countDown();
              return true;
            });
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    assertThat(shell.awaitShown(lines -> shell.connected(), WAIT)).isTrue();
    type("mine");
    assertThat(shell.awaitShown(anyLine("mine"), WAIT)).isTrue();

    type("\u001a"); // ^Z: the terminal's line discipline raises SIGTSTP, as a tty does
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(attributesAtStop.get()).isEqualTo(before.toString()); // the shell's settings
    String out = outputAtStop.get();
    // netkit quit()'s last row cleared and the normal screen back, after the last full-screen entry
    assertThat(out.lastIndexOf("\u001b[24;1H\u001b[K\u001b[?1049l"))
        .isGreaterThan(out.lastIndexOf("\u001b[?1049h"));

    peer.toUs.write("while away".getBytes(StandardCharsets.UTF_8)); // drawn after fg
    peer.toUs.flush();
    int mark = display.text().length();
    terminal.raise(Signal.CONT); // fg
    assertThat(shell.awaitShown(anyLine("while away").and(anyLine("mine")), WAIT)).isTrue();
    assertThat(display.text().substring(mark)).contains("\u001b[?1049h");
    assertThat(terminal.getAttributes().getLocalFlag(LocalFlag.ICANON)).isFalse();

    type("!"); // the keys go on, and the ^Z was never sent
    assertThat(new String(peer.fromUs.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("mine!");
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(terminal.getAttributes().toString()).isEqualTo(before.toString());
  }

  /**
   * kill(1) returns, and may be reaped, before the kernel delivers its SIGTSTP to this process
   * (process-directed signals go to whichever thread runs next): the action must still be the
   * default (stop) when it arrives, until SIGCONT says the stop happened. A handler put back as
   * soon as kill returned caught the late signal, so the talk never stopped and went on with the
   * shell's terminal settings (a .ci/run under load, 2026-12-03).
   */
  @Test
  void theSignalThatStopsUsKeepsTheDefaultActionUntilWeAreContinued() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    java.util.concurrent.atomic.AtomicInteger stops = new java.util.concurrent.atomic.AtomicInteger();
    FullScreenTalk shell =
        new FullScreenTalk(terminal, terminal::getSize, () -> stops.incrementAndGet() > 0);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    assertThat(shell.awaitShown(lines -> shell.connected(), WAIT)).isTrue();

    type("\u001ax"); // ^Z, then a key: once it reaches the peer, the ^Z has been handled
    assertThat(peer.fromUs.read()).isEqualTo('x');
    assertThat(stops.get()).isEqualTo(1);
    assertThat(suspendAction()).isSameAs(Terminal.SignalHandler.SIG_DFL); // kill's signal stops us

    terminal.raise(Signal.CONT); // fg
    assertThat(shell.awaitShown(lines -> shell.connected(), WAIT)).isTrue();
    assertThat(terminal.getAttributes().getLocalFlag(LocalFlag.ICANON)).isFalse();
    assertThat(suspendAction()).isNotSameAs(Terminal.SignalHandler.SIG_DFL);
    type("\u001ay"); // the next ^Z stops us again
    assertThat(peer.fromUs.read()).isEqualTo('y');
    assertThat(stops.get()).isEqualTo(2);
    terminal.raise(Signal.CONT);
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void whenKillCannotStopUsTheTalkGoesOnFullScreen() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    FullScreenTalk shell =
        new FullScreenTalk(terminal, terminal::getSize, () -> tries.incrementAndGet() < 0);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    assertThat(shell.awaitShown(lines -> shell.connected(), WAIT)).isTrue();

    type("\u001ax");
    assertThat(peer.fromUs.read()).isEqualTo('x');
    assertThat(tries.get()).isEqualTo(1);
    assertThat(terminal.getAttributes().getLocalFlag(LocalFlag.ICANON)).isFalse(); // raw again
    assertThat(suspendAction()).isNotSameAs(Terminal.SignalHandler.SIG_DFL);
    type("\u001ay"); // and ^Z is tried again
    assertThat(peer.fromUs.read()).isEqualTo('y');
    assertThat(tries.get()).isEqualTo(2);
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  /** The terminal's action for SIGTSTP now (asked by setting one and putting it back). */
  private Terminal.SignalHandler suspendAction() {
    Terminal.SignalHandler now = terminal.handle(Signal.TSTP, Terminal.SignalHandler.SIG_IGN);
    terminal.handle(Signal.TSTP, now);
    return now;
  }

  @Test
  void ctrlCWhileRingingCancelsTheCallAndExitsZero() throws Exception {
    FakeCall ringing = new FakeCall(null);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, ringing);
    shell.progress(io.github.bsdtalk.client.CallProgress.WAITING_FOR_PARTY);
    assertThat(shell.awaitShown(anyLine("[Waiting for your party to respond]"), WAIT)).isTrue();

    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(ringing.cancelled.getCount()).isZero();
    assertThat(callReturned).isTrue();
    assertThat(terminal.getAttributes().toString()).isEqualTo(before.toString());
  }

  @Test
  void aRefusedCallShowsRealTalksMessageThenPrintsItOnceTheScreenIsGone() throws Exception {
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.refused(1))); // NOT_HERE

    assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(shell.shown()).anyMatch(l -> l.contains("[Your party is not logged on]"));
    assertThat(errBytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("[Your party is not logged on]" + System.lineSeparator());
    assertThat(terminal.getAttributes().toString()).isEqualTo(before.toString());
  }

  @Test
  void whenThePeerHangsUpItSaysSoAndWaitsForCtrlC() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    peer.toUs.write("bye".getBytes(StandardCharsets.UTF_8));
    peer.toUs.close(); // shuts the socket: our side reads the end

    assertThat(shell.awaitShown(anyLine(FullScreenTalk.PEER_CLOSED), WAIT)).isTrue();
    assertThat(shell.shown()).anyMatch(l -> l.contains("bye")); // the screen stays readable
    assertThat(run.isDone()).isFalse();
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void theSizeComesFromTheGivenWindowSizeAtTheStartAndOnEverySigwinch() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    AtomicReference<Size> window = new AtomicReference<>(new Size(60, 20)); // not the terminal's
    FullScreenTalk shell = new FullScreenTalk(terminal, window::get);
    assertThat(shell.modelSize()).containsExactly(60, 20);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    assertThat(shell.awaitShown(lines -> lines.size() == 20, WAIT)).isTrue();

    window.set(new Size(50, 16));
    terminal.raise(Signal.WINCH); // terminal.getSize() still says 80x24
    assertThat(shell.awaitShown(lines -> lines.size() == 16, WAIT)).isTrue();
    assertThat(shell.modelSize()).containsExactly(50, 16);
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void withoutATerminalOnStandardOutputTheWindowSizeIsTheTerminalsOwn() {
    // surefire's standard output is a pipe: the ioctl fails, and the terminal answers instead
    terminal.setSize(new Size(77, 21));
    assertThat(WindowSize.ofStandardOutput(terminal).get()).isEqualTo(new Size(77, 21));
  }

  @Test
  void sigwinchLaysTheScreenOutAgainAtTheNewSizeKeepingTheText() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    type("mine");
    assertThat(shell.awaitShown(anyLine("mine"), WAIT)).isTrue();

    terminal.setSize(new Size(100, 30));
    terminal.raise(Signal.WINCH);
    assertThat(shell.awaitShown(lines -> lines.size() == 30, WAIT)).isTrue();
    assertThat(shell.shown())
        .allMatch(l -> l.length() == 100 || !l.chars().allMatch(c -> c < 0x80));
    assertThat(shell.shown()).anyMatch(l -> l.contains("mine"));
    type("!");
    assertThat(shell.awaitShown(anyLine("mine!"), WAIT)).isTrue();

    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void ctrlLRedrawsTheWholeScreenAndIsSentAsNetkitSendsIt() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    type("a");
    assertThat(peer.fromUs.read()).isEqualTo('a');
    assertThat(shell.awaitShown(anyLine("a"), WAIT)).isTrue();
    int clears = count(display.text(), "\u001b[2J");

    type("\u000c");
    assertThat(peer.fromUs.read()).isEqualTo(0x0C); // netkit talk/io.c sends every key
    type("b");
    assertThat(peer.fromUs.read()).isEqualTo('b');
    assertThat(shell.awaitShown(anyLine("ab"), WAIT)).isTrue();
    assertThat(count(display.text(), "\u001b[2J")).isGreaterThan(clears);

    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static int dividerRow(List<String> lines) {
    for (int r = 0; r < lines.size(); r++) {
      String l = lines.get(r);
      if (!l.isEmpty() && l.chars().allMatch(c -> c == l.charAt(0)) && l.charAt(0) != ' ') {
        return r;
      }
    }
    throw new AssertionError("no divider in " + lines);
  }

  private static int rowOf(List<String> lines, String text) {
    for (int r = 0; r < lines.size(); r++) {
      if (lines.get(r).contains(text)) {
        return r;
      }
    }
    throw new AssertionError("no " + text + " in " + lines);
  }

  @Test
  void sigintEndsTheTalkAsCtrlCDoes() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    assertThat(shell.awaitShown(lines -> true, WAIT)).isTrue();

    terminal.raise(Signal.INT); // kill -INT: ISIG is off, so it never comes from the keyboard

    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(peer.fromUs.read()).isEqualTo(-1);
    assertThat(terminal.getAttributes().toString()).isEqualTo(before.toString());
  }

  @Test
  void sigcontPutsTheTerminalBackInRawModeAndRedraws() throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    type("a");
    assertThat(shell.awaitShown(anyLine("a"), WAIT)).isTrue();
    terminal.setAttributes(before); // what a shell leaves after a stop
    int clears = count(display.text(), "\u001b[2J");

    terminal.raise(Signal.CONT);

    assertThat(terminal.getAttributes().getLocalFlag(LocalFlag.ICANON)).isFalse();
    assertThat(terminal.getAttributes().getLocalFlag(LocalFlag.ECHO)).isFalse();
    assertThat(count(display.text(), "\u001b[2J")).isGreaterThan(clears);
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  /**
   * Whatever is typed, received and resized, the terminal (the shell's writes replayed on a small
   * xterm) shows exactly the model's lines: the row diffs, the skipped ASCII prefixes, the line
   * clears and the clipping below 20x8 leave nothing stale and nothing misplaced.
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 9, 11}) // 5 and 9 found the half wide character, 11 the combining mark
  void theTerminalAlwaysShowsTheModelsLinesWhateverIsTypedReceivedAndResized(long seed)
      throws Exception {
    Peer peer = new Peer(EditChars.DEFAULT);
    FullScreenTalk shell = new FullScreenTalk(terminal);
    Future<Integer> run = start(shell, new FakeCall(CallResult.connectedAsCaller(peer.ours)));
    String[] pieces = {
      "a",
      "hello ",
      "w\u00f6rld",
      "\u65e5\u672c",
      "e\u0301",
      "\u007f",
      "\u0008",
      "\u0015",
      "\u0017",
      "\r",
      "\n",
      "\t",
      "x".repeat(90),
      "\ud83d\ude00",
      "\u001b[2J",
      "\u000c",
      "  "
    };
    java.util.Random random = new java.util.Random(seed);
    int[] size = {80, 24};
    for (int step = 0; step < 1500; step++) {
      int what = random.nextInt(12);
      String piece = pieces[random.nextInt(pieces.length)];
      if (what < 5) {
        type(piece);
      } else if (what < 10) {
        peer.toUs.write(piece.getBytes(StandardCharsets.UTF_8));
        peer.toUs.flush();
      } else {
        size[0] = 12 + random.nextInt(110);
        size[1] = 5 + random.nextInt(40);
        terminal.setSize(new Size(size[0], size[1]));
        terminal.raise(Signal.WINCH);
      }
      int columns = size[0];
      int rows = size[1];
      List<List<String>> seen = new ArrayList<>();
      boolean same =
          shell.awaitShown(
              lines -> {
                List<String> vt = strip(replayFromLastClear(display.text(), columns, rows));
                seen.add(vt);
                return vt.equals(strip(lines));
              },
              WAIT);
      assertThat(same)
          .as(
              "step %d at %dx%d: the terminal shows%n%s%nthe shell drew%n%s",
              step,
              columns,
              rows,
              seen.isEmpty() ? "" : String.join("\n", seen.get(seen.size() - 1)),
              String.join("\n", shell.shown()))
          .isTrue();
    }
    type("\u0003");
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
  }

  private static List<String> replayFromLastClear(String text, int columns, int rows) {
    int from = text.lastIndexOf("\u001b[H\u001b[2J");
    return VtReplay.replay(from < 0 ? text : text.substring(from), columns, rows);
  }

  private static List<String> strip(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.stripTrailing());
    }
    return out;
  }
}

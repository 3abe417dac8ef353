package io.github.bsdtalk.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code talk USER --user NAME --daemon-port N} run twice in one process against our talkd on
 * 127.0.0.1, as two people would run it: alice calls, the daemon rings bob, bob runs talk back.
 */
@Timeout(60)
class TalkCommandTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, SECONDS)).isTrue();
  }

  /** Standard input typed by a test: blocks until fed, ends when told. */
  static final class Keyboard extends InputStream {
    private static final int END = -1;
    private final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();

    void type(String text) {
      for (byte b : text.getBytes(UTF_8)) {
        bytes.add(b & 0xFF);
      }
    }

    void end() {
      bytes.add(END);
    }

    @Override
    public int read() throws IOException {
      try {
        int b = bytes.take();
        if (b == END) {
          bytes.add(END); // stays at end of file
        }
        return b;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException();
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int first = read();
      if (first < 0) {
        return -1;
      }
      b[off] = (byte) first;
      int n = 1;
      Integer next;
      while (n < len && (next = bytes.peek()) != null && next != END) {
        b[off + n++] = (byte) (int) bytes.poll();
      }
      return n;
    }
  }

  /** Standard output or error that a test can wait on. */
  static final class Screen extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(this, true, UTF_8);

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      notifyAll();
    }

    synchronized String text() {
      return bytes.toString(UTF_8);
    }

    /** Waits up to 20 s until the text contains {@code expected}. */
    synchronized boolean await(String expected) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!text().contains(expected)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  private TalkdServer talkd(Announcer announcer) throws IOException {
    return talkd(announcer, x -> {});
  }

  private TalkdServer talkd(Announcer announcer, TalkdServer.Listener listener) throws IOException {
    TalkdServer server =
        TalkdServer.builder()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .announcer(announcer)
            .listener(listener)
            .build();
    Future<Boolean> served = executor.submit(server::serve);
    toClose.add(
        () -> {
          server.close();
          assertThat(served.get(10, SECONDS)).isFalse();
        });
    return server;
  }

  private Future<Integer> talk(Keyboard in, Screen out, Screen err, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "talk";
    System.arraycopy(args, 0, all, 1, args.length);
    return executor.submit(() -> Main.run(all, in, out.stream, err.stream));
  }

  @Test
  void twoTalkCommandsConverseThroughOurDaemonAndBothExitWhenOneStdinEnds() throws Exception {
    Keyboard aliceIn = new Keyboard();
    Keyboard bobIn = new Keyboard();
    toClose.add(bobIn::end);
    Screen aliceOut = new Screen();
    Screen aliceErr = new Screen();
    Screen bobOut = new Screen();
    Screen bobErr = new Screen();
    AtomicReference<Future<Integer>> bob = new AtomicReference<>();
    AtomicReference<String> port = new AtomicReference<>();
    TalkdServer server =
        talkd(
            Announcer.callback(
                a ->
                    bob.set(
                        executor.submit(
                            () -> {
                              // bob reads the ring after alice has left her invitation
                              assertThat(aliceErr.await("[Waiting for your party to respond]"))
                                  .isTrue();
                              return talk(
                                      bobIn,
                                      bobOut,
                                      bobErr,
                                      "alice",
                                      "--user",
                                      "bob",
                                      "--daemon-port",
                                      port.get())
                                  .get(30, SECONDS);
                            }))));
    port.set(Integer.toString(server.localAddress().getPort()));

    Future<Integer> alice =
        talk(aliceIn, aliceOut, aliceErr, "bob", "--user", "alice", "--daemon-port", port.get());
    aliceIn.type("typo\u007f\u007fo\n");
    bobIn.type("heo\u007fllo\n");

    assertThat(bobOut.await("tyo\n")).as("bob sees: %s", bobOut.text()).isTrue();
    assertThat(aliceOut.await("hello\n")).as("alice sees: %s", aliceOut.text()).isTrue();
    aliceIn.end();

    assertThat(alice.get(20, SECONDS)).isZero();
    assertThat(bob.get().get(20, SECONDS)).isZero();
    assertThat(aliceOut.text()).isEqualTo("hello\n");
    assertThat(bobOut.text()).isEqualTo("tyo\n");
    assertThat(aliceErr.text().split("\n"))
        .startsWith(
            "[Checking for invitation on caller's machine]",
            "[Trying to connect to your party's talk daemon]",
            "[Waiting for your party to respond]",
            "[Connection established]");
    assertThat(bobErr.text().split("\n"))
        .startsWith(
            "[Checking for invitation on caller's machine]",
            "[Waiting to connect with caller]",
            "[Connection established]")
        .contains("[Connection closed]");
    assertThat(server.processor().orElseThrow().table().size()).isZero();
  }

  /**
   * Issue 8 item 4: the caller's DELETEs run beside the conversation, so a talk whose conversation
   * ends at once must still wait for them before it exits. The daemon holds back everything after
   * the first DELETE (its thread waits in the listener), so the second DELETE stays unanswered
   * until the test lets it through.
   */
  @Test
  void theCallerExitsOnlyOnceItsDeletesAreDone() throws Exception {
    Keyboard aliceIn = new Keyboard();
    Keyboard bobIn = new Keyboard();
    toClose.add(bobIn::end);
    Screen aliceErr = new Screen();
    Screen bobErr = new Screen();
    CountDownLatch firstDeleteSeen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    toClose.add(release::countDown);
    AtomicReference<Future<Integer>> bob = new AtomicReference<>();
    AtomicReference<String> port = new AtomicReference<>();
    TalkdServer server =
        talkd(
            Announcer.callback(
                a ->
                    bob.set(
                        executor.submit(
                            () -> {
                              assertThat(aliceErr.await("[Waiting for your party to respond]"))
                                  .isTrue();
                              return talk(bobIn, new Screen(), bobErr, "alice", "--user", "bob",
                                      "--daemon-port", port.get())
                                  .get(30, SECONDS);
                            }))),
            x -> {
              boolean delete =
                  x.request().filter(r -> r.type() == RequestType.DELETE.code()).isPresent();
              if (delete && firstDeleteSeen.getCount() > 0) {
                firstDeleteSeen.countDown();
                try {
                  release.await(30, SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    port.set(Integer.toString(server.localAddress().getPort()));

    Future<Integer> alice =
        talk(aliceIn, new Screen(), aliceErr, "bob", "--user", "alice", "--daemon-port",
            port.get());
    assertThat(aliceErr.await("[Connection established]")).isTrue();
    aliceIn.end(); // alice hangs up at once
    assertThat(aliceErr.await("[Connection closed]")).isTrue();
    assertThat(firstDeleteSeen.await(20, SECONDS)).isTrue();

    assertThat(alice.isDone()).as("alice exited with a DELETE unanswered").isFalse();
    release.countDown();
    assertThat(alice.get(20, SECONDS)).isZero();
    assertThat(server.processor().orElseThrow().table().size()).isZero();
    assertThat(bob.get().get(20, SECONDS)).isZero();
  }

  @Test
  void aRefusedCallExitsOneWithTheMessageTalkShows() throws Exception {
    TalkdServer server = talkd(a -> Answer.NOT_HERE);
    Keyboard in = new Keyboard();
    in.end();
    Screen out = new Screen();
    Screen err = new Screen();

    int status =
        talk(
                in,
                out,
                err,
                "bob",
                "--user",
                "alice",
                "--daemon-port",
                Integer.toString(server.localAddress().getPort()))
            .get(30, SECONDS);

    assertThat(status).isEqualTo(1);
    assertThat(err.text()).contains("[Your party is not logged on]\n");
    assertThat(out.text()).isEmpty();
  }

  @Test
  void anUnansweredCallExitsOneAfterTheWait() throws Exception {
    TalkdServer server = talkd(Announcer.callback(a -> {}));
    Keyboard in = new Keyboard();
    Screen out = new Screen();
    Screen err = new Screen();

    int status =
        talk(
                in,
                out,
                err,
                "bob",
                "--user",
                "alice",
                "--wait",
                "1",
                "--daemon-port",
                Integer.toString(server.localAddress().getPort()))
            .get(30, SECONDS);

    assertThat(status).isEqualTo(1);
    assertThat(err.text())
        .contains("[Waiting for your party to respond]")
        .contains("[Your party did not answer");
    assertThat(out.text()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--bogus",
        "bob --daemon-port",
        "bob --daemon-port x",
        "bob --daemon-port 70000",
        "bob --daemon-port -1",
        "bob --daemon-port 0",
        "bob --user",
        "bob --user twelve_bytes",
        "bob --wait",
        "bob --wait soon",
        "bob --local-daemon",
        "bob --local-daemon 127.0.0.1",
        "bob --local-daemon 127.0.0.1:0",
        "bob --local-daemon 127.0.0.1:x",
        "bob --remote-daemon",
        "bob --remote-daemon :518",
        "bob --remote-daemon 127.0.0.1:65536",
        "@host",
        "twelve_bytes@host"
      })
  void badUsageExitsTwoWithoutCallingAnyone(String args) {
    String[] split = args.isEmpty() ? new String[0] : args.split(" ");
    String[] all = new String[split.length + 1];
    all[0] = "talk";
    System.arraycopy(split, 0, all, 1, split.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Main.run(
            all,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));

    assertThat(status).as("talk %s", Arrays.toString(split)).isEqualTo(2);
    assertThat(out.toString(UTF_8)).isEmpty();
    assertThat(err.toString(UTF_8)).isNotEmpty().doesNotContain("[Checking");
    assertThat(err.toString(UTF_8).lines()).as("one line").hasSize(1);
  }

  private static Optional<CtlResponse> answer(CtlMessage request, Answer answer, long id) {
    return Optional.of(CtlResponse.of(request.type(), answer, id, TalkAddress.ZERO));
  }

  /** Runs talk with its ^C hook kept for the test, which runs it instead of a signal. */
  private Future<Integer> talkWithHooks(
      List<Thread> hooks, Keyboard in, Screen out, Screen err, String... args) {
    TalkCommand.ExitHooks recorder =
        new TalkCommand.ExitHooks() {
          @Override
          public void add(Thread hook) {
            hooks.add(hook);
          }

          @Override
          public void remove(Thread hook) {}
        };
    return executor.submit(() -> new TalkCommand(recorder).run(args, in, out.stream, err.stream));
  }

  /**
   * --local-daemon and --remote-daemon: LOOK_UP and ANNOUNCE go to the remote one, LEAVE_INVITE
   * to the local one, and each gets the DELETE of its own invitation.
   */
  @Test
  void theDaemonOptionsSendEachRequestToTheDaemonTheyName() throws Exception {
    ScriptedDaemon remote =
        new ScriptedDaemon(
            r ->
                r.type() == RequestType.LOOK_UP.code()
                    ? answer(r, Answer.NOT_HERE, 0)
                    : answer(r, Answer.SUCCESS, 7));
    ScriptedDaemon local = new ScriptedDaemon(r -> answer(r, Answer.SUCCESS, 3));
    toClose.add(remote);
    toClose.add(local);
    Keyboard in = new Keyboard();
    Screen err = new Screen();

    int status =
        talk(in, new Screen(), err, "bob@far.invalid", "--user", "alice", "--line", "--wait", "1",
                "--local-daemon", local.option(), "--remote-daemon", remote.option())
            .get(30, SECONDS);

    assertThat(status).isEqualTo(1);
    assertThat(err.text()).contains("[Your party did not answer");
    // the DELETEs after no answer are sent once each, without waiting (invite.c send_delete())
    assertThat(remote.awaitRequests(3, java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(local.awaitRequests(2, java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(remote.requests())
        .extracting(CtlMessage::type)
        .containsExactly(RequestType.LOOK_UP.code(), RequestType.ANNOUNCE.code(),
            RequestType.DELETE.code());
    assertThat(remote.requests(RequestType.DELETE).get(0).id()).isEqualTo(7);
    assertThat(local.requests())
        .extracting(CtlMessage::type)
        .containsExactly(RequestType.LEAVE_INVITE.code(), RequestType.DELETE.code());
    assertThat(local.requests(RequestType.DELETE).get(0).id()).isEqualTo(3);
  }

  /**
   * ^C while ringing, and the remote daemon has fallen silent: talk cancels at once, deletes its
   * invitation at its own daemon, and keeps trying the remote DELETE for as long as the retry
   * policy allows (5 attempts) before it lets the JVM exit. It waited only 2 s before, and sent
   * each DELETE once.
   */
  @Test
  void onCtrlCItLeavesNoInvitationAndWaitsOutTheDeletesOfASilentRemoteDaemon() throws Exception {
    AtomicInteger announces = new AtomicInteger();
    ScriptedDaemon remote =
        new ScriptedDaemon(
            r -> {
              if (r.type() == RequestType.LOOK_UP.code()) {
                return answer(r, Answer.NOT_HERE, 0);
              }
              if (r.type() == RequestType.ANNOUNCE.code() && announces.incrementAndGet() == 1) {
                return answer(r, Answer.SUCCESS, 7);
              }
              return Optional.empty(); // silent from now on
            });
    toClose.add(remote);
    TalkdServer local = talkd(Announcer.callback(a -> {}));
    List<Thread> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    Keyboard in = new Keyboard();
    toClose.add(in::end);
    Screen err = new Screen();

    Future<Integer> alice =
        talkWithHooks(hooks, in, new Screen(), err, "bob", "--user", "alice",
            "--local-daemon", "127.0.0.1:" + local.localAddress().getPort(),
            "--remote-daemon", remote.option());
    assertThat(err.await("[Waiting for your party to respond]")).isTrue();
    assertThat(local.processor().orElseThrow().table().size()).isOne();
    assertThat(hooks).hasSize(1);

    Thread ctrlC = hooks.get(0);
    ctrlC.start();
    ctrlC.join(30_000);

    assertThat(ctrlC.isAlive()).isFalse();
    assertThat(local.processor().orElseThrow().table().size()).isZero();
    assertThat(remote.requests(RequestType.DELETE))
        .as("the remote DELETE, retried as the policy allows")
        .hasSize(5)
        .allSatisfy(d -> assertThat(d.id()).isEqualTo(7));
    assertThat(alice.get(10, SECONDS)).isEqualTo(1);
    assertThat(err.text()).contains("[Cancelled]");
  }

  private static final TalkCommand.ExitHooks NO_HOOKS = new TalkCommand.ExitHooks() {
    @Override
    public void add(Thread hook) {}

    @Override
    public void remove(Thread hook) {}
  };

  /**
   * A terminal on the test's pipes, with the user's {@code stty erase '#'} (an erase no talk
   * applies by default, unlike DEL and ^H).
   */
  private Terminal terminal(Keyboard keys, Screen screen) throws IOException {
    Terminal terminal = new ExternalTerminal("test", "xterm", keys, screen, UTF_8);
    terminal.setSize(new Size(80, 24));
    Attributes a = terminal.getAttributes();
    a.setControlChar(Attributes.ControlChar.VERASE, '#');
    a.setControlChar(Attributes.ControlChar.VINTR, 0x03);
    terminal.setAttributes(a);
    toClose.add(keys::end);
    toClose.add(terminal);
    return terminal;
  }

  /**
   * On a terminal the caller runs full screen: its terminal's erase ('#' here) goes out in the
   * handshake, so bob's line mode applies it to alice's keys, each sent as typed; bob's line shows
   * on alice's screen; ^C ends both sides with exit 0 and leaves no invitation.
   */
  @Test
  void onATerminalTalkRunsFullScreenWithTheTerminalsEditCharacters() throws Exception {
    Keyboard aliceKeys = new Keyboard();
    Screen aliceScreen = new Screen();
    Terminal aliceTerminal = terminal(aliceKeys, aliceScreen);
    Keyboard bobIn = new Keyboard();
    toClose.add(bobIn::end);
    Screen bobOut = new Screen();
    Screen bobErr = new Screen();
    AtomicReference<Future<Integer>> bob = new AtomicReference<>();
    AtomicReference<String> port = new AtomicReference<>();
    TalkdServer server =
        talkd(Announcer.callback(a -> bob.set(executor.submit(() -> {
          // the screen is drawn as row diffs: only the status line's changed part is written
          assertThat(aliceScreen.await("for your party to respond]")).isTrue();
          return talk(bobIn, bobOut, bobErr, "alice", "--user", "bob", "--daemon-port",
              port.get()).get(30, SECONDS);
        }))));
    port.set(Integer.toString(server.localAddress().getPort()));
    List<Thread> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    TalkCommand.ExitHooks recorder = new TalkCommand.ExitHooks() {
      @Override
      public void add(Thread hook) {
        hooks.add(hook);
      }

      @Override
      public void remove(Thread hook) {
        hooks.remove(hook);
      }
    };
    String[] args = {"bob", "--user", "alice", "--daemon-port", port.get()};
    Screen aliceErr = new Screen();
    Future<Integer> alice = executor.submit(() ->
        new TalkCommand(recorder, io.github.bsdtalk.client.RetryPolicy.DEFAULT,
            (in, out) -> Optional.of(aliceTerminal))
            .run(args, new Keyboard(), new Screen().stream, aliceErr.stream));

    assertThat(aliceScreen.await("Connection established]")).isTrue();
    assertThat(hooks).hasSize(2); // the DELETEs and the terminal's restoration
    aliceKeys.type("typo##o\r"); // Enter is CR; the terminal's ICRNL makes it LF
    assertThat(bobOut.await("tyo\n")).as("bob sees: %s", bobOut.text()).isTrue();
    bobIn.type("hello\n");
    assertThat(aliceScreen.await("hello")).isTrue();
    aliceKeys.type("\u0003");

    assertThat(alice.get(20, SECONDS)).isZero();
    assertThat(bob.get().get(20, SECONDS)).isZero();
    assertThat(aliceScreen.text()).contains("closing. Exiting]");
    assertThat(aliceErr.text()).isEmpty();
    assertThat(aliceTerminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ECHO)).isTrue();
    assertThat(hooks).isEmpty();
    assertThat(server.processor().orElseThrow().table().size()).isZero();
  }

  /** --line keeps line mode on a terminal: the terminal is never opened. */
  @Test
  void withLineTheTerminalIsNotOpened() throws Exception {
    ScriptedDaemon daemon = new ScriptedDaemon(r -> answer(r, Answer.NOT_HERE, 0));
    toClose.add(daemon);
    AtomicInteger opened = new AtomicInteger();
    TalkCommand.Terminals counting = (in, out) -> {
      opened.incrementAndGet();
      return Optional.empty();
    };
    Screen err = new Screen();
    String[] args = {"bob", "--user", "alice", "--line", "--local-daemon", daemon.option(),
        "--remote-daemon", daemon.option()};

    int status = new TalkCommand(NO_HOOKS, io.github.bsdtalk.client.RetryPolicy.DEFAULT, counting)
        .run(args, new Keyboard(), new Screen().stream, err.stream);

    assertThat(status).isEqualTo(1);
    assertThat(err.text()).contains("[Your party is not logged on]");
    assertThat(opened).hasValue(0);
    String[] withoutLine = {"bob", "--user", "alice", "--local-daemon", daemon.option(),
        "--remote-daemon", daemon.option()};
    new TalkCommand(NO_HOOKS, io.github.bsdtalk.client.RetryPolicy.DEFAULT, counting)
        .run(withoutLine, new Keyboard(), new Screen().stream, new Screen().stream);
    assertThat(opened).hasValue(1);
  }
}

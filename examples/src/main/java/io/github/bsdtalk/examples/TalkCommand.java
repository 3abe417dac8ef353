package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.DaemonProtocol;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.RetryPolicy;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.client.TalkTimeoutException;
import io.github.bsdtalk.client.TextSanitizer;
import io.github.bsdtalk.examples.screen.FullScreenTalk;
import io.github.bsdtalk.examples.screen.WindowSize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code talk USER[@HOST] [TTY] [--line] [--protocol auto|ntalk|otalk] [--daemon-port N]
 * [--local-daemon HOST:PORT] [--remote-daemon HOST:PORT] [--user NAME] [--wait SECONDS]}: the
 * talk client. When standard input and output are a terminal (and without {@code --line}) it is
 * the full-screen split talk of {@link FullScreenTalk}: the terminal's erase, kill and word-erase
 * go out in the handshake, each key at once, ^C or ^D ends it. {@code --protocol} chooses ntalk
 * (the default), old talk, or ntalk with ytalk's fallback to old talk ({@code DaemonProtocol}). Otherwise it is a line-mode client for scripts, bridges and the
 * interop suites. {@code --local-daemon} and {@code --remote-daemon} override where LEAVE_INVITE
 * and its DELETE, and LOOK_UP, ANNOUNCE and its DELETE, go.
 *
 * <p>In line mode it shows the same progress lines as real talk (on standard error, in brackets),
 * then sends each line typed on standard input and prints each line the peer finishes on standard
 * output, with the peer's erase, kill and word-erase applied and control characters made visible.
 * It exits 0 when either side ends the conversation, 1 when the call is refused or not answered
 * (printing real talk's message, such as "Your party is not logged on"), 2 on bad usage. Run the
 * same command on both sides: the second one finds the first one's invitation and connects, as real
 * talk does. As the caller, it deletes its invitations after the edit characters, beside the
 * conversation, and does not exit (not even on ^C) before those DELETEs are answered or out of
 * retries; ^C while ringing cancels the call at once (a transaction in flight included) and waits,
 * as long as the DELETEs can take, for them.
 */
@Command(
    name = "talk",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Talk to another user. On a terminal the screen splits as real talk's does: your typing in"
          + " the top half, the other party's in the bottom half, each key sent as it is typed;"
          + " Ctrl-L redraws, ^C or ^D ends the talk.",
      "Otherwise, or with --line, in line mode: progress in brackets on standard error, each"
          + " line typed on standard input sent, each line the peer finishes printed on standard"
          + " output.",
      "Run the same command on both sides: the second finds the first's invitation and connects."
    })
final class TalkCommand extends Subcommand {

  /** Registers and removes the ^C hook; tests run the hook themselves instead of a signal. */
  interface ExitHooks {
    /** The JVM's shutdown hooks. */
    ExitHooks RUNTIME = new ExitHooks() {
      @Override
      public void add(Thread hook) {
        Runtime.getRuntime().addShutdownHook(hook);
      }

      @Override
      public void remove(Thread hook) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    };

    void add(Thread hook);

    void remove(Thread hook);
  }

  @Parameters(index = "0", paramLabel = "USER[@HOST]",
      description = "Whom to call: a user on this host, or USER@HOST.")
  String address;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TTY", showDefaultValue = Visibility.NEVER,
      description = "The callee's terminal (default: the one the callee's daemon chooses).")
  String tty = "";

  @Option(names = "--line",
      description = "Line mode even on a terminal (it is the mode anyway when standard input or"
          + " output is not a terminal).")
  boolean line;

  @Option(names = "--protocol", paramLabel = "auto|ntalk|otalk", defaultValue = "ntalk",
      converter = Converters.Protocol.class,
      description = "How to ask the talk daemons: ntalk (netkit's and BSD's talk, UDP 518), otalk"
          + " (old 4.2BSD talk, UDP 517, names of at most 8 bytes), or auto: ntalk first, and"
          + " old talk for a daemon that does not answer it, as ytalk does.")
  DaemonProtocol protocol;

  @Option(names = "--daemon-port", paramLabel = "N", converter = Converters.DaemonPort.class,
      description = "The talk daemons' UDP port, here and on HOST, for the protocol in use"
          + " (default 518 for ntalk, 517 for old talk).")
  Integer port;

  @Option(names = "--local-daemon", paramLabel = "HOST:PORT",
      converter = Converters.HostPort.class,
      description = "Where LEAVE_INVITE and its DELETE go (default: 127.0.0.1, --daemon-port).")
  InetSocketAddress localDaemon;

  @Option(names = "--remote-daemon", paramLabel = "HOST:PORT",
      converter = Converters.HostPort.class,
      description = "Where LOOK_UP, ANNOUNCE and its DELETE go (default: HOST, --daemon-port).")
  InetSocketAddress remoteDaemon;

  @Option(names = "--user", paramLabel = "NAME", defaultValue = "${sys:user.name}",
      description = "Your login name as the callee will see it (at most 11 bytes).")
  String me;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "300",
      converter = Converters.Seconds.class,
      description = "How long to wait for the callee to answer (1-86400).")
  Duration wait;

  private final ExitHooks hooks;
  private final RetryPolicy retries;
  private final Terminals terminals;

  TalkCommand() {
    this(ExitHooks.RUNTIME, RetryPolicy.DEFAULT);
  }

  TalkCommand(ExitHooks hooks) {
    this(hooks, RetryPolicy.DEFAULT);
  }

  /** With the retry policy of the control transactions: tests make a silent daemon quick. */
  TalkCommand(ExitHooks hooks, RetryPolicy retries) {
    this(hooks, retries, Terminals.SYSTEM);
  }

  /** With the terminal to use: tests give one over pipes. */
  TalkCommand(ExitHooks hooks, RetryPolicy retries, Terminals terminals) {
    this.hooks = hooks;
    this.retries = retries;
    this.terminals = terminals;
  }

  @Override
  public Integer call() throws IOException {
    TalkCall call;
    TalkPeer peer;
    try {
      peer = TalkPeer.parse(address).withTty(tty);
    } catch (IllegalArgumentException e) {
      throw usage("USER[@HOST]: " + e.getMessage());
    }
    Optional<Terminal> terminal = line ? Optional.empty() : terminals.open(in, out);
    FullScreenTalk screen =
        terminal.map(t -> new FullScreenTalk(t, terminals.windowSize(t))).orElse(null);
    try {
      TalkClient.Builder client =
          TalkClient.newBuilder().answerTimeout(wait).protocol(protocol).retryPolicy(retries);
      if (port != null) {
        client.daemonPort(port);
      }
      if (localDaemon != null) {
        client.localDaemon(localDaemon);
      }
      if (remoteDaemon != null) {
        client.remoteDaemon(remoteDaemon);
      }
      if (screen != null) {
        // netkit talk/init_disp.c set_edit_chars(): the terminal's own erase, kill and word-erase
        client.editChars(screen.editChars()).progress(screen::progress);
      } else {
        client.progress(step -> err.println("[" + step.message() + "]"));
      }
      call = client.build().newCall(me, peer);
    } catch (IllegalArgumentException e) {
      terminal.ifPresent(TalkCommand::closeQuietly);
      throw usage("--user: " + e.getMessage());
    }
    CountDownLatch callDone = new CountDownLatch(1);
    Thread onExit = onExit(call, callDone);
    hooks.add(onExit);
    // SIGTERM, or an error nobody caught: the terminal comes back whatever happens
    Thread restore = screen == null ? null : new Thread(screen::close, "talk-restore-terminal");
    if (restore != null) {
      hooks.add(restore);
    }
    try {
      if (screen != null) {
        return screen.run(call, callDone::countDown, err);
      }
      return talk(call, callDone, in, out, err);
    } catch (TalkTimeoutException e) {
      // netkit talk/ctl_transact.c would resend forever; ours gives up after the retry policy
      err.println("[No answer from the talk daemon at " + TraceRelay.text(e.daemon()) + " after "
          + e.attempts() + " attempts]");
      return 1;
    } catch (UnknownHostException e) {
      // netkit talk/get_addrs.c: fprintf(stderr, "talk: %s: ", host); herror(NULL)
      err.println("talk: " + peer.host().orElse("localhost") + ": Unknown host");
      return 1;
    } finally {
      // The DELETEs after a connection run beside the conversation; wait for any still under way
      // (bounded by their retries) so that no invitation is left behind.
      call.close();
      if (screen != null) {
        screen.close(); // already done by run(): the terminal is back before the DELETEs end
      }
      try {
        hooks.remove(onExit);
        if (restore != null) {
          hooks.remove(restore);
        }
      } catch (IllegalStateException e) {
        // The JVM is shutting down: onExit is running, and returns once the DELETEs are done.
      }
      terminal.ifPresent(TalkCommand::closeQuietly);
    }
  }

  /** Opens the terminal for the full screen, or says there is none: line mode then. */
  interface Terminals {
    /**
     * JLine's system terminal when standard input and output are both a terminal (and the streams
     * are the process's own), through its exec provider (stty); the window size by ioctl ({@link
     * WindowSize}).
     */
    Terminals SYSTEM =
        new Terminals() {
          @Override
          public Optional<Terminal> open(InputStream in, PrintStream out) {
            if (in != System.in || out != System.out || System.console() == null) {
              return Optional.empty();
            }
            Terminal terminal;
            try {
              terminal = TerminalBuilder.builder().system(true).provider("exec").dumb(false)
                  .encoding(StandardCharsets.UTF_8).nativeSignals(true)
                  .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
            } catch (IOException | RuntimeException e) {
              return Optional.empty(); // no stty, or not a terminal after all: line mode
            }
            if (!FullScreenTalk.usable(terminal)) {
              closeQuietly(terminal);
              return Optional.empty();
            }
            return Optional.of(terminal);
          }

          @Override
          public Supplier<Size> windowSize(Terminal terminal) {
            return WindowSize.ofStandardOutput(terminal); // the system terminal is standard output
          }
        };

    Optional<Terminal> open(InputStream in, PrintStream out);

    /**
     * How to read the size of a terminal this opened, on every SIGWINCH.
     *
     * @param terminal a terminal {@link #open} returned
     * @return by default the terminal's own {@link Terminal#getSize()}
     */
    default Supplier<Size> windowSize(Terminal terminal) {
      return terminal::getSize;
    }
  }

  private static void closeQuietly(Terminal terminal) {
    try {
      terminal.close();
    } catch (IOException e) {
      // nothing left to restore: FullScreenTalk.close() did that
    }
  }

  private static int talk(TalkCall call, CountDownLatch callDone, InputStream in,
      PrintStream out, PrintStream err) throws IOException {
    CallResult result;
    try {
      result = call.execute();
    } finally {
      callDone.countDown();
    }
    if (!result.connected()) {
      err.println("[" + result.message() + "]");
      return 1;
    }
    try (Conversation conversation = result.conversation().get()) {
      startSender(in, conversation, err);
      try (LineReader lines = conversation.lines()) {
        Optional<String> line;
        while ((line = readLine(lines)).isPresent()) {
          out.println(TextSanitizer.sanitize(line.get()));
          out.flush();
        }
      }
      err.println("[Connection closed]");
    }
    return 0;
  }

  /**
   * What runs if the JVM is told to exit (^C, SIGTERM): a call still ringing is cancelled, which
   * ends whatever it is waiting for at once, and its DELETEs go out, as the C client's quit() does
   * through {@code send_delete()} (netkit {@code talk/invite.c}); otherwise our invitation would stay
   * in the daemons and the next {@code talk} from the other party would find it and try to connect.
   * It waits as long as those DELETEs can take with their retries ({@link TalkCall#cleanUpBound()}),
   * also when a daemon never answers. Once connected, the DELETEs run beside the conversation, and
   * exiting waits for them the same way.
   */
  static Thread onExit(TalkCall call, CountDownLatch callDone) {
    return new Thread(
        () -> {
          call.cancel();
          try {
            // cancel() ends a transaction in flight, so the call returns almost at once
            callDone.await(call.cleanUpBound().toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          call.close(); // waits for the DELETEs, at most cleanUpBound()
        },
        "talk-delete-invitations");
  }

  private static Optional<String> readLine(LineReader lines) {
    try {
      return lines.readLine();
    } catch (IOException e) {
      return Optional.empty(); // our side closed (stdin ended) or the peer reset: the talk is over
    }
  }

  /** Standard input to the peer, a line at a time; at its end, hang up. */
  private static void startSender(InputStream in, Conversation conversation, PrintStream err) {
    Thread sender =
        new Thread(
            () -> {
              try (BufferedReader stdin =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = stdin.readLine()) != null) {
                  conversation.sendLine(line);
                }
              } catch (IOException e) {
                err.println("[" + e.getMessage() + "]");
              } finally {
                try {
                  conversation.close();
                } catch (IOException e) {
                  err.println("[" + e.getMessage() + "]");
                }
              }
            },
            "talk-stdin");
    sender.setDaemon(true);
    sender.start();
  }
}

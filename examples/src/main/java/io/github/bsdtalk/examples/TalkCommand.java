package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.TalkCall;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.client.TalkTimeoutException;
import io.github.bsdtalk.client.TextSanitizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code talk USER[@HOST] [TTY] [--line] [--daemon-port N] [--local-daemon HOST:PORT]
 * [--remote-daemon HOST:PORT] [--user NAME] [--wait SECONDS]}: a line-mode talk client for scripts
 * and plain terminals ({@code --line} asks for that mode explicitly; it is also the default until a
 * full-screen mode exists). {@code --local-daemon} and {@code --remote-daemon} override where
 * LEAVE_INVITE and its DELETE, and LOOK_UP, ANNOUNCE and its DELETE, go.
 *
 * <p>It shows the same progress lines as real talk (on standard error, in brackets), then sends
 * each line typed on standard input and prints each line the peer finishes on standard output, with
 * the peer's erase, kill and word-erase applied and control characters made visible. It exits 0
 * when either side ends the conversation, 1 when the call is refused or not answered (printing
 * real talk's message, such as "Your party is not logged on"), 2 on bad usage. Run the same command
 * on both sides: the second one finds the first one's invitation and connects, as real talk does.
 * As the caller, it deletes its invitations after the edit characters, beside the conversation,
 * and does not exit (not even on ^C) before those DELETEs are answered or out of retries; ^C while
 * ringing cancels the call at once (a transaction in flight included) and waits, as long as the
 * DELETEs can take, for them.
 */
final class TalkCommand implements Main.Command {

  private static final String USAGE =
      "usage: talk USER[@HOST] [TTY] [--line] [--daemon-port N] [--local-daemon HOST:PORT]"
          + " [--remote-daemon HOST:PORT] [--user NAME] [--wait SECONDS]";

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

  private final ExitHooks hooks;

  TalkCommand() {
    this(ExitHooks.RUNTIME);
  }

  TalkCommand(ExitHooks hooks) {
    this.hooks = hooks;
  }

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    String address = null;
    String tty = "";
    Integer port = null; // null: the daemons' own port, 518
    String me = System.getProperty("user.name");
    Duration wait = Duration.ofMinutes(5);
    String localDaemon = null;
    String remoteDaemon = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--daemon-port":
            port = Integer.parseInt(args[++i]);
            break;
          case "--line":
            break; // today's only mode; the full-screen client will be the default without it
          case "--local-daemon":
            localDaemon = args[++i];
            break;
          case "--remote-daemon":
            remoteDaemon = args[++i];
            break;
          case "--user":
            me = args[++i];
            break;
          case "--wait":
            wait = Duration.ofSeconds(Long.parseLong(args[++i]));
            break;
          default:
            if (args[i].startsWith("--")) {
              err.println(USAGE);
              return 2;
            } else if (address == null) {
              address = args[i];
            } else {
              tty = args[i];
            }
        }
      }
    } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
      err.println(USAGE);
      return 2;
    }
    if (address == null) {
      err.println(USAGE);
      return 2;
    }
    TalkCall call;
    try {
      TalkClient.Builder client = TalkClient.newBuilder().answerTimeout(wait);
      if (port != null) {
        client.daemonPort(port); // 1..65535, else IllegalArgumentException: a usage error
      }
      if (localDaemon != null) {
        client.localDaemon(daemonAddress("--local-daemon", localDaemon));
      }
      if (remoteDaemon != null) {
        client.remoteDaemon(daemonAddress("--remote-daemon", remoteDaemon));
      }
      client.progress(step -> err.println("[" + step.message() + "]"));
      call = client.build().newCall(me, TalkPeer.parse(address).withTty(tty));
    } catch (IllegalArgumentException e) {
      err.println("talk: " + e.getMessage());
      return 2;
    }
    CountDownLatch callDone = new CountDownLatch(1);
    Thread onExit = onExit(call, callDone);
    hooks.add(onExit);
    try {
      return talk(call, callDone, in, out, err);
    } finally {
      // The DELETEs after a connection run beside the conversation; wait for any still under way
      // (bounded by their retries) so that no invitation is left behind.
      call.close();
      try {
        hooks.remove(onExit);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: onExit is running, and returns once the DELETEs are done.
      }
    }
  }

  /** HOST:PORT for a daemon option; anything else is a usage error naming the option. */
  private static InetSocketAddress daemonAddress(String option, String value) {
    int colon = value.lastIndexOf(':');
    int p;
    try {
      p = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 1 || p > 0xFFFF) {
      throw new IllegalArgumentException(option + " wants HOST:PORT with a port 1..65535: " + value);
    }
    InetSocketAddress a = new InetSocketAddress(value.substring(0, colon), p);
    if (a.isUnresolved()) {
      throw new IllegalArgumentException(option + ": unknown host " + value.substring(0, colon));
    }
    return a;
  }

  private static int talk(TalkCall call, CountDownLatch callDone, InputStream in,
      PrintStream out, PrintStream err) throws IOException {
    CallResult result;
    try {
      result = call.execute();
    } catch (TalkTimeoutException e) {
      err.println("[" + e.getMessage() + "]");
      return 1;
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

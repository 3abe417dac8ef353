package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.Rendezvous;
import io.github.bsdtalk.client.TalkPeer;
import io.github.bsdtalk.client.TalkTimeoutException;
import io.github.bsdtalk.client.TextSanitizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code talk USER[@HOST] [TTY] [--daemon-port N] [--user NAME] [--wait SECONDS]}: a line-mode talk
 * client for scripts and plain terminals.
 *
 * <p>It shows the same progress lines as real talk (on standard error, in brackets), then sends
 * each line typed on standard input and prints each line the peer finishes on standard output, with
 * the peer's erase, kill and word-erase applied and control characters made visible. It exits 0
 * when either side ends the conversation, 1 when the call is refused or not answered (printing
 * real talk's message, such as "Your party is not logged on"), 2 on bad usage. Run the same command
 * on both sides: the second one finds the first one's invitation and connects, as real talk does.
 * As the caller, it deletes its invitations after the edit characters, beside the conversation,
 * and does not exit (not even on ^C) before those DELETEs are answered or out of retries.
 */
final class TalkCommand implements Main.Command {

  /**
   * How long an exiting JVM waits for a cancelled call to send its DELETEs: one daemon wait
   * (CTL_WAIT), for a transaction under way to finish.
   */
  private static final Duration CLEAN_UP_WAIT = Duration.ofSeconds(2);

  private static final String USAGE =
      "usage: talk USER[@HOST] [TTY] [--daemon-port N] [--user NAME] [--wait SECONDS]";

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    String address = null;
    String tty = "";
    Integer port = null; // null: the daemons' own port, 518
    String me = System.getProperty("user.name");
    Duration wait = Duration.ofMinutes(5);
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--daemon-port":
            port = Integer.parseInt(args[++i]);
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
    Rendezvous.Builder call;
    try {
      call = Rendezvous.builder(me, TalkPeer.parse(address).withTty(tty)).answerTimeout(wait);
      if (port != null) {
        call.daemonPort(port); // 1..65535, else IllegalArgumentException: a usage error
      }
    } catch (IllegalArgumentException e) {
      err.println("talk: " + e.getMessage());
      return 2;
    }
    call.progress(step -> err.println("[" + step.message() + "]"));
    Rendezvous rendezvous = call.build();
    CountDownLatch callDone = new CountDownLatch(1);
    Thread onExit = onExit(rendezvous, callDone);
    Runtime.getRuntime().addShutdownHook(onExit);
    try {
      return talk(rendezvous, callDone, in, out, err);
    } finally {
      // The DELETEs after a connection run beside the conversation; wait for any still under way
      // (bounded by their retries) so that no invitation is left behind.
      rendezvous.close();
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: onExit is running, and returns once the DELETEs are done.
      }
    }
  }

  private static int talk(Rendezvous rendezvous, CountDownLatch callDone, InputStream in,
      PrintStream out, PrintStream err) throws IOException {
    CallResult result;
    try {
      result = rendezvous.call();
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
   * What runs if the JVM is told to exit (^C, SIGTERM): a call still ringing is cancelled and given
   * a moment to send its DELETEs, as the C client's quit() does through {@code send_delete()}
   * (netkit {@code talk/invite.c}); otherwise our invitation would stay in the daemons and the next
   * {@code talk} from the other party would find it and try to connect. Once connected, the DELETEs
   * run beside the conversation, and exiting waits for them as long as their retries can take.
   */
  private static Thread onExit(Rendezvous rendezvous, CountDownLatch callDone) {
    return new Thread(
        () -> {
          rendezvous.cancel();
          try {
            callDone.await(CLEAN_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          rendezvous.close();
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

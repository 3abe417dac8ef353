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
    CallResult result;
    try (Rendezvous rendezvous = call.build()) {
      result = callDeletingInvitationsOnExit(rendezvous);
    } catch (TalkTimeoutException e) {
      err.println("[" + e.getMessage() + "]");
      return 1;
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
   * Runs the call. If the JVM is told to exit meanwhile (^C, SIGTERM), the rendezvous is cancelled
   * first and given a moment to send its DELETEs, as the C client's quit() does through {@code
   * send_delete()} (netkit {@code talk/invite.c}); otherwise our invitation would stay in the
   * daemons and the next {@code talk} from the other party would find it and try to connect.
   */
  private static CallResult callDeletingInvitationsOnExit(Rendezvous rendezvous)
      throws IOException {
    CountDownLatch done = new CountDownLatch(1);
    Thread onExit =
        new Thread(
            () -> {
              rendezvous.cancel();
              try {
                done.await(CLEAN_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "talk-delete-invitations");
    Runtime.getRuntime().addShutdownHook(onExit);
    try {
      return rendezvous.call();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: onExit is running, and returns now that the call is over.
      }
    }
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

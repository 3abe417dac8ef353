package io.github.bsdtalk.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code talk-examples.jar}: {@code java -jar talk-examples.jar COMMAND [ARGS]}.
 *
 * <p>Exit status: 0 on success, 2 on bad input or usage, 1 on other failures.
 */
public final class Main {

  /** A subcommand of the tool. */
  interface Command {
    /**
     * Runs the command and returns the process exit status. Standard input comes in as {@code in}
     * rather than {@link System#in} so that tests can supply it.
     */
    int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = new TreeMap<>();

  static {
    COMMANDS.put("decode", new DecodeCommand());
    COMMANDS.put("talkd", new TalkdCommand());
    COMMANDS.put("talk", new TalkCommand());
    COMMANDS.put("demo", new DemoCommand());
    COMMANDS.put("trace", new TraceCommand());
    COMMANDS.put("bridge", new BridgeCommand());
  }

  private Main() {}

  /**
   * Runs a subcommand.
   *
   * @param args the command name, then its arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs a subcommand with the given standard streams; {@link #main} passes the real ones.
   *
   * @param args the command name, then its arguments
   * @param in standard input
   * @param out standard output
   * @param err standard error
   * @return the exit status: 0 success, 2 bad input or usage, 1 other failure
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
      err.println("usage: java -jar talk-examples.jar COMMAND [ARGS]");
      err.println("commands: " + String.join(", ", COMMANDS.keySet()));
      return 2;
    }
    try {
      return COMMANDS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length), in, out, err);
    } catch (Exception e) {
      err.println(args[0] + ": " + e);
      return 1;
    }
  }
}

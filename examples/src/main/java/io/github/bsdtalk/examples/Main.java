package io.github.bsdtalk.examples;

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
    /** Runs the command and returns the process exit status. */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = new TreeMap<>();

  static {
    COMMANDS.put("decode", new DecodeCommand());
    COMMANDS.put("talkd", new TalkdCommand());
  }

  private Main() {}

  /**
   * Runs a subcommand.
   *
   * @param args the command name, then its arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
      err.println("usage: java -jar talk-examples.jar COMMAND [ARGS]");
      err.println("commands: " + String.join(", ", COMMANDS.keySet()));
      return 2;
    }
    try {
      return COMMANDS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length), out, err);
    } catch (Exception e) {
      err.println(args[0] + ": " + e);
      return 1;
    }
  }
}

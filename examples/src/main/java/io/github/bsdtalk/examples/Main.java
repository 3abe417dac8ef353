package io.github.bsdtalk.examples;

import io.github.bsdtalk.client.TextSanitizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code talk-examples.jar}: {@code java -jar talk-examples.jar COMMAND [ARGS]}.
 *
 * <p>The command line is parsed by picocli from the annotations on this class (the top-level
 * command {@code talk-examples}) and on each subcommand class, except a plain {@code talkd} line,
 * which {@link TalkdQuickStart} parses into the same fields without picocli, for the daemon's cold
 * start. Exit status: 0 on success (and for
 * {@code --help} and {@code --version}), 2 on bad usage or input (one line on standard error naming
 * the problem), 1 on other failures (one sentence on standard error).
 */
@Command(
    name = "talk-examples",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "BSD talk/ntalk tools built on the bsdtalk libraries.",
    subcommands = {
      DemoCommand.class,
      DecodeCommand.class,
      TalkdCommand.class,
      TalkCommand.class,
      TraceCommand.class,
      BridgeCommand.class
    })
public final class Main {

  /**
   * A qualified exception class name, with the ": " that follows it in a cause's toString();
   * compiled on first use, not when talkd starts for a waiting datagram.
   */
  private static final class ClassName {
    static final Pattern PATTERN =
        Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b(?::\\s*)?");
  }

  /** For picocli, which instantiates the top-level command. */
  Main() {}

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
    OptionalInt quick = TalkdQuickStart.run(args, in, out, err); // the daemon's cold start
    if (quick.isPresent()) {
      return quick.getAsInt();
    }
    return commandLine(new Main(), in, out, err).execute(args);
  }

  /**
   * Runs one subcommand object, already built (tests give {@link TalkCommand} their own hooks), as
   * if it had been named on the command line.
   */
  static int run(Subcommand command, String[] args, InputStream in, PrintStream out,
      PrintStream err) {
    command.streams(in, out, err);
    return commandLine(command, in, out, err).execute(args);
  }

  /**
   * The command line for {@code command} with picocli's handlers replaced: usage errors and
   * failures become one line on {@code err}; help and version go to {@code out}.
   */
  static CommandLine commandLine(Object command, InputStream in, PrintStream out,
      PrintStream err) {
    CommandLine.IFactory streams =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            K k = CommandLine.defaultFactory().create(cls);
            if (k instanceof Subcommand) {
              ((Subcommand) k).streams(in, out, err);
            }
            return k;
          }
        };
    CommandLine cl = new CommandLine(command, streams);
    cl.setOut(writer(out));
    cl.setErr(writer(err));
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    // An argument is what was typed: "talk @host" must not read a file named host.
    cl.setExpandAtFiles(false);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          err.println(usageLine(e));
          return CommandLine.ExitCode.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          err.println(c.getCommandName() + ": " + failure(e));
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cl;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(stream, true);
  }

  /**
   * One line for a usage error: {@code COMMAND: PROBLEM (try COMMAND --help)}. A value the
   * converters reject reads {@code --option: why}; picocli's own messages (unknown option, missing
   * value, missing parameter) are kept, newlines and control characters made harmless.
   */
  static String usageLine(ParameterException e) {
    CommandLine c = e.getCommandLine();
    String name = c.getCommandName();
    String problem;
    ArgSpec arg = e.getArgSpec();
    if (e.getCause() instanceof TypeConversionException && arg != null) {
      problem = label(arg) + ": " + e.getCause().getMessage();
    } else if (e instanceof UnmatchedArgumentException
        && c.getSubcommands().size() > 0
        && c.getParseResult() != null
        && c.getParseResult().expandedArgs().size() > 0
        && !c.getParseResult().expandedArgs().get(0).startsWith("-")) {
      problem = "unknown command '" + c.getParseResult().expandedArgs().get(0) + "'; commands: "
          + String.join(", ", new java.util.TreeSet<>(c.getSubcommands().keySet()));
    } else if (e.getMessage().startsWith("Missing required subcommand")) {
      problem = "missing command; commands: "
          + String.join(", ", new java.util.TreeSet<>(c.getSubcommands().keySet()));
    } else {
      problem = e.getMessage();
    }
    String line = problem + " (try " + name + " --help)";
    return name + ": " + TextSanitizer.sanitize(line.replaceAll("\\R+", "; "));
  }

  private static String label(ArgSpec arg) {
    if (arg instanceof OptionSpec) {
      return ((OptionSpec) arg).longestName();
    }
    return ((PositionalParamSpec) arg).paramLabel();
  }

  /**
   * One sentence for a failure that is not the user's typing: the words real talk uses where it
   * has an equivalent ({@code host: Unknown host}, after netkit talk/get_addrs.c's herror()), the
   * exception's own message otherwise, never its class name.
   */
  static String failure(Throwable e) {
    while ((e instanceof UncheckedIOException
            || e instanceof ExecutionException
            || e instanceof CompletionException
            || e instanceof InvocationTargetException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof UnknownHostException) {
      String m = String.valueOf(e.getMessage());
      int colon = m.indexOf(':');
      return (colon > 0 ? m.substring(0, colon) : m) + ": Unknown host";
    }
    if (e instanceof AccessDeniedException) {
      return ((FileSystemException) e).getFile() + ": Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return ((FileSystemException) e).getFile() + ": No such file or directory";
    }
    String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    // a wrapped cause's toString() in the message ("java.io.IOException: disk full") says nothing
    // to a user: keep only its words
    m = ClassName.PATTERN.matcher(m).replaceAll("").strip();
    if (m.isEmpty()) {
      return e instanceof IOException ? "input/output error" : "internal error";
    }
    return TextSanitizer.sanitize(m);
  }

  /** The project version, from version.properties (filtered by Maven at build time). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {version()};
    }

    static String version() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    }
  }
}

package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command line of talk-examples as a user meets it: {@code --help} and {@code --version} on
 * standard output with status 0, and every usage error one line on standard error with status 2,
 * naming the problem, never an exception.
 */
class ToolCommandLineTest {

  /** Were a bad command line accepted, a daemon could start serving: fail instead of hanging. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () ->
                Main.run(
                    args,
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static CommandSpec spec(String command) {
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine top =
        Main.commandLine(new Main(), new ByteArrayInputStream(new byte[0]), nowhere, nowhere);
    return command.isEmpty()
        ? top.getCommandSpec()
        : top.getSubcommands().get(command).getCommandSpec();
  }

  @Test
  void theSixSubcommandsKeepTheirNames() {
    assertThat(spec("").subcommands().keySet())
        .containsExactlyInAnyOrder("demo", "decode", "talkd", "talk", "trace", "bridge");
  }

  /**
   * Each option's entry in the help, from its first line to the next option: it must be there, and
   * say its default ("Default: X" from picocli, or "default" in the description of options whose
   * default depends on something else).
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "decode", "talkd", "talk", "trace", "bridge"})
  void helpGoesToStdoutWithStatus0AndListsEveryOptionWithItsDefault(String command) {
    Result r = command.isEmpty() ? run("--help") : run(command, "--help");

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("Usage: talk-examples" + (command.isEmpty() ? "" : " " + command));
    List<String> lines = r.out().lines().toList();
    CommandSpec spec = spec(command);
    for (OptionSpec option : spec.options()) {
      String entry = entry(lines, option.longestName());
      assertThat(entry).as("%s %s in the help", command, option.longestName()).isNotEmpty();
      if (option.arity().max() == 0 || option.required()) {
        continue; // a flag (off unless given) or an option without which nothing runs
      }
      if (option.defaultValue() != null) {
        String shown = option.defaultValue().contains("${") // ${sys:user.name}, resolved
            ? "Default: "
            : "Default: " + option.defaultValue();
        assertThat(entry).as("%s %s default", command, option.longestName()).contains(shown);
      } else {
        assertThat(entry.toLowerCase()).as("%s %s default", command, option.longestName())
            .contains("default");
      }
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      assertThat(r.out()).contains(p.paramLabel());
    }
  }

  private static String entry(List<String> help, String name) {
    Pattern start = Pattern.compile("^\\s+(-\\w, )?" + Pattern.quote(name) + "([=\\s].*)?$");
    Pattern next = Pattern.compile("^\\s+(-\\w, )?--?\\w.*$");
    StringBuilder entry = new StringBuilder();
    for (String line : help) {
      if (entry.length() == 0) {
        if (start.matcher(line).matches()) {
          entry.append(line).append('\n');
        }
      } else if (next.matcher(line).matches() || !line.startsWith(" ")) {
        break;
      } else {
        entry.append(line).append('\n');
      }
    }
    return entry.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo", "decode", "talkd", "talk", "trace", "bridge"})
  void versionIsTheProjectVersionFromThePom(String command) {
    String pomVersion = System.getProperty("talk.projectVersion");
    assertThat(pomVersion).as("surefire passes the POM's version").isNotBlank();

    Result r = command.isEmpty() ? run("--version") : run(command, "--version");

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(pomVersion + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "talkd --port 99999 | talkd: --port: 99999 is not a port (0-65535)",
        "talkd --port x | talkd: --port: x is not a port (0-65535)",
        "talkd --port | talkd: Missing required parameter for option '--port'",
        "talkd --idle 0 | talkd: --idle: whole seconds from 1 to 86400, not '0'",
        "talkd --idle 1.5 | talkd: --idle: whole seconds from 1 to 86400, not '1.5'",
        "talkd --bind nohost.invalid | talkd: --bind: nohost.invalid: Unknown host",
        "talkd --user -all | talkd: --user: bad user name '-all'",
        "talkd --frobnicate | talkd: Unknown option: '--frobnicate'",
        "talkd extra | talkd: Unmatched argument at index 1: 'extra'",
        "talk | talk: Missing required parameter: 'USER[@HOST]'",
        "talk @host | talk: USER[@HOST]: user must be 1 to 11 bytes",
        "talk bob --daemon-port 0 | talk: --daemon-port: 0 is not a port (1-65535)",
        "talk bob --daemon-port 65536 | talk: --daemon-port: 65536 is not a port (1-65535)",
        "talk bob --protocol udp | talk: --protocol: auto, ntalk or otalk, not 'udp'",
        "talk bob --protocol | talk: Missing required parameter for option '--protocol'",
        "talk bob --wait 0 | talk: --wait: whole seconds from 1 to 86400, not '0'",
        "talk bob --wait | talk: Missing required parameter for option '--wait'",
        "talk bob --local-daemon 127.0.0.1 | talk: --local-daemon: HOST:PORT expected",
        "talk bob --remote-daemon nohost.invalid:518 | talk: --remote-daemon: nohost.invalid:"
            + " Unknown host",
        "talk bob --user twelve_bytes | talk: --user: localUser must be 1 to 11 bytes",
        "talk bob tty1 extra | talk: Unmatched argument at index 3: 'extra'",
        "talk bob --frobnicate | talk: Unknown option: '--frobnicate'",
        "decode | decode: give the datagram in hex (or -), or --pcap FILE",
        "decode 01z | decode: BAD_HEX at offset 2",
        "decode 0102 | decode: TRUNCATED at offset 2",
        "trace --listen 0 | trace: Missing required option: '--daemon=HOST:PORT'",
        "trace --listen 70000 --daemon 127.0.0.1:518 | trace: --listen: 70000 is not a port",
        "trace --listen 0 --daemon 518 | trace: --daemon: HOST:PORT expected, not '518'",
        "trace --listen 0 --daemon 127.0.0.1:518 --count -1 | trace: --count: a whole number, 0 or"
            + " more, not '-1'",
        "trace --listen 0 --daemon 127.0.0.1:518 --count x | trace: --count: a whole number, 0 or"
            + " more, not 'x'",
        "bridge --port 0 | bridge: Missing required option: '--room=NAME'",
        "bridge --room lobby --idle 0 | bridge: --idle: whole seconds from 1 to 86400, not '0'",
        "bridge --room twelve-chars | bridge: --room: NAME must be 1 to 11 bytes",
        "bridge --room lobby --irc irc.example --channel #t | bridge: --irc: HOST:PORT expected,"
            + " not 'irc.example'",
        "bridge --room lobby --irc irc.example:6667 | bridge: --irc needs --channel #CHAN",
        "bridge --room lobby --irc irc.example:6667 --channel t | bridge: --channel: a channel: #"
            + " or & and 1 to 49 more characters, not 't'",
        "bridge --room lobby --irc irc.example:6667 --channel #t --nick 1x | bridge: --nick: a"
            + " nick (letters, digits, [ ] \\ ` _ ^ { | } and -; no digit or - first), not '1x'",
        "bridge --room a.b --irc irc.example:6667 --channel #t | bridge: --nick: the room's name"
            + " 'a.b' will not do, it must be a nick (",
        "demo --fast | demo: Unknown option: '--fast'",
        "frobnicate | talk-examples: unknown command 'frobnicate'; commands: bridge, decode,"
            + " demo, talk, talkd, trace",
        "--frobnicate | talk-examples: Unknown option: '--frobnicate'",
      })
  void aUsageErrorIsOneLineNamingTheProblemAndExits2(String line, String says) {
    Result r = run(line.split(" "));

    assertThat(r.status()).as(line).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).as(line).singleElement().asString()
        .startsWith(says)
        .endsWith(" --help)")
        .doesNotContain("Exception")
        .doesNotContain("java.");
  }

  /** picocli would read arguments from a file for {@code @FILE}; the tool takes them as typed. */
  @Test
  void anArgumentStartingWithAtIsNotAFileToRead(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("args"), "0102");

    Result r = run("decode", "@" + file);

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("decode: BAD_HEX at offset 0");
  }

  @Test
  void noCommandAtAllIsAUsageErrorListingTheCommands() {
    Result r = run();

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("talk-examples: missing command; commands: bridge, decode, demo, talk, talkd,"
            + " trace");
  }
}

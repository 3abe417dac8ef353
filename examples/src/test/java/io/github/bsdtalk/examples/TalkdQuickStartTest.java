package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * talkd's parser without picocli against picocli itself: whatever it takes, it sets every option
 * as picocli sets it from the same line; what it leaves, picocli judges; and errors found when the
 * command runs read the same either way.
 */
class TalkdQuickStartTest {

  /** Each option with values, good and bad; "" marks an option without a value. */
  private static final List<List<String>> OPTIONS =
      List.of(
          List.of("--bind", "127.0.0.1", "0.0.0.0", "::1"), // literals: no DNS
          List.of("--port", "0", "518", "65535", "65536", "x", "-1"),
          List.of("--old-port", "0", "517", "65535", "65536", "x", "-1"),
          List.of("--inetd", ""),
          List.of("--idle", "1", "120", "86400", "0", "1.5"),
          List.of("--utmp", "/var/run/utmp", "/tmp/u", "rel/utmp"),
          List.of("--terminals", "auto", "utmp", "logind", "wtmp"),
          List.of("--logind-dir", "/run/systemd", "/l"),
          List.of("--user", "nobody", "0", "a.b-c", "-all", "a,b"),
          List.of("--group", "tty", "5", "t t"),
          List.of("--verbose", ""),
          List.of("-v", ""),
          List.of("--packet-log", "/var/log/talkd.packets", "p"),
          List.of("--packet-log-size", "4096", "1048576", "0x10", "+5", "4095"),
          List.of("--ring-interval", "0", "10", "86400", "86401", "ten"),
          List.of("--ring-cap", "0", "6/1", "1000/1440", "6/0", "a/b", "6"),
          List.of("--acl", "/etc/talkd.acl"),
          List.of("--help", ""),
          List.of("-V", ""),
          List.of("--bogus", ""),
          List.of("--", ""),
          List.of("positional", ""));

  /** An argument list from choices: option, value, form (separate word or "=") for each. */
  private static List<String> line(List<Integer> choices) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i + 2 < choices.size(); i += 3) {
      List<String> option = OPTIONS.get(choices.get(i) % OPTIONS.size());
      String value = option.get(1 + choices.get(i + 1) % (option.size() - 1));
      if (value.isEmpty()) {
        args.add(option.get(0));
      } else if (choices.get(i + 2) % 2 == 0) {
        args.add(option.get(0));
        args.add(value);
      } else {
        args.add(option.get(0) + "=" + value);
      }
    }
    return args;
  }

  private static Optional<TalkdCommand> picocli(List<String> args) {
    TalkdCommand talkd = new TalkdCommand();
    try {
      new CommandLine(talkd).parseArgs(args.toArray(String[]::new));
      return Optional.of(talkd);
    } catch (ParameterException e) {
      return Optional.empty();
    }
  }

  /** Every option field of talkd, by name: what it was set to. */
  private static List<String> options(TalkdCommand talkd) {
    List<String> values = new ArrayList<>();
    for (Field f : TalkdCommand.class.getDeclaredFields()) {
      if (f.isAnnotationPresent(Option.class)) {
        try {
          values.add(f.getName() + "=" + Objects.toString(f.get(talkd)));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return values;
  }

  @Test
  void whatItTakesItSetsAsPicocliDoesAndTheRestIsPicocliS() {
    qt().withExamples(3_000)
        .forAll(lists().of(integers().between(0, 1_000)).ofSizeBetween(0, 18))
        .checkAssert(
            choices -> {
              List<String> args = line(choices);
              Optional<TalkdCommand> quick = TalkdQuickStart.parse(args);
              if (quick.isPresent()) {
                Optional<TalkdCommand> slow = picocli(args);
                assertThat(slow).as("picocli refuses %s, which the quick start took", args)
                    .isPresent();
                assertThat(options(quick.get())).as("%s", args)
                    .isEqualTo(options(slow.get()));
              }
            });
  }

  @Test
  void aLineOfGoodOptionsEachOnceIsTakenWithoutPicocli() {
    List<String> args = List.of("--bind=127.0.0.1", "--port", "0", "--old-port=0", "--inetd",
        "--idle", "30",
        "--utmp", "/u", "--terminals=logind", "--logind-dir", "/l", "--user", "daemon",
        "--group=tty", "-v", "--packet-log", "/p", "--packet-log-size", "8192",
        "--ring-interval", "0", "--ring-cap", "3/5", "--acl=/a");
    assertThat(TalkdQuickStart.parse(args)).isPresent();
    assertThat(options(TalkdQuickStart.parse(args).get()))
        .isEqualTo(options(picocli(args).get()));
    assertThat(options(TalkdQuickStart.parse(List.of()).get()))
        .isEqualTo(options(picocli(List.of()).get())); // the defaults
    assertThat(TalkdQuickStart.parse(List.of("--inetd"))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--help", "-h", "--version", "-V", "--bogus", "positional", "--", "--inetd --inetd",
      "--port 1 --port 2", "--port", "--port x", "--inetd=true", "-vh", "--user -all",
      "--packet-log-size 0x1000", "--idle 0", "--ring-cap 6"})
  void anythingElseIsLeftToPicocli(String line) {
    assertThat(TalkdQuickStart.parse(Arrays.asList(line.split(" ")))).isEmpty();
  }

  private record Result(int status, String out, String err) {}

  private static Result run(boolean quick, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int status = quick
        ? Main.run(args, in, o, e)
        : Main.commandLine(new Main(), in, o, e).execute(args);
    return new Result(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Errors found when talkd runs (before it opens anything): the same line and status. */
  @ParameterizedTest
  @ValueSource(strings = {
      "talkd --user a,b", "talkd --group=0:0", "talkd --packet-log-size 4095",
      "talkd --inetd --acl /nonexistent/talkd.acl"})
  void anErrorReadsTheSameWithoutPicocli(String line) {
    String[] args = line.split(" ");
    assertThat(TalkdQuickStart.parse(Arrays.asList(args).subList(1, args.length))).isPresent();

    Result quick = run(true, args);
    Result slow = run(false, args);

    assertThat(quick).isEqualTo(slow);
    assertThat(quick.status()).isEqualTo(2);
    assertThat(quick.err()).startsWith("talkd: ").endsWith("(try talkd --help)" + System.lineSeparator());
  }
}

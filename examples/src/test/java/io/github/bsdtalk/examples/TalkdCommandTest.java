package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import picocli.CommandLine;
import org.junit.jupiter.params.provider.CsvSource;

/** Option errors: each ends the command with status 2 and one line on stderr, before any socket. */
class TalkdCommandTest {

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "talkd --user",
      "talkd --group",
      "talkd --bind 127.0.0.1 --user",
      "talkd --user nobody --group",
      "talkd --port",
      "talkd --terminals",
      "talkd --logind-dir",
      "talkd --bogus"})
  void missingValueOrUnknownOptionIsOneLineOfUsage(String line) {
    Result r = run(line.split(" "));

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("talkd: ").contains(line.split(" ")[line.split(" ").length - 1])
        .endsWith("(try talkd --help)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--user|-all|bad user name '-all'",
      "--user|a,b|bad user name 'a,b'",
      "--user|a:b|bad user name 'a:b'",
      "--group|--regid=0|bad group name '--regid=0'",
      "--group|t t|bad group name 't t'",
      "--packet-log-size|4095|at least 4096 bytes, not 4095",
      "--terminals|wtmp|auto, utmp or logind, not 'wtmp'",
      "--terminals|LOGIND|auto, utmp or logind, not 'LOGIND'",
      "--terminals|''|auto, utmp or logind, not ''"})
  void badUserGroupOrPacketLogSizeIsOneLineAndStatus2(String option, String name, String says) {
    Result r = run("talkd", "--bind", "127.0.0.1", "--port", "0", option, name);

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("talkd: " + option + ": " + says).endsWith("(try talkd --help)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "|utmp /var/run/utmp, else logind /run/systemd",
      "--terminals auto --utmp /u --logind-dir /l|utmp /u, else logind /l",
      "--terminals utmp --utmp /u --logind-dir /l|utmp /u",
      "--terminals logind --utmp /u --logind-dir /l|logind /l",
      "--logind-dir /l --terminals logind|logind /l"})
  void terminalsAndLogindDirChooseTheFinder(String line, String finder) {
    TalkdCommand talkd = new TalkdCommand();
    new CommandLine(talkd).parseArgs(line == null ? new String[0] : line.split(" "));

    assertThat(talkd.finder()).hasToString(finder);
  }
}

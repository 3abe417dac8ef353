package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.server.AccessPolicy;
import io.github.bsdtalk.server.RingLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import picocli.CommandLine;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

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

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--ring-interval|-1|whole seconds from 0 (no limit) to 86400, not '-1'",
      "--ring-interval|86401|whole seconds from 0",
      "--ring-interval|ten|whole seconds from 0",
      "--ring-cap|6|N/MINUTES",
      "--ring-cap|0/1|N/MINUTES",
      "--ring-cap|6/0|N/MINUTES",
      "--ring-cap|1001/1|N/MINUTES",
      "--ring-cap|6/1441|N/MINUTES",
      "--ring-cap|a/b|N/MINUTES"})
  void badRingLimitsAreOneLineAndStatus2(String option, String value, String says) {
    Result r = run("talkd", "--bind", "127.0.0.1", "--port", "0", option, value);

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("talkd: " + option + ": ").contains(says).endsWith("(try talkd --help)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "|517",
      "--port 518|517",
      "--port 5518|0",
      "--port 0|0",
      "--port 5518 --old-port 517|517",
      "--old-port 0|0",
      "--port 5518 --old-port 5517|5517"})
  void oldPortIsGivenOr517BesideTheStandardPort(String line, int oldPort) {
    TalkdCommand talkd = new TalkdCommand();
    new CommandLine(talkd).parseArgs(line == null ? new String[0] : line.split(" "));

    assertThat(talkd.oldPort()).isEqualTo(oldPort);
  }

  @Test
  void oldPortBindsASecondEndpointOnTheSameProcessor() throws Exception {
    int free;
    try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      free = probe.getLocalPort();
    }
    TalkdCommand c = new TalkdCommand();
    new CommandLine(c).parseArgs("--bind", "127.0.0.1", "--port", "0", "--old-port", "" + free);
    try (io.github.bsdtalk.server.TalkdServer server = c.server(AccessPolicy.ALLOW_ALL, null)) {
      assertThat(server.endpoints()).hasSize(2);
      assertThat(((java.net.InetSocketAddress) server.endpoints().get(1).channel()
          .getLocalAddress()).getPort()).isEqualTo(free);
      assertThat(server.endpoints().get(1).handler())
          .isSameAs(server.endpoints().get(0).handler());
    }
    TalkdCommand none = new TalkdCommand();
    new CommandLine(none).parseArgs("--bind", "127.0.0.1", "--port", "0");
    try (io.github.bsdtalk.server.TalkdServer server = none.server(AccessPolicy.ALLOW_ALL, null)) {
      assertThat(server.endpoints()).hasSize(1);
    }
  }

  @Test
  void ringOptionsBecomeTheServersLimits() {
    TalkdCommand c = new TalkdCommand();
    new CommandLine(c).parseArgs("--ring-interval", "30", "--ring-cap", "3/5");
    assertThat(c.ringLimits()).isEqualTo(RingLimits.DEFAULT.withPerCaller(Duration.ofSeconds(30))
        .withPerCallee(3, Duration.ofMinutes(5)));

    TalkdCommand defaults = new TalkdCommand();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.ringLimits()).isEqualTo(RingLimits.DEFAULT);
    assertThat(defaults.accessPolicy()).isSameAs(AccessPolicy.ALLOW_ALL);

    TalkdCommand off = new TalkdCommand();
    new CommandLine(off).parseArgs("--ring-interval", "0", "--ring-cap", "0");
    assertThat(off.ringLimits().limitsAnything()).isFalse();
  }

  @Test
  void anAclFileThatCannotBeReadIsOneLineAndStatus2(@TempDir Path dir) {
    Path missing = dir.resolve("talkd.acl");
    Result r = run("talkd", "--bind", "127.0.0.1", "--port", "0", "--acl", missing.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("talkd: --acl: cannot read " + missing + ": no such file")
        .endsWith("(try talkd --help)");

    Result d = run("talkd", "--bind", "127.0.0.1", "--port", "0", "--acl", dir.toString());
    assertThat(d.status()).isEqualTo(2);
    assertThat(d.err().lines()).singleElement().asString()
        .startsWith("talkd: --acl: cannot read " + dir + ": ");
  }

  @Test
  void aMalformedAclFileNamesItsLineAndIsStatus2(@TempDir Path dir) throws IOException {
    Path acl = Files.writeString(dir.resolve("talkd.acl"),
        "# ours\nallow .* 127.0.0.1\npermit .* any\n");
    Result r = run("talkd", "--bind", "127.0.0.1", "--port", "0", "--acl", acl.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("talkd: --acl: " + acl + ":3: unknown keyword 'permit'")
        .doesNotContain("Exception").endsWith("(try talkd --help)");
  }

  @Test
  void aGoodAclFileIsTheServersPolicy(@TempDir Path dir) throws IOException {
    Path acl = Files.writeString(dir.resolve("talkd.acl"), "deny ^mallory$ any\n");
    TalkdCommand c = new TalkdCommand();
    new CommandLine(c).parseArgs("--acl", acl.toString());

    AccessPolicy p = c.accessPolicy();
    assertThat(p.allows(TalkAddress.ipv4(0x7f00_0001), "mallory", "bob")).isFalse();
    assertThat(p.allows(TalkAddress.ipv4(0x7f00_0001), "alice", "bob")).isTrue();
  }
}

package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParseResult;

/**
 * deploy/systemd's units start the daemon this jar holds through the launcher deploy/talkd, where
 * the README installs them, and keep
 * none of the sandboxing options that would stop it from ringing a terminal (the reasons are in
 * talkd.service's comments). interop/systemd-interop.sh runs the same ExecStart line for real.
 */
class SystemdUnitsTest {

  private static final Path UNITS = Path.of("..", "deploy", "systemd");
  private static final String DIR = "/usr/local/lib/bsdtalk";
  private static final String LAUNCHER = DIR + "/talkd";

  /** KEY=VALUE lines of a unit, comments and section headers left out; a key set twice fails. */
  private static Map<String, String> unit(String name) throws IOException {
    return Files.readAllLines(UNITS.resolve(name)).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("["))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')),
            l -> l.substring(l.indexOf('=') + 1)));
  }

  @Test
  void theSocketIsInetdsNtalkLineOneDaemonForAllDatagrams() throws IOException {
    Map<String, String> socket = unit("talkd.socket");
    assertThat(socket).containsEntry("ListenDatagram", "518").containsEntry("Accept", "no")
        .containsEntry("WantedBy", "sockets.target");
  }

  @Test
  void theServiceRunsThisJarsTalkdOnTheSocketAsNobodyTty() throws IOException {
    Map<String, String> service = unit("talkd.service");
    assertThat(service)
        .containsEntry("StandardInput", "socket")
        .containsEntry("StandardOutput", "journal")
        .containsEntry("StandardError", "journal")
        .containsEntry("User", "nobody")
        .containsEntry("Group", "tty")
        .containsEntry("NoNewPrivileges", "yes")
        .containsEntry("ProtectSystem", "strict")
        .containsEntry("CapabilityBoundingSet", "");
    List<String> words = Arrays.asList(service.get("ExecStart").split(" "));
    assertThat(words.get(0)).isEqualTo(LAUNCHER);
    assertTalkdInInetdMode(words.subList(1, words.size()));
  }

  @Test
  void theOldTalkSocketIsInetdsTalkLine() throws IOException {
    assertThat(unit("otalk.socket")).containsEntry("ListenDatagram", "517")
        .containsEntry("Accept", "no").containsEntry("WantedBy", "sockets.target");
  }

  /** otalk.service is talkd.service on the other socket: every other line the same. */
  @Test
  void theOldTalkServiceIsTalkdServiceOnTheOtherSocket() throws IOException {
    Map<String, String> ntalk = new java.util.HashMap<>(unit("talkd.service"));
    Map<String, String> old = new java.util.HashMap<>(unit("otalk.service"));
    assertThat(old).containsEntry("Requires", "otalk.socket").containsEntry("After", "otalk.socket")
        .containsEntry("Description", "talk daemon (bsdtalk, old talk protocol)");
    for (String key : List.of("Requires", "After", "Description")) {
      ntalk.remove(key);
      old.remove(key);
    }
    assertThat(old).isEqualTo(ntalk);
  }

  /** The launcher starts this jar's talkd from its own directory, where the archive names the jar. */
  @Test
  void theLauncherRunsTheJarsTalkdWithTheArchiveFromItsDirectory() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "deploy", "talkd"));
    assertThat(lines.get(0)).isEqualTo("#!/bin/sh");
    List<String> code = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(code).hasSize(2);
    assertThat(code.get(0)).isEqualTo("cd \"$(dirname \"$0\")\" || exit 1");
    List<String> words = Arrays.asList(code.get(1).split(" "));
    assertThat(words.subList(0, 2)).containsExactly("exec", "/usr/bin/java");
    assertThat(words).contains("-XX:SharedArchiveFile=talk-examples.jsa");
    assertThat(String.join(" ", words.subList(words.indexOf("-jar"), words.size())))
        .isEqualTo("-jar talk-examples.jar talkd \"$@\"");
  }

  /** What follows the launcher is a talkd command line this build accepts, in inetd mode. */
  private static void assertTalkdInInetdMode(List<String> talkdArgs) {
    List<String> words = new ArrayList<>(List.of("talkd"));
    words.addAll(talkdArgs);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(err, true, StandardCharsets.UTF_8);
    ParseResult parsed = Main.commandLine(new Main(), new ByteArrayInputStream(new byte[0]), quiet,
        quiet).parseArgs(words.toArray(String[]::new));
    Object talkd = parsed.subcommand().commandSpec().userObject();
    assertThat(talkd).isInstanceOf(TalkdCommand.class);
    assertThat(((TalkdCommand) talkd).inetd).isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock",
      "ProtectProc", "ProcSubset", "PrivateUsers", "PrivateNetwork", "MemoryDenyWriteExecute",
      "RemoveIPC"})
  void noOptionThatHidesTerminalsOrTheirOwnersIsSet(String key) throws IOException {
    assertThat(unit("talkd.service")).doesNotContainKey(key);
  }

  @Test
  void theReadmeAndTheManPageInstallTheLauncherWhereTheUnitRunsIt() throws IOException {
    Pattern inetdLine = Pattern.compile("ntalk dgram udp wait nobody\\.tty "
        + Pattern.quote(LAUNCHER) + " talkd --inetd\n");
    // the same command on inetd's old-talk line (udp/517, Debian's in.talkd)
    Pattern oldTalkLine = Pattern.compile("(?m)^ *talk dgram udp wait nobody\\.tty "
        + Pattern.quote(LAUNCHER) + " talkd --inetd\n");
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .contains("install -p -m 644 examples/target/talk-examples.jar"
            + " examples/target/talk-examples.jsa examples/target/talk-examples.classlist " + DIR
            + "/")
        .contains("install -p -m 755 deploy/talkd " + LAUNCHER)
        .containsPattern(inetdLine)
        .contains("install -m 644 deploy/systemd/talkd.socket deploy/systemd/talkd.service"
            + " /etc/systemd/system/")
        .contains("systemctl enable --now talkd.socket")
        .containsPattern(oldTalkLine)
        .contains("install -m 644 deploy/systemd/otalk.socket deploy/systemd/otalk.service"
            + " /etc/systemd/system/")
        .contains("systemctl enable --now otalk.socket");
    assertThat(Files.readString(Path.of("src", "main", "man", "talkd.8.txt")))
        .containsPattern(inetdLine).containsPattern(oldTalkLine);
  }
}

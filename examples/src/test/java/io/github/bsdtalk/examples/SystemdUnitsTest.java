package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * deploy/systemd's units start the daemon this jar holds, where the README installs it, and keep
 * none of the sandboxing options that would stop it from ringing a terminal (the reasons are in
 * talkd.service's comments). interop/systemd-interop.sh runs the same ExecStart line for real.
 */
class SystemdUnitsTest {

  private static final Path UNITS = Path.of("..", "deploy", "systemd");
  private static final String JAR = "/usr/local/lib/talk-examples.jar";

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
    assertThat(words.get(0)).isEqualTo("/usr/bin/java");
    int jar = words.indexOf("-jar");
    assertThat(words.get(jar + 1)).isEqualTo(JAR);

    // what follows the jar is a talkd command line this build accepts, in inetd mode
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(err, true, StandardCharsets.UTF_8);
    ParseResult parsed = Main.commandLine(new Main(), new ByteArrayInputStream(new byte[0]), quiet,
        quiet).parseArgs(words.subList(jar + 2, words.size()).toArray(String[]::new));
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
  void theReadmeAndTheManPageInstallTheJarWhereTheUnitRunsIt() throws IOException {
    // the inetd line may gain JVM flags between "java" and "-jar"
    Pattern inetdLine = Pattern.compile("ntalk dgram udp wait nobody\\.tty /usr/bin/java java"
        + "( \\S+)* -jar " + Pattern.quote(JAR) + " talkd --inetd\n");
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme)
        .contains("install -m 644 examples/target/talk-examples.jar " + JAR)
        .containsPattern(inetdLine)
        .contains("install -m 644 deploy/systemd/talkd.socket deploy/systemd/talkd.service"
            + " /etc/systemd/system/")
        .contains("systemctl enable --now talkd.socket");
    assertThat(Files.readString(Path.of("src", "main", "man", "talkd.8.txt")))
        .containsPattern(inetdLine);
  }
}

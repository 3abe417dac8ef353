package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.bsdtalk.examples.PrivilegeDrop.Account;
import io.github.bsdtalk.examples.PrivilegeDrop.Refusal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivilegeDropTest {

  private static final Path JAVA = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Account NOBODY_TTY = new Account("nobody", 65534, "tty", 5);

  /** What setpriv gets before the java command line, for nobody:tty. */
  private static final List<String> SETPRIV_PREFIX = List.of("/usr/bin/setpriv",
      "--reuid=65534", "--regid=5", "--clear-groups", "--inh-caps=-all,+net_bind_service",
      "--ambient-caps=+net_bind_service", "--bounding-set=-all,+net_bind_service",
      "--no-new-privs", "--pdeathsig=TERM", "--", JAVA.toString());

  private static final String PASSWD = String.join("\n",
      "root:x:0:0:root:/root:/bin/bash",
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
      "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
      "alice:x:1000:1000::/home/alice:/bin/bash",
      "");
  private static final String GROUP = String.join("\n",
      "root:x:0:", "tty:x:5:", "nogroup:x:65534:", "alice:x:1000:", "");

  @Test
  void notRootRunsInThisProcess() {
    List<String> argv = List.of("java", "-jar", "talk-examples.jar", "talkd");
    assertThat(PrivilegeDrop.command(1000, argv, JAVA, SETPRIV, NOBODY_TTY)).isEmpty();
    assertThat(PrivilegeDrop.command(65534, argv, JAVA, SETPRIV, NOBODY_TTY)).isEmpty();
  }

  @Test
  void rootRunsTheSameCommandLineUnderSetprivWithOnlyNetBindService() {
    List<String> argv = List.of("java", "-jar", "/usr/local/lib/talk-examples.jar", "talkd",
        "--port", "518", "--bind", "127.0.0.1", "--idle", "30", "--utmp", "/run/utmp");

    Optional<List<String>> cmd = PrivilegeDrop.command(0, argv, JAVA, SETPRIV, NOBODY_TTY);

    assertThat(cmd).hasValue(concat(SETPRIV_PREFIX, argv.subList(1, argv.size())));
  }

  @Test
  void jvmFlagsAndInetdModeAreKeptAndArgvZeroBecomesTheJvmPath() {
    // argv[0] is just "java" under inetd (the inetd.conf line's argv), not necessarily on PATH.
    List<String> argv = List.of("java", "-Xmx64m", "-Dfoo=a b", "-cp", "x.jar",
        "io.github.bsdtalk.examples.Main", "talkd", "--inetd", "--user", "talk", "--group", "tty");
    Account talk = new Account("talk", 120, "tty", 5);

    List<String> cmd = PrivilegeDrop.command(0, argv, JAVA, SETPRIV, talk).orElseThrow();

    assertThat(cmd).startsWith("/usr/bin/setpriv", "--reuid=120", "--regid=5");
    assertThat(cmd.subList(cmd.indexOf("--") + 1, cmd.size()))
        .containsExactly(JAVA.toString(), "-Xmx64m", "-Dfoo=a b", "-cp", "x.jar",
            "io.github.bsdtalk.examples.Main", "talkd", "--inetd", "--user", "talk", "--group",
            "tty");
  }

  @Test
  void neverBuildsACommandThatRunsAsRootAgain() {
    assertThatThrownBy(() -> PrivilegeDrop.command(0, List.of("java", "-jar", "j", "talkd"), JAVA,
        SETPRIV, new Account("root", 0, "root", 0))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void effectiveUidIsTheSecondUidField() {
    String status = "Name:\tjava\nUmask:\t0022\nState:\tR (running)\nUid:\t1000\t0\t0\t0\n"
        + "Gid:\t1000\t1000\t1000\t1000\n";
    assertThat(PrivilegeDrop.effectiveUid(status)).isZero();
    assertThat(PrivilegeDrop.effectiveUid("Uid:\t0\t65534\t0\t0\n")).isEqualTo(65534);
    assertThatThrownBy(() -> PrivilegeDrop.effectiveUid("Name:\tjava\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cmdlineSplitsOnNulAndKeepsEmptyAndSpacedArguments() throws Exception {
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    for (String a : List.of("java", "-Dx=a b", "", "héllo")) {
      image.write(a.getBytes(StandardCharsets.UTF_8));
      image.write(0);
    }
    assertThat(PrivilegeDrop.cmdline(image.toByteArray(), StandardCharsets.UTF_8))
        .containsExactly("java", "-Dx=a b", "", "héllo");
    assertThat(PrivilegeDrop.cmdline("java\0-jar".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8)).containsExactly("java", "-jar");
  }

  @Test
  void resolvesNamesAndNumbers() throws Refusal {
    assertThat(PrivilegeDrop.resolve("nobody", "tty", PASSWD, GROUP)).isEqualTo(NOBODY_TTY);
    assertThat(PrivilegeDrop.resolve("alice", "alice", PASSWD, GROUP))
        .isEqualTo(new Account("alice", 1000, "alice", 1000));
    assertThat(PrivilegeDrop.resolve("4242", "5", PASSWD, GROUP))
        .isEqualTo(new Account("4242", 4242, "5", 5));
  }

  @Test
  void lookUpMatchesWholeNamesOnly() {
    assertThat(PrivilegeDrop.lookUp("nob", PASSWD)).isEmpty();
    assertThat(PrivilegeDrop.lookUp("x", PASSWD)).isEmpty(); // the password field is no name
    assertThat(PrivilegeDrop.lookUp("nobody", PASSWD)).hasValue(65534);
  }

  @Test
  void unknownUserOrGroupIsOneSentenceAndStatus1() {
    assertThatThrownBy(() -> PrivilegeDrop.resolve("talkuser", "tty", PASSWD, GROUP))
        .isInstanceOfSatisfying(Refusal.class, r -> {
          assertThat(r.status()).isEqualTo(1);
          assertThat(r.getMessage()).contains("no user 'talkuser'").doesNotContain("\n");
          assertThat(r.getStackTrace()).isEmpty();
        });
    assertThatThrownBy(() -> PrivilegeDrop.resolve("nobody", "ttyy", PASSWD, GROUP))
        .isInstanceOfSatisfying(Refusal.class, r -> {
          assertThat(r.status()).isEqualTo(1);
          assertThat(r.getMessage()).contains("no group 'ttyy'").doesNotContain("\n");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"root", "0"})
  void rootAsTheTargetUserIsRefused(String user) {
    assertThatThrownBy(() -> PrivilegeDrop.resolve(user, "tty", PASSWD, GROUP))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.status()).isEqualTo(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nobody", "tty", "_talk", "svc-talk.1", "host$", "65534", "a"})
  void acceptsUsualNames(String name) {
    assertThat(PrivilegeDrop.validName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-all", "--reuid=0", "a,b", "a:b", "a b", "bad/name", "1abc",
      "ab\n", "abcdefghijklmnopqrstuvwxyz0123456789"})
  void refusesNamesSetprivCouldMisreadOrNoAccountHas(String name) {
    assertThat(PrivilegeDrop.validName(name)).isFalse();
  }

  /** The check by hand is the shadow utilities' pattern (it was this regex until issue 12). */
  @Test
  void validNameIsTheUseraddPatternOrANumber() {
    Pattern spec = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?|[0-9]{1,10}");
    String alphabet = "aZ_09.-$,: /\u00e9";
    qt().withExamples(5_000)
        .forAll(lists().of(integers().between(0, alphabet.length() - 1)).ofSizeBetween(0, 36))
        .checkAssert(indexes -> {
          StringBuilder name = new StringBuilder();
          indexes.forEach(i -> name.append(alphabet.charAt(i)));
          assertThat(PrivilegeDrop.validName(name.toString()))
              .as("'%s'", name).isEqualTo(spec.matcher(name).matches());
        });
    for (String edge : List.of("a".repeat(32), "a".repeat(33), "a".repeat(32) + "$", "$", "a$$",
        "1234567890", "12345678901", "_", "0a")) {
      assertThat(PrivilegeDrop.validName(edge)).as(edge).isEqualTo(spec.matcher(edge).matches());
    }
  }

  @Test
  void permitsChecksOwnerThenGroupThenOther() {
    // /root 0700 root:root: nobody cannot search it
    assertThat(PrivilegeDrop.permits(0700, 0, 0, 65534, 5, 1)).isFalse();
    assertThat(PrivilegeDrop.permits(0755, 0, 0, 65534, 5, 1)).isTrue();
    assertThat(PrivilegeDrop.permits(0644, 0, 0, 65534, 5, 4)).isTrue();
    assertThat(PrivilegeDrop.permits(0640, 0, 5, 65534, 5, 4)).isTrue();   // group tty may read
    assertThat(PrivilegeDrop.permits(0640, 0, 0, 65534, 5, 4)).isFalse();
    // owner bits decide for the owner even when "other" would allow (as the kernel does)
    assertThat(PrivilegeDrop.permits(0044, 65534, 0, 65534, 5, 4)).isFalse();
    assertThat(PrivilegeDrop.permits(0404, 1, 5, 65534, 5, 4)).isFalse();
  }

  @Test
  void findSetprivFallsBackWhenPathHasNone() {
    // Under inetd PATH may be anything; an empty one still finds the system's setpriv if any.
    assertThat(PrivilegeDrop.findSetpriv("/nonexistent-dir")).isEqualTo(
        PrivilegeDrop.findSetpriv(null));
  }

  @Test
  void runAndWaitExitsWithTheChildsStatusAnd128PlusItsSignal() throws Exception {
    assertThat(PrivilegeDrop.runAndWait(List.of("sh", "-c", "exit 3"))).isEqualTo(3);
    assertThat(PrivilegeDrop.runAndWait(List.of("sh", "-c", "kill -TERM $$"))).isEqualTo(143);
  }

  @Test
  void withoutProcRootIsRefusedAndAnyoneElseRunsHere() throws Refusal {
    assertThat(PrivilegeDrop.euidWithoutProc("alice")).isEqualTo(-1);
    assertThatThrownBy(() -> PrivilegeDrop.euidWithoutProc("root"))
        .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.status()).isEqualTo(1));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}

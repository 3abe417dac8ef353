package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class ManPagesTest {

  private static CommandLine toolWith(String... commands) {
    CommandLine tool = new CommandLine(CommandSpec.create().name("talk-examples.jar"));
    for (String name : commands) {
      CommandSpec sub = CommandSpec.create().name(name).mixinStandardHelpOptions(true);
      sub.usageMessage().header("the " + name + " command");
      sub.addOption(OptionSpec.builder("--" + name + "-only").description("x").build());
      tool.addSubcommand(name, new CommandLine(sub));
    }
    return tool;
  }

  @Test
  void writesTalk1AndTalkd8FromTheirSubcommandsWithTheHandWrittenSections() {
    Map<String, String> pages =
        ManPages.render(toolWith("talk", "talkd", "demo"), "9.9", "2025-01-01");
    assertThat(pages).containsOnlyKeys("talk.1", "talkd.8");
    assertThat(pages.get("talk.1"))
        .startsWith(".TH \"TALK\" 1 \"2025-01-01\" \"bsdtalk 9.9\" \"User Commands\"\n")
        .contains(".B java \\-jar talk\\-examples.jar talk\n")
        .contains("\\fB\\-\\-talk\\-only\\fR")
        .contains(".SH \"COMPATIBILITY\"", ".SH \"SEE ALSO\"\n\\fBtalkd\\fR(8)");
    assertThat(pages.get("talkd.8"))
        .startsWith(".TH \"TALKD\" 8 \"2025-01-01\" \"bsdtalk 9.9\" \"System Manager's Manual\"\n")
        .contains("talkd \\- the talkd command\n")
        .contains("\\fB\\-\\-talkd\\-only\\fR")
        .contains(".SH \"FILES\"\n.TP\n/var/run/utmp\n")
        .contains(
            ".IP\n.nf\nntalk dgram udp wait nobody.tty /usr/local/lib/bsdtalk/talkd talkd"
                + " \\-\\-inetd\n.fi\n");
  }

  @Test
  void everyPageIsPlainAsciiWithEveryMinusEscaped() {
    toolPages()
        .forEach(
            (name, page) -> {
              assertThat(page.chars()).as(name).allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7f);
              for (String line : page.split("\n")) {
                if (!line.startsWith(".TH ")) {
                  assertThat(line.replace("\\-", "")).as(name + ": " + line).doesNotContain("-");
                }
              }
            });
  }

  /** The real tool: picocli definitions of {@link Main}, as the build renders them. */
  private static Map<String, String> toolPages() {
    return ManPages.render(
        Main.commandLine(new Main(), InputStream.nullInputStream(), System.out, System.err),
        "9.9",
        "2025-01-01");
  }

  private static String help(String command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new String[] {command, "--help"},
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({"talk, talk.1", "talkd, talkd.8"})
  void thePageListsTheOptionsTheCommandsHelpListsInTheSameOrder(String command, String page) {
    List<String> inHelp = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^ {2,}(-[-\\w]*(?:, --[-\\w]*)?)").matcher(help(command));
    while (row.find()) {
      inHelp.addAll(List.of(row.group(1).split(", ")));
    }
    assertThat(inHelp).contains("--help", "--version").hasSizeGreaterThan(4);
    assertThat(ManPageTest.manOptionNames(toolPages().get(page))).isEqualTo(inHelp);
  }

  @ParameterizedTest
  @CsvSource({"talk, talk.1", "talkd, talkd.8"})
  void everyOptionWithADefaultShowsItInItsEntry(String command, String page) {
    CommandSpec spec =
        Main.commandLine(new Main(), InputStream.nullInputStream(), System.out, System.err)
            .getSubcommands()
            .get(command)
            .getCommandSpec();
    String options = ManPageTest.section(toolPages().get(page), "OPTIONS");
    int checked = 0;
    for (OptionSpec o : ManPage.visibleOptions(spec)) {
      boolean hasDefault = o.defaultValue() != null || o.initialValue() != null;
      if (!hasDefault || o.typeInfo().isBoolean() || o.usageHelp() || o.versionHelp()) {
        continue;
      }
      String raw = o.defaultValueString(false);
      String entry = entry(options, o.longestName());
      String shown = raw.contains("${") ? ManPage.describeVariables(raw) : raw;
      assertThat(entry).as(o.longestName()).contains("Default: " + ManPage.escape(shown) + "\n");
      checked++;
    }
    assertThat(checked).as("options with a default").isGreaterThanOrEqualTo(2);
  }

  @Test
  void theRealPagesHaveEverySection() {
    Map<String, String> pages = toolPages();
    assertThat(pages.get("talk.1"))
        .contains(
            "\n.SH \"NAME\"\ntalk \\- ",
            "\n.SH \"SYNOPSIS\"\n",
            "\n.SH \"DESCRIPTION\"\n",
            "\n.SH \"ARGUMENTS\"\n.TP\n\\fIUSER[@HOST]\\fR\n",
            "\n.SH \"OPTIONS\"\n",
            "\n.SH \"EXIT STATUS\"\n",
            "\n.SH \"COMPATIBILITY\"\n",
            "\n.SH \"SEE ALSO\"\n");
    assertThat(pages.get("talkd.8"))
        .contains(
            "\n.SH \"NAME\"\ntalkd \\- ",
            "\n.SH \"OPTIONS\"\n",
            "\n.SH \"EXIT STATUS\"\n",
            "\n.SH \"FILES\"\n",
            "\n.SH \"COMPATIBILITY\"\n",
            "\n.SH \"SEE ALSO\"\n");
  }

  /** One option's entry in OPTIONS: from its .TP to the next. */
  private static String entry(String options, String longName) {
    String tag = ManPage.escape(longName) + "\\fR";
    int at = options.indexOf(tag);
    assertThat(at).as("%s in OPTIONS", longName).isNotNegative();
    int end = options.indexOf("\n.TP\n", at);
    return options.substring(at, end < 0 ? options.length() : end + 1);
  }

  @Test
  void aMissingSubcommandIsNamed() {
    assertThatThrownBy(() -> ManPages.render(toolWith("talk"), "9.9", "2025-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("talkd");
  }
}

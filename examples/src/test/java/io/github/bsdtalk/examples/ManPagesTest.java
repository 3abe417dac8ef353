package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
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
    Map<String, String> pages = ManPages.render(toolWith("talk", "talkd", "demo"), "9.9", "2025-01-01");
    assertThat(pages).containsOnlyKeys("talk.1", "talkd.8");
    assertThat(pages.get("talk.1"))
        .startsWith(".TH \"TALK\" 1 \"2025-01-01\" \"bsdtalk 9.9\" \"User Commands\"\n")
        .contains(".B java \\%\\-jar talk\\-examples.jar talk\n")
        .contains("\\fB\\%\\-\\-talk\\-only\\fR")
        .contains(".SH \"COMPATIBILITY\"", ".SH \"SEE ALSO\"\n\\fBtalkd\\fR(8)");
    assertThat(pages.get("talkd.8"))
        .startsWith(".TH \"TALKD\" 8 \"2025-01-01\" \"bsdtalk 9.9\" \"System Manager's Manual\"\n")
        .contains("talkd \\- the talkd command\n")
        .contains("\\fB\\%\\-\\-talkd\\-only\\fR")
        .contains(".SH \"FILES\"\n.TP\n/var/run/utmp\n")
        .contains(
            ".IP\n.nf\nntalk dgram udp wait nobody.tty /usr/bin/java java \\%\\-jar"
                + " /usr/local/lib/talk\\-examples.jar talkd \\%\\-\\-inetd\n.fi\n");
  }

  @Test
  void everyPageIsPlainAsciiWithEveryMinusEscaped() {
    ManPages.render(toolWith("talk", "talkd"), "9.9", "2025-01-01")
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

  @Test
  void aMissingSubcommandIsNamed() {
    assertThatThrownBy(() -> ManPages.render(toolWith("talk"), "9.9", "2025-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("talkd");
  }
}

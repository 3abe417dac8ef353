package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

class ManPageTest {

  private static final ManPage.Title TITLE =
      new ManPage.Title(
          "talkd",
          "8",
          "2025-01-01",
          "bsdtalk 0.2.0",
          "System Manager's Manual",
          "java -jar talk-examples.jar talkd");

  /** A small daemon-like command, built the way picocli builds one from annotations. */
  private static CommandSpec daemonSpec() {
    CommandSpec spec = CommandSpec.create().name("talkd").mixinStandardHelpOptions(true);
    spec.usageMessage()
        .header("a talk daemon for @|bold inetd|@")
        .description(
            "Serves the ntalk protocol on udp/518 (50%% of the time).",
            "",
            ".profile is not read; 'quotes' at a line start, a back\\slash and caf\u00e9.%nSecond"
                + " line.")
        .showDefaultValues(true)
        .footer("See @|italic talk|@(1).");
    Map<String, String> exits = new LinkedHashMap<>();
    exits.put("0", "served until stopped");
    exits.put("2", "a usage error");
    spec.usageMessage().exitCodeList(exits);
    spec.addOption(
        OptionSpec.builder("-p", "--port")
            .paramLabel("N")
            .type(int.class)
            .defaultValue("518")
            .description("the UDP port to bind")
            .build());
    spec.addOption(
        OptionSpec.builder("--bind")
            .paramLabel("ADDR")
            .type(String.class)
            .defaultValue("0.0.0.0")
            .description("the address to bind (IPv4 or IPv6)")
            .build());
    spec.addOption(
        OptionSpec.builder("--inetd")
            .type(boolean.class)
            .description("serve on the socket inetd passes on standard input")
            .build());
    spec.addOption(
        OptionSpec.builder("--secret").type(boolean.class).hidden(true).description("x").build());
    spec.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("ROOM")
            .arity("0..1")
            .type(String.class)
            .description("a room to serve")
            .build());
    return spec;
  }

  private static final ManPage.Prose PROSE =
      ManPage.Prose.parse(
          String.join(
              "\n",
              "# a comment, not shown",
              "== DESCRIPTION",
              "More about",
              "the daemon.",
              "",
              "    ntalk dgram udp wait nobody.tty /usr/bin/java java -jar talk-examples.jar talkd"
                  + " --inetd",
              "== EXIT STATUS",
              "Other failures exit 1.",
              "== FILES",
              "* @|italic /run/utmp|@",
              "who is logged in, and on which terminal.",
              "* /dev/tty*",
              "the terminals it rings.",
              "* /etc/inetd.conf",
              "the line:",
              "",
              "    ntalk dgram udp wait root.root",
              "",
              "A paragraph after the list.",
              "== SEE ALSO",
              "@|bold talk|@(1), @|bold inetd|@(8)"));

  private static String page() {
    return ManPage.render(daemonSpec(), TITLE, PROSE);
  }

  private static List<String> sections(String page) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\.SH \"([^\"]*)\"$").matcher(page);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The body of one section: from its .SH line to the next. */
  static String section(String page, String name) {
    int start = page.indexOf(".SH \"" + name + "\"\n");
    assertThat(start).as("section %s in%n%s", name, page).isNotNegative();
    int end = page.indexOf("\n.SH ", start + 1);
    return page.substring(start, end < 0 ? page.length() : end + 1);
  }

  /**
   * The option names a page's OPTIONS lists, in order, read back from the troff (each {@code .TP}
   * tag is the option's names in bold).
   */
  static List<String> manOptionNames(String page) {
    List<String> names = new ArrayList<>();
    String[] lines = section(page, "OPTIONS").split("\n");
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].equals(".TP")) {
        Matcher m = Pattern.compile("\\\\fB(.*?)\\\\fR").matcher(lines[i + 1]);
        while (m.find()) {
          names.add(m.group(1).replace("\\%", "").replace("\\-", "-"));
        }
      }
    }
    return names;
  }

  /** The option names picocli's {@code --help} for a command lists, in order. */
  static List<String> helpOptionNames(CommandSpec spec) {
    String usage = new CommandLine(spec).getUsageMessage(CommandLine.Help.Ansi.OFF);
    List<String> names = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^ {2,}(-[-\\w]*(?:, --[-\\w]*)?)").matcher(usage);
    while (row.find()) {
      for (String n : row.group(1).split(", ")) {
        names.add(n);
      }
    }
    return names;
  }

  @Test
  void sectionsComeInManOrderWithTheHandWrittenOnesAfterExitStatus() {
    String page = page();
    assertThat(page)
        .startsWith(
            ".TH \"TALKD\" 8 \"2025-01-01\" \"bsdtalk 0.2.0\" \"System Manager's Manual\"\n");
    assertThat(sections(page))
        .containsExactly(
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "ARGUMENTS",
            "OPTIONS",
            "EXIT STATUS",
            "FILES",
            "SEE ALSO");
    assertThat(section(page, "NAME"))
        .isEqualTo(".SH \"NAME\"\ntalkd \\- a talk daemon for \\fBinetd\\fR\n");
  }

  @Test
  void synopsisHasTheInvocationEveryVisibleOptionAndTheOptionalArgument() {
    String synopsis = section(page(), "SYNOPSIS");
    assertThat(synopsis)
        .isEqualTo(
            String.join(
                "\n",
                ".SH \"SYNOPSIS\"",
                ".na",
                ".B java \\-jar talk\\-examples.jar talkd",
                "\\%[\\fB\\-\\-bind\\fR=\\fIADDR\\fR]",
                "\\%[\\fB\\-h\\fR|\\fB\\-\\-help\\fR]",
                "\\%[\\fB\\-\\-inetd\\fR]",
                "\\%[\\fB\\-p\\fR|\\fB\\-\\-port\\fR=\\fIN\\fR]",
                "\\%[\\fB\\-V\\fR|\\fB\\-\\-version\\fR]",
                "[\\fIROOM\\fR]",
                ".ad",
                ""));
  }

  @Test
  void everyVisibleOptionIsListedWithItsLabelDescriptionAndDefault() {
    String options = section(page(), "OPTIONS");
    assertThat(options)
        .contains(
            ".TP\n\\%\\fB\\-p\\fR, \\%\\fB\\-\\-port\\fR=\\fIN\\fR\nthe UDP port to bind\n.br\n"
                + "Default: 518\n")
        .contains(
            ".TP\n\\%\\fB\\-\\-bind\\fR=\\fIADDR\\fR\nthe address to bind (IPv4 or IPv6)\n.br\n"
                + "Default: 0.0.0.0\n")
        .contains(
            ".TP\n\\%\\fB\\-\\-inetd\\fR\nserve on the socket inetd passes on standard input\n")
        .contains(".TP\n\\%\\fB\\-h\\fR, \\%\\fB\\-\\-help\\fR\nShow this help message and exit.\n")
        .doesNotContain("secret");
    assertThat(section(page(), "ARGUMENTS")).contains(".TP\n\\fIROOM\\fR\na room to serve\n");
  }

  @Test
  void optionsAreTheOnesHelpListsInHelpsOrder() {
    List<String> help = helpOptionNames(daemonSpec());
    assertThat(help)
        .containsExactly("--bind", "-h", "--help", "--inetd", "-p", "--port", "-V", "--version");
    assertThat(manOptionNames(page())).isEqualTo(help);
  }

  @Test
  void descriptionEscapesMinusBackslashNonAsciiAndRequestCharactersAtALineStart() {
    String description = section(page(), "DESCRIPTION");
    assertThat(description)
        .isEqualTo(
            String.join(
                "\n",
                ".SH \"DESCRIPTION\"",
                "Serves the ntalk protocol on udp/518 (50% of the time).",
                ".PP",
                "\\&.profile is not read; 'quotes' at a line start, a back\\eslash and"
                    + " caf\\[u00E9].",
                ".br",
                "Second line.",
                ".PP",
                "More about the daemon.",
                ".PP",
                ".RS 4",
                ".nf",
                "ntalk dgram udp wait nobody.tty /usr/bin/java java \\-jar talk\\-examples.jar"
                    + " talkd \\-\\-inetd",
                ".fi",
                ".RE",
                ".PP",
                "See \\fItalk\\fR(1).",
                ""));
  }

  @Test
  void longParagraphsBreakAtSpacesAndNoBrokenLineStartsARequest() {
    String words = "word ".repeat(15) + "'quoted " + "x".repeat(90) + " .dot end";
    CommandSpec spec = CommandSpec.create().name("x");
    spec.usageMessage().description(words);
    String page = ManPage.render(spec, TITLE, ManPage.Prose.NONE);
    List<String> lines = List.of(section(page, "DESCRIPTION").split("\n"));
    assertThat(lines)
        .containsExactly(
            ".SH \"DESCRIPTION\"",
            ("word ".repeat(15)).strip(),
            "\\&'quoted",
            "x".repeat(90),
            "\\&.dot end");
  }

  @Test
  void exitStatusListsTheCommandsCodesThenTheProse() {
    assertThat(section(page(), "EXIT STATUS"))
        .isEqualTo(
            ".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\nserved until stopped\n.TP\n\\fB2\\fR\n"
                + "a usage error\n.PP\nOther failures exit 1.\n");
  }

  @Test
  void proseTaggedParagraphsBecomeTpEntries() {
    assertThat(section(page(), "FILES"))
        .isEqualTo(
            ".SH \"FILES\"\n.TP\n\\fI/run/utmp\\fR\nwho is logged in, and on which terminal.\n"
                + ".TP\n/dev/tty*\nthe terminals it rings.\n"
                + ".TP\n/etc/inetd.conf\nthe line:\n.IP\n.nf\nntalk dgram udp wait root.root\n.fi\n"
                + ".PP\nA paragraph after the list.\n");
    assertThat(section(page(), "SEE ALSO"))
        .isEqualTo(".SH \"SEE ALSO\"\n\\fBtalk\\fR(1), \\fBinetd\\fR(8)\n");
  }

  @Test
  void everyMinusOnThePageIsEscapedOutsideTheTitleLine() {
    for (String line : page().split("\n")) {
      if (!line.startsWith(".TH ")) {
        assertThat(line.replace("\\-", "")).as(line).doesNotContain("-");
      }
    }
  }

  @Test
  void aDefaultTakenFromAVariableIsShownAsTheVariableNotAsItsValueOnTheBuildMachine() {
    CommandSpec spec = CommandSpec.create().name("talk");
    spec.usageMessage().header("talk").showDefaultValues(true);
    spec.addOption(
        OptionSpec.builder("--user")
            .paramLabel("NAME")
            .type(String.class)
            .defaultValue("${sys:user.name}")
            .description("your login name")
            .build());
    spec.addOption(
        OptionSpec.builder("--home")
            .paramLabel("DIR")
            .type(String.class)
            .defaultValue("${env:HOME}")
            .description("home")
            .build());
    String options = section(ManPage.render(spec, TITLE, ManPage.Prose.NONE), "OPTIONS");
    assertThat(options)
        .contains(
            "your login name\n.br\nDefault: the login name (Java system property user.name)\n")
        .contains("home\n.br\nDefault: $HOME\n")
        .doesNotContain("Default: " + System.getProperty("user.name") + "\n");
  }

  @Test
  void aWordWithAMinusIsNeverHyphenatedAndAProseNameIsUsedWithoutAHeader() {
    CommandSpec spec = CommandSpec.create().name("talkd");
    spec.usageMessage().description("A drop-in daemon (--inetd), see in.ntalkd.");
    String page =
        ManPage.render(spec, TITLE, ManPage.Prose.parse("== NAME\ntalk daemon\n  (ours)\n"));
    assertThat(section(page, "NAME")).isEqualTo(".SH \"NAME\"\ntalkd \\- talk daemon (ours)\n");
    assertThat(section(page, "DESCRIPTION"))
        .isEqualTo(".SH \"DESCRIPTION\"\nA \\%drop\\-in daemon \\%(\\-\\-inetd), see in.ntalkd.\n");
  }

  @Test
  void proseBeforeAnySectionIsRejected() {
    assertThatThrownBy(() -> ManPage.Prose.parse("stray text\n== FILES\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stray text");
  }

  @Test
  void aCommandWithoutHeaderOrDescriptionIsRefusedForWantOfAName() {
    assertThatThrownBy(
            () -> ManPage.render(CommandSpec.create().name("x"), TITLE, ManPage.Prose.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NAME");
  }

  @Test
  void markupOfUnknownStylesIsDroppedAndUnclosedMarkupIsText() {
    assertThat(ManPage.inline("@|fg(red) red|@ and @|bold,underline both|@ @|open"))
        .isEqualTo("red and \\fBboth\\fR @|open");
  }
}

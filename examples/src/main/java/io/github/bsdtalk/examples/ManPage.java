package io.github.bsdtalk.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Renders one picocli command as a man(7) page, so that the tool's man pages come from the same
 * definitions as its {@code --help}.
 *
 * <p>Generated from the {@link CommandSpec}: NAME (the command's {@code header}, else the prose's
 * NAME line, else the first line of its {@code description}), SYNOPSIS, DESCRIPTION (the {@code
 * description}, then the {@code footer}), ARGUMENTS (positional parameters), OPTIONS and EXIT
 * STATUS ({@code exitCodeList}). Every option's and parameter's text, default value included, is
 * picocli's own {@code --help} rendering of it ({@link Help#createDefaultOptionRenderer()}), and
 * options come in {@code --help}'s order, so the two cannot disagree. Hidden options and parameters
 * are left out of both.
 *
 * <p>What the definitions do not hold comes from a {@link Prose} text (a resource beside this
 * class, see {@link Prose#parse}): more DESCRIPTION paragraphs, more EXIT STATUS text, and whole
 * sections such as FILES, COMPATIBILITY and SEE ALSO, in the order the text has them, after EXIT
 * STATUS. A NAME line there is used when the command has no {@code header}.
 *
 * <p>All text is escaped for troff: {@code \} becomes {@code \e}, every {@code -} becomes {@code
 * \-} (a minus sign, so that options copied from the page work), a filled word with a minus in it
 * starts with {@code \%} (never hyphenated: {@code --version} does not break as ver-sion), a line
 * that would start with {@code .} or {@code '} (a request) starts with {@code \&}, and anything
 * outside printable ASCII becomes a {@code \[uXXXX]} escape, which groff and mandoc read whatever
 * the input encoding. picocli's markup {@code @|bold text|@} and {@code @|italic text|@} (or {@code
 * underline}) become {@code \fB}/{@code \fI} fonts; other styles are dropped, as {@code --help}
 * drops them without colour.
 */
final class ManPage {

  /** Where a word with a minus sign (an option, a file name) starts: {@code \%} goes there. */
  private static final java.util.regex.Pattern NO_HYPHENATION =
      java.util.regex.Pattern.compile("(?<=^|\\s)(?=[^\\s]*\\\\-)(?!\\\\%)");

  /** The widest output text line; longer paragraphs are broken at spaces. */
  private static final int WIDTH = 78;

  /**
   * The page's identity: its {@code .TH} line and how the command is run.
   *
   * @param name the page's name, such as {@code talkd}
   * @param section the manual section, such as {@code 8}
   * @param date the page's date (the build's reproducible timestamp), such as {@code 2025-01-01}
   * @param source what the page documents, such as {@code bsdtalk 0.2.0}
   * @param manual the manual's title, such as {@code System Manager's Manual}
   * @param invocation how to run the command, as SYNOPSIS starts, such as {@code java -jar
   *     talk-examples.jar talkd}
   */
  record Title(
      String name, String section, String date, String source, String manual, String invocation) {
    Title {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(section, "section");
      if (!date.matches("\\d{4}-\\d{2}-\\d{2}")) {
        // written unescaped, as groff and mandoc read a .TH date
        throw new IllegalArgumentException("date not YYYY-MM-DD: " + date);
      }
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(manual, "manual");
      Objects.requireNonNull(invocation, "invocation");
    }
  }

  /**
   * Hand-written sections: each is a list of blocks (see {@link #parse}). The sections named
   * DESCRIPTION and EXIT STATUS are added to the generated ones; the others follow EXIT STATUS.
   *
   * @param sections section name (upper case) to its text, in the text's order
   */
  record Prose(Map<String, String> sections) {
    /** No hand-written text. */
    static final Prose NONE = new Prose(Map.of());

    Prose {
      sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /**
     * Parses the prose format: {@code == NAME} starts a section; inside one, text lines form a
     * filled paragraph that a blank line ends; a line starting {@code * } starts a tagged paragraph
     * (the rest of the line is the tag, the lines after it its text); lines indented by four spaces
     * are shown as they are (a display, for commands and configuration lines); lines starting with
     * {@code #} are comments. Inline {@code @|bold ...|@} and {@code @|italic ...|@} as in picocli.
     *
     * @param text the whole text
     * @return the sections it has
     * @throws IllegalArgumentException if text comes before the first {@code ==} line
     */
    static Prose parse(String text) {
      Map<String, StringBuilder> sections = new LinkedHashMap<>();
      StringBuilder current = null;
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("==")) {
          String name = line.substring(2).strip().toUpperCase(Locale.ROOT);
          current = sections.computeIfAbsent(name, k -> new StringBuilder());
          continue;
        }
        if (current == null) {
          if (line.isBlank()) {
            continue;
          }
          throw new IllegalArgumentException("prose before the first '== SECTION' line: " + line);
        }
        current.append(line).append('\n');
      }
      Map<String, String> result = new LinkedHashMap<>();
      sections.forEach((k, v) -> result.put(k, v.toString()));
      return new Prose(result);
    }

    /**
     * Reads a UTF-8 resource of this package and parses it.
     *
     * @param resource the resource's name, such as {@code talkd.8.txt}
     * @return its sections
     * @throws UncheckedIOException if it cannot be read
     * @throws IllegalArgumentException if it is missing or malformed
     */
    static Prose resource(String resource) {
      try (InputStream in = ManPage.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("no resource " + resource);
        }
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          return parse(r.lines().collect(Collectors.joining("\n")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final CommandSpec spec;
  private final Title title;
  private final Prose prose;
  private final Help help;
  private final List<String> out = new ArrayList<>();

  private ManPage(CommandSpec spec, Title title, Prose prose) {
    this.spec = spec;
    this.title = title;
    this.prose = prose;
    this.help = new Help(spec, Help.defaultColorScheme(Ansi.OFF));
  }

  /**
   * Renders a command's man page.
   *
   * @param spec the command, as picocli built it from its annotations
   * @param title the page's title line and invocation
   * @param prose hand-written sections
   * @return the page's troff source, lines ending in {@code \n}
   */
  static String render(CommandSpec spec, Title title, Prose prose) {
    return new ManPage(spec, title, prose).render();
  }

  /**
   * The options the page and {@code --help} list, in {@code --help}'s order: not hidden, sorted as
   * picocli sorts them unless the command says not to. Options in an argument group are left out:
   * {@code --help} lists those under headings of their own, and the tool has none (ManPagesTest
   * compares the page with {@code --help}, so adding one fails there first).
   *
   * @param spec the command
   * @return its visible options
   */
  static List<OptionSpec> visibleOptions(CommandSpec spec) {
    List<OptionSpec> options = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden() && o.group() == null) {
        options.add(o);
      }
    }
    if (spec.usageMessage().sortOptions()) {
      options.sort(Help.createShortOptionNameComparator());
    } else if (options.stream().anyMatch(o -> o.order() != -1)) {
      // as picocli's Help: by the order attribute when one is given (default -1), else as declared
      options.sort(java.util.Comparator.comparingInt(OptionSpec::order));
    }
    return options;
  }

  private String render() {
    Map<String, String> extra = new LinkedHashMap<>(prose.sections());
    line(
        ".TH "
            + quoted(title.name().toUpperCase(Locale.ROOT))
            + " "
            + title.section()
            + " "
            + "\""
            + title.date()
            + "\" "
            + quoted(title.source())
            + " "
            + quoted(title.manual()));
    section("NAME");
    literal(escape(title.name()) + " \\- " + inline(summary(extra.remove("NAME"))));
    synopsis();
    String moreDescription = extra.remove("DESCRIPTION");
    String[] description = spec.usageMessage().description();
    String[] footer = spec.usageMessage().footer();
    if (description.length > 0 || footer.length > 0 || moreDescription != null) {
      section("DESCRIPTION");
      paragraphs(description);
      if (moreDescription != null) {
        blocks(moreDescription);
      }
      paragraphs(footer);
    }
    List<PositionalParamSpec> parameters = new ArrayList<>();
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        parameters.add(p);
      }
    }
    if (!parameters.isEmpty()) {
      section("ARGUMENTS");
      Help.IParameterRenderer renderer = help.createDefaultParameterRenderer();
      for (PositionalParamSpec p : parameters) {
        line(".TP");
        text("\\fI" + escape(p.paramLabel()) + "\\fR");
        rows(renderer.render(p, help.createDefaultParamLabelRenderer(), help.colorScheme()), p);
      }
    }
    List<OptionSpec> options = visibleOptions(spec);
    if (!options.isEmpty()) {
      section("OPTIONS");
      Help.IOptionRenderer renderer = help.createDefaultOptionRenderer();
      for (OptionSpec o : options) {
        line(".TP");
        text(optionTag(o));
        rows(renderer.render(o, help.createDefaultParamLabelRenderer(), help.colorScheme()), o);
      }
    }
    Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
    String moreExit = extra.remove("EXIT STATUS");
    if (!exitCodes.isEmpty() || moreExit != null) {
      section("EXIT STATUS");
      for (Map.Entry<String, String> e : exitCodes.entrySet()) {
        line(".TP");
        text("\\fB" + escape(e.getKey().strip()) + "\\fR");
        text(inline(format(e.getValue())));
      }
      if (moreExit != null) {
        blocks(moreExit);
      }
    }
    extra.forEach(
        (name, body) -> {
          section(name);
          blocks(body);
        });
    return String.join("\n", out) + "\n";
  }

  /** NAME's text: the command's header, else the prose's NAME line, else its first description. */
  private String summary(String proseName) {
    String[] header = spec.usageMessage().header();
    if (header.length > 0) {
      return format(header[0]).strip();
    }
    if (proseName != null && !proseName.isBlank()) {
      return proseName.strip().replaceAll("\\s+", " ");
    }
    String[] description = spec.usageMessage().description();
    if (description.length == 0) {
      throw new IllegalArgumentException(
          "command " + spec.name() + " has neither a header nor a description for NAME");
    }
    return format(description[0]).strip();
  }

  private void synopsis() {
    section("SYNOPSIS");
    String[] custom = spec.usageMessage().customSynopsis();
    if (custom.length > 0) {
      line(".nf");
      for (String s : custom) {
        for (String l : format(s).split("\n", -1)) {
          literal(inline(l));
        }
      }
      line(".fi");
      return;
    }
    line(".na"); // ragged right: a justified synopsis spreads its few words across the line
    line(".B " + escape(title.invocation()));
    for (OptionSpec o : visibleOptions(spec)) {
      String names =
          List.of(o.names()).stream()
              .map(n -> "\\fB" + escape(n) + "\\fR")
              .collect(Collectors.joining("|"));
      String item = names + label(o);
      text(o.required() ? item : "[" + item + "]");
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.hidden()) {
        continue;
      }
      String item = "\\fI" + escape(p.paramLabel()) + "\\fR";
      if (p.arity().max() > 1 || p.arity().isUnspecified() && p.isMultiValue()) {
        item += "...";
      }
      text(p.arity().min() == 0 ? "[" + item + "]" : item);
    }
    line(".ad");
  }

  /** {@code \fB-p\fR, \fB--port\fR=\fIN\fR}: every name in bold, then the parameter label. */
  private String optionTag(OptionSpec o) {
    return List.of(o.names()).stream()
            .map(n -> "\\fB" + escape(n) + "\\fR")
            .collect(Collectors.joining(", "))
        + label(o);
  }

  /** The option's parameter label as {@code --help} shows it, such as {@code =N}, in italics. */
  private String label(OptionSpec o) {
    String label =
        help.createDefaultParamLabelRenderer()
            .renderParameterLabel(o, Ansi.OFF, List.of())
            .plainString();
    if (label.isEmpty()) {
      return "";
    }
    String separator = spec.parser().separator();
    String prefix = "";
    if (label.startsWith(separator)) {
      prefix = escape(separator);
      label = label.substring(separator.length());
    } else if (label.startsWith(" ")) {
      prefix = " ";
      label = label.substring(1);
    }
    return prefix + "\\fI" + escape(label) + "\\fR";
  }

  /**
   * The description column of picocli's rendering of an option or parameter: one output line for
   * each of its rows (its description lines, then "Default: ..."), as {@code --help} shows them. A
   * default that picocli takes from a variable, such as {@code ${sys:user.name}}, is shown as that
   * variable: its value where the page is built says nothing about the reader's system.
   */
  private void rows(Ansi.Text[][] rows, ArgSpec arg) {
    String raw = arg.defaultValueString(false);
    String variable = null;
    if (raw != null && raw.contains("${")) {
      variable = "Default: " + arg.defaultValueString(true);
    }
    boolean first = true;
    for (Ansi.Text[] row : rows) {
      String cell = row[row.length - 1].plainString().strip();
      if (cell.isEmpty()) {
        continue;
      }
      if (cell.equals(variable)) {
        cell = "Default: " + describeVariables(raw);
      }
      if (!first) {
        line(".br");
      }
      text(escape(cell));
      first = false;
    }
  }

  /**
   * {@code ${sys:user.name}} as "the login name (system property user.name)", {@code ${sys:X}} as
   * "system property X", {@code ${env:X}} as "$X"; picocli's other forms are left as written.
   */
  static String describeVariables(String raw) {
    return raw.replace("${sys:user.name}", "the login name (Java system property user.name)")
        .replaceAll("\\$\\{sys:([^}:]+)}", "Java system property $1")
        .replaceAll("\\$\\{env:([^}:]+)}", "\\$$1");
  }

  /** A picocli description or footer: each element a paragraph, {@code %n} a line break. */
  private void paragraphs(String[] elements) {
    boolean pending = false;
    for (String element : elements) {
      String formatted = format(element);
      if (formatted.isBlank()) {
        pending = true;
        continue;
      }
      if (pending || !out.get(out.size() - 1).startsWith(".SH")) {
        line(".PP");
      }
      pending = false;
      String[] lines = formatted.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        if (i > 0) {
          line(".br");
        }
        text(inline(lines[i].strip()));
      }
    }
  }

  /**
   * The blocks of a prose section (see {@link Prose#parse}). A display right after a tagged
   * paragraph belongs to it (indented as its text); a plain paragraph ends the list.
   */
  private void blocks(String body) {
    List<String> paragraph = new ArrayList<>();
    List<String> display = new ArrayList<>();
    boolean inItem = false;
    boolean itemText = false; // the paragraph being gathered is a tagged paragraph's first text
    for (String raw : (body + "\n").split("\n", -1)) {
      if (raw.startsWith("    ") && paragraph.isEmpty()) {
        display.add(raw.substring(4).stripTrailing());
        continue;
      }
      if (!display.isEmpty()) {
        display(display, inItem);
      }
      if (raw.isBlank()) {
        flush(paragraph, itemText);
        itemText = false;
      } else if (raw.startsWith("* ")) {
        flush(paragraph, itemText);
        line(".TP");
        text(inline(raw.substring(2).strip()));
        inItem = true;
        itemText = true;
      } else {
        if (paragraph.isEmpty() && !itemText) {
          inItem = false;
        }
        paragraph.add(raw.strip());
      }
    }
    flush(paragraph, itemText);
  }

  private void display(List<String> lines, boolean inItem) {
    if (inItem) {
      line(".IP"); // a paragraph at the tagged paragraph's indent
    } else {
      line(".PP");
      line(".RS 4");
    }
    line(".nf");
    for (String l : lines) {
      literal(inline(l));
    }
    line(".fi");
    if (!inItem) {
      line(".RE");
    }
    lines.clear();
  }

  private void flush(List<String> paragraph, boolean itemText) {
    if (paragraph.isEmpty()) {
      return;
    }
    if (!itemText && !out.get(out.size() - 1).startsWith(".SH")) {
      line(".PP");
    }
    text(inline(String.join(" ", paragraph)));
    paragraph.clear();
  }

  private void section(String name) {
    line(".SH " + quoted(name));
  }

  private void line(String request) {
    out.add(request);
  }

  /**
   * Adds escaped text, broken at spaces into lines of at most {@link #WIDTH} characters where it
   * can be; a line that would start with a control character is protected with {@code \&}.
   */
  private void text(String escaped) {
    String rest = NO_HYPHENATION.matcher(escaped.strip()).replaceAll("\\\\%");
    while (!rest.isEmpty()) {
      String piece = rest;
      if (rest.length() > WIDTH) {
        int cut = rest.lastIndexOf(' ', WIDTH);
        if (cut <= 0) {
          cut = rest.indexOf(' ', WIDTH);
        }
        if (cut > 0) {
          piece = rest.substring(0, cut);
        }
      }
      rest = rest.substring(piece.length()).strip();
      piece = piece.strip();
      if (piece.startsWith(".") || piece.startsWith("'")) {
        piece = "\\&" + piece;
      }
      out.add(piece);
    }
  }

  /** Adds one line of no-fill text as it is, protected like {@link #text}'s lines. */
  private void literal(String escaped) {
    boolean protect = escaped.isEmpty() || escaped.startsWith(".") || escaped.startsWith("'");
    out.add(protect ? "\\&" + escaped : escaped);
  }

  /** A macro argument in double quotes (a {@code "} inside one is written {@code \(dq}). */
  private static String quoted(String s) {
    return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
  }

  /** As picocli formats description lines: {@code %n} a line break, {@code %%} a percent sign. */
  private static String format(String s) {
    return String.format(Locale.ROOT, s);
  }

  /**
   * Escapes text for troff: backslash, minus, and everything outside printable ASCII. Line-start
   * protection is {@link #text}'s job.
   *
   * @param s plain text
   * @return the same text as troff input
   */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    s.codePoints()
        .forEach(
            c -> {
              if (c == '\\') {
                b.append("\\e");
              } else if (c == '-') {
                b.append("\\-");
              } else if (c == '\t') {
                b.append(' ');
              } else if (c < 0x20 || c == 0x7f) {
                // a control character has no place on a page; picocli would not show it either
              } else if (c > 0x7e) {
                b.append(String.format(Locale.ROOT, "\\[u%04X]", c));
              } else {
                b.append((char) c);
              }
            });
    return b.toString();
  }

  /**
   * Escapes text with picocli markup: {@code @|bold x|@} becomes {@code \fBx\fR}, {@code @|italic
   * x|@} and {@code @|underline x|@} become {@code \fIx\fR}, other styles plain text.
   *
   * @param s text, possibly with markup
   * @return troff input
   */
  static String inline(String s) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int open = s.indexOf("@|", i);
      int space = open < 0 ? -1 : s.indexOf(' ', open);
      int close = space < 0 ? -1 : s.indexOf("|@", space);
      if (open < 0 || space < 0 || close < 0) {
        b.append(escape(s.substring(i)));
        break;
      }
      b.append(escape(s.substring(i, open)));
      List<String> styles = List.of(s.substring(open + 2, space).split(","));
      String inner = escape(s.substring(space + 1, close));
      if (styles.contains("bold")) {
        b.append("\\fB").append(inner).append("\\fR");
      } else if (styles.contains("italic") || styles.contains("underline")) {
        b.append("\\fI").append(inner).append("\\fR");
      } else {
        b.append(inner);
      }
      i = close + 2;
    }
    return b.toString();
  }
}

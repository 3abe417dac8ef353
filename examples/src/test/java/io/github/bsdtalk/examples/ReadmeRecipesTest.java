package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every {@code java -jar .../talk-examples.jar ...} recipe in README.md and interop/README.md,
 * typed literally from the repository root: it names the jar where the build puts it (or the
 * installed copy the README says how to make), and the tool's real picocli definitions accept its
 * arguments (parsed only, nothing runs).
 */
class ReadmeRecipesTest {

  private static final String JAR = "examples/target/talk-examples.jar";
  private static final List<Path> DOCS = List.of(Path.of("..", "README.md"),
      Path.of("..", "interop", "README.md"));
  /** The installed copy the docs name: the interop suites' (talkd is installed with a launcher). */
  private static final List<String> INSTALLED = List.of(
      "/var/tmp/bsdtalk-interop/talk-examples.jar");
  /** Arguments end at a shell operator or comment; a single-quoted one may hold them ('#talk'). */
  private static final Pattern JAVA_JAR =
      Pattern.compile("java -jar (\\S*talk-examples\\.jar)((?: +(?:'[^'\\s]*'|[^\\s`|&;#'])+)*)");

  record Recipe(Path doc, int line, String jar, List<String> args) {
    @Override
    public String toString() {
      return doc.getFileName() + ":" + line + ": java -jar " + jar + " " + String.join(" ", args);
    }
  }

  /**
   * The recipes: every line of a fenced code block, and every inline code span elsewhere, that runs
   * the jar. Headings ({@code ## The tool: ... COMMAND}) name the syntax, not a recipe; so do
   * spans whose arguments are placeholders ({@code USER[@HOST] ...}).
   */
  static List<Recipe> recipes() {
    List<Recipe> recipes = new ArrayList<>();
    for (Path doc : DOCS) {
      List<String> lines;
      try {
        lines = Files.readAllLines(doc);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      boolean fenced = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("```")) {
          fenced = !fenced;
          continue;
        }
        if (!fenced && line.startsWith("#")) {
          continue;
        }
        List<String> texts = new ArrayList<>();
        if (fenced) {
          texts.add(line);
        } else {
          Matcher span = Pattern.compile("`([^`]+)`").matcher(line);
          while (span.find()) {
            texts.add(span.group(1));
          }
        }
        for (String text : texts) {
          Matcher m = JAVA_JAR.matcher(text);
          while (m.find()) {
            List<String> args = Arrays.stream(m.group(2).trim().split(" +"))
                .filter(a -> !a.isEmpty()).map(a -> a.replace("'", "")).toList();
            if (args.stream().anyMatch(a -> a.equals("...") || a.matches(".*[A-Z]{3,}.*"))) {
              continue; // a placeholder, such as USER[@HOST] or TALK-ARGS
            }
            recipes.add(new Recipe(doc, i + 1, m.group(1), args));
          }
        }
      }
    }
    return recipes;
  }

  @Test
  void theReadmeHasRecipesForEveryCommandThatRunsSomething() {
    assertThat(recipes().stream()
            .filter(r -> r.doc().getFileName().toString().equals("README.md")
                && r.doc().getParent().getFileName().toString().equals(".."))
            .map(r -> r.args().isEmpty() ? "" : r.args().get(0)))
        .contains("demo", "talkd", "talk", "trace", "bridge", "--version");
  }

  static Stream<Recipe> recipe() {
    return recipes().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recipe")
  void aRecipeNamesTheRealJarAndParses(Recipe recipe) throws IOException {
    if (!recipe.jar().startsWith(".../")) { // explicitly abbreviated: one of these, named nearby
      assertThat(recipe.jar()).as("the jar's path").isIn(listOf(JAR, INSTALLED));
    }
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine cl =
        Main.commandLine(new Main(), new ByteArrayInputStream(new byte[0]), nowhere, nowhere);

    assertThatCode(() -> cl.parseArgs(recipe.args().toArray(String[]::new)))
        .as("%s", recipe)
        .doesNotThrowAnyException();
    ParseResult parsed = cl.parseArgs(recipe.args().toArray(String[]::new));
    assertThat(parsed.hasSubcommand() || parsed.isVersionHelpRequested()
            || parsed.isUsageHelpRequested())
        .as("%s names a command", recipe)
        .isTrue();
  }

  private static List<String> listOf(String first, List<String> rest) {
    List<String> all = new ArrayList<>(rest);
    all.add(first);
    return all;
  }

  /** The README's table of commands shows every option each command has. */
  @ParameterizedTest
  @ValueSource(strings = {"demo", "decode", "talkd", "talk", "trace", "bridge"})
  void theCommandTableShowsEveryOption(String command) throws IOException {
    PrintStream nowhere =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine cl =
        Main.commandLine(new Main(), new ByteArrayInputStream(new byte[0]), nowhere, nowhere);
    String row = Files.readAllLines(DOCS.get(0)).stream()
        .filter(l -> l.startsWith("| `" + command + " ") || l.startsWith("| `" + command + "`"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + command));

    for (OptionSpec o : cl.getSubcommands().get(command).getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        assertThat(row).as("%s row", command).contains(o.longestName());
      }
    }
  }

  /** The jar's path in the recipes is where the shade plugin writes it. */
  @Test
  void theShadedJarIsExamplesTargetTalkExamplesJar() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));

    assertThat(Path.of("").toAbsolutePath().getFileName()).hasToString("examples");
    assertThat(pom).contains("<artifactId>maven-shade-plugin</artifactId>")
        .contains("<finalName>talk-examples</finalName>")
        .doesNotContain("<outputDirectory>")
        .doesNotContain("<outputFile>");
  }
}

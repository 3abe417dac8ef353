package io.github.bsdtalk.proto.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The code snippets of {@code TESTING.md} are cut from tests, which the build compiles and runs;
 * this keeps the two in step, so that the guide never shows code that does not work. (As {@code
 * examples}' ReadmeSnippetsTest does for the README.)
 */
class TestingGuideSnippetsTest {

  private static final Path GUIDE = Path.of("TESTING.md");
  private static final Path TESTS =
      Path.of("src", "test", "java", "io", "github", "bsdtalk", "proto", "testkit");

  @ParameterizedTest
  @CsvSource({
    "core, TestingGuideExamplesTest.java",
    "quicktheories, TestingGuideExamplesTest.java",
    "jqwik, TestingGuideExamplesTest.java",
    "jazzer, jazzer/FuzzedRandomTest.java"
  })
  void guideSnippetIsTheTestedCode(String name, String file) throws IOException {
    String source = Files.readString(TESTS.resolve(file));
    Matcher inSource =
        Pattern.compile(
                "// \\[snippet:" + name + "\\]\\n(.*?)\\n\\s*// \\[/snippet:" + name + "\\]",
                Pattern.DOTALL)
            .matcher(source);
    assertThat(inSource.find()).as("snippet %s marked in %s", name, file).isTrue();

    String guide = Files.readString(GUIDE);
    Matcher inGuide =
        Pattern.compile("<!-- snippet:" + name + " -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(guide);
    assertThat(inGuide.find()).as("snippet %s in TESTING.md", name).isTrue();

    assertThat(lines(inGuide.group(1))).isEqualTo(lines(inSource.group(1)));
  }

  /** Lines without the indentation they have in the test class. */
  private static List<String> lines(String text) {
    return text.stripIndent().lines().map(String::stripTrailing).toList();
  }
}

package io.github.bsdtalk.examples;

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
 * The README's code snippets are cut from the examples, which the build compiles; this keeps the two
 * in step, so that the README never shows code that does not compile.
 */
class ReadmeSnippetsTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCES = Path.of("src", "main", "java", "io", "github", "bsdtalk",
      "examples");

  @ParameterizedTest
  @CsvSource({"client, LoopbackChat.java", "server, MiniTalkd.java", "lookup, LookUpOnce.java",
      "endpoint, EchoBot.java"})
  void readmeSnippetIsTheExampleCode(String name, String file) throws IOException {
    String source = Files.readString(SOURCES.resolve(file));
    Matcher inSource = Pattern.compile("// \\[snippet:" + name + "\\]\\n(.*?)\\n\\s*// \\[/snippet:"
        + name + "\\]", Pattern.DOTALL).matcher(source);
    assertThat(inSource.find()).as("snippet %s marked in %s", name, file).isTrue();

    String readme = Files.readString(README);
    Matcher inReadme = Pattern.compile("<!-- snippet:" + name + " -->\\n```java\\n(.*?)\\n```",
        Pattern.DOTALL).matcher(readme);
    assertThat(inReadme.find()).as("snippet %s in README.md", name).isTrue();

    assertThat(lines(inReadme.group(1))).isEqualTo(lines(inSource.group(1)));
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::stripTrailing).toList();
  }
}

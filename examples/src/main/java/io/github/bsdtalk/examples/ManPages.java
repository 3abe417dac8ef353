package io.github.bsdtalk.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Writes the tool's man pages, {@code talk.1} and {@code talkd.8}, from the picocli definitions of
 * its {@code talk} and {@code talkd} subcommands ({@link ManPage}) and the hand-written sections in
 * {@code talk.1.txt} and {@code talkd.8.txt} beside this class. The build runs it
 * (exec-maven-plugin, phase prepare-package) into {@code examples/target/man/} and into the jar's
 * {@code man/}.
 */
final class ManPages {

  /**
   * One page: which subcommand, its section and the manual it belongs to.
   *
   * @param command the subcommand's name
   * @param section the manual section
   * @param manual the manual's title for that section
   */
  record Page(String command, String section, String manual) {
    /** The page's file name, such as {@code talkd.8}. */
    String fileName() {
      return command + "." + section;
    }
  }

  /** The pages the build writes. */
  static final List<Page> PAGES =
      List.of(
          new Page("talk", "1", "User Commands"),
          new Page("talkd", "8", "System Manager's Manual"));

  private ManPages() {}

  /**
   * Renders every page.
   *
   * @param tool the tool's top-level command, with the pages' commands as subcommands
   * @param version the project version, shown in each page's footer
   * @param date the pages' date, YYYY-MM-DD (the build's reproducible timestamp)
   * @return file name to troff source, in {@link #PAGES}' order
   * @throws IllegalArgumentException if a page's subcommand is missing
   */
  static Map<String, String> render(CommandLine tool, String version, String date) {
    Map<String, String> pages = new LinkedHashMap<>();
    for (Page p : PAGES) {
      CommandLine sub = tool.getSubcommands().get(p.command());
      if (sub == null) {
        throw new IllegalArgumentException("the tool has no subcommand " + p.command());
      }
      ManPage.Title title =
          new ManPage.Title(
              p.command(),
              p.section(),
              date,
              "bsdtalk " + version,
              p.manual(),
              "java -jar talk-examples.jar " + p.command());
      pages.put(
          p.fileName(),
          ManPage.render(
              sub.getCommandSpec(), title, ManPage.Prose.resource(p.fileName() + ".txt")));
    }
    return pages;
  }

  /**
   * Writes the pages of the tool ({@link Main}) into each directory given.
   *
   * @param args the project version, the date (YYYY-MM-DD, or an ISO-8601 timestamp such as {@code
   *     project.build.outputTimestamp}, whose date part is taken), then one or more output
   *     directories
   * @throws IOException if a page cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: ManPages VERSION DATE DIR...");
    }
    String date = args[1].length() > 10 ? args[1].substring(0, 10) : args[1];
    CommandLine tool = Main.commandLine(new Main(), System.in, System.out, System.err);
    Map<String, String> pages = render(tool, args[0], date);
    for (int i = 2; i < args.length; i++) {
      Path dir = Path.of(args[i]);
      Files.createDirectories(dir);
      for (Map.Entry<String, String> page : pages.entrySet()) {
        // ManPage writes only ASCII (anything else as a \[uXXXX] escape)
        Files.writeString(dir.resolve(page.getKey()), page.getValue(), StandardCharsets.US_ASCII);
      }
    }
  }
}

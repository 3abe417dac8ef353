package io.github.bsdtalk.examples.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.session.SequenceDiagram.Arrow;
import io.github.bsdtalk.examples.session.SequenceDiagram.Lane;
import io.github.bsdtalk.examples.session.SequenceDiagram.Note;
import io.github.bsdtalk.examples.session.SequenceDiagram.Style;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The SVG read back as XML: its lanes, arrows and notes, and nothing from outside the document. */
class SvgDiagramTest {

  private static String svgOf(String title, List<SessionEvent> events) {
    return SvgDiagram.render(SessionDiagram.build(title, events));
  }

  @Test
  void theNetkitSessionHasItsLanesAndOneArrowPerDatagramAndSegment() throws Exception {
    Document svg = Svg.parse(svgOf("netkit", Sessions.netkit("10.0.0.1", "10.0.0.2")));

    assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo(Svg.NS);
    assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(Svg.childText(svg.getDocumentElement(), "title", null)).isEqualTo("netkit");
    List<Element> lanes = Svg.find(svg, "g", "lane");
    assertThat(lanes)
        .extracting(lane -> Svg.childText(lane, "text", "lane-label"))
        .containsExactly("alice's talk", "alice's daemon", "bob's daemon", "bob's talk");
    assertThat(lanes)
        .extracting(lane -> Svg.childText(lane, "text", "lane-detail"))
        .containsExactly(
            "udp 10.0.0.1:40001, 10.0.0.1:40002",
            "udp 10.0.0.1:518",
            "udp 10.0.0.2:518",
            "udp 10.0.0.2:40003");
    assertThat(Svg.find(svg, "line", "lifeline")).hasSize(4);

    List<Element> arrows = Svg.find(svg, "g", "arrow");
    assertThat(arrows).hasSize(18);
    assertThat(arrows.subList(0, 4))
        .extracting(
            arrow -> arrow.getAttribute("class") + " | " + Svg.childText(arrow, "text", "label"))
        .containsExactly(
            "arrow request | LOOK_UP id 0",
            "arrow reply | LOOK_UP: NOT_HERE, id 0",
            "arrow request | ANNOUNCE id 0",
            "arrow reply | ANNOUNCE: SUCCESS, id 3");
    assertThat(Svg.find(svg, "g", "arrow", "request")).hasSize(6);
    assertThat(Svg.find(svg, "g", "arrow", "reply")).hasSize(6);
    assertThat(Svg.find(svg, "g", "arrow", "tcp"))
        .extracting(arrow -> Svg.childText(arrow, "text", "label"))
        .containsExactly(
            "TCP connect",
            "edit chars 7f 15 17",
            "edit chars 7f 15 17",
            "\"hello bob\"",
            "\"hi alice\"",
            "close (FIN)");
    assertThat(arrows)
        .extracting(arrow -> Svg.childText(arrow, "text", "time"))
        .startsWith("+0.000 s", "+0.140 s", "+0.300 s", "+0.512 s");
    List<Element> notes = Svg.find(svg, "g", "note");
    assertThat(notes)
        .extracting(note -> Svg.childText(note, "text", "label"))
        .containsExactly("rings bob");
  }

  @Test
  void theDocumentIsSelfContained() throws Exception {
    String text = svgOf("netkit", Sessions.netkit("127.0.0.1", "127.0.0.1"));
    Document svg = Svg.parse(text);

    assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
    assertThat(svg.getElementsByTagNameNS("*", "style").getLength()).isZero();
    assertThat(svg.getElementsByTagNameNS("*", "image").getLength()).isZero();
    assertThat(svg.getElementsByTagNameNS("*", "foreignObject").getLength()).isZero();
    for (String attribute : Svg.attributes(svg)) {
      // the only references are the arrowheads', to markers in this document
      if (attribute.contains("url(")) {
        assertThat(attribute).matches("marker-end=url\\(#head-[a-z]+\\)");
      }
      assertThat(attribute).doesNotContain("href").doesNotContainIgnoringCase("javascript");
    }
    assertThat(text).doesNotContain("@font-face").doesNotContain("@import");
    for (Element marker : Svg.find(svg, "marker")) {
      assertThat(marker.getAttribute("id")).startsWith("head-");
    }
    assertThat(Svg.find(svg, "marker")).hasSize(Style.values().length);
    assertThat(svg.getDocumentElement().getAttribute("font-family")).isEqualTo("monospace");
  }

  @Test
  void namesAreEscapedAndControlCharactersShownAsEscapes() throws Exception {
    String name = "<b>&\"'\u0001\u0085\u00e9";
    SequenceDiagram diagram =
        new SequenceDiagram(
            "t\u0000<",
            List.of(new Lane(name + "'s talk", "a\u0007\nb"), new Lane("x", "")),
            List.of(
                new Arrow(Duration.ZERO, 0, 1, name, Style.MALFORMED),
                new Arrow(Duration.ofMillis(-1), 1, 1, "self\ud800", Style.TCP),
                new Note(Duration.ofSeconds(1), 1, "rings " + name)));

    Document svg = Svg.parse(SvgDiagram.render(diagram));

    assertThat(Svg.childText(svg.getDocumentElement(), "title", null)).isEqualTo("t\\x00<");
    Element lane = Svg.find(svg, "g", "lane").get(0);
    assertThat(Svg.childText(lane, "text", "lane-label"))
        .isEqualTo("<b>&\"'\\x01\\x85\u00e9's talk");
    assertThat(Svg.find(svg, "text", "lane-detail"))
        .extracting(Element::getTextContent)
        .containsExactly("a\\x07", "b");
    Element malformed = Svg.find(svg, "g", "arrow", "malformed").get(0);
    assertThat(Svg.childText(malformed, "text", "label")).isEqualTo("<b>&\"'\\x01\\x85\u00e9");
    Element loop = Svg.find(svg, "g", "arrow", "self").get(0);
    assertThat(loop.getAttribute("class")).isEqualTo("arrow tcp self");
    assertThat(Svg.childText(loop, "text", "label")).isEqualTo("self\\ud800");
    assertThat(Svg.childText(loop, "text", "time")).isEqualTo("-0.001 s");
    assertThat(Svg.childText(loop, "path", "shaft")).isNotNull();
    assertThat(Svg.childText(Svg.find(svg, "g", "note").get(0), "text", "time"))
        .isEqualTo("+1.000 s");
  }

  @Test
  void aLongLabelIsCutAndKeptWholeInTheTitle() throws Exception {
    String typed = "\"" + "x".repeat(200) + "\"";
    SequenceDiagram diagram =
        new SequenceDiagram(
            "t",
            List.of(new Lane("a", ""), new Lane("b", "")),
            List.of(new Arrow(Duration.ZERO, 0, 1, typed, Style.TCP)));

    Element arrow = Svg.find(Svg.parse(SvgDiagram.render(diagram)), "g", "arrow").get(0);

    String shown = Svg.childText(arrow, "text", "label");
    assertThat(shown).hasSize(SvgDiagram.MAX_LABEL).endsWith("\u2026").startsWith("\"xxx");
    assertThat(Svg.childText(arrow, "title", null)).isEqualTo(typed);
  }

  @Test
  void theSizeGrowsWithLanesAndSteps() throws Exception {
    Document small = Svg.parse(svgOf("t", Sessions.netkit("127.0.0.1", "127.0.0.1")));
    Document wide = Svg.parse(svgOf("t", Sessions.netkit("10.0.0.1", "10.0.0.2")));
    Document shorter = Svg.parse(svgOf("t", Sessions.netkit("10.0.0.1", "10.0.0.2").subList(0, 4)));

    assertThat(number(wide, "width")).isGreaterThan(number(small, "width"));
    assertThat(number(shorter, "height")).isLessThan(number(wide, "height"));
  }

  private static double number(Document svg, String attribute) {
    return Double.parseDouble(svg.getDocumentElement().getAttribute(attribute));
  }

  /**
   * The netkit sessions and an odd one, for people to look at (rsvg-convert, a browser): not
   * checked.
   */
  @Test
  void writesDiagramsUnderTargetForPeopleToLookAt() throws Exception {
    Path dir = Path.of("target", "session-diagrams");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("netkit-one-daemon.svg"),
        svgOf("netkit talk to netkit talk, one daemon", Sessions.netkit("127.0.0.1", "127.0.0.1")),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("netkit-two-hosts.svg"),
        svgOf("netkit talk to netkit talk, two hosts", Sessions.netkit("10.0.0.1", "10.0.0.2")),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("odd-session.svg"),
        svgOf("a session that goes wrong", Sessions.odd()),
        StandardCharsets.UTF_8);
    assertThat(dir.resolve("odd-session.svg")).isNotEmptyFile();
  }
}

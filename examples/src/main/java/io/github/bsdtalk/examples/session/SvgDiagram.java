package io.github.bsdtalk.examples.session;

import io.github.bsdtalk.examples.session.SequenceDiagram.Arrow;
import io.github.bsdtalk.examples.session.SequenceDiagram.Lane;
import io.github.bsdtalk.examples.session.SequenceDiagram.Note;
import io.github.bsdtalk.examples.session.SequenceDiagram.Step;
import io.github.bsdtalk.examples.session.SequenceDiagram.Style;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link SequenceDiagram} as a self-contained SVG 1.1 document: no scripts, no style sheet,
 * no fonts or images from elsewhere (the generic {@code monospace} family), so it shows the same in
 * a browser, an image viewer or a README.
 *
 * <p>Layout: a header box per lane (label, then its addresses), a dashed lifeline below it, one row
 * per step top to bottom with the time since the first event in a left column. Requests are solid
 * arrows, replies dashed, malformed datagrams red, the TCP connection thick and purple; an arrow
 * from a lane to itself is a small loop; notes are boxes on their lane. Lanes are spaced so that
 * every label fits above its arrow.
 *
 * <p>For tests and readers, elements carry stable classes: {@code g.lane} (with {@code
 * text.lane-label}, {@code text.lane-detail}, {@code line.lifeline}), {@code g.arrow} plus the
 * style in lower case ({@code g.arrow.request}, {@code reply}, {@code malformed}, {@code tcp};
 * {@code self} for a loop), {@code g.note}; each step's {@code text.label} holds its label (cut to
 * {@value #MAX_LABEL} characters, the whole of it in the group's {@code title}) and {@code
 * text.time} its time.
 *
 * <p>Text is escaped for XML; characters XML 1.0 cannot hold or a screen would not show (the C0 and
 * C1 controls, lone surrogates) are written as {@code \xNN} or {@code \}{@code u} and four hex
 * digits. A user name is any bytes read as ISO-8859-1.
 */
public final class SvgDiagram {

  /** Labels longer than this are cut, with an ellipsis: a typed paragraph is no arrow label. */
  static final int MAX_LABEL = 56;

  /** The advance of one 12 px monospace character (DejaVu Sans Mono: 0.602 em), rounded up. */
  private static final double CHAR = 7.4;

  /** The same for the 13 px bold lane labels. */
  private static final double BOLD_CHAR = 8.0;

  private static final double MARGIN = 16;
  private static final double MIN_HEADER_WIDTH = 110;
  private static final double HEADER_GAP = 24;
  private static final double ROW = 30;
  private static final double SELF_ROW = 38;
  private static final double LOOP = 28;
  private static final double DETAIL_LINE = 15;

  /** The legend's sample arrows, and the space each takes. */
  private static final double LEGEND_LINE = 28;

  private static final double LEGEND_SPACING = 22;

  private SvgDiagram() {}

  /**
   * Renders a diagram.
   *
   * @param diagram the diagram
   * @return the SVG document, UTF-8 text starting with an XML declaration
   */
  public static String render(SequenceDiagram diagram) {
    return new Layout(diagram).draw();
  }

  /** The colour, dash pattern and width of each style, and its CSS class. */
  private static String colour(Style style) {
    switch (style) {
      case REPLY:
        return "#2e7d32";
      case MALFORMED:
        return "#c62828";
      case TCP:
        return "#6a1b9a";
      default:
        return "#1d3557";
    }
  }

  private static String legendName(Style style) {
    return style == Style.TCP ? "TCP connection" : className(style);
  }

  private static double legendWidth() {
    double total = 0;
    for (Style style : Style.values()) {
      total += LEGEND_LINE + 6 + legendName(style).length() * CHAR + LEGEND_SPACING;
    }
    return total - LEGEND_SPACING;
  }

  private static String className(Style style) {
    return style.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The text as a screen should show it: every character XML 1.0 cannot hold, and every control
   * character, as a visible escape.
   *
   * @param text any string
   * @return printable text, not yet XML-escaped
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
        out.append(String.format(Locale.ROOT, "\\x%02x", cp));
      } else if (cp <= 0xffff && Character.isSurrogate((char) cp) || cp == 0xfffe || cp == 0xffff) {
        out.append(String.format(Locale.ROOT, "\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  /** At most {@code max} code points, the last an ellipsis when cut. */
  static String clip(String text, int max) {
    int count = text.codePointCount(0, text.length());
    if (count <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
  }

  /** Escapes the five characters XML gives a meaning. */
  static String escape(String printable) {
    // & first, or the others' entities would be escaped again
    return printable
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  private static int width(String printable) {
    return printable.codePointCount(0, printable.length());
  }

  /**
   * The time column's text.
   *
   * @param offset the time since the first event
   * @return for example {@code +0.512 s}
   */
  static String time(Duration offset) {
    Duration magnitude = offset.abs();
    return String.format(
        Locale.ROOT,
        "%s%d.%03d s",
        offset.isNegative() ? "-" : "+",
        magnitude.getSeconds(),
        magnitude.getNano() / 1_000_000);
  }

  private static String num(double value) {
    String text = String.format(Locale.ROOT, "%.1f", value);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  /** The sizes and positions of everything, worked out once, then the drawing. */
  private static final class Layout {
    private final SequenceDiagram diagram;
    private final int lanes;
    private final List<String> labels = new ArrayList<>();
    private final List<List<String>> details = new ArrayList<>();
    private final List<String> stepLabels = new ArrayList<>();
    private final double[] x;
    private final double[] headerWidth;
    private final double headerHeight;
    private final double timeWidth;
    private final double width;
    private final double[] leftExtent;
    private final double[] rightExtent;

    Layout(SequenceDiagram diagram) {
      this.diagram = diagram;
      this.lanes = diagram.lanes().size();
      int detailLines = 0;
      headerWidth = new double[lanes];
      leftExtent = new double[lanes];
      rightExtent = new double[lanes];
      for (int i = 0; i < lanes; i++) {
        Lane lane = diagram.lanes().get(i);
        String label = clip(printable(lane.label()), MAX_LABEL);
        List<String> lines = new ArrayList<>();
        double widest = width(label) * BOLD_CHAR;
        for (String line : lane.detail().split("\n", -1)) {
          if (!line.isEmpty()) {
            String shown = clip(printable(line), MAX_LABEL);
            lines.add(shown);
            widest = Math.max(widest, width(shown) * CHAR);
          }
        }
        labels.add(label);
        details.add(lines);
        detailLines = Math.max(detailLines, lines.size());
        headerWidth[i] = Math.max(MIN_HEADER_WIDTH, widest + 20);
        leftExtent[i] = headerWidth[i] / 2;
        rightExtent[i] = headerWidth[i] / 2;
      }
      headerHeight = 26 + DETAIL_LINE * detailLines + (detailLines > 0 ? 4 : 0);
      double widestTime = 0;
      for (Step step : diagram.steps()) {
        String text = step instanceof Arrow arrow ? arrow.label() : ((Note) step).text();
        stepLabels.add(clip(printable(text), MAX_LABEL));
        widestTime = Math.max(widestTime, time(step.offset()).length() * CHAR);
      }
      timeWidth = diagram.steps().isEmpty() ? 0 : widestTime + 14;
      x = new double[lanes];
      double[] gap = gaps();
      double left = MARGIN + timeWidth;
      for (int i = 0; i < lanes; i++) {
        x[i] = i == 0 ? left + leftExtent[0] : x[i - 1] + gap[i - 1];
      }
      double right = lanes == 0 ? left : x[lanes - 1] + rightExtent[lanes - 1];
      double title = width(printable(diagram.title())) * 9 + 2 * MARGIN;
      double legend = legendWidth() + 2 * MARGIN;
      width = Math.ceil(Math.max(right + MARGIN, Math.max(title, legend)));
    }

    /**
     * The distances between neighbouring lifelines: the headers side by side, each label over its
     * arrow, each loop and note clear of the next lifeline.
     */
    private double[] gaps() {
      double[] gap = new double[Math.max(0, lanes - 1)];
      for (int i = 0; i + 1 < lanes; i++) {
        gap[i] = (headerWidth[i] + headerWidth[i + 1]) / 2 + HEADER_GAP;
      }
      List<Arrow> spans = new ArrayList<>();
      List<Double> spanWidths = new ArrayList<>();
      for (int s = 0; s < diagram.steps().size(); s++) {
        Step step = diagram.steps().get(s);
        double text = width(stepLabels.get(s)) * CHAR;
        if (step instanceof Note note) {
          double half = text / 2 + 10;
          int lane = note.lane();
          leftExtent[lane] = Math.max(leftExtent[lane], half);
          rightExtent[lane] = Math.max(rightExtent[lane], half);
          if (lane > 0) {
            gap[lane - 1] = Math.max(gap[lane - 1], half + 12);
          }
          if (lane + 1 < lanes) {
            gap[lane] = Math.max(gap[lane], half + 12);
          }
        } else {
          Arrow arrow = (Arrow) step;
          if (arrow.from() == arrow.to()) {
            double reach = LOOP + 8 + text;
            int lane = arrow.from();
            rightExtent[lane] = Math.max(rightExtent[lane], reach);
            if (lane + 1 < lanes) {
              gap[lane] = Math.max(gap[lane], reach + 12);
            }
          } else {
            spans.add(arrow);
            spanWidths.add(text);
          }
        }
      }
      // short arrows first, so a long one spreads its need over gaps already widened
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < spans.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingInt(i -> span(spans.get(i))));
      for (int i : order) {
        Arrow arrow = spans.get(i);
        int low = Math.min(arrow.from(), arrow.to());
        int high = Math.max(arrow.from(), arrow.to());
        double have = 0;
        for (int g = low; g < high; g++) {
          have += gap[g];
        }
        double need = spanWidths.get(i) + 30;
        if (have < need) {
          double more = (need - have) / (high - low);
          for (int g = low; g < high; g++) {
            gap[g] += more;
          }
        }
      }
      return gap;
    }

    private static int span(Arrow arrow) {
      return Math.abs(arrow.from() - arrow.to());
    }

    String draw() {
      double titleBaseline = MARGIN + 14;
      double headerTop = titleBaseline + 14;
      double rowsTop = headerTop + headerHeight + 18;
      double y = rowsTop;
      StringBuilder steps = new StringBuilder();
      for (int s = 0; s < diagram.steps().size(); s++) {
        Step step = diagram.steps().get(s);
        String label = stepLabels.get(s);
        String whole = printable(step instanceof Arrow a ? a.label() : ((Note) step).text());
        if (step instanceof Arrow arrow && arrow.from() != arrow.to()) {
          drawArrow(steps, arrow, label, whole, y);
          y += ROW;
        } else if (step instanceof Arrow arrow) {
          drawLoop(steps, arrow, label, whole, y);
          y += SELF_ROW;
        } else {
          drawNote(steps, (Note) step, label, whole, y);
          y += ROW;
        }
      }
      double lifelineEnd = y + 6;
      double legendBaseline = lifelineEnd + 22;
      double height = Math.ceil(legendBaseline + MARGIN);

      StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      new Tag("svg")
          .attr("xmlns", "http://www.w3.org/2000/svg")
          .attr("version", "1.1")
          .attr("width", width)
          .attr("height", height)
          .attr("viewBox", "0 0 " + num(width) + " " + num(height))
          .attr("font-family", "monospace")
          .attr("font-size", 12)
          .open(out);
      new Tag("title").text(out, printable(diagram.title()));
      out.append("<defs>\n");
      for (Style style : Style.values()) {
        new Tag("marker")
            .attr("id", "head-" + className(style))
            .attr("viewBox", "0 0 10 10")
            .attr("refX", 10)
            .attr("refY", 5)
            .attr("markerUnits", "userSpaceOnUse")
            .attr("markerWidth", 10)
            .attr("markerHeight", 10)
            .attr("orient", "auto")
            .open(out);
        new Tag("path").attr("d", "M0,0 L10,5 L0,10 z").attr("fill", colour(style)).close(out);
        out.append("</marker>\n");
      }
      out.append("</defs>\n");
      new Tag("rect")
          .attr("class", "background")
          .attr("x", 0)
          .attr("y", 0)
          .attr("width", width)
          .attr("height", height)
          .attr("fill", "#ffffff")
          .close(out);
      new Tag("text")
          .attr("class", "title")
          .attr("x", MARGIN)
          .attr("y", titleBaseline)
          .attr("font-family", "sans-serif")
          .attr("font-size", 15)
          .attr("font-weight", "bold")
          .attr("fill", "#111111")
          .text(out, printable(diagram.title()));
      for (int i = 0; i < lanes; i++) {
        drawLane(out, i, headerTop, lifelineEnd);
      }
      out.append(steps);
      drawLegend(out, legendBaseline);
      out.append("</svg>\n");
      return out.toString();
    }

    /** A sample arrow of each style with its name, in one row. */
    private static void drawLegend(StringBuilder out, double baseline) {
      out.append("<g class=\"legend\">\n");
      double left = MARGIN;
      for (Style style : Style.values()) {
        String name = legendName(style);
        shaft(new Tag("line"), style)
            .attr("x1", left)
            .attr("y1", baseline - 4)
            .attr("x2", left + LEGEND_LINE)
            .attr("y2", baseline - 4)
            .close(out);
        new Tag("text")
            .attr("x", left + LEGEND_LINE + 6)
            .attr("y", baseline)
            .attr("fill", "#555555")
            .text(out, name);
        left += LEGEND_LINE + 6 + name.length() * CHAR + LEGEND_SPACING;
      }
      out.append("</g>\n");
    }

    private void drawLane(StringBuilder out, int i, double top, double lifelineEnd) {
      out.append("<g class=\"lane\">\n");
      new Tag("line")
          .attr("class", "lifeline")
          .attr("x1", x[i])
          .attr("y1", top + headerHeight)
          .attr("x2", x[i])
          .attr("y2", lifelineEnd)
          .attr("stroke", "#9aa5b1")
          .attr("stroke-width", 1)
          .attr("stroke-dasharray", "4 4")
          .close(out);
      new Tag("rect")
          .attr("class", "lane-box")
          .attr("x", x[i] - headerWidth[i] / 2)
          .attr("y", top)
          .attr("width", headerWidth[i])
          .attr("height", headerHeight)
          .attr("rx", 4)
          .attr("fill", "#eef2f7")
          .attr("stroke", "#4a5568")
          .attr("stroke-width", 1)
          .close(out);
      new Tag("text")
          .attr("class", "lane-label")
          .attr("x", x[i])
          .attr("y", top + 18)
          .attr("text-anchor", "middle")
          .attr("font-size", 13)
          .attr("font-weight", "bold")
          .attr("fill", "#111111")
          .text(out, labels.get(i));
      double baseline = top + 18 + DETAIL_LINE;
      for (String line : details.get(i)) {
        new Tag("text")
            .attr("class", "lane-detail")
            .attr("x", x[i])
            .attr("y", baseline)
            .attr("text-anchor", "middle")
            .attr("fill", "#333333")
            .text(out, line);
        baseline += DETAIL_LINE;
      }
      out.append("</g>\n");
    }

    /** Opens a step's group: its whole label as a tooltip, its time in the left column. */
    private static void open(
        StringBuilder out, String classes, String whole, Duration offset, double baseline) {
      new Tag("g").attr("class", classes).open(out);
      new Tag("title").text(out, whole);
      new Tag("text")
          .attr("class", "time")
          .attr("x", MARGIN)
          .attr("y", baseline)
          .attr("fill", "#666666")
          .text(out, time(offset));
    }

    /** A step's label on a white ground, so that no lifeline runs through it. */
    private static void label(
        StringBuilder out, String label, double left, double baseline, Style style) {
      double textWidth = width(label) * CHAR;
      new Tag("rect")
          .attr("class", "label-bg")
          .attr("x", left - 3)
          .attr("y", baseline - 11)
          .attr("width", textWidth + 6)
          .attr("height", 15)
          .attr("fill", "#ffffff")
          .attr("fill-opacity", "0.85")
          .close(out);
      new Tag("text")
          .attr("class", "label")
          .attr("x", left)
          .attr("y", baseline)
          .attr("fill", colour(style))
          .text(out, label);
    }

    private void drawArrow(StringBuilder out, Arrow arrow, String label, String whole, double top) {
      double line = top + 18;
      open(out, "arrow " + className(arrow.style()), whole, arrow.offset(), line + 4);
      double from = x[arrow.from()];
      double to = x[arrow.to()];
      label(out, label, (from + to) / 2 - width(label) * CHAR / 2, line - 5, arrow.style());
      shaft(new Tag("line"), arrow.style())
          .attr("class", "shaft")
          .attr("x1", from)
          .attr("y1", line)
          .attr("x2", to)
          .attr("y2", line)
          .close(out);
      out.append("</g>\n");
    }

    private void drawLoop(StringBuilder out, Arrow arrow, String label, String whole, double top) {
      double start = top + 10;
      double end = start + 16;
      double lane = x[arrow.from()];
      String style = className(arrow.style());
      open(out, "arrow " + style + " self", whole, arrow.offset(), (start + end) / 2 + 4);
      String d =
          "M"
              + num(lane)
              + ","
              + num(start)
              + " H"
              + num(lane + LOOP)
              + " V"
              + num(end)
              + " H"
              + num(lane);
      shaft(new Tag("path"), arrow.style())
          .attr("class", "shaft")
          .attr("d", d)
          .attr("fill", "none")
          .close(out);
      label(out, label, lane + LOOP + 8, (start + end) / 2 + 4, arrow.style());
      out.append("</g>\n");
    }

    private void drawNote(StringBuilder out, Note note, String label, String whole, double top) {
      double centre = x[note.lane()];
      double textWidth = width(label) * CHAR;
      open(out, "note", whole, note.offset(), top + 19);
      new Tag("rect")
          .attr("class", "note-box")
          .attr("x", centre - textWidth / 2 - 8)
          .attr("y", top + 5)
          .attr("width", textWidth + 16)
          .attr("height", 20)
          .attr("rx", 3)
          .attr("fill", "#fff8c4")
          .attr("stroke", "#b59f00")
          .attr("stroke-width", 1)
          .close(out);
      new Tag("text")
          .attr("class", "label")
          .attr("x", centre)
          .attr("y", top + 19)
          .attr("text-anchor", "middle")
          .attr("fill", "#5c4d00")
          .text(out, label);
      out.append("</g>\n");
    }
  }

  /**
   * The stroke of an arrow's shaft, and its arrowhead: solid, dashed for a reply, thick for TCP.
   */
  private static Tag shaft(Tag tag, Style style) {
    tag.attr("stroke", colour(style));
    switch (style) {
      case REPLY:
        tag.attr("stroke-width", 1.4).attr("stroke-dasharray", "6 4");
        break;
      case MALFORMED:
        tag.attr("stroke-width", 1.6);
        break;
      case TCP:
        tag.attr("stroke-width", 2.6);
        break;
      default:
        tag.attr("stroke-width", 1.4);
    }
    return tag.attr("marker-end", "url(#head-" + className(style) + ")");
  }

  /** One element's start tag, attribute by attribute, values escaped. */
  private static final class Tag {
    private final String name;
    private final StringBuilder text = new StringBuilder();

    Tag(String name) {
      this.name = name;
      text.append('<').append(name);
    }

    Tag attr(String attribute, String value) {
      text.append(' ').append(attribute).append("=\"").append(escape(value)).append('"');
      return this;
    }

    Tag attr(String attribute, double value) {
      return attr(attribute, num(value));
    }

    /** Appends the element with no content. */
    void close(StringBuilder out) {
      out.append(text).append("/>\n");
    }

    /** Appends the start tag only. */
    void open(StringBuilder out) {
      out.append(text).append(">\n");
    }

    /** Appends the element holding the text, which {@link #printable} has made printable. */
    void text(StringBuilder out, String printable) {
      out.append(text)
          .append('>')
          .append(escape(printable))
          .append("</")
          .append(name)
          .append(">\n");
    }
  }
}

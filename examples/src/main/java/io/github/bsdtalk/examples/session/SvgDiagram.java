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

  private static String strokeAttributes(Style style) {
    String colour = colour(style);
    switch (style) {
      case REPLY:
        return "stroke=\"" + colour + "\" stroke-width=\"1.4\" stroke-dasharray=\"6 4\"";
      case MALFORMED:
        return "stroke=\"" + colour + "\" stroke-width=\"1.6\"";
      case TCP:
        return "stroke=\"" + colour + "\" stroke-width=\"2.6\"";
      default:
        return "stroke=\"" + colour + "\" stroke-width=\"1.4\"";
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
    StringBuilder out = new StringBuilder(printable.length() + 16);
    for (int i = 0; i < printable.length(); i++) {
      char c = printable.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&apos;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
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
      StringBuilder body = new StringBuilder();
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

      body.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
          .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
          .append(num(width))
          .append("\" height=\"")
          .append(num(height))
          .append("\" viewBox=\"0 0 ")
          .append(num(width))
          .append(' ')
          .append(num(height))
          .append("\" font-family=\"monospace\" font-size=\"12\">\n")
          .append("<title>")
          .append(escape(printable(diagram.title())))
          .append("</title>\n")
          .append("<defs>\n");
      for (Style style : Style.values()) {
        body.append("<marker id=\"head-")
            .append(className(style))
            .append(
                "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\"")
            .append(" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto\">")
            .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
            .append(colour(style))
            .append("\"/></marker>\n");
      }
      body.append("</defs>\n")
          .append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"")
          .append(num(width))
          .append("\" height=\"")
          .append(num(height))
          .append("\" fill=\"#ffffff\"/>\n")
          .append("<text class=\"title\" x=\"")
          .append(num(MARGIN))
          .append("\" y=\"")
          .append(num(titleBaseline))
          .append(
              "\" font-family=\"sans-serif\" font-size=\"15\" font-weight=\"bold\""
                  + " fill=\"#111111\">")
          .append(escape(printable(diagram.title())))
          .append("</text>\n");
      for (int i = 0; i < lanes; i++) {
        drawLane(body, i, headerTop, lifelineEnd);
      }
      body.append(steps);
      drawLegend(body, legendBaseline);
      body.append("</svg>\n");
      return body.toString();
    }

    /** A sample arrow of each style with its name, in one row. */
    private static void drawLegend(StringBuilder out, double baseline) {
      out.append("<g class=\"legend\">\n");
      double left = MARGIN;
      for (Style style : Style.values()) {
        String name = legendName(style);
        out.append("<line x1=\"")
            .append(num(left))
            .append("\" y1=\"")
            .append(num(baseline - 4))
            .append("\" x2=\"")
            .append(num(left + LEGEND_LINE))
            .append("\" y2=\"")
            .append(num(baseline - 4))
            .append("\" ")
            .append(strokeAttributes(style))
            .append(" marker-end=\"url(#head-")
            .append(className(style))
            .append(")\"/>\n<text x=\"")
            .append(num(left + LEGEND_LINE + 6))
            .append("\" y=\"")
            .append(num(baseline))
            .append("\" fill=\"#555555\">")
            .append(name)
            .append("</text>\n");
        left += LEGEND_LINE + 6 + name.length() * CHAR + LEGEND_SPACING;
      }
      out.append("</g>\n");
    }

    private void drawLane(StringBuilder out, int i, double top, double lifelineEnd) {
      double boxWidth = headerWidth[i];
      double bottom = top + headerHeight;
      out.append("<g class=\"lane\">\n")
          .append("<line class=\"lifeline\" x1=\"")
          .append(num(x[i]))
          .append("\" y1=\"")
          .append(num(bottom))
          .append("\" x2=\"")
          .append(num(x[i]))
          .append("\" y2=\"")
          .append(num(lifelineEnd))
          .append("\" stroke=\"#9aa5b1\" stroke-width=\"1\" stroke-dasharray=\"4 4\"/>\n")
          .append("<rect class=\"lane-box\" x=\"")
          .append(num(x[i] - boxWidth / 2))
          .append("\" y=\"")
          .append(num(top))
          .append("\" width=\"")
          .append(num(boxWidth))
          .append("\" height=\"")
          .append(num(headerHeight))
          .append("\" rx=\"4\" fill=\"#eef2f7\" stroke=\"#4a5568\" stroke-width=\"1\"/>\n")
          .append("<text class=\"lane-label\" x=\"")
          .append(num(x[i]))
          .append("\" y=\"")
          .append(num(top + 18))
          .append(
              "\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#111111\">")
          .append(escape(labels.get(i)))
          .append("</text>\n");
      double baseline = top + 18 + DETAIL_LINE;
      for (String line : details.get(i)) {
        out.append("<text class=\"lane-detail\" x=\"")
            .append(num(x[i]))
            .append("\" y=\"")
            .append(num(baseline))
            .append("\" text-anchor=\"middle\" fill=\"#333333\">")
            .append(escape(line))
            .append("</text>\n");
        baseline += DETAIL_LINE;
      }
      out.append("</g>\n");
    }

    private void open(
        StringBuilder out, String classes, String whole, String time, double baseline) {
      out.append("<g class=\"")
          .append(classes)
          .append("\">\n<title>")
          .append(escape(whole))
          .append("</title>\n<text class=\"time\" x=\"")
          .append(num(MARGIN))
          .append("\" y=\"")
          .append(num(baseline))
          .append("\" fill=\"#666666\">")
          .append(escape(time))
          .append("</text>\n");
    }

    private void label(
        StringBuilder out,
        String label,
        double centre,
        double baseline,
        String anchor,
        String fill) {
      double textWidth = width(label) * CHAR;
      double left = "middle".equals(anchor) ? centre - textWidth / 2 : centre;
      out.append("<rect class=\"label-bg\" x=\"")
          .append(num(left - 3))
          .append("\" y=\"")
          .append(num(baseline - 11))
          .append("\" width=\"")
          .append(num(textWidth + 6))
          .append("\" height=\"15\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>\n")
          .append("<text class=\"label\" x=\"")
          .append(num(centre))
          .append("\" y=\"")
          .append(num(baseline))
          .append("\" text-anchor=\"")
          .append(anchor)
          .append("\" fill=\"")
          .append(fill)
          .append("\">")
          .append(escape(label))
          .append("</text>\n");
    }

    private void drawArrow(StringBuilder out, Arrow arrow, String label, String whole, double top) {
      double line = top + 18;
      String style = className(arrow.style());
      open(out, "arrow " + style, whole, time(arrow.offset()), line + 4);
      double from = x[arrow.from()];
      double to = x[arrow.to()];
      label(out, label, (from + to) / 2, line - 5, "middle", colour(arrow.style()));
      out.append("<line class=\"shaft\" x1=\"")
          .append(num(from))
          .append("\" y1=\"")
          .append(num(line))
          .append("\" x2=\"")
          .append(num(to))
          .append("\" y2=\"")
          .append(num(line))
          .append("\" ")
          .append(strokeAttributes(arrow.style()))
          .append(" marker-end=\"url(#head-")
          .append(style)
          .append(")\"/>\n</g>\n");
    }

    private void drawLoop(StringBuilder out, Arrow arrow, String label, String whole, double top) {
      double start = top + 10;
      double end = start + 16;
      double lane = x[arrow.from()];
      String style = className(arrow.style());
      open(out, "arrow " + style + " self", whole, time(arrow.offset()), (start + end) / 2 + 4);
      out.append("<path class=\"shaft\" d=\"M")
          .append(num(lane))
          .append(',')
          .append(num(start))
          .append(" H")
          .append(num(lane + LOOP))
          .append(" V")
          .append(num(end))
          .append(" H")
          .append(num(lane))
          .append("\" fill=\"none\" ")
          .append(strokeAttributes(arrow.style()))
          .append(" marker-end=\"url(#head-")
          .append(style)
          .append(")\"/>\n");
      label(out, label, lane + LOOP + 8, (start + end) / 2 + 4, "start", colour(arrow.style()));
      out.append("</g>\n");
    }

    private void drawNote(StringBuilder out, Note note, String label, String whole, double top) {
      double centre = x[note.lane()];
      double textWidth = width(label) * CHAR;
      open(out, "note", whole, time(note.offset()), top + 19);
      out.append("<rect class=\"note-box\" x=\"")
          .append(num(centre - textWidth / 2 - 8))
          .append("\" y=\"")
          .append(num(top + 5))
          .append("\" width=\"")
          .append(num(textWidth + 16))
          .append(
              "\" height=\"20\" rx=\"3\" fill=\"#fff8c4\" stroke=\"#b59f00\""
                  + " stroke-width=\"1\"/>\n")
          .append("<text class=\"label\" x=\"")
          .append(num(centre))
          .append("\" y=\"")
          .append(num(top + 19))
          .append("\" text-anchor=\"middle\" fill=\"#5c4d00\">")
          .append(escape(label))
          .append("</text>\n</g>\n");
    }
  }
}

package io.github.bsdtalk.examples.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.bsdtalk.examples.session.SequenceDiagram.Arrow;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.w3c.dom.Document;

/**
 * Any list of events, however odd (names with control characters and markup, any addresses, any
 * type and answer codes, times out of order), builds a diagram and renders well-formed XML with a
 * lane group per lane and a group per step.
 */
class SessionDiagramPropertyTest {

  private static final int EXAMPLES = 300;

  /** Names that collide (the same user from several sockets), and any ISO-8859-1 text. */
  private static Gen<String> names() {
    return Generate.pick(List.of("alice", "bob", "", " ", "<&>\"'\u0001"))
        .mix(strings().betweenCodePoints(0, 0xff).ofLengthBetween(0, 12), 50);
  }

  /** Any Java text: the summaries and reasons the producers write. */
  private static Gen<String> texts() {
    return strings().allPossible().ofLengthBetween(0, 80).mix(names(), 30);
  }

  private static Gen<InetSocketAddress> addresses() {
    Gen<String> ips = Generate.pick(List.of("127.0.0.1", "10.0.0.1", "10.0.0.2", "0.0.0.0"));
    Gen<Integer> ports =
        Generate.pick(List.of(0, 517, 518, 40000, 40001, 41234, 45678))
            .mix(integers().between(0, 65535), 30);
    return ips.zip(ports, InetSocketAddress::new);
  }

  private static Gen<Instant> times() {
    return longs()
        .between(-5_000, 5_000)
        .map(Sessions.START::plusMillis)
        .mix(Generate.pick(List.of(Instant.MIN, Instant.MAX, Instant.EPOCH)), 5);
  }

  /** The numbers and flags of an event. */
  private record Codes(int type, int answer, long id, boolean flag, Instant time) {}

  private static Gen<Codes> codes() {
    Gen<Integer> bytes = integers().between(0, 3).mix(integers().between(0, 255), 40);
    return bytes
        .zip(
            bytes,
            longs().between(0, 0xFFFF_FFFFL),
            booleans().all(),
            (t, a, i, f) -> new Object[] {t, a, i, f})
        .zip(
            times(),
            (o, time) -> new Codes((int) o[0], (int) o[1], (long) o[2], (boolean) o[3], time));
  }

  private static Gen<SessionEvent> events() {
    Gen<List<InetSocketAddress>> sockets = addresses().zip(addresses(), addresses(), List::of);
    Gen<List<String>> strings = names().zip(names(), texts(), List::of);
    return integers()
        .between(0, 5)
        .zip(sockets, strings, codes(), SessionDiagramPropertyTest::event);
  }

  private static SessionEvent event(int kind, List<InetSocketAddress> at, List<String> s, Codes c) {
    switch (kind) {
      case 0:
        return new SessionEvent.Request(
            c.time(), at.get(0), at.get(1), c.flag(), c.type(), c.id(), s.get(0), s.get(1),
            at.get(2), !c.flag());
      case 1:
        return new SessionEvent.Reply(
            c.time(), at.get(0), at.get(1), c.flag(), c.type(), c.answer(), c.id(), at.get(2));
      case 2:
        return new SessionEvent.Malformed(c.time(), at.get(0), at.get(1), s.get(2));
      case 3:
        return new SessionEvent.TcpConnect(c.time(), at.get(0), at.get(1));
      case 4:
        return new SessionEvent.TcpData(c.time(), at.get(0), at.get(1), s.get(2));
      default:
        return new SessionEvent.TcpClose(c.time(), at.get(0), at.get(1), s.get(2));
    }
  }

  @Test
  void anyEventsBuildAndRenderWellFormedSvg() {
    qt().withExamples(EXAMPLES)
        .forAll(lists().of(events()).ofSizeBetween(0, 40), texts())
        .checkAssert(
            (events, title) -> {
              SequenceDiagram diagram = SessionDiagram.build(title, events);
              assertThat(diagram.steps().stream().filter(Arrow.class::isInstance))
                  .hasSize(events.size());

              Document svg = parse(SvgDiagram.render(diagram));

              assertThat(Svg.find(svg, "g", "lane")).hasSize(diagram.lanes().size());
              assertThat(Svg.find(svg, "g", "arrow").size() + Svg.find(svg, "g", "note").size())
                  .isEqualTo(diagram.steps().size());
              assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
            });
  }

  private static Document parse(String svg) {
    try {
      return Svg.parse(svg);
    } catch (Exception e) {
      throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + svg, e);
    }
  }
}

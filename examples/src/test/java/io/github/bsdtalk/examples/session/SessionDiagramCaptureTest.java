package io.github.bsdtalk.examples.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.examples.pcap.CaptureReader;
import io.github.bsdtalk.examples.pcap.PacketDecoder;
import io.github.bsdtalk.examples.pcap.TalkCapture;
import io.github.bsdtalk.examples.session.SequenceDiagram.Arrow;
import io.github.bsdtalk.examples.session.SequenceDiagram.Lane;
import io.github.bsdtalk.examples.session.SequenceDiagram.Style;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lab's captures of real talk programs (examples.pcap's test resources, README there), drawn
 * from {@link TalkCapture}'s events: one daemon on loopback playing both, so three lanes, the
 * rendezvous in netkit's order and the conversation's connection from bob to alice.
 */
class SessionDiagramCaptureTest {

  private static List<SessionEvent> events(String capture) throws Exception {
    try (InputStream in =
        SessionDiagramCaptureTest.class.getResourceAsStream(
            "/io/github/bsdtalk/examples/pcap/" + capture)) {
      assertThat(in).as(capture).isNotNull();
      return TalkCapture.of(PacketDecoder.decode(CaptureReader.read(in.readAllBytes())).packets())
          .events();
    }
  }

  private static List<Arrow> arrows(SequenceDiagram diagram) {
    return diagram.steps().stream().filter(Arrow.class::isInstance).map(Arrow.class::cast).toList();
  }

  /** Each request arrow as {@code FROM->TO TYPE}, lane indices. */
  private static List<String> requests(SequenceDiagram diagram) {
    return arrows(diagram).stream()
        .filter(arrow -> arrow.style() == Style.REQUEST)
        .map(arrow -> arrow.from() + "->" + arrow.to() + " " + arrow.label().split(" ")[0])
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"netkit-session.pcap", "inetutils-session.pcap", "netkit-manual.pcap"})
  void aLabSessionIsAliceCallingBobThroughOneDaemon(String capture) throws Exception {
    SequenceDiagram diagram = SessionDiagram.build(capture, events(capture));

    assertThat(diagram.lanes())
        .extracting(Lane::label)
        .containsExactly("alice's talk", "alice's and bob's daemon", "bob's talk");
    List<Arrow> arrows = arrows(diagram);
    assertThat(requests(diagram))
        .containsExactly(
            "0->1 LOOK_UP",
            "0->1 ANNOUNCE",
            "0->1 LEAVE_INVITE",
            "2->1 LOOK_UP",
            "0->1 DELETE",
            "0->1 DELETE");
    assertThat(arrows)
        .filteredOn(arrow -> arrow.label().equals("TCP connect"))
        .extracting(arrow -> arrow.from() + "->" + arrow.to())
        .containsExactly("2->0");
    assertThat(diagram.steps())
        .filteredOn(SequenceDiagram.Note.class::isInstance)
        .extracting(step -> ((SequenceDiagram.Note) step).text())
        .containsExactly("rings bob");

    // for people to look at (rsvg-convert, a browser): not checked
    Path dir = Files.createDirectories(Path.of("target", "session-diagrams"));
    Files.writeString(
        dir.resolve(capture + ".svg"), SvgDiagram.render(diagram), StandardCharsets.UTF_8);
  }

  @org.junit.jupiter.api.Test
  void twoHostsAreFourLanesThoughAlicesDaemonHasTwoAddresses() throws Exception {
    // netkit's talk reaches its own daemon at 127.0.0.1, bob's at hosta's address (README there)
    SequenceDiagram diagram =
        SessionDiagram.build("two hosts", events("netkit-twohost.pcap"));

    assertThat(diagram.lanes())
        .extracting(Lane::label)
        .containsExactly("alice's talk", "alice's daemon", "bob's daemon", "bob's talk");
    assertThat(diagram.lanes().get(1).detail()).isEqualTo("udp 127.0.0.1:518, 10.251.0.1:518");
    assertThat(requests(diagram))
        .containsExactly(
            "0->2 LOOK_UP",
            "0->2 ANNOUNCE",
            "0->1 LEAVE_INVITE",
            "3->1 LOOK_UP",
            "0->1 DELETE",
            "0->2 DELETE");
  }
}

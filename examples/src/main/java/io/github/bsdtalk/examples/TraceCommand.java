package io.github.bsdtalk.examples;

import io.github.bsdtalk.examples.pcap.Packet;
import io.github.bsdtalk.examples.pcap.TalkCapture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trace --listen [ADDR:]PORT --daemon HOST:PORT [--count N]}: relays talk control datagrams
 * between clients and a daemon and prints each one decoded (time, direction, every field, answer
 * names). The listen address defaults to 127.0.0.1; {@code --count} stops after N datagrams.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    showDefaultValues = true,
    sortOptions = false,
    description = "Relay talk control datagrams between clients and a daemon, printing each one"
        + " decoded.")
final class TraceCommand extends Subcommand {

  @Option(names = "--listen", required = true, paramLabel = "[ADDR:]PORT",
      converter = Converters.ListenAddress.class,
      description = "Where clients send (ADDR defaults to 127.0.0.1; PORT 0: any free port).")
  InetSocketAddress listen;

  @Option(names = "--daemon", required = true, paramLabel = "HOST:PORT",
      converter = Converters.HostPort.class,
      description = "The daemon to relay to.")
  InetSocketAddress daemon;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0",
      converter = Converters.Count.class,
      description = "Stop after N datagrams (0: never).")
  long count;

  @Option(names = "--diagram", paramLabel = "OUT.svg",
      description = "Keep a sequence diagram of the traffic in this SVG file, rewritten after"
          + " every datagram (the last " + MAX_DIAGRAM_DATAGRAMS + " datagrams; default: none).")
  Path diagram;

  private boolean diagramFailed;

  /** The most datagrams the diagram keeps: a trace may run for days, a diagram is for reading. */
  static final int MAX_DIAGRAM_DATAGRAMS = 200;

  @Override
  public Integer call() throws IOException {
    try (TraceRelay relay = TraceRelay.open(listen, daemon, out)) {
      err.println("trace: relaying " + TraceRelay.text(relay.localAddress()) + " <-> "
          + TraceRelay.text(daemon));
      if (diagram != null) {
        Deque<Packet> seen = new ArrayDeque<>();
        String title = "trace of the talk daemon " + TraceRelay.text(daemon);
        relay.observer((from, to, datagram) -> {
          if (seen.size() == MAX_DIAGRAM_DATAGRAMS) {
            seen.removeFirst();
          }
          seen.addLast(Packet.udp(Instant.now(), from, to, datagram));
          // requests go to the daemon's port, whatever it is; old talk when that is 517
          int ntalk = daemon.getPort() == TalkCapture.OLD_TALK_PORT ? -1 : daemon.getPort();
          try {
            DiagramFile.write(diagram, title,
                TalkCapture.of(List.copyOf(seen), ntalk, TalkCapture.OLD_TALK_PORT).events());
            diagramFailed = false;
          } catch (IOException e) {
            // the trace is what matters: say so once and go on relaying
            if (!diagramFailed) {
              err.println("trace: cannot write the diagram " + diagram + ": "
                  + DiagramFile.reason(e));
            }
            diagramFailed = true;
          }
        });
      }
      relay.run(count);
    }
    return 0;
  }
}

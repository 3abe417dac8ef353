package io.github.bsdtalk.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
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

  @Override
  public Integer call() throws IOException {
    try (TraceRelay relay = TraceRelay.open(listen, daemon, out)) {
      err.println("trace: relaying " + TraceRelay.text(relay.localAddress()) + " <-> "
          + TraceRelay.text(daemon));
      relay.run(count);
    }
    return 0;
  }
}

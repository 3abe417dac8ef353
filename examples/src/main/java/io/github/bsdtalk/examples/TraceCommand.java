package io.github.bsdtalk.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code trace --listen [ADDR:]PORT --daemon HOST:PORT [--count N]}: relays talk control datagrams
 * between clients and a daemon and prints each one decoded (time, direction, every field, answer
 * names). The listen address defaults to 127.0.0.1; {@code --count} stops after N datagrams.
 */
final class TraceCommand implements Main.Command {
  private static final String USAGE =
      "usage: trace --listen [ADDR:]PORT --daemon HOST:PORT [--count N]";

  @Override
  public int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    InetSocketAddress listen = null;
    InetSocketAddress daemon = null;
    long count = 0;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--listen":
            listen = address(args[++i], "127.0.0.1");
            break;
          case "--daemon":
            daemon = address(args[++i], null);
            break;
          case "--count":
            count = Long.parseLong(args[++i]);
            if (count < 0) {
              throw new IllegalArgumentException("N must be 0 or more: " + count);
            }
            break;
          default:
            err.println(USAGE);
            return 2;
        }
      }
    } catch (RuntimeException e) {
      err.println(USAGE + " (" + e.getMessage() + ")");
      return 2;
    }
    if (listen == null || daemon == null) {
      err.println(USAGE);
      return 2;
    }
    try (TraceRelay relay = TraceRelay.open(listen, daemon, out)) {
      err.println("trace: relaying " + TraceRelay.text(relay.localAddress()) + " <-> "
          + TraceRelay.text(daemon));
      relay.run(count);
    }
    return 0;
  }

  static InetSocketAddress address(String text, String defaultHost) {
    int colon = text.lastIndexOf(':');
    if (colon < 0 && defaultHost == null) {
      throw new IllegalArgumentException("HOST:PORT expected: " + text);
    }
    String host = colon < 0 ? defaultHost : text.substring(0, colon);
    int port = Integer.parseInt(colon < 0 ? text : text.substring(colon + 1));
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("unknown host: " + host, e);
    }
  }
}

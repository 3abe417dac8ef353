package io.github.bsdtalk.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code golden/netkit-errors.txt}: the 44 probes of the lab's {@code probe-errors.py} against
 * netkit in.ntalkd 0.17-18, in file order, with the reply netkit sent and the summary table of netkit
 * and inetutils answers ({@code #S} lines).
 *
 * <p>The file is talk-proto's copy ({@code talk-proto/src/test/resources/golden/}), which this
 * module's POM adds to its test resources: one copy of the capture for both modules.
 */
final class NetkitErrorsGolden {

  static final String RESOURCE = "golden/netkit-errors.txt";

  /**
   * One probe.
   *
   * @param name the case name
   * @param sent the datagram sent to the daemon
   * @param netkitReply the 24-byte reply netkit sent back
   * @param sender the socket the probe was sent from (the "to sending socket" note of the reply)
   * @param netkitSummary the netkit column of the {@code #S} table
   * @param inetutilsSummary the inetutils column of the {@code #S} table
   */
  record Case(
      String name,
      byte[] sent,
      byte[] netkitReply,
      InetSocketAddress sender,
      String netkitSummary,
      String inetutilsSummary) {}

  private NetkitErrorsGolden() {}

  static List<Case> load() {
    List<String> lines;
    try (InputStream in = NetkitErrorsGolden.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String[]> summary = new LinkedHashMap<>();
    Map<String, byte[]> sent = new LinkedHashMap<>();
    Map<String, byte[]> reply = new LinkedHashMap<>();
    Map<String, InetSocketAddress> sender = new LinkedHashMap<>();
    String current = null;
    for (String line : lines) {
      if (line.startsWith("#S ")) {
        String[] cells = line.substring(3).split("\\|");
        if (cells.length == 3 && !cells[0].isBlank() && !cells[0].strip().equals("case")) {
          summary.put(cells[0].strip(),
              new String[] {cells[1].strip(), cells[2].strip()});
        }
      } else if (line.startsWith("CASE ")) {
        String[] f = line.split(" ", -1);
        current = f[1];
        int length = Integer.parseInt(f[3]);
        byte[] bytes = HexFormat.of().parseHex(f.length > 4 ? f[4].strip() : "");
        if (bytes.length != length) {
          throw new IllegalStateException(current + ": length " + length + " but " + bytes.length);
        }
        switch (f[2]) {
          case "SENT":
            sent.put(current, bytes);
            break;
          case "REPLY":
            reply.put(current, bytes);
            break;
          default:
            throw new IllegalStateException(current + ": unexpected " + f[2]);
        }
      } else if (line.startsWith("#   from ") && current != null) {
        // "#   from 127.0.0.1:518 to sending socket 127.0.0.2:36120 after 0.1 ms"
        String socket = line.substring(line.indexOf("sending socket ") + 15).split(" ")[0];
        int colon = socket.lastIndexOf(':');
        sender.put(current, new InetSocketAddress(ip(socket.substring(0, colon)),
            Integer.parseInt(socket.substring(colon + 1))));
      }
    }
    List<Case> cases = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : sent.entrySet()) {
      String name = e.getKey();
      String[] s = Optional.ofNullable(summary.get(name))
          .orElseThrow(() -> new IllegalStateException("no #S summary for " + name));
      cases.add(new Case(name, e.getValue(),
          Optional.ofNullable(reply.get(name))
              .orElseThrow(() -> new IllegalStateException("no reply for " + name)),
          Optional.ofNullable(sender.get(name))
              .orElseThrow(() -> new IllegalStateException("no sender for " + name)),
          s[0], s[1]));
    }
    return cases;
  }

  private static InetAddress ip(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) Integer.parseInt(parts[i]);
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(dotted, e);
    }
  }
}

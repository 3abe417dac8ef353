package io.github.bsdtalk.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The request datagrams of {@code golden/netkit-errors.txt}: every {@code CASE <name> SENT <len>
 * <hex>} line, in file order. The file is the lab's capture of what was sent to netkit {@code
 * in.ntalkd} 0.17 and what it answered; only the sent bytes are used here.
 *
 * <p>The file is talk-proto's copy, read from its test-jar (this module keeps none of its own).
 */
final class GoldenSentDatagrams {

  /** The netkit capture, with a provenance line added on top. */
  static final String NETKIT_ERRORS = "/golden/netkit-errors.txt";

  /**
   * One captured request.
   *
   * @param name the case name in the capture
   * @param bytes the datagram as sent
   */
  record Sent(String name, byte[] bytes) {
    @Override
    public String toString() {
      return name + " (" + bytes.length + " bytes)";
    }
  }

  private GoldenSentDatagrams() {}

  /** Returns every SENT datagram of the netkit error capture. */
  static List<Sent> netkitErrors() {
    return load(NETKIT_ERRORS);
  }

  static List<Sent> load(String resource) {
    List<Sent> sent = new ArrayList<>();
    try (InputStream in = GoldenSentDatagrams.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 4 && f[0].equals("CASE") && f[2].equals("SENT")) {
          byte[] bytes = f.length > 4 ? HexFormat.of().parseHex(f[4]) : new byte[0];
          if (bytes.length != Integer.parseInt(f[3])) {
            throw new IllegalStateException("length mismatch in " + line);
          }
          sent.add(new Sent(f[1], bytes));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(sent);
  }
}

package io.github.bsdtalk.benchmarks;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.server.InvitationTable;
import io.github.bsdtalk.server.RequestHandler;
import io.github.bsdtalk.server.RequestProcessor;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Heap kept per live invitation by the in-memory table (issue 12, "Small and quick"), in one JVM
 * and without a daemon: the fill of {@code talkd-footprint.py}, 10,000 LEAVE_INVITEs each with its
 * own caller name ({@code c00000}...) for {@code bob}, 1,000 from each of 127.0.0.1..127.0.0.10,
 * through {@link RequestProcessor#answer} from encoded bytes, as {@code TalkdServer} hands them
 * over, each with a new sender address as {@code DatagramChannel.receive} gives.
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx64m -cp benchmarks/target/benchmarks.jar \
 *     io.github.bsdtalk.benchmarks.TableFootprint
 * </pre>
 *
 * <p>Prints the heap used after {@code System.gc()} before and after the fill, and the difference
 * of the class histograms ({@code GC.class_histogram}) by class: bytes per invitation of each.
 * The baseline holds the empty table and one warm-up request, which expires at the fill's first.
 */
public final class TableFootprint {

  private static final int INVITATIONS = 10_000;
  private static final int PER_ADDRESS = 1_000;

  private TableFootprint() {}

  /**
   * Runs the fill and prints what it kept.
   *
   * @param args none
   * @throws Exception if the histogram cannot be read
   */
  public static void main(String[] args) throws Exception {
    RequestProcessor talkd = RequestProcessor.builder().table(InvitationTable.inMemory())
        .localAddresses(InetAddress::isLoopbackAddress).build();
    Instant t0 = Instant.parse("2026-12-03T12:00:00Z");
    send(talkd, 99, 0, "warm", t0); // loads the classes of the request path before the baseline
    // The baseline histogram waits in a file: parsed, its thousands of class names would be on
    // the heap when the second is taken.
    Path baseline = Files.createTempFile("table-footprint", ".txt");
    Files.writeString(baseline, histogram());
    long usedBefore = usedAfterGc();
    int ok = 0;
    for (int n = 0; n < INVITATIONS; n++) {
      Instant now = t0.plusSeconds(61).plusMillis(n);
      RequestHandler.Handled h =
          send(talkd, n / PER_ADDRESS, n, String.format(Locale.ROOT, "c%05d", n), now);
      ok += h.response().orElseThrow().answer() == 0 ? 1 : 0;
    }
    long usedAfter = usedAfterGc();
    Map<String, long[]> after = parse(histogram());
    Map<String, long[]> before = parse(Files.readString(baseline));
    Files.delete(baseline);

    System.out.printf(Locale.ROOT, "%d answered SUCCESS, table size %d%n", ok,
        talkd.table().size());
    System.out.printf(Locale.ROOT, "heap used after GC: %d before, %d after: %.1f B/invitation%n",
        usedBefore, usedAfter, (usedAfter - usedBefore) / (double) INVITATIONS);
    List<Map.Entry<String, long[]>> grown = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] was = before.getOrDefault(e.getKey(), new long[2]);
      long[] d = {e.getValue()[0] - was[0], e.getValue()[1] - was[1]};
      total += d[1];
      if (d[1] >= INVITATIONS) {
        grown.add(Map.entry(e.getKey(), d));
      }
    }
    grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    System.out.printf(Locale.ROOT, "class histogram difference: %.1f B/invitation%n",
        total / (double) INVITATIONS);
    for (Map.Entry<String, long[]> e : grown) {
      System.out.printf(Locale.ROOT, "  %8d instances %6.1f B/invitation  %s%n", e.getValue()[0],
          e.getValue()[1] / (double) INVITATIONS, e.getKey());
    }
  }

  private static RequestHandler.Handled send(
      RequestProcessor talkd, int source, int n, String caller, Instant now)
      throws UnknownHostException {
    byte[] ip = {127, 0, 0, (byte) (source + 1)};
    Inet4Address client = (Inet4Address) InetAddress.getByAddress(ip);
    int controlPort = 30_000 + source;
    CtlMessage m = CtlMessage.of(RequestType.LEAVE_INVITE, 0,
        TalkAddress.of(client, 40_000 + n % 20_000), TalkAddress.of(client, controlPort), 4242,
        caller, "bob", "");
    InetSocketAddress sender =
        new InetSocketAddress(InetAddress.getByAddress(ip), controlPort); // a new instance
    return talkd.answer(ByteBuffer.wrap(TalkCodec.encode(m)), sender, now);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** GC.class_histogram, which runs a full GC first. */
  private static String histogram() throws JMException {
    return (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
  }

  /** A histogram's rows: class name to {instances, bytes}. */
  private static Map<String, long[]> parse(String out) {
    Map<String, long[]> byClass = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return byClass;
  }
}

package io.github.bsdtalk.examples;

import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * {@code talkd --packet-log FILE}: a copy of every datagram the daemon could not read as a
 * request, as netkit talkd's {@code -p} keeps them in {@code /var/log/talkd.packets} ({@code
 * talkd/print.c} {@code print_broken_packet()}: a "From:" line, then the bytes in hex, 24 to a
 * line). Ours also gives the time, the sender's port and why it was malformed.
 *
 * <p>Bounded: when the file would grow past its limit it is renamed to {@code FILE.1} (replacing
 * the one before) and a new one is started, so the two take at most twice the limit. A write that
 * fails is logged once and the daemon goes on serving: a full disk must not stop talk.
 */
final class PacketLog implements TalkdServer.Listener, AutoCloseable {

  /** The default limit of {@code FILE} (and of {@code FILE.1}): 1 MiB. */
  static final long DEFAULT_LIMIT = 1L << 20;

  /** The smallest limit: more than the entry of the longest datagram the server reads (512). */
  static final long MIN_LIMIT = 4096;

  private static final System.Logger LOG = System.getLogger(PacketLog.class.getName());
  private static final int PER_LINE = 24; // netkit print.c: if (i%24 == 0) write("\n    ")

  private final Path file;
  private final Path previous;
  private final long limit;
  private OutputStream out;
  private long size;
  private boolean failed;

  private PacketLog(Path file, long limit) throws IOException {
    this.file = file;
    this.previous = file.resolveSibling(file.getFileName() + ".1");
    this.limit = limit;
    open();
  }

  /**
   * Opens (or creates) the file for appending.
   *
   * @param file the packet log
   * @param limit the most bytes it may hold before it is rotated to {@code FILE.1}, at least
   *     {@link #MIN_LIMIT} (so that the longest entry fits)
   * @return the log
   * @throws IOException if the file cannot be opened for writing
   */
  static PacketLog open(Path file, long limit) throws IOException {
    Objects.requireNonNull(file, "file");
    if (limit < MIN_LIMIT) {
      throw new IllegalArgumentException("limit below " + MIN_LIMIT + " bytes: " + limit);
    }
    return new PacketLog(file, limit);
  }

  private void open() throws IOException {
    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    size = Files.size(file);
  }

  @Override
  public synchronized void onExchange(TalkdServer.Exchange exchange) {
    if (exchange.request().isPresent()) {
      return;
    }
    byte[] entry = entry(exchange.time(), exchange.sender().getAddress().getHostAddress(),
        exchange.sender().getPort(), exchange.datagram()).getBytes(StandardCharsets.US_ASCII);
    try {
      if (size > 0 && size + entry.length > limit) {
        out.close();
        Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
        open();
      }
      out.write(entry);
      out.flush();
      size += entry.length;
      failed = false;
    } catch (IOException e) {
      if (!failed) {
        LOG.log(System.Logger.Level.WARNING, "cannot write the packet log " + file, e);
      }
      failed = true;
    }
  }

  /** One datagram's entry, ending in a line break. */
  static String entry(Instant time, String ip, int port, byte[] datagram) {
    StringBuilder sb = new StringBuilder(64 + datagram.length * 3);
    sb.append("From: ").append(ip).append(" port ").append(port).append(", ")
        .append(datagram.length).append(" bytes, ").append(time.truncatedTo(ChronoUnit.MILLIS));
    try {
      TalkCodec.decodeMessage(datagram);
    } catch (MalformedPacketException e) {
      sb.append(": ").append(e.getMessage());
    }
    for (int i = 0; i < datagram.length; i++) {
      if (i % PER_LINE == 0) {
        sb.append("\n    ");
      }
      sb.append(Character.forDigit((datagram[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(datagram[i] & 0xF, 16))
          .append(' ');
    }
    return sb.append('\n').toString();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}

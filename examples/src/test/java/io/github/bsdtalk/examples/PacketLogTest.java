package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.server.Announcer;
import io.github.bsdtalk.server.TalkdServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code talkd --packet-log} and {@code -v} on a real server on 127.0.0.1: the malformed datagram
 * kept in hex (as netkit talkd/print.c print_broken_packet keeps it), good ones not, the file
 * bounded by its rotation, and one request-log line per datagram.
 */
class PacketLogTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** Sends each datagram to a server with this listener and waits for each reply. */
  private static void exchange(TalkdServer.Listener listener, byte[]... datagrams)
      throws Exception {
    try (TalkdServer server =
            TalkdServer.builder()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .announcer(Announcer.callback(a -> {}))
                .listener(listener)
                .build();
        RawUdp client = RawUdp.connect(server.localAddress())) {
      Future<Boolean> serving = Background.start("talkd", server::serve);
      for (byte[] d : datagrams) {
        client.send(ByteBuffer.wrap(d), server.localAddress());
        assertThat(client.receive(WAIT)).isPresent(); // every datagram answered
      }
      // the listener runs after each reply: once serve() has returned, it has run for all
      server.close();
      serving.get();
    }
  }

  private static byte[] lookUp() {
    return TalkCodec.encode(CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
        TalkAddress.of(new InetSocketAddress("127.0.0.1", 40000)), 1, "bob", "alice", ""));
  }

  @Test
  void aMalformedDatagramIsKeptInHexAndAGoodOneIsNot() throws Exception {
    Path file = dir.resolve("talkd.packets");
    byte[] bad = new byte[30];
    bad[0] = 1;
    bad[29] = (byte) 0xAB;
    try (PacketLog log = PacketLog.open(file, PacketLog.DEFAULT_LIMIT)) {
      exchange(log, lookUp(), bad);
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    assertThat(lines).hasSize(3); // the From line, 24 bytes, 6 bytes
    assertThat(lines.get(0)).startsWith("From: 127.0.0.1 port ").contains(", 30 bytes, ")
        .contains("offset");
    assertThat(lines.get(1)).isEqualTo("    01 " + "00 ".repeat(23));
    assertThat(lines.get(2)).isEqualTo("    " + "00 ".repeat(5) + "ab ");
  }

  @Test
  void theFileIsMovedAsideBeforeItPassesItsLimitSoTheTwoStayBounded() throws Exception {
    Path file = dir.resolve("talkd.packets");
    byte[] bad = new byte[500]; // an entry of about 1,600 bytes: 3 fit under 4,096 with room
    byte[][] many = new byte[8][];
    Arrays.fill(many, bad);
    try (PacketLog log = PacketLog.open(file, PacketLog.MIN_LIMIT)) {
      exchange(log, many);
    }

    Path previous = dir.resolve("talkd.packets.1");
    assertThat(Files.size(file)).isPositive().isLessThanOrEqualTo(PacketLog.MIN_LIMIT);
    assertThat(Files.size(previous)).isPositive().isLessThanOrEqualTo(PacketLog.MIN_LIMIT);
    long entries = Files.readAllLines(file).stream().filter(l -> l.startsWith("From: ")).count()
        + Files.readAllLines(previous).stream().filter(l -> l.startsWith("From: ")).count();
    assertThat(entries).isBetween(3L, 6L); // the newest kept, the oldest given up
  }

  @Test
  void aLogThatCannotBeWrittenLosesTheCopyButNotTheDaemon() throws Exception {
    Path file = dir.resolve("talkd.packets");
    Files.createDirectories(dir.resolve("talkd.packets.1").resolve("in-the-way")); // no rotation
    byte[] bad = new byte[500];
    try (PacketLog log = PacketLog.open(file, PacketLog.MIN_LIMIT)) {
      // the third entry needs a rotation that fails; the server answers all five regardless
      exchange(log, bad, bad, bad, bad, bad);
    }
    assertThat(Files.size(file)).isLessThanOrEqualTo(PacketLog.MIN_LIMIT);
  }

  @Test
  void theEntryOfADatagramThatDecodesAfterAllHasNoReason() {
    assertThat(PacketLog.entry(Instant.EPOCH, "10.0.0.1", 518, lookUp()))
        .startsWith("From: 10.0.0.1 port 518, 84 bytes, 1970-01-01T00:00:00Z\n    01 01 ");
  }

  @Test
  void verboseGivesOneLinePerDatagramOnTheErrorStream() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    exchange(RequestLogLines.to(err), lookUp(), new byte[10]);

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("talkd: ")
        .endsWith(" LOOK_UP id 0 bob -> alice tty \"\": NOT_HERE id 0");
    assertThat(lines.get(1)).contains(" malformed, 10 bytes (").endsWith(": UNKNOWN_REQUEST");
  }
}

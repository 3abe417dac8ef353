package io.github.bsdtalk.benchmarks;

import io.github.bsdtalk.client.CallResult;
import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.LineReader;
import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.client.TalkPeer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on the chat-room bridge with an IRC mirror (issue 14, "Load"): N talk members joined
 * through the bridge's daemon, a busy IRC channel, and the latency of every line to every screen.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.bsdtalk.benchmarks.BridgeLoad \
 *     --daemon 127.0.0.1:518 --room lobby --members 50 --irc 127.0.0.1:6667 --channel '#talk' \
 *     [--bridge-nick lobby] [--duration 20] [--talk-rate 5] [--irc-rate 2] [--bridge-pid PID]
 * </pre>
 *
 * <p>The members are this JVM's own talk calls ({@link TalkClient}, user names {@code load0},
 * {@code load1}, ...), each answered by the room as a netkit user's would be. Two IRC clients of
 * its own join the channel: {@code loadirc} speaks and {@code loadobs} only listens. During the
 * measured window the members send {@code --talk-rate} lines per second between them (round
 * robin) and {@code loadirc} sends {@code --irc-rate}; every line carries a tag ({@code L:s:n}
 * from member s, {@code I:n} from IRC) whose send time is kept, so each arrival gives one latency:
 *
 * <ul>
 *   <li>talk → talk: a member's line on every other member's screen (the fan-out, the aim);
 *   <li>IRC → talk: a channel line on every member's screen;
 *   <li>talk → IRC: a member's line as {@code loadobs} sees it in the channel (paced by the bridge);
 *   <li>IRC → IRC: {@code loadirc}'s line as {@code loadobs} sees it, straight through ngircd: the
 *       real program's own relay time in the same run, for comparison.
 * </ul>
 *
 * <p>After the window it waits {@code --drain} seconds for late lines, then prints per path the
 * deliveries expected and seen and p50, p99 and max, the bridge's resident memory (VmRSS now and
 * VmHWM, from {@code /proc/PID/status} with {@code --bridge-pid}), and a last {@code RESULT} line
 * of {@code key=value} pairs for scripts. Traffic goes only to the addresses given (loopback in
 * the scripts' namespaces).
 */
public final class BridgeLoad {

  private static final Pattern TAG = Pattern.compile("\\b(L):(\\d+):(\\d+)\\b|\\b(I):(\\d+)\\b");

  /** One measured path: its histogram and how many arrivals it expects. */
  private static final class Route {
    final String name;
    final LatencyHistogram histogram = new LatencyHistogram();
    final AtomicLong expected = new AtomicLong();

    Route(String name) {
      this.name = name;
    }

    synchronized void record(long nanos) {
      histogram.record(nanos);
    }

    synchronized String summary() {
      return String.format(
          Locale.ROOT,
          "%-14s seen %6d of %6d   p50 %8.2f ms   p99 %8.2f ms   max %8.2f ms",
          name,
          histogram.count(),
          expected.get(),
          ms(histogram.count() == 0 ? 0 : histogram.percentile(50)),
          ms(histogram.count() == 0 ? 0 : histogram.percentile(99)),
          ms(histogram.max()));
    }

    synchronized String result(String key) {
      return String.format(
          Locale.ROOT,
          "%s_seen=%d %s_expected=%d %s_p50_ms=%.2f %s_p99_ms=%.2f %s_max_ms=%.2f",
          key, histogram.count(), key, expected.get(),
          key, ms(histogram.count() == 0 ? 0 : histogram.percentile(50)),
          key, ms(histogram.count() == 0 ? 0 : histogram.percentile(99)),
          key, ms(histogram.max()));
    }
  }

  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final Route talkToTalk = new Route("talk -> talk");
  private final Route ircToTalk = new Route("IRC -> talk");
  private final Route talkToIrc = new Route("talk -> IRC");
  private final Route ircToIrc = new Route("IRC -> IRC");
  private volatile boolean measuring;

  private BridgeLoad() {}

  /** Runs the load; exit status 0 when it ran (the numbers are the result), 2 on a usage error. */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0 || !o.containsKey("--daemon") || !o.containsKey("--irc")
        || !o.containsKey("--channel")) {
      System.err.println(
          "usage: BridgeLoad --daemon HOST:PORT --irc HOST:PORT --channel '#CHAN' [--room lobby]"
              + " [--members 50] [--bridge-nick ROOM] [--duration 20] [--talk-rate 5]"
              + " [--irc-rate 2] [--drain 5] [--bridge-pid PID]");
      System.exit(2);
    }
    new BridgeLoad().run(o, System.out);
  }

  private void run(Map<String, String> o, PrintStream out) throws Exception {
    InetSocketAddress daemon = address(o.get("--daemon"));
    InetSocketAddress irc = address(o.get("--irc"));
    String channel = o.get("--channel");
    String room = o.getOrDefault("--room", "lobby");
    String bridgeNick = o.getOrDefault("--bridge-nick", room);
    int members = Integer.parseInt(o.getOrDefault("--members", "50"));
    double duration = Double.parseDouble(o.getOrDefault("--duration", "20"));
    double talkRate = Double.parseDouble(o.getOrDefault("--talk-rate", "5"));
    double ircRate = Double.parseDouble(o.getOrDefault("--irc-rate", "2"));
    double drain = Double.parseDouble(o.getOrDefault("--drain", "5"));
    long bridgePid = Long.parseLong(o.getOrDefault("--bridge-pid", "-1"));

    try (Irc speaker = Irc.join(irc, "loadirc", channel, line -> {});
        Irc observer = Irc.join(irc, "loadobs", channel, line -> observe(line, bridgeNick))) {
      List<Conversation> joined = joinAll(daemon, room, members, out);
      try {
        Thread.sleep(1000); // let the join announcements pass before measuring
        measuring = true;
        long rssPeak = 0;
        long start = System.nanoTime();
        long end = start + (long) (duration * 1e9);
        long talkGap = (long) (1e9 / talkRate);
        long ircGap = (long) (1e9 / ircRate);
        long nextTalk = start;
        long nextIrc = start;
        int talkSeq = 0;
        int ircSeq = 0;
        long nextRss = start;
        while (System.nanoTime() < end) {
          long now = System.nanoTime();
          if (now >= nextTalk) {
            int sender = talkSeq % joined.size();
            String tag = "L:" + sender + ":" + talkSeq;
            talkToTalk.expected.addAndGet(joined.size() - 1);
            talkToIrc.expected.incrementAndGet();
            sentAt.put(tag, System.nanoTime());
            joined.get(sender).sendLine("line " + tag);
            talkSeq++;
            nextTalk += talkGap;
          }
          if (now >= nextIrc) {
            String tag = "I:" + ircSeq;
            ircToTalk.expected.addAndGet(joined.size());
            ircToIrc.expected.incrementAndGet();
            sentAt.put(tag, System.nanoTime());
            speaker.send("PRIVMSG " + channel + " :chatter " + tag);
            ircSeq++;
            nextIrc += ircGap;
          }
          if (now >= nextRss) {
            rssPeak = Math.max(rssPeak, rssKib(bridgePid, "VmRSS:"));
            nextRss += 500_000_000L;
          }
          long sleep = Math.min(nextTalk, nextIrc) - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(sleep, 50_000_000L));
          }
        }
        TimeUnit.MILLISECONDS.sleep((long) (drain * 1000));
        long rssNow = rssKib(bridgePid, "VmRSS:");
        long hwm = rssKib(bridgePid, "VmHWM:");
        out.printf(Locale.ROOT, "members %d, %.0f s, talk %.1f lines/s, IRC %.1f lines/s%n",
            joined.size(), duration, talkRate, ircRate);
        for (Route p : List.of(talkToTalk, ircToTalk, talkToIrc, ircToIrc)) {
          out.println(p.summary());
        }
        out.printf(Locale.ROOT, "bridge RSS: %d KiB now, %d KiB peak while loaded, VmHWM %d KiB%n",
            rssNow, Math.max(rssPeak, rssNow), hwm);
        out.println("RESULT members=" + joined.size() + " " + talkToTalk.result("tt") + " "
            + ircToTalk.result("it") + " " + talkToIrc.result("ti") + " "
            + ircToIrc.result("ii") + " rss_kib=" + rssNow + " rss_peak_kib="
            + Math.max(rssPeak, rssNow) + " hwm_kib=" + hwm);
      } finally {
        for (Conversation c : joined) {
          c.close();
        }
      }
    }
  }

  /** Calls the room as load0, load1, ...: eight calls at a time, under the room's join cap. */
  private List<Conversation> joinAll(
      InetSocketAddress daemon, String room, int members, PrintStream out) throws Exception {
    TalkClient client =
        TalkClient.newBuilder()
            .localDaemon(daemon)
            .answerTimeout(Duration.ofSeconds(20))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Conversation>> calls = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      String user = "load" + i;
      calls.add(pool.submit(() -> {
        CallResult r = client.newCall(user, TalkPeer.local(room)).execute();
        return r.conversation().orElseThrow(() -> new IOException(user + ": " + r.message()));
      }));
    }
    List<Conversation> joined = new ArrayList<>();
    try {
      for (Future<Conversation> f : calls) {
        joined.add(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdown();
    }
    for (int i = 0; i < joined.size(); i++) {
      int me = i;
      LineReader lines = joined.get(i).lines();
      Thread t = new Thread(() -> read(me, lines), "member-" + i);
      t.setDaemon(true);
      t.start();
    }
    out.println("joined " + joined.size() + " members");
    return joined;
  }

  private void read(int me, LineReader lines) {
    try {
      Optional<String> line;
      while ((line = lines.readLine()).isPresent()) {
        Matcher m = TAG.matcher(line.get());
        if (!measuring || !m.find()) {
          continue;
        }
        String tag = m.group(0);
        Long sent = sentAt.get(tag);
        if (sent == null) {
          continue;
        }
        if (m.group(1) != null) {
          if (Integer.parseInt(m.group(2)) != me) {
            talkToTalk.record(System.nanoTime() - sent);
          }
        } else {
          ircToTalk.record(System.nanoTime() - sent);
        }
      }
    } catch (IOException e) {
      // the member was hung up at the end
    }
  }

  private void observe(String line, String bridgeNick) {
    Matcher m = TAG.matcher(line);
    if (!measuring || !line.contains(" PRIVMSG ") || !m.find()) {
      return;
    }
    Long sent = sentAt.get(m.group(0));
    if (sent == null) {
      return;
    }
    boolean fromBridge = line.startsWith(":" + bridgeNick + "!");
    if (m.group(1) != null && fromBridge) {
      talkToIrc.record(System.nanoTime() - sent);
    } else if (m.group(4) != null && line.startsWith(":loadirc!")) {
      ircToIrc.record(System.nanoTime() - sent);
    }
  }

  private static long rssKib(long pid, String field) throws IOException {
    if (pid <= 0) {
      return 0;
    }
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith(field)) {
        return Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A minimal IRC client: registers, joins, answers PING, hands every line to a consumer. */
  private static final class Irc implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    private Irc(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    static Irc join(
        InetSocketAddress server, String nick, String channel,
        java.util.function.Consumer<String> lines) throws Exception {
      Socket s = new Socket();
      s.connect(server, 5000);
      s.setTcpNoDelay(true);
      Irc irc = new Irc(s);
      CountDownLatch joined = new CountDownLatch(1);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      Thread t = new Thread(() -> {
        try {
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("PING ")) {
              irc.send("PONG " + line.substring(5));
            } else if (line.contains(" 366 ")) {
              joined.countDown();
            }
            lines.accept(line);
          }
        } catch (IOException e) {
          // closed at the end
        }
      }, "irc-" + nick);
      t.setDaemon(true);
      t.start();
      irc.send("NICK " + nick);
      irc.send("USER " + nick + " 0 * :bsdtalk load");
      irc.send("JOIN " + channel);
      if (!joined.await(20, TimeUnit.SECONDS)) {
        irc.close();
        throw new IOException(nick + " did not get into " + channel + " within 20 s");
      }
      return irc;
    }

    synchronized void send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      try {
        send("QUIT :done");
      } catch (IOException e) {
        // already gone
      }
      socket.close();
    }
  }
}

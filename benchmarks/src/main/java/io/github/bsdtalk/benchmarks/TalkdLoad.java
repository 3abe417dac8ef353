package io.github.bsdtalk.benchmarks;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop UDP load generator for a talk daemon (issue 3, "Speed"): N clients, each on its own
 * thread and UDP socket with one request in flight, for a fixed duration after a warm-up.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.bsdtalk.benchmarks.TalkdLoad \
 *     --target 127.0.0.1:518 --workload lookup-miss --clients 8 --warmup 3 --duration 10 \
 *     [--timeout-ms 200] [--retries 3] [--server-pid PID] [--label NAME]
 * </pre>
 *
 * <p>Workloads:
 *
 * <ul>
 *   <li>{@code lookup-miss}: LOOK_UP for a pair nobody invited; the expected answer is NOT_HERE. One
 *       request is one transaction.
 *   <li>{@code invite-delete}: LEAVE_INVITE, then DELETE of the id it returned. Both requests count
 *       as transactions; a pair is a LEAVE_INVITE followed by a DELETE answered SUCCESS. The answer
 *       byte of a LEAVE_INVITE reply is not checked (netkit never sets it; see the lab README), only
 *       a non-zero id.
 * </ul>
 *
 * <p>Every client binds its own socket on the source address (127.0.0.1 by default: talkd only takes
 * a LEAVE_INVITE from a local sender), and has its own {@code l_name} ({@code load<i>}) and {@code
 * pid}, so that no two clients' invitations are "identical" to the daemon. Requests go only to a
 * loopback target.
 *
 * <p><b>Timeouts.</b> A request not answered within {@code --timeout-ms} counts as a timeout and is
 * sent again, at most {@code --retries} times; then the transaction counts as failed (and a failed
 * LEAVE_INVITE skips its DELETE). The clients block in {@code receive} (two system calls per
 * request: the client side stays cheap on a small machine). A watchdog thread wakes a client whose
 * request is overdue by sending it a small datagram that names the attempt, so a late wake-up for
 * an earlier attempt is recognised and ignored. A reply whose {@code vers} or {@code type} does not
 * match the request is ignored, as netkit {@code talk/ctl_transact.c} does.
 *
 * <p><b>What is reported.</b> Transactions (and pairs) completed inside the measured window, per
 * second; the latency of each request from its first send to its accepted reply (retries included),
 * as p50, p99, p99.9 and max from a {@link LatencyHistogram}; timeouts, retries, failures,
 * unexpected answers; and CPU: the daemon's (from {@code /proc/PID/stat}, if {@code --server-pid}
 * is given), this JVM's, and the whole machine's busy share. A last line starting with {@code
 * RESULT} holds the same as {@code key=value} pairs for scripts.
 */
public final class TalkdLoad {

  private static final int CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final int WAKE_UP_SIZE = 8;
  private static final int WAKE_UP_MAGIC = 0x57414B45; // "WAKE"

  /** The two workloads. */
  enum Workload {
    LOOKUP_MISS("lookup-miss"),
    INVITE_DELETE("invite-delete");

    final String flag;

    Workload(String flag) {
      this.flag = flag;
    }

    static Workload parse(String s) {
      for (Workload w : values()) {
        if (w.flag.equals(s)) {
          return w;
        }
      }
      throw new IllegalArgumentException("unknown workload " + s + " (lookup-miss, invite-delete)");
    }
  }

  /** Parsed command line. */
  record Options(
      InetSocketAddress target,
      Inet4Address source,
      Workload workload,
      int clients,
      double warmupSeconds,
      double durationSeconds,
      int timeoutMillis,
      int retries,
      long serverPid,
      String label) {

    static Options parse(String[] args) {
      InetSocketAddress target = null;
      Inet4Address source = (Inet4Address) InetAddress.getLoopbackAddress();
      Workload workload = Workload.LOOKUP_MISS;
      int clients = 1;
      double warmup = 3;
      double duration = 10;
      int timeout = 200;
      int retries = 3;
      long serverPid = -1;
      String label = "";
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--target":
            target = parseTarget(v);
            break;
          case "--source":
            source = loopbackV4(v);
            break;
          case "--workload":
            workload = Workload.parse(v);
            break;
          case "--clients":
            clients = Integer.parseInt(v);
            break;
          case "--warmup":
            warmup = Double.parseDouble(v);
            break;
          case "--duration":
            duration = Double.parseDouble(v);
            break;
          case "--timeout-ms":
            timeout = Integer.parseInt(v);
            break;
          case "--retries":
            retries = Integer.parseInt(v);
            break;
          case "--server-pid":
            serverPid = Long.parseLong(v);
            break;
          case "--label":
            label = v;
            break;
          default:
            throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (target == null) {
        throw new IllegalArgumentException("--target HOST:PORT is required");
      }
      if (clients < 1 || clients > 1000) {
        throw new IllegalArgumentException("--clients out of range 1..1000: " + clients);
      }
      if (!(warmup >= 0) || !(duration > 0)) {
        throw new IllegalArgumentException("--warmup must be >= 0 and --duration > 0");
      }
      if (timeout < 1 || retries < 0) {
        throw new IllegalArgumentException("--timeout-ms must be >= 1 and --retries >= 0");
      }
      return new Options(target, source, workload, clients, warmup, duration, timeout, retries,
          serverPid, label);
    }

    private static InetSocketAddress parseTarget(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("--target needs HOST:PORT, got " + hostPort);
      }
      Inet4Address host = loopbackV4(hostPort.substring(0, colon));
      return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Only loopback addresses: this tool must never send load anywhere else. */
    private static Inet4Address loopbackV4(String literal) {
      InetAddress a;
      try {
        a = InetAddress.getByName(literal);
      } catch (IOException e) {
        throw new IllegalArgumentException("bad address " + literal, e);
      }
      if (!(a instanceof Inet4Address) || !a.isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "only IPv4 loopback addresses (127.0.0.0/8) are allowed: " + literal);
      }
      return (Inet4Address) a;
    }
  }

  /** The measured window and the clock all threads share. */
  private static final class Window {
    final long epoch = System.nanoTime();
    volatile long start;
    volatile long end;

    boolean contains(long nanos) {
      return nanos >= start && nanos < end;
    }

    int millisSinceEpoch(long nanos) {
      return (int) ((nanos - epoch) / 1_000_000);
    }
  }

  /** One client: its socket, its prepared requests, its counters. Runs on its own thread. */
  private static final class Client implements Runnable {
    final int index;
    final Options options;
    final Window window;
    final DatagramChannel channel;
    final InetSocketAddress localAddress;
    final ByteBuffer lookUp;
    final ByteBuffer invite;
    final ByteBuffer delete;
    final ByteBuffer reply = ByteBuffer.allocateDirect(256);
    final LatencyHistogram latency = new LatencyHistogram();
    /** (attempt number << 32) | deadline in ms since the epoch; 0 when no request is in flight. */
    final AtomicLong inFlight = new AtomicLong();
    int attempt;
    int replyAnswer;
    long replyId;
    long transactions;
    long pairs;
    long timeouts;
    long retries;
    long failed;
    long unexpected;
    long ioErrors;
    volatile Throwable crash;

    Client(int index, Options options, Window window) throws IOException {
      this.index = index;
      this.options = options;
      this.window = window;
      this.channel = DatagramChannel.open(StandardProtocolFamily.INET);
      channel.bind(new InetSocketAddress(options.source(), 0));
      this.localAddress = (InetSocketAddress) channel.getLocalAddress();
      TalkAddress control = TalkAddress.of(localAddress);
      int pid = (int) ProcessHandle.current().pid() * 1000 + index;
      String name = "load" + index;
      // The rendezvous address of a LEAVE_INVITE must be local (netkit: "bad return address").
      TalkAddress rendezvous = TalkAddress.of(options.source(), 40000 + (index % 20000));
      lookUp = prepared(CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY, control, pid, name,
          "nosuchcall", ""));
      invite = prepared(CtlMessage.of(RequestType.LEAVE_INVITE, CtlMessage.MAX_ID_NUM, rendezvous,
          control, pid, name, "callee", ""));
      delete = prepared(CtlMessage.of(RequestType.DELETE, 0, TalkAddress.ANY, control, pid, name,
          "callee", ""));
    }

    private static ByteBuffer prepared(CtlMessage m) {
      ByteBuffer b = ByteBuffer.allocateDirect(CtlMessage.SIZE);
      TalkCodec.encode(m, b);
      b.flip();
      return b;
    }

    @Override
    public void run() {
      try {
        if (options.workload() == Workload.LOOKUP_MISS) {
          runLookUps();
        } else {
          runInviteDeletes();
        }
      } catch (ClosedChannelException e) {
        // closed by main after the run (only if the target stopped answering)
      } catch (IOException | RuntimeException e) {
        crash = e;
      }
    }

    private void runLookUps() throws IOException {
      int lookUpType = RequestType.LOOK_UP.code();
      while (true) {
        long t0 = System.nanoTime();
        boolean ok = transact(lookUp, lookUpType);
        long t1 = System.nanoTime();
        if (ok) {
          count(t0, t1, replyAnswer == Answer.NOT_HERE.code());
        }
        if (t1 >= window.end) {
          return;
        }
      }
    }

    private void runInviteDeletes() throws IOException {
      int inviteType = RequestType.LEAVE_INVITE.code();
      int deleteType = RequestType.DELETE.code();
      while (true) {
        long t0 = System.nanoTime();
        boolean ok = transact(invite, inviteType);
        long t1 = System.nanoTime();
        if (ok) {
          long id = replyId;
          count(t0, t1, id != 0);
          if (id != 0) {
            delete.putInt(4, (int) id);
            ok = transact(delete, deleteType);
            long t2 = System.nanoTime();
            if (ok) {
              boolean success = replyAnswer == Answer.SUCCESS.code();
              count(t1, t2, success);
              if (success && window.contains(t2)) {
                pairs++;
              }
            }
            t1 = t2;
          }
        }
        if (t1 >= window.end) {
          return;
        }
      }
    }

    private void count(long start, long end, boolean expected) {
      if (window.contains(end)) {
        transactions++;
        latency.record(end - start);
        if (!expected) {
          unexpected++;
        }
      }
    }

    /**
     * Sends a request and waits for a reply of the same type, resending after each timeout.
     *
     * @return true with {@link #replyAnswer} and {@link #replyId} set, false if every attempt timed
     *     out
     */
    private boolean transact(ByteBuffer request, int type) throws IOException {
      for (int n = 0; n <= options.retries(); n++) {
        if (n > 0 && window.contains(System.nanoTime())) {
          retries++;
        }
        attempt++;
        long deadline = window.millisSinceEpoch(System.nanoTime()) + options.timeoutMillis();
        inFlight.set(((long) attempt << 32) | (deadline & 0xFFFF_FFFFL));
        request.rewind();
        try {
          channel.send(request, options.target());
        } catch (ClosedChannelException e) {
          throw e;
        } catch (IOException e) {
          // e.g. ECONNREFUSED surfacing from an earlier ICMP error: count, then wait as usual
          if (window.contains(System.nanoTime())) {
            ioErrors++;
          }
        }
        if (awaitReply(type)) {
          inFlight.set(0);
          return true;
        }
        if (window.contains(System.nanoTime())) {
          timeouts++;
        }
      }
      inFlight.set(0);
      if (window.contains(System.nanoTime())) {
        failed++;
      }
      return false;
    }

    /** Returns true on a matching reply, false when the watchdog says this attempt timed out. */
    private boolean awaitReply(int type) throws IOException {
      while (true) {
        reply.clear();
        try {
          channel.receive(reply);
        } catch (ClosedChannelException e) {
          throw e;
        } catch (IOException e) {
          if (window.contains(System.nanoTime())) {
            ioErrors++;
          }
          continue;
        }
        int length = reply.position();
        if (length == WAKE_UP_SIZE && reply.getInt(0) == WAKE_UP_MAGIC) {
          if (reply.getInt(4) == attempt) {
            return false;
          }
          continue; // a late wake-up for an attempt already answered
        }
        if (length == 24 && reply.get(0) == 1 && Byte.toUnsignedInt(reply.get(1)) == type) {
          replyAnswer = Byte.toUnsignedInt(reply.get(2));
          replyId = Integer.toUnsignedLong(reply.getInt(4));
          return true;
        }
        // anything else (a stale reply of another type): ignore, as ctl_transact does
      }
    }
  }

  /** Wakes clients whose request is overdue. */
  private static final class Watchdog implements Runnable {
    final List<Client> clients;
    final Window window;
    final long[] woken;
    final DatagramChannel channel;
    final ByteBuffer wakeUp = ByteBuffer.allocateDirect(WAKE_UP_SIZE);
    final long periodMillis;
    volatile boolean stop;

    Watchdog(List<Client> clients, Window window, Options options) throws IOException {
      this.clients = clients;
      this.window = window;
      this.woken = new long[clients.size()];
      this.channel = DatagramChannel.open(StandardProtocolFamily.INET);
      channel.bind(new InetSocketAddress(options.source(), 0));
      this.periodMillis = Math.max(1, Math.min(20, options.timeoutMillis() / 10));
    }

    @Override
    public void run() {
      try {
        while (!stop) {
          Thread.sleep(periodMillis);
          int now = window.millisSinceEpoch(System.nanoTime());
          for (int i = 0; i < clients.size(); i++) {
            long state = clients.get(i).inFlight.get();
            if (state == 0 || state == woken[i] || now <= (int) state) {
              continue;
            }
            woken[i] = state;
            wakeUp.clear();
            wakeUp.putInt(0, WAKE_UP_MAGIC).putInt(4, (int) (state >>> 32));
            channel.send(wakeUp, clients.get(i).localAddress);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        try {
          channel.close();
        } catch (IOException e) {
          // nothing to do
        }
      }
    }
  }

  /** CPU time counters read from /proc. */
  private record CpuSample(long nanos, long serverTicks, long selfTicks, long busy, long total) {
    static CpuSample take(long serverPid) {
      long[] machine = machineTicks();
      return new CpuSample(System.nanoTime(), serverPid > 0 ? processTicks("" + serverPid) : -1,
          processTicks("self"), machine[0], machine[1]);
    }

    private static long processTicks(String pid) {
      try {
        String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    private static long[] machineTicks() {
      try {
        String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] f = cpu.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
      } catch (IOException | RuntimeException e) {
        return new long[] {-1, -1};
      }
    }
  }

  private TalkdLoad() {}

  /**
   * Runs one load test and prints its report.
   *
   * @param args see the class description
   * @throws Exception if the run cannot be set up
   */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("talkd-load: " + e.getMessage());
      System.err.println("usage: TalkdLoad --target 127.0.0.1:PORT [--workload lookup-miss|"
          + "invite-delete] [--clients N] [--warmup S] [--duration S] [--timeout-ms MS] "
          + "[--retries N] [--server-pid PID] [--label NAME] [--source 127.0.0.1]");
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out) ? 0 : 1);
  }

  static boolean run(Options o, PrintStream out) throws IOException, InterruptedException {
    Window window = new Window();
    long begin = System.nanoTime() + 200_000_000L; // after the threads have started
    window.start = begin + (long) (o.warmupSeconds() * 1e9);
    window.end = window.start + (long) (o.durationSeconds() * 1e9);
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < o.clients(); i++) {
      clients.add(new Client(i, o, window));
    }
    Watchdog watchdog = new Watchdog(clients, window, o);
    Thread watchdogThread = new Thread(watchdog, "watchdog");
    watchdogThread.setDaemon(true);
    watchdogThread.start();
    List<Thread> threads = new ArrayList<>();
    for (Client c : clients) {
      Thread t = new Thread(c, "client-" + c.index);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    sleepUntil(window.start);
    CpuSample before = CpuSample.take(o.serverPid());
    sleepUntil(window.end);
    CpuSample after = CpuSample.take(o.serverPid());
    long joinDeadline = System.nanoTime()
        + (o.retries() + 2L) * o.timeoutMillis() * 1_000_000L + 1_000_000_000L;
    for (Thread t : threads) {
      t.join(Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000));
    }
    watchdog.stop = true;
    boolean stuck = false;
    for (int i = 0; i < clients.size(); i++) {
      if (threads.get(i).isAlive()) {
        stuck = true;
      }
      clients.get(i).channel.close();
    }
    return report(o, clients, before, after, stuck, out);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000), 0);
    }
  }

  private static boolean report(Options o, List<Client> clients, CpuSample before,
      CpuSample after, boolean stuck, PrintStream out) {
    LatencyHistogram all = new LatencyHistogram();
    long tx = 0;
    long pairs = 0;
    long timeouts = 0;
    long retries = 0;
    long failed = 0;
    long unexpected = 0;
    long ioErrors = 0;
    int crashed = 0;
    for (Client c : clients) {
      all.add(c.latency);
      tx += c.transactions;
      pairs += c.pairs;
      timeouts += c.timeouts;
      retries += c.retries;
      failed += c.failed;
      unexpected += c.unexpected;
      ioErrors += c.ioErrors;
      if (c.crash != null) {
        crashed++;
        out.println("client " + c.index + " crashed: " + c.crash);
      }
    }
    double seconds = o.durationSeconds();
    double wall = (after.nanos() - before.nanos()) / 1e9;
    double serverCpu = before.serverTicks() < 0 || after.serverTicks() < 0 ? Double.NaN
        : 100.0 * (after.serverTicks() - before.serverTicks()) / CLOCK_TICKS_PER_SECOND / wall;
    double selfCpu = 100.0 * (after.selfTicks() - before.selfTicks()) / CLOCK_TICKS_PER_SECOND
        / wall;
    double machineBusy = before.total() < 0 || after.total() == before.total() ? Double.NaN
        : 100.0 * (after.busy() - before.busy()) / (after.total() - before.total());
    String target = o.target().getAddress().getHostAddress() + ":" + o.target().getPort();
    out.printf(Locale.ROOT, "talkd-load %s target=%s workload=%s clients=%d warmup=%.1fs "
        + "duration=%.1fs timeout=%dms retries<=%d%n", o.label(), target, o.workload().flag,
        o.clients(), o.warmupSeconds(), seconds, o.timeoutMillis(), o.retries());
    out.printf(Locale.ROOT, "  transactions %d (%.1f/s)%s%n", tx, tx / seconds,
        o.workload() == Workload.INVITE_DELETE
            ? String.format(Locale.ROOT, ", pairs %d (%.1f/s)", pairs, pairs / seconds) : "");
    out.printf(Locale.ROOT, "  latency us   p50 %s  p99 %s  p99.9 %s  max %s  min %s%n",
        micros(all.percentile(50)), micros(all.percentile(99)), micros(all.percentile(99.9)),
        micros(all.max()), micros(all.min()));
    out.printf(Locale.ROOT, "  errors       timeouts %d, retries %d, gave up %d, unexpected "
        + "answers %d, io errors %d%s%n", timeouts, retries, failed, unexpected, ioErrors,
        stuck ? ", CLIENTS STUCK" : "");
    out.printf(Locale.ROOT, "  cpu          daemon %.0f%% of one core, load generator %.0f%%, "
        + "machine %.0f%% busy (%d cores)%n", serverCpu, selfCpu, machineBusy,
        Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "RESULT label=%s target=%s workload=%s clients=%d duration=%.1f "
        + "tx=%d tps=%.1f pairs=%d p50_us=%s p99_us=%s p999_us=%s max_us=%s timeouts=%d "
        + "retries=%d failed=%d unexpected=%d io_errors=%d server_cpu=%.0f loadgen_cpu=%.0f "
        + "machine_busy=%.0f%n", o.label().isEmpty() ? "-" : o.label(), target,
        o.workload().flag, o.clients(), seconds, tx, tx / seconds, pairs,
        micros(all.percentile(50)), micros(all.percentile(99)), micros(all.percentile(99.9)),
        micros(all.max()), timeouts, retries, failed, unexpected, ioErrors, serverCpu, selfCpu,
        machineBusy);
    out.flush();
    return tx > 0 && crashed == 0 && !stuck;
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
  }
}

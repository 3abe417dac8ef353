package io.github.bsdtalk.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class ConversationLoopbackTest {

  private static final Duration HANDSHAKE = Duration.ofSeconds(10);
  private static final EditChars OTHER = new EditChars((byte) 0x08, (byte) '@', (byte) 0x17);

  private ExecutorService executor;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startExecutor() {
    executor = Executors.newCachedThreadPool();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, SECONDS)).isTrue();
  }

  /** A connected pair of sockets on 127.0.0.1: [0] accepted (the caller), [1] connecting. */
  private Socket[] socketPair() throws IOException {
    try (ServerSocket listen = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Socket callee = new Socket();
      toClose.add(callee);
      callee.connect(listen.getLocalSocketAddress(), 10_000);
      Socket caller = listen.accept();
      toClose.add(caller);
      return new Socket[] {caller, callee};
    }
  }

  /** Both sides start at the same time, as the C clients do (both write, then read). */
  private Conversation[] conversationPair(EditChars callerChars, EditChars calleeChars)
      throws Exception {
    Socket[] s = socketPair();
    Future<Conversation> caller =
        executor.submit(() -> Conversation.start(s[0], callerChars, HANDSHAKE));
    Conversation callee = Conversation.start(s[1], calleeChars, HANDSHAKE);
    Conversation[] pair = {caller.get(10, SECONDS), callee};
    toClose.add(pair[0]);
    toClose.add(pair[1]);
    return pair;
  }

  @Test
  void eachSideSeesTheOthersEditChars() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, OTHER);
    assertThat(c[0].localEditChars()).isEqualTo(EditChars.DEFAULT);
    assertThat(c[0].peerEditChars()).isEqualTo(OTHER);
    assertThat(c[1].localEditChars()).isEqualTo(OTHER);
    assertThat(c[1].peerEditChars()).isEqualTo(EditChars.DEFAULT);
    assertThat(c[0].peerAddress()).isEqualTo(c[1].localAddress());
    assertThat(c[1].peerAddress()).isEqualTo(c[0].localAddress());
  }

  @Test
  void sendsDisabledSlotsAsIsAndTheReceiverMapsThemToDefaults() throws Exception {
    EditChars disabled = new EditChars((byte) 0xFF, (byte) 0xFF, (byte) 0xFF);
    Conversation[] c = conversationPair(disabled, OTHER);
    assertThat(c[1].peerEditChars()).isEqualTo(EditChars.DEFAULT);
  }

  @Test
  void turnsOnNoDelayAndRestoresTheSocketTimeout() throws Exception {
    Socket[] s = socketPair();
    s[1].setSoTimeout(1234);
    Future<Conversation> caller =
        executor.submit(() -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE));
    Conversation callee = Conversation.start(s[1], EditChars.DEFAULT, HANDSHAKE);
    toClose.add(callee);
    toClose.add(caller.get(10, SECONDS));
    assertThat(s[1].getTcpNoDelay()).isTrue();
    assertThat(s[1].getSoTimeout()).isZero();
    assertThat(s[0].getTcpNoDelay()).isTrue();
  }

  @Test
  void carriesTextBothWaysWithThePeersEditsApplied() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, OTHER);
    Conversation alice = c[0];
    Conversation bob = c[1];

    alice.sendLine("Hello bob");
    assertThat(bob.lines().readLine()).contains("Hello bob");

    // Bob's erase is BS and his kill is '@': alice applies his, not hers, so her kill ^U is
    // just a control character in bob's text (shown sanitised).
    bob.send("hi alice!\ntypo\b\bo\u0015\nxyz@wörld\n");
    LineReader lines = alice.lines();
    assertThat(lines.readLine()).contains("hi alice!");
    assertThat(lines.readLine()).contains("tyo^U");
    assertThat(lines.readLine()).contains("wörld");
  }

  @Test
  void theGoldenNetkitStreamGivesTheSameLinesOverTcp() throws Exception {
    byte[] stream = Golden.load("netkit-tcp-callee-to-caller.hex");
    Socket[] s = socketPair();
    Future<Conversation> alice =
        executor.submit(() -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE));
    // Bob is a raw peer replaying netkit's bytes one segment per write, as netkit sent them.
    OutputStream bob = s[1].getOutputStream();
    s[1].setTcpNoDelay(true);
    for (byte b : stream) {
      bob.write(b);
    }
    s[1].shutdownOutput();
    Conversation a = alice.get(10, SECONDS);
    toClose.add(a);
    assertThat(a.peerEditChars()).isEqualTo(EditChars.DEFAULT);
    LineReader lines = a.lines();
    assertThat(lines.readLine()).contains("hi alice!");
    assertThat(lines.readLine()).contains("tyo");
    assertThat(lines.readLine()).isEmpty();
    assertThat(s[1].getInputStream().readNBytes(3)).containsExactly(0x7F, 0x15, 0x17);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void closingEitherSideEndsTheOthersLinesAndItCanStillCloseCleanly(int closer) throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    Conversation closing = c[closer];
    Conversation other = c[1 - closer];

    Future<List<String>> reader = executor.submit(() -> readAll(other.lines()));
    closing.sendLine("bye");
    closing.send("partial");
    closing.close();

    assertThat(reader.get(10, SECONDS)).containsExactly("bye", "partial");
    assertThat(closing.isClosed()).isTrue();
    assertThat(other.isClosed()).isFalse();
    other.close();
    other.close();
    assertThat(other.isClosed()).isTrue();
  }

  @Test
  void closingLocallyUnblocksOurOwnReaderWithEndOfStream() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    CountDownLatch reading = new CountDownLatch(1);
    Future<Optional<String>> blocked =
        executor.submit(
            () -> {
              reading.countDown();
              return c[0].lines().readLine();
            });
    assertThat(reading.await(10, SECONDS)).isTrue();
    c[0].close();
    assertThat(blocked.get(10, SECONDS)).isEmpty();
    assertThat(c[0].lines().readLine()).isEmpty(); // and stays at the end
    assertThat(c[1].lines().readLine()).isEmpty();
  }

  @Test
  void closeClosesTheSocketItWasStartedOn() throws Exception {
    Socket[] s = socketPair();
    Future<Conversation> caller =
        executor.submit(() -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE));
    Conversation callee = Conversation.start(s[1], EditChars.DEFAULT, HANDSHAKE);
    toClose.add(callee);
    Conversation c = caller.get(10, SECONDS);
    toClose.add(c);

    c.close();

    assertThat(s[0].isClosed()).isTrue();
    assertThat(s[1].isClosed()).isFalse();
    assertThat(callee.input().read()).isEqualTo(-1);
    c.close(); // idempotent
    assertThat(c.isClosed()).isTrue();
  }

  @Test
  void singleByteReadsAndWritesAndAvailableGoThroughUntilClosed() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);

    c[0].output().write('x');
    c[0].output().write('y');
    assertThat(c[1].input().read()).isEqualTo('x');
    // 'y' was written before 'x' was read: it is in the receive buffer, or about to be
    assertThat(c[1].input().read()).isEqualTo('y');
    c[0].send("z");
    byte[] one = new byte[1];
    assertThat(c[1].input().read(one, 0, 1)).isEqualTo(1);
    assertThat(one[0]).isEqualTo((byte) 'z');
    assertThat(c[1].input().read(one, 0, 0)).isZero();

    c[0].send("later");
    assertThat(c[1].input().read()).isEqualTo('l');
    // one write of 5 bytes is one loopback segment: the other 4 arrived with the first
    assertThat(c[1].input().available()).isEqualTo(4);
    c[1].close();
    assertThat(c[1].input().available()).isZero();
    assertThat(c[1].input().read()).isEqualTo(-1);
    assertThat(c[1].input().read(one, 0, 1)).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void closingLocallyUnblocksAReadInsideTheSocketWithEndOfStream(boolean singleByte)
      throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    CompletableFuture<Thread> reader = new CompletableFuture<>();
    Future<Integer> blocked =
        executor.submit(
            () -> {
              reader.complete(Thread.currentThread());
              return singleByte ? c[0].input().read() : c[0].input().read(new byte[8], 0, 8);
            });
    awaitBlockedInSocketRead(reader.get(10, SECONDS));
    c[0].close();
    assertThat(blocked.get(10, SECONDS)).isEqualTo(-1);
  }

  /**
   * Waits (at most 10 s) until the thread is inside the JDK's socket read, so that close() fails
   * that read rather than being seen before it starts. If the JDK's frames are not recognised the
   * test still runs, only without that guarantee.
   */
  private static void awaitBlockedInSocketRead(Thread t) {
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (StackTraceElement f : t.getStackTrace()) {
        if (f.getClassName().equals("sun.nio.ch.NioSocketImpl")
            && f.getMethodName().equals("park")) {
          return;
        }
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aHandshakeTimeoutTooLongForNanosecondsMeansNoTimeout() throws Exception {
    Socket[] s = socketPair();
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    Future<Conversation> caller =
        executor.submit(() -> Conversation.start(s[0], EditChars.DEFAULT, forever));
    Conversation callee = Conversation.start(s[1], OTHER, forever);
    toClose.add(callee);
    Conversation c = caller.get(10, SECONDS);
    toClose.add(c);

    assertThat(c.peerEditChars()).isEqualTo(OTHER);
  }

  @Test
  void refusesToSendAfterClose() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    c[0].close();
    assertThatThrownBy(() -> c[0].send("x")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> c[0].output().write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void closingTheInputOrOutputStreamClosesTheConversation() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    c[0].output().close();
    assertThat(c[0].isClosed()).isTrue();
    c[1].input().close();
    assertThat(c[1].isClosed()).isTrue();
  }

  @Test
  void peerThatClosesAfterTwoBytesFailsTheHandshake() throws Exception {
    Socket[] s = socketPair();
    OutputStream peer = s[1].getOutputStream();
    peer.write(new byte[] {0x7F, 0x15});
    s[1].shutdownOutput();

    HandshakeException e =
        catchThrowableOfType(
            HandshakeException.class, () -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE));
    assertThat(e.reason()).isEqualTo(HandshakeException.Reason.PEER_CLOSED);
    assertThat(e.bytesReceived()).isEqualTo(2);
    assertThat(e).isInstanceOf(IOException.class);
    assertThat(s[0].isClosed()).isTrue();
  }

  @Test
  void peerThatClosesAtOnceFailsTheHandshake() throws Exception {
    Socket[] s = socketPair();
    s[1].close();
    // Our 3 bytes may or may not be written before the reset arrives: either way an IOException.
    assertThatThrownBy(() -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE))
        .isInstanceOf(IOException.class);
    assertThat(s[0].isClosed()).isTrue();
  }

  @Test
  void silentPeerTimesOutTheHandshake() throws Exception {
    Socket[] s = socketPair();
    s[1].getOutputStream().write(0x7F);
    HandshakeException e =
        catchThrowableOfType(
            HandshakeException.class,
            () -> Conversation.start(s[0], EditChars.DEFAULT, Duration.ofMillis(200)));
    assertThat(e.reason()).isEqualTo(HandshakeException.Reason.TIMED_OUT);
    assertThat(e.bytesReceived()).isEqualTo(1);
    assertThat(s[0].isClosed()).isTrue();
  }

  @Test
  void readsEditCharsThatArriveOneByteAtATime() throws Exception {
    Socket[] s = socketPair();
    Future<Conversation> us =
        executor.submit(() -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE));
    OutputStream peer = s[1].getOutputStream();
    s[1].setTcpNoDelay(true);
    peer.write(0x08);
    // Wait for our side's 3 bytes, which start() writes before it reads: it is reading now.
    assertThat(s[1].getInputStream().readNBytes(3)).containsExactly(0x7F, 0x15, 0x17);
    peer.write('@');
    peer.write(0x17);
    Conversation c = us.get(10, SECONDS);
    toClose.add(c);
    assertThat(c.peerEditChars()).isEqualTo(OTHER);
  }

  @Test
  void readsExactlyThreeBytesAndLeavesTheRestForTheConversation() throws Exception {
    Socket[] s = socketPair();
    // Edit chars and typing in one segment: a single read() could take all of it.
    s[1].getOutputStream().write(new byte[] {0x7F, 0x15, 0x17, 'h', 'i', '\n'});
    Conversation c = Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE);
    toClose.add(c);
    assertThat(c.lines().readLine()).contains("hi");
  }

  @Test
  void readerDecodesUtf8SplitAcrossSegments() throws Exception {
    Socket[] s = socketPair();
    Future<Conversation> us =
        executor.submit(() -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE));
    OutputStream peer = s[1].getOutputStream();
    s[1].setTcpNoDelay(true);
    peer.write(new byte[] {0x7F, 0x15, 0x17, 'h', (byte) 0xE2, (byte) 0x82});
    Conversation c = us.get(10, SECONDS);
    toClose.add(c);
    Reader reader = c.reader();
    assertThat((char) reader.read()).isEqualTo('h');
    peer.write(new byte[] {(byte) 0xAC, (byte) 0xFF, '!'});
    s[1].shutdownOutput();
    StringBuilder rest = new StringBuilder();
    for (int ch; (ch = reader.read()) >= 0; ) {
      rest.append((char) ch);
    }
    assertThat(rest.toString()).isEqualTo("€\uFFFD!");
  }

  @Test
  void offersEitherTheReaderOrTheLinesNotBoth() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    assertThat(c[0].reader()).isSameAs(c[0].reader());
    assertThatThrownBy(() -> c[0].lines()).isInstanceOf(IllegalStateException.class);
    assertThat(c[1].lines()).isSameAs(c[1].lines()).isSameAs(c[1].lines(true));
    assertThatThrownBy(() -> c[1].lines(false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c[1].reader()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c[0].input()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c[1].input()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c[1].lines(true, 80)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theRawInputExcludesTheReaderAndTheLines() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    assertThat(c[0].input()).isSameAs(c[0].input());
    assertThatThrownBy(() -> c[0].reader()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c[0].lines()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c[0].lines(false, 10)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void linesBreakAtTheWidthAskedFor() throws Exception {
    Conversation[] c = conversationPair(EditChars.DEFAULT, EditChars.DEFAULT);
    LineReader lines = c[1].lines(true, 4);
    c[0].sendLine("abcdefghij");

    assertThat(lines.readLine()).contains("abcd");
    assertThat(lines.readLine()).contains("efgh");
    assertThat(lines.readLine()).contains("ij");
    assertThat(c[1].lines(true, 4)).isSameAs(lines);
    assertThatIllegalArgumentException().isThrownBy(() -> c[0].lines(true, 0));
  }

  @Test
  void rejectsBadArguments() throws Exception {
    Socket unconnected = new Socket();
    toClose.add(unconnected);
    assertThatThrownBy(() -> Conversation.start(unconnected, EditChars.DEFAULT, HANDSHAKE))
        .isInstanceOf(IllegalArgumentException.class);
    Socket[] s = socketPair();
    assertThatThrownBy(() -> Conversation.start(s[0], EditChars.DEFAULT, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Conversation.start(s[0], null, HANDSHAKE))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void hostilePeerNeverBreaksTheLineReaderAndSanitisedLinesAreSafe() throws Exception {
    Random random = new Random(0x7a1c);
    for (int round = 0; round < 40; round++) {
      byte[] hostile = hostileBytes(random);
      Socket[] s = socketPair();
      Future<List<String>> received =
          executor.submit(
              () -> {
                try (Conversation c = Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE)) {
                  return readAll(c.lines());
                }
              });
      OutputStream peer = s[1].getOutputStream();
      s[1].setTcpNoDelay(true);
      peer.write(new byte[] {0x7F, 0x15, 0x17});
      for (int off = 0; off < hostile.length; ) {
        int len = Math.min(1 + random.nextInt(7), hostile.length - off);
        peer.write(hostile, off, len);
        off += len;
      }
      s[1].shutdownOutput();
      s[1].getInputStream().readAllBytes(); // our edit chars, then EOF once we close

      List<String> lines = received.get(10, SECONDS);
      lines.forEach(TextSanitizerTest::assertNoUnsafeChars);
      LineAssembler expected = new LineAssembler(EditChars.DEFAULT, true);
      List<String> whole = new ArrayList<>(expected.feed(hostile));
      expected.finish().ifPresent(whole::add);
      assertThat(lines).as("round %d", round).isEqualTo(whole);
    }
  }

  @Test
  void aResetConnectionIsReportedAsIoException() throws Exception {
    Socket[] s = socketPair();
    Future<Conversation> us =
        executor.submit(() -> Conversation.start(s[0], EditChars.DEFAULT, HANDSHAKE));
    s[1].getOutputStream().write(new byte[] {0x7F, 0x15, 0x17, 'a'});
    Conversation c = us.get(10, SECONDS);
    toClose.add(c);
    // Closing with our 3 unread bytes in its buffer and SO_LINGER 0 makes the peer send a reset.
    s[1].setSoLinger(true, 0);
    s[1].close();
    LineReader lines = c.lines();
    try {
      // The reset may arrive before or after "a" is read; the outcome is either an IOException
      // or end of stream, never anything else.
      Optional<String> first = lines.readLine();
      first.ifPresent(l -> assertThat(l).isEqualTo("a"));
      while (lines.readLine().isPresent()) {
        // drain
      }
    } catch (IOException expected) {
      assertThat(expected).isNotInstanceOf(HandshakeException.class);
    }
  }

  private static List<String> readAll(LineReader lines) throws IOException {
    List<String> all = new ArrayList<>();
    for (Optional<String> l; (l = lines.readLine()).isPresent(); ) {
      all.add(l.get());
    }
    return all;
  }

  private static byte[] hostileBytes(Random random) {
    String[] pieces = {
      "\u001b[2J",
      "\u001b]0;owned\u0007",
      "\u009b31m",
      "\u202eevil",
      "héllo",
      "\uD83D\uDE00",
      "\r\n",
      "\n",
      "\u0000",
      "\t",
      "\u001bP$q\u001b\\"
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = random.nextInt(200);
    for (int i = 0; i < n; i++) {
      if (random.nextBoolean()) {
        out.write(random.nextInt(256));
      } else {
        out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(UTF_8));
      }
    }
    return out.toByteArray();
  }
}

package io.github.bsdtalk.examples.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An IRC server on 127.0.0.1, port 0, that a test scripts line by line: it accepts connections
 * and hands each to the test, which reads what the client sent and answers. Plain or TLS.
 */
final class FakeIrcServer implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final String EOF = "\u0000EOF";

  private final ServerSocket server;
  private final LinkedBlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();

  private FakeIrcServer(ServerSocket server) {
    this.server = server;
  }

  /** A plain server, accepting. */
  static FakeIrcServer start() throws IOException {
    return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  /** A TLS server with the certificate in the keystore resource {@code name}, accepting. */
  static FakeIrcServer startTls(String keystore) throws IOException, GeneralSecurityException {
    ServerSocket s =
        serverContext(keystore)
            .getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return start(s);
  }

  private static FakeIrcServer start(ServerSocket s) {
    FakeIrcServer f = new FakeIrcServer(s);
    Thread t = new Thread(f::acceptLoop, "fake-irc-accept");
    t.setDaemon(true);
    t.start();
    return f;
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket s = server.accept();
        Connection c = new Connection(s);
        Thread t = new Thread(c::readLoop, "fake-irc-read");
        t.setDaemon(true);
        t.start();
        accepted.add(c);
      }
    } catch (IOException e) {
      // closed: the test is over
    }
  }

  /** The next connection, waiting at most {@link #WAIT}. */
  Connection accept() throws InterruptedException {
    Connection c = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("no connection within " + WAIT);
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    server.close();
    Connection c;
    while ((c = accepted.poll()) != null) {
      c.close();
    }
  }

  static KeyStore keystore(String name) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = FakeIrcServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no resource " + name);
      }
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  static SSLContext serverContext(String name) throws IOException, GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keystore(name), PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /** A client context that trusts the certificate in {@code name} and nothing else. */
  static SSLContext trusting(String name) throws IOException, GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keystore(name));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** One client's connection. */
  static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Connection(Socket socket) {
      this.socket = socket;
    }

    private void readLoop() {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // closed by either side
      }
      lines.add(EOF);
    }

    /** The next line the client sent, waiting at most {@link #WAIT}. */
    String next() throws InterruptedException {
      String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new AssertionError("no line within " + WAIT);
      }
      if (line.equals(EOF)) {
        throw new AssertionError("the client closed the connection");
      }
      return line;
    }

    /** Waits for the client to close, failing on any line it sends first. */
    void awaitClosed() throws InterruptedException {
      String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (!EOF.equals(line)) {
        throw new AssertionError("expected the client to close, got " + line);
      }
    }

    /** Sends one line, adding CR LF. */
    void send(String line) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Takes NICK and USER, welcomes, takes JOIN and confirms it. */
    void register(String nick, String channel) throws Exception {
      String first = next();
      if (!first.startsWith("NICK ")) {
        throw new AssertionError("expected NICK, got " + first);
      }
      String user = next();
      if (!user.startsWith("USER ")) {
        throw new AssertionError("expected USER, got " + user);
      }
      send(":fake.server 001 " + nick + " :Welcome");
      String join = next();
      if (!join.equals("JOIN " + channel)) {
        throw new AssertionError("expected JOIN " + channel + ", got " + join);
      }
      send(":" + nick + "!~talk@127.0.0.1 JOIN :" + channel);
    }

    /** Ends the connection with a TCP reset, as a server that crashes does. */
    void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}

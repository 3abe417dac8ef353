package io.github.bsdtalk.examples.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web page and its API over the JDK's own HTTP server ({@code jdk.httpserver}): the thin I/O
 * shell around a {@link WebBridge}. The page's files come from this module's resources; the API is
 * JSON over POST for the page's requests and one Server-Sent Events stream per visitor for
 * everything the server tells the page (see the README's "The room on the web" for the contract
 * and why this transport).
 *
 * <p>Every request body is bounded ({@value #MAX_BODY} bytes; more is answered 413 unread);
 * refusals are 4xx or 503 with {@code {"error": "..."}}. The event stream carries {@code
 * X-Accel-Buffering: no} for nginx and a comment line every {@linkplain #DEFAULT_KEEP_ALIVE 15 s}
 * so that proxies keep it open; that comment is also how a page that went away is noticed (the
 * write fails).
 *
 * <p>{@link #create} binds the port; {@link #start()} starts the threads (a fixed pool for the
 * exchanges, one thread for the once-a-second sweep of unseen visitors); {@link #close()} ends the
 * streams, drops the visitors and stops everything. Thread-safe.
 */
public final class WebServer implements AutoCloseable {

  /** Bytes of a request body at most: the API's objects are small. */
  public static final int MAX_BODY = 16 * 1024;

  /** How often an idle event stream gets a comment line. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

  /** Exchange threads beyond one event stream per visitor, for the POSTs. */
  private static final int SPARE_THREADS = 16;

  private static final String PAGE = "index.html";

  private final HttpServer server;
  private final WebBridge bridge;
  private final PrintStream log;
  private final Duration keepAlive;
  private final Map<String, Resource> files;
  private final ExecutorService exchanges;
  private final ScheduledExecutorService sweeper;

  /** A file of the page: its bytes and type. */
  private record Resource(byte[] bytes, String type) {}

  private WebServer(HttpServer server, WebBridge bridge, PrintStream log, Duration keepAlive,
      int threads) {
    this.server = server;
    this.bridge = bridge;
    this.log = log;
    this.keepAlive = keepAlive;
    Map<String, Resource> f = new LinkedHashMap<>();
    f.put("/", resource(PAGE, "text/html; charset=utf-8"));
    f.put("/index.html", f.get("/"));
    f.put("/app.js", resource("app.js", "text/javascript; charset=utf-8"));
    f.put("/style.css", resource("style.css", "text/css; charset=utf-8"));
    this.files = Map.copyOf(f);
    this.exchanges = Executors.newFixedThreadPool(threads, named("web-http"));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(named("web-sweep"));
    server.setExecutor(exchanges);
    server.createContext("/", this::handle);
  }

  /**
   * Binds the server; nothing runs until {@link #start()}.
   *
   * @param address where to listen (the bridge's default is 127.0.0.1)
   * @param bridge what the requests do
   * @param maxVisitors the registry's cap, to size the exchange threads
   * @param keepAlive how often an idle event stream gets a comment line
   * @param log where {@code web: serving ...} goes
   * @return the server
   * @throws IOException if the port cannot be bound
   */
  public static WebServer create(InetSocketAddress address, WebBridge bridge, int maxVisitors,
      Duration keepAlive, PrintStream log) throws IOException {
    Objects.requireNonNull(bridge, "bridge");
    Objects.requireNonNull(log, "log");
    if (keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("keepAlive must be positive: " + keepAlive);
    }
    HttpServer server = HttpServer.create(address, 0);
    return new WebServer(server, bridge, log, keepAlive, maxVisitors + SPARE_THREADS);
  }

  /** Starts serving, and says where. */
  public void start() {
    server.start();
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    log.println("web: serving " + uri());
  }

  private void sweep() {
    try {
      bridge.dropUnseen();
    } catch (RuntimeException e) {
      // a failing sweep must not end the sweeps
      log.println("web: sweep failed: " + e);
    }
  }

  /**
   * Returns where the server listens.
   *
   * @return the bound address (the real port if 0 was asked for)
   */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Returns the page's address.
   *
   * @return {@code http://HOST:PORT/}
   */
  public URI uri() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  /** Ends every stream, drops the visitors and stops the threads. Idempotent. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    bridge.dropAll(); // their streams end at once
    server.stop(0);
    exchanges.shutdownNow();
    try {
      exchanges.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- requests

  private void handle(HttpExchange x) {
    try {
      route(x);
    } catch (WebRefusal r) {
      r.retryAfter()
          .ifPresent(d -> x.getResponseHeaders().set("Retry-After", "" + d.toSeconds()));
      reply(x, r.reason().status(), Map.of("error", r.getMessage()));
    } catch (JsonException e) {
      reply(x, 400, Map.of("error", "bad JSON: " + e.getMessage()));
    } catch (TooLarge e) {
      reply(x, 413, Map.of("error", "a request body is at most " + MAX_BODY + " bytes"));
    } catch (IOException | UncheckedIOException e) {
      // the page went away mid-exchange: nothing to answer
    } finally {
      x.close();
    }
  }

  private void route(HttpExchange x) throws IOException, WebRefusal, TooLarge {
    String path = x.getRequestURI().getPath();
    String method = x.getRequestMethod();
    Resource file = files.get(path);
    if (file != null || path.equals("/api/events")) {
      if (!method.equals("GET")) {
        notAllowed(x, "GET");
      } else if (file != null) {
        serve(x, file);
      } else {
        events(x);
      }
      return;
    }
    if (!path.startsWith("/api/")) {
      reply(x, 404, Map.of("error", "no such page"));
      return;
    }
    switch (path) {
      case "/api/join":
      case "/api/say":
      case "/api/call":
      case "/api/keys":
      case "/api/hangup":
      case "/api/leave":
        break;
      default:
        reply(x, 404, Map.of("error", "no such request"));
        return;
    }
    if (!method.equals("POST")) {
      notAllowed(x, "POST");
      return;
    }
    // Another site's page can make a visitor's browser POST here (a form needs no CORS
    // permission); the browser says so in Sec-Fetch-Site, which pages cannot set. Clients that are
    // not browsers send no such header and are no such risk.
    String site = x.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if ("cross-site".equals(site) || "same-site".equals(site)) {
      throw new WebRefusal(
          WebRefusal.Reason.FORBIDDEN, "a request from another site's page: only this page's own");
    }
    Json.Fields body = Json.decode(body(x));
    if (path.equals("/api/join")) {
      Visitor v = bridge.join(field(body, "name"));
      Map<String, Object> joined = new LinkedHashMap<>();
      joined.put("session", v.token());
      joined.put("name", v.shown());
      reply(x, 200, joined);
      return;
    }
    String session = field(body, "session");
    switch (path) {
      case "/api/say":
        bridge.say(session, field(body, "text"));
        break;
      case "/api/call":
        bridge.call(session, field(body, "user"));
        break;
      case "/api/keys":
        bridge.keys(session, field(body, "text"));
        break;
      case "/api/leave":
        bridge.leave(session);
        break;
      default:
        bridge.hangUp(session);
    }
    reply(x, 200, Map.of());
  }

  private static String field(Json.Fields body, String key) throws WebRefusal {
    Optional<String> v = body.string(key);
    if (v.isEmpty()) {
      throw new WebRefusal(WebRefusal.Reason.BAD_REQUEST, "\"" + key + "\" (a string) missing");
    }
    return v.get();
  }

  /** A body over {@link #MAX_BODY}. */
  private static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("too large", null, false, false);
    }
  }

  private static byte[] body(HttpExchange x) throws IOException, TooLarge {
    String length = x.getRequestHeaders().getFirst("Content-Length");
    if (length != null && (length.length() > 9 || parsedLength(length) > MAX_BODY)) {
      throw new TooLarge(); // refused unread
    }
    try (InputStream in = x.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new TooLarge();
      }
      return b;
    }
  }

  private static long parsedLength(String length) {
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return 0; // the server's own parser had its say; the read below bounds the body anyway
    }
  }

  private void events(HttpExchange x) throws IOException, WebRefusal {
    Visitor v = bridge.visitor(query(x.getRequestURI().getRawQuery(), "session"));
    Headers h = x.getResponseHeaders();
    h.set("Content-Type", "text/event-stream; charset=utf-8");
    h.set("Cache-Control", "no-cache");
    // nginx would otherwise hold the events back in its buffer
    h.set("X-Accel-Buffering", "no");
    safety(h);
    long stream = v.openStream();
    try {
      x.sendResponseHeaders(200, 0);
      OutputStream out = x.getResponseBody();
      // the page's EventSource reconnects by itself after this long
      write(out, "retry: 2000\n\n");
      while (true) {
        Optional<ServerEvent> e = v.next(stream, keepAlive);
        write(out, e.isPresent() ? e.get().toWire() : ": keep-alive\n\n");
      }
    } catch (Visitor.StreamEnded e) {
      // superseded by a newer stream, or the visitor left
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing
    } finally {
      v.closeStream(stream);
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush(); // each flush is one chunk on the wire: the event goes now
  }

  /** One query parameter, or "" if absent. */
  static String query(String raw, String key) {
    if (raw == null) {
      return "";
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      if (k.equals(key)) {
        try {
          return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return ""; // a bad %-escape: no such session
        }
      }
    }
    return "";
  }

  private void serve(HttpExchange x, Resource file) throws IOException {
    Headers h = x.getResponseHeaders();
    h.set("Content-Type", file.type());
    h.set("Cache-Control", "no-cache");
    safety(h);
    x.sendResponseHeaders(200, file.bytes().length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(file.bytes());
    }
  }

  /**
   * Headers on everything: the page runs only its own script and style (no inline code, so a
   * line that got past textContent still could not run), is never framed, sends no referrer.
   */
  private static void safety(Headers h) {
    h.set("Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
  }

  private static void notAllowed(HttpExchange x, String allowed) {
    x.getResponseHeaders().set("Allow", allowed);
    reply(x, 405, Map.of("error", "use " + allowed));
  }

  private static void reply(HttpExchange x, int status, Map<String, ?> json) {
    byte[] body = Json.encode(json).getBytes(StandardCharsets.UTF_8);
    Headers h = x.getResponseHeaders();
    h.set("Content-Type", "application/json; charset=utf-8");
    h.set("Cache-Control", "no-store");
    safety(h);
    try {
      x.sendResponseHeaders(status, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the page went away: nobody to answer
    }
  }

  private static Resource resource(String name, String type) {
    try (InputStream in = WebServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " of the web page");
      }
      return new Resource(in.readAllBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

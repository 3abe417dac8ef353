package io.github.bsdtalk.examples.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A visitor's event stream as a test reads it (also the bridge's loopback test's): a thread parses {@code event:}/{@code data:} lines
 * into events, which the test takes with a bounded wait.
 */
public final class EventStream implements AutoCloseable {

  /** One event; comments come as type {@code ":"}. */
  public record Event(String type, String data) {}

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final InputStream body;
  private final int status;

  public EventStream(HttpClient http, URI base, String session)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/events?session=" + session)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    status = r.statusCode();
    body = r.body();
    Thread reader = new Thread(this::read, "test-event-stream");
    reader.setDaemon(true);
    reader.start();
  }

  public int status() {
    return status;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String type = "message";
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          events.add(new Event(type, line.substring(6)));
          type = "message";
        } else if (line.startsWith(":")) {
          events.add(new Event(":", line));
        }
      }
    } catch (IOException e) {
      // closed by the test
    }
  }

  /** The next event of {@code type}, skipping others; fails after a bounded wait. */
  public Event next(String type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no " + type + " event within " + WAIT);
      }
      if (e.type().equals(type)) {
        return e;
      }
    }
  }

  /** The next event's data of {@code type} decoded. */
  public Json.Fields nextFields(String type) throws InterruptedException, JsonException {
    return Json.decode(next(type).data());
  }

  /** Waits for a line event with this text, skipping others. */
  public void awaitLine(String text) throws InterruptedException, JsonException {
    while (!nextFields("line").string("text").orElse("").equals(text)) {
      // skip
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}

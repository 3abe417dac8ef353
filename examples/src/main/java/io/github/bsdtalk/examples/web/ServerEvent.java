package io.github.bsdtalk.examples.web;

import java.util.Map;
import java.util.Objects;

/**
 * One Server-Sent Event for a visitor's page: its type ({@code line}, {@code members}, {@code
 * call}, {@code keys}, {@code editchars}) and its JSON data. Immutable.
 *
 * @param type the event's name
 * @param data the JSON object, on one line ({@link Json#encode} never writes a line break)
 */
public record ServerEvent(String type, String data) {

  /**
   * Validates.
   *
   * @param type see the class description
   * @param data see the class description
   */
  public ServerEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    if (type.indexOf('\n') >= 0 || data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an event is one line of each: " + type);
    }
  }

  /**
   * Makes an event of a flat object.
   *
   * @param type the event's name
   * @param fields the object
   * @return the event
   */
  public static ServerEvent of(String type, Map<String, ?> fields) {
    return new ServerEvent(type, Json.encode(fields));
  }

  /**
   * Returns the event as the stream carries it.
   *
   * @return {@code event: TYPE}, {@code data: JSON} and an empty line
   */
  public String toWire() {
    return "event: " + type + "\ndata: " + data + "\n\n";
  }
}

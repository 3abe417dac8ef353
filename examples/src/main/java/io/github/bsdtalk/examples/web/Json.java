package io.github.bsdtalk.examples.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The little JSON the web page and the server exchange (see the contract in the README's web
 * section): flat objects whose values are strings, numbers, booleans, null or arrays of strings.
 * Hand-written because the tool takes no JSON library for a handful of flat objects, and because a
 * reader that knows only this much has little to get wrong.
 *
 * <p>{@link #encode} writes every control character, both quote-breaking characters, U+2028 and
 * U+2029 (line ends to JavaScript) and any unpaired surrogate as an escape, so that the output is
 * plain text that any UTF-8 encoder keeps intact and that never holds a line break (one
 * Server-Sent Events {@code data:} line per event). {@link #decode(byte[])} takes strict UTF-8 and
 * strict RFC 8259 syntax, limited to that shape; anything else is a {@link JsonException}, never
 * another exception.
 *
 * <p>Static methods only; thread-safe.
 */
public final class Json {

  /** Nesting the reader accepts: one object, with arrays one level down. */
  private static final String SHAPE = "a flat object of strings, numbers and arrays of strings";

  private Json() {}

  /**
   * Writes a flat object.
   *
   * @param fields keys to values: {@link String}, {@link Number} (written with {@code toString}, so
   *     integers), {@link Boolean}, or a {@link List} of strings; in the map's order
   * @return the JSON text
   * @throws IllegalArgumentException for a value of another type
   */
  public static String encode(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      string(out, e.getKey());
      out.append(':');
      value(out, e.getValue());
    }
    return out.append('}').toString();
  }

  private static void value(StringBuilder out, Object v) {
    if (v instanceof String) {
      string(out, (String) v);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof List) {
      out.append('[');
      String comma = "";
      for (Object item : (List<?>) v) {
        if (!(item instanceof String)) {
          throw new IllegalArgumentException("not a string in an array: " + item);
        }
        out.append(comma);
        string(out, (String) item);
        comma = ",";
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value of ours: " + v);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029
          || Character.isSurrogate(c) && !paired) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (paired) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /**
   * Reads a flat object from a request body.
   *
   * @param body the bytes, UTF-8
   * @return the object
   * @throws JsonException for bad UTF-8, bad syntax or another shape
   */
  public static Fields decode(byte[] body) throws JsonException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new JsonException("not UTF-8", 0);
    }
    return decode(text);
  }

  /**
   * Reads a flat object from text.
   *
   * @param text the JSON text
   * @return the object
   * @throws JsonException for bad syntax or another shape
   */
  public static Fields decode(String text) throws JsonException {
    return new Reader(text).document();
  }

  /**
   * A decoded flat object: keys to {@link String}, {@link Double} or {@link Long}, {@link Boolean},
   * {@code null}, or a {@code List<String>}. Immutable.
   */
  public static final class Fields {
    private final Map<String, Object> map;

    private Fields(Map<String, Object> map) {
      this.map = Collections.unmodifiableMap(map);
    }

    /**
     * Returns a string field.
     *
     * @param key the key
     * @return its value; empty if absent or not a string
     */
    public Optional<String> string(String key) {
      Object v = map.get(key);
      return v instanceof String ? Optional.of((String) v) : Optional.empty();
    }

    /**
     * Returns every field as decoded.
     *
     * @return the unmodifiable map, in the text's order
     */
    public Map<String, Object> asMap() {
      return map;
    }
  }

  /** A recursive-descent reader over one text; not thread-safe. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    Fields document() throws JsonException {
      space();
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      space();
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          space();
          int at = i;
          String key = string();
          space();
          expect(':');
          space();
          Object v = value();
          if (map.containsKey(key)) {
            throw new JsonException("duplicate key '" + key + "'", at);
          }
          map.put(key, v);
          space();
          if (peek() == ',') {
            i++;
          } else {
            expect('}');
            break;
          }
        }
      }
      space();
      if (i != s.length()) {
        throw new JsonException("text after the object", i);
      }
      return new Fields(map);
    }

    private Object value() throws JsonException {
      int c = peek();
      if (c == '"') {
        return string();
      } else if (c == '[') {
        return array();
      } else if (c == '-' || c >= '0' && c <= '9') {
        return number();
      } else if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      } else if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      } else if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      throw new JsonException("expected " + SHAPE, i);
    }

    private List<String> array() throws JsonException {
      expect('[');
      List<String> items = new ArrayList<>();
      space();
      if (peek() == ']') {
        i++;
        return List.copyOf(items);
      }
      while (true) {
        space();
        if (peek() != '"') {
          throw new JsonException("expected " + SHAPE, i);
        }
        items.add(string());
        space();
        if (peek() == ',') {
          i++;
        } else {
          expect(']');
          return List.copyOf(items);
        }
      }
    }

    private Object number() throws JsonException {
      int start = i;
      if (peek() == '-') {
        i++;
      }
      if (peek() == '0') {
        i++;
      } else {
        digits(start);
      }
      boolean integral = true;
      if (peek() == '.') {
        i++;
        digits(start);
        integral = false;
      }
      if (peek() == 'e' || peek() == 'E') {
        i++;
        if (peek() == '+' || peek() == '-') {
          i++;
        }
        digits(start);
        integral = false;
      }
      String text = s.substring(start, i);
      if (integral && text.length() <= 18) {
        return Long.parseLong(text);
      }
      return Double.parseDouble(text); // digits only by now, so it parses
    }

    private void digits(int start) throws JsonException {
      int from = i;
      while (peek() >= '0' && peek() <= '9') {
        i++;
      }
      if (i == from) {
        throw new JsonException("bad number", start);
      }
    }

    private String string() throws JsonException {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new JsonException("unterminated string", i);
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        } else if (c == '\\') {
          out.append(escape());
        } else if (c < 0x20) {
          throw new JsonException("control character in a string", i - 1);
        } else {
          out.append(c);
        }
      }
    }

    private char escape() throws JsonException {
      int c = peek();
      i++;
      switch (c) {
        case '"':
        case '\\':
        case '/':
          return (char) c;
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 't':
          return '\t';
        case 'u':
          if (i + 4 > s.length()) {
            throw new JsonException("short \\u escape", i);
          }
          int v = 0;
          for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0 || s.charAt(i + k) > 'f') { // Character.digit takes fullwidth digits too
              throw new JsonException("bad \\u escape", i);
            }
            v = v * 16 + d;
          }
          i += 4;
          return (char) v;
        default:
          throw new JsonException("bad escape", i - 1);
      }
    }

    private void space() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private int peek() {
      return i < s.length() ? s.charAt(i) : -1;
    }

    private void expect(char c) throws JsonException {
      if (peek() != c) {
        throw new JsonException("expected '" + c + "'", i);
      }
      i++;
    }
  }
}

package io.github.bsdtalk.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void encodesTheContractsObjectsInOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "a\"b\\c\n\u0007\u007f\u2028");
    m.put("erase", 127);
    m.put("members", List.of("alice@127.0.0.1", "web:ann"));

    assertThat(Json.encode(m))
        .isEqualTo("{\"text\":\"a\\\"b\\\\c\\n\\u0007\\u007f\\u2028\",\"erase\":127,"
            + "\"members\":[\"alice@127.0.0.1\",\"web:ann\"]}");
  }

  @Test
  void escapesAnUnpairedSurrogateAndKeepsAPair() {
    assertThat(Json.encode(Map.of("t", "\ud800x\ud83d\ude00")))
        .isEqualTo("{\"t\":\"\\ud800x\ud83d\ude00\"}");
  }

  @Test
  void decodesStringsWithEveryEscape() throws JsonException {
    Json.Fields f =
        Json.decode(" {\"session\" : \"T\", \"text\":\"\\u007f\\u0015\\n\\t\\/\\\"\\b\\f\\r\\u00e9\"} ");

    assertThat(f.string("session")).contains("T");
    assertThat(f.string("text")).contains("\u007f\u0015\n\t/\"\b\f\r\u00e9");
    assertThat(f.string("missing")).isEmpty();
  }

  @Test
  void decodesNumbersBooleansNullAndArraysOfStrings() throws JsonException {
    Json.Fields f =
        Json.decode("{\"a\":-12,\"b\":1.5e3,\"c\":true,\"d\":false,\"e\":null,\"f\":[\"x\",\"y\"],"
            + "\"g\":[]}");

    assertThat(f.asMap())
        .containsEntry("a", -12L)
        .containsEntry("b", 1500.0)
        .containsEntry("c", true)
        .containsEntry("d", false)
        .containsEntry("e", null)
        .containsEntry("f", List.of("x", "y"))
        .containsEntry("g", List.of());
    assertThat(f.string("a")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{\"a\":{}}", // nested objects are not ours
        "{\"a\":[1]}", // arrays hold strings only
        "{\"a\":\"b\"} x",
        "{\"a\":\"b\",\"a\":\"c\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12g4\"}",
        "{\"a\":\"\\u\uff11234\"}",
        "{\"a\":\"line\nbreak\"}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":-}",
        "{\"a\":1e}",
        "{\"a\":tru}",
        "{a:1}"
      })
  void refusesWhatIsNotAFlatObjectWithTheTypedError(String text) {
    assertThatThrownBy(() -> Json.decode(text)).isInstanceOf(JsonException.class);
  }

  @Test
  void refusesBadUtf8() {
    byte[] bad = "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    bad[7] = (byte) 0xFF;

    assertThatThrownBy(() -> Json.decode(bad)).isInstanceOf(JsonException.class);
  }

  @Test
  void refusesAValueOfAnotherTypeWhenEncoding() {
    assertThatThrownBy(() -> Json.encode(Map.of("a", new Object())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.encode(Map.of("a", List.of(1))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

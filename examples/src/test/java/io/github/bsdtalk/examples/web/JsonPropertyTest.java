package io.github.bsdtalk.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class JsonPropertyTest {

  /** Any char at all, lone surrogates and controls included. */
  private static final Gen<String> ANY_STRING =
      strings().betweenCodePoints(0, 0xFFFF).ofLengthBetween(0, 40);

  @Test
  void anyStringRoundTripsThroughTextAndUtf8() {
    qt().withExamples(2000).forAll(ANY_STRING).checkAssert(s -> {
      String json = Json.encode(Map.of("text", s));
      assertThat(json).doesNotContain("\n", "\r");
      try {
        assertThat(Json.decode(json).string("text")).contains(s);
        assertThat(Json.decode(json.getBytes(StandardCharsets.UTF_8)).string("text")).contains(s);
      } catch (JsonException e) {
        throw new AssertionError(json, e);
      }
    });
  }

  @Test
  void anyCodePointRoundTrips() {
    qt().withExamples(1000)
        .forAll(strings().allPossible().ofLengthBetween(0, 20))
        .checkAssert(s -> {
          try {
            assertThat(Json.decode(Json.encode(Map.of("k", List.of(s, s)))).asMap())
                .containsEntry("k", List.of(s, s));
          } catch (JsonException e) {
            throw new AssertionError(s, e);
          }
        });
  }

  @Test
  void anyByteSoupDecodesOrGivesTheTypedError() {
    Gen<byte[]> soup =
        lists().of(integers().between(0, 255)).ofSizeBetween(0, 64)
            .map(JsonPropertyTest::bytes);
    qt().withExamples(5000).forAll(soup).checkAssert(b -> {
      try {
        Json.decode(b);
      } catch (JsonException expected) {
        // the one failure allowed
      }
    });
  }

  @Test
  void anyTextOfJsonCharactersDecodesOrGivesTheTypedError() {
    // mostly the characters of JSON's syntax, to get deep into the reader
    Gen<String> jsonish =
        lists().of(integers().between(0, 19)).ofSizeBetween(0, 40)
            .map(l -> {
              StringBuilder sb = new StringBuilder("{");
              for (int i : l) {
                sb.append("{}[]\":,\\u0aefntrl-.E".charAt(i));
              }
              return sb.toString();
            });
    qt().withExamples(5000).forAll(jsonish).checkAssert(t -> {
      try {
        Json.decode(t);
      } catch (JsonException expected) {
        // the one failure allowed
      }
    });
  }

  private static byte[] bytes(List<Integer> ints) {
    byte[] b = new byte[ints.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (int) ints.get(i);
    }
    return b;
  }
}

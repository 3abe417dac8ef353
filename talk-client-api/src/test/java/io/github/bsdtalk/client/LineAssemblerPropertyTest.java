package io.github.bsdtalk.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class LineAssemblerPropertyTest {

  private static final int EXAMPLES = 1000;

  private static final String[] ESCAPES = {
    "\u001b[31m", "\u001b]0;title\u0007", "\u001b[2J", "\u009b6n", "\u001bP1$r\u001b\\", "\u001b"
  };

  private static final byte[] EDITS = {0x7F, 0x15, 0x17, 0x08, (byte) 0xFE, (byte) 0xFF};

  /** One piece of a hostile or ordinary stream. */
  static Gen<byte[]> tokens() {
    return integers()
        .between(0, 11)
        .zip(
            integers().between(0, 255),
            integers().between(0, 0x10FFFF),
            LineAssemblerPropertyTest::token);
  }

  private static byte[] token(int kind, int b, int cp) {
    switch (kind) {
      case 0:
        return new byte[] {(byte) (0x20 + b % 95)};
      case 1:
        return new byte[] {(byte) b};
      case 2:
        return new byte[] {EDITS[b % EDITS.length]};
      case 3:
        return new String[] {"\n", "\r", "\r\n"}[b % 3].getBytes(UTF_8);
      case 4:
        return ESCAPES[b % ESCAPES.length].getBytes(UTF_8);
      case 5:
        return utf8(cp);
      case 6:
        byte[] whole = utf8(cp);
        return whole.length > 1 ? Arrays.copyOf(whole, whole.length - 1) : whole;
      case 7:
        return new String[] {"\u202e", "\u202a", "\u2066", "\u2069"}[b % 4].getBytes(UTF_8);
      case 8:
        return new byte[] {(byte) (b % 0x20)};
      case 9:
        return new byte[] {(byte) (0x80 | b)};
      case 10:
        return new byte[] {(byte) (b % 2 == 0 ? ' ' : '\t')};
      default:
        return new byte[] {(byte) (b % 2 == 0 ? 0x07 : 0x0C)};
    }
  }

  private static byte[] utf8(int cp) {
    int c = Character.isSurrogate((char) cp) && cp <= 0xFFFF ? cp - 0x1000 : cp;
    return new String(Character.toChars(c)).getBytes(UTF_8);
  }

  static Gen<byte[]> streams() {
    return lists()
        .of(tokens())
        .ofSizeBetween(0, 80)
        .map(
            parts -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              parts.forEach(out::writeBytes);
              return out.toByteArray();
            })
        .describedAs(LineAssemblerPropertyTest::hex);
  }

  static Gen<List<Integer>> chunkSizes() {
    return lists().of(integers().between(1, 16)).ofSizeBetween(1, 40);
  }

  static Gen<EditChars> editChars() {
    Gen<Integer> slot = integers().between(0, 255);
    return slot.zip(
            slot,
            slot,
            (e, k, w) ->
                EditChars.fromWire(new byte[] {e.byteValue(), k.byteValue(), w.byteValue()}))
        .mix(integers().between(0, 0).map(x -> EditChars.DEFAULT), 50);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Everything an assembler returns for a stream cut into chunks. */
  record Result(List<String> lines, String pendingBeforeEnd, Optional<String> last) {}

  static Result run(LineAssembler a, byte[] in, List<Integer> sizes) {
    List<String> lines = new ArrayList<>();
    int off = 0;
    int i = 0;
    while (off < in.length) {
      int len = Math.min(sizes.get(i++ % sizes.size()), in.length - off);
      lines.addAll(a.feed(in, off, len));
      off += len;
    }
    String pending = a.pending();
    return new Result(lines, pending, a.finish());
  }

  @Test
  void givesTheSameResultHoweverTheStreamIsSplit() {
    qt().withExamples(EXAMPLES)
        .forAll(streams(), chunkSizes(), editChars(), integers().between(1, 12))
        .checkAssert(
            (in, sizes, peer, max) -> {
              Result whole = run(new LineAssembler(peer, false, max), in, List.of(in.length + 1));
              Result split = run(new LineAssembler(peer, false, max), in, sizes);
              Result bytewise = run(new LineAssembler(peer, false, max), in, List.of(1));
              assertThat(split).isEqualTo(whole);
              assertThat(bytewise).isEqualTo(whole);
            });
  }

  @Test
  void neverReturnsALineLongerThanTheBound() {
    qt().withExamples(EXAMPLES)
        .forAll(streams(), chunkSizes(), editChars(), integers().between(1, 12))
        .checkAssert(
            (in, sizes, peer, max) -> {
              Result r = run(new LineAssembler(peer, false, max), in, sizes);
              r.lines()
                  .forEach(
                      l -> assertThat(l.codePointCount(0, l.length())).isLessThanOrEqualTo(max));
              assertThat(r.pendingBeforeEnd().codePoints().count()).isLessThan(max);
              r.last().ifPresent(l -> assertThat(l.codePoints().count()).isLessThanOrEqualTo(max));
            });
  }

  @Test
  void sanitisedLinesContainNoControlsExceptTab() {
    qt().withExamples(EXAMPLES)
        .forAll(streams(), chunkSizes(), editChars())
        .checkAssert(
            (in, sizes, peer) -> {
              Result r = run(new LineAssembler(peer, true), in, sizes);
              r.lines().forEach(TextSanitizerTest::assertNoUnsafeChars);
              TextSanitizerTest.assertNoUnsafeChars(r.pendingBeforeEnd());
              r.last().ifPresent(TextSanitizerTest::assertNoUnsafeChars);
            });
  }

  @Test
  void sanitisingChangesOnlyHowLinesLookNotWhereTheyEnd() {
    qt().withExamples(EXAMPLES)
        .forAll(streams(), chunkSizes(), editChars())
        .checkAssert(
            (in, sizes, peer) -> {
              Result raw = run(new LineAssembler(peer, false), in, sizes);
              Result safe = run(new LineAssembler(peer, true), in, sizes);
              assertThat(safe.lines())
                  .containsExactlyElementsOf(
                      raw.lines().stream().map(TextSanitizer::sanitize).toList());
              assertThat(safe.last()).isEqualTo(raw.last().map(TextSanitizer::sanitize));
            });
  }

  @Test
  void decodesLikeTheJdkWhenNoEditsOrLineEndsAreInvolved() {
    // Without ASCII controls nothing is edited, so the line is plain UTF-8 decoding, which must
    // replace malformed input as java.lang.String does (one U+FFFD per maximal subpart). One
    // known difference is left out: the JDK takes ED A0..BF (the start of an encoded surrogate)
    // as one ill-formed unit, where Unicode's table 3-7 ends the subpart at ED; we follow Unicode
    // (see encodedSurrogatePrefixGivesOneReplacementPerByte in LineAssemblerTest).
    qt().withExamples(EXAMPLES)
        .forAll(streams(), chunkSizes())
        .checkAssert(
            (raw, sizes) -> {
              byte[] in = raw.clone();
              for (int i = 0; i < in.length; i++) {
                if (in[i] >= 0 && in[i] < 0x20 || in[i] == 0x7F) {
                  in[i] = 'x';
                }
                if (in[i] == (byte) 0xED && i + 1 < in.length && (in[i + 1] & 0xE0) == 0xA0) {
                  in[i] = 'x';
                }
              }
              Result r =
                  run(new LineAssembler(EditChars.DEFAULT, false, Integer.MAX_VALUE), in, sizes);
              String jdk = new String(in, UTF_8);
              assertThat(r.lines()).isEmpty();
              assertThat(r.last()).isEqualTo(jdk.isEmpty() ? Optional.empty() : Optional.of(jdk));
            });
  }

  @Test
  void eraseRemovesExactlyTheLastCodePoint() {
    Gen<Integer> codePoint =
        integers()
            .between(0x20, 0x10FFFF)
            .assuming(c -> c != 0x7F && !(c >= 0xD800 && c <= 0xDFFF));
    qt().withExamples(EXAMPLES)
        .forAll(lists().of(codePoint).ofSizeBetween(1, 20))
        .checkAssert(
            cps -> {
              StringBuilder sb = new StringBuilder();
              cps.forEach(sb::appendCodePoint);
              String text = sb.toString();
              LineAssembler a = new LineAssembler(EditChars.DEFAULT);
              a.feed(text.getBytes(UTF_8));
              assertThat(a.pending()).isEqualTo(text);
              a.feed(new byte[] {0x7F});
              assertThat(a.pending())
                  .isEqualTo(text.substring(0, text.offsetByCodePoints(text.length(), -1)));
            });
  }
}

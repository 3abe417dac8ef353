package io.github.bsdtalk.benchmarks;

import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineAssembler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link LineAssembler#feed(byte[], int, int)} over chat-like input.
 *
 * <p>One invocation feeds a fixed corpus of exactly {@value #CORPUS_BYTES} bytes in chunks of
 * {@code chunk} bytes, and {@link OperationsPerInvocation} makes one JMH "operation" one input
 * byte: the score is ns/byte (MB/s = 1000 / score), and with {@code -prof gc} the {@code
 * gc.alloc.rate.norm} is bytes allocated per input byte.
 *
 * <p>{@code chunk=1} is a peer typing: talk sends every keystroke as it is typed, so a reader
 * mostly sees one byte per read(). {@code chunk=1024} is pasted text or a burst (the buffer size
 * in LineAssembler's own usage example). Every corpus ends with a line end, so the assembler's
 * state is the same at the start of every invocation and can be reused.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LineAssemblerBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineAssemblerBenchmark {

  /** Bytes fed per invocation; every corpus is cut (at a line end) or padded to exactly this. */
  public static final int CORPUS_BYTES = 64 * 1024;

  /** ascii: chat text; utf8: accents, CJK and emoji mixed in; erase: ASCII with typos erased. */
  @Param({"ascii", "utf8", "erase"})
  public String input;

  /** Bytes per feed() call. */
  @Param({"1", "1024"})
  public int chunk;

  /** Whether lines pass through TextSanitizer (what Conversation.lines() readers may use). */
  @Param({"false", "true"})
  public boolean sanitize;

  private byte[] corpus;
  private LineAssembler assembler;

  @Setup
  public void setUp() {
    corpus = corpus(input, new Random(42));
    assembler = new LineAssembler(EditChars.DEFAULT, sanitize);
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_BYTES)
  public void feed(Blackhole bh) {
    byte[] c = corpus;
    int n = chunk;
    for (int off = 0; off < c.length; off += n) {
      bh.consume(assembler.feed(c, off, Math.min(n, c.length - off)));
    }
  }

  private static final String[] WORDS = {
    "hi", "hello", "bob", "alice", "are", "you", "there", "yes", "no", "the", "build", "is",
    "green", "again", "lunch", "at", "noon", "ok", "see", "you", "later", "what", "about", "it",
    "talk", "daemon", "works", "fine", "thanks", "I", "think", "so", "maybe", "tomorrow", "then",
  };

  private static final String[] NON_ASCII = {
    "café", "naïve", "über", "señor", "façade", "日本語", "こんにちは", "你好", "世界", "😀",
    "👍🏽", "🎉", "Ελληνικά", "Привет", "ok👌",
  };

  /** Builds exactly CORPUS_BYTES bytes of chat lines, ending with '\n'. */
  static byte[] corpus(String kind, Random r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(CORPUS_BYTES + 256);
    while (true) {
      byte[] line = line(kind, r);
      if (out.size() + line.length > CORPUS_BYTES) {
        break;
      }
      out.writeBytes(line);
    }
    // pad the last line with spaces so every corpus is the same size, then end it
    while (out.size() < CORPUS_BYTES - 1) {
      out.write(' ');
    }
    out.write('\n');
    byte[] b = out.toByteArray();
    if (b.length != CORPUS_BYTES) {
      throw new IllegalStateException("corpus is " + b.length + " bytes");
    }
    return b;
  }

  private static byte[] line(String kind, Random r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int words = 2 + r.nextInt(12);
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        out.write(' ');
      }
      String w = WORDS[r.nextInt(WORDS.length)];
      if (kind.equals("utf8") && r.nextInt(3) == 0) {
        w = NON_ASCII[r.nextInt(NON_ASCII.length)];
      }
      if (kind.equals("erase") && r.nextInt(4) == 0) {
        // a typo of 1..3 letters, erased with the peer's erase (DEL) before the real word
        int typo = 1 + r.nextInt(3);
        for (int k = 0; k < typo; k++) {
          out.write('a' + r.nextInt(26));
        }
        for (int k = 0; k < typo; k++) {
          out.write(0x7F);
        }
      }
      out.writeBytes(w.getBytes(StandardCharsets.UTF_8));
    }
    out.write('\n');
    return out.toByteArray();
  }
}

package io.github.bsdtalk.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a talk peer's typing line by line: a {@link LineAssembler} over an {@link InputStream}.
 * This is what {@link Conversation#lines()} returns.
 *
 * <p>{@link #readLine()} blocks until the peer ends a line, or until the stream ends, in which case
 * the unterminated rest is returned first and then empty. Every byte read is handed to the
 * assembler at once, so nothing is lost between calls.
 *
 * <p>Not thread-safe: use it from one reading thread. Another thread may close the underlying
 * conversation to make a blocked {@code readLine()} return.
 *
 * @apiNote
 *     <pre>{@code
 * try (LineReader lines = conversation.lines()) {
 *   for (Optional<String> l; (l = lines.readLine()).isPresent(); ) {
 *     System.out.println("peer: " + l.get());
 *   }
 * }
 * }</pre>
 */
public final class LineReader implements AutoCloseable {

  private static final int BUFFER = 4096;

  private final InputStream in;
  private final LineAssembler assembler;
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final byte[] buffer = new byte[BUFFER];
  private boolean eof;
  private boolean closed;

  /**
   * Creates a reader over a stream with a new {@link LineAssembler}.
   *
   * @param in the peer's bytes after the edit-character exchange; the reader owns it
   * @param peer the peer's edit characters
   * @param sanitize whether lines pass through {@link TextSanitizer}
   */
  public LineReader(InputStream in, EditChars peer, boolean sanitize) {
    this(in, new LineAssembler(peer, sanitize));
  }

  /**
   * Creates a reader over a stream with a given assembler.
   *
   * @param in the peer's bytes after the edit-character exchange; the reader owns it
   * @param assembler an assembler used by nothing else
   */
  public LineReader(InputStream in, LineAssembler assembler) {
    this.in = Objects.requireNonNull(in, "in");
    this.assembler = Objects.requireNonNull(assembler, "assembler");
  }

  /**
   * Returns the next line, blocking until the peer completes one or the stream ends.
   *
   * @return the line without its terminator; empty once the stream has ended and every line,
   *     including an unterminated last one, has been returned
   * @throws IOException if reading fails, or if this reader was closed
   */
  public Optional<String> readLine() throws IOException {
    if (closed) {
      throw new IOException("line reader is closed");
    }
    while (ready.isEmpty()) {
      if (eof) {
        return Optional.empty();
      }
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        eof = true;
        assembler.finish().ifPresent(ready::add);
      } else {
        ready.addAll(assembler.feed(buffer, 0, n));
      }
    }
    return Optional.of(ready.poll());
  }

  /**
   * Closes the underlying stream (for {@link Conversation#lines()}, the whole conversation).
   * Idempotent.
   *
   * @throws IOException if closing the stream fails
   */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      in.close();
    }
  }
}

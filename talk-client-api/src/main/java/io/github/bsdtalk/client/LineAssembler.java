package io.github.bsdtalk.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the bytes a talk peer types into finished lines, applying the peer's edit characters the
 * way the receiving C client draws them. Pure: no I/O, no threads, no clock.
 *
 * <p>A talk stream carries keystrokes, not lines: the peer's erase, kill and word-erase keys arrive
 * as bytes and the receiver applies them ({@code display()} in netkit {@code talk/display.c}). This
 * class does that on a line buffer instead of a curses window, but by Unicode code point instead of
 * by byte or screen column:
 *
 * <ol>
 *   <li>Bytes are decoded as UTF-8 incrementally. A multi-byte character split across {@link #feed}
 *       calls is kept until it is complete. Malformed input becomes U+FFFD, one per maximal
 *       ill-formed subpart (the Unicode and WHATWG practice): overlong forms, encoded surrogates
 *       and values above U+10FFFF are malformed. So the result never depends on how the bytes were
 *       split.
 *   <li>{@code \n} or {@code \r} ends the line; {@code \r} directly followed by {@code \n} counts
 *       once. (netkit moves down for each of the two; {@code \r\n} is what a peer with {@code
 *       ONLCR}-style output sends for one Enter.)
 *   <li>The peer's erase character, BS (0x08) and DEL (0x7F) erase the last code point: a whole
 *       UTF-8 character, and a surrogate pair as one. Nothing happens on an empty line.
 *   <li>The peer's word-erase erases trailing blanks and then the word before them, as netkit's
 *       loop over the window does (blank: space or tab).
 *   <li>The peer's kill character clears the line.
 *   <li>BEL ({@code \a}) and form feed ({@code \f}) are dropped: netkit beeps or ignores them.
 *   <li>Tab is kept as a tab character, not expanded: the width of a tab stop depends on where the
 *       line is shown, which is the caller's business.
 *   <li>Any other character, including other controls, ESC and C1 controls, is kept in the line as
 *       received (netkit draws controls as {@code ^X}; see {@link TextSanitizer}, which the
 *       sanitising mode applies to every line this class returns).
 * </ol>
 *
 * <p>The checks run in netkit's order: line end, erase, word-erase, kill, then BEL and form feed.
 * An edit character is matched when it is an ASCII byte (as in every C client), or when it is a
 * byte that never occurs in UTF-8 (0xC0, 0xC1, 0xF5..0xFF; for example ytalk's 0xFE). An edit
 * character in 0x80..0xBF or 0xC2..0xF4 would cut UTF-8 text apart, so such a byte is decoded as
 * text instead. A peer's 0xFF (disabled) never gets here: {@link EditChars#fromWire} maps it to the
 * default.
 *
 * <p>Lines are bounded: when a line reaches {@link #maxLineLength()} code points (default {@value
 * #DEFAULT_MAX_LINE_LENGTH}) it is returned at once, like a terminal wrapping at its last column. A
 * line end that comes directly after such a break is absorbed (the terminal's pending wrap), so a
 * line of exactly the maximum length followed by Enter gives one line, not a line and an empty one.
 * The buffer never grows beyond the bound.
 *
 * <p>Not thread-safe: feed it from one thread. Null arguments are rejected with {@link
 * NullPointerException}.
 *
 * @apiNote
 *     <pre>{@code
 * LineAssembler lines = new LineAssembler(conversation.peerEditChars(), true);
 * byte[] buf = new byte[1024];
 * for (int n; (n = in.read(buf)) > 0; ) {
 *   lines.feed(buf, 0, n).forEach(System.out::println);
 * }
 * lines.finish().ifPresent(System.out::println);
 * }</pre>
 */
public final class LineAssembler {

  /** The default bound on a line's length, in code points. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 4096;

  private static final int REPLACEMENT = 0xFFFD;

  private final EditChars peer;
  private final boolean sanitize;
  private final int maxLineLength;
  private final int erase;
  private final int kill;
  private final int wordErase;

  private final StringBuilder line = new StringBuilder();

  /** Code points in {@link #line}. */
  private int lineLength;

  /** The previous code point was {@code \r}, so a {@code \n} now is the same line end. */
  private boolean afterCr;

  /** The previous code point filled a line, so a line end now is absorbed. */
  private boolean afterWrap;

  /** Lines completed during the current call. */
  private List<String> done = new ArrayList<>();

  // UTF-8 decoder state, as in the WHATWG Encoding Standard's UTF-8 decoder.
  private int needed;
  private int seen;
  private int codePoint;
  private int lower = 0x80;
  private int upper = 0xBF;

  /**
   * Creates an assembler that returns lines as received (no sanitising), bounded at {@value
   * #DEFAULT_MAX_LINE_LENGTH} code points.
   *
   * @param peer the peer's edit characters
   */
  public LineAssembler(EditChars peer) {
    this(peer, false, DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * Creates an assembler, bounded at {@value #DEFAULT_MAX_LINE_LENGTH} code points.
   *
   * @param peer the peer's edit characters
   * @param sanitize whether every returned line (and {@link #pending()}) passes through {@link
   *     TextSanitizer#sanitize(String)}
   */
  public LineAssembler(EditChars peer, boolean sanitize) {
    this(peer, sanitize, DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * Creates an assembler.
   *
   * @param peer the peer's edit characters
   * @param sanitize whether every returned line (and {@link #pending()}) passes through {@link
   *     TextSanitizer#sanitize(String)}
   * @param maxLineLength the longest line in code points before it is broken; at least 1
   * @throws IllegalArgumentException if maxLineLength is below 1
   */
  public LineAssembler(EditChars peer, boolean sanitize, int maxLineLength) {
    this.peer = Objects.requireNonNull(peer, "peer");
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("maxLineLength must be at least 1: " + maxLineLength);
    }
    this.sanitize = sanitize;
    this.maxLineLength = maxLineLength;
    this.erase = usable(peer.erase());
    this.kill = usable(peer.kill());
    this.wordErase = usable(peer.wordErase());
  }

  /** The edit byte as an unsigned value, or -1 if it is a byte that UTF-8 text uses. */
  private static int usable(byte b) {
    int u = Byte.toUnsignedInt(b);
    return u < 0x80 || neverInUtf8(u) ? u : -1;
  }

  private static boolean neverInUtf8(int b) {
    return b == 0xC0 || b == 0xC1 || b >= 0xF5;
  }

  /**
   * Returns the peer's edit characters this assembler applies.
   *
   * @return the edit characters given at construction
   */
  public EditChars peerEditChars() {
    return peer;
  }

  /**
   * Returns whether lines are sanitised.
   *
   * @return true if lines pass through {@link TextSanitizer}
   */
  public boolean sanitizes() {
    return sanitize;
  }

  /**
   * Returns the bound on a line's length.
   *
   * @return code points, at least 1
   */
  public int maxLineLength() {
    return maxLineLength;
  }

  /**
   * Feeds all of an array. Same as {@code feed(bytes, 0, bytes.length)}.
   *
   * @param bytes received bytes
   * @return the lines this chunk completed, oldest first, without line terminators; often empty
   */
  public List<String> feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  /**
   * Feeds the next received bytes and returns the lines they complete.
   *
   * @param bytes an array holding received bytes
   * @param off where they start
   * @param len how many
   * @return the lines this chunk completed, oldest first, without line terminators; often empty;
   *     unmodifiable
   * @throws IndexOutOfBoundsException if off and len do not fit the array
   */
  public List<String> feed(byte[] bytes, int off, int len) {
    Objects.checkFromIndexSize(off, len, bytes.length);
    done = new ArrayList<>();
    for (int i = off; i < off + len; i++) {
      acceptByte(Byte.toUnsignedInt(bytes[i]));
    }
    return done.isEmpty() ? List.of() : List.copyOf(done);
  }

  /**
   * Returns the line typed so far, with edits applied (sanitised in sanitising mode). The bytes of
   * an incomplete UTF-8 character are not part of it yet.
   *
   * @return the partial line; empty if none
   */
  public String pending() {
    return output(line.toString());
  }

  /**
   * Ends the input (the peer closed the connection): an incomplete UTF-8 character becomes U+FFFD
   * and the partial line, if not empty, is returned. The assembler is then empty and can be fed
   * again.
   *
   * @return the last, unterminated line; empty if there is none
   */
  public Optional<String> finish() {
    done = new ArrayList<>(1);
    if (needed > 0) {
      resetDecoder();
      codePoint(REPLACEMENT);
    }
    // At most one line: the U+FFFD above either filled the line (returned, buffer emptied) or not.
    if (line.length() > 0) {
      emitLine();
    }
    afterCr = false;
    afterWrap = false;
    return done.isEmpty() ? Optional.empty() : Optional.of(done.get(0));
  }

  private void acceptByte(int b) {
    if (b >= 0x80 && (b == erase || b == kill || b == wordErase)) {
      // Only bytes that are never UTF-8 get here (see usable()). One of them ends an incomplete
      // character just as the decoder would, and then acts as the edit instead of as U+FFFD.
      if (needed > 0) {
        resetDecoder();
        codePoint(REPLACEMENT);
      }
      afterCr = false;
      afterWrap = false;
      edit(b);
      return;
    }
    decode(b);
  }

  private void decode(int b) {
    if (needed == 0) {
      if (b < 0x80) {
        codePoint(b);
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        codePoint = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) {
          lower = 0xA0; // overlong
        } else if (b == 0xED) {
          upper = 0x9F; // surrogates D800..DFFF
        }
        needed = 2;
        codePoint = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) {
          lower = 0x90; // overlong
        } else if (b == 0xF4) {
          upper = 0x8F; // above U+10FFFF
        }
        needed = 3;
        codePoint = b & 0x07;
      } else {
        codePoint(REPLACEMENT);
      }
      return;
    }
    if (b < lower || b > upper) {
      // The incomplete character ends here; this byte starts afresh (it is not a continuation
      // byte here, so it is ASCII, a lead byte or itself invalid: no deeper recursion).
      resetDecoder();
      codePoint(REPLACEMENT);
      decode(b);
      return;
    }
    lower = 0x80;
    upper = 0xBF;
    codePoint = (codePoint << 6) | (b & 0x3F);
    if (++seen == needed) {
      int c = codePoint;
      resetDecoder();
      codePoint(c);
    }
  }

  private void resetDecoder() {
    needed = 0;
    seen = 0;
    codePoint = 0;
    lower = 0x80;
    upper = 0xBF;
  }

  private void codePoint(int c) {
    boolean crBefore = afterCr;
    boolean wrapBefore = afterWrap;
    afterCr = c == '\r';
    afterWrap = false;
    if (c == '\n' || c == '\r') {
      if (!(c == '\n' && crBefore) && !wrapBefore) {
        emitLine();
      }
      // A \r absorbed by a wrap still pairs with a following \n.
      return;
    }
    if (c < 0x80 && (c == erase || c == kill || c == wordErase || c == 0x08 || c == 0x7F)) {
      edit(c);
      return;
    }
    if (c == 0x07 || c == 0x0C) {
      return;
    }
    line.appendCodePoint(c);
    if (++lineLength == maxLineLength) {
      emitLine();
      afterWrap = true;
    }
  }

  /** Applies an edit byte, in netkit display.c's order: erase, word-erase, kill. */
  private void edit(int b) {
    if (b == erase || b == 0x08 || b == 0x7F) {
      eraseCodePoint();
    } else if (b == wordErase) {
      eraseWord();
    } else {
      line.setLength(0);
      lineLength = 0;
    }
  }

  private void eraseCodePoint() {
    int end = line.length();
    if (end > 0) {
      line.setLength(end - Character.charCount(line.codePointBefore(end)));
      lineLength--;
    }
  }

  private void eraseWord() {
    int end = line.length();
    while (end > 0 && isBlank(line.charAt(end - 1))) {
      end--;
      lineLength--;
    }
    while (end > 0 && !isBlank(line.charAt(end - 1))) {
      end -= Character.charCount(line.codePointBefore(end));
      lineLength--;
    }
    line.setLength(end);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private void emitLine() {
    done.add(output(line.toString()));
    line.setLength(0);
    lineLength = 0;
  }

  private String output(String s) {
    return sanitize ? TextSanitizer.sanitize(s) : s;
  }
}

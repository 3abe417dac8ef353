package io.github.bsdtalk.examples;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link ChatRoom} tells whatever mirrors it elsewhere (the IRC bridge, the web page): members coming and
 * going, and each finished line a member typed. The room calls these from its own threads, one call
 * at a time and in the order the room saw the events; an implementation must return quickly (queue
 * the work), since the room's traffic waits for it.
 *
 * <p>Names and text arrive as the room shows them: the member's name is {@code user@host} and the
 * text is one finished line with the member's erase, kill and word-erase applied and every control
 * character already made harmless. Whoever forwards them to another system still applies that
 * system's own rules (IRC: no CR, LF or NUL, a bounded length).
 */
public interface RoomListener {
  /** {@code member} ({@code user@host}) joined the room. */
  void joined(String member);

  /**
   * {@code member} left the room; {@code reason} is empty when he hung up himself, else why the
   * room dropped him (for example {@code " (idle)"}).
   */
  void left(String member, String reason);

  /** {@code member} finished a line; {@code text} holds no line break. */
  void line(String member, String text);

  /**
   * A line from outside the room ({@link ChatRoom#post}: an IRC nick) was shown to the members as
   * {@code from: text}. The default ignores it: whoever posted it (the IRC mirror) has it already.
   */
  default void posted(String from, String text) {}

  /**
   * Returns a listener that tells {@code first}, then {@code second}, each event: the IRC mirror
   * and the web bridge both hear the room. {@code second} hears an event even if {@code first}
   * throws.
   */
  static RoomListener both(RoomListener first, RoomListener second) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    return new RoomListener() {
      @Override
      public void joined(String member) {
        tell(l -> l.joined(member));
      }

      @Override
      public void left(String member, String reason) {
        tell(l -> l.left(member, reason));
      }

      @Override
      public void line(String member, String text) {
        tell(l -> l.line(member, text));
      }

      @Override
      public void posted(String from, String text) {
        tell(l -> l.posted(from, text));
      }

      private void tell(Consumer<RoomListener> event) {
        try {
          event.accept(first);
        } finally {
          event.accept(second);
        }
      }
    };
  }

  /** A listener that ignores everything: the room's default. */
  RoomListener NONE =
      new RoomListener() {
        @Override
        public void joined(String member) {}

        @Override
        public void left(String member, String reason) {}

        @Override
        public void line(String member, String text) {}
      };
}

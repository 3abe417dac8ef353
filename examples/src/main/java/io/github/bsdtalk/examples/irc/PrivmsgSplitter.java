package io.github.bsdtalk.examples.irc;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts text into PRIVMSGs (or NOTICEs) that each carry a label such as {@code <alice@host> } and
 * stay within 512 bytes not only as we send them but as the server relays them to the channel's
 * other members, with our {@code :nick!user@host } prefix in front (RFC 2812 section 2.3: the
 * relayed line is bounded too, and servers cut what does not fit).
 *
 * <p>Pieces end between code points of UTF-8 (never inside a surrogate pair), after the chunk's
 * last space if that is in its second half, so words stay whole where they can. The space stays at
 * the end of its piece, so the pieces' texts without their labels joined give back the text.
 *
 * <p>Static methods only; thread-safe.
 */
public final class PrivmsgSplitter {

  /** The least text a piece carries, so that splitting always ends: one code point of UTF-8. */
  private static final int MIN_TEXT_BYTES = 4;

  private PrivmsgSplitter() {}

  /**
   * Returns {@code command target :label+chunk} for each chunk of {@code text}; one message for
   * text that fits, including empty text.
   *
   * @param command PRIVMSG or NOTICE
   * @param target the channel
   * @param label put before every chunk; cut to leave room for text if it is very long
   * @param text the text, already safe ({@link IrcText#fromTalk})
   * @param relayPrefixBytes bytes the server puts in front when relaying: {@code :nick!user@host }
   * @throws IllegalArgumentException if the target and prefix leave no room for any text
   */
  public static List<IrcMessage> split(
      String command, String target, String label, String text, int relayPrefixBytes) {
    int room =
        IrcMessage.MAX_LINE_BYTES
            - relayPrefixBytes
            - IrcText.utf8Length(command + " " + target + " :")
            - 2; // CR LF
    if (room < 2 * MIN_TEXT_BYTES) {
      throw new IllegalArgumentException("no room for text after the prefix and " + target);
    }
    String head = cut(label, 0, room / 2);
    int budget = room - IrcText.utf8Length(head);
    List<IrcMessage> out = new ArrayList<>();
    int from = 0;
    do {
      int end = cut(text, from, budget).length() + from;
      if (end < text.length()) {
        int space = text.lastIndexOf(' ', end - 1);
        if (space >= from && space + 1 - from > (end - from) / 2) {
          end = space + 1;
        }
      }
      out.add(IrcMessage.of(command, target, head + text.substring(from, end)));
      from = end;
    } while (from < text.length());
    return out;
  }

  /** The longest run of whole code points from {@code from} within {@code bytes} of UTF-8. */
  private static String cut(String s, int from, int bytes) {
    int used = 0;
    int i = from;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int size = IrcText.utf8Length(cp);
      if (used + size > bytes) {
        break;
      }
      used += size;
      i += Character.charCount(cp);
    }
    return s.substring(from, i);
  }
}

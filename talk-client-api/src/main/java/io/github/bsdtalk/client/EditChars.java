package io.github.bsdtalk.client;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The three edit characters that each side of a talk conversation sends first on the TCP stream:
 * erase, kill and word-erase, in that order.
 *
 * <p>"By agreement the first three characters each talk transmits after connection are the three
 * edit characters" ({@code set_edit_chars()} in {@code talk/init_disp.c} of netkit, BSD and
 * inetutils). Each side sends its terminal's {@code VERASE}, {@code VKILL} and {@code VWERASE}, and
 * interprets the bytes the peer types with the peer's three characters, not its own.
 *
 * <table class="striped">
 *   <caption>Wire layout (3 bytes)</caption>
 *   <thead><tr><th>offset</th><th>C name</th><th>component</th></tr></thead>
 *   <tbody>
 *     <tr><td>0</td><td>{@code cerase} ({@code VERASE})</td><td>{@link #erase()}</td></tr>
 *     <tr><td>1</td><td>{@code kill} ({@code VKILL})</td><td>{@link #kill()}</td></tr>
 *     <tr><td>2</td><td>{@code werase} ({@code VWERASE})</td><td>{@link #wordErase()}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A terminal can disable a key; BSD stores {@code _POSIX_VDISABLE} (0xFF) in its slot. netkit
 * sends ^W instead of a disabled werase ({@code if ((unsigned char)my_win.werase == 0xff)} in
 * {@code init_disp.c}), and FreeBSD replaces any disabled key with its default. {@link
 * #fromWire(byte[])} does the same for all three slots, so a peer's 0xFF never becomes an edit
 * character. (Linux's {@code _POSIX_VDISABLE} is 0x00; netkit on Linux sends such a key as is, and
 * so does this class: a 0x00 slot is kept.)
 *
 * <p>ytalk marks itself by sending erase 0xFE ({@code RUBDEF}); see {@link #isYtalk()}. This
 * library does not speak ytalk's own protocol.
 *
 * <p>Any byte is accepted in every slot, so whatever a peer sends can be represented. Instances are
 * immutable and thread-safe. Components are raw bytes; compare them with {@code
 * Byte.toUnsignedInt}.
 *
 * @param erase the character that erases one character ({@code VERASE}), wire offset 0
 * @param kill the character that erases the whole line ({@code VKILL}), wire offset 1
 * @param wordErase the character that erases the last word ({@code VWERASE}), wire offset 2
 */
public record EditChars(byte erase, byte kill, byte wordErase) {

  /** The size of the exchange on the wire, in bytes. */
  public static final int SIZE = 3;

  /** The byte BSD uses for a disabled key ({@code _POSIX_VDISABLE}), 0xFF. */
  public static final byte DISABLED = (byte) 0xFF;

  /** The erase byte ytalk sends to recognise another ytalk ({@code RUBDEF} in ytalk), 0xFE. */
  public static final byte YTALK_ERASE = (byte) 0xFE;

  /** DEL (0x7F) erases, ^U (0x15) kills, ^W (0x17) erases a word: BSD's defaults. */
  public static final EditChars DEFAULT = new EditChars((byte) 0x7F, (byte) 0x15, (byte) 0x17);

  /**
   * Decodes the three bytes a peer sent, mapping a disabled slot (0xFF) to that slot's {@link
   * #DEFAULT} as FreeBSD's {@code init_disp.c} does (netkit does so for werase only).
   *
   * @param three exactly 3 bytes: erase, kill, werase
   * @return the peer's edit characters
   * @throws IllegalArgumentException if the array is not 3 bytes long
   * @throws NullPointerException if the array is null
   */
  public static EditChars fromWire(byte[] three) {
    Objects.requireNonNull(three, "three");
    if (three.length != SIZE) {
      throw new IllegalArgumentException("edit chars must be 3 bytes, got " + three.length);
    }
    return new EditChars(
        orDefault(three[0], DEFAULT.erase),
        orDefault(three[1], DEFAULT.kill),
        orDefault(three[2], DEFAULT.wordErase));
  }

  private static byte orDefault(byte b, byte dflt) {
    return b == DISABLED ? dflt : b;
  }

  /**
   * Encodes the three bytes to send: erase, kill, werase.
   *
   * @return a new 3-byte array
   */
  public byte[] toWire() {
    return new byte[] {erase, kill, wordErase};
  }

  /**
   * Returns whether these are ytalk's edit characters: erase is 0xFE ({@code RUBDEF}), which ytalk
   * sends so that another ytalk switches to its own protocol (ytalk {@code comm.c}). A plain client
   * whose erase key happens to be 0xFE looks the same.
   *
   * @return true if erase is 0xFE
   */
  public boolean isYtalk() {
    return erase == YTALK_ERASE;
  }

  /**
   * Returns the three bytes in hex, for logs.
   *
   * @return for example {@code EditChars[erase=7f, kill=15, wordErase=17]}
   */
  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "EditChars[erase="
        + hex.toHexDigits(erase)
        + ", kill="
        + hex.toHexDigits(kill)
        + ", wordErase="
        + hex.toHexDigits(wordErase)
        + "]";
  }
}

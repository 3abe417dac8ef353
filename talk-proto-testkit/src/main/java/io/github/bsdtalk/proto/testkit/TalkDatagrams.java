package io.github.bsdtalk.proto.testkit;

import static io.github.bsdtalk.proto.testkit.Draw.between;
import static io.github.bsdtalk.proto.testkit.Draw.checked;
import static io.github.bsdtalk.proto.testkit.Draw.weighted;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random ntalk datagrams, as byte arrays, for "never crashes, always answers sensibly" tests of a
 * decoder, daemon, client or filter, each drawn from the {@link RandomGenerator} you pass.
 *
 * <ul>
 *   <li><b>Arbitrary bytes</b>: {@link #messageSized} (any 84 bytes), {@link #responseSized} (any
 *       24 bytes) and {@link #anyLength} (0 to {@value #MAX_ARBITRARY_LENGTH} bytes, the
 *       structure sizes and their neighbours more often).
 *   <li><b>Valid encodings</b>: {@link #message} and {@link #response}, the encodings of {@link
 *       TalkValues#ctlMessage} and {@link TalkValues#ctlResponse}.
 *   <li><b>Mutated datagrams</b>: {@link #mutatedMessage} and {@link #mutatedResponse} take a
 *       well-formed encoding and damage it the ways real networks and real talk programs do: bit
 *       flips, truncation, trailing bytes, a wrong or byte-swapped address family, a bad version,
 *       type or answer, stale pad and junk bytes, unterminated names.
 *   <li><b>All of them</b>: {@link #mixed}.
 * </ul>
 *
 * <p>Every method returns a new array, draws only through {@code random} (the same seed gives the
 * same bytes) and is stateless.
 *
 * @see TalkValues
 */
public final class TalkDatagrams {

  /** The longest array {@link #anyLength(RandomGenerator)} returns: {@value} bytes. */
  public static final int MAX_ARBITRARY_LENGTH = 300;

  /** The most bytes one mutation appends. */
  static final int MAX_EXTENSION = 32;

  /** The most edits one mutated datagram gets. */
  static final int MAX_EDITS = 4;

  /** Where the two addresses of a {@code CTL_MSG} start, and where its text fields lie. */
  private static final Layout MESSAGE_LAYOUT =
      new Layout(new int[] {8, 24}, new int[][] {{44, 12}, {56, 12}, {68, 16}});

  /** A {@code CTL_RESPONSE} has one address and no text. */
  private static final Layout RESPONSE_LAYOUT = new Layout(new int[] {8}, new int[0][]);

  private TalkDatagrams() {}

  // ---- arbitrary bytes -------------------------------------------------------------------------

  /**
   * Any 84 bytes: the size of a {@code CTL_MSG}, any content.
   *
   * @param random the source of randomness
   * @return a new array of {@value CtlMessage#SIZE} bytes
   */
  public static byte[] messageSized(RandomGenerator random) {
    return Draw.bytes(checked(random), CtlMessage.SIZE);
  }

  /**
   * Any 24 bytes: the size of a {@code CTL_RESPONSE}, any content.
   *
   * @param random the source of randomness
   * @return a new array of {@value CtlResponse#SIZE} bytes
   */
  public static byte[] responseSized(RandomGenerator random) {
    return Draw.bytes(checked(random), CtlResponse.SIZE);
  }

  /**
   * Any bytes, 0 to {@value #MAX_ARBITRARY_LENGTH} of them, with the lengths around the two
   * structure sizes (0, 1, 23, 24, 25, 83, 84, 85) and the maximum more often.
   *
   * @param random the source of randomness
   * @return a new array
   */
  public static byte[] anyLength(RandomGenerator random) {
    return anyLength(random, MAX_ARBITRARY_LENGTH);
  }

  /**
   * Any bytes, 0 to {@code maxLength} of them, with the lengths at the structure boundaries (and
   * {@code maxLength}) more often.
   *
   * @param random the source of randomness
   * @param maxLength the longest array, 0 or more
   * @return a new array
   * @throws IllegalArgumentException if {@code maxLength} is negative
   */
  public static byte[] anyLength(RandomGenerator random, int maxLength) {
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
    }
    checked(random);
    int length;
    if (weighted(random, 1, 3) == 0) {
      List<Integer> boundaries = new ArrayList<>();
      for (int n : new int[] {0, 1, 23, 24, 25, 83, 84, 85, maxLength}) {
        if (n <= maxLength && !boundaries.contains(n)) {
          boundaries.add(n);
        }
      }
      length = Draw.pick(random, boundaries);
    } else {
      length = between(random, 0, maxLength);
    }
    return Draw.bytes(random, length);
  }

  // ---- valid encodings -------------------------------------------------------------------------

  /**
   * The encoding of a {@link TalkValues#ctlMessage}: 84 bytes that decode.
   *
   * @param random the source of randomness
   * @return a new array of {@value CtlMessage#SIZE} bytes
   */
  public static byte[] message(RandomGenerator random) {
    return TalkCodec.encode(TalkValues.ctlMessage(random));
  }

  /**
   * The encoding of a {@link TalkValues#ctlResponse}: 24 bytes that decode.
   *
   * @param random the source of randomness
   * @return a new array of {@value CtlResponse#SIZE} bytes
   */
  public static byte[] response(RandomGenerator random) {
    return TalkCodec.encode(TalkValues.ctlResponse(random));
  }

  /**
   * Datagrams of every kind: valid encodings ({@link #message}, {@link #response}), mutated ones
   * ({@link #mutatedMessage}, {@link #mutatedResponse}), and arbitrary bytes ({@link
   * #messageSized}, {@link #responseSized}, {@link #anyLength}), in the proportions 2:2:2:2:1:1:2.
   *
   * @param random the source of randomness
   * @return a new array
   */
  public static byte[] mixed(RandomGenerator random) {
    switch (weighted(checked(random), 2, 2, 2, 2, 1, 1, 2)) {
      case 0:
        return message(random);
      case 1:
        return response(random);
      case 2:
        return mutatedMessage(random);
      case 3:
        return mutatedResponse(random);
      case 4:
        return messageSized(random);
      case 5:
        return responseSized(random);
      default:
        return anyLength(random);
    }
  }

  // ---- mutated datagrams -----------------------------------------------------------------------

  /**
   * The encoding of a {@link TalkValues#wellFormedCtlMessage} damaged by one to four edits, applied
   * in order: flipping a bit, overwriting a byte, truncating, appending 1 to 32 bytes, writing a
   * wrong or byte-swapped family into {@code addr} or {@code ctl_addr}, a version other than 1, a
   * type other than the four, an answer byte other than the nine, stale bytes in {@code pad} and
   * the unused address bytes (as real daemons leave them), or filling a text field so that it has
   * no NUL terminator. An edit that falls beyond the end of an already truncated datagram does
   * nothing.
   *
   * <p>The result always differs from the valid encoding it came from. About half keep the 84-byte
   * length and so still decode: they exercise a reader's checks of meaning rather than of length.
   *
   * @param random the source of randomness
   * @return a new array of 0 to {@value CtlMessage#SIZE} + 128 bytes
   */
  public static byte[] mutatedMessage(RandomGenerator random) {
    byte[] valid = TalkCodec.encode(TalkValues.wellFormedCtlMessage(checked(random)));
    return mutate(random, valid, MESSAGE_LAYOUT);
  }

  /**
   * The encoding of a {@link TalkValues#wellFormedCtlResponse} damaged as {@link #mutatedMessage}
   * describes (a response has no text field to fill).
   *
   * @param random the source of randomness
   * @return a new array of 0 to {@value CtlResponse#SIZE} + 128 bytes
   */
  public static byte[] mutatedResponse(RandomGenerator random) {
    byte[] valid = TalkCodec.encode(TalkValues.wellFormedCtlResponse(checked(random)));
    return mutate(random, valid, RESPONSE_LAYOUT);
  }

  /** The kinds of damage {@link #mutate} does. */
  private enum EditKind {
    FLIP_BIT,
    SET_BYTE,
    TRUNCATE,
    EXTEND,
    WRONG_FAMILY,
    BAD_VERSION,
    BAD_TYPE,
    BAD_ANSWER,
    STALE_BYTES,
    UNTERMINATED_TEXT
  }

  /** Where in a structure the addresses and text fields are. */
  private record Layout(int[] familyOffsets, int[][] textFields) {}

  private static byte[] mutate(RandomGenerator random, byte[] original, Layout layout) {
    byte[] b = original.clone();
    int edits = between(random, 1, MAX_EDITS);
    for (int i = 0; i < edits; i++) {
      EditKind kind = EditKind.values()[random.nextInt(0, EditKind.values().length)];
      int where = between(random, 0, 1 << 16);
      int value = between(random, 0, 0xFF);
      byte[] extra = Draw.bytes(random, between(random, 1, MAX_EXTENSION));
      b = apply(kind, where, value, extra, b, layout);
    }
    if (Arrays.equals(b, original)) {
      // Every edit happened to rewrite a byte with its own value; damage the version.
      b[0] ^= (byte) 0x80;
    }
    return b;
  }

  private static byte[] apply(
      EditKind kind, int where, int value, byte[] extra, byte[] b, Layout layout) {
    int n = b.length;
    switch (kind) {
      case FLIP_BIT:
        if (n > 0) {
          b[where % n] ^= (byte) (1 << (value & 7));
        }
        return b;
      case SET_BYTE:
        if (n > 0) {
          b[where % n] = (byte) value;
        }
        return b;
      case TRUNCATE:
        return n > 0 ? Arrays.copyOf(b, where % n) : b;
      case EXTEND:
        byte[] longer = Arrays.copyOf(b, n + extra.length);
        System.arraycopy(extra, 0, longer, n, extra.length);
        return longer;
      case WRONG_FAMILY:
        int at = layout.familyOffsets()[where % layout.familyOffsets().length];
        if (at + 1 < n) {
          int family = TalkValues.WRONG_FAMILIES.get(value % TalkValues.WRONG_FAMILIES.size());
          b[at] = (byte) (family >>> 8);
          b[at + 1] = (byte) family;
        }
        return b;
      case BAD_VERSION:
        if (n > 0) {
          b[0] = (byte) (value == TalkProtocol.VERSION ? value + 1 : value);
        }
        return b;
      case BAD_TYPE:
        if (n > 1) {
          int known = RequestType.values().length;
          b[1] = (byte) (known + value % (256 - known));
        }
        return b;
      case BAD_ANSWER:
        if (n > 2) {
          int known = Answer.values().length;
          b[2] = (byte) (known + value % (256 - known));
        }
        return b;
      case STALE_BYTES:
        // netkit and inetutils talkd reply from an uninitialised stack variable: pad and the 8
        // unused bytes of each address carry whatever was there (seen in the replies the lab
        // captured from netkit talkd 0.17).
        if (n > 3) {
          b[3] = (byte) (value | 1);
        }
        for (int address : layout.familyOffsets()) {
          for (int i = 8; i < 16 && address + i < n; i++) {
            b[address + i] = extra[i % extra.length];
          }
        }
        return b;
      case UNTERMINATED_TEXT:
        if (layout.textFields().length > 0) {
          int[] field = layout.textFields()[where % layout.textFields().length];
          for (int i = 0; i < field[1] && field[0] + i < n; i++) {
            byte x = extra[i % extra.length];
            b[field[0] + i] = x == 0 ? (byte) 'x' : x;
          }
        }
        return b;
      default:
        throw new AssertionError(kind);
    }
  }
}

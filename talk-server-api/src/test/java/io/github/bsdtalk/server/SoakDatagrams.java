package io.github.bsdtalk.server;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile and half-valid datagrams for soak tests, in three equal shares: random bytes of random
 * length 0..200; a valid request (a captured one or a generated one) with 1 to 8 bits flipped; and
 * a well-formed request whose fields are random (any type 0..3 or, rarely, any byte; random id,
 * pid, names, tty; an {@code addr} that is half the time this host so that LEAVE_INVITEs are
 * stored).
 *
 * <p>Deterministic for a seed; not thread-safe (use one per sending thread). It counts the
 * datagrams a daemon does not answer by design ({@link #unanswerable()}).
 */
final class SoakDatagrams {

  private static final List<byte[]> CAPTURED =
      GoldenSentDatagrams.netkitErrors().stream()
          .map(GoldenSentDatagrams.Sent::bytes)
          .filter(b -> b.length == CtlMessage.SIZE)
          .toList();

  private final SplittableRandom random;
  private long unanswerable;

  SoakDatagrams(long seed) {
    this.random = new SplittableRandom(seed);
  }

  byte[] next(InetSocketAddress self) {
    byte[] d = draw(self);
    if (d.length == OldCtlMessage.SIZE && !(isInet(d[60], d[61]) || isInet(d[61], d[60]))) {
      unanswerable++;
    }
    return d;
  }

  /**
   * How many of the datagrams so far were old-talk requests (76 bytes) whose {@code ctl_addr}
   * family is AF_INET in neither byte order: RequestProcessor answers those with nothing, as the
   * 4.2BSD daemon did (its reply to such an address was lost). The rest of the random 76-byte
   * datagrams are answered in old talk.
   */
  long unanswerable() {
    return unanswerable;
  }

  private static boolean isInet(byte high, byte low) {
    return high == 0 && low == TalkProtocol.AF_INET;
  }

  private byte[] draw(InetSocketAddress self) {
    switch (random.nextInt(3)) {
      case 0:
        return randomBytes(random.nextInt(201));
      case 1:
        return bitFlipped(
            random.nextBoolean() ? captured() : TalkCodec.encode(randomRequest(self)));
      default:
        return TalkCodec.encode(randomRequest(self));
    }
  }

  private byte[] captured() {
    return CAPTURED.get(random.nextInt(CAPTURED.size())).clone();
  }

  private byte[] randomBytes(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  private byte[] bitFlipped(byte[] datagram) {
    int flips = 1 + random.nextInt(8);
    for (int i = 0; i < flips; i++) {
      int bit = random.nextInt(datagram.length * 8);
      datagram[bit >>> 3] ^= (byte) (1 << (bit & 7));
    }
    return datagram;
  }

  /** A request whose every field is random within what the record accepts. */
  CtlMessage randomRequest(InetSocketAddress self) {
    int type = random.nextInt(50) == 0 ? random.nextInt(256) : random.nextInt(4);
    long id =
        random.nextBoolean() ? random.nextInt(TalkProtocol.MAX_ID) : random.nextLong(1L << 32);
    TalkAddress addr =
        random.nextBoolean()
            ? TalkAddress.of((Inet4Address) self.getAddress(), random.nextInt(65536))
            : new TalkAddress(TalkProtocol.AF_INET, random.nextInt(65536),
                TalkAddress.ipv4(random.nextInt()));
    return new CtlMessage(TalkProtocol.VERSION, type, random.nextInt(256), id, addr,
        TalkAddress.of(self), random.nextInt(), name(11), name(11), name(15));
  }

  /** A name of 0..max random lowercase letters (mostly short, so that some of them collide). */
  private String name(int max) {
    int length = random.nextInt(4) == 0 ? random.nextInt(max + 1) : random.nextInt(3);
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(c);
  }
}

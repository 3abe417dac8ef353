package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.LoopbackClient.ip;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of {@link RequestProcessor#handle(byte[], InetSocketAddress, Instant)}
 * with Jazzer: whatever the bytes, and whatever came before them, the processor does not throw and
 * answers (under the default wrong-length policy) with a well-formed 24-byte reply: in ntalk for
 * any length but 76, in old talk for 76 bytes (or nothing, when their {@code ctl_addr} family is
 * not AF_INET, as the 4.2BSD daemon's reply was lost).
 *
 * <p>A plain {@code mvn verify} replays the seed corpus in {@code
 * src/test/resources/io/github/bsdtalk/server/RequestProcessorFuzzTestInputs/<method>/}. To fuzz
 * for real (one method per run, bounded by {@code maxDuration}):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl talk-server-api -am test -Djacoco.skip=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='RequestProcessorFuzzTest#handleAnswersAnyDatagramWithAWellFormedReply'
 * JAZZER_FUZZ=1 mvn -pl talk-server-api -am test -Djacoco.skip=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='RequestProcessorFuzzTest#handleSurvivesAnySequenceOfDatagramsThroughOneProcessor'
 * </pre>
 *
 * <p>Runs on 2026-11-26 (2 shared cores, 3 minutes each, no finding): single datagrams 2,850,105
 * executions (about 15,700/s; coverage 206 edges, plateaued within seconds); sequences 130,974
 * executions of up to 64 datagrams each (about 720/s; 276 edges, 1,573 features, corpus 172).
 *
 * <p>A crash is written into the method's inputs folder as {@code crash-<sha1>}; keep it there as a
 * regression input once fixed. The generated corpus goes to {@code .cifuzz-corpus/} (git-ignored).
 *
 * <p><b>Seeds.</b> {@code handleAnswersAnyDatagramWithAWellFormedReply}: one file per datagram sent
 * in {@code golden/netkit-errors.txt}, named after its case, and per request of the captured netkit
 * and inetutils sessions ({@code shared/golden/*-session.txt}). {@code
 * handleSurvivesAnySequenceOfDatagramsThroughOneProcessor}: the requests of the captured netkit
 * and inetutils sessions and of the netkit error probe, laid out as the test consumes them: {@link
 * FuzzedDataProvider} takes byte arrays from the front of the input and numbers from its
 * end, so a seed is the datagrams concatenated, followed by the per-step control bytes in reverse
 * (sender index, {@code 30} for "no clock step", {@code 0} for "raw bytes", the length). One more
 * seed, {@code structured-invite-then-lookup}, is control bytes only: a LEAVE_INVITE and a LOOK_UP
 * built from the vocabulary that finds it.
 */
class RequestProcessorFuzzTest {

  private static final InetSocketAddress LOCAL_SENDER =
      new InetSocketAddress(ip("127.0.0.1"), 40000);
  private static final InetSocketAddress[] SENDERS = {
    LOCAL_SENDER,
    new InetSocketAddress(ip("127.0.0.2"), 40001),
    new InetSocketAddress(ip("192.0.2.7"), 518), // not local: LEAVE_INVITE gets MACHINE_UNKNOWN
    new InetSocketAddress(ip("10.1.2.3"), 65535),
  };
  private static final TalkAddress[] ADDRESSES = {
    TalkAddress.of(ip("127.0.0.1"), 40000),
    TalkAddress.ANY,
    TalkAddress.of(ip("192.0.2.7"), 1),
    new TalkAddress(0x0200, 40000, ip("127.0.0.1")), // AF_INET byte-swapped, as some clients send
  };
  private static final String[] NAMES = {
    "", "alice", "bob", "carol", "al\u0007ice", "aaaaaaaaaaaa", "b\u00f8b", "alice\u0000bob",
  };
  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");
  /** Small limits, so that a short sequence reaches the capacity and the quotas. */
  private static final InvitationTable.Limits SMALL =
      new InvitationTable.Limits(16, TalkProtocol.MAX_LIFE, 8, 3);
  private static final int MAX_STEPS = 64;

  /**
   * Rings by a rule of the callee's name, covering every answer an announcer may give, and throws
   * for some names: the processor must answer FAILED for those.
   */
  private static final Announcer ANNOUNCER =
      a -> {
        switch (Math.floorMod(a.calleeName().hashCode(), 5)) {
          case 0:
            return Answer.SUCCESS;
          case 1:
            return Answer.NOT_HERE;
          case 2:
            return Answer.PERMISSION_DENIED;
          case 3:
            return Answer.FAILED;
          default:
            throw new IllegalStateException("announcer bug for " + a.calleeName());
        }
      };

  @FuzzTest(maxDuration = "3m")
  void handleAnswersAnyDatagramWithAWellFormedReply(byte[] datagram) {
    RequestProcessor processor = RequestProcessor.builder().announcer(ANNOUNCER).build();

    Optional<byte[]> reply = processor.handle(datagram, LOCAL_SENDER, T0);

    assertWellFormedReply(datagram, reply);
  }

  @FuzzTest(maxDuration = "3m")
  void handleSurvivesAnySequenceOfDatagramsThroughOneProcessor(FuzzedDataProvider data) {
    InvitationTable table = InvitationTable.inMemory(SMALL);
    RequestProcessor processor =
        RequestProcessor.builder().table(table).announcer(ANNOUNCER).build();
    Instant now = T0;

    for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
      InetSocketAddress sender = SENDERS[data.consumeInt(0, SENDERS.length - 1)];
      // the wall clock may also step back (NTP); the table must cope with both
      now = now.plusSeconds(data.consumeInt(-30, 90));
      byte[] datagram = nextDatagram(data);

      Optional<byte[]> reply = processor.handle(datagram, sender, now);

      assertWellFormedReply(datagram, reply);
      assertThat(table.size()).isBetween(0, SMALL.capacity());
    }
  }

  /** Raw bytes, or (to reach deep table states quickly) a request built from a small vocabulary. */
  private static byte[] nextDatagram(FuzzedDataProvider data) {
    if (!data.consumeBoolean()) {
      return data.consumeBytes(data.consumeInt(0, 200));
    }
    int type = data.consumeInt(0, 4); // 4: one unknown type
    long id = data.consumeBoolean() ? CtlMessage.MAX_ID_NUM : data.consumeInt(0, 40);
    TalkAddress addr = ADDRESSES[data.consumeInt(0, ADDRESSES.length - 1)];
    String local = NAMES[data.consumeInt(0, NAMES.length - 1)];
    String remote = NAMES[data.consumeInt(0, NAMES.length - 1)];
    int pid = data.consumeInt(0, 3);
    int oldTalk = data.consumeInt(0, 2); // 0: ntalk; 1, 2: old talk in network, little-endian order
    if (oldTalk != 0) {
      // old names have 9 bytes: cut the vocabulary's longer ones, as a C client's strncpy would
      return OldTalkCodec.encode(new OldCtlMessage(type, cut9(local), cut9(remote), id, pid, "",
          addr, TalkAddress.of(LOCAL_SENDER),
          oldTalk == 1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN));
    }
    CtlMessage m =
        new CtlMessage(TalkProtocol.VERSION, type, 0, id, addr, TalkAddress.of(LOCAL_SENDER), pid,
            local, remote, "");
    return TalkCodec.encode(m);
  }

  private static String cut9(String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    return b.length <= TalkProtocol.OLD_NAME_SIZE ? name : "x".repeat(TalkProtocol.OLD_NAME_SIZE);
  }

  /**
   * What every reply must look like (RequestProcessor's class description): 24 bytes, vers 1, the
   * request's type echoed (byte 1 of the datagram, 0 if it has none), pad 0, a known answer, id 0
   * and a zero address on every error, and a zero address on every success but LOOK_UP's.
   */
  static void assertWellFormedReply(byte[] datagram, Optional<byte[]> reply) {
    if (datagram.length == OldCtlMessage.SIZE) {
      assertWellFormedOldTalkReply(datagram, reply);
      return;
    }
    assertThat(reply).as("reply under the default wrong-length policy").isPresent();
    byte[] r = reply.get();
    int echoedType = datagram.length >= 2 ? Byte.toUnsignedInt(datagram[1]) : 0;
    assertThat(r).hasSize(24);
    assertThat(r[0]).as("vers").isEqualTo((byte) 1);
    assertThat(Byte.toUnsignedInt(r[1])).as("type").isEqualTo(echoedType);
    assertThat(r[3]).as("pad").isZero();
    int answer = Byte.toUnsignedInt(r[2]);
    assertThat(Answer.fromCode(answer)).as("answer").isPresent();
    if (answer != Answer.SUCCESS.code()) {
      assertThat(Arrays.copyOfRange(r, 4, 24)).as("id and addr of an error").containsOnly(0);
    } else if (echoedType != RequestType.LOOK_UP.code()) {
      assertThat(Arrays.copyOfRange(r, 8, 24)).as("addr of a non-LOOK_UP").containsOnly(0);
    }
  }

  /**
   * What every reply to a 76-byte datagram must look like: none when the {@code ctl_addr} family is
   * not AF_INET in the order the codec reads it, else 24 bytes of old talk in the request's order:
   * the type echoed (byte 0), an answer old talk has (0..5), zero filler, id 0 and a zero address
   * on every error, and a zero address on every success but LOOK_UP's.
   */
  static void assertWellFormedOldTalkReply(byte[] datagram, Optional<byte[]> reply) {
    OldCtlMessage request;
    try {
      request = OldTalkCodec.decodeMessage(datagram);
    } catch (MalformedPacketException e) {
      throw new AssertionError("76 bytes always decode as old talk", e);
    }
    if (!request.controlAddress().isInet()) {
      assertThat(reply).as("no reply: ctl_addr family " + request.controlAddress().family())
          .isEmpty();
      return;
    }
    assertThat(reply).as("old-talk reply").isPresent();
    byte[] r = reply.get();
    assertThat(r).hasSize(OldCtlResponse.SIZE);
    assertThat(r[0]).as("type").isEqualTo(datagram[0]);
    int answer = Byte.toUnsignedInt(r[1]);
    assertThat(answer).as("an answer old talk has").isBetween(0, Answer.UNKNOWN_REQUEST.code());
    assertThat(Arrays.copyOfRange(r, 2, 4)).as("filler").containsOnly(0);
    if (answer != Answer.SUCCESS.code()) {
      assertThat(Arrays.copyOfRange(r, 4, 24)).as("id and addr of an error").containsOnly(0);
    } else if (r[0] != RequestType.LOOK_UP.code()) {
      assertThat(Arrays.copyOfRange(r, 8, 24)).as("addr of a non-LOOK_UP").containsOnly(0);
    }
  }
}

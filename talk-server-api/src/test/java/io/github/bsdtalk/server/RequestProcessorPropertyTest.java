package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Invariants of {@link RequestProcessor} over random requests, request sequences and raw bytes. The
 * generators are local to this test; {@link RequestProcessorTestkitPropertyTest} uses
 * talk-proto-testkit's.
 */
@SuppressWarnings("unchecked") // Generate.frequency(Pair...) is generic varargs
class RequestProcessorPropertyTest {

  private static final int EXAMPLES = 1_000;
  private static final Instant T0 = Instant.parse("2026-11-26T04:24:59Z");

  // ---- generators -------------------------------------------------------------------------------

  /** Mostly 1, sometimes any byte. */
  private static final Gen<Integer> VERSIONS = Generate.frequency(
      Pair.of(8, Generate.constant(TalkProtocol.VERSION)), Pair.of(2, Generate.range(0, 255)));

  /** Mostly the four known types, sometimes any byte. */
  private static final Gen<Integer> TYPES = Generate.frequency(
      Pair.of(8, Generate.range(0, 3)), Pair.of(2, Generate.range(0, 255)));

  /** Mostly AF_INET, sometimes AF_INET6, 0, the byte-swapped 0x0200, or anything. */
  private static final Gen<Integer> FAMILIES = Generate.frequency(
      Pair.of(12, Generate.constant(TalkProtocol.AF_INET)),
      Pair.of(1, Generate.pick(List.of(0, 10, 0x0200))),
      Pair.of(1, Generate.range(0, 0xFFFF)));

  private static final List<Inet4Address> IPS = List.of(
      TestRequests.LOCALHOST, TestRequests.LOCALHOST_2, TestRequests.REMOTE, TalkAddress.ipv4(0));

  private static final Gen<Inet4Address> HOSTS = Generate.pick(IPS);

  private static final Gen<TalkAddress> ADDRESSES = FAMILIES.zip(
      Generate.pick(List.of(0, 40_000, 65_535)), HOSTS, TalkAddress::new);

  /** A few names, so that requests meet each other, plus awkward ones. */
  private static final Gen<String> NAMES = Generate.pick(List.of(
      "alice", "bob", "carol", "", "abcdefghijkX", "abcdefghijkY", "al\u0007ice", "bob\u0000x",
      "\u00e9mile", "\u001b[2J"));

  private static final Gen<String> TTYS = Generate.pick(List.of("", "pts/1", "pts/99"));

  /** Ids: 0, the impossible id, small ids that may be stored or stored + 1, or anything. */
  private static final Gen<Long> IDS = Generate.frequency(
      Pair.of(2, Generate.constant(0L)),
      Pair.of(3, Generate.constant(CtlMessage.MAX_ID_NUM)),
      Pair.of(4, Generate.longRange(1, 12)),
      Pair.of(1, Generate.longRange(0, CtlMessage.MAX_ID_NUM)));

  private static final Gen<Integer> PIDS = Generate.pick(List.of(0, 1, 777, -1));

  private static final Gen<CtlMessage> REQUESTS = in -> new CtlMessage(
      VERSIONS.generate(in), TYPES.generate(in), Generate.range(0, 255).generate(in),
      IDS.generate(in), ADDRESSES.generate(in), ADDRESSES.generate(in), PIDS.generate(in),
      NAMES.generate(in), NAMES.generate(in), TTYS.generate(in));

  private static final Gen<InetSocketAddress> SENDERS =
      HOSTS.zip(Generate.range(1, 65_535), InetSocketAddress::new);

  /** One step of a conversation with the daemon: a request, its sender, and time passing. */
  record Step(CtlMessage request, InetSocketAddress sender, Duration after) {}

  private static final Gen<Step> STEPS = REQUESTS.zip(SENDERS,
      Generate.longRange(0, 40_000).map(Duration::ofMillis), Step::new);

  private static final Gen<List<Step>> SEQUENCES = in -> {
    int n = Generate.range(1, 25).generate(in);
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      steps.add(STEPS.generate(in));
    }
    return steps;
  };

  /** Old-talk requests in either byte order, names cut to old talk's 9 bytes. */
  private static final Gen<OldCtlMessage> OLD_REQUESTS = in -> {
    CtlMessage m = REQUESTS.generate(in);
    return new OldCtlMessage(m.type(), old(m.localName()), old(m.remoteName()), m.id(), m.pid(),
        m.remoteTty(), m.address(), m.controlAddress(),
        Generate.pick(List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)).generate(in));
  };

  private static String old(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length <= TalkProtocol.OLD_NAME_SIZE
        ? name : name.substring(0, TalkProtocol.OLD_NAME_SIZE);
  }

  /**
   * Arbitrary bytes of any length 0..200, or a valid request (ntalk or old talk) with a few bytes
   * changed.
   */
  private static final Gen<byte[]> DATAGRAMS = Generate.frequency(
      Pair.of(1, Generate.byteArrays(Generate.range(0, 200),
          Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))),
      Pair.of(1, changed(REQUESTS.map(m -> TalkCodec.encode(m)))),
      Pair.of(1, changed(OLD_REQUESTS.map(m -> OldTalkCodec.encode(m)))));

  /** Encoded requests with up to 4 bytes changed. */
  private static Gen<byte[]> changed(Gen<byte[]> encoded) {
    return in -> {
      byte[] b = encoded.generate(in);
      int changes = Generate.range(0, 4).generate(in);
      for (int i = 0; i < changes; i++) {
        b[Generate.range(0, b.length - 1).generate(in)] =
            (byte) (int) Generate.range(0, 255).generate(in);
      }
      return b;
    };
  }

  /**
   * Answers as a real announcer might, decided by the request so that runs repeat. (An announcer
   * that throws is covered in RequestProcessorTest; here it would log a stack trace per example.)
   */
  private static Answer announceDeterministically(Announcement a) {
    int pick = Math.floorMod(a.calleeName().hashCode() * 31 + a.request().pid(), 4);
    return List.of(Answer.SUCCESS, Answer.NOT_HERE, Answer.PERMISSION_DENIED, Answer.FAILED)
        .get(pick);
  }

  private static RequestProcessor newProcessor() {
    return RequestProcessor.builder()
        .announcer(RequestProcessorPropertyTest::announceDeterministically)
        .table(InvitationTable.inMemory(InvitationTable.Limits.DEFAULT
            .withCapacity(20).withQuotas(10, 3)))
        .build();
  }

  // ---- properties -------------------------------------------------------------------------------

  @Test
  void versionOtherThanOneIsAlwaysBadVersion() {
    Gen<CtlMessage> badVersions = REQUESTS.zip(Generate.range(2, 256),
        (m, v) -> new CtlMessage(v & 0xFF, m.type(), m.answer(), m.id(), m.address(),
            m.controlAddress(), m.pid(), m.localName(), m.remoteName(), m.remoteTty()));
    qt().withExamples(EXAMPLES).forAll(badVersions, SENDERS)
        .checkAssert((m, from) -> {
          CtlResponse r = newProcessor().process(m, from, T0);
          assertThat(r.knownAnswer()).contains(Answer.BADVERSION);
          assertThat(r.type()).isEqualTo(m.type());
          assertThat(r.id()).isZero();
        });
  }

  @Test
  void everyReplyInASequenceKeepsTheResponseInvariants() {
    qt().withExamples(EXAMPLES).forAll(SEQUENCES).checkAssert(steps -> {
      RequestProcessor talkd = newProcessor();
      Instant now = T0;
      for (Step s : steps) {
        now = now.plus(s.after());
        CtlMessage m = s.request();
        CtlResponse r = talkd.process(m, s.sender(), now);

        assertThat(r.version()).isEqualTo(TalkProtocol.VERSION);
        assertThat(r.type()).as("type echoed").isEqualTo(m.type());
        assertThat(r.knownAnswer()).as("a known answer").isPresent();
        if (m.version() != TalkProtocol.VERSION) {
          assertThat(r.knownAnswer()).contains(Answer.BADVERSION);
        } else if (m.requestType().isEmpty()) {
          assertThat(r.knownAnswer()).contains(Answer.UNKNOWN_REQUEST);
        }
        if (!r.is(Answer.SUCCESS)) {
          assertThat(r.id()).as("id on error").isZero();
        } else if (m.type() == RequestType.DELETE.code()) {
          assertThat(r.id()).as("DELETE answers id 0").isZero();
        } else {
          assertThat(r.id()).as("issued id").isBetween(1L, TalkProtocol.MAX_ID - 1L);
        }
        boolean lookUpFound = m.type() == RequestType.LOOK_UP.code() && r.is(Answer.SUCCESS);
        if (lookUpFound) {
          assertThat(r.address().isInet()).as("only AF_INET addresses are stored").isTrue();
        } else {
          assertThat(r.address()).isEqualTo(TalkAddress.ZERO);
        }
        assertThat(talkd.table().size()).isLessThanOrEqualTo(20);
      }
    });
  }

  @Test
  void handleNeverThrowsAndAlwaysRepliesWith24BytesEchoingByteOne() {
    qt().withExamples(EXAMPLES).forAll(DATAGRAMS, SENDERS).checkAssert((datagram, from) -> {
      RequestProcessor talkd = newProcessor();
      // Twice, so the second sees the state the first left behind.
      for (int round = 0; round < 2; round++) {
        Optional<byte[]> reply = talkd.handle(datagram, from, T0.plusSeconds(round));
        if (datagram.length == OldCtlMessage.SIZE) {
          RequestProcessorFuzzTest.assertWellFormedOldTalkReply(datagram, reply);
          continue;
        }

        assertThat(reply).isPresent();
        byte[] r = reply.get();
        assertThat(r).hasSize(CtlResponse.SIZE);
        assertThat(r[0]).as("vers").isEqualTo((byte) 1);
        int echoed = datagram.length >= 2 ? Byte.toUnsignedInt(datagram[1]) : 0;
        assertThat(Byte.toUnsignedInt(r[1])).as("type").isEqualTo(echoed);
        assertThat(r[3]).as("pad").isZero();
        int id = ByteBuffer.wrap(r).getInt(4);
        if (r[2] != 0) {
          assertThat(id).as("id on error").isZero();
        }
        if (datagram.length != CtlMessage.SIZE) {
          assertThat(r[2]).isEqualTo((byte) Answer.UNKNOWN_REQUEST.code());
        }
        boolean lookUpFound = r[1] == RequestType.LOOK_UP.code() && r[2] == 0;
        if (!lookUpFound) {
          assertThat(Arrays.copyOfRange(r, 8, 24)).as("addr").containsOnly(0);
        }
      }
    });
  }

  @Test
  void dropPolicyRepliesExactlyToWellSizedDatagrams() {
    RequestProcessor quiet = RequestProcessor.builder()
        .wrongLengthPolicy(RequestProcessor.WrongLengthPolicy.DROP).build();
    qt().withExamples(EXAMPLES).forAll(DATAGRAMS, SENDERS).checkAssert((datagram, from) ->
        assertThat(quiet.handle(datagram, from, T0).isPresent())
            .isEqualTo(datagram.length == CtlMessage.SIZE
                || datagram.length == OldCtlMessage.SIZE && oldTalkControlIsInet(datagram)));
  }

  private static boolean oldTalkControlIsInet(byte[] datagram) {
    return decode(datagram).controlAddress().isInet();
  }

  private static OldCtlMessage decode(byte[] oldTalk) {
    try {
      return OldTalkCodec.decodeMessage(oldTalk);
    } catch (MalformedPacketException e) {
      throw new AssertionError("76 bytes always decode", e);
    }
  }

  @Test
  void oldTalkIsAnsweredAsItsNtalkViewWithTheAnswersOldTalkLacksMapped() {
    // The same sequence through two processors: one fed old talk, one fed its ntalk view. Every
    // reply of the first is the second's in old talk, in the request's byte order, with BADADDR
    // (now only a LEAVE_INVITE to another host) as FAILED; none is BADVERSION or BADCTLADDR (those
    // requests get no reply).
    qt().withExamples(EXAMPLES).forAll(OLD_REQUESTS, SENDERS, integers().between(0, 120))
        .checkAssert((generated, from, seconds) -> {
          // as the daemon reads it: a little-endian record whose ctl_addr family is not AF_INET
          // cannot be told from a big-endian one (OldTalkCodec)
          OldCtlMessage old = decode(OldTalkCodec.encode(generated));
          RequestProcessor viaOld = newProcessor();
          RequestProcessor viaNtalk = newProcessor();
          Instant now = T0.plusSeconds(seconds);
          for (int round = 0; round < 2; round++) {
            Optional<byte[]> reply = viaOld.handle(OldTalkCodec.encode(old), from, now);
            CtlMessage view = old.toCtlMessage();
            if (!view.address().isInet()) {
              // old talk takes any addr family as AF_INET, as netkit does
              view = view.withAddress(TalkAddress.of(view.address().ip(), view.address().port()));
            }
            CtlResponse ntalk = viaNtalk.process(view, from, now);
            if (!old.controlAddress().isInet()) {
              assertThat(reply).isEmpty();
              continue;
            }
            int answer = ntalk.answer() == Answer.BADADDR.code() ? Answer.FAILED.code()
                : ntalk.answer();
            assertThat(answer).isBetween(0, Answer.UNKNOWN_REQUEST.code());
            OldCtlResponse expected = new OldCtlResponse(ntalk.type(), answer, ntalk.id(),
                ntalk.address(), old.byteOrder());
            assertThat(reply).hasValueSatisfying(r ->
                assertThat(r).isEqualTo(OldTalkCodec.encode(expected)));
          }
        });
  }

  @Test
  void handleOfEncodedRequestEqualsProcess() {
    qt().withExamples(EXAMPLES).forAll(REQUESTS, SENDERS, integers().between(0, 120))
        .checkAssert((m, from, seconds) -> {
          Instant now = T0.plusSeconds(seconds);
          CtlResponse direct = newProcessor().process(m, from, now);
          byte[] viaBytes = newProcessor().handle(TalkCodec.encode(m), from, now).orElseThrow();
          assertThat(viaBytes).isEqualTo(TalkCodec.encode(direct));
        });
  }
}

package io.github.bsdtalk.server;

import io.github.bsdtalk.server.internal.AnnouncementText;
import static io.github.bsdtalk.proto.Answer.BADADDR;
import static io.github.bsdtalk.proto.Answer.BADCTLADDR;
import static io.github.bsdtalk.proto.Answer.BADVERSION;
import static io.github.bsdtalk.proto.Answer.FAILED;
import static io.github.bsdtalk.proto.Answer.NOT_HERE;
import static io.github.bsdtalk.proto.Answer.PERMISSION_DENIED;
import static io.github.bsdtalk.proto.Answer.SUCCESS;
import static io.github.bsdtalk.proto.Answer.UNKNOWN_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.server.internal.UtmpRecords;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every probe the lab sent to netkit in.ntalkd 0.17-18 ({@code golden/netkit-errors.txt}),
 * in file order, through {@link RequestProcessor#handle(byte[], java.net.InetSocketAddress,
 * Instant)}, and checks our answer to each against {@link #EXPECTED}: netkit's answer, unless a row
 * says why ours differs. {@code talk-server-api/BEHAVIOUR.md} is the same table for people, with the
 * inetutils column; a test here keeps the two in step.
 *
 * <p>The daemon's world is modelled on the lab's: bob logged in on pts/1 with mesg y, carol and
 * nosuchuser not logged in, and bob's tty at mode 0600 during {@code announce_mesg_n} only (the probe
 * chmods it around that one case). Each datagram comes from the socket the probe really used.
 *
 * <p><b>Ids.</b> A DELETE probe carries the id that netkit had handed out in an earlier reply; ours
 * hands out other ids (netkit's counter was at 8 when the probe started, ours starts at 1). So that
 * the DELETE probes ask us what they asked netkit, the id of a DELETE that netkit issued is replaced
 * by the id we issued in the same earlier case. Nothing else in any datagram is changed.
 */
class RequestProcessorGoldenTest {

  private static final List<NetkitErrorsGolden.Case> CASES = NetkitErrorsGolden.load();
  private static final Instant PROBE_START = Instant.parse("2026-11-26T04:24:59Z");
  private static final int LEAVE_INVITE = 0;
  private static final int LOOK_UP = 1;
  private static final int DELETE = 2;
  private static final int ANNOUNCE = 3;

  /**
   * Our answer to one probe.
   *
   * @param name the case
   * @param type the type we echo
   * @param answer our answer
   * @param id our id, exactly (ours are deterministic)
   * @param address the address we return: {@link TalkAddress#ZERO} except after LOOK_UP + SUCCESS
   * @param why null if netkit gave the same answer, echoed the same type and had a zero id exactly
   *     when we do; otherwise why ours differs
   */
  record Expected(String name, int type, Answer answer, long id, TalkAddress address, String why) {}

  private static Expected same(String name, int type, Answer answer, long id) {
    return new Expected(name, type, answer, id, TalkAddress.ZERO, null);
  }

  private static Expected differs(String name, int type, Answer answer, long id, String why) {
    return new Expected(name, type, answer, id, TalkAddress.ZERO, why);
  }

  private static final TalkAddress ALICE_40004 = TalkAddress.of(TestRequests.LOCALHOST, 40004);

  static final List<Expected> EXPECTED = List.of(
      same("lookup_nothing_waiting", LOOK_UP, NOT_HERE, 0),
      same("announce_not_logged_in", ANNOUNCE, NOT_HERE, 0),
      same("announce_unknown_user", ANNOUNCE, NOT_HERE, 0),
      differs("announce_wrong_tty", ANNOUNCE, NOT_HERE, 0,
          "a requested r_tty must be one of the callee's (BSD, inetutils); netkit rings another"),
      same("announce_mesg_n", ANNOUNCE, PERMISSION_DENIED, 0),
      same("announce_ok", ANNOUNCE, SUCCESS, 5),
      differs("announce_again_same_caller", ANNOUNCE, SUCCESS, 5,
          "a retransmitted first ANNOUNCE (id 0xFFFFFFFF) is a duplicate: same id, no second ring"),
      differs("delete_after_announce", DELETE, SUCCESS, 0,
          "the announce's first id is still valid (no renumbering on a duplicate); its owner deletes"),
      same("version_2", LOOK_UP, BADVERSION, 0),
      same("version_0", LOOK_UP, BADVERSION, 0),
      same("version_2_announce", ANNOUNCE, BADVERSION, 0),
      same("type_4", 4, UNKNOWN_REQUEST, 0),
      same("type_9", 9, UNKNOWN_REQUEST, 0),
      same("type_255", 255, UNKNOWN_REQUEST, 0),
      same("truncated_10", LOOK_UP, UNKNOWN_REQUEST, 0),
      differs("empty_0", 0, UNKNOWN_REQUEST, 0,
          "no byte 1 to echo: type 0; netkit echoes the previous datagram's type from a stale buffer"),
      same("short_83", LOOK_UP, UNKNOWN_REQUEST, 0),
      same("long_85", LOOK_UP, UNKNOWN_REQUEST, 0),
      same("long_200", LOOK_UP, UNKNOWN_REQUEST, 0),
      same("truncated_10_type9_v2", 9, UNKNOWN_REQUEST, 0),
      // old talk: the reply is checked byte for byte against netkit's (assertMatchesExpected)
      same("otalk_76_lookup", LOOK_UP, NOT_HERE, 0),
      differs("lookup_addr_family_inet6", LOOK_UP, BADADDR, 0,
          "addr family not AF_INET: BADADDR (BSD check); netkit ignores families"),
      differs("lookup_ctl_addr_family_inet6", LOOK_UP, BADCTLADDR, 0,
          "ctl_addr family not AF_INET: BADCTLADDR (BSD check)"),
      differs("lookup_ctl_addr_family_0", LOOK_UP, BADCTLADDR, 0,
          "ctl_addr family not AF_INET: BADCTLADDR (BSD check, as inetutils)"),
      differs("lookup_family_little_endian", LOOK_UP, BADADDR, 0,
          "family 0x0200 is not AF_INET: BADADDR (as inetutils)"),
      differs("invite_addr_family_inet6", LEAVE_INVITE, BADADDR, 0,
          "addr family not AF_INET: BADADDR, nothing stored"),
      differs("lookup_after_inet6_invite", LOOK_UP, NOT_HERE, 0,
          "the AF_INET6 invitation was refused, so there is none to find"),
      differs("delete_inet6_invite", DELETE, NOT_HERE, 0,
          "the AF_INET6 invitation was refused, so there is none to delete"),
      same("invite_nonlocal_addr", LEAVE_INVITE, BADADDR, 0),
      differs("invite_ok", LEAVE_INVITE, SUCCESS, 6,
          "a stored LEAVE_INVITE is answered SUCCESS explicitly; netkit sends a stale answer byte"),
      same("invite_dup", LEAVE_INVITE, SUCCESS, 6),
      new Expected("lookup_match", LOOK_UP, SUCCESS, 6, ALICE_40004, null),
      same("lookup_wrong_caller", LOOK_UP, NOT_HERE, 0),
      same("delete_ok", DELETE, SUCCESS, 0),
      same("delete_again", DELETE, NOT_HERE, 0),
      same("delete_unknown_id", DELETE, NOT_HERE, 0),
      same("ctl_addr_redirect", LOOK_UP, NOT_HERE, 0),
      same("source_127_0_0_2", LOOK_UP, NOT_HERE, 0),
      differs("invite_from_127_0_0_2", LEAVE_INVITE, SUCCESS, 7,
          "stored and answered SUCCESS explicitly; netkit stored it but sent a stale NOT_HERE"),
      same("names_not_nul_terminated", LOOK_UP, NOT_HERE, 0),
      same("answer_pad_ff", LOOK_UP, NOT_HERE, 0),
      same("announce_empty_names", ANNOUNCE, NOT_HERE, 0),
      differs("announce_ctrl_chars", ANNOUNCE, FAILED, 0,
          "a control character in l_name is refused with FAILED (FreeBSD); netkit looks up r_name"),
      same("random_84", 0xa5, BADVERSION, 0));

  @Test
  void expectedTableCoversEveryProbeInFileOrder() {
    assertThat(EXPECTED).extracting(Expected::name)
        .containsExactlyElementsOf(CASES.stream().map(NetkitErrorsGolden.Case::name).toList());
    assertThat(CASES).hasSize(44);
  }

  @Test
  void netkitSummaryLinesAgreeWithNetkitReplyBytes() {
    for (NetkitErrorsGolden.Case c : CASES) {
      if (c.name().equals("otalk_76_lookup")) {
        // An old-talk reply (type, answer, pad, id, addr): bytes 0-1 are type 1, answer NOT_HERE.
        assertThat(c.netkitReply()).startsWith(1, 1, 0, 0);
        continue;
      }
      String answer = Answer.fromCode(c.netkitReply()[2]).orElseThrow().name();
      assertThat(c.netkitSummary()).as(c.name())
          .isEqualTo(answer + " id=" + u32(c.netkitReply(), 4));
    }
  }

  @Test
  void answersEveryNetkitProbeAsTheBehaviourTableSays() {
    LabModel lab = new LabModel();
    RequestProcessor talkd = RequestProcessor.builder().announcer(lab).build();

    Map<String, byte[]> ours = replay(talkd, name -> lab.currentCase = name);

    assertMatchesExpected(ours);
    // Only the 127.0.0.2 invitation is left: everything else was refused, removed or deleted.
    assertThat(talkd.table().size()).isEqualTo(1);
    assertThat(talkd.table().lookUp("alice", "bob", PROBE_START.plusSeconds(20)))
        .hasValueSatisfying(inv -> assertThat(inv.owner()).isEqualTo(TestRequests.LOCALHOST_2));
  }

  @Test
  void ringsBobOnceWhereNetkitRangThreeTimes() {
    LabModel lab = new LabModel();
    RequestProcessor talkd = RequestProcessor.builder().announcer(lab).build();

    replay(talkd, name -> lab.currentCase = name);

    // Netkit rang bob for announce_wrong_tty, announce_ok and announce_again_same_caller. We consult
    // the announcer for every new, well-formed ANNOUNCE, and never for a duplicate, a bad version
    // or a caller name with a control character.
    assertThat(lab.consulted).containsExactly(
        "announce_not_logged_in", "announce_unknown_user", "announce_wrong_tty",
        "announce_mesg_n", "announce_ok", "announce_empty_names");
    assertThat(lab.rung).singleElement().satisfies(a -> {
      assertThat(a.callerName()).isEqualTo("alice");
      assertThat(a.calleeName()).isEqualTo("bob");
      assertThat(a.calleeTty()).isEmpty();
      assertThat(a.callerHost()).isEqualTo(TestRequests.LOCALHOST);
      assertThat(a.callerAddress()).isEqualTo(TalkAddress.of(TestRequests.LOCALHOST, 40002));
      assertThat(a.request().pid()).isEqualTo(777);
    });
  }

  @Test
  void unixTtyAnnouncerOverTheLabsUtmpAnswersAsTheModel(@TempDir Path dir) throws IOException {
    Path dev = Files.createDirectories(dir.resolve("dev"));
    Path utmp = UtmpRecords.write(dir.resolve("utmp"),
        UtmpRecords.record(UtmpRecords.LOGIN_PROCESS, 90, "tty1", "LOGIN", "",
            PROBE_START.minusSeconds(3600)),
        UtmpRecords.login("bob", "pts/1"));
    Path bobTty = UtmpRecords.tty(dev, "pts/1", "rw--w----", PROBE_START.minusSeconds(5));
    // A regular file stands in for bob's pty: the package-private check lets it through.
    UnixTtyAnnouncer announcer = UnixTtyAnnouncer.builder()
        .utmp(utmp).devDirectory(dev).hostname("vm").zone(ZoneOffset.UTC)
        .writer(Runnable::run).terminalCheck((tty, callee) -> Optional.empty())
        .procDirectory(
            UnixTtyAnnouncerTest.fakeProc(dir.resolve("proc"), "4242 (java) S 1 4242 1 0"))
        .build();
    RequestProcessor talkd = RequestProcessor.builder().announcer(announcer).build();

    Map<String, byte[]> ours = replay(talkd, name -> {
      // probe-errors.py: os.chmod(bob's tty, 0o600) around announce_mesg_n only
      String mode = name.equals("announce_mesg_n") ? "rw-------" : "rw--w----";
      try {
        Files.setPosixFilePermissions(bobTty, PosixFilePermissions.fromString(mode));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    assertMatchesExpected(ours);
    // One ring, from announce_ok (the sixth probe, at 04:25:00.5).
    assertThat(Files.readAllBytes(bobTty)).isEqualTo(
        AnnouncementText.message("alice", "127.0.0.1", "vm", LocalTime.of(4, 25)));
  }

  @Test
  void behaviourTableDocumentsEveryCaseAsTheTestsSeeIt() throws IOException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("BEHAVIOUR.md"))) {
      String[] cells = line.split("\\|", -1);
      if (cells.length == 7 && cells[1].strip().startsWith("`")) {
        String name = cells[1].strip().replace("`", "");
        rows.put(name, Arrays.stream(cells, 2, 6).map(String::strip).toArray(String[]::new));
      }
    }
    assertThat(rows.keySet()).containsExactlyElementsOf(
        EXPECTED.stream().map(Expected::name).toList());
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) {
      NetkitErrorsGolden.Case c = CASES.get(i);
      Expected e = EXPECTED.get(i);
      String[] row = rows.get(c.name());
      check(problems, c.name(), "netkit column", row[0], c.netkitSummary());
      check(problems, c.name(), "inetutils column", row[1], c.inetutilsSummary());
      // "SUCCESS id=6", or with more after a comma or space: "SUCCESS id=6, addr ..."
      String ours = e.answer() + " id=" + e.id();
      boolean oursMatches = row[2].equals(ours) || row[2].startsWith(ours + ",")
          || row[2].startsWith(ours + " ");
      check(problems, c.name(), "ours column", oursMatches ? ours : row[2], ours);
      check(problems, c.name(), "why column is filled", !row[3].isEmpty(), e.why() != null);
    }
    assertThat(problems).isEmpty();
  }

  /** Replays every probe in file order; returns our reply per case. */
  private static Map<String, byte[]> replay(RequestProcessor talkd, Consumer<String> beforeCase) {
    Map<Long, Long> ourIdForNetkitId = new HashMap<>();
    Map<String, byte[]> replies = new LinkedHashMap<>();
    for (int i = 0; i < CASES.size(); i++) {
      NetkitErrorsGolden.Case c = CASES.get(i);
      beforeCase.accept(c.name());
      byte[] datagram = translateDeleteId(c.sent(), ourIdForNetkitId);
      Instant now = PROBE_START.plusMillis(300L * i);
      byte[] reply = talkd.handle(datagram, c.sender(), now).orElseThrow();
      long netkitId = u32(c.netkitReply(), 4);
      long ourId = reply.length >= 8 ? u32(reply, 4) : 0;
      if (netkitId != 0 && ourId != 0) {
        ourIdForNetkitId.put(netkitId, ourId);
      }
      replies.put(c.name(), reply);
    }
    return replies;
  }

  private static byte[] translateDeleteId(byte[] sent, Map<Long, Long> ourIdForNetkitId) {
    if (sent.length != 84 || sent[0] != 1 || sent[1] != DELETE) {
      return sent;
    }
    Long ours = ourIdForNetkitId.get(u32(sent, 4));
    if (ours == null) {
      return sent;
    }
    byte[] copy = sent.clone();
    ByteBuffer.wrap(copy).putInt(4, (int) (long) ours);
    return copy;
  }

  private static void assertMatchesExpected(Map<String, byte[]> ours) {
    // Collect every mismatch first, so that one run shows the whole table's state.
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) {
      NetkitErrorsGolden.Case c = CASES.get(i);
      Expected e = EXPECTED.get(i);
      byte[] reply = ours.get(c.name());
      String name = c.name();
      if (c.sent().length == OldCtlMessage.SIZE) {
        // An old-talk request gets an old-talk reply (type, answer, filler, id, addr): netkit's
        // (whose last 16 bytes are stack junk, here zeros) exactly.
        check(problems, name, "old-talk reply", HexFormat.of().formatHex(reply),
            HexFormat.of().formatHex(c.netkitReply()));
        check(problems, name, "old-talk type and answer", reply[0] + "/" + reply[1],
            e.type() + "/" + e.answer().code());
        continue;
      }
      check(problems, name, "length", reply.length, CtlResponse.SIZE);
      if (reply.length != CtlResponse.SIZE) {
        continue;
      }
      check(problems, name, "vers", reply[0], (byte) 1);
      check(problems, name, "type", Byte.toUnsignedInt(reply[1]), e.type());
      check(problems, name, "answer", Answer.fromCode(reply[2]), Optional.of(e.answer()));
      check(problems, name, "pad", reply[3], (byte) 0);
      check(problems, name, "id", u32(reply, 4), e.id());
      byte[] address = Arrays.copyOfRange(reply, 8, 24);
      byte[] expectedAddress = e.type() == LOOK_UP && e.answer() == SUCCESS
          ? Arrays.copyOfRange(
              TalkCodec.encode(CtlResponse.of(LOOK_UP, SUCCESS, e.id(), e.address())), 8, 24)
          : new byte[16];
      check(problems, name, "addr", HexFormat.of().formatHex(address),
          HexFormat.of().formatHex(expectedAddress));
      if (e.why() == null) {
        byte[] netkit = c.netkitReply();
        check(problems, name, "netkit type", Byte.toUnsignedInt(netkit[1]), e.type());
        check(problems, name, "netkit answer", Answer.fromCode(netkit[2]), Optional.of(e.answer()));
        check(problems, name, "netkit id is zero", u32(netkit, 4) == 0, e.id() == 0);
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void check(
      List<String> problems, String name, String what, Object actual, Object expected) {
    if (!actual.equals(expected)) {
      problems.add(name + ": " + what + " is " + actual + ", expected " + expected);
    }
  }

  private static long u32(byte[] b, int at) {
    return Integer.toUnsignedLong(ByteBuffer.wrap(b).getInt(at));
  }

  /**
   * The lab's users as our {@link UnixTtyAnnouncer} would see them: bob on pts/1 with mesg y, except
   * during {@code announce_mesg_n}; nobody else logged in.
   */
  private static final class LabModel implements Announcer {
    String currentCase = "";
    final List<String> consulted = new ArrayList<>();
    final List<Announcement> rung = new ArrayList<>();

    @Override
    public Answer announce(Announcement a) {
      consulted.add(currentCase);
      if (!a.calleeName().equals("bob")) {
        return NOT_HERE;
      }
      if (!a.calleeTty().isEmpty() && !a.calleeTty().equals("pts/1")) {
        return NOT_HERE; // UnixTtyAnnouncer: a requested tty must be one of the callee's
      }
      if (currentCase.equals("announce_mesg_n")) {
        return PERMISSION_DENIED;
      }
      rung.add(a);
      return SUCCESS;
    }
  }
}

package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.TalkAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays every datagram the lab sent to netkit's in.talkd (517) and in.ntalkd (518) in {@code
 * golden/netkit-otalk.txt}, in file order, through two {@link RequestProcessor}s (netkit ran one
 * process with its own table per port), and compares our reply's format, type and answer with
 * netkit's: the same, but for the datagrams {@link #DIFFERENCES} names with the reason. A DELETE
 * carries netkit's id bytes; they are replaced by the bytes we handed out for the same request.
 */
class RequestProcessorOldTalkGoldenTest {

  private static final String RESOURCE = "golden/netkit-otalk.txt";
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  /** One datagram sent and netkit's reply. */
  record Sent(String name, int index, int port, byte[] bytes, byte[] netkitReply) {}

  static List<Sent> load() {
    List<String> lines;
    try (InputStream in =
        RequestProcessorOldTalkGoldenTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Sent> sent = new ArrayList<>();
    Map<String, Integer> perCase = new LinkedHashMap<>();
    String name = null;
    byte[] bytes = null;
    int port = 517;
    for (String line : lines) {
      String[] w = line.split(" ");
      if (line.startsWith("CASE ") && w[2].equals("SENT")) {
        name = w[1];
        bytes = HexFormat.of().parseHex(w[4]);
        port = 517;
      } else if (line.startsWith("#   sent to ")) {
        port = Integer.parseInt(line.substring(12, line.indexOf(':')));
      } else if (line.startsWith("CASE ") && bytes != null) {
        byte[] reply = w[2].equals("REPLY") ? HexFormat.of().parseHex(w[4]) : new byte[0];
        int index = perCase.merge(name, 1, Integer::sum);
        sent.add(new Sent(name, index, port, bytes, reply));
        bytes = null;
      }
    }
    return sent;
  }

  /**
   * A reply as the table shows it: {@code old TYPE ANSWER} (a LEAVE_INVITE's answer, garbage in
   * netkit's, as {@code *}), {@code ntalk TYPE ANSWER} or {@code silence}. netkit's reply to a
   * 76-byte request is old talk when its bytes 2 and 3 are {@code 00 00} (its ntalk-format replies
   * to those are UNKNOWN_REQUEST, {@code 05 00}); ours to 76 bytes is always old talk.
   */
  static String summary(byte[] request, byte[] reply, boolean netkit) {
    if (reply.length == 0) {
      return "silence";
    }
    boolean old = request.length == OldCtlMessage.SIZE
        && (!netkit || reply[2] == 0 && reply[3] == 0);
    if (!old) {
      return "ntalk " + reply[1] + " " + reply[2];
    }
    return "old " + reply[0] + " " + (reply[0] == 0 ? "*" : "" + reply[1]);
  }

  /** Our replies, in file order, with each DELETE's id translated from netkit's to ours. */
  static List<String> replay() {
    UnixLab lab = new UnixLab();
    Map<Integer, RequestProcessor> perPort = Map.of(
        517, RequestProcessor.builder().announcer(lab).ringLimits(RingLimits.NONE).build(),
        518, RequestProcessor.builder().announcer(lab).ringLimits(RingLimits.NONE).build());
    Map<String, String> ourIdBytes = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    List<Sent> all = load();
    for (int i = 0; i < all.size(); i++) {
      Sent s = all.get(i);
      lab.currentCase = s.name();
      byte[] datagram = translateDeleteId(s.bytes(), ourIdBytes);
      byte[] ours = perPort.get(s.port())
          .handle(datagram, sender(datagram), T0.plusMillis(100L * i)).orElse(new byte[0]);
      boolean handsOutAnId = datagram.length == OldCtlMessage.SIZE
          && (datagram[0] == 0 || datagram[0] == 3);
      if (handsOutAnId && ours.length == 24 && s.netkitReply().length == 24) {
        // the id bytes netkit gave the inviter (LEAVE_INVITE, ANNOUNCE: the DELETE comes from
        // it), and ours for the same request, either way round (a client may send them back as
        // it got them or reversed)
        String theirs = HexFormat.of().formatHex(s.netkitReply(), 4, 8);
        String mine = HexFormat.of().formatHex(ours, 4, 8);
        if (!theirs.equals("00000000")) {
          ourIdBytes.put(theirs, mine);
          ourIdBytes.put(reversed(theirs), reversed(mine));
        }
      }
      rows.add(s.name() + "#" + s.index() + " netkit " + summary(s.bytes(), s.netkitReply(), true)
          + " ours " + (ours.length == 0 ? "silence" : summary(datagram, ours, false)));
    }
    return rows;
  }

  private static String reversed(String hex4) {
    return hex4.substring(6, 8) + hex4.substring(4, 6) + hex4.substring(2, 4) + hex4.substring(0, 2);
  }

  private static byte[] translateDeleteId(byte[] sent, Map<String, String> ourIdBytes) {
    if (sent.length != OldCtlMessage.SIZE || sent[0] != 2) {
      return sent;
    }
    String ours = ourIdBytes.get(HexFormat.of().formatHex(sent, 20, 24));
    if (ours == null) {
      return sent;
    }
    byte[] copy = sent.clone();
    System.arraycopy(HexFormat.of().parseHex(ours), 0, copy, 20, 4);
    return copy;
  }

  private static final String NAME9 =
      "a 9-character name (no NUL in its 9 bytes) is kept, as 4.2BSD compares names with"
          + " strncmp(..., NAME_SIZE); netkit's probe_otalk_packet refuses a field without a NUL and"
          + " answers in ntalk format";
  private static final String CTL_FAMILY =
      "ctl_addr family not AF_INET: no reply, as 4.2BSD talkd.c's sendto to ctl_addr fails;"
          + " netkit does not take it as old talk and answers in ntalk format";
  private static final String TYPES =
      "type 4, 5, 6: UNKNOWN_REQUEST, as 4.2BSD process_request answers (ytalk converts its"
          + " internal types before sending); netkit maps them to DELETE, LOOK_UP, DELETE";

  /** Where our reply differs from netkit's: the row's key, our reply, and why. */
  private static final Map<String, String[]> DIFFERENCES = Map.ofEntries(
      Map.entry("announce_wrong_tty#1", new String[] {"old 3 1",
          "a terminal asked for that is not the callee's is NOT_HERE (README); netkit rings the"
              + " callee's best terminal anyway"}),
      Map.entry("invite_lookup_name9#1", new String[] {"old 0 *", NAME9}),
      Map.entry("invite_lookup_name9#2", new String[] {"old 1 0", NAME9}),
      Map.entry("invite_lookup_name9#3", new String[] {"old 2 1", NAME9
          + " (the DELETE carries netkit's id 0, ours is not 0)"}),
      Map.entry("invite_lookup_name9#4", new String[] {"old 1 0", NAME9}),
      Map.entry("lookup_name9_as_8#1", new String[] {"old 0 *", NAME9}),
      Map.entry("lookup_name9_as_8#3", new String[] {"old 2 1", NAME9}),
      Map.entry("announce_name9#1", new String[] {"old 3 0", NAME9}),
      Map.entry("ctl_family_0#1", new String[] {"silence", CTL_FAMILY}),
      Map.entry("ctl_family_10#1", new String[] {"silence", CTL_FAMILY}),
      Map.entry("ctl_family_10_le#1", new String[] {"silence", CTL_FAMILY}),
      Map.entry("type_4#1", new String[] {"old 4 5", TYPES}),
      Map.entry("type_5#1", new String[] {"old 5 5", TYPES}),
      Map.entry("type_6#1", new String[] {"old 6 5", TYPES}),
      Map.entry("otalk_types_to_ntalk#1", new String[] {"old 4 5", TYPES}),
      Map.entry("otalk_types_to_ntalk#2", new String[] {"old 5 5", TYPES}),
      Map.entry("otalk_types_to_ntalk#3", new String[] {"old 6 5", TYPES}),
      Map.entry("type_9#1", new String[] {"old 9 5",
          "an unknown type in a 76-byte request: old-talk UNKNOWN_REQUEST, as 4.2BSD answers;"
              + " netkit does not take it as old talk and answers in ntalk format"}));

  @Test
  void answersEveryNetkitOldTalkProbeAsNetkitButWhereDocumented() {
    List<String> rows = replay();
    List<String> problems = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (String row : rows) {
      // "NAME#I netkit SUMMARY ours SUMMARY"
      String key = row.substring(0, row.indexOf(' '));
      keys.add(key);
      String netkit = row.substring(row.indexOf(" netkit ") + 8, row.indexOf(" ours "));
      String ours = row.substring(row.indexOf(" ours ") + 6);
      String[] differs = DIFFERENCES.get(key);
      if (differs == null && !ours.equals(netkit)) {
        problems.add(row + ": should be netkit's");
      } else if (differs != null && (!ours.equals(differs[0]) || ours.equals(netkit))) {
        problems.add(row + ": the documented difference is " + differs[0]);
      }
    }
    assertThat(problems).isEmpty();
    assertThat(keys).hasSize(71).containsAll(DIFFERENCES.keySet());
  }

  @Test
  void theProcessorsSeeOldTalkOnBothPortsAsNetkitsOneProgramDoes() {
    // netkit's 518 process files an old-talk invitation where its ntalk LOOK_UP finds it; its 517
    // process has another table (otalk_invite_517_ntalk_lookup_518): so do two processors here
    assertThat(replay()).contains(
        "otalk_invite_ntalk_lookup_518#2 netkit ntalk 1 0 ours ntalk 1 0",
        "otalk_invite_517_ntalk_lookup_518#2 netkit ntalk 1 1 ours ntalk 1 1");
  }

  /** The sender: the request's ctl_addr (netkit's probe checks it is), else the probe's socket. */
  static InetSocketAddress sender(byte[] datagram) {
    if (datagram.length == OldCtlMessage.SIZE) {
      try {
        TalkAddress ctl = OldTalkCodec.decodeMessage(datagram).controlAddress();
        if (ctl.isInet()) {
          return ctl.toSocketAddress();
        }
      } catch (io.github.bsdtalk.proto.MalformedPacketException e) {
        throw new AssertionError(e);
      }
    }
    return new InetSocketAddress(LoopbackClient.ip("127.0.0.1"), 42000);
  }

  /** bob on pts/0 with mesg y (n during announce_mesg_n); nobody else logged in. */
  static final class UnixLab implements Announcer {
    String currentCase = "";

    @Override
    public Answer announce(Announcement a) {
      if (!a.calleeName().equals("bob")) {
        return Answer.NOT_HERE;
      }
      if (!a.calleeTty().isEmpty() && !a.calleeTty().equals("pts/0")) {
        return Answer.NOT_HERE;
      }
      return currentCase.equals("announce_mesg_n") ? Answer.PERMISSION_DENIED : Answer.SUCCESS;
    }
  }
}

package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {

  /**
   * PKT 1 of golden/netkit-session.txt (talk-proto test resources): netkit talk 0.17 (alice) asks netkit talkd on
   * 127.0.0.1 whether bob is already inviting her (LOOK_UP, 84 bytes).
   */
  private static final String NETKIT_LOOK_UP =
      "0101000000000000000200007f0000010000000000000000000287fa7f000001000000000000000000"
          + "00294b616c69636500000000000000626f6200000000000000000000000000000000000000000000"
          + "000000";

  /**
   * PKT 2 of the same capture: netkit talkd answers NOT_HERE (24 bytes). The pad byte 0x89 and the
   * address bytes are uninitialised stack in netkit talkd's reply, so the tool flags them.
   */
  private static final String NETKIT_NOT_HERE_REPLY =
      "01010189000000000d0000000000000000000000b07f0000";

  private static final String LOOK_UP_TEXT =
      String.join(
          "\n",
          "vers: 1",
          "type: LOOK_UP (1)",
          "answer: 0 (unused in requests)",
          "pad: 0",
          "id_num: 0",
          "addr: 127.0.0.1:0 (family 2)",
          "ctl_addr: 127.0.0.1:34810 (family 2)",
          "pid: 10571",
          "l_name: \"alice\"",
          "r_name: \"bob\"",
          "r_tty: \"\"",
          "");

  /** What one run of the tool left behind. */
  private record Result(int status, String out, String err) {
    String[] errLines() {
      return err.isEmpty() ? new String[0] : err.split("\\R");
    }
  }

  private static Result runWithStdin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII));
    int status =
        Main.run(
            args,
            in,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Result run(String... args) {
    return runWithStdin("", args);
  }

  @Test
  void decodesLookUpCapturedFromNetkitTalk() {
    Result r = run("decode", NETKIT_LOOK_UP);

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(LOOK_UP_TEXT);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void decodesNotHereReplyCapturedFromNetkitTalkd() {
    Result r = run("decode", NETKIT_NOT_HERE_REPLY);

    assertThat(r.status()).isZero();
    assertThat(r.out())
        .startsWith("vers: 1\ntype: LOOK_UP (1)\nanswer: NOT_HERE (1)\n")
        .contains("pad: 0x89 (ignored)\n")
        .contains("id_num: 0\n")
        .contains("junk 00000000b07f0000");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void ignoresWhitespaceInsideAndBetweenArguments() {
    // Split the way people paste: tcpdump-like groups in several arguments, tabs and newlines inside.
    String a = NETKIT_LOOK_UP.substring(0, 40).replaceAll("(.{4})", "$1 ");
    String b = NETKIT_LOOK_UP.substring(40, 100).replaceAll("(.{8})", "$1\t");
    String c = NETKIT_LOOK_UP.substring(100).replaceAll("(.{32})", "$1\n");

    Result r = run("decode", a, b, c);

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(LOOK_UP_TEXT);
  }

  @Test
  void readsHexFromStandardInputForDash() {
    String stdin = NETKIT_LOOK_UP.toUpperCase().replaceAll("(.{32})", "$1\n") + "\n";

    Result r = runWithStdin(stdin, "decode", "-");

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(LOOK_UP_TEXT);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void rejectsNonHexCharacterWithOneBadHexLineNamingItsOffset() {
    // 'z' is the sixth character: index 5 of the hex text.
    Result r = run("decode", "01010z" + NETKIT_LOOK_UP.substring(6));

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).singleElement().asString().matches(".*\\bBAD_HEX\\b.*\\boffset 5\\b.*");
  }

  @Test
  void rejectsOddNumberOfHexDigitsAsBadHexAtEndOfText() {
    Result r = run("decode", "010");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().matches(".*\\bBAD_HEX\\b.*\\boffset 3\\b.*");
  }

  @Test
  void rejectsTenByteDatagramAsTruncatedAtOffset10() {
    Result r = run("decode", NETKIT_LOOK_UP.substring(0, 20));

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .matches(".*\\bTRUNCATED\\b.*\\boffset 10\\b.*");
  }

  @Test
  void rejects85ByteDatagramAsOversizedAtOffset84() {
    Result r = run("decode", NETKIT_LOOK_UP + "00");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .matches(".*\\bOVERSIZED\\b.*\\boffset 84\\b.*");
  }

  @Test
  void decodeWithoutArgumentsPrintsUsageAndExits2() {
    Result r = run("decode");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("decode: give the datagram in hex (or -), or --pcap FILE")
        .hasLineCount(1);
  }

  private static Path capture(Path dir, String resource, int keep) throws IOException {
    byte[] file;
    try (InputStream in = DecodeCommandTest.class.getResourceAsStream("pcap/" + resource)) {
      file = in.readAllBytes();
    }
    Path out = dir.resolve(resource);
    Files.write(out, keep < 0 ? file : Arrays.copyOf(file, keep));
    return out;
  }

  @Test
  void pcapPrintsEveryDatagramAndTheConversation(@TempDir Path dir) throws IOException {
    Path file = capture(dir, "netkit-session.pcap", -1);

    Result r = run("decode", "--pcap", file.toString());

    assertThat(r.status()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("capture " + file + ": pcap, 62 frames, link type 1 (Ethernet)")
        .contains("#12 +1.296127 127.0.0.1:518 -> 127.0.0.1:34810 ntalk reply to #11")
        .contains("127.0.0.1:57518 -> 127.0.0.1:54589 TCP connect at +1.291688");
  }

  @Test
  void pcapFieldsPrintsTheDissectorsColumns(@TempDir Path dir) throws IOException {
    Path file = capture(dir, "inetutils-session.pcap", -1);

    Result r = run("decode", "--pcap", file.toString(), "--fields", "ntalk");

    assertThat(r.status()).isEqualTo(0);
    assertThat(r.out()).startsWith("1\t0\talice\tbob\n1\t0\t\t\n").hasLineCount(12);
    assertThat(run("decode", "--pcap", file.toString(), "--fields", "otalk").out()).isEmpty();
  }

  @Test
  void aTruncatedCaptureIsOneLineAndExit2(@TempDir Path dir) throws IOException {
    Path file = capture(dir, "netkit-session.pcap", 500);

    Result r = run("decode", "--pcap", file.toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo("decode: " + file + ": not a readable capture: TRUNCATED at offset 472: the"
            + " file ends inside a packet record of 126 bytes (28 of 142 bytes)\n");
  }

  @Test
  void aMissingOrNonCaptureFileIsOneLineAndExit2(@TempDir Path dir) throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is no capture\n");

    Result missing = run("decode", "--pcap", dir.resolve("nothing.pcap").toString());
    Result notCapture = run("decode", "--pcap", text.toString());

    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("decode: " + dir.resolve("nothing.pcap")
        + ": no such file\n");
    assertThat(notCapture.status()).isEqualTo(2);
    assertThat(notCapture.err()).startsWith("decode: " + text + ": not a readable capture:"
        + " BAD_MAGIC at offset 0").hasLineCount(1);
  }

  @Test
  void pcapAndHexTogetherOrFieldsAloneAreUsageErrors(@TempDir Path dir) throws IOException {
    Path file = capture(dir, "netkit-session.pcap", -1);

    Result both = run("decode", "--pcap", file.toString(), "0102");
    Result fieldsAlone = run("decode", "--fields", "ntalk", "0102");

    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).startsWith("decode: give either HEX or --pcap FILE, not both");
    assertThat(fieldsAlone.status()).isEqualTo(2);
    assertThat(fieldsAlone.err()).startsWith("decode: --fields needs --pcap FILE");
  }

  @Test
  void noCommandPrintsUsageAndExits2() {
    Result r = run();

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("commands: bridge, decode, demo, talk, talkd, trace");
  }

  @Test
  void unknownCommandExits2() {
    Result r = run("frobnicate", NETKIT_LOOK_UP);

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("talk-examples: unknown command 'frobnicate'").hasLineCount(1);
  }

  /**
   * Case otalk_76_lookup of golden/netkit-errors.txt (talk-proto test resources): a 76-byte
   * old-talk LOOK_UP from alice for bob, and netkit's 24-byte old-talk reply NOT_HERE.
   */
  private static final String OTALK_LOOK_UP =
      "01616c69636500000000626f6200000000000000000000000000109200000000000000000000000000000000"
          + "000200000000000000000000000000000002da0b7f0000010000000000000000";

  private static final String OTALK_NOT_HERE = "010100000000000000000000000000000000000000000000";

  @Test
  void labelsA76ByteDatagramOldTalk() {
    Result r = run("decode", OTALK_LOOK_UP);

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            String.join(
                "\n",
                "protocol: old talk (4.2BSD, UDP 517): 76-byte request, id, pid and families"
                    + " big-endian",
                "type: LOOK_UP (1)",
                "l_name: \"alice\"",
                "r_name: \"bob\"",
                "pad: 0",
                "id_num: 0",
                "pid: 4242",
                "r_tty: \"\"",
                "addr: 0.0.0.0:0 (family 2)",
                "ctl_addr: 127.0.0.1:55819 (family 2)",
                ""));
  }

  @Test
  void readsA24ByteDatagramAsAnOldTalkReplyWithOld() {
    Result old = run("decode", "--old", OTALK_NOT_HERE);
    Result ntalk = run("decode", OTALK_NOT_HERE);

    assertThat(old.status()).isZero();
    assertThat(old.out())
        .startsWith("protocol: old talk (4.2BSD, UDP 517): 24-byte reply")
        .contains("type: LOOK_UP (1)\nanswer: NOT_HERE (1)\n");
    assertThat(ntalk.out()).startsWith("vers: 1\ntype: NOT_HERE".substring(0, 8));
    assertThat(ntalk.out()).doesNotContain("old talk");
    // --old changes nothing for the other lengths
    assertThat(run("decode", "--old", OTALK_LOOK_UP).out()).isEqualTo(run("decode", OTALK_LOOK_UP).out());
  }
}

package io.github.bsdtalk.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CtlMessageTest {

  private static final TalkAddress CALLER = TalkAddress.of(TalkAddress.ipv4(0x7f000001), 40000);
  private static final TalkAddress CONTROL = TalkAddress.of(TalkAddress.ipv4(0xc000020a), 40001);

  /** A request with every component set to a distinct value. */
  private static CtlMessage sample() {
    return new CtlMessage(1, 3, 0, 77, CALLER, CONTROL, 4242, "alice", "bob", "pts/1");
  }

  private static CtlMessage withVersion(int version) {
    return new CtlMessage(version, 1, 0, 0, CALLER, CONTROL, 0, "a", "b", "");
  }

  private static CtlMessage withTypeCode(int type) {
    return new CtlMessage(1, type, 0, 0, CALLER, CONTROL, 0, "a", "b", "");
  }

  private static CtlMessage withAnswer(int answer) {
    return new CtlMessage(1, 1, answer, 0, CALLER, CONTROL, 0, "a", "b", "");
  }

  private static CtlMessage withNames(String local, String remote, String tty) {
    return new CtlMessage(1, 1, 0, 0, CALLER, CONTROL, 0, local, remote, tty);
  }

  // ---- validation
  // --------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void rejectsU8ComponentsOutsideOneByte(int value) {
    assertThatThrownBy(() -> withVersion(value)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> withTypeCode(value)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> withAnswer(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 127, 128, 254, 255})
  void acceptsEveryOneByteValueInU8Components(int value) {
    assertThat(withVersion(value).version()).isEqualTo(value);
    assertThat(withTypeCode(value).type()).isEqualTo(value);
    assertThat(withAnswer(value).answer()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0x1_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE})
  void rejectsIdOutsideU32(long id) {
    assertThatThrownBy(() -> sample().withId(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL})
  void acceptsEveryU32Id(long id) {
    assertThat(sample().withId(id).id()).isEqualTo(id);
  }

  @Test
  void acceptsAnyPid() {
    assertThat(new CtlMessage(1, 1, 0, 0, CALLER, CONTROL, -1, "a", "b", "").pid()).isEqualTo(-1);
    assertThat(new CtlMessage(1, 1, 0, 0, CALLER, CONTROL, Integer.MIN_VALUE, "a", "b", "").pid())
        .isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void rejectsNullComponentsWithNullPointerException() {
    assertThatThrownBy(() -> new CtlMessage(1, 1, 0, 0, null, CONTROL, 0, "a", "b", ""))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CtlMessage(1, 1, 0, 0, CALLER, null, 0, "a", "b", ""))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> withNames(null, "b", "")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> withNames("a", null, "")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> withNames("a", "b", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CtlMessage.of(null, 0, CALLER, CONTROL, 0, "a", "b", ""))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void acceptsNamesThatFillTheirTwelveBytes() {
    // Any received field must be representable, even one with no NUL (see the probe
    // names_not_nul_terminated); the stricter 11-byte rule belongs to the client.
    CtlMessage m = withNames("a".repeat(12), "b".repeat(12), "t".repeat(16));

    assertThat(m.localName()).hasSize(12);
    assertThat(m.remoteName()).hasSize(12);
    assertThat(m.remoteTty()).hasSize(16);
  }

  @Test
  void rejectsNamesLongerThanTwelveBytesAndTtyLongerThanSixteen() {
    assertThatThrownBy(() -> withNames("a".repeat(13), "b", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> withNames("a", "b".repeat(13), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> withNames("a", "b", "t".repeat(17)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsCharactersThatAreNotOneByte() {
    assertThatThrownBy(() -> withNames("\u0100", "b", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> withNames("a", "bob\u20ac", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> withNames("a", "b", "\ud83d\ude00"))
        .isInstanceOf(IllegalArgumentException.class);
    // The check covers every position, not just the first character.
    assertThatThrownBy(() -> withNames("abcdefghijk\u0100", "b", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsEveryLatin1Character() {
    assertThat(withNames("\u00ff\u0080\u0001", "\u00e9", "\u007f").localName())
        .isEqualTo("\u00ff\u0080\u0001");
  }

  @Test
  void stripsTrailingNulsBeforeCheckingTheWidth() {
    // Encoding pads with NULs anyway; a caller passing a padded C field must get equal records.
    CtlMessage m = withNames("bob\0\0\0", "alice" + "\0".repeat(20), "\0");

    assertThat(m.localName()).isEqualTo("bob");
    assertThat(m.remoteName()).isEqualTo("alice");
    assertThat(m.remoteTty()).isEmpty();
    assertThat(m).isEqualTo(withNames("bob", "alice", ""));
  }

  @Test
  void keepsBytesAfterAnEmbeddedNul() {
    CtlMessage m = withNames("bob\0x", "\0y", "");

    assertThat(m.localName()).isEqualTo("bob\0x");
    assertThat(m.remoteName()).isEqualTo("\0y");
  }

  @Test
  void keepsNamesWithoutNulsAsTheSameInstance() {
    String name = "alice";
    assertThat(withNames(name, "b", "").localName()).isSameAs(name);
  }

  // ---- factories and views
  // -----------------------------------------------------------------------

  @Test
  void ofBuildsVersionOneRequestWithZeroAnswer() {
    CtlMessage m =
        CtlMessage.of(RequestType.ANNOUNCE, 0xFFFF_FFFFL, CALLER, CONTROL, 9, "al", "bo", "tty");

    assertThat(m)
        .isEqualTo(new CtlMessage(1, 3, 0, 0xFFFF_FFFFL, CALLER, CONTROL, 9, "al", "bo", "tty"));
  }

  @ParameterizedTest
  @EnumSource(RequestType.class)
  void requestTypeGivesTheKnownType(RequestType type) {
    assertThat(withTypeCode(type.code()).requestType()).contains(type);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 9, 255})
  void requestTypeIsEmptyForUnknownCodes(int code) {
    assertThat(withTypeCode(code).requestType()).isEmpty();
  }

  @Test
  void withTypeChangesOnlyTheType() {
    assertThat(sample().withType(RequestType.DELETE))
        .isEqualTo(new CtlMessage(1, 2, 0, 77, CALLER, CONTROL, 4242, "alice", "bob", "pts/1"));
  }

  @Test
  void withIdChangesOnlyTheId() {
    assertThat(sample().withId(5))
        .isEqualTo(new CtlMessage(1, 3, 0, 5, CALLER, CONTROL, 4242, "alice", "bob", "pts/1"));
  }

  @Test
  void withAddressChangesOnlyTheAddress() {
    assertThat(sample().withAddress(TalkAddress.ANY))
        .isEqualTo(
            new CtlMessage(1, 3, 0, 77, TalkAddress.ANY, CONTROL, 4242, "alice", "bob", "pts/1"));
  }

  @Test
  void withControlAddressChangesOnlyTheControlAddress() {
    assertThat(sample().withControlAddress(CALLER))
        .isEqualTo(new CtlMessage(1, 3, 0, 77, CALLER, CALLER, 4242, "alice", "bob", "pts/1"));
  }

  @Test
  void withRemoteTtyChangesOnlyTheTty() {
    assertThat(sample().withRemoteTty("tty7\0"))
        .isEqualTo(new CtlMessage(1, 3, 0, 77, CALLER, CONTROL, 4242, "alice", "bob", "tty7"));
  }

  @Test
  void withMethodsValidateLikeTheConstructor() {
    assertThatThrownBy(() -> sample().withAddress(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sample().withControlAddress(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sample().withRemoteTty("t".repeat(17)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- text(field, charset)
  // ----------------------------------------------------------------------

  @Test
  void textDecodesUtf8NamesFromTheirBytes() throws MalformedPacketException {
    // "jos\u00e9" in UTF-8 is 6a 6f 73 c3 a9; the record holds those bytes as Latin-1 characters.
    CtlMessage m = withNames("jos\u00c3\u00a9", "\u00e2\u0082\u00ac", "pts/\u00c3\u00a9");

    assertThat(m.text(MessageField.L_NAME, StandardCharsets.UTF_8)).isEqualTo("jos\u00e9");
    assertThat(m.text(MessageField.R_NAME, StandardCharsets.UTF_8)).isEqualTo("\u20ac");
    assertThat(m.text(MessageField.R_TTY, StandardCharsets.UTF_8)).isEqualTo("pts/\u00e9");
    assertThat(m.text(MessageField.L_NAME, StandardCharsets.ISO_8859_1))
        .isEqualTo("jos\u00c3\u00a9");
  }

  @Test
  void textStopsAtTheFirstNulAsCProgramsDo() throws MalformedPacketException {
    // Bytes after the NUL would be invalid UTF-8 but are never looked at (netkit strcmp).
    CtlMessage m = withNames("bob\0\u00ff", "\0x", "tty\0\u00c3");

    assertThat(m.text(MessageField.L_NAME, StandardCharsets.UTF_8)).isEqualTo("bob");
    assertThat(m.text(MessageField.R_NAME, StandardCharsets.UTF_8)).isEmpty();
    assertThat(m.text(MessageField.R_TTY, StandardCharsets.UTF_8)).isEqualTo("tty");
  }

  @Test
  void textOfAFullFieldHasAllTwelveCharacters() throws MalformedPacketException {
    CtlMessage m = withNames("abcdefghijkl", "b", "0123456789abcdef");

    assertThat(m.text(MessageField.L_NAME, StandardCharsets.US_ASCII)).isEqualTo("abcdefghijkl");
    assertThat(m.text(MessageField.R_TTY, StandardCharsets.US_ASCII)).isEqualTo("0123456789abcdef");
  }

  @ParameterizedTest(name = "{0} {1} -> offset {2}")
  @CsvSource({
    // field, the field's bytes as Latin-1 characters, datagram offset of the first bad byte
    "L_NAME, '\u00ff',               44",
    "L_NAME, 'ab\u00ff',             46",
    "L_NAME, 'abc\u00c3',            47",
    "L_NAME, 'a\u00c3(',             45",
    "L_NAME, 'abcdefghijk\u0080',    55",
    "R_NAME, 'bo\u00e2\u0082',       58",
    "R_NAME, 'x\u00e2\u0082(',       57",
    "R_TTY,  '\u0080',               68",
    "R_TTY,  'pts/123456789ab\u00c0', 83",
  })
  void textReportsBadUtf8AtItsOffsetInTheDatagram(MessageField field, String bytes, int offset) {
    CtlMessage m =
        withNames(
            field == MessageField.L_NAME ? bytes : "a",
            field == MessageField.R_NAME ? bytes : "b",
            field == MessageField.R_TTY ? bytes : "");

    assertThatThrownBy(() -> m.text(field, StandardCharsets.UTF_8))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.BAD_STRING);
              assertThat(e.offset()).isEqualTo(offset);
            });
  }

  @Test
  void textReportsBytesThatAreNotAscii() {
    CtlMessage m = withNames("ali\u00e7e", "b", "");

    assertThatThrownBy(() -> m.text(MessageField.L_NAME, StandardCharsets.US_ASCII))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.BAD_STRING);
              assertThat(e.offset()).isEqualTo(47);
            });
  }

  @Test
  void textReportsUnmappableBytes() {
    // 0x81 is a byte windows-1252 leaves undefined: unmappable rather than malformed.
    CtlMessage m = withNames("a", "b", "t\u0081");

    assertThatThrownBy(() -> m.text(MessageField.R_TTY, Charset.forName("windows-1252")))
        .isInstanceOfSatisfying(
            MalformedPacketException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.BAD_STRING);
              assertThat(e.offset()).isEqualTo(69);
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = MessageField.class,
      names = {"L_NAME", "R_NAME", "R_TTY"},
      mode = EnumSource.Mode.EXCLUDE)
  void textRejectsFieldsThatAreNotText(MessageField field) {
    assertThatThrownBy(() -> sample().text(field, StandardCharsets.UTF_8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textRejectsNullArguments() {
    assertThatThrownBy(() -> sample().text(null, StandardCharsets.UTF_8))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sample().text(MessageField.L_NAME, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void textOfEmptyFieldIsEmpty() throws MalformedPacketException {
    assertThat(sample().withRemoteTty("").text(MessageField.R_TTY, StandardCharsets.UTF_8))
        .isEmpty();
  }
}

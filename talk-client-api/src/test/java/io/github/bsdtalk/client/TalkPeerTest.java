package io.github.bsdtalk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TalkPeerTest {

  @ParameterizedTest(name = "\"{0}\" -> user {1}, host {2}")
  @CsvSource({
    "bob, bob, ",
    "bob@example.org, bob, example.org",
    "example.org!bob, bob, example.org",
    "example.org:bob, bob, example.org",
    "bob@10.0.0.7, bob, 10.0.0.7",
    // FreeBSD get_names.c splits on the first of @:! only; netkit's '.' would make this a host.
    "first.last, first.last, ",
    "first.last@host, first.last, host",
    // The first separator decides, as the C loop over the string does.
    "bob@host:x, bob, host:x",
    "host!bob@x, bob@x, host",
    "bob@, bob, ",
    "host:, , host"
  })
  void parsesWhatTheTalkCommandLineAccepts(String address, String user, String host) {
    if (user == null) {
      assertThatIllegalArgumentException().isThrownBy(() -> TalkPeer.parse(address));
      return;
    }
    TalkPeer peer = TalkPeer.parse(address);

    assertThat(peer.user()).isEqualTo(user);
    assertThat(peer.host()).isEqualTo(Optional.ofNullable(host));
    assertThat(peer.tty()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@host", "host!", "host:", ":", "twelve_bytes", "bob\u0000x"})
  void rejectsEmptyTooLongOrNulNames(String address) {
    assertThatIllegalArgumentException().isThrownBy(() -> TalkPeer.parse(address));
  }

  @Test
  void acceptsElevenBytesAndRejectsTwelveCountingUtf8Bytes() {
    String elevenAscii = "abcdefghijk";
    String elevenUtf8 = "\u00e9\u00e9\u00e9\u00e9\u00e9a"; // 5 x 2 bytes + 1
    String twelveUtf8 = "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"; // 6 characters, 12 bytes
    String twelveCjk = "\u65e5\u672c\u8a9e\u540d"; // 4 characters, 12 bytes
    assertThat(elevenUtf8.getBytes(StandardCharsets.UTF_8)).hasSize(11);
    assertThat(twelveUtf8.getBytes(StandardCharsets.UTF_8)).hasSize(12);
    assertThat(twelveCjk.getBytes(StandardCharsets.UTF_8)).hasSize(12);

    assertThat(TalkPeer.parse(elevenAscii).user()).isEqualTo(elevenAscii);
    assertThat(TalkPeer.parse(elevenUtf8 + "@h").user()).isEqualTo(elevenUtf8);
    assertThatIllegalArgumentException().isThrownBy(() -> TalkPeer.parse(elevenAscii + "l"));
    assertThatIllegalArgumentException().isThrownBy(() -> TalkPeer.parse(twelveUtf8));
    assertThatIllegalArgumentException().isThrownBy(() -> TalkPeer.parse("h!" + twelveCjk));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TalkClient.newBuilder().build().newCall(twelveUtf8, TalkPeer.parse("bob")));
  }

  @Test
  void rejectsANulAnywhereInTheName() {
    assertThatIllegalArgumentException().isThrownBy(() -> TalkPeer.parse("\u0000bob"));
    assertThatIllegalArgumentException().isThrownBy(() -> TalkPeer.parse("bob\u0000"));
  }

  @Test
  void ringsAGivenTerminalOfAtMostFifteenBytes() {
    TalkPeer peer = TalkPeer.parse("bob@host").withTty("pts/3");

    assertThat(peer).isEqualTo(TalkPeer.of("bob", "host").withTty("pts/3"));
    assertThat(peer.hashCode()).isEqualTo(TalkPeer.of("bob", "host").withTty("pts/3").hashCode());
    assertThat(peer).isNotEqualTo(TalkPeer.of("bob", "host"));
    assertThat(peer).isNotEqualTo(TalkPeer.of("bob", "other").withTty("pts/3"));
    assertThat(peer).isNotEqualTo(TalkPeer.of("bub", "host").withTty("pts/3"));
    assertThat(TalkPeer.local("bob")).isEqualTo(TalkPeer.parse("bob"));
    assertThat(TalkPeer.of("bob", "").host()).isEmpty();
    assertThat(peer.withTty("123456789012345").tty()).hasSize(15);
    assertThatIllegalArgumentException().isThrownBy(() -> peer.withTty("1234567890123456"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> peer.withTty("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"));
  }

  @Test
  void rejectsNulls() {
    assertThatNullPointerException().isThrownBy(() -> TalkPeer.parse(null));
    assertThatNullPointerException().isThrownBy(() -> TalkPeer.local(null));
    assertThatNullPointerException().isThrownBy(() -> TalkPeer.of("bob", null));
    assertThatNullPointerException().isThrownBy(() -> TalkPeer.local("bob").withTty(null));
  }

  @Test
  void printsAsUserAtHostOnTty() {
    assertThat(TalkPeer.parse("bob")).hasToString("bob");
    assertThat(TalkPeer.parse("host:bob").withTty("pts/1")).hasToString("bob@host on pts/1");
  }
}

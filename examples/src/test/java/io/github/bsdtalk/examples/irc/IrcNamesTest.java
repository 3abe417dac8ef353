package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IrcNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"lobby", "a", "Talk_Bridge", "[x]", "`y`", "{a|b}", "n1-2", "\\o^",
      "abcdefghijabcdefghijabcdefghij"})
  void nicks(String nick) {
    assertThat(IrcNames.nickProblem(nick)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1abc", "-abc", "a.b", "a b", "caf\u00e9", "a@b", "a!b", "a:b",
      "abcdefghijabcdefghijabcdefghijk", "a\u0007"})
  void notNicks(String nick) {
    assertThat(IrcNames.nickProblem(nick)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"#talk", "&local", "#a.b-c_d", "#\u00e9t\u00e9", "##",
      "#1234567890123456789012345678901234567890123456789"})
  void channels(String channel) {
    assertThat(IrcNames.channelProblem(channel)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "#", "talk", "+talk", "#a b", "#a,b", "#a:b", "#a\u0007", "#a\r",
      "#a\u0000", "#a\u0085", "#12345678901234567890123456789012345678901234567890"})
  void notChannels(String channel) {
    assertThat(IrcNames.channelProblem(channel)).isPresent();
  }
}

package io.github.bsdtalk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomListenerTest {

  private static RoomListener recording(String name, List<String> heard) {
    return new RoomListener() {
      @Override
      public void joined(String member) {
        heard.add(name + " joined " + member);
      }

      @Override
      public void left(String member, String reason) {
        heard.add(name + " left " + member + reason);
      }

      @Override
      public void line(String member, String text) {
        heard.add(name + " line " + member + ": " + text);
      }

      @Override
      public void posted(String from, String text) {
        heard.add(name + " posted " + from + ": " + text);
      }
    };
  }

  @Test
  void bothTellsTheFirstThenTheSecond() {
    List<String> heard = new ArrayList<>();
    RoomListener both = RoomListener.both(recording("a", heard), recording("b", heard));

    both.joined("x");
    both.line("x", "hi");
    both.posted("nick", "yo");
    both.left("x", " (idle)");

    assertThat(heard).containsExactly("a joined x", "b joined x", "a line x: hi", "b line x: hi",
        "a posted nick: yo", "b posted nick: yo", "a left x (idle)", "b left x (idle)");
  }

  @Test
  void theSecondHearsAnEventEvenIfTheFirstThrows() {
    List<String> heard = new ArrayList<>();
    RoomListener failing = new RoomListener() {
      @Override
      public void joined(String member) {
        throw new IllegalStateException("mirror down");
      }

      @Override
      public void left(String member, String reason) {}

      @Override
      public void line(String member, String text) {}
    };

    assertThatThrownBy(() -> RoomListener.both(failing, recording("b", heard)).joined("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(heard).containsExactly("b joined x");
  }

  @Test
  void theDefaultIgnoresPostedLines() {
    RoomListener.NONE.posted("nick", "text"); // nothing to see: it must just not throw
  }
}

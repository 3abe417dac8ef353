package io.github.bsdtalk.examples.screen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bsdtalk.client.EditChars;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.Curses;
import org.jline.utils.InfoCmp.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PainterTest {

  private static Terminal terminal(String type) throws IOException {
    return new ExternalTerminal(
        "test", type, new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), UTF_8);
  }

  private static String tputs(Terminal t, Capability c, Object... parameters) {
    StringBuilder out = new StringBuilder();
    Curses.tputs(out, t.getStringCapability(c), parameters);
    return out.toString();
  }

  /** One key typed into an 80x24 screen that the painter has drawn already: the update it writes. */
  private static String keyUpdate(Terminal t) {
    SplitScreen screen = new SplitScreen(80, 24);
    Painter painter = new Painter(t);
    painter.paint(screen, 24, 80, new StringBuilder());
    screen.peer("ab".getBytes(UTF_8), 0, 2);
    painter.paint(screen, 24, 80, new StringBuilder());
    screen.peer("c".getBytes(UTF_8), 0, 1);
    StringBuilder out = new StringBuilder();
    assertThat(painter.paint(screen, 24, 80, out)).isTrue();
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"xterm", "xterm-256color", "screen", "tmux-256color", "linux", "vt100"})
  void aKeyIsOneRowUpdateInTheTerminalsOwnSequencesWhetherOrNotTheAnsiShortcutApplies(String type)
      throws IOException {
    Terminal t = terminal(type);
    // the peer's row is the last (23); "c" goes to column 2, then the cursor back to our row 11
    String expected =
        tputs(t, Capability.cursor_address, 23, 2)
            + "c"
            + tputs(t, Capability.clr_eol)
            + tputs(t, Capability.cursor_address, 11, 0);
    assertThat(keyUpdate(t)).isEqualTo(expected);
  }

  @Test
  void theAnsiShortcutIsTakenForXtermAndNotForVt100WhosePaddingOnlyTputsKnows() throws IOException {
    assertThat(terminal("xterm").getStringCapability(Capability.cursor_address))
        .isEqualTo(Painter.ANSI_CURSOR_ADDRESS);
    assertThat(terminal("vt100").getStringCapability(Capability.cursor_address))
        .isNotEqualTo(Painter.ANSI_CURSOR_ADDRESS);
  }

  @Test
  void nothingMovedNothingWrittenAndInvalidateClearsAndRedrawsEverything() throws IOException {
    Terminal t = terminal("xterm");
    SplitScreen screen = new SplitScreen(40, 10);
    screen.local("hi".getBytes(UTF_8), 0, 2);
    Painter painter = new Painter(t);
    StringBuilder first = new StringBuilder();
    assertThat(painter.paint(screen, 10, 40, first)).isTrue();
    assertThat(first.toString()).startsWith(tputs(t, Capability.clear_screen)).contains("hi");
    StringBuilder again = new StringBuilder();
    assertThat(painter.paint(screen, 10, 40, again)).isFalse();
    assertThat(again).isEmpty();
    painter.invalidate();
    StringBuilder redraw = new StringBuilder();
    assertThat(painter.paint(screen, 10, 40, redraw)).isTrue();
    assertThat(redraw.toString()).isEqualTo(first.toString());
    assertThat(painter.shown()).isEqualTo(screen.lines());
  }

  @Test
  void theWarmUpGoesThroughAConversationOnLoopbackAndKeepsToItsBounds() throws IOException {
    Terminal t = terminal("xterm");
    WarmUp warmUp = new WarmUp(new Painter(t), 80, 24, UTF_8, EditChars.DEFAULT);
    assertThat(warmUp.run(Duration.ofSeconds(30), 300, () -> false)).isEqualTo(300);
    assertThat(warmUp.wentOverLoopback()).isTrue();
    int[] asked = {0};
    WarmUp stopped = new WarmUp(new Painter(t), 80, 24, UTF_8, EditChars.DEFAULT);
    assertThat(stopped.run(Duration.ofSeconds(30), 300, () -> ++asked[0] > 50)).isEqualTo(50);
  }

  @Test
  void emitWritesTheEncodedTextAndFlushes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean[] flushed = {false};
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes.write(b);
          }

          @Override
          public void flush() {
            flushed[0] = true;
          }
        };
    Painter.emit(out, "caf\u00e9 \u65e5", UTF_8);
    assertThat(bytes.toString(UTF_8)).isEqualTo("caf\u00e9 \u65e5");
    assertThat(flushed[0]).isTrue();
  }
}

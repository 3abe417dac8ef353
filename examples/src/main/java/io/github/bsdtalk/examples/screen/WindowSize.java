package io.github.bsdtalk.examples.screen;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.nativ.CLibrary;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;

/**
 * The window size of the terminal on standard output, read with one {@code ioctl(TIOCGWINSZ)}
 * through the small native library JLine ships ({@code jline-native}) where it loads, and through
 * the terminal otherwise. JLine's exec provider answers {@link Terminal#getSize()} by running
 * {@code stty}: a fork on every resize, several milliseconds (BENCHMARKS.md, "Full-screen talk").
 *
 * <p>Why not JLine's JNI terminal provider, which reads the size the same way: it also sets the
 * terminal's attributes as a whole termios built from JLine's {@code Attributes}, which hold no
 * line speed and no line discipline, so restoring the terminal left it at speed 0 (B0, "hang up")
 * and line discipline 6 (seen in {@code interop/screen-interop.sh}). The exec provider changes
 * only the settings it names; so the terminal stays with it, and only the size comes from here.
 */
public final class WindowSize {
  private static final int STANDARD_OUTPUT = 1;

  private WindowSize() {}

  /**
   * Reads the window size of standard output, falling back to the terminal's own answer when the
   * native library is not there or the ioctl fails (standard output not a terminal).
   *
   * @param terminal the terminal on standard output (JLine's system terminal)
   * @return a supplier of the current size, cheap to call on every SIGWINCH
   */
  public static Supplier<Size> ofStandardOutput(Terminal terminal) {
    Objects.requireNonNull(terminal, "terminal");
    return () -> ioctl().orElseGet(terminal::getSize);
  }

  private static Optional<Size> ioctl() {
    if (!Native.LOADED) {
      return Optional.empty();
    }
    try {
      CLibrary.WinSize size = new CLibrary.WinSize();
      if (CLibrary.ioctl(STANDARD_OUTPUT, CLibrary.TIOCGWINSZ, size) == 0
          && size.ws_col > 0
          && size.ws_row > 0) {
        return Optional.of(new Size(size.ws_col, size.ws_row));
      }
    } catch (LinkageError e) {
      // loaded, but not for this platform after all: stty then
    }
    return Optional.empty();
  }

  /** Whether the native library loads, tried once (it is unpacked into the temporary directory). */
  private static final class Native {
    static final boolean LOADED = load();

    private static boolean load() {
      try {
        return CLibrary.TIOCGWINSZ != 0; // CLibrary's static initialiser loads the library
      } catch (LinkageError | RuntimeException e) {
        return false; // no library for this platform, or no writable temporary directory
      }
    }
  }
}

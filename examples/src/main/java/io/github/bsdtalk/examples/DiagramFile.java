package io.github.bsdtalk.examples;

import io.github.bsdtalk.examples.session.SessionDiagram;
import io.github.bsdtalk.examples.session.SessionEvent;
import io.github.bsdtalk.examples.session.SvgDiagram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code --diagram OUT.svg} of {@code decode}, {@code demo} and {@code trace}: the session's
 * sequence diagram written to a file, replacing it whole (a reader never sees half a diagram,
 * which matters for {@code trace}, which rewrites it after every datagram).
 */
final class DiagramFile {

  private DiagramFile() {}

  /** Why a write failed, in words for the one line a tool prints. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  static void write(Path out, String title, List<SessionEvent> events) throws IOException {
    String svg = SvgDiagram.render(SessionDiagram.build(title, events));
    Path dir = out.toAbsolutePath().getParent();
    // not Files.createTempFile, whose 0600 would ignore the umask the user chose for OUT.svg
    Path tmp = dir.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.writeString(tmp, svg, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

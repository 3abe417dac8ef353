package io.github.bsdtalk.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  /** Counts close() calls. */
  private static final class Source extends ByteArrayInputStream {
    int closes;

    Source(String text) {
      super(text.getBytes(UTF_8));
    }

    @Override
    public void close() {
      closes++;
    }
  }

  @Test
  void returnsEachLineThenTheUnterminatedRestThenEmpty() throws IOException {
    try (LineReader lines = new LineReader(new Source("one\ntwo\nrest"), EditChars.DEFAULT, true)) {
      assertThat(lines.readLine()).contains("one");
      assertThat(lines.readLine()).contains("two");
      assertThat(lines.readLine()).contains("rest");
      assertThat(lines.readLine()).isEmpty();
      assertThat(lines.readLine()).isEmpty();
    }
  }

  @Test
  void closeClosesTheStreamOnceAndLaterReadsFail() throws IOException {
    Source in = new Source("one\n");
    LineReader lines = new LineReader(in, EditChars.DEFAULT, true);

    lines.close();
    lines.close();

    assertThat(in.closes).isEqualTo(1);
    assertThatThrownBy(lines::readLine).isInstanceOf(IOException.class);
  }
}

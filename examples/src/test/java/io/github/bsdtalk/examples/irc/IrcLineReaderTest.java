package io.github.bsdtalk.examples.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IrcLineReaderTest {

  private static IrcLineReader reader(byte[] bytes) {
    return new IrcLineReader(new ByteArrayInputStream(bytes));
  }

  @Test
  void endsLinesAtCrLfLfOrLoneCrAndSkipsEmptyOnes() throws IOException {
    IrcLineReader r = reader("a\r\nb\nc\rd\r\n\r\n\ne\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(r.readLine()).contains("a");
    assertThat(r.readLine()).contains("b");
    assertThat(r.readLine()).contains("c");
    assertThat(r.readLine()).contains("d");
    assertThat(r.readLine()).contains("e");
    assertThat(r.readLine()).isEmpty();
  }

  @Test
  void decodesUtf8AndReplacesWhatIsNot() throws IOException {
    byte[] bytes = {'o', (byte) 0xc3, (byte) 0xa9, ' ', (byte) 0xc3, ' ', (byte) 0xff, '\n'};

    assertThat(reader(bytes).readLine()).contains("o\u00e9 \ufffd \ufffd");
  }

  @Test
  void aLastLineWithoutItsEndIsDropped() throws IOException {
    assertThat(reader("partial".getBytes(StandardCharsets.US_ASCII)).readLine()).isEmpty();
  }

  @Test
  void anOverlongLineKeepsItsStartAndTheNextLineIsWhole() throws IOException {
    String longLine = "PRIVMSG #a :" + "x".repeat(100_000);
    IrcLineReader r = reader((longLine + "\r\nPING :t\r\n").getBytes(StandardCharsets.US_ASCII));

    assertThat(r.readLine()).hasValueSatisfying(
        l -> assertThat(l).hasSize(IrcLineReader.MAX_LINE_BYTES).startsWith("PRIVMSG #a :x"));
    assertThat(r.readLine()).contains("PING :t");
  }
}

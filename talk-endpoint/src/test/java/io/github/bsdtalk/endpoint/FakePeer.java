package io.github.bsdtalk.endpoint;

import io.github.bsdtalk.client.Conversation;
import io.github.bsdtalk.client.EditChars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The far end of one fake connection: a talk peer whose edit characters are already sent, whose
 * typing goes straight to the endpoint and who reads what the endpoint writes, or does not.
 */
final class FakePeer {
  final InetSocketAddress address;
  final Pipe toEndpoint = new Pipe(1 << 20);
  final Pipe toPeer;
  private boolean editCharsRead;

  FakePeer(InetSocketAddress address, int receiveBuffer) throws IOException {
    this.address = address;
    this.toPeer = new Pipe(receiveBuffer);
    toEndpoint.out.write(EditChars.DEFAULT.toWire());
  }

  /** The endpoint's side of the connection, past the edit characters. */
  Conversation endpointSide(EditChars mine, Duration timeout) throws IOException {
    return Conversation.start(toEndpoint.in, toPeer.out, mine, timeout);
  }

  void type(String text) throws IOException {
    toEndpoint.out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  void hangUp() {
    toEndpoint.close();
  }

  /** The next line the endpoint wrote, or "(end of stream)". */
  String readLine() throws IOException {
    if (!editCharsRead) {
      toPeer.in.readNBytes(EditChars.SIZE);
      editCharsRead = true;
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = toPeer.in.read()) != '\n') {
      if (b < 0) {
        return line.size() == 0 ? "(end of stream)" : line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}

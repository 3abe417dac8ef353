package io.github.bsdtalk.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * An in-memory byte pipe with a bounded buffer, standing in for one direction of a TCP connection:
 * a writer waits while the buffer is full (a peer who does not read), a reader waits for bytes.
 * Unlike {@link java.io.PipedInputStream} it does not care which threads read and write. Closing
 * either end ends it: reads then drain and return -1, writes fail.
 */
final class Pipe {
  private final int capacity;
  private final ArrayDeque<Byte> buffer = new ArrayDeque<>();
  private boolean closed;

  Pipe(int capacity) {
    this.capacity = capacity;
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized int buffered() {
    return buffer.size();
  }

  final InputStream in =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          synchronized (Pipe.this) {
            while (buffer.isEmpty() && !closed) {
              waitHere();
            }
            if (buffer.isEmpty()) {
              return -1;
            }
            int n = 0;
            while (n < len && !buffer.isEmpty()) {
              b[off + n++] = buffer.poll();
            }
            Pipe.this.notifyAll();
            return n;
          }
        }

        @Override
        public void close() {
          Pipe.this.close();
        }
      };

  final OutputStream out =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          synchronized (Pipe.this) {
            for (int i = 0; i < len; i++) {
              while (buffer.size() >= capacity && !closed) {
                waitHere();
              }
              if (closed) {
                throw new IOException("pipe closed");
              }
              buffer.add(b[off + i]);
              Pipe.this.notifyAll();
            }
          }
        }

        @Override
        public void close() {
          Pipe.this.close();
        }
      };

  private void waitHere() throws IOException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
  }
}

/** Examples and the talk-examples tool; uses only the exported API of the libraries. */
module io.github.bsdtalk.examples {
  requires io.github.bsdtalk.client;
  requires io.github.bsdtalk.server;
  requires io.github.bsdtalk.endpoint;
  // the web bridge's HTTP server and event streams (examples.web): the JDK's own, no dependency
  requires jdk.httpserver;
  // the tool's command line; picocli reads the annotated options and sets them reflectively
  requires info.picocli;
  // the full-screen talk's terminal (raw mode, size, SIGWINCH); an automatic module
  requires org.jline.terminal;
  // the window size by ioctl (WindowSize); an automatic module
  requires org.jline.nativ;

  opens io.github.bsdtalk.examples to
      info.picocli;
}

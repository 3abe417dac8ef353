/** Examples and the talk-examples tool; uses only the exported API of the libraries. */
module io.github.bsdtalk.examples {
  requires io.github.bsdtalk.client;
  requires io.github.bsdtalk.server;
  requires info.picocli;
}

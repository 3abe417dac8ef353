/**
 * The talk daemon as a library: request processing as a pure function, pluggable invitation tables
 * and announcers, and a UDP server.
 */
module io.github.bsdtalk.server {
  requires transitive io.github.bsdtalk.proto;

  exports io.github.bsdtalk.server;
}

/**
 * The talk client: retrying control transactions with a talk daemon, the caller and callee
 * rendezvous, and the conversation stream.
 */
module io.github.bsdtalk.client {
  requires transitive io.github.bsdtalk.proto;

  exports io.github.bsdtalk.client;
}

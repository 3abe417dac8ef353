/**
 * A user of the bsdtalk libraries: a client call, an embedded daemon, an embedded endpoint, and the
 * testkit.
 */
module io.github.bsdtalk.it.consumer {
  requires io.github.bsdtalk.client;
  requires io.github.bsdtalk.server;
  requires io.github.bsdtalk.endpoint;
  requires io.github.bsdtalk.proto.testkit;

  exports io.github.bsdtalk.it.consumer;
}

/**
 * The talk client: {@link io.github.bsdtalk.client.TalkClient} makes calls ({@link
 * io.github.bsdtalk.client.TalkCall}) that rendezvous with the other party through the talk
 * daemons, and {@link io.github.bsdtalk.client.Conversation} carries the talk. The implementation
 * (transports, the caller and callee flow) lives in a package that is not exported.
 */
module io.github.bsdtalk.client {
  requires transitive io.github.bsdtalk.proto;

  exports io.github.bsdtalk.client;
}

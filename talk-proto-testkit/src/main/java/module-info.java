/**
 * Generators of BSD ntalk values and datagrams for testing code that reads or writes talk packets:
 * a codec, a client, a daemon, a proxy or a packet filter.
 *
 * <p>The core, {@link io.github.bsdtalk.proto.testkit}, draws every value from a {@link
 * java.util.random.RandomGenerator} you pass in, so it works with any test framework and is
 * deterministic for a seed. Two adapters sit beside it: {@link
 * io.github.bsdtalk.proto.testkit.quicktheories} turns the core into QuickTheories {@code Gen}s,
 * and {@link io.github.bsdtalk.proto.testkit.jazzer} draws from a Jazzer {@code
 * FuzzedDataProvider}. The adapters' libraries are optional dependencies ({@code requires static}):
 * this module needs only {@code io.github.bsdtalk.proto} at run time, and an adapter needs its
 * library only when you use it.
 */
module io.github.bsdtalk.proto.testkit {
  requires transitive io.github.bsdtalk.proto;
  requires static quicktheories;
  requires static jazzer.api;

  exports io.github.bsdtalk.proto.testkit;
  exports io.github.bsdtalk.proto.testkit.quicktheories;
  exports io.github.bsdtalk.proto.testkit.jazzer;
}

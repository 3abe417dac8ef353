/**
 * Seedable generators of ntalk values and datagrams, for testing any code that reads or writes
 * talk packets, with any test framework.
 *
 * <p>{@link io.github.bsdtalk.proto.testkit.TalkValues} draws field values and {@link
 * io.github.bsdtalk.proto.CtlMessage} / {@link io.github.bsdtalk.proto.CtlResponse} records, in
 * two shapes: everything the records accept, and what a conforming C program sends. {@link
 * io.github.bsdtalk.proto.testkit.TalkDatagrams} draws byte arrays: arbitrary bytes of the two
 * structure sizes and of any length, valid encodings, valid encodings damaged the ways real
 * networks and real talk programs damage them, and a mix of all of these.
 *
 * <p>Every method takes the {@link java.util.random.RandomGenerator} to draw from, so a test
 * chooses its own source and seed, and a failure can be replayed:
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(seed);
 * for (int i = 0; i < 10_000; i++) {
 *   byte[] datagram = TalkDatagrams.mixed(random);
 *   Optional<byte[]> reply = myDaemon.handle(datagram, sender, now); // must never throw
 * }
 * }</pre>
 *
 * <p>The same seed gives the same values. {@link java.util.Random} and {@link
 * java.util.SplittableRandom} are {@code RandomGenerator}s, so a framework that hands out a
 * {@code Random} can call these methods directly. Adapters for two frameworks live in sub-packages:
 * {@link io.github.bsdtalk.proto.testkit.quicktheories} (QuickTheories {@code Gen}s that shrink and
 * show byte arrays in hex) and {@link io.github.bsdtalk.proto.testkit.jazzer} (a {@code
 * RandomGenerator} that draws from Jazzer's fuzzer input). See {@code
 * talk-proto-testkit/TESTING.md} for the Maven coordinates and for how to use the core from jqwik.
 */
package io.github.bsdtalk.proto.testkit;

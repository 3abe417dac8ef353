/**
 * The testkit under Jazzer: {@link io.github.bsdtalk.proto.testkit.jazzer.FuzzedRandom} is a
 * {@link java.util.random.RandomGenerator} over a {@code FuzzedDataProvider}, so that a
 * {@code @FuzzTest} builds ntalk values and datagrams with {@link
 * io.github.bsdtalk.proto.testkit.TalkValues} and {@link
 * io.github.bsdtalk.proto.testkit.TalkDatagrams} from the fuzzer's input. Using this package needs
 * Jazzer's API on your test path (the testkit's dependency on it is optional).
 */
package io.github.bsdtalk.proto.testkit.jazzer;

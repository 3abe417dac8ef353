/**
 * The testkit as QuickTheories generators: {@link
 * io.github.bsdtalk.proto.testkit.quicktheories.TalkGenerators} wraps every method of {@link
 * io.github.bsdtalk.proto.testkit.TalkValues} and {@link
 * io.github.bsdtalk.proto.testkit.TalkDatagrams} in a {@code Gen} that QuickTheories can seed and
 * shrink. Using this package needs QuickTheories on your test path (the testkit's dependency on
 * it is optional).
 */
package io.github.bsdtalk.proto.testkit.quicktheories;

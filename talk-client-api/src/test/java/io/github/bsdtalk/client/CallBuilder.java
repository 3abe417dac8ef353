package io.github.bsdtalk.client;

import io.github.bsdtalk.client.internal.StreamNetwork;
import io.github.bsdtalk.client.internal.TransportFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * For tests: a {@link TalkClient.Builder} together with the caller and callee of the one call it
 * is built for, so that a test configures a call in one chain and {@link #build()} makes it.
 */
final class CallBuilder {
  private final String me;
  private final TalkPeer peer;
  private final TalkClient.Builder client = TalkClient.newBuilder();

  CallBuilder(String me, TalkPeer peer) {
    this.me = me;
    this.peer = peer;
  }

  TalkClient.Builder client() {
    return client;
  }

  CallBuilder protocol(DaemonProtocol value) {
    client.protocol(value);
    return this;
  }

  CallBuilder daemonPort(int value) {
    client.daemonPort(value);
    return this;
  }

  CallBuilder localDaemon(InetSocketAddress value) {
    client.localDaemon(value);
    return this;
  }

  CallBuilder remoteDaemon(InetSocketAddress value) {
    client.remoteDaemon(value);
    return this;
  }

  CallBuilder retryPolicy(RetryPolicy value) {
    client.retryPolicy(value);
    return this;
  }

  CallBuilder ringInterval(Duration value) {
    client.ringInterval(value);
    return this;
  }

  CallBuilder answerTimeout(Duration value) {
    client.answerTimeout(value);
    return this;
  }

  CallBuilder connectTimeout(Duration value) {
    client.connectTimeout(value);
    return this;
  }

  CallBuilder handshakeTimeout(Duration value) {
    client.handshakeTimeout(value);
    return this;
  }

  CallBuilder editChars(EditChars value) {
    client.editChars(value);
    return this;
  }

  CallBuilder pid(int value) {
    client.pid(value);
    return this;
  }

  CallBuilder progress(ProgressListener value) {
    client.progress(value);
    return this;
  }

  CallBuilder controlListener(ControlListener value) {
    client.controlListener(value);
    return this;
  }

  CallBuilder transports(TransportFactory value) {
    client.transports(value);
    return this;
  }

  CallBuilder nanoTime(LongSupplier value) {
    client.nanoTime(value);
    return this;
  }

  CallBuilder streams(StreamNetwork value) {
    client.streams(value);
    return this;
  }

  CallBuilder cleanUpThreads(ThreadFactory value) {
    client.cleanUpThreads(value);
    return this;
  }

  TalkCall build() {
    return client.build().newCall(me, peer);
  }
}

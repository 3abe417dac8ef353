/**
 * The IRC mirror of a talk chat room (issue 14): {@code bridge --irc HOST:PORT --channel '#CHAN'}.
 *
 * <p>An in-house client, not a library: IRC's line protocol (RFC 1459, RFC 2812) is small, and
 * the parts a bridge needs (registration, PING/PONG, nick collisions, one channel, PRIVMSG) fit in
 * a few hundred lines that we test against a fake server and against ngircd. The Java IRC
 * libraries we looked at are no longer maintained (PircBot) or bring a framework and dependencies
 * of their own (Kitteh IRC Client Library runs on Netty; PircBotX needs Guava and SLF4J), for a
 * tool that wants one channel and no surprises in what it sends.
 *
 * <p>The split follows the rest of the project: a pure model ({@link
 * io.github.bsdtalk.examples.irc.IrcMessage}, {@link io.github.bsdtalk.examples.irc.IrcText},
 * {@link io.github.bsdtalk.examples.irc.PrivmsgSplitter}, {@link
 * io.github.bsdtalk.examples.irc.TokenBucket}, {@link io.github.bsdtalk.examples.irc.Backoff},
 * {@link io.github.bsdtalk.examples.irc.IrcSession}) that takes events and returns lines, and a
 * thin I/O shell ({@link io.github.bsdtalk.examples.irc.IrcClient}) that owns the socket and the
 * threads. {@link io.github.bsdtalk.examples.irc.IrcMirror} joins it to the room. The package is
 * not exported: it is part of the tool.
 */
package io.github.bsdtalk.examples.irc;

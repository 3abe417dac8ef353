/**
 * A talk session as a list of wire events, and the sequence diagram drawn from it.
 *
 * <p>{@code decode --pcap}, {@code demo} and {@code trace} each turn what they see into {@link
 * io.github.bsdtalk.examples.session.SessionEvent}s; the diagram names the parties from the user
 * names and addresses in the requests, so all three draw the same picture of the same session.
 */
package io.github.bsdtalk.examples.session;

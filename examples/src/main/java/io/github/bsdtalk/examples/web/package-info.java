/**
 * The chat room on the web ({@code bridge --http}, issue 15): a page whose visitors join the room
 * as {@code web:NAME} and may call the local users who allow it.
 *
 * <p>A pure model: {@link io.github.bsdtalk.examples.web.Visitors} (names, cap, tokens, the drop
 * of the unseen), {@link io.github.bsdtalk.examples.web.RateLimits}, {@link
 * io.github.bsdtalk.examples.web.WebText} (sanitising), {@link io.github.bsdtalk.examples.web.Json}
 * and {@link io.github.bsdtalk.examples.web.WebBridge}, which ties visitors to the room ({@link
 * io.github.bsdtalk.examples.web.WebRoom}) and to calls; and a thin I/O shell, {@link
 * io.github.bsdtalk.examples.web.WebServer}, on the JDK's HTTP server with Server-Sent Events. The
 * page itself (index.html, app.js, style.css) is a resource of this package.
 */
package io.github.bsdtalk.examples.web;

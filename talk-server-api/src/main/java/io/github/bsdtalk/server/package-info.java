/** The talk daemon API. */
package io.github.bsdtalk.server;

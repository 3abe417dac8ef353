/** The talk client API. */
package io.github.bsdtalk.client;

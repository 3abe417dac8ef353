/**
 * The BSD ntalk wire format: the 84-byte {@code CTL_MSG}, the 24-byte {@code CTL_RESPONSE}, their
 * 16-byte embedded socket address, the codec that reads and writes them, and a describer that
 * explains any datagram field by field; and the same for the old 4.2BSD talk of UDP port 517.
 *
 * <p>This module has no dependencies and no I/O; the client and server modules build on it.
 */
module io.github.bsdtalk.proto {
  exports io.github.bsdtalk.proto;
}

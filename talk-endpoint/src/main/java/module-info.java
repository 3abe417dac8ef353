/**
 * A talk endpoint inside an application: answers calls to names the application owns, places calls
 * to real users, and turns each conversation into events and bounded, non-blocking sends.
 */
module io.github.bsdtalk.endpoint {
  requires transitive io.github.bsdtalk.client;
  requires transitive io.github.bsdtalk.server;

  exports io.github.bsdtalk.endpoint;
}

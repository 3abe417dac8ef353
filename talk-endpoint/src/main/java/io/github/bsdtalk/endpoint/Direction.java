package io.github.bsdtalk.endpoint;

/** Which side started a conversation or a call. */
public enum Direction {
  /** Someone called a name the application owns and the endpoint answered. */
  ANSWERED,
  /** The application placed the call with {@link TalkEndpoint#call}. */
  PLACED
}

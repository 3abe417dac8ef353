package io.github.bsdtalk.examples.irc;

import io.github.bsdtalk.examples.RoomListener;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Mirrors a talk chat room into an IRC channel, both ways. The room's events become channel
 * lines: {@code *** alice@host joined the talk room}, {@code *** alice@host left} with the room's
 * reason, and each finished line as {@code <alice@host> text} (split and paced by the {@link
 * IrcClient}). Each line of someone else in the channel goes to {@code post(nick, text)}, which
 * shows it to every talk member as {@code nick: text}; {@code !who} in the channel is answered with
 * the talk members. IRC joins and parts are not relayed: a busy channel would drown the room.
 *
 * <p>The room's calls only queue work and return at once, as {@link RoomListener} asks.
 * Closing the mirror closes its client.
 */
public final class IrcMirror implements RoomListener, AutoCloseable {

  private final IrcClient client;

  private IrcMirror(IrcClient.Builder builder, BiConsumer<String, String> post,
      Supplier<List<String>> members) {
    Objects.requireNonNull(post, "post");
    this.client =
        builder
            .members(members)
            .events(
                e -> {
                  if (e instanceof IrcSession.ChannelLine) {
                    IrcSession.ChannelLine line = (IrcSession.ChannelLine) e;
                    post.accept(line.nick(), line.text());
                  }
                })
            .build();
  }

  /**
   * A mirror over a client built from {@code builder} (its {@code members} and {@code events} are
   * set here), not started.
   *
   * @param builder the IRC server, nick, channel and settings
   * @param post shows {@code from: text} to every talk member
   * @param members the talk members' names ({@code user@host}), for {@code !who}
   */
  public static IrcMirror create(IrcClient.Builder builder, BiConsumer<String, String> post,
      Supplier<List<String>> members) {
    return new IrcMirror(builder, post, Objects.requireNonNull(members, "members"));
  }

  /** Starts the client: connects, registers and joins, on threads of its own. */
  public void start() {
    client.start();
  }

  /** The IRC client, for its session's state. */
  public IrcClient client() {
    return client;
  }

  @Override
  public void joined(String member) {
    client.notice(member + " joined the talk room");
  }

  @Override
  public void left(String member, String reason) {
    client.notice(member + " left" + reason);
  }

  @Override
  public void line(String member, String text) {
    client.say("<" + member + "> ", text);
  }

  @Override
  public void close() {
    client.close();
  }
}

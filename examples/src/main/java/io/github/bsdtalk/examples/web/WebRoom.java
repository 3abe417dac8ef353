package io.github.bsdtalk.examples.web;

import java.util.List;

/**
 * What the web bridge needs of the chat room: visitors coming, speaking and going, and who is in
 * the room. The bridge command adapts its {@code ChatRoom} to it; tests use a fake. The room
 * reports back through {@link io.github.bsdtalk.examples.RoomListener} (the bridge is one), so a
 * visitor's own line reaches his page the way everyone else's does.
 */
public interface WebRoom {
  /** {@code visitor} ({@code web:NAME}) joined: announce him to everyone. */
  void visitorJoined(String visitor);

  /** {@code visitor} said {@code text} (one sanitised line): show it to everyone. */
  void visitorLine(String visitor, String text);

  /** {@code visitor} left: tell everyone. */
  void visitorLeft(String visitor);

  /**
   * Returns who is in the room.
   *
   * @return talk members ({@code user@host}) and visitors ({@code web:NAME})
   */
  List<String> members();
}

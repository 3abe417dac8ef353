package io.github.bsdtalk.examples.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A sequence diagram: lanes side by side, and steps (arrows between lanes, notes on a lane) from
 * top to bottom. A pure value: {@link SessionDiagram} builds it from a session's events, {@link
 * SvgDiagram} draws it.
 *
 * <p>Immutable; the strings are kept as given (a user name may hold any ISO-8859-1 character),
 * making them printable is the renderer's job.
 *
 * @param title what the diagram shows, for example the capture file's name
 * @param lanes the parties, left to right
 * @param steps what happened, in order; every lane index is one of {@code lanes}
 */
public record SequenceDiagram(String title, List<Lane> lanes, List<Step> steps) {

  /**
   * Validates, and copies the lists.
   *
   * @throws IllegalArgumentException if a step names a lane that is not there
   */
  public SequenceDiagram {
    Objects.requireNonNull(title, "title");
    lanes = List.copyOf(lanes);
    steps = List.copyOf(steps);
    for (Step step : steps) {
      if (step instanceof Arrow arrow) {
        checkLane(arrow.from(), lanes.size());
        checkLane(arrow.to(), lanes.size());
      } else if (step instanceof Note note) {
        checkLane(note.lane(), lanes.size());
      }
    }
  }

  private static void checkLane(int lane, int lanes) {
    if (lane < 0 || lane >= lanes) {
      throw new IllegalArgumentException("lane out of range: " + lane + " of " + lanes);
    }
  }

  /**
   * One party: a talk program, a daemon, or an address no request names.
   *
   * @param label its name, for example {@code alice's talk} or {@code alice's and bob's daemon}
   * @param detail its addresses, one line each ({@code \n} between lines); may be empty
   */
  public record Lane(String label, String detail) {
    /** Validates. */
    public Lane {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** How an arrow is drawn: what kind of message it is. */
  public enum Style {
    /** A request to a talk daemon. */
    REQUEST,
    /** A daemon's reply. */
    REPLY,
    /** A datagram that is neither a request nor a reply. */
    MALFORMED,
    /** The conversation's TCP connection: the connect, its data, the close. */
    TCP
  }

  /** One row of the diagram. */
  public sealed interface Step permits Arrow, Note {
    /**
     * Returns when it happened.
     *
     * @return the time since the first event of the session (negative if the events are not in time
     *     order)
     */
    Duration offset();
  }

  /**
   * A message from one lane to another (or to itself: {@code from == to}).
   *
   * @param offset the time since the first event
   * @param from the sending lane's index
   * @param to the receiving lane's index
   * @param label what it is, for example {@code LOOK_UP id 0}
   * @param style how to draw it
   */
  public record Arrow(Duration offset, int from, int to, String label, Style style)
      implements Step {
    /** Validates. */
    public Arrow {
      Objects.requireNonNull(offset, "offset");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(style, "style");
    }
  }

  /**
   * Something a lane does that is no message on the wire, for example the daemon ringing.
   *
   * @param offset the time since the first event
   * @param lane the lane's index
   * @param text what it does, for example {@code rings bob}
   */
  public record Note(Duration offset, int lane, String text) implements Step {
    /** Validates. */
    public Note {
      Objects.requireNonNull(offset, "offset");
      Objects.requireNonNull(text, "text");
    }
  }
}

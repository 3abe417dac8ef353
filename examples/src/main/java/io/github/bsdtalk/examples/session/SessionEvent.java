package io.github.bsdtalk.examples.session;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened in a talk session, as a capture ({@code decode --pcap}), the {@code demo}
 * or {@code trace} saw it: the input of the sequence diagram ({@code SessionDiagram}).
 *
 * <p>The events are facts about the wire, already decoded; naming the parties ("alice's talk",
 * "bob's daemon") is the diagram's job, from the names and addresses the requests carry.
 */
public sealed interface SessionEvent {

  /**
   * Returns when it happened.
   *
   * @return the capture time, or the time the tool saw it
   */
  Instant time();

  /**
   * Returns the sender.
   *
   * @return the sending socket
   */
  InetSocketAddress from();

  /**
   * Returns the receiver.
   *
   * @return the receiving socket
   */
  InetSocketAddress to();

  /**
   * A request to a talk daemon: an 84-byte ntalk {@code CTL_MSG} or a 76-byte old-talk request.
   *
   * @param time when it was sent
   * @param from the client's control socket
   * @param to the daemon
   * @param oldTalk whether it is old talk (4.2BSD, UDP 517)
   * @param type the type byte ({@code RequestType} code; unknown codes are kept)
   * @param id the {@code id_num}
   * @param localUser the {@code l_name}: who sends it
   * @param remoteUser the {@code r_name}: whom it is about
   * @param address the {@code addr}: the caller's TCP socket (0.0.0.0:0 in a LOOK_UP or DELETE)
   * @param resend whether it repeats an earlier, unanswered request byte for byte
   */
  record Request(
      Instant time,
      InetSocketAddress from,
      InetSocketAddress to,
      boolean oldTalk,
      int type,
      long id,
      String localUser,
      String remoteUser,
      InetSocketAddress address,
      boolean resend)
      implements SessionEvent {
    /** Validates. */
    public Request {
      check(time, from, to);
      Objects.requireNonNull(localUser, "localUser");
      Objects.requireNonNull(remoteUser, "remoteUser");
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * A daemon's reply: a 24-byte ntalk {@code CTL_RESPONSE} or old-talk reply.
   *
   * @param time when it was sent
   * @param from the daemon
   * @param to the client's control socket
   * @param oldTalk whether it is old talk
   * @param type the type byte: the request it answers
   * @param answer the answer byte ({@code Answer} code; unknown codes are kept)
   * @param id the {@code id_num}
   * @param address the {@code addr}: in a LOOK_UP's SUCCESS, the caller's TCP socket
   */
  record Reply(
      Instant time,
      InetSocketAddress from,
      InetSocketAddress to,
      boolean oldTalk,
      int type,
      int answer,
      long id,
      InetSocketAddress address)
      implements SessionEvent {
    /** Validates. */
    public Reply {
      check(time, from, to);
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * A datagram to or from a talk port that is neither a request nor a reply.
   *
   * @param time when it was sent
   * @param from the sender
   * @param to the receiver
   * @param reason why it is malformed, for example {@code TRUNCATED: 50 bytes, expected 84}
   */
  record Malformed(Instant time, InetSocketAddress from, InetSocketAddress to, String reason)
      implements SessionEvent {
    /** Validates. */
    public Malformed {
      check(time, from, to);
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The TCP connection of the conversation is opened (the SYN).
   *
   * @param time when
   * @param from the connecting side (the callee's talk)
   * @param to the listening side (the caller's talk, at the announced address)
   */
  record TcpConnect(Instant time, InetSocketAddress from, InetSocketAddress to)
      implements SessionEvent {
    /** Validates. */
    public TcpConnect {
      check(time, from, to);
    }
  }

  /**
   * Bytes on the conversation's connection, summarised.
   *
   * @param time when the first of them was sent
   * @param from the sender
   * @param to the receiver
   * @param summary what they are, for example {@code edit chars 7f 15 17} or {@code "hello"}
   */
  record TcpData(Instant time, InetSocketAddress from, InetSocketAddress to, String summary)
      implements SessionEvent {
    /** Validates. */
    public TcpData {
      check(time, from, to);
      Objects.requireNonNull(summary, "summary");
    }
  }

  /**
   * One side closes the connection.
   *
   * @param time when
   * @param from the side that closes
   * @param to the other side
   * @param how {@code FIN} or {@code RST}
   */
  record TcpClose(Instant time, InetSocketAddress from, InetSocketAddress to, String how)
      implements SessionEvent {
    /** Validates. */
    public TcpClose {
      check(time, from, to);
      Objects.requireNonNull(how, "how");
    }
  }

  private static void check(Instant time, InetSocketAddress from, InetSocketAddress to) {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}

package io.github.bsdtalk.examples.pcap;

import io.github.bsdtalk.client.EditChars;
import io.github.bsdtalk.client.LineAssembler;
import io.github.bsdtalk.examples.session.SessionEvent;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.CtlResponse;
import io.github.bsdtalk.proto.MalformedPacketException;
import io.github.bsdtalk.proto.OldCtlMessage;
import io.github.bsdtalk.proto.OldCtlResponse;
import io.github.bsdtalk.proto.OldTalkCodec;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkDescriber;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.proto.TalkDescriber.Description;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The talk traffic of a capture: every control datagram on UDP 517 and 518 decoded and each reply
 * paired with its request, and the TCP conversations those datagrams announced, with each side's
 * edit characters and the text it typed.
 *
 * <p>A pure function of the decoded packets: {@code decode --pcap} prints it ({@link
 * CaptureReport}) and draws it ({@link #events()}).
 */
public final class TalkCapture {

  /** The ntalk daemon's port ({@code ntalk 518/udp} in {@code /etc/services}). */
  public static final int NTALK_PORT = 518;

  /** The old-talk daemon's port ({@code talk 517/udp}). */
  public static final int OLD_TALK_PORT = 517;

  /** Which protocol a datagram belongs to, by its port. */
  public enum Protocol {
    /** ntalk (4.3BSD and later, UDP 518): 84-byte requests, 24-byte replies. */
    NTALK("ntalk"),
    /** Old talk (4.2BSD, UDP 517): 76-byte requests, 24-byte replies. */
    OLD_TALK("old talk");

    private final String label;

    Protocol(String label) {
      this.label = label;
    }

    /**
     * Returns the name the report prints.
     *
     * @return {@code ntalk} or {@code old talk}
     */
    public String label() {
      return label;
    }
  }

  /** What a datagram is. */
  public enum Role {
    /** A request to a daemon. */
    REQUEST,
    /** A daemon's reply. */
    REPLY,
    /** Neither: its length fits no message of its protocol. */
    MALFORMED
  }

  private final List<Datagram> datagrams;
  private final List<Connection> connections;
  private final int unannouncedTcp;

  private TalkCapture(List<Datagram> datagrams, List<Connection> connections, int unannouncedTcp) {
    this.datagrams = List.copyOf(datagrams);
    this.connections = List.copyOf(connections);
    this.unannouncedTcp = unannouncedTcp;
  }

  /**
   * Finds the talk traffic among decoded packets.
   *
   * @param packets the packets of a capture, in capture order
   * @return the talk datagrams and conversations
   */
  public static TalkCapture of(List<Packet> packets) {
    return of(packets, NTALK_PORT, OLD_TALK_PORT);
  }

  /**
   * Finds the talk traffic among packets, with the daemons on other ports (the {@code trace}
   * relay's daemon may listen anywhere).
   *
   * @param packets the packets, in capture order
   * @param ntalkPort the ntalk daemons' UDP port
   * @param oldTalkPort the old-talk daemons' UDP port
   * @return the talk datagrams and conversations
   */
  public static TalkCapture of(List<Packet> packets, int ntalkPort, int oldTalkPort) {
    List<Datagram> datagrams = new ArrayList<>();
    // requests awaiting their reply, by (client, daemon, protocol, type), earliest first
    Map<List<Object>, Deque<Datagram>> pending = new HashMap<>();
    // the last unanswered datagram of a wrong size, by (client, daemon): netkit and our daemon
    // answer one with UNKNOWN_REQUEST in ntalk's layout (netkit talkd/talkd.c), on 517 too
    Map<List<Object>, Datagram> pendingMalformed = new HashMap<>();
    for (Packet p : packets) {
      if (p.protocol() != Packet.Protocol.UDP) {
        continue;
      }
      Optional<Protocol> protocol = protocolOf(p, ntalkPort, oldTalkPort);
      if (protocol.isEmpty()) {
        continue;
      }
      int daemonPort = protocol.get() == Protocol.NTALK ? ntalkPort : oldTalkPort;
      boolean toDaemon = p.destination().getPort() == daemonPort;
      Datagram d = Datagram.read(datagrams.size() + 1, p, protocol.get(), toDaemon);
      if (d.role == Role.REPLY && d.protocol == Protocol.NTALK
          && !hasPending(pending, key(p.destination(), p.source(), Protocol.NTALK, d.type))
          && hasPending(pending, key(p.destination(), p.source(), Protocol.OLD_TALK,
              p.payload()[0] & 0xFF))) {
        // netkit's one daemon process answers a 76-byte request on 518 with an old-talk reply
        d = Datagram.read(d.number, p, Protocol.OLD_TALK, toDaemon);
      } else if (d.role == Role.REPLY && d.protocol == Protocol.OLD_TALK
          && p.payload()[0] == TalkProtocol.VERSION
          && !hasPending(pending, key(p.destination(), p.source(), Protocol.OLD_TALK, d.type))
          && pendingMalformed.containsKey(List.of(p.destination(), p.source()))) {
        // the answer to a wrong-sized datagram on 517: ntalk's layout, vers 1 first
        d = Datagram.read(d.number, p, Protocol.NTALK, toDaemon);
      }
      if (d.role == Role.MALFORMED && toDaemon) {
        pendingMalformed.put(List.of(p.source(), p.destination()), d);
      }
      if (d.role == Role.REQUEST) {
        Deque<Datagram> waiting =
            pending.computeIfAbsent(
                key(p.source(), p.destination(), d.protocol, d.type), k -> new ArrayDeque<>());
        Optional<Datagram> original =
            waiting.stream().filter(w -> Arrays.equals(w.packet.payload(), p.payload())).findFirst();
        if (original.isPresent()) {
          d.resendOf = original.get().number;
        } else {
          waiting.addLast(d);
        }
      } else if (d.role == Role.REPLY) {
        Deque<Datagram> waiting =
            pending.get(key(p.destination(), p.source(), d.protocol, d.type));
        Datagram malformed = pendingMalformed.get(List.of(p.destination(), p.source()));
        if ((waiting == null || waiting.isEmpty()) && malformed != null) {
          pendingMalformed.remove(List.of(p.destination(), p.source()));
          malformed.answeredBy = d.number;
          d.answers = malformed.number;
        } else if (waiting != null && !waiting.isEmpty()) {
          Datagram request = waiting.removeFirst();
          request.answeredBy = d.number;
          d.answers = request.number;
          if (d.protocol == Protocol.OLD_TALK) {
            d.rereadOldReply(request.oldOrder);
          }
        }
      }
      datagrams.add(d);
    }
    List<Connection> connections = new ArrayList<>();
    int unannounced = 0;
    for (TcpConversation c : TcpReassembler.reassemble(packets)) {
      Optional<Datagram> announcement = announcement(datagrams, c.server());
      if (announcement.isPresent()) {
        connections.add(new Connection(c, announcement.get(), datagrams, packets));
      } else {
        unannounced++;
      }
    }
    return new TalkCapture(datagrams, connections, unannounced);
  }

  private static boolean hasPending(Map<List<Object>, Deque<Datagram>> pending, List<Object> key) {
    Deque<Datagram> waiting = pending.get(key);
    return waiting != null && !waiting.isEmpty();
  }

  private static List<Object> key(
      InetSocketAddress client, InetSocketAddress daemon, Protocol protocol, int type) {
    return List.of(client, daemon, protocol, type);
  }

  /** Destination port first (requests go to the daemon's port), then the source port. */
  static Optional<Protocol> protocolOf(Packet p, int ntalkPort, int oldTalkPort) {
    for (int port : new int[] {p.destination().getPort(), p.source().getPort()}) {
      if (port == ntalkPort) {
        return Optional.of(Protocol.NTALK);
      }
      if (port == oldTalkPort) {
        return Optional.of(Protocol.OLD_TALK);
      }
    }
    return Optional.empty();
  }

  /**
   * The first datagram that announced a TCP address: the {@code addr} of an ANNOUNCE or
   * LEAVE_INVITE (the caller's listening socket), else that of a LOOK_UP's SUCCESS reply.
   */
  private static Optional<Datagram> announcement(List<Datagram> datagrams, InetSocketAddress server) {
    Optional<Datagram> reply = Optional.empty();
    for (Datagram d : datagrams) {
      if (d.address == null || !sameEndpoint(d.address, server)) {
        continue;
      }
      if (d.role == Role.REQUEST
          && (d.type == RequestType.ANNOUNCE.code() || d.type == RequestType.LEAVE_INVITE.code())) {
        return Optional.of(d);
      }
      if (d.role == Role.REPLY && d.type == RequestType.LOOK_UP.code() && d.answer == 0
          && reply.isEmpty()) {
        reply = Optional.of(d);
      }
    }
    return reply;
  }

  /** The same port, and the same host unless the announced one is 0.0.0.0 (any interface). */
  static boolean sameEndpoint(TalkAddress announced, InetSocketAddress actual) {
    return announced.port() == actual.getPort()
        && (announced.ip().isAnyLocalAddress() || announced.ip().equals(actual.getAddress()));
  }

  /**
   * Returns the talk control datagrams, numbered from 1 in capture order.
   *
   * @return the datagrams
   */
  public List<Datagram> datagrams() {
    return datagrams;
  }

  /**
   * Returns the TCP conversations a talk datagram announced, in the order they began.
   *
   * @return the conversations
   */
  public List<Connection> connections() {
    return connections;
  }

  /**
   * Returns how many TCP connections of the capture no talk datagram announced (left out).
   *
   * @return the count
   */
  public int unannouncedTcp() {
    return unannouncedTcp;
  }

  /**
   * Returns the session as wire events, in time order, for the sequence diagram: every datagram,
   * and for each conversation its connect, both sides' edit characters and typed text, and the
   * closes.
   *
   * @return the events
   */
  public List<SessionEvent> events() {
    List<SessionEvent> events = new ArrayList<>();
    for (Datagram d : datagrams) {
      events.add(d.event());
    }
    for (Connection c : connections) {
      events.addAll(c.events());
    }
    // stable: a datagram and a segment captured in the same microsecond keep capture order
    events.sort(Comparator.comparing(SessionEvent::time));
    return events;
  }

  /** One talk control datagram of the capture, decoded. */
  public static final class Datagram {
    private final int number;
    private final Packet packet;
    private final Protocol protocol;
    private final Role role;
    private Description description;
    private final int type; // -1 when malformed
    private long id;
    private int answer = -1;
    private String localName = "";
    private String remoteName = "";
    private TalkAddress address; // null when malformed
    private ByteOrder oldOrder = ByteOrder.BIG_ENDIAN;
    private int answers; // the request this reply answers, 0 if none was captured
    private int answeredBy; // the reply to this request, 0 if none was captured
    private int resendOf; // the unanswered request this one repeats, 0 if none

    private Datagram(
        int number, Packet packet, Protocol protocol, Role role, Description description, int type) {
      this.number = number;
      this.packet = packet;
      this.protocol = protocol;
      this.role = role;
      this.description = description;
      this.type = type;
    }

    static Datagram read(int number, Packet p, Protocol protocol, boolean toDaemon) {
      byte[] b = p.payload();
      try {
        if (b.length == CtlMessage.SIZE && protocol == Protocol.NTALK) {
          CtlMessage m = TalkCodec.decodeMessage(b);
          Datagram d = new Datagram(number, p, protocol, Role.REQUEST,
              TalkDescriber.describeMessage(b), m.type());
          d.request(m.id(), m.localName(), m.remoteName(), m.address());
          return d;
        }
        if (b.length == OldCtlMessage.SIZE) {
          // netkit's one daemon process also answers a 76-byte request on 518
          OldCtlMessage m = OldTalkCodec.decodeMessage(b);
          Datagram d = new Datagram(number, p, Protocol.OLD_TALK, Role.REQUEST,
              TalkDescriber.describeOldMessage(b), m.type());
          d.request(m.id(), m.localName(), m.remoteName(), m.address());
          d.oldOrder = m.byteOrder();
          return d;
        }
        if (b.length == CtlResponse.SIZE && protocol == Protocol.NTALK) {
          CtlResponse r = TalkCodec.decodeResponse(b);
          Datagram d = new Datagram(number, p, protocol, Role.REPLY,
              TalkDescriber.describeResponse(b), r.type());
          d.reply(r.answer(), r.id(), r.address());
          return d;
        }
        if (b.length == OldCtlResponse.SIZE) {
          Datagram d = new Datagram(number, p, protocol, Role.REPLY, null, b[0] & 0xFF);
          d.rereadOldReply(replyOrder(b).orElse(ByteOrder.BIG_ENDIAN));
          return d;
        }
      } catch (MalformedPacketException e) {
        // only the lengths are checked above, and each decoder accepts any bytes of its length
        throw new AssertionError(e);
      }
      Description malformed =
          protocol == Protocol.NTALK
              ? toDaemon ? TalkDescriber.describeMessage(b) : TalkDescriber.describeResponse(b)
              : toDaemon ? TalkDescriber.describeOldMessage(b)
                  : TalkDescriber.describeOldResponse(b, ByteOrder.BIG_ENDIAN);
      return new Datagram(number, p, protocol, Role.MALFORMED, malformed, -1);
    }

    private void request(long newId, String l, String r, TalkAddress a) {
      id = newId;
      localName = l;
      remoteName = r;
      address = a;
    }

    private void reply(int newAnswer, long newId, TalkAddress a) {
      answer = newAnswer;
      id = newId;
      address = a;
    }

    /**
     * An old-talk reply does not say its byte order. Its addr family does, when the daemon filled
     * it ({@code 00 02} network order, {@code 02 00} little-endian); else the order of the request
     * it answers: our daemon answers in the request's order, netkit always in network order
     * ({@code talkd/talkd.c}, which never converts back), and netkit's addr is stack junk.
     */
    private void rereadOldReply(ByteOrder requestOrder) {
      byte[] b = packet.payload();
      ByteOrder order = replyOrder(b).orElse(requestOrder);
      try {
        OldCtlResponse r = OldTalkCodec.decodeResponse(b, order);
        oldOrder = order;
        reply(r.answer(), r.id(), r.address());
        description = TalkDescriber.describeOldResponse(b, order);
      } catch (MalformedPacketException e) {
        throw new AssertionError(e); // 24 bytes, checked by the caller
      }
    }

    private static Optional<ByteOrder> replyOrder(byte[] b) {
      if (b[8] == 0 && b[9] == 2) {
        return Optional.of(ByteOrder.BIG_ENDIAN);
      }
      if (b[8] == 2 && b[9] == 0) {
        return Optional.of(ByteOrder.LITTLE_ENDIAN);
      }
      return Optional.empty();
    }

    /**
     * Returns its number: 1 for the first talk datagram of the capture.
     *
     * @return the number
     */
    public int number() {
      return number;
    }

    /**
     * Returns the packet that carried it.
     *
     * @return the packet
     */
    public Packet packet() {
      return packet;
    }

    /**
     * Returns its protocol.
     *
     * @return ntalk or old talk
     */
    public Protocol protocol() {
      return protocol;
    }

    /**
     * Returns what it is.
     *
     * @return request, reply or malformed
     */
    public Role role() {
      return role;
    }

    /**
     * Returns its field-by-field description.
     *
     * @return the description (kind {@code MALFORMED} with the reason for a malformed one)
     */
    public Description description() {
      return description;
    }

    /**
     * Returns the type byte.
     *
     * @return the type code, or empty for a malformed datagram
     */
    public OptionalInt type() {
      return role == Role.MALFORMED ? OptionalInt.empty() : OptionalInt.of(type);
    }

    /**
     * Returns the {@code id_num}.
     *
     * @return the id, or empty for a malformed datagram
     */
    public Optional<Long> id() {
      return role == Role.MALFORMED ? Optional.empty() : Optional.of(id);
    }

    /**
     * Returns the answer byte of a reply.
     *
     * @return the answer code, or empty unless it is a reply
     */
    public OptionalInt answer() {
      return role == Role.REPLY ? OptionalInt.of(answer) : OptionalInt.empty();
    }

    /**
     * Returns the {@code l_name} of a request, as on the wire (one char per byte).
     *
     * @return the sender's name; empty unless it is a request
     */
    public String localName() {
      return localName;
    }

    /**
     * Returns the {@code r_name} of a request, as on the wire (one char per byte).
     *
     * @return the other party's name; empty unless it is a request
     */
    public String remoteName() {
      return remoteName;
    }

    /**
     * Returns the {@code addr}.
     *
     * @return the TCP address it carries, or empty for a malformed datagram
     */
    public Optional<TalkAddress> address() {
      return Optional.ofNullable(address);
    }

    /**
     * Returns the reply's request.
     *
     * @return the number of the request this reply answers, or empty
     */
    public OptionalInt answers() {
      return answers == 0 ? OptionalInt.empty() : OptionalInt.of(answers);
    }

    /**
     * Returns the request's reply.
     *
     * @return the number of the reply to this request, or empty (none captured, or not a request)
     */
    public OptionalInt answeredBy() {
      return answeredBy == 0 ? OptionalInt.empty() : OptionalInt.of(answeredBy);
    }

    /**
     * Returns the request this one repeats.
     *
     * @return the number of the earlier, unanswered request with the same bytes, or empty
     */
    public OptionalInt resendOf() {
      return resendOf == 0 ? OptionalInt.empty() : OptionalInt.of(resendOf);
    }

    SessionEvent event() {
      Instant t = packet.time();
      InetSocketAddress from = packet.source();
      InetSocketAddress to = packet.destination();
      boolean old = protocol == Protocol.OLD_TALK;
      switch (role) {
        case REQUEST:
          return new SessionEvent.Request(t, from, to, old, type, id, localName, remoteName,
              address.toSocketAddress(), resendOf != 0);
        case REPLY:
          return new SessionEvent.Reply(t, from, to, old, type, answer, id,
              address.toSocketAddress());
        default:
          return new SessionEvent.Malformed(t, from, to,
              description.problem().map(Throwable::getMessage).orElse("malformed"));
      }
    }
  }

  /** A TCP conversation that a talk datagram announced. */
  public static final class Connection {
    private final TcpConversation conversation;
    private final Datagram announcedIn;
    private final List<Datagram> announcing;
    private final List<Packet> clientSegments = new ArrayList<>();
    private final List<Packet> serverSegments = new ArrayList<>();

    Connection(
        TcpConversation conversation,
        Datagram announcedIn,
        List<Datagram> datagrams,
        List<Packet> packets) {
      this.conversation = conversation;
      this.announcedIn = announcedIn;
      this.announcing = datagrams;
      for (Packet p : packets) {
        if (p.protocol() == Packet.Protocol.TCP && p.payload().length > 0) {
          if (p.source().equals(conversation.client())
              && p.destination().equals(conversation.server())) {
            clientSegments.add(p);
          } else if (p.source().equals(conversation.server())
              && p.destination().equals(conversation.client())) {
            serverSegments.add(p);
          }
        }
      }
    }

    /**
     * Returns the reassembled connection.
     *
     * @return the conversation
     */
    public TcpConversation conversation() {
      return conversation;
    }

    /**
     * Returns the datagram that announced the listening side's address.
     *
     * @return the ANNOUNCE or LEAVE_INVITE request, or the LOOK_UP reply
     */
    public Datagram announcedIn() {
      return announcedIn;
    }

    /**
     * Returns whose talk one side is, from the datagram that announced the address: the listening
     * side is the caller (the {@code l_name} of an ANNOUNCE or LEAVE_INVITE, the {@code r_name} of
     * the LOOK_UP a SUCCESS answered), the connecting side the callee.
     *
     * @param client the connecting side, else the listening side
     * @return the user's name as on the wire, or empty if the datagrams do not say
     */
    public Optional<String> user(boolean client) {
      Datagram request = announcedIn;
      boolean lookUp = false;
      if (announcedIn.role == Role.REPLY) {
        if (announcedIn.answers == 0) {
          return Optional.empty();
        }
        request = announcing.get(announcedIn.answers - 1);
        lookUp = true;
      }
      // a LOOK_UP is sent by the callee: its l_name connects, its r_name listens
      String name = client != lookUp ? request.remoteName : request.localName;
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /**
     * Returns one side's edit characters: the first three bytes it sent (netkit {@code talk/io.c}
     * and {@code init_disp.c} send {@code erase, kill, werase} before any text).
     *
     * @param fromClient the connecting side's, else the listening side's
     * @return the edit characters, or empty if that side sent fewer than three bytes or the
     *     capture misses any of the first three
     */
    public Optional<EditChars> editChars(boolean fromClient) {
      byte[] data = stream(fromClient).data();
      return data.length < EditChars.SIZE || startMissing(fromClient)
          ? Optional.empty()
          : Optional.of(EditChars.fromWire(Arrays.copyOf(data, EditChars.SIZE)));
    }

    /**
     * Returns whether the capture misses some of the first three bytes a side sent (its edit
     * characters): a segment the capture dropped, as {@code tcpdump -i any} may.
     *
     * @param fromClient the connecting side, else the listening side
     * @return true if a gap begins within the first three bytes
     */
    public boolean startMissing(boolean fromClient) {
      return stream(fromClient).gaps().stream().anyMatch(g -> g.offset() < EditChars.SIZE);
    }

    /**
     * Returns the text one side typed, with its own edit characters applied as the other side's
     * screen applies them, control characters made visible, and the unfinished last line kept.
     * When the capture misses the edit characters ({@link #startMissing(boolean)}), only BS and
     * DEL erase, as they do in netkit's talk whatever the keys ({@link LineAssembler}).
     *
     * @param fromClient the connecting side's, else the listening side's
     * @return the lines, empty if it typed nothing
     */
    public List<String> typed(boolean fromClient) {
      byte[] data = stream(fromClient).data();
      Optional<EditChars> keys = editChars(fromClient);
      int from = EditChars.SIZE;
      if (keys.isEmpty()) {
        if (!startMissing(fromClient) || data.length == 0) {
          return List.of();
        }
        // the edit characters are not in the capture: none of the side's own keys apply
        keys = Optional.of(new EditChars(EditChars.DISABLED, EditChars.DISABLED,
            EditChars.DISABLED));
        from = 0;
      }
      LineAssembler lines = new LineAssembler(keys.get(), true);
      List<String> out = new ArrayList<>(lines.feed(data, from, data.length - from));
      lines.finish().ifPresent(out::add);
      return out;
    }

    private TcpConversation.Stream stream(boolean fromClient) {
      return fromClient ? conversation.fromClient() : conversation.fromServer();
    }

    /**
     * Returns when the connecting side's SYN was captured.
     *
     * @return the time, or empty if the SYN was not captured
     */
    public Optional<Instant> connectTime() {
      return conversation.events().stream()
          .filter(e -> e.kind() == TcpConversation.Kind.SYN
              && e.sender().equals(conversation.client()))
          .map(TcpConversation.Event::time)
          .findFirst();
    }

    /**
     * Returns the time of the first segment with data from one side.
     *
     * @param fromClient the connecting side, else the listening side
     * @return the time, or empty if that side sent no data
     */
    public Optional<Instant> firstData(boolean fromClient) {
      List<Packet> segments = fromClient ? clientSegments : serverSegments;
      return segments.isEmpty() ? Optional.empty() : Optional.of(segments.get(0).time());
    }

    List<SessionEvent> events() {
      InetSocketAddress client = conversation.client();
      InetSocketAddress server = conversation.server();
      List<SessionEvent> events = new ArrayList<>();
      Instant start =
          connectTime().orElseGet(() -> firstData(true).or(() -> firstData(false))
              .orElse(announcedIn.packet().time()));
      events.add(new SessionEvent.TcpConnect(start, client, server));
      for (boolean fromClient : new boolean[] {true, false}) {
        InetSocketAddress from = fromClient ? client : server;
        InetSocketAddress to = fromClient ? server : client;
        List<Packet> segments = fromClient ? clientSegments : serverSegments;
        Optional<EditChars> keys = editChars(fromClient);
        if (segments.isEmpty()) {
          continue;
        }
        if (keys.isPresent()) {
          byte[] sent = Arrays.copyOf(stream(fromClient).data(), EditChars.SIZE);
          events.add(new SessionEvent.TcpData(segments.get(0).time(), from, to,
              "edit chars " + CaptureReport.hex(sent)));
        }
        List<String> typed = typed(fromClient);
        if (!typed.isEmpty()) {
          events.add(new SessionEvent.TcpData(segments.get(segments.size() - 1).time(), from, to,
              "typed " + CaptureReport.quoteLines(typed, 40)));
        }
      }
      for (TcpConversation.Event e : conversation.events()) {
        if (e.kind() != TcpConversation.Kind.SYN) {
          boolean byClient = e.sender().equals(client);
          events.add(new SessionEvent.TcpClose(e.time(), byClient ? client : server,
              byClient ? server : client, e.kind().name()));
        }
      }
      return events;
    }

    @Override
    public String toString() {
      return "Connection[" + conversation.client() + " -> " + conversation.server()
          + ", announced in #" + announcedIn.number + "]";
    }
  }

  @Override
  public String toString() {
    return "TalkCapture[" + datagrams.size() + " datagrams, " + connections.size()
        + " conversations]";
  }
}

package io.github.bsdtalk.examples.session;

import io.github.bsdtalk.examples.session.SequenceDiagram.Arrow;
import io.github.bsdtalk.examples.session.SequenceDiagram.Lane;
import io.github.bsdtalk.examples.session.SequenceDiagram.Note;
import io.github.bsdtalk.examples.session.SequenceDiagram.Step;
import io.github.bsdtalk.examples.session.SequenceDiagram.Style;
import io.github.bsdtalk.examples.session.SessionEvent.Malformed;
import io.github.bsdtalk.examples.session.SessionEvent.Reply;
import io.github.bsdtalk.examples.session.SessionEvent.Request;
import io.github.bsdtalk.examples.session.SessionEvent.TcpClose;
import io.github.bsdtalk.examples.session.SessionEvent.TcpConnect;
import io.github.bsdtalk.examples.session.SessionEvent.TcpData;
import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.RequestType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Draws a talk session as a {@link SequenceDiagram}: names the parties from the user names and
 * addresses the requests carry, and makes one arrow per event.
 *
 * <p>The parties: a client lane per user ({@code alice's talk}), whatever sockets it sends from
 * (netkit's talk and ours send different requests from different UDP sockets); a daemon lane per
 * daemon address, named after the users it serves (an ANNOUNCE or LOOK_UP about V goes to V's
 * daemon, U's LEAVE_INVITE to U's own: netkit {@code talk/invite.c}, {@code talk/look_up.c}); the
 * TCP connection between the caller's talk, at the address its ANNOUNCE and LEAVE_INVITE carry, and
 * the callee's, which connects there. Anything else gets a lane named by its address.
 *
 * <p>Lanes left to right: the caller's talk, the caller's daemon, the callee's daemon, the callee's
 * talk (the caller is the sender of the first ANNOUNCE or LEAVE_INVITE, else of the first request),
 * then the others as they first appear. One daemon playing both (two users on one host) gives three
 * lanes.
 *
 * <p>A pure function of the events; never throws on any list of events.
 */
public final class SessionDiagram {

  private static final int LEAVE_INVITE = RequestType.LEAVE_INVITE.code();
  private static final int LOOK_UP = RequestType.LOOK_UP.code();
  private static final int ANNOUNCE = RequestType.ANNOUNCE.code();
  private static final int SUCCESS = Answer.SUCCESS.code();

  /** The well-known talk ports: old talk (4.2BSD) and ntalk. */
  private static final int OTALK_PORT = 517;

  private static final int NTALK_PORT = 518;

  /** A lane's detail lists at most this many control sockets (ours opens one per request). */
  private static final int MAX_SOCKETS_SHOWN = 6;

  private SessionDiagram() {}

  /**
   * Builds the diagram of a session.
   *
   * @param title the diagram's title
   * @param events what happened, in order
   * @return the diagram
   */
  public static SequenceDiagram build(String title, List<SessionEvent> events) {
    Objects.requireNonNull(title, "title");
    List<SessionEvent> copy = List.copyOf(events);
    return new Builder(copy).build(title);
  }

  /**
   * The name of a request type, or its number when it is none of the four.
   *
   * @param type the type byte
   * @return for example {@code LOOK_UP}, or {@code type 9}
   */
  static String typeName(int type) {
    return RequestType.fromCode(type).map(Enum::name).orElse("type " + type);
  }

  /**
   * The name of an answer, or its number when it is none of the nine.
   *
   * @param answer the answer byte
   * @return for example {@code NOT_HERE}, or {@code answer 12}
   */
  static String answerName(int answer) {
    return Answer.fromCode(answer).map(Enum::name).orElse("answer " + answer);
  }

  /**
   * An address as {@code ip:port}.
   *
   * @param address the socket address
   * @return for example {@code 127.0.0.1:518}
   */
  static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip == null ? address.getHostString() : ip.getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** A lane while the events are read: its kind, and what the events say about it. */
  private static final class Party {
    enum Kind {
      TALK,
      DAEMON,
      ADDRESS
    }

    final Kind kind;

    /** For a talk lane: the user ({@code ""} when keyed by address instead). */
    final String user;

    /** For a daemon or address lane, or a talk lane of a blank user: its address. */
    final InetSocketAddress address;

    final Set<InetSocketAddress> control = new LinkedHashSet<>();
    final Set<InetSocketAddress> tcp = new LinkedHashSet<>();
    final Set<String> owners = new LinkedHashSet<>();
    /** For a daemon lane: the other addresses the same daemon was reached at. */
    final Set<InetSocketAddress> aliases = new LinkedHashSet<>();
    boolean ntalkRequests;
    boolean oldTalkRequests;

    /** The index of the first step it takes part in; -1 while it has none. */
    int appearance = -1;

    Party(Kind kind, String user, InetSocketAddress address) {
      this.kind = kind;
      this.user = user;
      this.address = address;
    }
  }

  /**
   * A TCP address a request or a LOOK_UP reply told: who listens there and who is to connect.
   *
   * @param address the announced TCP socket
   * @param listener the caller's talk
   * @param connector the callee's talk, or null when the request names nobody
   * @param event the index of the event that told it
   */
  private record Announcement(
      InetSocketAddress address, Party listener, Party connector, int event) {
    boolean matches(InetSocketAddress seen) {
      return seen.getPort() == address.getPort()
          && (address.getAddress() == null
              || address.getAddress().isAnyLocalAddress()
              || address.getAddress().equals(seen.getAddress()));
    }
  }

  /** A pair of sockets, to remember the last request from one to the other. */
  private record Route(InetSocketAddress from, InetSocketAddress to) {}

  /** One build: the events, the parties found so far and the steps made. */
  private static final class Builder {
    private final List<SessionEvent> events;
    private final Map<String, Party> talksByUser = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Party> talksByAddress = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Party> controlOwner = new HashMap<>();
    private final Map<InetSocketAddress, Party> daemons = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Party> others = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Party> tcpOwner = new HashMap<>();
    private final List<Announcement> announcements = new ArrayList<>();
    private final List<Party> appearing = new ArrayList<>();

    /** Steps with parties instead of lane indices, until the lanes are ordered. */
    private final List<PendingStep> pending = new ArrayList<>();

    Builder(List<SessionEvent> events) {
      this.events = events;
    }

    SequenceDiagram build(String title) {
      learnParties();
      Instant start = events.isEmpty() ? Instant.EPOCH : events.get(0).time();
      Map<Route, Request> lastAnnounce = new HashMap<>();
      for (int i = 0; i < events.size(); i++) {
        SessionEvent event = events.get(i);
        Duration offset = Duration.between(start, event.time());
        if (event instanceof Request request) {
          if (request.type() == ANNOUNCE) {
            lastAnnounce.put(new Route(request.from(), request.to()), request);
          }
          arrow(
              offset,
              talkOf(request),
              daemonAt(request.to()),
              requestLabel(request),
              Style.REQUEST);
        } else if (event instanceof Reply reply) {
          Party daemon = resolve(reply.from(), true);
          arrow(offset, daemon, resolve(reply.to(), false), replyLabel(reply), Style.REPLY);
          if (reply.type() == ANNOUNCE && reply.answer() == SUCCESS) {
            Request announce = lastAnnounce.get(new Route(reply.to(), reply.from()));
            pending.add(
                new PendingStep(
                    offset,
                    daemon,
                    null,
                    announce == null || announce.remoteUser().isBlank()
                        ? "rings the callee"
                        : "rings " + announce.remoteUser(),
                    null));
          }
        } else if (event instanceof Malformed malformed) {
          arrow(
              offset,
              resolve(malformed.from(), false),
              resolve(malformed.to(), true),
              "malformed: " + malformed.reason(),
              Style.MALFORMED);
        } else if (event instanceof TcpConnect connect) {
          Party[] sides = tcpSides(connect.from(), connect.to(), i);
          arrow(offset, sides[0], sides[1], "TCP connect", Style.TCP);
        } else if (event instanceof TcpData data) {
          Party[] sides = tcpSides(data.from(), data.to(), i);
          arrow(offset, sides[0], sides[1], data.summary(), Style.TCP);
        } else if (event instanceof TcpClose close) {
          Party[] sides = tcpSides(close.from(), close.to(), i);
          arrow(offset, sides[0], sides[1], "close (" + close.how() + ")", Style.TCP);
        }
      }
      return assemble(title);
    }

    /**
     * The first pass: every client's sockets, every daemon's users, every announced TCP address,
     * before any arrow is drawn (a lane's name may rest on a later request).
     */
    private void learnParties() {
      Map<Route, Request> lastLookUp = new HashMap<>();
      for (int i = 0; i < events.size(); i++) {
        SessionEvent event = events.get(i);
        if (event instanceof Request request) {
          Party talk = talkOf(request);
          talk.control.add(request.from());
          controlOwner.putIfAbsent(request.from(), talk);
          Party daemon = daemonAt(request.to());
          if (request.oldTalk()) {
            daemon.oldTalkRequests = true;
          } else {
            daemon.ntalkRequests = true;
          }
          String owner = ownerOf(request);
          if (!owner.isBlank()) {
            daemon.owners.add(owner);
          }
          if (request.type() == LOOK_UP) {
            lastLookUp.put(new Route(request.from(), request.to()), request);
          }
          // the caller's TCP socket, where the callee will connect (netkit talk/invite.c)
          if ((request.type() == ANNOUNCE || request.type() == LEAVE_INVITE)
              && request.address().getPort() != 0) {
            talk.tcp.add(request.address());
            announcements.add(
                new Announcement(request.address(), talk, talkOfUser(request.remoteUser()), i));
          }
        } else if (event instanceof Reply reply
            && reply.type() == LOOK_UP
            && reply.answer() == SUCCESS
            && reply.address().getPort() != 0) {
          // the callee learns the caller's TCP socket from its LOOK_UP's reply (talk/look_up.c)
          Request lookUp = lastLookUp.get(new Route(reply.to(), reply.from()));
          Party looker = controlOwner.get(reply.to());
          if (lookUp != null && looker != null) {
            Party caller = talkOfUser(lookUp.remoteUser());
            if (caller != null) {
              caller.tcp.add(reply.address());
              announcements.add(new Announcement(reply.address(), caller, looker, i));
            }
          }
        }
      }
      mergeDaemonsOfOneUser();
    }

    /**
     * One host's daemon reached at two addresses is one lane: netkit's talk sends its LEAVE_INVITE
     * and DELETE to its own daemon at 127.0.0.1 ({@code talk/ctl_transact.c}), while the other
     * host reaches that daemon at the host's address. Two daemon addresses are merged when they
     * serve the same one user on the same port and one of them is a loopback address.
     */
    private void mergeDaemonsOfOneUser() {
      Map<List<Object>, Map.Entry<InetSocketAddress, Party>> first = new HashMap<>();
      for (Map.Entry<InetSocketAddress, Party> e : daemons.entrySet()) {
        Party d = e.getValue();
        if (d.owners.size() != 1) {
          continue;
        }
        List<Object> key = List.of(d.owners.iterator().next(), e.getKey().getPort());
        Map.Entry<InetSocketAddress, Party> earlier = first.putIfAbsent(key, e);
        if (earlier != null && isLoopback(earlier.getKey()) != isLoopback(e.getKey())) {
          Party kept = earlier.getValue();
          kept.aliases.add(e.getKey());
          kept.ntalkRequests |= d.ntalkRequests;
          kept.oldTalkRequests |= d.oldTalkRequests;
          e.setValue(kept);
        }
      }
    }

    private static boolean isLoopback(InetSocketAddress a) {
      return a.getAddress() != null && a.getAddress().isLoopbackAddress();
    }

    /** Whose daemon a request says its destination is. */
    private static String ownerOf(Request request) {
      if (request.type() == LEAVE_INVITE) {
        return request.localUser();
      }
      if (request.type() == ANNOUNCE || request.type() == LOOK_UP) {
        return request.remoteUser();
      }
      return "";
    }

    private Party talkOf(Request request) {
      Party byUser = talkOfUser(request.localUser());
      if (byUser != null) {
        return byUser;
      }
      return talksByAddress.computeIfAbsent(request.from(), a -> new Party(Party.Kind.TALK, "", a));
    }

    /** The talk lane of a user, made if need be; null for a blank name. */
    private Party talkOfUser(String user) {
      if (user.isBlank()) {
        return null;
      }
      return talksByUser.computeIfAbsent(user, u -> new Party(Party.Kind.TALK, u, null));
    }

    private Party daemonAt(InetSocketAddress address) {
      return daemons.computeIfAbsent(address, a -> new Party(Party.Kind.DAEMON, "", a));
    }

    /**
     * The lane of a UDP socket: a client's control socket or a daemon (in the order {@code
     * daemonFirst} says), else a daemon if it is on a talk port, else a lane of its own.
     */
    private Party resolve(InetSocketAddress address, boolean daemonFirst) {
      Party daemon = daemons.get(address);
      Party client = controlOwner.get(address);
      Party known =
          daemonFirst ? (daemon != null ? daemon : client) : (client != null ? client : daemon);
      if (known != null) {
        return known;
      }
      if (address.getPort() == NTALK_PORT || address.getPort() == OTALK_PORT) {
        return daemonAt(address);
      }
      return other(address);
    }

    private Party other(InetSocketAddress address) {
      return others.computeIfAbsent(address, a -> new Party(Party.Kind.ADDRESS, "", a));
    }

    /**
     * The lanes of a TCP segment's two ends: the end at an announced address is the caller's talk,
     * the other the callee's; ends seen before keep their lanes.
     */
    private Party[] tcpSides(InetSocketAddress from, InetSocketAddress to, int event) {
      Party source = tcpOwner.get(from);
      Party destination = tcpOwner.get(to);
      if (source == null || destination == null) {
        Announcement atTo = announcementFor(to, event);
        Announcement atFrom = atTo == null ? announcementFor(from, event) : null;
        if (atTo != null) {
          destination = destination == null ? atTo.listener() : destination;
          source = source == null ? atTo.connector() : source;
        } else if (atFrom != null) {
          source = source == null ? atFrom.listener() : source;
          destination = destination == null ? atFrom.connector() : destination;
        }
        source = source == null ? other(from) : source;
        destination = destination == null ? other(to) : destination;
        tcpOwner.putIfAbsent(from, source);
        tcpOwner.putIfAbsent(to, destination);
        addTcp(source, from);
        addTcp(destination, to);
      }
      return new Party[] {source, destination};
    }

    /** Notes a lane's TCP socket, unless its announcement (on the wildcard, say) shows it. */
    private static void addTcp(Party party, InetSocketAddress seen) {
      for (InetSocketAddress known : party.tcp) {
        if (new Announcement(known, party, null, 0).matches(seen)) {
          return;
        }
      }
      party.tcp.add(seen);
    }

    /** The latest announcement of this address before the event, else the first after it. */
    private Announcement announcementFor(InetSocketAddress address, int event) {
      Announcement before = null;
      Announcement after = null;
      for (Announcement announcement : announcements) {
        if (announcement.matches(address)) {
          if (announcement.event() <= event) {
            before = announcement;
          } else if (after == null) {
            after = announcement;
          }
        }
      }
      return before != null ? before : after;
    }

    private void arrow(Duration offset, Party from, Party to, String label, Style style) {
      pending.add(new PendingStep(offset, from, to, label, style));
    }

    private SequenceDiagram assemble(String title) {
      for (PendingStep step : pending) {
        appear(step.from());
        if (step.to() != null) {
          appear(step.to());
        }
      }
      List<Party> order = laneOrder();
      Map<Party, Integer> index = new HashMap<>();
      List<Lane> lanes = new ArrayList<>();
      for (Party party : order) {
        index.put(party, lanes.size());
        lanes.add(new Lane(label(party), detail(party)));
      }
      List<Step> steps = new ArrayList<>();
      for (PendingStep step : pending) {
        if (step.to() == null) {
          steps.add(new Note(step.offset(), index.get(step.from()), step.label()));
        } else {
          steps.add(
              new Arrow(
                  step.offset(),
                  index.get(step.from()),
                  index.get(step.to()),
                  step.label(),
                  step.style()));
        }
      }
      return new SequenceDiagram(title, lanes, steps);
    }

    private void appear(Party party) {
      if (party.appearance < 0) {
        party.appearance = appearing.size();
        appearing.add(party);
      }
    }

    /** The caller's talk and daemon, the callee's daemon and talk, then the rest. */
    private List<Party> laneOrder() {
      Request first = null;
      for (SessionEvent event : events) {
        if (event instanceof Request request) {
          if (request.type() == ANNOUNCE || request.type() == LEAVE_INVITE) {
            first = request;
            break;
          }
          if (first == null) {
            first = request;
          }
        }
      }
      Set<Party> order = new LinkedHashSet<>();
      if (first != null) {
        String caller = first.localUser();
        String callee = first.remoteUser();
        order.add(talkOf(first));
        addIfPresent(order, daemonOf(caller));
        addIfPresent(order, daemonOf(callee));
        addIfPresent(order, callee.isBlank() ? null : talksByUser.get(callee));
        for (Party daemon : daemons.values()) {
          orderOwners(daemon, caller, callee);
        }
      }
      order.removeIf(party -> party.appearance < 0);
      order.addAll(appearing);
      return new ArrayList<>(order);
    }

    private static void addIfPresent(Set<Party> order, Party party) {
      if (party != null) {
        order.add(party);
      }
    }

    /** The first daemon (as they appear) that serves the user, or null. */
    private Party daemonOf(String user) {
      if (user.isBlank()) {
        return null;
      }
      Party found = null;
      for (Party party : appearing) {
        if (party.kind == Party.Kind.DAEMON && party.owners.contains(user)) {
          found = party;
          break;
        }
      }
      return found;
    }

    /** The caller first, then the callee: "alice's and bob's daemon" whoever asked first. */
    private static void orderOwners(Party daemon, String caller, String callee) {
      List<String> sorted = new ArrayList<>();
      for (String user : List.of(caller, callee)) {
        if (daemon.owners.contains(user)) {
          sorted.add(user);
        }
      }
      for (String user : daemon.owners) {
        if (!sorted.contains(user)) {
          sorted.add(user);
        }
      }
      daemon.owners.clear();
      daemon.owners.addAll(sorted);
    }

    private static String label(Party party) {
      switch (party.kind) {
        case TALK:
          return party.user.isEmpty() ? "talk " + format(party.address) : party.user + "'s talk";
        case DAEMON:
          String kind =
              party.oldTalkRequests && !party.ntalkRequests ? "old-talk daemon" : "daemon";
          return party.owners.isEmpty()
              ? (party.oldTalkRequests && !party.ntalkRequests ? "old talkd " : "talkd ")
                  + format(party.address)
              : possessive(new ArrayList<>(party.owners)) + " " + kind;
        default:
          return format(party.address);
      }
    }

    /** {@code alice's}, {@code alice's and bob's}, {@code alice's, bob's and carol's}. */
    private static String possessive(List<String> users) {
      int shown = Math.min(users.size(), 3);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < shown; i++) {
        names.add(users.get(i) + "'s");
      }
      if (users.size() > shown) {
        names.add((users.size() - shown) + " more users'");
      }
      if (names.size() == 1) {
        return names.get(0);
      }
      return String.join(", ", names.subList(0, names.size() - 1))
          + " and "
          + names.get(names.size() - 1);
    }

    private static String detail(Party party) {
      switch (party.kind) {
        case TALK:
          List<String> lines = new ArrayList<>();
          if (!party.control.isEmpty()) {
            lines.add("udp " + addresses(party.control));
          } else if (party.address != null) {
            lines.add("udp " + format(party.address));
          }
          if (!party.tcp.isEmpty()) {
            lines.add("tcp " + addresses(party.tcp));
          }
          return String.join("\n", lines);
        case DAEMON:
          Set<InetSocketAddress> all = new LinkedHashSet<>();
          all.add(party.address);
          all.addAll(party.aliases);
          return "udp " + addresses(all);
        default:
          return party.tcp.isEmpty() ? "udp, named by no request" : "tcp, named by no request";
      }
    }

    /** Two a line, at most {@value #MAX_SOCKETS_SHOWN}. */
    private static String addresses(Set<InetSocketAddress> addresses) {
      StringBuilder text = new StringBuilder();
      int n = 0;
      for (InetSocketAddress address : addresses) {
        if (n == MAX_SOCKETS_SHOWN) {
          text.append(" and ").append(addresses.size() - n).append(" more");
          break;
        }
        if (n > 0) {
          text.append(n % 2 == 0 ? ",\n" : ", ");
        }
        text.append(format(address));
        n++;
      }
      return text.toString();
    }

    private static String requestLabel(Request request) {
      return (request.oldTalk() ? "old talk " : "")
          + typeName(request.type())
          + " id "
          + request.id()
          + (request.resend() ? " (resend)" : "");
    }

    private static String replyLabel(Reply reply) {
      return (reply.oldTalk() ? "old talk " : "")
          + typeName(reply.type())
          + ": "
          + answerName(reply.answer())
          + ", id "
          + reply.id();
    }
  }

  /**
   * A step before the lanes have their indices: an arrow, or a note when {@code to} is null.
   *
   * @param offset the time since the first event
   * @param from the sender, or the noted lane
   * @param to the receiver; null for a note
   * @param label the arrow's label or the note's text
   * @param style the arrow's style; null for a note
   */
  private record PendingStep(Duration offset, Party from, Party to, String label, Style style) {}
}

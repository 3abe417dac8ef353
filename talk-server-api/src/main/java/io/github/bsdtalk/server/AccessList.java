package io.github.bsdtalk.server;

import io.github.bsdtalk.server.internal.PosixBasicRegex;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@link AccessPolicy} read from an ACL file in the format of GNU inetutils' {@code talkd
 * --acl} ({@code talkd/acl.c}), so that an inetutils ACL file works unchanged. One rule a line;
 * blank lines and lines whose first non-blank character is {@code #} are ignored:
 *
 * <pre>{@code
 * allow|deny CALLER NETWORK... [to CALLEE]
 * }</pre>
 *
 * <ul>
 *   <li>{@code CALLER} is a POSIX basic regular expression (as {@code regcomp} reads it), found
 *       anywhere in the requester's name {@code l_name} unless anchored: {@code '^root$'} is
 *       exactly root, {@code '.*'} anyone.
 *   <li>{@code NETWORK} is {@code any}, an IPv4 address {@code A.B.C.D}, or a network {@code
 *       A.B.C.D/LEN} or {@code A.B.C.D/M.M.M.M}; the rule applies if the request's source address
 *       is in one of them. At least one is required: inetutils accepts a rule with none and never
 *       matches it, which silently does nothing.
 *   <li>{@code to CALLEE} (our addition; inetutils has only per-user {@code ~/.talkrc} files for
 *       this, which we do not read) restricts the rule to requests whose other party's name
 *       {@code r_name} (for an ANNOUNCE, the callee) the expression finds.
 * </ul>
 *
 * <p>The first rule that applies decides; if none does, the request is allowed (as in
 * inetutils). A field may be written in double quotes. Where inetutils logs a bad line and skips
 * it, {@link #parse} refuses the whole file, naming the line, so that a typo never opens or closes
 * the daemon by accident.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccessList implements AccessPolicy {

  /** What a rule does when it applies. */
  public enum Action {
    /** Serve the request. */
    ALLOW,
    /** Deny it. */
    DENY
  }

  /**
   * An IPv4 network.
   *
   * @param address the network address, as a big-endian int, with the host bits zero
   * @param prefix the prefix length, 0..32 (0 is {@code any})
   */
  public record Network(int address, int prefix) {
    /** Every address: {@code any}. */
    public static final Network ANY = new Network(0, 0);

    /**
     * Validates the components.
     *
     * @param address see the class description
     * @param prefix see the class description
     * @throws IllegalArgumentException if the prefix is out of range or host bits are set
     */
    public Network {
      if (prefix < 0 || prefix > 32) {
        throw new IllegalArgumentException("prefix must be 0..32: " + prefix);
      }
      if ((address & ~mask(prefix)) != 0) {
        throw new IllegalArgumentException("host bits set in network address");
      }
    }

    /**
     * Returns true if the address is in this network; an address that is not IPv4 is only in
     * {@link #ANY}.
     *
     * @param a the address
     * @return whether it is in this network
     */
    public boolean contains(InetAddress a) {
      if (prefix == 0) {
        return true;
      }
      if (!(a instanceof Inet4Address)) {
        return false;
      }
      byte[] b = a.getAddress();
      int ip = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
      return (ip & mask(prefix)) == address;
    }

    static int mask(int prefix) {
      return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
  }

  /**
   * One rule.
   *
   * @param action what it does
   * @param caller the expression for the requester's name, as written
   * @param networks where the request must come from; not empty
   * @param callee the expression for the other party's name, as written, or null for any
   */
  public record Rule(Action action, String caller, List<Network> networks, String callee) {
    /**
     * Validates and copies the components.
     *
     * @param action see the class description
     * @param caller see the class description
     * @param networks see the class description
     * @param callee see the class description
     * @throws IllegalArgumentException if an expression is not a valid BRE or networks is empty
     */
    public Rule {
      Objects.requireNonNull(action, "action");
      PosixBasicRegex.compile(Objects.requireNonNull(caller, "caller"));
      if (callee != null) {
        PosixBasicRegex.compile(callee);
      }
      networks = List.copyOf(networks);
      if (networks.isEmpty()) {
        throw new IllegalArgumentException("a rule needs a network");
      }
    }
  }

  /** A line of an ACL file that cannot be read: its number and why. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The line number, from 1. */
    private final int line;

    SyntaxException(int line, String problem) {
      super("line " + line + ": " + problem);
      this.line = line;
    }

    /**
     * Returns the number of the bad line, from 1.
     *
     * @return the line number
     */
    public int line() {
      return line;
    }
  }

  private record Compiled(Rule rule, Pattern caller, Pattern callee) {}

  private final List<Compiled> rules;

  private AccessList(List<Compiled> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Builds a list from rules.
   *
   * @param rules the rules, first match wins
   * @return the list
   */
  public static AccessList of(List<Rule> rules) {
    List<Compiled> c = new ArrayList<>();
    for (Rule r : rules) {
      c.add(new Compiled(r, PosixBasicRegex.compile(r.caller()),
          r.callee() == null ? null : PosixBasicRegex.compile(r.callee())));
    }
    return new AccessList(c);
  }

  /**
   * Parses the text of an ACL file. Pure: no file or name service is read.
   *
   * @param text the file's text; lines end with LF or CRLF
   * @return the list
   * @throws SyntaxException for the first line that is not a rule, a comment or blank
   */
  public static AccessList parse(String text) throws SyntaxException {
    List<Rule> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      Optional<Rule> r = parseLine(lines[n], n + 1);
      r.ifPresent(out::add);
    }
    return of(out);
  }

  private static Optional<Rule> parseLine(String line, int number) throws SyntaxException {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return Optional.empty();
    }
    List<String> f = fields(trimmed, number);
    Action action;
    if (f.get(0).equals("allow")) {
      action = Action.ALLOW;
    } else if (f.get(0).equals("deny")) {
      action = Action.DENY;
    } else {
      throw new SyntaxException(number, "unknown keyword '" + f.get(0)
          + "' (a rule starts with allow or deny)");
    }
    if (f.size() < 2) {
      throw new SyntaxException(number, "too few fields: " + f.get(0)
          + " NAME-REGEX NETWORK... [to NAME-REGEX] (NETWORK may be any)");
    }
    String caller = f.get(1);
    regex(caller, number);
    List<Network> nets = new ArrayList<>();
    String callee = null;
    for (int i = 2; i < f.size(); i++) {
      if (f.get(i).equals("to")) {
        if (i != f.size() - 2) {
          throw new SyntaxException(number, "'to' must be followed by exactly one name regex, last");
        }
        callee = f.get(i + 1);
        regex(callee, number);
        break;
      }
      nets.add(network(f.get(i), number));
    }
    if (nets.isEmpty()) {
      throw new SyntaxException(number, "no network (write any for every address; inetutils"
          + " never matches a rule without one)");
    }
    return Optional.of(new Rule(action, caller, nets, callee));
  }

  private static void regex(String re, int number) throws SyntaxException {
    try {
      PosixBasicRegex.compile(re);
    } catch (IllegalArgumentException e) {
      throw new SyntaxException(number, "bad regexp '" + re + "': " + e.getMessage());
    }
  }

  /** Whitespace-separated fields; a field in double quotes may hold blanks. */
  private static List<String> fields(String s, int number) throws SyntaxException {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int close = s.indexOf('"', i + 1);
        if (close < 0) {
          throw new SyntaxException(number, "unterminated quote");
        }
        out.add(s.substring(i + 1, close));
        i = close + 1;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  private static Network network(String s, int number) throws SyntaxException {
    if (s.equals("any")) {
      return Network.ANY;
    }
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    Integer ip = dottedQuad(addr);
    if (ip == null) {
      throw new SyntaxException(number, "can't parse network '" + s
          + "' (any, A.B.C.D, A.B.C.D/LEN or A.B.C.D/M.M.M.M)");
    }
    int prefix = 32;
    if (slash >= 0) {
      String m = s.substring(slash + 1);
      if (m.matches("[0-9]{1,2}")) {
        prefix = Integer.parseInt(m);
      } else {
        Integer mask = dottedQuad(m);
        prefix = mask == null ? -1 : Integer.numberOfLeadingZeros(~mask);
        if (mask != null && mask != Network.mask(prefix)) {
          prefix = -1; // not contiguous ones
        }
      }
      if (prefix < 0 || prefix > 32) {
        throw new SyntaxException(number, "bad netmask in '" + s + "' (0-32 or A.B.C.D)");
      }
    }
    // inetutils compares ip & mask with the address as written: host bits set there never match,
    // which is a typo to report, not a rule to keep
    if ((ip & ~Network.mask(prefix)) != 0) {
      throw new SyntaxException(number, "host bits set in '" + s + "' (a rule with them never"
          + " matches in inetutils)");
    }
    return new Network(ip, prefix);
  }

  private static Integer dottedQuad(String s) {
    if (!s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      return null;
    }
    int ip = 0;
    for (String part : s.split("\\.")) {
      int v = Integer.parseInt(part);
      if (v > 255) {
        return null;
      }
      ip = ip << 8 | v;
    }
    return ip;
  }

  /**
   * Returns the rules, first match wins.
   *
   * @return the rules
   */
  public List<Rule> rules() {
    List<Rule> out = new ArrayList<>();
    for (Compiled c : rules) {
      out.add(c.rule());
    }
    return List.copyOf(out);
  }

  /**
   * Returns the action of the first rule that applies.
   *
   * @param sender the source address
   * @param caller the requester's name ({@code l_name})
   * @param callee the other party's name ({@code r_name})
   * @return the action, empty if no rule applies
   */
  public Optional<Action> match(InetAddress sender, String caller, String callee) {
    for (Compiled c : rules) {
      boolean inNet = false;
      for (Network n : c.rule().networks()) {
        if (n.contains(sender)) {
          inNet = true;
          break;
        }
      }
      if (inNet && c.caller().matcher(caller).find()
          && (c.callee() == null || c.callee().matcher(callee).find())) {
        return Optional.of(c.rule().action());
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean allows(InetAddress sender, String caller, String callee) {
    return match(sender, caller, callee).orElse(Action.ALLOW) == Action.ALLOW;
  }

  @Override
  public String toString() {
    return "AccessList" + rules();
  }
}

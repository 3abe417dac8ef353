package io.github.bsdtalk.server.internal;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Translates a POSIX basic regular expression (BRE), as glibc's {@code regcomp(re, text, 0)}
 * reads it, into a {@link Pattern}: what inetutils' talkd compiles each ACL rule's name with
 * ({@code talkd/acl.c}). Only the syntax differs from Java's: in a BRE {@code ( ) { } + ? |} are
 * ordinary characters and their backslashed forms are the operators (GNU's {@code \+ \? \|}
 * included), {@code *} at the start is literal, {@code ^} anchors only at the start and {@code $}
 * only at the end, and a backslash inside brackets is literal. Collating elements and equivalence
 * classes ({@code [. .]}, {@code [= =]}) are refused rather than guessed.
 */
public final class PosixBasicRegex {

  private static final Map<String, String> CLASSES = Map.ofEntries(
      Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "0-9"),
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("upper", "\\p{Upper}"),
      Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s\\x0B"),
      Map.entry("blank", " \\t"), Map.entry("punct", "\\p{Punct}"),
      Map.entry("print", "\\p{Print}"), Map.entry("graph", "\\p{Graph}"),
      Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "0-9A-Fa-f"));

  private PosixBasicRegex() {}

  /**
   * Compiles a BRE.
   *
   * @param bre the expression
   * @return the pattern, to be used with {@link java.util.regex.Matcher#find()} (regexec finds a
   *     match anywhere unless the expression is anchored)
   * @throws IllegalArgumentException if it is not a valid BRE, or uses what is not supported; the
   *     message says what
   */
  public static Pattern compile(String bre) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    int n = bre.length();
    int i = 0;
    boolean atStart = true; // where * is literal and ^ anchors
    while (i < n) {
      char c = bre.charAt(i);
      boolean start = atStart;
      atStart = false;
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("trailing backslash");
        }
        char e = bre.charAt(i + 1);
        i += 2;
        switch (e) {
          case '(':
            depth++;
            out.append('(');
            atStart = true;
            break;
          case ')':
            if (depth == 0) {
              throw new IllegalArgumentException("unmatched \\)");
            }
            depth--;
            out.append(')');
            break;
          case '{':
            int close = bre.indexOf("\\}", i);
            if (close < 0 || start) {
              throw new IllegalArgumentException("bad \\{ \\} interval");
            }
            String range = bre.substring(i, close);
            if (!range.matches("[0-9]{1,3}(,([0-9]{1,3})?)?")) {
              throw new IllegalArgumentException("bad interval \\{" + range + "\\}");
            }
            out.append('{').append(range).append('}');
            i = close + 2;
            break;
          case '+':
          case '?':
          case '|':
            out.append(e); // GNU extensions in a BRE
            atStart = e == '|';
            break;
          case '<':
          case '>':
            out.append("\\b");
            break;
          case 'w': case 'W': case 's': case 'S': case 'b': case 'B':
          case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
            out.append('\\').append(e);
            break;
          default:
            if (Character.isLetterOrDigit(e)) {
              throw new IllegalArgumentException("unsupported escape \\" + e);
            }
            out.append(Pattern.quote(String.valueOf(e)));
        }
        continue;
      }
      i++;
      switch (c) {
        case '*':
          out.append(start ? "\\*" : "*");
          break;
        case '^':
          out.append(start ? "^" : "\\^");
          atStart = start;
          break;
        case '$':
          boolean end = i == n || bre.startsWith("\\)", i);
          out.append(end ? "$" : "\\$");
          break;
        case '.':
          out.append('.');
          break;
        case '[':
          i = bracket(bre, i, out);
          break;
        default:
          out.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unmatched \\(");
    }
    return Pattern.compile(out.toString(), Pattern.DOTALL);
  }

  /** Translates the bracket expression after the '[' at {@code i - 1}; returns the index after ']'. */
  private static int bracket(String bre, int i, StringBuilder out) {
    int n = bre.length();
    out.append('[');
    if (i < n && bre.charAt(i) == '^') {
      out.append('^');
      i++;
    }
    boolean first = true;
    while (true) {
      if (i >= n) {
        throw new IllegalArgumentException("unmatched [");
      }
      char c = bre.charAt(i);
      if (c == ']' && !first) {
        out.append(']');
        return i + 1;
      }
      first = false;
      if (c == '[' && i + 1 < n && ":.=".indexOf(bre.charAt(i + 1)) >= 0) {
        char kind = bre.charAt(i + 1);
        int close = bre.indexOf(kind + "]", i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unmatched [" + kind);
        }
        String name = bre.substring(i + 2, close);
        String cls = kind == ':' ? CLASSES.get(name) : null;
        if (cls == null) {
          throw new IllegalArgumentException("unsupported [" + kind + name + kind + "]");
        }
        out.append(cls);
        i = close + 2;
        continue;
      }
      boolean range = c != '-' && i + 2 < n && bre.charAt(i + 1) == '-' && bre.charAt(i + 2) != ']';
      if (range) {
        char to = bre.charAt(i + 2);
        if (to < c) {
          throw new IllegalArgumentException("bad range " + c + "-" + to);
        }
        out.append(literal(c)).append('-').append(literal(to));
        i += 3;
      } else {
        out.append(literal(c));
        i++;
      }
    }
  }

  private static String literal(char c) {
    return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
  }
}

package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.bsdtalk.proto.TalkAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** {@link AccessList} over random files: what it decides is what the rules, read literally, say. */
class AccessListPropertyTest {

  private static final List<String> NAMES = List.of("alice", "bob", "root", "guest", "x");

  private record R(boolean allow, String name, int net, int prefix, String callee) {
    String line() {
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      int a = net & mask;
      String addr = prefix == 0 && (net & 1) == 0 ? "any"
          : ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "."
              + (a & 255) + "/" + prefix;
      return (allow ? "allow" : "deny") + " ^" + name + "$ " + addr
          + (callee == null ? "" : " to ^" + callee + "$");
    }

    boolean applies(int ip, String caller, String to) {
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      return (ip & mask) == (net & mask) && caller.equals(name)
          && (callee == null || callee.equals(to));
    }
  }

  private static final Gen<R> RULES = SourceDSL.booleans().all()
      .zip(Generate.pick(NAMES), SourceDSL.integers().all(), SourceDSL.integers().between(0, 32),
          (allow, name, net, prefix) -> new R(allow, name, net, prefix, null))
      .zip(Generate.pick(List.of("", "bob", "alice")),
          (r, c) -> new R(r.allow(), r.name(), r.net(), r.prefix(), c.isEmpty() ? null : c));

  private static final Gen<List<R>> FILES = SourceDSL.lists().of(RULES).ofSizeBetween(0, 12);

  @Test
  void theFirstRuleThatAppliesDecidesAndNoneAllows() {
    qt().withExamples(500)
        .forAll(FILES, SourceDSL.integers().all(), Generate.pick(NAMES), Generate.pick(NAMES))
        .checkAssert((rules, ip, caller, callee) -> {
          List<String> lines = new ArrayList<>();
          rules.forEach(r -> lines.add(r.line()));
          AccessList acl;
          try {
            acl = AccessList.parse(String.join("\n", lines));
          } catch (AccessList.SyntaxException e) {
            throw new AssertionError(String.valueOf(lines), e);
          }
          Optional<Boolean> expected = rules.stream()
              .filter(r -> r.applies(ip, caller, callee)).findFirst().map(R::allow);
          InetAddress sender = TalkAddress.ipv4(ip);
          assertThat(acl.allows(sender, caller, callee)).isEqualTo(expected.orElse(true));
          assertThat(acl.rules()).hasSize(rules.size());
        });
  }

  @Test
  void anyLineThatIsNotARuleIsReportedWithItsNumber() {
    qt().withExamples(300)
        .forAll(FILES, SourceDSL.integers().between(0, 12),
            Generate.pick(List.of("alow .* any", "deny .*", "deny .* 1.2.3", "deny \\( any")))
        .checkAssert((rules, at, bad) -> {
          List<String> lines = new ArrayList<>();
          rules.forEach(r -> lines.add(r.line()));
          int index = Math.min(at, lines.size());
          lines.add(index, bad);
          try {
            AccessList.parse(String.join("\n", lines));
            throw new AssertionError("parsed " + lines);
          } catch (AccessList.SyntaxException e) {
            assertThat(e.line()).isEqualTo(index + 1);
          }
        });
  }
}

package io.github.bsdtalk.server;

import static io.github.bsdtalk.server.TestRequests.LOCALHOST;
import static io.github.bsdtalk.server.TestRequests.announce;
import static io.github.bsdtalk.server.TestRequests.lookUp;
import static io.github.bsdtalk.server.TestRequests.rendezvous;
import static io.github.bsdtalk.server.TestRequests.sender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bsdtalk.proto.Answer;
import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.RequestType;
import io.github.bsdtalk.proto.TalkAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link AccessList}: inetutils' talkd ACL format, read by a pure parser. */
class AccessListTest {

  private static final Instant T0 = Instant.parse("2026-12-02T22:00:00Z");
  private static final InetAddress LAN = TalkAddress.ipv4(0xc0a8_0105); // 192.168.1.5
  private static final InetAddress OUTSIDE = TalkAddress.ipv4(0x0808_0808); // 8.8.8.8

  private static AccessList parse(String text) {
    try {
      return AccessList.parse(text);
    } catch (AccessList.SyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static int badLine(String text) {
    try {
      AccessList.parse(text);
    } catch (AccessList.SyntaxException e) {
      return e.line();
    }
    throw new AssertionError("parsed: " + text);
  }

  @Test
  void anInetutilsFileWorksAsInInetutils() {
    // the shape of inetutils' documented example: local users in, guests out, the world out
    AccessList acl = parse(String.join("\n",
        "# talkd ACL",
        "",
        "deny  ^guest       any",
        "allow .*           127.0.0.1 192.168.1.0/24 10.0.0.0/255.0.0.0",
        "   # indented comment",
        "deny  .*           any",
        ""));

    assertThat(acl.allows(LOCALHOST, "alice", "bob")).isTrue();
    assertThat(acl.allows(LAN, "alice", "bob")).isTrue();
    assertThat(acl.allows(TalkAddress.ipv4(0x0a01_0203), "alice", "bob")).isTrue();
    assertThat(acl.allows(OUTSIDE, "alice", "bob")).isFalse();
    assertThat(acl.allows(LOCALHOST, "guest7", "bob")).isFalse();
    // regexec finds the expression anywhere: an unanchored name matches inside a longer one
    assertThat(acl.allows(LOCALHOST, "myguest", "bob")).isTrue();
    assertThat(acl.rules()).hasSize(3);
  }

  @Test
  void theFirstMatchingRuleWinsAndNoMatchAllows() {
    AccessList acl = parse("allow ^root$ any\ndeny ^ro any\n");
    assertThat(acl.allows(OUTSIDE, "root", "bob")).isTrue();
    assertThat(acl.allows(OUTSIDE, "rob", "bob")).isFalse();
    assertThat(acl.allows(OUTSIDE, "alice", "bob")).isTrue();
    assertThat(acl.match(OUTSIDE, "alice", "bob")).isEmpty();
    assertThat(parse("").allows(OUTSIDE, "x", "y")).isTrue();
  }

  @Test
  void toRestrictsARuleToACallee() {
    AccessList acl = parse("deny .* any to ^bob$\n");
    assertThat(acl.allows(LOCALHOST, "alice", "bob")).isFalse();
    assertThat(acl.allows(LOCALHOST, "alice", "bobby")).isTrue();
    assertThat(acl.rules().get(0).callee()).isEqualTo("^bob$");
  }

  @Test
  void quotedFieldsAndCrLfLinesAreRead() {
    AccessList acl = parse("deny \"^ev il$\" any\r\nallow .* any\r\n");
    assertThat(acl.allows(LOCALHOST, "ev il", "bob")).isFalse();
    assertThat(acl.allows(LOCALHOST, "evil", "bob")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "permit .* any                     | unknown keyword 'permit'",
      "deny                              | too few fields",
      "deny ^root$                       | no network",
      "deny .* 300.1.1.1                 | can't parse network '300.1.1.1'",
      "deny .* 10.0.0.0/33               | bad netmask",
      "deny .* 10.0.0.0/255.0.255.0      | bad netmask",
      "deny .* 10.0.0.1/8                | host bits set",
      "deny .* somehost                  | can't parse network 'somehost'",
      "deny \\( any                       | bad regexp",
      "deny [a-  any                     | bad regexp",
      "deny .* any to                    | 'to' must be followed",
      "deny .* any to a b                | 'to' must be followed",
      "deny \"unterminated any           | unterminated quote",
  })
  void aBadLineIsRefusedWithItsNumberAndWhy(String line, String problem) {
    String text = "# first\nallow .* 127.0.0.1\n\n" + line + "\nallow .* any\n";
    assertThat(badLine(text)).isEqualTo(4);
    assertThatThrownBy(() -> AccessList.parse(text))
        .hasMessageStartingWith("line 4: ").hasMessageContaining(problem);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
      // BRE; name; found
      "a+b      ; a+b        ; true",
      "a+b      ; aab        ; false",
      "a\\+b    ; aab        ; true",
      "(x)      ; (x)        ; true",
      "\\(ab\\)*c ; ababc    ; true",
      "^a.c$    ; abc        ; true",
      "^a.c$    ; xabc       ; false",
      "*a       ; *a         ; true",
      "a\\{2\\}  ; xaax       ; true",
      "a\\{2\\}  ; xax        ; false",
      "[[:digit:]]  ; u7     ; true",
      "[[:digit:]]  ; u      ; false",
      "[]a]     ; ]          ; true",
      "[^a-z]   ; abc        ; false",
      "[^a-z]   ; abC        ; true",
      "a|b      ; a|b        ; true",
      "a|b      ; a          ; false",
      "a$b      ; a$b        ; true",
      "x^y      ; x^y        ; true",
      "[\\]     ; \\         ; true",
  })
  void namesAreBasicRegularExpressionsAsRegcompReadsThem(String bre, String name, boolean found) {
    AccessList acl = parse("deny " + bre + " any\n");
    assertThat(acl.allows(LOCALHOST, name, "bob")).isEqualTo(!found);
  }

  @Test
  void onlyAnyMatchesANonIpv4Sender() throws Exception {
    AccessList acl = parse("deny .* 0.0.0.0/1 128.0.0.0/1\ndeny ^x any\n");
    assertThat(acl.allows(InetAddress.getByName("::1"), "alice", "bob")).isTrue();
    assertThat(acl.allows(InetAddress.getByName("::1"), "x", "bob")).isFalse();
  }

  @Test
  void aDeniedAnnounceIsPermissionDeniedAndRingsNothingOtherRequestsFail() {
    List<Announcement> rings = new ArrayList<>();
    RequestProcessor p = RequestProcessor.builder()
        .announcer(Announcer.callback(rings::add))
        .accessPolicy(parse("deny ^mallory$ any\n"))
        .build();
    InetSocketAddress from = sender(LOCALHOST, 5000);
    TalkAddress rv = rendezvous(LOCALHOST, 40_000);

    assertThat(p.process(announce("mallory", "bob", 1, rv), from, T0).knownAnswer())
        .contains(Answer.PERMISSION_DENIED);
    assertThat(p.process(announce("mallory", "bob", 1, rv), from, T0).id()).isZero();
    CtlMessage look = CtlMessage.of(RequestType.LOOK_UP, 0, TalkAddress.ANY,
        TalkAddress.of(from), 2, "mallory", "bob", "");
    assertThat(p.process(look, from, T0).knownAnswer()).contains(Answer.FAILED);
    CtlMessage leave = CtlMessage.of(RequestType.LEAVE_INVITE, CtlMessage.MAX_ID_NUM, rv,
        TalkAddress.of(from), 2, "mallory", "bob", "");
    assertThat(p.process(leave, from, T0).knownAnswer()).contains(Answer.FAILED);
    assertThat(rings).isEmpty();
    assertThat(p.table().size()).isZero();

    assertThat(p.process(announce("alice", "bob", 1, rv), from, T0).knownAnswer())
        .contains(Answer.SUCCESS);
    assertThat(p.process(lookUp("bob", "carol"), from, T0).knownAnswer())
        .contains(Answer.NOT_HERE);
    assertThat(rings).hasSize(1);
  }

  @Test
  void theDefaultPolicyAllowsEveryone() {
    assertThat(AccessPolicy.ALLOW_ALL.allows(OUTSIDE, "anyone", "bob")).isTrue();
    assertThat(Optional.of(AccessList.of(List.of())).map(a -> a.allows(OUTSIDE, "a", "b")))
        .contains(true);
  }

  @Test
  void rulesAndNetworksCheckTheirComponents() {
    assertThatThrownBy(() -> new AccessList.Rule(AccessList.Action.DENY, ".*", List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AccessList.Network(0x0a00_0001, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AccessList.Network(0, 33))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new AccessList.Network(0x0a00_0000, 8).contains(TalkAddress.ipv4(0x0aff_ffff)))
        .isTrue();
    assertThat(new AccessList.Network(0x0a00_0000, 8).contains(TalkAddress.ipv4(0x0b00_0000)))
        .isFalse();
  }
}

package io.github.bsdtalk.it.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.bsdtalk.client.TalkClient;
import io.github.bsdtalk.endpoint.TalkEndpoint;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.testkit.TalkDatagrams;
import io.github.bsdtalk.server.TalkdServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consumer's checks, on the module path (Surefire patches this test into the module). */
class ConsumerTest {

  @Test
  void everythingIsANamedModule() {
    assertThat(ConsumerTest.class.getModule().getName()).isEqualTo("io.github.bsdtalk.it.consumer");
    assertThat(TalkClient.class.getModule().getName()).isEqualTo("io.github.bsdtalk.client");
    assertThat(TalkdServer.class.getModule().getName()).isEqualTo("io.github.bsdtalk.server");
    assertThat(TalkCodec.class.getModule().getName()).isEqualTo("io.github.bsdtalk.proto");
    ModuleDescriptor testkit = TalkDatagrams.class.getModule().getDescriptor();
    assertThat(testkit.name()).isEqualTo("io.github.bsdtalk.proto.testkit");
    assertThat(testkit.isAutomatic()).isFalse();
    assertThat(testkit.exports().stream().map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrder(
            "io.github.bsdtalk.proto.testkit",
            "io.github.bsdtalk.proto.testkit.quicktheories",
            "io.github.bsdtalk.proto.testkit.jazzer");
  }

  @Test
  @Timeout(60)
  void anEmbeddedDaemonAndOneCall() throws IOException {
    assertThat(Consumer.loopbackCall()).isEqualTo("hello bob hi alice");
  }

  @Test
  @Timeout(60)
  void anEmbeddedEndpointAnswersACall() throws IOException {
    assertThat(TalkEndpoint.class.getModule().getName()).isEqualTo("io.github.bsdtalk.endpoint");
    assertThat(TalkEndpoint.class.getModule().getDescriptor().exports())
        .map(ModuleDescriptor.Exports::source)
        .containsExactly("io.github.bsdtalk.endpoint");
    assertThat(Consumer.embeddedAnswer()).isEqualTo("echo: hello");
  }

  @Test
  void theServerAnswersEveryTestkitDatagram() {
    assertThat(Consumer.feedTestkitDatagrams(20261202L, 5_000)).isEqualTo(5_000);
  }

  @Test
  void theTestkitBringsNoRuntimeDependencyButTalkProto() throws IOException {
    // QuickTheories and Jazzer are optional dependencies of the testkit: not on this path.
    assertThatExceptionOfType(ClassNotFoundException.class)
        .isThrownBy(() -> Class.forName("org.quicktheories.core.Gen"));
    assertThatExceptionOfType(ClassNotFoundException.class)
        .isThrownBy(() -> Class.forName("com.code_intelligence.jazzer.api.FuzzedDataProvider"));
    // ... and the POM inside the installed jar declares them optional.
    String pom;
    try (InputStream in = TalkDatagrams.class.getModule().getResourceAsStream(
        "META-INF/maven/io.github.bsdtalk/talk-proto-testkit/pom.xml")) {
      assertThat(in).as("the POM in the testkit jar").isNotNull();
      pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher dependencies =
        Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
    Set<String> required = dependencies.results()
        .map(m -> m.group(1))
        .filter(d -> !d.contains("<optional>true</optional>") && !d.contains("<scope>test</scope>"))
        .map(d -> d.replaceAll("(?s).*<artifactId>([^<]*)</artifactId>.*", "$1"))
        .collect(Collectors.toSet());
    assertThat(required).containsExactly("talk-proto");
  }
}

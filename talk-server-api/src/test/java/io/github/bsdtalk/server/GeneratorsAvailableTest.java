package io.github.bsdtalk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.bsdtalk.proto.CtlMessage;
import io.github.bsdtalk.proto.TalkCodec;
import io.github.bsdtalk.proto.TalkProtocol;
import io.github.bsdtalk.proto.testing.TalkGenerators;
import org.junit.jupiter.api.Test;

/**
 * Proves that talk-proto's test-jar (test scope in this module's POM) reaches this module's tests,
 * so that server properties can use {@link TalkGenerators}.
 */
class GeneratorsAvailableTest {

  @Test
  void loadsTalkGeneratorsFromTheTalkProtoTestJar() {
    // The test-jar has no module descriptor: surefire leaves it on the class path, where this
    // module (patched with the tests, reading ALL-UNNAMED) can see it.
    assertThat(TalkGenerators.class.getModule().isNamed()).isFalse();
    assertThat(CtlMessage.class.getModule().getName()).isEqualTo("io.github.bsdtalk.proto");

    qt().withExamples(200)
        .forAll(TalkGenerators.wellFormedCtlMessages())
        .checkAssert(
            m -> {
              assertThat(m.version()).isEqualTo(TalkProtocol.VERSION);
              assertThat(m.requestType()).isPresent();
              assertThat(m.controlAddress().family()).isEqualTo(TalkProtocol.AF_INET);
              assertThat(TalkCodec.encode(m)).hasSize(CtlMessage.SIZE);
            });
  }
}

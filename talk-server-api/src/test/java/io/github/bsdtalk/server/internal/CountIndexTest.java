package io.github.bsdtalk.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link CountIndex}: counts, the largest count, and who has held it longest. */
class CountIndexTest {

  @Test
  void tracksTheLargestCountAndWhoReachedItFirst() {
    CountIndex<String> index = new CountIndex<>();
    assertThat(index.isEmpty()).isTrue();
    assertThat(index.max()).isZero();

    index.increment("a");
    index.increment("b");
    index.increment("b");
    index.increment("a");

    assertThat(index.count("a")).isEqualTo(2);
    assertThat(index.count("c")).isZero();
    assertThat(index.max()).isEqualTo(2);
    assertThat(index.firstWithMax()).as("b reached 2 first").isEqualTo("b");

    index.decrement("b");
    assertThat(index.max()).isEqualTo(2);
    assertThat(index.firstWithMax()).isEqualTo("a");

    index.decrement("a");
    assertThat(index.max()).isEqualTo(1);
    assertThat(index.firstWithMax()).as("b has held 1 longer than a").isEqualTo("b");

    index.decrement("a");
    index.decrement("b");
    assertThat(index.isEmpty()).isTrue();
    assertThat(index.max()).isZero();
  }

  @Test
  void misuseIsRefused() {
    CountIndex<String> index = new CountIndex<>();

    assertThatThrownBy(index::firstWithMax).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> index.decrement("a")).isInstanceOf(IllegalStateException.class);
  }
}

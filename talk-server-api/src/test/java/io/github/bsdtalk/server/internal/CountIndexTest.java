package io.github.bsdtalk.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link CountIndex}: counts, the largest count, and who has held it longest. */
class CountIndexTest {

  /** A thing to count. */
  private static final class Key extends CountIndex.Counted<Key> {
    private final String name;

    Key(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Key a = new Key("a");
  private final Key b = new Key("b");
  private final Key c = new Key("c");

  @Test
  void tracksTheLargestCountAndWhoReachedItFirst() {
    CountIndex<Key> index = new CountIndex<>();
    assertThat(index.isEmpty()).isTrue();
    assertThat(index.max()).isZero();

    index.increment(a);
    index.increment(b);
    index.increment(b);
    index.increment(a);

    assertThat(a.count()).isEqualTo(2);
    assertThat(c.count()).isZero();
    assertThat(index.max()).isEqualTo(2);
    assertThat(index.firstWithMax()).as("b reached 2 first").isSameAs(b);

    index.decrement(b);
    assertThat(index.max()).isEqualTo(2);
    assertThat(index.firstWithMax()).isSameAs(a);

    index.decrement(a);
    assertThat(index.max()).isEqualTo(1);
    assertThat(index.firstWithMax()).as("b has held 1 longer than a").isSameAs(b);

    index.decrement(a);
    index.decrement(b);
    assertThat(index.isEmpty()).isTrue();
    assertThat(index.max()).isZero();
  }

  @Test
  void keepsTheOrderOfArrivalWithinACountAsThingsComeAndGo() {
    CountIndex<Key> index = new CountIndex<>();
    index.increment(a);
    index.increment(b);
    index.increment(c);

    index.increment(b); // b: 2, then the others in the order they reached 1
    index.decrement(b); // b reaches 1 again: now the last to have
    assertThat(index.firstWithMax()).isSameAs(a);
    index.decrement(a);
    assertThat(index.firstWithMax()).as("c reached 1 before b came back to it").isSameAs(c);
    index.decrement(c);
    assertThat(index.firstWithMax()).isSameAs(b);

    index.increment(a); // back in after its count was 0
    index.increment(a);
    index.increment(a);
    assertThat(index.max()).isEqualTo(3);
    index.decrement(a);
    index.decrement(a);
    assertThat(index.max()).as("counts 2 and 3 are empty again").isEqualTo(1);
    assertThat(index.firstWithMax()).isSameAs(b);
  }

  @Test
  void misuseIsRefused() {
    CountIndex<Key> index = new CountIndex<>();

    assertThatThrownBy(index::firstWithMax).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> index.decrement(a)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a");
  }
}

package dev.dovetail.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final WorkQueue<String> queue =
      new WorkQueue<>(clock, scheduler, ExponentialBackoff.defaults());

  @Test
  void addingAKeyTwiceQueuesItOnce() {
    queue.add("a");
    queue.add("b");
    queue.add("a");

    assertThat(drain()).containsExactly("a", "b");
  }

  @Test
  void aKeyBeingProcessedIsNotHandedOutAgainUntilDone() {
    queue.add("a");
    String taken = queue.poll().orElseThrow();

    queue.add("a");
    assertThat(queue.poll()).isEmpty();

    queue.done(taken);
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void pollLeastHandsOutKeysInTheirOrderWhateverOrderTheyArrivedIn() {
    queue.add("c");
    queue.add("a");
    queue.add("b");

    String first = queue.pollLeast(java.util.Comparator.naturalOrder()).orElseThrow();
    queue.add("a");
    assertThat(queue.pollLeast(java.util.Comparator.naturalOrder()))
        .as("a is being processed")
        .contains("b");
    queue.done(first);

    assertThat(first).isEqualTo("a");
    assertThat(queue.pollLeast(java.util.Comparator.naturalOrder())).contains("a");
    assertThat(queue.pollLeast(java.util.Comparator.naturalOrder())).contains("c");
    assertThat(queue.pollLeast(java.util.Comparator.naturalOrder())).isEmpty();
  }

  @Test
  void aKeyProcessedWithoutNewAddsIsNotRequeued() {
    queue.add("a");
    queue.done(queue.poll().orElseThrow());

    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void addAfterWaitsForTheClock() {
    queue.addAfter("a", Duration.ofSeconds(5));

    scheduler.advance(Duration.ofSeconds(4));
    assertThat(queue.poll()).isEmpty();

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).contains("a");
  }

  @Test
  void addAfterKeepsTheEarliestPendingTime() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(2));
    queue.addAfter("a", Duration.ofSeconds(30));

    scheduler.advance(Duration.ofSeconds(2));
    assertThat(drain()).containsExactly("a");

    scheduler.advance(Duration.ofMinutes(1));
    assertThat(drain()).isEmpty();
  }

  @Test
  void rateLimitedAddsBackOffExponentiallyFromOneSecondToOneMinute() {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      delays.add(queue.addRateLimited("a"));
    }

    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(32),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1));
  }

  @Test
  void forgetResetsTheBackoffOfOneKeyOnly() {
    queue.addRateLimited("a");
    queue.addRateLimited("a");
    queue.addRateLimited("b");

    queue.forget("a");

    assertThat(queue.failures("a")).isZero();
    assertThat(queue.failures("b")).isEqualTo(1);
    assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shutDownReleasesWaitingTakers() throws Exception {
    queue.shutDown();

    assertThat(queue.take(Duration.ofSeconds(5))).isEmpty();
    queue.add("a");
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void takeReturnsAReadyKeyWithoutWaiting() throws Exception {
    queue.add("a");

    assertThat(queue.take(Duration.ofSeconds(5))).contains("a");
  }

  private List<String> drain() {
    List<String> keys = new ArrayList<>();
    for (Optional<String> key = queue.poll(); key.isPresent(); key = queue.poll()) {
      keys.add(key.get());
      queue.done(key.get());
    }
    return keys;
  }
}

package dev.dovetail.controllers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatcherTest {
  private final FakeClock clock = new FakeClock();
  private final Batcher batcher = new Batcher(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));

  @Test
  void withoutTriggersTheLoopAsksAgainAfterTheIdleDuration() {
    assertThat(batcher.waitTime()).contains(Duration.ofSeconds(1));
    assertThat(batcher.isOpen()).isFalse();
  }

  @Test
  void aWindowClosesAfterTheIdleDurationWithoutTriggers() {
    batcher.trigger();
    clock.advance(Duration.ofMillis(600));
    assertThat(batcher.waitTime()).contains(Duration.ofMillis(400));
    batcher.trigger();
    clock.advance(Duration.ofMillis(600));
    assertThat(batcher.waitTime()).contains(Duration.ofMillis(400));
    clock.advance(Duration.ofMillis(400));
    assertThat(batcher.waitTime()).isEmpty();
    assertThat(batcher.isOpen()).isFalse();
  }

  @Test
  void aWindowClosesAtTheMaxDurationEvenWhileTriggersKeepComing() {
    batcher.trigger();
    for (int i = 0; i < 19; i++) {
      clock.advance(Duration.ofMillis(500));
      batcher.trigger();
      assertThat(batcher.waitTime()).isPresent();
    }
    clock.advance(Duration.ofMillis(500));
    assertThat(batcher.waitTime()).isEmpty();
  }
}

package dev.dovetail.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingletonLoopTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Instant> runs = new ArrayList<>();
  private final Deque<Result> script = new ArrayDeque<>();

  private final SingletonLoop loop =
      new SingletonLoop(
          "test.singleton",
          () -> {
            runs.add(clock.instant());
            return script.isEmpty() ? Result.requeueAfter(Duration.ofHours(1)) : script.poll();
          },
          clock,
          scheduler,
          new SimpleMeterRegistry(),
          ExponentialBackoff.defaults(),
          Runnable::run);

  @Test
  void runsAtOnceAfterDoneAndAfterTheDelayOfARequeue() {
    script.add(Result.done());
    script.add(Result.requeueAfter(Duration.ofSeconds(10)));
    loop.start();

    scheduler.runDue();
    assertThat(runs).containsExactly(FakeClock.DEFAULT_START, FakeClock.DEFAULT_START);

    scheduler.advance(Duration.ofSeconds(10));
    assertThat(runs).hasSize(3).last().isEqualTo(FakeClock.DEFAULT_START.plusSeconds(10));
  }

  @Test
  void failuresBackOffExponentially() {
    for (int i = 0; i < 3; i++) {
      script.add(Result.failed(new IllegalStateException("boom")));
    }
    loop.start();

    scheduler.advance(Duration.ofSeconds(10));

    Instant t0 = FakeClock.DEFAULT_START;
    assertThat(runs).containsExactly(t0, t0.plusSeconds(1), t0.plusSeconds(3), t0.plusSeconds(7));
  }

  @Test
  void anExceptionIsAFailure() {
    SingletonLoop throwing =
        new SingletonLoop(
            "test.throwing",
            () -> {
              throw new IllegalStateException("boom");
            },
            clock,
            scheduler,
            new SimpleMeterRegistry(),
            ExponentialBackoff.defaults(),
            Runnable::run);

    assertThat(throwing.runOnce()).isInstanceOf(Result.Failed.class);
  }

  @Test
  void stopCancelsThePendingPass() {
    script.add(Result.requeueAfter(Duration.ofSeconds(5)));
    loop.start();
    scheduler.runDue();

    assertThat(loop.stop(Duration.ofSeconds(1))).isTrue();
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(runs).hasSize(1);
    assertThat(loop.isRunning()).isFalse();
  }
}

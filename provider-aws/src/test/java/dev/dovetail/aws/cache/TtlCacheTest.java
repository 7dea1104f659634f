package dev.dovetail.aws.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T00:00:00Z"));
  private final TtlCache<String, Integer> cache = new TtlCache<>(clock, Duration.ofMinutes(5));

  @Test
  void loadsOnceUntilTheEntryExpires() {
    AtomicInteger loads = new AtomicInteger();

    cache.get("k", loads::incrementAndGet);
    clock.advance(Duration.ofMinutes(4));
    cache.get("k", loads::incrementAndGet);
    clock.advance(Duration.ofMinutes(1));
    cache.get("k", loads::incrementAndGet);

    assertThat(loads).hasValue(2);
  }

  @Test
  void dropsExpiredEntriesWhoseKeysAreNeverAskedForAgain() {
    for (int sequence = 0; sequence < 100; sequence++) {
      cache.get("types@" + sequence, () -> 1);
      clock.advance(Duration.ofMinutes(6));
    }

    assertThat(cache.size()).isEqualTo(1);
  }
}

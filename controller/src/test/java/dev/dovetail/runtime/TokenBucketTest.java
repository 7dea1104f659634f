package dev.dovetail.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void allowsTheBurstThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(10, 3, clock);

    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
    assertThat(bucket.timeToNextToken()).isEqualTo(Duration.ofMillis(100));

    clock.advance(Duration.ofMillis(100));
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 2, clock);
    clock.advance(Duration.ofHours(1));

    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
  }
}

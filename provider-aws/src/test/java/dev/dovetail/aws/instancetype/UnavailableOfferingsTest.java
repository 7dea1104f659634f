package dev.dovetail.aws.instancetype;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnavailableOfferingsTest {
  private final FakeClock clock = new FakeClock();
  private final UnavailableOfferings cache = new UnavailableOfferings(clock);

  @Test
  void anOfferingIsUnavailableForThreeMinutesAndEachChangeMovesTheSequence() {
    long before = cache.sequence();
    cache.markUnavailable(CapacityType.SPOT, "m5.large", "us-east-1a");
    long marked = cache.sequence();

    assertThat(marked).isGreaterThan(before);
    assertThat(cache.isUnavailable(CapacityType.SPOT, "m5.large", "us-east-1a")).isTrue();
    assertThat(cache.isUnavailable(CapacityType.ON_DEMAND, "m5.large", "us-east-1a")).isFalse();
    assertThat(cache.isUnavailable(CapacityType.SPOT, "m5.large", "us-east-1b")).isFalse();

    clock.advance(Duration.ofMinutes(2).plusSeconds(59));
    assertThat(cache.isUnavailable(CapacityType.SPOT, "m5.large", "us-east-1a")).isTrue();
    assertThat(cache.sequence()).isEqualTo(marked);

    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.sequence()).isGreaterThan(marked);
    assertThat(cache.isUnavailable(CapacityType.SPOT, "m5.large", "us-east-1a")).isFalse();
  }
}

package dev.dovetail.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.FakeCloudProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MeteredCloudProviderTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeCloudProvider fake = new FakeCloudProvider(new FakeClock());
  private final MeteredCloudProvider metered = new MeteredCloudProvider(fake, registry);

  @Test
  void timesEveryCallPerMethodAndController() {
    try (MDC.MDCCloseable c = MDC.putCloseable("controller", "machine.garbagecollection")) {
      metered.list();
      metered.list();
    }

    assertThat(
            registry
                .get(MetricNames.CLOUDPROVIDER_DURATION)
                .tags(
                    "method", "List", "provider", "fake", "controller", "machine.garbagecollection")
                .timer()
                .count())
        .isEqualTo(2);
  }

  @Test
  void countsErrorsByExceptionNameAndRethrows() {
    assertThatThrownBy(() -> metered.delete("fake:///us-east-1a/i-1"))
        .isInstanceOf(MachineNotFoundException.class);

    assertThat(
            registry
                .get(MetricNames.CLOUDPROVIDER_ERRORS)
                .tags("method", "Delete", "error", "MachineNotFoundException")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(MetricNames.CLOUDPROVIDER_DURATION)
                .tags("method", "Delete")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(metered.name()).isEqualTo("fake");
  }
}

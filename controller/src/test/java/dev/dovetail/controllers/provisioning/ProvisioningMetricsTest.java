package dev.dovetail.controllers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ProvisioningMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProvisioningMetrics metrics = new ProvisioningMetrics(registry);

  @Test
  void podsStateShowsOneSeriesPerPodAsItIsNow() {
    metrics.podsState(
        List.of(
            new ProvisioningMetrics.PodState("web-1", "default", "", "", "Pending"),
            new ProvisioningMetrics.PodState("web-2", "default", "", "", "Pending")));

    metrics.podsState(
        List.of(new ProvisioningMetrics.PodState("web-1", "default", "n1", "default", "Running")));

    assertThat(series()).containsExactly("web-1/default/n1/default/Running");
    assertThat(registry.get(ProvisioningMetrics.PODS_STATE).gauge().value()).isEqualTo(1.0);
  }

  @Test
  void aPassThatChangedNothingKeepsTheSameSeries() {
    List<ProvisioningMetrics.PodState> pods =
        List.of(new ProvisioningMetrics.PodState("web-1", "default", "n1", "default", "Running"));
    metrics.podsState(pods);
    Meter first = registry.get(ProvisioningMetrics.PODS_STATE).meter();

    metrics.podsState(pods);

    assertThat(registry.get(ProvisioningMetrics.PODS_STATE).meters()).containsExactly(first);
  }

  private List<String> series() {
    return registry.find(ProvisioningMetrics.PODS_STATE).meters().stream()
        .map(
            m ->
                m.getId().getTag("name")
                    + "/"
                    + m.getId().getTag("namespace")
                    + "/"
                    + m.getId().getTag("node")
                    + "/"
                    + m.getId().getTag("provisioner")
                    + "/"
                    + m.getId().getTag("phase"))
        .toList();
  }
}

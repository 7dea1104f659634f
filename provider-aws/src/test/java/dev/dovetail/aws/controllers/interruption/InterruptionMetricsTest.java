package dev.dovetail.aws.controllers.interruption;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InterruptionMetricsTest {
  @Test
  void theScrapeCarriesKarpentersNamesAndLabels() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    InterruptionMetrics metrics = new InterruptionMetrics(registry);
    metrics.received("spot_interrupted");
    metrics.deleted();
    metrics.latency(Duration.ofMillis(1500));
    metrics.action(InterruptionMetrics.CORDON_AND_DRAIN);

    assertThat(registry.scrape())
        .contains(
            "karpenter_interruption_received_messages_total{message_type=\"spot_interrupted\"} 1.0")
        .contains("karpenter_interruption_deleted_messages_total 1.0")
        .contains("karpenter_interruption_message_latency_time_seconds_sum 1.5")
        .contains(
            "karpenter_interruption_actions_performed_total{action_type=\"CordonAndDrain\"} 1.0");
  }
}

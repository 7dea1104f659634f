package dev.dovetail.sim.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.events.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario A.3 end to end: Dovetail consolidates as a Deployment scales 12 → 5 → 1, each decision
 * with its $/h, and ends on one c5.large.
 */
@Timeout(180)
class DeprovisioningEndToEndTest {
  private final DeprovisioningCluster c = new DeprovisioningCluster();

  @AfterEach
  void stop() {
    c.close();
  }

  private double hourly() {
    return c.liveTypes().stream()
        .mapToDouble(
            t ->
                switch (t) {
                  case "c5.large" -> 0.085;
                  case "m5.large" -> 0.096;
                  case "m5.xlarge" -> 0.192;
                  default -> throw new IllegalStateException(t);
                })
        .sum();
  }

  @Test
  void scenarioA3ConsolidatesTwelveToFiveToOneEndingOnOneC5LargeWithTheSavingInEvents() {
    c.a3Provisioner("");
    c.deployment("inflate", 12, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 12, Duration.ofMinutes(3))).isTrue();
    double atTwelve = hourly();

    c.scale("inflate", 5);
    assertThat(
            c.roundsUntil(
                () ->
                    !c.events.withReason("DeprovisioningTerminating").isEmpty()
                        && c.settled()
                        && c.running("inflate") == 5,
                Duration.ofMinutes(4)))
        .as(c::describe)
        .isTrue();
    double atFive = hourly();
    assertThat(atFive).isLessThan(atTwelve);

    c.scale("inflate", 1);
    assertThat(
            c.roundsUntil(
                () ->
                    c.settled()
                        && c.liveTypes().equals(List.of("c5.large"))
                        && c.running("inflate") == 1,
                Duration.ofMinutes(6)))
        .isTrue();

    assertThat(c.nodes()).hasSize(1);
    assertThat(c.leakedInstances()).isZero();
    List<Event> terminating = c.events.withReason("DeprovisioningTerminating");
    assertThat(terminating)
        .extracting(Event::message)
        .allMatch(
            m ->
                m.matches(
                    "Deprovisioning Node: Consolidation/(delete|replace), .*saving \\$\\d+\\.\\d{4}/h"));
    assertThat(terminating)
        .extracting(Event::message)
        .anyMatch(
            m ->
                m.contains("Consolidation/replace")
                    && m.endsWith("$0.0850/h after, saving $0.1070/h"));
    assertThat(c.registry.find("dovetail_deprovisioning_savings_usd_per_hour").counter().count())
        .isGreaterThan(0.5);
    assertThat(c.registry.find("karpenter_deprovisioning_actions_performed").counters())
        .isNotEmpty();
  }
}

package dev.dovetail.controllers.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Provisioner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class QuietPeriodTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void coversOnlyTheSameKeyBeforeItsEnd() {
    QuietPeriod quiet = new QuietPeriod();
    assertThat(quiet.covers(7, T0)).as("no period yet").isFalse();

    quiet.begin(7, T0.plusSeconds(60));

    assertThat(quiet.covers(7, T0.plusSeconds(59))).isTrue();
    assertThat(quiet.covers(7, T0.plusSeconds(60))).as("its end is due").isFalse();
    assertThat(quiet.covers(8, T0.plusSeconds(1))).as("something changed").isFalse();
    quiet.end();
    assertThat(quiet.covers(7, T0.plusSeconds(1))).isFalse();
  }

  @Test
  void theKeyChangesWithClusterStateProvisionersAndNothingElse() {
    SyntheticCluster cluster = new SyntheticCluster("small").node("small", 500);
    Provisioner provisioner = cluster.provisioner();
    long before = QuietPeriod.key(cluster.state.changes(), List.of(provisioner), List.of());
    assertThat(QuietPeriod.key(cluster.state.changes(), List.of(cluster.provisioner()), List.of()))
        .as("an identical read")
        .isEqualTo(before);

    cluster.node("small", 500);
    long afterNode = QuietPeriod.key(cluster.state.changes(), List.of(provisioner), List.of());
    provisioner.getMetadata().setAnnotations(Map.of("dovetail.dev/disruption-budgets", "[]"));
    long afterAnnotation =
        QuietPeriod.key(cluster.state.changes(), List.of(provisioner), List.of());

    assertThat(afterNode).isNotEqualTo(before);
    assertThat(afterAnnotation).isNotEqualTo(afterNode);
  }

  @Test
  void endsWhenTheFirstCandidateExpires() {
    SyntheticCluster cluster =
        new SyntheticCluster("small", "large")
            .withProvisionerSpec("  ttlSecondsUntilExpired: 180\n")
            .node("large", 1000)
            .node("large", 1000);

    assertThat(
            QuietPeriod.until(cluster.evaluate(), cluster.state.nodes(), new ConsolidationState()))
        .contains(T0.plusSeconds(180));
  }

  @Test
  void endsWhenANominationLapsesOrConsolidationGoesStale() {
    SyntheticCluster cluster = new SyntheticCluster("small").node("small", 500);
    ConsolidationState consolidation = new ConsolidationState();

    assertThat(QuietPeriod.until(cluster.evaluate(), cluster.state.nodes(), consolidation))
        .as("nothing due: consolidation is tried again once its answer is stale")
        .contains(T0.plus(ConsolidationState.STALE_AFTER));

    consolidation.foundNothing("single-machine consolidation", 1, T0.minusSeconds(200));
    assertThat(QuietPeriod.until(cluster.evaluate(), cluster.state.nodes(), consolidation))
        .contains(T0.minusSeconds(200).plus(ConsolidationState.STALE_AFTER));

    cluster.state.nominate(cluster.state.nodes().get(0).key());
    assertThat(QuietPeriod.until(cluster.evaluate(), cluster.state.nodes(), consolidation))
        .contains(T0.plus(dev.dovetail.state.ClusterState.NOMINATION_WINDOW));
  }

  @Test
  void noQuietPeriodWhileAnExpiredCandidateWaits() {
    SyntheticCluster cluster =
        new SyntheticCluster("small", "large")
            .withProvisionerSpec("  ttlSecondsUntilExpired: 180\n")
            .node("large", 1000);
    cluster.clock.advance(Duration.ofMinutes(10));

    assertThat(
            QuietPeriod.until(cluster.evaluate(), cluster.state.nodes(), new ConsolidationState()))
        .as("a budget or a failed replacement held the expired node back; the next pass retries")
        .isEmpty();
  }
}

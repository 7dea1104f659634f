package dev.dovetail.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Plain pods of a few shapes are re-packed by column generation when that is cheaper. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ColumnGenerationPlanTest {
  private static Snapshot mixed(NodePool pool) {
    return mixed(pool, false);
  }

  private static Snapshot mixed(NodePool pool, boolean spread) {
    long[][] shapes = {{500, 1024}, {2000, 8192}, {3000, 6144}, {750, 6144}};
    int[] replicas = {40, 25, 13, 9};
    List<Pod> pods = new ArrayList<>();
    for (int s = 0; s < shapes.length; s++) {
      for (int r = 0; r < replicas[s]; r++) {
        Pod.Builder b =
            Pod.builder("default", "app" + s + "-" + r)
                .label("app", "app" + s)
                .requests(shapes[s][0], shapes[s][1])
                .creationOrder(pods.size());
        if (spread) {
          b.topologySpread(
              TopologySpreadConstraint.of(
                  1, WellKnownLabels.HOSTNAME, LabelSelector.of("app", "app" + s)));
        }
        pods.add(b.build());
      }
    }
    return new Snapshot(List.of(pool), List.of(), pods);
  }

  @Test
  void mixedShapesComeWithinOnePercentOfTheLpBoundAndBeatTheHeuristicPackings() {
    Snapshot snapshot = mixed(NodePool.of("default", Requirements.NONE, ScenarioTypes.all()));

    Plan plan = Scheduler.solve(snapshot);
    Plan costAware =
        Scheduler.solve(
            snapshot, SolveOptions.DEFAULT.withPacking(SolveOptions.Packing.COST_AWARE));

    assertThat(plan.packing()).isEqualTo("column-generation");
    assertThat(plan.unschedulable()).isEmpty();
    assertThat(plan.costPerHour()).isLessThan(costAware.costPerHour());
    assertThat(plan.boundRatio()).isLessThanOrEqualTo(1.01);
    Set<String> seen = new HashSet<>();
    for (PlannedNode node : plan.newNodes()) {
      assertThat(node.pods()).allMatch(seen::add);
      assertThat(node.explanation()).contains("column generation");
    }
    assertThat(seen).hasSize(snapshot.pods().size());
  }

  @Test
  void podsWithTopologyKeepThePackersNodes() {
    Snapshot snapshot = mixed(NodePool.of("default", Requirements.NONE, ScenarioTypes.all()), true);

    Plan plan = Scheduler.solve(snapshot);

    assertThat(plan.packing()).isNotEqualTo("column-generation");
  }

  @Test
  void poolsWithLimitsKeepThePackersNodes() {
    NodePool limited =
        NodePool.of("default", Requirements.NONE, ScenarioTypes.all())
            .withRemainingLimits(java.util.Map.of("cpu", 1_000_000_000L));

    assertThat(Scheduler.solve(mixed(limited)).packing()).isNotEqualTo("column-generation");
  }
}

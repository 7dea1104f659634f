package dev.dovetail.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.fixtures.Pools;
import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The expected outcomes of the example scenarios (examples/README.md) at list prices. */
class ScenarioTest {

  static Stream<Arguments> scenarios() {
    return Stream.of(
        Arguments.of(
            "A.1 step 1: 10 × 1200m/1400Mi",
            Pools.airflowSpotT(ScenarioTypes.all()),
            pods(10, 1200, 1400),
            Map.of("t3a.medium", 10),
            0.376),
        Arguments.of(
            "A.1 step 2: 10 × 2400m/2800Mi",
            Pools.airflowSpotT(ScenarioTypes.all()),
            pods(10, 2400, 2800),
            Map.of("t3a.2xlarge", 3, "t3a.xlarge", 1),
            1.0528),
        Arguments.of(
            "A.2: inflate 5 × 1 CPU on spot",
            Pools.inflateSpot(ScenarioTypes.all()),
            pods(5, 1000, 0),
            Map.of("m5.xlarge", 1, "c5.large", 2),
            0.362),
        Arguments.of(
            "A.3: inflate 12 × 1 CPU",
            Pools.fixedMenu(ScenarioTypes.all()),
            pods(12, 1000, 0),
            Map.of("m5.xlarge", 4),
            0.768),
        Arguments.of(
            "A.3: inflate 5 × 1 CPU",
            Pools.fixedMenu(ScenarioTypes.all()),
            pods(5, 1000, 0),
            Map.of("m5.xlarge", 1, "c5.large", 2),
            0.362),
        Arguments.of(
            "A.3: inflate 1 × 1 CPU",
            Pools.fixedMenu(ScenarioTypes.all()),
            pods(1, 1000, 0),
            Map.of("c5.large", 1),
            0.085));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void costsNoMoreThanTheCheapestFleet(
      String name, NodePool pool, List<Pod> pods, Map<String, Integer> fleet, double cheapest) {
    Plan plan = Scheduler.solve(new Snapshot(List.of(pool), List.of(), pods));

    assertThat(plan.unschedulable()).isEmpty();
    assertThat(plan.scheduledPods()).isEqualTo(pods.size());
    assertThat(plan.costPerHour()).isLessThanOrEqualTo(cheapest + 1e-9);
    assertThat(plan.costPerHour()).isCloseTo(cheapest, Offset.offset(1e-9));
    assertThat(fleet(plan)).isEqualTo(new TreeMap<>(fleet));
    assertThat(plan.costPerHour()).isLessThanOrEqualTo(plan.firstFitCostPerHour() + 1e-9);
    assertThat(plan.lowerBound()).isPositive().isLessThanOrEqualTo(plan.costPerHour() + 1e-9);
  }

  static Map<String, Integer> fleet(Plan plan) {
    return plan.newNodes().stream()
        .collect(Collectors.toMap(PlannedNode::cheapestType, n -> 1, Integer::sum, TreeMap::new));
  }

  static List<Pod> pods(int n, long cpuMillis, long memoryMib) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pods.add(
          Pod.builder("default", "worker-" + i)
              .requests(cpuMillis, memoryMib)
              .creationOrder(i)
              .build());
    }
    return pods;
  }
}

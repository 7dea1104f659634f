package dev.dovetail.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties that must hold on any input: never dearer than first-fit, a valid bound, order-free.
 */
class PackingPropertiesTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void neverCostsMoreThanFirstFitDecreasingAndTheBoundHolds(long seed) {
    Random random = new Random(seed);
    List<Pod> pods = new ArrayList<>();
    int n = 20 + random.nextInt(80);
    for (int i = 0; i < n; i++) {
      Pod.Builder b =
          Pod.builder("d", "p" + i)
              .requests(100 + random.nextInt(3000), 64 + random.nextInt(6000))
              .creationOrder(i);
      if (random.nextInt(4) == 0) {
        b.label("app", "web")
            .podAntiAffinity(
                PodAffinityTerm.of(LabelSelector.of("app", "web"), WellKnownLabels.HOSTNAME));
      }
      pods.add(b.build());
    }
    Snapshot snapshot =
        new Snapshot(
            List.of(NodePool.of("default", Requirements.NONE, ScenarioTypes.all())),
            List.of(),
            pods);

    Plan plan = Scheduler.solve(snapshot);
    Plan firstFit =
        Scheduler.solve(
            snapshot, SolveOptions.DEFAULT.withPacking(SolveOptions.Packing.FIRST_FIT_DECREASING));

    assertThat(plan.unschedulable()).isEmpty();
    assertThat(plan.costPerHour()).isLessThanOrEqualTo(firstFit.costPerHour() + 1e-9);
    assertThat(plan.firstFitCostPerHour()).isEqualTo(firstFit.costPerHour());
    assertThat(plan.lowerBound()).isPositive().isLessThanOrEqualTo(plan.costPerHour() + 1e-9);
    for (PlannedNode node : plan.newNodes()) {
      assertThat(node.candidates()).isNotEmpty();
      assertThat(node.candidates())
          .isSortedAccordingTo(java.util.Comparator.comparingDouble(Candidate::pricePerHour));
    }
  }

  @Test
  void theSnapshotOrderOfPodsDoesNotChangeThePlan() {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pods.add(Pod.builder("d", "p" + i).requests(100 * (i % 7 + 1), 128 * (i % 5 + 1)).build());
    }
    List<Pod> shuffled = new ArrayList<>(pods);
    Collections.shuffle(shuffled, new Random(7));
    NodePool pool = NodePool.of("default", Requirements.NONE, ScenarioTypes.all());

    Plan a = Scheduler.solve(new Snapshot(List.of(pool), List.of(), pods));
    Plan b = Scheduler.solve(new Snapshot(List.of(pool), List.of(), shuffled));

    assertThat(b).isEqualTo(a);
  }

  @Test
  void clusterAutoscalerAnchorPacksExactly2595Nodes() {
    Resources shape = new Resources(1000, 5000L << 20, 100, 0, Collections.emptySortedMap());
    InstanceType type =
        InstanceType.of(
            "ca",
            Requirements.NONE,
            shape,
            Overhead.NONE,
            List.of(new Offering("z1", CapacityType.ON_DEMAND, 1.0, true)));
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      pods.add(Pod.builder("u", "s" + i).requests(50, 100).creationOrder(i).build());
    }
    for (int i = 0; i < 1_000; i++) {
      pods.add(Pod.builder("u", "l" + i).requests(95, 190).creationOrder(50_000 + i).build());
    }
    Plan plan =
        Scheduler.solve(
            new Snapshot(
                List.of(NodePool.of("ca", Requirements.NONE, List.of(type))), List.of(), pods));

    assertThat(plan.newNodes()).hasSize(2595);
    assertThat(plan.scheduledPods()).isEqualTo(51_000);
    assertThat(plan.lowerBound()).isGreaterThan(2500);
  }

  @Test
  void relaxesInUpstreamOrder() {
    Pod pod =
        Pod.builder("d", "p")
            .requests(500, 512)
            .nodeSelector("team", "none")
            .requiredNodeAffinity(Requirement.in(WellKnownLabels.ARCH, "arm64"))
            .requiredNodeAffinity(Requirement.in(WellKnownLabels.ARCH, "s390x"))
            .preferredPodAffinity(
                1, PodAffinityTerm.of(LabelSelector.of("a", "b"), WellKnownLabels.ZONE))
            .preferredPodAntiAffinity(
                1, PodAffinityTerm.of(LabelSelector.of("a", "b"), WellKnownLabels.ZONE))
            .preferredNodeAffinity(1, Requirement.in(WellKnownLabels.ZONE, "x"))
            .topologySpread(
                new TopologySpreadConstraint(
                    1, WellKnownLabels.ZONE, false, LabelSelector.of("a", "b"), 1))
            .build();
    NodePool pool =
        NodePool.of("default", Requirements.NONE, ScenarioTypes.all())
            .withTaints(List.of(new Taint("soft", "", TaintEffect.PREFER_NO_SCHEDULE)));

    Plan plan = Scheduler.solve(new Snapshot(List.of(pool), List.of(), List.of(pod)));

    assertThat(plan.unschedulable().get(0).reason())
        .containsSubsequence(
            "required node affinity term 1",
            "preferred pod affinity",
            "preferred pod anti-affinity",
            "preferred node affinity",
            "ScheduleAnyway spread",
            "PreferNoSchedule taints");
  }
}

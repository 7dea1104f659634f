package dev.dovetail.scheduling;

import static dev.dovetail.scheduling.fixtures.Snapshots.anyPool;
import static dev.dovetail.scheduling.fixtures.Snapshots.node;
import static dev.dovetail.scheduling.fixtures.Snapshots.pods;
import static dev.dovetail.scheduling.fixtures.Snapshots.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import dev.dovetail.scheduling.fixtures.Snapshots;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * A {@link Scheduler.Session} gives, solve after solve, exactly the plan a fresh {@link
 * Scheduler#solve} gives, whatever it solved before.
 */
@Timeout(120)
class SessionTest {
  private static final LabelSelector WEB = LabelSelector.of("app", "web");

  /** An on-demand pool of weight 10 with 8 cores left, and the unlimited default pool. */
  private static final NodePool LIMITED =
      pool("limited", Requirement.in(WellKnownLabels.CAPACITY_TYPE, "on-demand"))
          .withWeight(10)
          .withRemainingLimits(Map.of(Resources.CPU, 8000L));

  private static final NodePool DEFAULT = anyPool();

  private static final NodePool GPU =
      NodePool.of(
              "gpu",
              Requirements.of(Requirement.in(WellKnownLabels.PROVISIONER_NAME, "gpu")),
              List.of(Snapshots.gpuType()))
          .withRemainingLimits(Map.of(Resources.NVIDIA_GPU, 2L));

  private static final List<ExistingNode> NODES =
      List.of(
          node("n0", "us-east-1a", 1000, 2048),
          node("n1", "us-east-1b", 3000, 4096),
          node("n2", "us-east-1c", 500, 1024),
          node("n3", "us-east-1a", 2500, 8192, false, List.of(), List.of()));

  /**
   * What consolidation asks: the same pools, the existing nodes without one or more candidates and
   * their pods pending; one snapshot also needs a GPU (another {@code Dimensions}), one brings a
   * pool offered in a fourth zone (other {@code Slots}), and some repeat an earlier one.
   */
  static List<Snapshot> series() {
    List<NodePool> pools = List.of(LIMITED, DEFAULT, GPU);
    List<Pod> web = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      web.add(
          Pod.builder("default", "web-" + i)
              .label("app", "web")
              .requests(700, 1024)
              .topologySpread(TopologySpreadConstraint.of(1, WellKnownLabels.ZONE, WEB))
              .creationOrder(i)
              .build());
    }
    Pod gpuPod =
        Pod.builder("default", "train")
            .requests(Resources.parse(Map.of("cpu", "1", "nvidia.com/gpu", "1")))
            .build();
    NodePool elsewhere =
        NodePool.of(
                "elsewhere",
                Requirements.of(Requirement.in(WellKnownLabels.PROVISIONER_NAME, "elsewhere")),
                List.of(Snapshots.onlyIn(ScenarioTypes.named("m5.xlarge"), "us-east-1d")))
            .withWeight(20)
            .withRemainingLimits(Map.of(Resources.CPU, 8000L));
    List<Snapshot> out = new ArrayList<>();
    out.add(new Snapshot(pools, NODES.subList(1, 4), pods("a", 12, 1500, 3000)));
    out.add(new Snapshot(pools, NODES.subList(2, 4), concat(pods("b", 4, 1500, 3000), web)));
    out.add(new Snapshot(pools, NODES, concat(pods("c", 2, 900, 512), List.of(gpuPod))));
    out.add(new Snapshot(pools, NODES.subList(0, 3), pods("a", 12, 1500, 3000)));
    out.add(
        new Snapshot(
            List.of(LIMITED, DEFAULT, GPU, elsewhere),
            NODES.subList(1, 4),
            pods("a", 12, 1500, 3000)));
    out.add(out.get(0));
    out.add(out.get(2));
    out.add(out.get(1));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = SolveOptions.Packing.class,
      mode = Mode.INCLUDE,
      names = {"CHEAPEST", "FIRST_FIT_DECREASING", "COST_AWARE"})
  void aSeriesOverSharedPoolsGivesTheFreshPlans(SolveOptions.Packing packing) {
    SolveOptions options = SolveOptions.DEFAULT.withPacking(packing);
    Scheduler.Session session = Scheduler.session(options);
    for (Snapshot s : series()) {
      assertThat(session.solve(s)).isEqualTo(Scheduler.solve(s, options));
    }
  }

  @Test
  void theSeriesMeetsWhatTheSessionMustNotMixUp() {
    List<Snapshot> series = series();
    Plan first = Scheduler.solve(series.get(0));
    assertThat(first.newNodes().stream().map(PlannedNode::nodePool))
        .as("the limited pool runs out and the default pool takes the rest")
        .contains("limited", "default");
    Plan gpu = Scheduler.solve(series.get(2));
    assertThat(gpu.newNodes().stream().map(PlannedNode::nodePool)).contains("gpu");
    Plan elsewhere = Scheduler.solve(series.get(4));
    assertThat(elsewhere.newNodes().stream().map(PlannedNode::nodePool))
        .contains("elsewhere", "limited");
    assertThat(elsewhere.newNodes().get(0).zones()).containsExactly("us-east-1d");
  }

  @Test
  void theSameSnapshotTwiceInASessionGivesTheSamePlanTwice() {
    Snapshot limited = series().get(0);
    Scheduler.Session session = Scheduler.session(SolveOptions.DEFAULT);

    Plan once = session.solve(limited);
    Plan twice = session.solve(limited);

    assertThat(twice).isEqualTo(once);
    assertThat(once.newNodes().stream().filter(n -> n.nodePool().equals("limited")))
        .as("the second solve starts from the whole limit again")
        .hasSize(
            (int) twice.newNodes().stream().filter(n -> n.nodePool().equals("limited")).count());
  }

  @Test
  void everySchedulerRowGivesTheFreshPlanInASharedSession() {
    Map<SolveOptions, Scheduler.Session> sessions = new HashMap<>();
    List<org.junit.jupiter.params.provider.Arguments> rows = SchedulerTest.cases().toList();
    for (int round = 0; round < 2; round++) {
      for (org.junit.jupiter.params.provider.Arguments row : rows) {
        Object[] args = row.get();
        Snapshot snapshot = (Snapshot) args[1];
        SolveOptions options = (SolveOptions) args[2];
        Scheduler.Session session = sessions.computeIfAbsent(options, o -> Scheduler.session(o));
        Plan fresh = Scheduler.solve(snapshot, options);
        assertThat(session.solve(snapshot)).as((String) args[0]).isEqualTo(fresh);
        assertThat(session.solve(snapshot)).as((String) args[0] + ", again").isEqualTo(fresh);
      }
    }
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}

package dev.dovetail.controllers.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The move bound only ever rules out what the simulation would refuse, and it does rule out the
 * hopeless sets of a full cluster. Menu: small 2 CPU $0.10/h, medium 4 CPU $0.20/h, large 8 CPU
 * $0.40/h.
 */
@Timeout(60)
class MoveBoundTest {
  private static final MultiNodeConsolidation METHOD =
      new MultiNodeConsolidation(
          MultiNodeConsolidation.Strategy.COST,
          new DeprovisioningMetrics(new SimpleMeterRegistry()));

  @Test
  void fullNodesCannotMoveAndHalfEmptyOnesMight() {
    Evaluation full =
        new SyntheticCluster("small", "medium", "large")
            .node("large", 2000, 2000, 2000, 1900)
            .node("large", 2000, 2000, 2000, 1900)
            .evaluate();
    assertThat(full.moveBound().mayMove(full.candidates().subList(0, 1), 1))
        .as("7.9 CPU of pods, 0.1 CPU free elsewhere, and no cheaper type holds them")
        .isFalse();

    Evaluation roomy =
        new SyntheticCluster("small", "medium", "large")
            .node("large", 1000)
            .node("large", 1000, 1000)
            .evaluate();
    assertThat(roomy.moveBound().mayMove(roomy.candidates().subList(0, 1), 1)).isTrue();
  }

  @Test
  void whatTheBoundRulesOutTheSimulationRefusesToo() {
    Random random = new Random(42);
    String[] types = {"small", "medium", "large"};
    int ruledOut = 0;
    int checked = 0;
    for (int round = 0; round < 40; round++) {
      SyntheticCluster cluster = new SyntheticCluster("small", "medium", "large");
      int nodes = 2 + random.nextInt(5);
      for (int n = 0; n < nodes; n++) {
        String type = types[random.nextInt(types.length)];
        int cpu = (int) SyntheticCluster.MENU.get(type)[0] * 1000;
        List<Integer> pods = new ArrayList<>();
        int used = 0;
        while (true) {
          int millis = 250 * (1 + random.nextInt(8));
          if (used + millis > cpu || random.nextInt(10) == 0) {
            break;
          }
          pods.add(millis);
          used += millis;
        }
        cluster.node(type, pods.stream().mapToInt(Integer::intValue).toArray());
      }
      Evaluation evaluation = cluster.evaluate();
      List<CandidateNode> candidates = evaluation.candidates();
      for (int from = 0; from < candidates.size(); from++) {
        for (int to = from + 1; to <= candidates.size(); to++) {
          List<CandidateNode> set = candidates.subList(from, to);
          for (int maxNew : new int[] {1, set.size()}) {
            checked++;
            if (!evaluation.moveBound().mayMove(set, maxNew)) {
              ruledOut++;
              assertThat(Consolidation.compute(evaluation, METHOD, set, maxNew, true, false))
                  .as("round %d, nodes %s, at most %d new", round, names(set), maxNew)
                  .isEmpty();
            }
          }
        }
      }
    }
    assertThat(ruledOut).as("of %d sets", checked).isGreaterThan(checked / 10);
  }

  private static List<String> names(List<CandidateNode> set) {
    return set.stream().map(CandidateNode::name).toList();
  }
}

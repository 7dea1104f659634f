package dev.dovetail.controllers.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pass asks the engine once per set of candidates, whatever order the set comes in. */
@Timeout(30)
class SimulationMemoryTest {
  private static SyntheticCluster cluster() {
    return new SyntheticCluster("small", "medium", "large")
        .node("medium", 3500)
        .node("large", 1000, 1000)
        .node("large", 1000, 1000, 1000)
        .node("large", 7000);
  }

  private static Map<String, CandidateNode> byName(Evaluation evaluation) {
    return evaluation.candidates().stream()
        .collect(Collectors.toMap(CandidateNode::name, Function.identity()));
  }

  @Test
  void aSetOfCandidatesIsSolvedOnceAndAnsweredFromMemoryInAnyOrder() {
    Evaluation evaluation = cluster().evaluate();
    Map<String, CandidateNode> c = byName(evaluation);

    Simulation.Result first = evaluation.simulate(List.of(c.get("n2"), c.get("n3")));
    Simulation.Result again = evaluation.simulate(List.of(c.get("n3"), c.get("n2")));
    assertThat(evaluation.simulation().solves()).isEqualTo(1);
    assertThat(again).isSameAs(first);

    evaluation.simulate(List.of(c.get("n2")));
    evaluation.simulate(List.of(c.get("n2"), c.get("n3"), c.get("n4")));
    assertThat(evaluation.simulation().solves()).isEqualTo(3);
  }

  @Test
  void theRememberedAnswerIsWhatAFreshSolveOfTheOtherOrderGives() {
    Evaluation remembered = cluster().evaluate();
    Map<String, CandidateNode> a = byName(remembered);
    remembered.simulate(List.of(a.get("n1"), a.get("n2"), a.get("n3")));
    Simulation.Result fromMemory =
        remembered.simulate(List.of(a.get("n3"), a.get("n1"), a.get("n2")));

    Evaluation fresh = cluster().evaluate();
    Map<String, CandidateNode> b = byName(fresh);
    Simulation.Result solved = fresh.simulate(List.of(b.get("n3"), b.get("n1"), b.get("n2")));

    assertThat(fresh.simulation().solves()).isEqualTo(1);
    assertThat(fromMemory.failure()).isEqualTo(solved.failure());
    assertThat(fromMemory.newNodes()).isEqualTo(solved.newNodes());
    assertThat(solved.newNodes()).as("the three nodes' pods need a replacement").hasSize(1);
  }
}

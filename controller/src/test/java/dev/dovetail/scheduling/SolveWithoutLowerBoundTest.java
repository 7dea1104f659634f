package dev.dovetail.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.solver.Scheduler;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Skipping the lower bound (what consolidation's simulations do) changes nothing else: on every row
 * of {@link SchedulerTest}, the plan is the same but for a NaN bound.
 */
@Timeout(60)
class SolveWithoutLowerBoundTest {
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
    return SchedulerTest.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void placementsAreTheSameWithoutTheBound(
      String name, Snapshot snapshot, SolveOptions options, Consumer<Plan> expectation) {
    Plan with = Scheduler.solve(snapshot, options);
    Plan without = Scheduler.solve(snapshot, options.withoutLowerBound());

    assertThat(without.lowerBound()).isNaN();
    assertThat(without)
        .isEqualTo(
            new Plan(
                with.newNodes(),
                with.existingNodes(),
                with.unschedulable(),
                with.costPerHour(),
                Double.NaN,
                with.packing(),
                with.firstFitCostPerHour(),
                with.firstFitNodes()));
  }
}

package dev.dovetail.controllers.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.Snapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PlanMemoTest {
  private final AtomicInteger solves = new AtomicInteger();

  private Supplier<Plan> solve() {
    return () -> {
      solves.incrementAndGet();
      return new Plan(List.of(), List.of(), List.of(), 0, 0, "cost-aware", 0, 0);
    };
  }

  @Test
  void aPassOverAnEqualSnapshotReusesThePlansOfThePreviousPass() {
    PlanMemo memo = new PlanMemo();
    PlanMemo.Key key = new PlanMemo.Key(List.of("node-a"), List.of());
    memo.rebase(new Snapshot(List.of(), List.of(), List.of()));
    memo.plan(key, solve());

    memo.rebase(new Snapshot(List.of(), List.of(), List.of()));
    memo.plan(key, solve());
    memo.plan(new PlanMemo.Key(List.of("node-b"), List.of()), solve());

    assertThat(solves).hasValue(2);
  }

  @Test
  void aPassOverAnotherSnapshotSolvesAgain() {
    PlanMemo memo = new PlanMemo();
    PlanMemo.Key key = new PlanMemo.Key(List.of("node-a"), List.of());
    memo.rebase(new Snapshot(List.of(), List.of(), List.of()));
    memo.plan(key, solve());

    memo.rebase(
        new Snapshot(
            List.of(), List.of(), List.of(), java.util.Map.of("team", java.util.Map.of())));
    memo.plan(key, solve());

    assertThat(solves).hasValue(2);
  }
}

package dev.dovetail.scheduling.solver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import dev.dovetail.scheduling.fixtures.Snapshots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a session keeps: compiled pools per pool object, dimensions and slots. */
@Timeout(30)
class SolveCacheTest {
  private static final NodePool POOL = NodePool.of("a", Requirements.NONE, ScenarioTypes.all());
  private static final Dimensions DIMS = new Dimensions(List.of());

  private final SolveCache cache = new SolveCache();
  private final Slots slots = cache.slots(List.of(POOL));

  @Test
  void aPoolIsCompiledOncePerDimensionsAndSlots() {
    CompiledPool first = cache.pool(POOL, DIMS, slots);

    assertThat(cache.pool(POOL, new Dimensions(List.of()), cache.slots(List.of(POOL))))
        .isSameAs(first);
    assertThat(cache.pool(POOL, new Dimensions(List.of("nvidia.com/gpu")), slots))
        .isNotSameAs(first);
    assertThat(cache.pool(POOL.withWeight(5), DIMS, slots)).isNotSameAs(first);
  }

  @Test
  void theSlotsAreKeptForTheSamePoolObjects() {
    assertThat(cache.slots(new ArrayList<>(List.of(POOL)))).isSameAs(slots);
    assertThat(cache.slots(List.of(POOL, POOL.withWeight(1)))).isNotSameAs(slots);
  }

  @Test
  void theCacheStartsOverPastItsBound() {
    CompiledPool first = cache.pool(POOL, DIMS, slots);
    for (int i = 0; i < SolveCache.MAX_POOLS; i++) {
      cache.pool(POOL.withWeight(i + 1), DIMS, slots);
    }

    assertThat(cache.pool(POOL, DIMS, slots)).isNotSameAs(first);
  }

  @Test
  void aSessionKeepsNoLimitAccountingBetweenProblems() {
    NodePool limited = POOL.withRemainingLimits(java.util.Map.of("cpu", 4000L));
    Slots limitedSlots = cache.slots(List.of(limited));
    PoolOption one = new PoolOption(cache.pool(limited, DIMS, limitedSlots), 0);
    PoolOption two = new PoolOption(cache.pool(limited, DIMS, limitedSlots), 0);

    one.commit(null, one.largestCapacity(allTypes(one)));

    assertThat(two.types).isSameAs(one.types);
    assertThat(one.limitsSummary()).isNotEqualTo(two.limitsSummary());
    assertThat(two.limitsSummary()).isEqualTo("cpu 4 left");
  }

  @Test
  void existingNodesAreOrderedAsAFullSortWouldOrderThem() {
    List<ExistingNode> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(
          Snapshots.node(
              "n" + (i * 7 % 40), "us-east-1a", 1000, 1024, i % 3 != 0, List.of(), List.of()));
    }
    java.util.Random random = new java.util.Random(3);
    for (int round = 0; round < 50; round++) {
      List<ExistingNode> subset = new ArrayList<>(all);
      subset.removeIf(n -> random.nextInt(3) == 0);
      java.util.Collections.shuffle(subset, random);
      if (round % 10 == 9) {
        subset.add(Snapshots.node("n5", "us-east-1b", 1, 1)); // a new object with a taken name
      }

      assertThat(cache.existingOrder(subset)).containsExactly(Problem.upstreamOrder(subset));
    }
  }

  @Test
  void sameNamedNodesKeepTheSnapshotOrder() {
    ExistingNode a = Snapshots.node("same", "us-east-1a", 1, 1);
    ExistingNode b = Snapshots.node("same", "us-east-1b", 2, 2);
    cache.existingOrder(List.of(a, b));

    assertThat(cache.existingOrder(List.of(b, a))).containsExactly(0, 1);
    assertThat(cache.existingOrder(List.of(a, b, a))).containsExactly(0, 1, 2);
  }

  private static java.util.BitSet allTypes(PoolOption pool) {
    java.util.BitSet all = new java.util.BitSet();
    all.set(0, pool.types.length);
    return all;
  }
}

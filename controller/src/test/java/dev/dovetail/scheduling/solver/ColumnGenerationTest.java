package dev.dovetail.scheduling.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ColumnGenerationTest {
  /** Request vector over cpu (millicores), memory (MiB), pods. */
  private static long[] v(long cpu, long memory, long pods) {
    return new long[] {cpu, memory, pods};
  }

  @Test
  void coversTheRemainderWithTheSmallTypeAndBoundsByTheFractionalOptimum() {
    // Nine 1-cpu pods; a 2-cpu type at 1 and an 8-cpu type at 3.5 (cheaper per cpu).
    ColumnGeneration cg =
        new ColumnGeneration(
            new long[][] {v(1000, 100, 1)},
            new long[][] {v(2000, 8000, 110), v(8000, 32000, 110)},
            new double[] {1, 3.5});

    ColumnGeneration.Result result = cg.solve(new int[] {9});

    assertThat(result.cost()).isEqualTo(4.5, within(1e-9));
    assertThat(result.nodes()).hasSize(2);
    assertThat(result.lowerBound()).isEqualTo(9 * 3.5 / 8, within(1e-6));
  }

  @Test
  void pairsComplementaryShapesOnOneNode() {
    // cpu-heavy and memory-heavy pods fill a balanced type only when paired.
    ColumnGeneration cg =
        new ColumnGeneration(
            new long[][] {v(3000, 1000, 1), v(1000, 3000, 1)},
            new long[][] {v(4000, 4000, 110)},
            new double[] {1});

    ColumnGeneration.Result result = cg.solve(new int[] {5, 5});

    assertThat(result.cost()).isEqualTo(5, within(1e-9));
    for (ColumnGeneration.Pattern node : result.nodes()) {
      assertThat(node.counts()).containsExactly(1, 1);
    }
    assertThat(result.lowerBound()).isEqualTo(5, within(1e-6));
  }

  @Test
  void findsTheCuttingStockOptimumWhereFirstFitDecreasingWastesABin() {
    // Capacity 10; items 4, 4, 3, 3, 3, 3: first-fit-decreasing opens 3 bins (4+4, 3+3+3, 3),
    // the optimum is 2 bins of 4+3+3.
    ColumnGeneration cg =
        new ColumnGeneration(
            new long[][] {v(4000, 1, 1), v(3000, 1, 1)},
            new long[][] {v(10000, 100, 110)},
            new double[] {1});

    ColumnGeneration.Result result = cg.solve(new int[] {2, 4});

    assertThat(result.cost()).isEqualTo(2, within(1e-9));
    assertThat(result.lowerBound()).isEqualTo(2, within(1e-6));
  }

  @Test
  void aClassThatFitsNoTypeGivesNoPacking() {
    ColumnGeneration cg =
        new ColumnGeneration(
            new long[][] {v(16000, 1, 1)}, new long[][] {v(8000, 100, 110)}, new double[] {1});

    assertThat(cg.solve(new int[] {1})).isNull();
  }

  @Test
  void theSimplexSolvesASmallCoveringLp() {
    // min x + y, 2x + y >= 4, x + 3y >= 6: optimum at x = 1.2, y = 1.6, value 2.8.
    CoveringLp lp = new CoveringLp(new double[] {4, 6});
    lp.addColumn(new double[] {2, 1}, 1);
    lp.addColumn(new double[] {1, 3}, 1);

    assertThat(lp.solve()).isEqualTo(2.8, within(1e-9));
    assertThat(lp.primal()).containsExactly(new double[] {1.2, 1.6}, within(1e-9));
    assertThat(lp.duals()).containsExactly(new double[] {0.4, 0.2}, within(1e-9));
  }
}

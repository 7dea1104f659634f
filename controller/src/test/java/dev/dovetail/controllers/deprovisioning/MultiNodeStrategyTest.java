package dev.dovetail.controllers.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cost-based multi-node consolidation against upstream's prefix binary search, on the same
 * clusters. Menu: small 2 CPU $0.10/h, medium 4 CPU $0.20/h, large 8 CPU $0.40/h.
 */
@Timeout(30)
class MultiNodeStrategyTest {
  private static final DeprovisioningMetrics METRICS =
      new DeprovisioningMetrics(new SimpleMeterRegistry());

  static Stream<Arguments> clusters() {
    return Stream.of(
        Arguments.of(
            "two full small nodes sort first by disruption cost; removing a large one is worth more",
            (Supplier<SyntheticCluster>)
                () ->
                    new SyntheticCluster("small", "large")
                        .node("small", 1800)
                        .node("small", 1800)
                        .node("large", 1000, 1000, 1000)
                        .node("large", 1000, 1000, 1000),
            0.20,
            0.50),
        Arguments.of(
            "the prefix deletes the two fewest-pod nodes; replacing two large nodes by a small one saves more",
            (Supplier<SyntheticCluster>)
                () ->
                    new SyntheticCluster("small", "medium", "large")
                        .node("medium", 3500)
                        .node("large", 1000, 1000)
                        .node("large", 1000, 1000, 1000)
                        .node("large", 1000, 1000, 1000, 1000),
            0.60,
            0.70),
        Arguments.of(
            "both find the same command when the cheapest-to-disrupt nodes are also the waste",
            (Supplier<SyntheticCluster>)
                () ->
                    new SyntheticCluster("small", "medium", "large")
                        .node("large", 1000)
                        .node("large", 1000)
                        .node("large", 1000, 1000, 1000, 1000, 1000),
            0.80,
            0.80));
  }

  private static double saving(SyntheticCluster cluster, MultiNodeConsolidation.Strategy s) {
    Optional<Command> command = new MultiNodeConsolidation(s, METRICS).compute(cluster.evaluate());
    command.ifPresent(c -> System.out.println(s + ": " + c.describe()));
    return command.map(Command::savingPerHour).orElse(0.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusters")
  void costBasedMultiNodeConsolidationSavesAtLeastWhatThePrefixSearchSaves(
      String description, Supplier<SyntheticCluster> cluster, double prefix, double cost) {
    double prefixSaving = saving(cluster.get(), MultiNodeConsolidation.Strategy.PREFIX);
    double costSaving = saving(cluster.get(), MultiNodeConsolidation.Strategy.COST);

    assertThat(prefixSaving).isCloseTo(prefix, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(costSaving).isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(costSaving).isGreaterThanOrEqualTo(prefixSaving);
  }
}

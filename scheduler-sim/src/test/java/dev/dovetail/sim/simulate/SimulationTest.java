package dev.dovetail.sim.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.catalog.BuiltInCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a short scenario on the real controllers (embedded API server, simulated AWS, simulated
 * kubelet and scheduler, simulated time) under every baseline.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SimulationTest {
  @TempDir Path dir;

  private Scenario scenario(long seed) throws Exception {
    Files.writeString(
        dir.resolve("cluster.yaml"),
        """
        apiVersion: karpenter.k8s.aws/v1alpha1
        kind: AWSNodeTemplate
        metadata: {name: default}
        spec:
          subnetSelector: {karpenter.sh/discovery: my-cluster}
          securityGroupSelector: {karpenter.sh/discovery: my-cluster}
        ---
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
            - {key: karpenter.k8s.aws/instance-cpu, operator: In, values: ["2", "4"]}
          limits: {resources: {cpu: "100"}}
          providerRef: {name: default}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: inflate}
        spec:
          replicas: 0
          selector: {matchLabels: {app: inflate}}
          template:
            metadata: {labels: {app: inflate}}
            spec:
              terminationGracePeriodSeconds: 0
              containers: [{name: inflate, image: pause, resources: {requests: {cpu: "1"}}}]
        """);
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(
        file,
        """
        apiVersion: simulate.dovetail.dev/v1alpha1
        kind: Scenario
        metadata: {name: small}
        spec:
          duration: 20m
          region: us-west-2
          manifests: [cluster.yaml]
          timeline:
            - {at: 1m, scale: {deployment: inflate, replicas: 6}}
            - {at: 10m, spotInterruption: {share: 0.5}}
            - {at: 15m, scale: {deployment: inflate, replicas: 2}}
        """);
    return ScenarioReader.read(file, Optional.of(seed));
  }

  private SimulationReport run(long seed) throws Exception {
    return new Simulation(scenario(seed), BuiltInCatalog.get(), "us-west-2", Clock.systemUTC())
        .run(() -> false, Progress.silent());
  }

  @Test
  void replaysTheTimelineOnTheControllersAndTheSameSeedGivesTheSameSummary() throws Exception {
    SimulationReport first = run(5);
    SimulationReport second = run(5);

    assertThat(first.baselines())
        .extracting(BaselineResult::name)
        .containsExactly("dovetail", "first-fit-decreasing", "cluster-autoscaler");
    BaselineResult dovetail = first.baselines().get(0);
    assertThat(dovetail.launches()).isPositive();
    assertThat(dovetail.totalCost()).isPositive();
    assertThat(dovetail.podStartup().count()).isGreaterThanOrEqualTo(6);
    assertThat(dovetail.podStartup().p50()).isBetween(30.0, 300.0);
    assertThat(dovetail.interruptions()).isPositive();
    assertThat(dovetail.pendingAtEnd()).isZero();
    assertThat(dovetail.nodeHours().keySet()).allSatisfy(k -> assertThat(k).endsWith("/spot"));
    assertThat(dovetail.decisions())
        .extracting(BaselineResult.Decision::kind)
        .contains("launch", "interruption", "scenario");
    assertThat(first.boundSamples()).isNotEmpty();
    assertThat(first.lowerBoundCost()).isPositive().isLessThanOrEqualTo(dovetail.totalCost());
    assertThat(first.simulated()).isEqualTo(first.duration());

    assertThat(SummaryJson.of(second)).isEqualTo(SummaryJson.of(first));
  }

  @Test
  void aStoppedRunReportsTheTimeSimulatedSoFar() throws Exception {
    Scenario scenario = scenario(5);
    int[] checks = {0};
    SimulationReport report =
        new Simulation(scenario, BuiltInCatalog.get(), "us-west-2", Clock.systemUTC())
            .run(() -> ++checks[0] > 400, Progress.silent());

    assertThat(report.simulated()).isLessThan(report.duration()).isPositive();
    assertThat(report.baselines())
        .extracting(BaselineResult::name)
        .contains("dovetail", "cluster-autoscaler");
    assertThat(HtmlReport.render(report)).contains("The run was interrupted");
  }
}

package dev.dovetail.sim.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.catalog.BuiltInCatalog;
import dev.dovetail.scheduling.CapacityType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterAutoscalerModelTest {
  private static final Scenario.Ref WEB = new Scenario.Ref("Deployment", "default", "web");

  private static Deployment web(String cpu, int replicas) {
    return Serialization.unmarshal(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: %d
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx, resources: {requests: {cpu: "%s", memory: 100Mi}}}]
        """
            .formatted(replicas, cpu),
        Deployment.class);
  }

  private static BaselineResult run(
      List<HasMetadata> objects, List<Scenario.Event> timeline, String type) {
    return run(objects, timeline, List.of(new Scenario.NodeGroup(type, CapacityType.ON_DEMAND)));
  }

  private static BaselineResult run(
      List<HasMetadata> objects, List<Scenario.Event> timeline, List<Scenario.NodeGroup> groups) {
    Scenario scenario =
        new Scenario(
            "ca",
            Path.of("ca.yaml"),
            Duration.ofHours(1),
            Optional.empty(),
            1,
            objects,
            timeline,
            groups);
    BaselineResult none =
        new BaselineResult(
            "dovetail",
            "",
            0,
            Map.of(),
            BaselineResult.Latency.of(List.of()),
            0,
            0,
            0,
            0,
            List.of(),
            List.of());
    return new ClusterAutoscalerModel(
            scenario, BuiltInCatalog.get(), "us-west-2", Duration.ofMinutes(1))
        .run(none, Duration.ofHours(1));
  }

  @Test
  void scalesUpTheGroupForPendingPodsAndRunsThemOnceTheNodesAreReady() {
    BaselineResult result = run(List.of(web("1", 6)), List.of(), "m5.xlarge");

    // 6 x 1 CPU on m5.xlarge (3920m allocatable): 3 per node, 2 nodes.
    assertThat(result.launches()).isEqualTo(2);
    assertThat(result.podStartup().count()).isEqualTo(6);
    assertThat(result.podStartup().max()).isEqualTo(ClusterAutoscalerModel.NODE_READY.toSeconds());
    assertThat(result.nodeHours().get("m5.xlarge/on-demand"))
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(result.totalCost()).isPositive();
  }

  @Test
  void theEstimatorBinpacksPendingPodsForEveryGroupAndTheLeastWastefulGroupGrows() {
    // 7 x 1 CPU: the estimator packs 3 per node on both 4-CPU types, 3 nodes; the pods' 100Mi
    // leave less memory unused on c5.xlarge (8 GiB) than on m5.xlarge (16 GiB).
    BaselineResult result =
        run(
            List.of(web("1", 7)),
            List.of(),
            List.of(
                new Scenario.NodeGroup("m5.xlarge", CapacityType.ON_DEMAND),
                new Scenario.NodeGroup("c5.xlarge", CapacityType.ON_DEMAND)));

    assertThat(result.launches()).isEqualTo(3);
    assertThat(result.decisions())
        .filteredOn(d -> d.kind().equals("launch"))
        .extracting(BaselineResult.Decision::detail)
        .containsOnly("c5.xlarge on-demand (scale-up)");
    assertThat(result.nodeHours()).containsOnlyKeys("c5.xlarge/on-demand");
    assertThat(result.podStartup().count()).isEqualTo(7);
  }

  @Test
  void podsBiggerThanEveryGroupStayPending() {
    BaselineResult result = run(List.of(web("6", 2)), List.of(), "m5.xlarge");

    assertThat(result.launches()).isZero();
    assertThat(result.pendingAtEnd()).isEqualTo(2);
  }

  @Test
  void removesAnUnderusedNodeAfterTenMinutesWhenItsPodsFitElsewhere() {
    BaselineResult result =
        run(
            List.of(web("1", 6)),
            List.of(new Scenario.Scale(Duration.ofMinutes(10), WEB, 2)),
            "m5.xlarge");

    assertThat(result.decisions())
        .filteredOn(d -> d.kind().equals("termination"))
        .singleElement()
        .satisfies(
            d -> assertThat(d.second()).isGreaterThanOrEqualTo(Duration.ofMinutes(20).toSeconds()));
    assertThat(result.samples().getLast().nodesByType()).containsEntry("m5.xlarge", 1);
  }
}

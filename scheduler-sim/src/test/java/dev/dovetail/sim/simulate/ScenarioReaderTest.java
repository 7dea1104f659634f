package dev.dovetail.sim.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScenarioReaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private void workload() throws Exception {
    write(
        "manifests/provisioner.yaml",
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          providerRef: {name: default}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx, resources: {requests: {cpu: 500m}}}]
        """);
  }

  @Test
  void readsEveryKindOfEventInTimeOrder() throws Exception {
    workload();
    Path file =
        write(
            "s.yaml",
            """
            apiVersion: simulate.dovetail.dev/v1alpha1
            kind: Scenario
            metadata: {name: day}
            spec:
              duration: 1d
              seed: 3
              manifests: [manifests]
              timeline:
                - {at: 2h, spotInterruption: {share: 0.5, instanceType: m5.large}}
                - {at: 0s, load: {deployment: web, steps: [{after: 0s, replicas: 2}, {after: 1h, replicas: 9}]}}
                - {at: 1h, scale: {deployment: web, replicas: 4}}
                - {at: 3h, spotPriceChange: {instanceType: m5.large, factor: 2}}
                - {at: 4h, iceFor: {instanceType: m5.large, duration: 30m}}
                - {at: 5h, delete: {kind: Deployment, name: web}}
                - {at: 6h, apply: {file: manifests/provisioner.yaml}}
              clusterAutoscaler:
                nodeGroups: [{instanceType: m5.xlarge, capacityType: spot}]
            """);

    Scenario scenario = ScenarioReader.read(file, Optional.empty());

    assertThat(scenario.duration()).isEqualTo(Duration.ofDays(1));
    assertThat(scenario.seed()).isEqualTo(3);
    assertThat(scenario.objects())
        .extracting(o -> o.getKind())
        .containsExactly("Provisioner", "Deployment");
    assertThat(scenario.objects().get(1).getMetadata().getNamespace()).isEqualTo("default");
    assertThat(scenario.timeline())
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "Load", "Scale", "SpotInterruption", "SpotPriceChange", "IceFor", "Delete", "Apply");
    Scenario.Load load = (Scenario.Load) scenario.timeline().get(0);
    assertThat(load.curve().replicasAt(Duration.ofMinutes(30))).isEqualTo(2);
    assertThat(load.curve().replicasAt(Duration.ofMinutes(90))).isEqualTo(9);
    assertThat(scenario.nodeGroups()).hasSize(1);
    assertThat(ScenarioReader.read(file, Optional.of(9L)).seed()).isEqualTo(9);
  }

  @Test
  void reportsEveryProblemWithItsFieldPath() throws Exception {
    workload();
    Path file =
        write(
            "bad.yaml",
            """
            apiVersion: simulate.dovetail.dev/v1alpha1
            kind: Scenario
            metadata: {name: bad}
            spec:
              duration: soon
              manifests: [manifests, missing-dir]
              colour: blue
              timeline:
                - {at: 1h, scale: {deployment: web, replicas: -1}}
                - {at: 2h, spotInterruption: {share: 1.5}}
                - {at: 3h, scale: {deployment: web, replicas: 1}, delete: {kind: Deployment, name: web}}
                - {at: 1h, load: {deployment: web, diurnal: {min: 10, max: 5}}}
                - {at: 1h, spotPriceChange: {instanceType: m5.large}}
                - {at: 1h, iceFor: {instanceType: m5.large, capacityType: reserved, duration: 1h}}
            """);

    assertThatThrownBy(() -> ScenarioReader.read(file, Optional.empty()))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "Scenario/bad: spec.duration: must be a duration such as 90s, 10m, 1h30m or"
                            + " 2d, got \"soon\"",
                        "Scenario/bad: spec.colour: unknown field; known: clusterAutoscaler,"
                            + " duration, manifests, region, seed, timeline",
                        "Scenario/bad: spec.timeline[0].scale.replicas: must be a whole number from"
                            + " 0 to 100000",
                        "Scenario/bad: spec.timeline[1].spotInterruption.share: must be more than 0"
                            + " and at most 1",
                        "Scenario/bad: spec.timeline[3].load.diurnal.max: must be at least min (10)",
                        "Scenario/bad: spec.timeline[4].spotPriceChange: must hold exactly one of"
                            + " price, factor",
                        "Scenario/bad: spec.timeline[5].iceFor.capacityType: must be spot or"
                            + " on-demand")
                    .anySatisfy(p -> assertThat(p).startsWith("Scenario/bad: spec.manifests[1]:"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "Scenario/bad: spec.timeline[2]: must hold exactly one of")));
  }

  @Test
  void rejectsManifestsOfKindsTheSimulatorDoesNotRun() throws Exception {
    write(
        "m/cm.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {a: b}
        """);
    Path file =
        write(
            "s.yaml",
            """
            apiVersion: simulate.dovetail.dev/v1alpha1
            kind: Scenario
            metadata: {name: s}
            spec: {duration: 1h, manifests: [m]}
            """);

    assertThatThrownBy(() -> ScenarioReader.read(file, Optional.empty()))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining(
            "ConfigMap/settings: kind: the simulator runs Namespace, Provisioner");
  }

  @Test
  void everyShippedScenarioIsValid() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("examples/simulate"))) {
      here = here.getParent();
    }
    assertThat(here).as("examples/simulate above the working directory").isNotNull();
    try (var files = Files.list(here.resolve("examples/simulate"))) {
      var scenarios = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(scenarios).hasSizeGreaterThanOrEqualTo(5);
      for (Path f : scenarios) {
        assertThat(ScenarioReader.read(f, Optional.empty()).timeline())
            .as(f.toString())
            .isNotEmpty();
      }
    }
  }

  @Test
  void diurnalCurvePeaksAtItsHourAndBottomsOutTwelveHoursLater() {
    var curve = new Scenario.Diurnal(300, 2000, Duration.ofDays(1), Duration.ofHours(14));

    assertThat(curve.replicasAt(Duration.ofHours(14))).isEqualTo(2000);
    assertThat(curve.replicasAt(Duration.ofHours(2))).isEqualTo(300);
    assertThat(curve.replicasAt(Duration.ofHours(8))).isEqualTo(1150);
  }

  @Test
  void parsesGoLikeDurations() {
    assertThat(ScenarioReader.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ScenarioReader.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(ScenarioReader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ScenarioReader.parseDuration("1h 30m")).isNull();
    assertThat(ScenarioReader.parseDuration("soon")).isNull();
  }

  @Test
  void formatsDurationsAsTheSchemaWritesThem() {
    assertThat(ScenarioReader.format(Duration.ofHours(24))).isEqualTo("24h");
    assertThat(ScenarioReader.format(Duration.ofSeconds(1900))).isEqualTo("31m40s");
    assertThat(ScenarioReader.format(Duration.ofSeconds(3605))).isEqualTo("1h0m5s");
    assertThat(ScenarioReader.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(ScenarioReader.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void namesTheResourceOfARequestPath() {
    assertThat(InformerCatchUp.resourceOf("/api/v1/namespaces/default/pods/web-1/binding"))
        .isEqualTo("pods");
    assertThat(InformerCatchUp.resourceOf("/api/v1/nodes/ip-10-0-1-2")).isEqualTo("nodes");
    assertThat(InformerCatchUp.resourceOf("/apis/karpenter.sh/v1alpha5/machines?x=y"))
        .isEqualTo("machines");
    assertThat(InformerCatchUp.resourceOf("/apis/apps/v1/namespaces/kube-system/daemonsets"))
        .isEqualTo("daemonsets");
  }
}

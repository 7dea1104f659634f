package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dovetail simulate}: bad input gives problem lines and exit 2 (no stack trace); a run
 * prints the JSON summary and writes the report.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void anInvalidScenarioPrintsItsProblemsAndExitsTwo() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        apiVersion: simulate.dovetail.dev/v1alpha1
        kind: Scenario
        metadata: {name: s}
        spec:
          duration: 0s
          manifests: [nowhere]
        """);

    CliRun run = CliRun.run("simulate", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Scenario/s: spec.duration: must be more than 0 and at most 31d")
        .contains("Scenario/s: spec.manifests[0]: \"nowhere\" does not exist")
        .contains("simulate: 2 problem(s) in " + file);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void printsTheJsonSummaryAndWritesTheReport() throws Exception {
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
            - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            - {key: karpenter.k8s.aws/instance-cpu, operator: In, values: ["2", "4"]}
          providerRef: {name: default}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: pause, resources: {requests: {cpu: "1"}}}]
        """);
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(
        file,
        """
        apiVersion: simulate.dovetail.dev/v1alpha1
        kind: Scenario
        metadata: {name: tiny}
        spec:
          duration: 10m
          seed: 1
          region: us-west-2
          manifests: [cluster.yaml]
        """);
    Path report = dir.resolve("report.html");

    CliRun run =
        CliRun.run(
            "simulate",
            "-f",
            file.toString(),
            "-o",
            "json",
            "--seed",
            "3",
            "--report",
            "" + report);

    assertThat(run.exitCode()).isZero();
    JsonNode summary = Serialization.jsonMapper().readTree(run.out());
    assertThat(summary.path("scenario").asText()).isEqualTo("tiny");
    assertThat(summary.path("seed").asLong()).as("--seed overrides the file").isEqualTo(3);
    assertThat(summary.path("region").asText()).isEqualTo("us-west-2");
    assertThat(summary.path("simulatedHours").asDouble()).isCloseTo(0.167, offset(0.001));
    assertThat(summary.path("lowerBound").path("totalCost").isNumber()).isTrue();
    assertThat(summary.path("baselines"))
        .extracting(b -> b.path("name").asText())
        .containsExactly("dovetail", "first-fit-decreasing", "cluster-autoscaler");
    for (JsonNode baseline : summary.path("baselines")) {
      assertThat(baseline.path("totalCost").asDouble()).isPositive();
      assertThat(baseline.path("nodeHours").isObject()).isTrue();
      assertThat(baseline.path("podStartupSeconds").path("pods").asInt()).isEqualTo(2);
      assertThat(baseline.path("podStartupSeconds").has("p95")).isTrue();
      assertThat(baseline.path("launches").asInt()).isPositive();
      assertThat(baseline.has("disruptions")).isTrue();
      assertThat(baseline.has("interruptions")).isTrue();
      assertThat(baseline.path("pendingAtEnd").asInt()).isZero();
    }
    String html = Files.readString(report);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<script");
    assertThat(html).contains("tiny").contains("first-fit-decreasing");
  }

  @Test
  void anUnreadableFileIsOneLine() {
    CliRun run = CliRun.run("simulate", "-f", dir.resolve("missing.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("missing.yaml: cannot be read");
  }

  @Test
  void rejectsAnUnknownOutputFormat() {
    CliRun run = CliRun.run("simulate", "-f", "x.yaml", "-o", "xml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--output must be table or json");
  }
}

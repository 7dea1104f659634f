package dev.dovetail.sim.realkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.LoadedManifests;
import dev.dovetail.sim.testing.RealKubeApi;
import dev.dovetail.sim.testing.RepositoryFiles;
import dev.dovetail.sim.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under {@code examples/} is created through a real kube-apiserver with the chart's
 * CRDs, and invalid Provisioners and AWSNodeTemplates are refused by the CRD schema wherever the
 * schema can say the rule. The rules the schema cannot say are listed: for those the server accepts
 * the object and only {@code dovetail validate} (and the controller) report it.
 */
@RealKubeApi
@Timeout(120)
class ExamplesOnRealKubeApiTest {
  static Stream<Path> exampleDirectories() throws IOException {
    try (Stream<Path> dirs = Files.list(RepositoryFiles.resolve("examples"))) {
      // examples/simulate holds what-if scenarios, not Kubernetes objects; ScenarioReaderTest reads
      // them.
      return dirs
          .filter(Files::isDirectory)
          .filter(d -> !d.getFileName().toString().equals("simulate"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleDirectories")
  void everyExampleIsAcceptedByTheRealServer(Path directory, TestCluster cluster)
      throws IOException {
    KubernetesClient client = cluster.client();
    List<HasMetadata> created = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (HasMetadata object : client.load(in).items()) {
            // As kubectl apply does: the namespace of an example may exist from an earlier one.
            created.add(
                client
                    .resource(object)
                    .fieldValidation(FieldValidateable.Validation.STRICT)
                    .fieldManager("examples")
                    .forceConflicts()
                    .serverSideApply());
          }
        }
      }
    }
    assertThat(created).as("objects in " + directory).isNotEmpty();
    for (HasMetadata object : created) {
      assertThat(client.resource(object).get()).as(object.getKind()).isNotNull();
    }
  }

  /** An invalid manifest and the field path the server names when it refuses it. */
  record SchemaCase(String rule, String yaml, String fieldPath) {}

  static List<SchemaCase> schemaRules() {
    return List.of(
        new SchemaCase(
            "a limit is a quantity",
            provisioner("limits: {resources: {cpu: lots}}"),
            "spec.limits.resources.cpu"),
        new SchemaCase("weight is an integer", provisioner("weight: heavy"), "spec.weight"),
        new SchemaCase(
            "ttlSecondsAfterEmpty is an integer",
            provisioner("ttlSecondsAfterEmpty: 30s"),
            "spec.ttlSecondsAfterEmpty"),
        new SchemaCase(
            "providerRef names its AWSNodeTemplate",
            provisioner("providerRef: {kind: AWSNodeTemplate}")
                .replace("  providerRef: {name: default}\n", ""),
            "spec.providerRef.name"),
        new SchemaCase(
            "requirements are a list",
            provisioner("")
                .replace(
                    "  requirements:\n    - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}\n",
                    "  requirements: spot\n"),
            "spec.requirements"),
        new SchemaCase(
            "kubeReserved values are quantities",
            provisioner("kubeletConfiguration: {kubeReserved: {cpu: a-lot}}"),
            "spec.kubeletConfiguration.kubeReserved.cpu"),
        new SchemaCase(
            "an EBS volume size is a quantity",
            """
            apiVersion: karpenter.k8s.aws/v1alpha1
            kind: AWSNodeTemplate
            metadata: {name: bad-volume}
            spec:
              subnetSelector: {karpenter.sh/discovery: my-cluster}
              securityGroupSelector: {karpenter.sh/discovery: my-cluster}
              blockDeviceMappings:
                - deviceName: /dev/xvda
                  ebs: {volumeSize: huge}
            """,
            "spec.blockDeviceMappings[0].ebs.volumeSize"));
  }

  @ParameterizedTest
  @MethodSource("schemaRules")
  void theCrdSchemaRefusesWhatItCanExpress(SchemaCase rule, TestCluster cluster) {
    HasMetadata object = cluster.client().getKubernetesSerialization().unmarshal(rule.yaml());

    assertThatThrownBy(() -> cluster.client().resource(object).create())
        .as(rule.rule())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(rule.fieldPath());
  }

  /** Rules the structural schema cannot state (ranges, enums and cross-field rules of ours). */
  static List<String[]> validateOnlyRules() {
    return List.of(
        new String[] {"weight is between 1 and 100", provisioner("weight: 101")},
        new String[] {
          "a requirement operator is In, NotIn, Exists, DoesNotExist, Gt or Lt",
          provisioner("").replace("operator: In", "operator: Within")
        },
        new String[] {
          "a taint effect is NoSchedule, PreferNoSchedule or NoExecute",
          provisioner("taints: [{key: team, value: a, effect: Sometimes}]")
        },
        new String[] {
          "ttlSecondsAfterEmpty and consolidation are mutually exclusive",
          provisioner("ttlSecondsAfterEmpty: 30\n  consolidation: {enabled: true}")
        },
        new String[] {
          "ttlSecondsAfterEmpty is not negative", provisioner("ttlSecondsAfterEmpty: -5")
        },
        new String[] {
          "an In requirement has values", provisioner("").replace("values: [spot]", "values: []")
        });
  }

  @Test
  void rulesOnlyDovetailValidateCatchesAreListed(
      TestCluster cluster, TestReporter reporter, @TempDir Path dir) throws IOException {
    List<String> listed = new ArrayList<>();
    int i = 0;
    for (String[] rule : validateOnlyRules()) {
      String yaml = rule[1].replace("name: default", "name: only-validate-" + i++);
      HasMetadata object = cluster.client().getKubernetesSerialization().unmarshal(yaml);
      assertThatCode(() -> cluster.client().resource(object).dryRun().create())
          .as("the schema accepts: " + rule[0])
          .doesNotThrowAnyException();
      Path file = Files.writeString(dir.resolve("case-" + i + ".yaml"), yaml);
      LoadedManifests loaded = KindRegistry.discover().load(List.of(file));
      assertThat(loaded.problems()).as("dovetail validate catches: " + rule[0]).isNotEmpty();
      listed.add(rule[0] + " -> " + loaded.problems().get(0));
    }
    String report = "rules only dovetail validate catches:\n  " + String.join("\n  ", listed);
    System.out.println(report);
    reporter.publishEntry("validate-only-rules", report);
  }

  /** A valid Provisioner with {@code extra} added to its spec. */
  private static String provisioner(String extra) {
    return """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
          providerRef: {name: default}
        """
        + (extra.isEmpty() ? "" : "  " + extra + "\n");
  }
}

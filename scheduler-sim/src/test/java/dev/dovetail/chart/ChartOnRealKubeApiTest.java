package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sim.kube.real.CrdReadiness;
import dev.dovetail.sim.testing.RealKubeApi;
import dev.dovetail.sim.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart, rendered with helm-java, is applied to a real kube-apiserver with server-side dry run
 * (strict field validation, admission, the real schemas of every built-in kind) for the default
 * values and the documented variants. The ServiceMonitor kind comes from the Prometheus operator,
 * which is not installed: a permissive stand-in CRD lets the server check its metadata only.
 */
@RealKubeApi
@Timeout(120)
class ChartOnRealKubeApiTest {
  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("default values", Map.of("settings.aws.clusterName", "my-cluster"), List.of()),
        Arguments.of(
            "every option set", Map.of(), List.of(HelmChart.resource("every-option-values.yaml"))),
        Arguments.of(
            "a Karpenter v0.31 values file",
            Map.of(),
            List.of(HelmChart.resource("karpenter-v0.31-values.yaml"))),
        Arguments.of(
            "an existing service account",
            Map.of(
                "settings.aws.clusterName", "my-cluster",
                "serviceAccount.create", false,
                "serviceAccount.name", "karpenter"),
            List.of()),
        Arguments.of(
            "a ServiceMonitor",
            Map.of(
                "settings.aws.clusterName", "my-cluster",
                "serviceMonitor.enabled", true,
                "serviceMonitor.additionalLabels.release", "prometheus"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void theRenderedChartPassesAServerSideDryRun(
      String variant, Map<String, ?> set, List<Path> valuesFiles, TestCluster cluster) {
    HelmChart.Rendered rendered = HelmChart.load().template(set, valuesFiles.toArray(Path[]::new));
    KubernetesClient client = cluster.client();
    ensureNamespace(client, HelmChart.NAMESPACE);
    ensureServiceMonitorKind(client);

    List<String> refused = new ArrayList<>();
    for (HelmChart.Document document : rendered.documents()) {
      HasMetadata object = document.object();
      try {
        client
            .resource(object)
            .inNamespace(HelmChart.NAMESPACE)
            .dryRun()
            .fieldValidation(FieldValidateable.Validation.STRICT)
            .fieldManager("helm")
            .forceConflicts()
            .serverSideApply();
      } catch (KubernetesClientException e) {
        refused.add(document.source() + " " + object.getKind() + ": " + e.getMessage());
      }
    }

    assertThat(rendered.documents()).as(variant).isNotEmpty();
    assertThat(refused).as("objects the server refused (%s)", variant).isEmpty();
  }

  private static void ensureNamespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  private static void ensureServiceMonitorKind(KubernetesClient client) {
    String name = "servicemonitors.monitoring.coreos.com";
    if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
      return;
    }
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: servicemonitors.monitoring.coreos.com}
            spec:
              group: monitoring.coreos.com
              scope: Namespaced
              names: {kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """,
            CustomResourceDefinition.class);
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    CrdReadiness.awaitServed(client, crd, Duration.ofSeconds(60));
  }
}

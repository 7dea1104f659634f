package dev.dovetail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisionerAdapterTest {
  private static Provisioner read(String yaml) {
    var set = new ManifestReader().readString("p.yaml", yaml);
    return (Provisioner) KindRegistry.builtIn().decode(set.documents().get(0)).object();
  }

  @Test
  void convertsEveryFieldIntoTheNodePool() {
    Provisioner provisioner =
        read(
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata:
              name: gpu
            spec:
              weight: 50
              labels: {team: ml}
              annotations: {owner: ml-platform}
              taints:
                - {key: nvidia.com/gpu, effect: NoSchedule}
              startupTaints:
                - {key: node.cilium.io/agent-not-ready, value: "true", effect: NoExecute}
              requirements:
                - {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}
              kubeletConfiguration:
                maxPods: 110
                kubeReserved: {cpu: 200m, memory: 1Gi}
                evictionSoft: {memory.available: 5%}
                evictionSoftGracePeriod: {memory.available: 1m30s}
              limits:
                resources: {cpu: 1000, memory: 1000Gi}
              ttlSecondsUntilExpired: 2592000
              consolidation: {enabled: true}
              providerRef: {name: default}
            """);
    NodePool pool = ProvisionerAdapter.toNodePool(provisioner);
    assertThat(pool.name()).isEqualTo("gpu");
    assertThat(pool.weight()).isEqualTo(50);
    assertThat(pool.labels()).containsEntry("team", "ml");
    assertThat(pool.annotations()).containsEntry("owner", "ml-platform");
    assertThat(pool.taints()).containsExactly(new Taint("nvidia.com/gpu", null, "NoSchedule"));
    assertThat(pool.startupTaints())
        .containsExactly(new Taint("node.cilium.io/agent-not-ready", "true", "NoExecute"));
    assertThat(pool.requirements())
        .containsExactly(
            new Requirement(
                "karpenter.sh/capacity-type", "In", List.of("spot", "on-demand"), null));
    assertThat(pool.kubelet().maxPods()).isEqualTo(110);
    assertThat(pool.kubelet().kubeReserved())
        .containsEntry("cpu", new BigDecimal("0.200"))
        .containsEntry("memory", BigDecimal.valueOf(1L << 30));
    assertThat(pool.kubelet().evictionSoftGracePeriod())
        .containsEntry("memory.available", Duration.ofSeconds(90));
    assertThat(pool.limits())
        .containsEntry("cpu", BigDecimal.valueOf(1000))
        .containsEntry("memory", BigDecimal.valueOf(1000L << 30));
    assertThat(pool.disruption()).isEqualTo(new Disruption(true, null, Duration.ofDays(30)));
    assertThat(pool.nodeClassRef()).isEqualTo(new NodeClassRef(null, null, "default"));
    assertThat(pool.inlineProvider()).isNull();
  }

  @Test
  void emptinessTtlAndInlineProvider() {
    NodePool pool =
        ProvisionerAdapter.toNodePool(
            read(
                """
                apiVersion: karpenter.sh/v1alpha5
                kind: Provisioner
                metadata: {name: default}
                spec:
                  ttlSecondsAfterEmpty: 30
                  provider:
                    subnetSelector: {karpenter.sh/discovery: my-cluster}
                """));
    assertThat(pool.weight()).isZero();
    assertThat(pool.disruption()).isEqualTo(new Disruption(false, Duration.ofSeconds(30), null));
    assertThat(pool.limits()).isEmpty();
    assertThat(pool.nodeClassRef()).isNull();
    assertThat(pool.inlineProvider())
        .isEqualTo(Map.of("subnetSelector", Map.of("karpenter.sh/discovery", "my-cluster")));
  }

  @Test
  void parsesGoDurations() {
    assertThat(ProvisionerAdapter.parseDuration("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
    assertThat(ProvisionerAdapter.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ProvisionerAdapter.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> ProvisionerAdapter.parseDuration("soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.dovetail.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.testing.fixtures.TestProvisioners;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NodePoolsTest {
  static Provisioner read(String yaml) {
    var set = new ManifestReader().readString("p.yaml", yaml);
    return (Provisioner) KindRegistry.builtIn().decode(set.documents().get(0)).object();
  }

  @Test
  void translatesEverySchedulingFieldOfTheProvisioner() {
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
              taints:
                - {key: nvidia.com/gpu, effect: NoSchedule}
              startupTaints:
                - {key: node.cilium.io/agent-not-ready, value: "true", effect: NoExecute}
              requirements:
                - {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}
              limits:
                resources: {cpu: 1000, memory: 1000Gi}
              providerRef: {name: default}
            """);
    NodePool pool = NodePools.toEngine(provisioner, List.of());
    assertThat(pool.name()).isEqualTo("gpu");
    assertThat(pool.weight()).isEqualTo(50);
    assertThat(pool.labels()).containsEntry("team", "ml");
    assertThat(pool.taints())
        .containsExactly(new Taint("nvidia.com/gpu", null, TaintEffect.NO_SCHEDULE));
    assertThat(pool.requirements())
        .isEqualTo(
            Requirements.of(
                    List.of(
                        Requirement.in(WellKnownLabels.CAPACITY_TYPE, "spot", "on-demand"),
                        Requirement.in(WellKnownLabels.PROVISIONER_NAME, "gpu")))
                .and(Requirements.fromLabels(Map.of("team", "ml"))));
    assertThat(pool.remainingLimits())
        .containsEntry("cpu", 1_000_000L)
        .containsEntry("memory", 1000L << 30);
  }

  @Test
  void anUnsetWeightIsZeroAndNoLimitsMeansUnbounded() {
    NodePool pool = NodePools.toEngine(TestProvisioners.named("default").build(), List.of());
    assertThat(pool.weight()).isZero();
    assertThat(pool.remainingLimits()).isEmpty();
  }

  @Test
  void aLimitThatIsNotAQuantityNamesTheResource() {
    Provisioner provisioner = TestProvisioners.named("default").limit("cpu", "lots").build();
    assertThatThrownBy(() -> NodePools.toEngine(provisioner, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpu: \"lots\" is not a quantity");
  }
}

package dev.dovetail.controllers.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.FakeCloudProvider;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DriftDetectorTest {
  private final FakeClock clock = new FakeClock();
  private final FakeCloudProvider cloud = new FakeCloudProvider(clock);
  private final DriftDetector detector = new DriftDetector(cloud);

  @Test
  void providerDriftIsAskedOncePerRecheckAndForgottenWhenTheMachineIsGone() {
    CandidateNode a = candidate("a");
    CandidateNode b = candidate("b");

    detector.drifted(a, null, clock.instant());
    detector.drifted(b, null, clock.instant());
    detector.drifted(a, null, clock.instant());
    assertThat(cloud.getCalls()).hasSize(2);
    assertThat(detector.cachedMachines()).containsExactlyInAnyOrder("a", "b");

    detector.retainOnly(Set.of("b"));

    assertThat(detector.cachedMachines()).containsExactly("b");
    detector.drifted(a, null, clock.instant());
    assertThat(cloud.getCalls()).hasSize(3);
  }

  private static CandidateNode candidate(String name) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name).build());
    machine.setStatus(new MachineStatus("fake:///" + name, null, null, null, List.of()));
    Node node = new NodeBuilder().withNewMetadata().withName("node-" + name).endMetadata().build();
    var set =
        new ManifestReader()
            .readString(
                "p.yaml",
                """
                apiVersion: karpenter.sh/v1alpha5
                kind: Provisioner
                metadata: {name: default}
                spec:
                  providerRef: {name: default}
                """);
    Provisioner provisioner =
        (Provisioner) KindRegistry.builtIn().decode(set.documents().get(0)).object();
    return new CandidateNode(
        null,
        node,
        machine,
        provisioner,
        "m5.large",
        "zone-a",
        CapacityType.SPOT,
        0.1,
        List.of(),
        0);
  }
}

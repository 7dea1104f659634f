package dev.dovetail.controllers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.validation.ProvisionerDefaulter;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fixtures.TestNodes;
import dev.dovetail.testing.fixtures.TestPods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SnapshotBuilderTest {
  private final ClusterState state = new ClusterState(new FakeClock());

  private ExistingNode existingNodeWith(Pod pod) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .addToAllocatable("cpu", new Quantity("4"))
            .addToAllocatable("memory", new Quantity("8Gi"))
            .addToAllocatable("pods", new Quantity("110"))
            .withConditions(TestNodes.ready(true))
            .endStatus()
            .build();
    state.updateNode(node);
    ClusterSnapshot snapshot =
        new SnapshotBuilder(pool -> List.of(), ProvisionerDefaulter.CORE::apply)
            .build(List.of(), state.nodes(), List.of(pod), List.of());
    assertThat(snapshot.snapshot().existingNodes()).hasSize(1);
    return snapshot.snapshot().existingNodes().get(0);
  }

  @Test
  void aPodOnANodeTakesItsLargestInitContainerAndItsOverheadFromTheFreeCapacity() {
    Pod pod =
        TestPods.running("default", "migrate", "n1", "app")
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .addToRequests("cpu", new Quantity("1"))
            .endResources()
            .endContainer()
            .addNewInitContainer()
            .withName("schema")
            .withNewResources()
            .addToRequests("cpu", new Quantity("3"))
            .endResources()
            .endInitContainer()
            .addToOverhead("cpu", new Quantity("250m"))
            .endSpec()
            .build();

    ExistingNode node = existingNodeWith(pod);

    assertThat(node.available().get(Resources.CPU))
        .as("4 - (max(1, 3) + 0.25) cores")
        .isEqualTo(750);
    assertThat(node.available().get(Resources.PODS)).isEqualTo(109);
  }

  @Test
  void aNativeSidecarOfAPodOnANodeKeepsItsShare() {
    Pod pod =
        TestPods.running("default", "meshed", "n1", "app")
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .addToRequests("memory", new Quantity("1Gi"))
            .endResources()
            .endContainer()
            .addNewInitContainer()
            .withName("proxy")
            .withRestartPolicy("Always")
            .withNewResources()
            .addToRequests("memory", new Quantity("512Mi"))
            .endResources()
            .endInitContainer()
            .endSpec()
            .build();

    ExistingNode node = existingNodeWith(pod);

    assertThat(node.available().get(Resources.MEMORY)).isEqualTo((8L * 1024 - 1536) << 20);
  }
}

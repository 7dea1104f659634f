package dev.dovetail.sim;

import dev.dovetail.testing.fixtures.PendingPod;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Small builders for the simulator tests. */
public final class SimObjects {
  private SimObjects() {}

  /** A Ready node with {@code cpu} cores, {@code memoryGi} GiB and room for 110 pods. */
  public static NodeBuilder readyNode(String name, String cpu, String memoryGi) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.io/hostname", name)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withAllocatable(
            Map.of(
                "cpu", new Quantity(cpu),
                "memory", new Quantity(memoryGi + "Gi"),
                "pods", new Quantity("110")))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus();
  }

  /** A pending pod in {@code default} requesting {@code cpu}. */
  public static PodBuilder pendingPod(String name, String cpu) {
    return PendingPod.named(name).cpu(cpu).builder();
  }

  public static Node build(NodeBuilder builder) {
    return builder.build();
  }

  public static Pod build(PodBuilder builder) {
    return builder.build();
  }
}

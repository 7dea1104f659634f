package dev.dovetail.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class EventFactoriesTest {
  private final Pod pod =
      new PodBuilder()
          .withApiVersion("v1")
          .withKind("Pod")
          .withNewMetadata()
          .withName("web")
          .withNamespace("shop")
          .withUid("u1")
          .endMetadata()
          .build();

  @Test
  void nominatedIsRateLimitedLikeUpstreamAndDedupedPerTarget() {
    Event event = PodEvents.nominated(pod, "machine/default-abc");

    assertThat(event.reason()).isEqualTo("Nominated");
    assertThat(event.message()).isEqualTo("Pod should schedule on: machine/default-abc");
    assertThat(event.rateLimit()).contains(new Event.RateLimit(5, 10));
    assertThat(event.dedupeKey()).isNotEqualTo(PodEvents.nominated(pod, "node/ip-1").dedupeKey());
  }

  @Test
  void warningsCarryTheirReasons() {
    assertThat(PodEvents.failedToSchedule(pod, "no instance type satisfied resources").type())
        .isEqualTo(Event.WARNING);
    assertThat(
            NodeEvents.failedDraining(
                    new NodeBuilder()
                        .withNewMetadata()
                        .withName("n1")
                        .withUid("n")
                        .endMetadata()
                        .build(),
                    2)
                .message())
        .isEqualTo("Failed to drain node, 2 pods are waiting to be evicted");
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName("default-abc").withUid("m").build());
    Event ice = MachineEvents.insufficientCapacity(machine, "no capacity in us-west-2a");
    assertThat(ice.reason()).isEqualTo("InsufficientCapacityError");
    assertThat(ice.involved().getKind()).isEqualTo("Machine");
    assertThat(ice.involved().getApiVersion()).isEqualTo("karpenter.sh/v1alpha5");
  }
}

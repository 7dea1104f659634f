package dev.dovetail.sim.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.controllers.deprovisioning.CommandRecord;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A candidate whose drain never finishes holds the loop for ten minutes, not for ever. */
@Timeout(180)
class DeletionTimeoutEndToEndTest {
  private final DeprovisioningCluster c = new DeprovisioningCluster();

  @AfterEach
  void stop() {
    c.close();
  }

  private Optional<Machine> machine(String name) {
    return c.machineList().stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst();
  }

  private Optional<Node> node(String name) {
    return c.nodes().stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst();
  }

  private boolean carriesCommand(String nodeName) {
    return node(nodeName)
        .map(n -> n.getMetadata().getAnnotations())
        .map(a -> a.containsKey(CommandRecord.ANNOTATION))
        .orElse(false);
  }

  @Test
  void aCandidateStuckDrainingIsLetGoAfterTheDeletionTimeout() {
    c.c5Provisioner("  ttlSecondsUntilExpired: 300");
    c.deployment("inflate", 1, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 1, Duration.ofMinutes(3))).isTrue();
    Machine original = c.machineList().get(0);
    String name = original.getMetadata().getName();
    String nodeName = original.getStatus().nodeName();

    // Expired and replaced: once the candidate is being deleted, a PDB stops its pod's eviction.
    assertThat(
            c.roundsUntil(
                () ->
                    machine(name)
                        .map(m -> m.getMetadata().getDeletionTimestamp() != null)
                        .orElse(false),
                Duration.ofMinutes(10)))
        .as(c::describe)
        .isTrue();
    c.pdb("inflate", 1);

    assertThat(c.roundsUntil(() -> !carriesCommand(nodeName), Duration.ofMinutes(5))).isFalse();
    assertThat(c.events.withReason("DeprovisioningWaitingDeletion")).isNotEmpty();

    assertThat(c.roundsUntil(() -> !carriesCommand(nodeName), Duration.ofMinutes(7)))
        .as(c::describe)
        .isTrue();
    // Let go, not undone: the node is still being deleted and stays cordoned.
    Node stuck = node(nodeName).orElseThrow();
    assertThat(stuck.getSpec().getUnschedulable()).isTrue();
    assertThat(machine(name))
        .hasValueSatisfying(m -> assertThat(m.getMetadata().getDeletionTimestamp()).isNotNull());
    assertThat(c.running("inflate")).isEqualTo(1);
  }
}

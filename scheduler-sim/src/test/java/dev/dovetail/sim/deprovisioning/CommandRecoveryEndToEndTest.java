package dev.dovetail.sim.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.controllers.deprovisioning.CommandRecord;
import dev.dovetail.controllers.deprovisioning.DeprovisioningMetrics;
import dev.dovetail.scheduling.CapacityType;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replacement that cannot launch, and a controller that crashes in the middle of a command: no
 * instance is leaked and no node is deleted without its replacement.
 */
@Timeout(180)
class CommandRecoveryEndToEndTest {
  private final DeprovisioningCluster c = new DeprovisioningCluster();

  @AfterEach
  void stop() {
    c.close();
  }

  /** One c5.large running inflate, expiring two minutes after launch. */
  private Node expiringNode() {
    c.provisioner(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          ttlSecondsUntilExpired: 120
          providerRef: {name: default}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            - {key: node.kubernetes.io/instance-type, operator: In, values: [c5.large]}
        """);
    c.deployment("inflate", 1, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 1, Duration.ofMinutes(2))).isTrue();
    return c.nodes().get(0);
  }

  private Set<String> machineNames() {
    return c.machineList().stream().map(m -> m.getMetadata().getName()).collect(Collectors.toSet());
  }

  private double launchFailures() {
    var counter = c.registry.find(DeprovisioningMetrics.LAUNCH_FAILURES).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aReplacementThatHitsInsufficientCapacityUncordonsTheCandidate() {
    Node node = expiringNode();
    String name = node.getMetadata().getName();
    for (String zone : List.of("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d")) {
      c.aws.setCapacity(CapacityType.ON_DEMAND, "c5.large", zone, 0);
    }

    assertThat(c.roundsUntil(() -> launchFailures() > 0, Duration.ofMinutes(4)))
        .as(c::describe)
        .isTrue();

    Node after = c.client.nodes().withName(name).get();
    assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(after.getSpec().getUnschedulable()).isFalse();
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(CommandRecord.ANNOTATION);
    assertThat(c.events.withReason("InsufficientCapacityError")).isNotEmpty();
    assertThat(c.running("inflate")).isEqualTo(1);
    assertThat(c.leakedInstances()).isZero();
  }

  @Test
  void aCrashBetweenReplacementLaunchAndCandidateDeleteIsFinishedByTheNextController() {
    Node node = expiringNode();
    Set<String> original = machineNames();

    // Run until the command is recorded and its replacement launched, then crash.
    assertThat(
            c.roundsUntil(
                () ->
                    c.client
                            .nodes()
                            .withName(node.getMetadata().getName())
                            .get()
                            .getMetadata()
                            .getAnnotations()
                            .containsKey(CommandRecord.ANNOTATION)
                        && c.machineList().size() == 2,
                Duration.ofMinutes(4)))
        .isTrue();
    c.restartDeprovisioner();

    boolean replacementReadyWhenDeleted = false;
    for (int i = 0; i < 48 && machineNames().containsAll(original); i++) {
      c.round();
      for (Machine m : c.machineList()) {
        if (original.contains(m.getMetadata().getName())
            && m.getMetadata().getDeletionTimestamp() != null) {
          replacementReadyWhenDeleted =
              c.machineList().stream()
                  .anyMatch(
                      r ->
                          !original.contains(r.getMetadata().getName())
                              && MachineConditions.isTrue(r.getStatus(), Keys.MACHINE_INITIALIZED));
        }
      }
    }
    assertThat(c.roundsUntil(() -> c.settled() && c.running("inflate") == 1, Duration.ofMinutes(2)))
        .as(c::describe)
        .isTrue();
    assertThat(replacementReadyWhenDeleted).isTrue();
    assertThat(machineNames()).hasSize(1).doesNotContainAnyElementsOf(original);
    assertThat(c.aws.liveInstances()).hasSize(1);
    assertThat(c.leakedInstances()).isZero();
  }

  @Test
  void aCrashBeforeTheReplacementWasCreatedRollsTheCommandBack() {
    c.c5Provisioner("");
    c.deployment("inflate", 1, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 1, Duration.ofMinutes(2))).isTrue();
    Node node = c.nodes().get(0);
    String machine = c.machineList().get(0).getMetadata().getName();
    // What a controller leaves behind when it dies after cordoning, before creating the Machine.
    CommandRecord record =
        new CommandRecord(
            "1f",
            "expiration",
            "expiration/replace",
            List.of(machine),
            List.of("default-never"),
            MachineConditions.format(c.clock.instant()),
            0.085,
            0.085);
    c.client
        .nodes()
        .withName(node.getMetadata().getName())
        .edit(
            n -> {
              var annotations = new HashMap<>(n.getMetadata().getAnnotations());
              annotations.put(
                  CommandRecord.ANNOTATION,
                  io.fabric8.kubernetes.client.utils.Serialization.asJson(record));
              n.getMetadata().setAnnotations(annotations);
              n.getSpec().setUnschedulable(true);
              return n;
            });
    c.restartDeprovisioner();

    c.round();

    Node after = c.client.nodes().withName(node.getMetadata().getName()).get();
    assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(after.getSpec().getUnschedulable()).isFalse();
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(CommandRecord.ANNOTATION);
    assertThat(machineNames()).containsExactly(machine);
  }
}

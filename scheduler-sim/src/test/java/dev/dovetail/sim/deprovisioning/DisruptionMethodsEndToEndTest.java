package dev.dovetail.sim.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerHash;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Emptiness, expiration, drift and disruption budgets end to end. */
@Timeout(180)
class DisruptionMethodsEndToEndTest {
  private final DeprovisioningCluster c = new DeprovisioningCluster();

  @AfterEach
  void stop() {
    c.close();
  }

  private void provisioner(String annotations, String spec) {
    c.provisioner(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata:
          name: default
          annotations: {%s}
        spec:
          providerRef: {name: default}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            - {key: node.kubernetes.io/instance-type, operator: In, values: [c5.large]}
        %s
        """
            .formatted(annotations, spec));
  }

  private Set<String> machineNames() {
    Set<String> names = new HashSet<>();
    c.machineList().forEach(m -> names.add(m.getMetadata().getName()));
    return names;
  }

  private long deletingMachines() {
    return c.machineList().stream()
        .filter(m -> m.getMetadata().getDeletionTimestamp() != null)
        .count();
  }

  private Instant emptySince(Machine m) {
    return MachineConditions.lastTransition(m.getStatus(), "MachineEmpty").orElseThrow();
  }

  @Test
  void emptyNodesAreDeletedTogetherOnceEmptyForTheTtl() {
    provisioner("", "  ttlSecondsAfterEmpty: 30");
    c.deployment("inflate", 3, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 3, Duration.ofMinutes(3))).isTrue();
    assertThat(c.nodes()).hasSize(3);

    c.scale("inflate", 0);
    assertThat(c.roundsUntil(() -> deletingMachines() > 0, Duration.ofMinutes(3)))
        .as(c::describe)
        .isTrue();

    List<Machine> machines = c.machineList();
    assertThat(machines).hasSize(3).allMatch(m -> m.getMetadata().getDeletionTimestamp() != null);
    for (Machine m : machines) {
      assertThat(Duration.between(emptySince(m), c.clock.instant()))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30))
          .isLessThan(Duration.ofSeconds(60));
    }
    assertThat(c.events.withReason("DeprovisioningTerminating"))
        .hasSize(6)
        .allMatch(e -> e.message().startsWith("Deprovisioning Node: Emptiness/delete"));
    assertThat(c.roundsUntil(() -> c.nodes().isEmpty(), Duration.ofMinutes(2))).isTrue();
    assertThat(c.aws.liveInstances()).isEmpty();
  }

  @Test
  void aBudgetOfOneNodeDisruptsOneNodeAtATime() {
    provisioner(
        "dovetail.dev/disruption-budgets: '[{nodes: \"1\"}]'", "  ttlSecondsAfterEmpty: 30");
    c.deployment("inflate", 3, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 3, Duration.ofMinutes(3))).isTrue();
    assertThat(c.nodes()).hasSize(3);

    c.scale("inflate", 0);
    long mostAtOnce = 0;
    for (int i = 0; i < 60 && !c.nodes().isEmpty(); i++) {
      c.round();
      long disrupting =
          c.nodes().stream()
              .filter(
                  n ->
                      n.getMetadata().getDeletionTimestamp() != null
                          || Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
              .count();
      mostAtOnce = Math.max(mostAtOnce, Math.max(disrupting, deletingMachines()));
    }
    assertThat(c.nodes()).as(c::describe).isEmpty();
    assertThat(mostAtOnce).isEqualTo(1);
  }

  /** Rounds until every original Machine is gone, checking each was replaced before deletion. */
  private void assertReplacedBeforeDeleted(Set<String> originals, Duration limit) {
    Set<String> checked = new HashSet<>();
    for (long i = 0;
        i < limit.toSeconds() / 5 && !originals.stream().noneMatch(machineNames()::contains);
        i++) {
      c.round();
      for (Machine m : c.machineList()) {
        String name = m.getMetadata().getName();
        if (originals.contains(name)
            && m.getMetadata().getDeletionTimestamp() != null
            && checked.add(name)) {
          assertThat(c.machineList())
              .as("an initialized replacement exists when %s is deleted", name)
              .anyMatch(
                  r ->
                      !originals.contains(r.getMetadata().getName())
                          && MachineConditions.isTrue(r.getStatus(), Keys.MACHINE_INITIALIZED));
        }
      }
    }
    assertThat(machineNames()).as(c::describe).doesNotContainAnyElementsOf(originals);
    assertThat(checked).containsExactlyInAnyOrderElementsOf(originals);
    assertThat(c.roundsUntil(() -> c.running("inflate") == 2, Duration.ofMinutes(1))).isTrue();
    assertThat(c.leakedInstances()).isZero();
  }

  @Test
  void expiredMachinesCarryMachineExpiredUntilTheyAreGone() {
    provisioner("", "  ttlSecondsUntilExpired: 300");
    c.deployment("inflate", 1, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 1, Duration.ofMinutes(3))).isTrue();
    Set<String> originals = machineNames();
    assertThat(c.machineList())
        .noneMatch(m -> MachineConditions.get(m.getStatus(), "MachineExpired").isPresent());

    assertThat(
            c.roundsUntil(
                () ->
                    c.machineList().stream()
                        .anyMatch(m -> MachineConditions.isTrue(m.getStatus(), "MachineExpired")),
                Duration.ofMinutes(6)))
        .isTrue();
    assertThat(c.machineList())
        .filteredOn(m -> MachineConditions.isTrue(m.getStatus(), "MachineExpired"))
        .extracting(m -> m.getMetadata().getName())
        .containsExactlyElementsOf(originals);
  }

  @Test
  void expiredNodesAreReplacedBeforeTheyAreDeleted() {
    provisioner("", "  ttlSecondsUntilExpired: 300");
    c.deployment("inflate", 2, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 2, Duration.ofMinutes(3))).isTrue();
    Set<String> originals = machineNames();
    assertThat(originals).hasSize(2);

    assertReplacedBeforeDeleted(originals, Duration.ofMinutes(9));
    assertThat(c.events.withReason("DeprovisioningLaunching"))
        .extracting(e -> e.message())
        .contains("Launching Machine: Expiration/replace");
  }

  /** Drift on, two nodes running the inflate pods; their Machine names. */
  private Set<String> twoNodesWithDriftOn() {
    c.settings(
        dev.dovetail.controllers.deprovisioning.DeprovisioningController.Settings.DEFAULT.withDrift(
            true));
    provisioner("", "");
    c.deployment("inflate", 2, "1");
    assertThat(c.roundsUntil(() -> c.running("inflate") == 2, Duration.ofMinutes(3))).isTrue();
    return machineNames();
  }

  @Test
  void driftedNodesAreReplacedBeforeTheyAreDeletedWhenTheGateIsOn() {
    Set<String> originals = twoNodesWithDriftOn();

    // A new EKS-optimized AMI is published: the running nodes' AMI is no longer the resolved one.
    c.aws.seedEksAmis("1.28");

    assertReplacedBeforeDeleted(originals, Duration.ofMinutes(15));
    assertThat(c.events.withReason("DeprovisioningTerminating"))
        .extracting(e -> e.message())
        .anyMatch(m -> m.startsWith("Deprovisioning Node: Drift/replace"));
  }

  @Test
  void aChangedProvisionerTemplateReplacesItsNodesWhenTheGateIsOn() {
    Set<String> originals = twoNodesWithDriftOn();
    String hash =
        c.machineList().get(0).getMetadata().getAnnotations().get(ProvisionerHash.ANNOTATION);
    assertThat(c.liveNodes())
        .allMatch(
            n -> hash.equals(n.getMetadata().getAnnotations().get(ProvisionerHash.ANNOTATION)));

    // Behavioural fields do not drift: nothing moves for a new weight.
    c.client
        .resources(Provisioner.class)
        .withName("default")
        .edit(
            p -> {
              p.setSpec(changed(p.getSpec(), p.getSpec().annotations(), 50));
              return p;
            });
    for (int i = 0; i < 24; i++) {
      c.round();
    }
    assertThat(machineNames()).isEqualTo(originals);

    // A static field changes: the Provisioner's nodes no longer match their template.
    c.client
        .resources(Provisioner.class)
        .withName("default")
        .edit(
            p -> {
              p.setSpec(changed(p.getSpec(), java.util.Map.of("team", "payments"), 50));
              return p;
            });

    assertThat(c.machineList())
        .noneMatch(m -> MachineConditions.get(m.getStatus(), "MachineDrifted").isPresent());
    c.round();
    assertThat(c.machineList())
        .filteredOn(m -> originals.contains(m.getMetadata().getName()))
        .hasSize(2)
        .allSatisfy(
            m ->
                assertThat(MachineConditions.get(m.getStatus(), "MachineDrifted"))
                    .hasValueSatisfying(
                        d -> {
                          assertThat(d.status()).isEqualTo("True");
                          assertThat(d.reason()).isEqualTo("ProvisionerDrifted");
                        }));

    assertReplacedBeforeDeleted(originals, Duration.ofMinutes(15));
    assertThat(c.machineList())
        .allMatch(m -> "payments".equals(m.getMetadata().getAnnotations().get("team")))
        .noneMatch(m -> MachineConditions.get(m.getStatus(), "MachineDrifted").isPresent())
        .noneMatch(
            m -> hash.equals(m.getMetadata().getAnnotations().get(ProvisionerHash.ANNOTATION)));
    assertThat(c.events.withReason("DeprovisioningTerminating"))
        .extracting(e -> e.message())
        .anyMatch(m -> m.startsWith("Deprovisioning Node: Drift/replace"));
  }

  private static ProvisionerSpec changed(
      ProvisionerSpec s, java.util.Map<String, String> annotations, Integer weight) {
    return new ProvisionerSpec(
        s.labels(),
        annotations,
        s.taints(),
        s.startupTaints(),
        s.requirements(),
        s.kubeletConfiguration(),
        s.provider(),
        s.providerRef(),
        s.ttlSecondsAfterEmpty(),
        s.ttlSecondsUntilExpired(),
        s.limits(),
        weight,
        s.consolidation());
  }
}

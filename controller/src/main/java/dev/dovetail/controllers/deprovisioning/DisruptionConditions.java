package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.controllers.Conflicts;
import dev.dovetail.controllers.MachineConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps upstream v1alpha5's disruption conditions on the candidates' Machines current: {@code
 * MachineExpired} once a Machine is older than its Provisioner's {@code ttlSecondsUntilExpired},
 * {@code MachineDrifted} (with the drift reason) while drift is on and the Machine has drifted.
 * Each is removed when it no longer holds; a Machine is written only when a condition changes.
 */
final class DisruptionConditions {
  static final String MACHINE_EXPIRED = "MachineExpired";
  static final String MACHINE_DRIFTED = "MachineDrifted";

  private DisruptionConditions() {}

  /**
   * @param drift the drift detector, or null when the drift gate is off (which clears {@code
   *     MachineDrifted})
   */
  static void mark(KubernetesClient client, Evaluation evaluation, DriftDetector drift) {
    Instant now = evaluation.now();
    for (CandidateNode c : evaluation.candidates()) {
      boolean expired = Expiration.expiresAt(c).map(t -> !t.isAfter(now)).orElse(false);
      write(client, c, MACHINE_EXPIRED, expired ? Optional.of("") : Optional.empty(), now);
      Optional<String> drifted =
          drift == null
              ? Optional.empty()
              : drift.drifted(c, evaluation.pools().get(c.provisionerName()), now);
      write(client, c, MACHINE_DRIFTED, drifted, now);
    }
  }

  /**
   * Sets {@code type} True (with {@code reason} unless it is empty) when {@code reason} is present,
   * removes it otherwise.
   */
  static void write(
      KubernetesClient client, CandidateNode c, String type, Optional<String> reason, Instant now) {
    Optional<Condition> current = MachineConditions.get(c.machine().getStatus(), type);
    String wanted = reason.filter(r -> !r.isEmpty()).orElse(null);
    if (reason.isEmpty() == current.isEmpty()
        && (current.isEmpty()
            || ("True".equals(current.get().status())
                && Objects.equals(current.get().reason(), wanted)))) {
      return;
    }
    Machine machine = client.resources(Machine.class).withName(c.machineName()).get();
    if (machine == null || machine.getStatus() == null) {
      return;
    }
    MachineStatus status = machine.getStatus();
    machine.setStatus(
        reason.isPresent()
            ? MachineConditions.markTrue(status, type, wanted, null, now)
            : MachineConditions.without(status, type));
    try {
      client.resources(Machine.class).resource(machine).updateStatus();
    } catch (KubernetesClientException e) {
      if (!Conflicts.isConflict(e)) {
        throw e;
      }
      // Changed meanwhile: the next pass looks again.
    }
  }
}

package dev.dovetail.controllers.provisioner;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerStatus;
import dev.dovetail.controllers.Conflicts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Sets one condition on a Provisioner's status, writing only when status or message changes. */
public final class ProvisionerConditions {
  /** What a write did. */
  public enum Outcome {
    UNCHANGED,
    WRITTEN,
    CONFLICT
  }

  private ProvisionerConditions() {}

  /**
   * Sets {@code wanted} (its transition time is now) on {@code provisioner}; a Provisioner that is
   * gone is left alone.
   */
  public static Outcome set(
      KubernetesClient client, Provisioner provisioner, Condition wanted, Clock clock) {
    ProvisionerStatus status = provisioner.getStatus();
    List<Condition> conditions =
        status == null || status.conditions() == null ? List.of() : status.conditions();
    Condition current =
        conditions.stream().filter(c -> wanted.type().equals(c.type())).findFirst().orElse(null);
    if (current != null
        && current.status().equals(wanted.status())
        && Objects.equals(current.message(), wanted.message())) {
      return Outcome.UNCHANGED;
    }
    List<Condition> updated = new ArrayList<>();
    conditions.stream().filter(c -> !wanted.type().equals(c.type())).forEach(updated::add);
    updated.add(
        new Condition(
            wanted.type(),
            wanted.status(),
            wanted.severity(),
            clock.instant().toString(),
            wanted.reason(),
            wanted.message()));
    provisioner.setStatus(
        new ProvisionerStatus(
            status == null ? null : status.resources(),
            status == null ? null : status.lastScaleTime(),
            updated));
    try {
      client.resources(Provisioner.class).resource(provisioner).updateStatus();
    } catch (KubernetesClientException e) {
      if (Conflicts.isConflict(e)) {
        return Outcome.CONFLICT;
      }
      if (!Conflicts.isNotFound(e)) {
        throw e;
      }
    }
    return Outcome.WRITTEN;
  }
}

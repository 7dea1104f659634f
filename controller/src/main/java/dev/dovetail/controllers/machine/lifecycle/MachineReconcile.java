package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.controllers.Keys;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One pass of the lifecycle steps over a Machine: the Machine as read, the labels, annotations and
 * status the steps want it to have, and the Node found for it (steps after registration see the
 * Node as registration left it).
 */
final class MachineReconcile {
  final Machine machine;
  final Instant now;
  final Map<String, String> labels;
  final Map<String, String> annotations;
  MachineStatus status;
  Node node;
  boolean deleted;

  MachineReconcile(Machine machine, Instant now) {
    this.machine = machine;
    this.now = now;
    this.labels = new LinkedHashMap<>(nonNull(machine.getMetadata().getLabels()));
    this.annotations = new LinkedHashMap<>(nonNull(machine.getMetadata().getAnnotations()));
    this.status =
        machine.getStatus() == null
            ? new MachineStatus(null, null, null, null, null)
            : machine.getStatus();
  }

  String name() {
    return machine.getMetadata().getName();
  }

  String provisioner() {
    return labels.get(Keys.PROVISIONER_NAME);
  }

  String providerId() {
    return status.providerID();
  }

  boolean metadataChanged() {
    return !labels.equals(nonNull(machine.getMetadata().getLabels()))
        || !annotations.equals(nonNull(machine.getMetadata().getAnnotations()));
  }

  boolean statusChanged() {
    MachineStatus before =
        machine.getStatus() == null
            ? new MachineStatus(null, null, null, null, null)
            : machine.getStatus();
    return !Objects.equals(before, status);
  }

  private static Map<String, String> nonNull(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}

package dev.dovetail.api.crd;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineSpec;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.api.v1alpha5.ProvisionerStatus;
import java.util.List;

/** The CRDs of the {@code karpenter.sh/v1alpha5} kinds. */
public final class KarpenterCrds {
  private KarpenterCrds() {}

  public static final CrdDefinition PROVISIONER =
      new CrdDefinition(
          Provisioner.GROUP,
          Provisioner.VERSION,
          Provisioner.KIND,
          "provisioners",
          true,
          List.of("prov"),
          List.of("karpenter"),
          "Provisioner describes the nodes Dovetail may launch and how it removes them.",
          ProvisionerSpec.class,
          ProvisionerStatus.class,
          List.of(
              PrinterColumn.of("Template", "string", ".spec.providerRef.name", null),
              PrinterColumn.of("Weight", "integer", ".spec.weight", null),
              PrinterColumn.of(
                  "CPU", "string", ".status.resources.cpu", "CPU capacity of the owned nodes"),
              PrinterColumn.of(
                  "Memory",
                  "string",
                  ".status.resources.memory",
                  "Memory capacity of the owned nodes"),
              PrinterColumn.age()));

  public static final CrdDefinition MACHINE =
      new CrdDefinition(
          Provisioner.GROUP,
          Provisioner.VERSION,
          Machine.KIND,
          "machines",
          true,
          List.of("mach"),
          List.of("karpenter"),
          "Machine is the launch record of one node: what was asked for and what came up.",
          MachineSpec.class,
          MachineStatus.class,
          List.of(
              PrinterColumn.of(
                  "Type", "string", ".metadata.labels.node\\.kubernetes\\.io/instance-type", null),
              PrinterColumn.of(
                  "Zone", "string", ".metadata.labels.topology\\.kubernetes\\.io/zone", null),
              PrinterColumn.of(
                  "Capacity", "string", ".metadata.labels.karpenter\\.sh/capacity-type", null),
              PrinterColumn.of("Node", "string", ".status.nodeName", null),
              PrinterColumn.of(
                  "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", null),
              PrinterColumn.age(),
              new PrinterColumn(
                  "Provisioner",
                  "string",
                  ".metadata.labels.karpenter\\.sh/provisioner-name",
                  null,
                  1)));

  public static List<CrdDefinition> all() {
    return List.of(PROVISIONER, MACHINE);
  }
}

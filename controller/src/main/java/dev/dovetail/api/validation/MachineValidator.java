package dev.dovetail.api.validation;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineSpec;
import java.util.List;

/** Validates a Machine: requirements, taints, kubelet settings and resource requests. */
public final class MachineValidator {
  private MachineValidator() {}

  public static List<Problem> validate(Machine machine) {
    String name = machine.getMetadata() == null ? null : machine.getMetadata().getName();
    Problems problems = new Problems(Machine.KIND, name);
    MachineSpec spec = machine.getSpec();
    FieldPath path = FieldPath.root("spec");
    if (spec == null) {
      problems.add(path, "required field is missing");
      return problems.toList();
    }
    // A Machine carries the requirements its provisioner computed, provider labels included, so
    // restricted domains are not checked here.
    SchedulingRules.requirements(spec.requirements(), path.child("requirements"), null, problems);
    SchedulingRules.taints(
        spec.taints(),
        path.child("taints"),
        spec.startupTaints(),
        path.child("startupTaints"),
        problems);
    KubeletRules.validate(spec.kubelet(), path.child("kubelet"), problems);
    if (spec.resources() != null) {
      ProvisionerValidator.resources(
          spec.resources().requests(), path.child("resources").child("requests"), problems);
    }
    return problems.toList();
  }
}

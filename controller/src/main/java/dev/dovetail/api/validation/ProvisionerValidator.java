package dev.dovetail.api.validation;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Validates a Provisioner as upstream's validating webhook does. The well-known label set decides
 * which labels in restricted domains are allowed; providers widen it.
 */
public final class ProvisionerValidator {
  private final LabelPolicy wellKnown;

  public ProvisionerValidator(LabelPolicy wellKnown) {
    this.wellKnown = wellKnown;
  }

  /** Validates with the core well-known labels only. */
  public static List<Problem> validate(Provisioner provisioner) {
    return new ProvisionerValidator(LabelPolicy.core()).check(provisioner);
  }

  /** Every problem of {@code provisioner}; empty when it is valid. */
  public List<Problem> check(Provisioner provisioner) {
    String name = provisioner.getMetadata() == null ? null : provisioner.getMetadata().getName();
    Problems problems = new Problems(Provisioner.KIND, name);
    ProvisionerSpec spec = provisioner.getSpec();
    FieldPath path = FieldPath.root("spec");
    if (spec == null) {
      problems.add(path, "required field is missing");
      return problems.toList();
    }
    ttl(spec.ttlSecondsAfterEmpty(), path.child("ttlSecondsAfterEmpty"), problems);
    ttl(spec.ttlSecondsUntilExpired(), path.child("ttlSecondsUntilExpired"), problems);
    if (spec.ttlSecondsAfterEmpty() != null
        && spec.consolidation() != null
        && Boolean.TRUE.equals(spec.consolidation().enabled())) {
      problems.add(
          path.child("ttlSecondsAfterEmpty"),
          "cannot be combined with spec.consolidation.enabled=true");
    }
    if (spec.provider() != null && !spec.provider().isNull() && spec.providerRef() != null) {
      problems.add(
          path.child("provider"),
          "cannot be combined with spec.providerRef; set exactly one of them");
    } else if ((spec.provider() == null || spec.provider().isNull())
        && spec.providerRef() == null) {
      problems.add(
          path.child("providerRef"),
          "required: set exactly one of spec.provider or spec.providerRef");
    }
    if (spec.providerRef() != null
        && (spec.providerRef().name() == null || spec.providerRef().name().isBlank())) {
      problems.add(path.child("providerRef").child("name"), "must not be empty");
    }
    if (spec.weight() != null && (spec.weight() < 1 || spec.weight() > 100)) {
      problems.add(path.child("weight"), "must be between 1 and 100, not " + spec.weight());
    }
    SchedulingRules.labels(spec.labels(), path.child("labels"), wellKnown, problems);
    annotations(spec.annotations(), path.child("annotations"), problems);
    SchedulingRules.requirements(
        spec.requirements(), path.child("requirements"), wellKnown, problems);
    SchedulingRules.taints(
        spec.taints(),
        path.child("taints"),
        spec.startupTaints(),
        path.child("startupTaints"),
        problems);
    KubeletRules.validate(
        spec.kubeletConfiguration(), path.child("kubeletConfiguration"), problems);
    if (spec.limits() != null) {
      resources(spec.limits().resources(), path.child("limits").child("resources"), problems);
    }
    return problems.toList();
  }

  private static void ttl(Long value, FieldPath path, Problems problems) {
    if (value != null && value < 0) {
      problems.add(path, "must be non-negative, not " + value);
    }
  }

  private static void annotations(
      Map<String, String> annotations, FieldPath path, Problems problems) {
    if (annotations == null) {
      return;
    }
    for (String key : annotations.keySet()) {
      String error = Syntax.qualifiedNameError(key);
      if (error != null) {
        problems.add(path.key(key), "invalid annotation key: " + error);
      }
    }
  }

  /** Resource lists: every value a valid, non-negative quantity. */
  static void resources(Map<String, Quantity> resources, FieldPath path, Problems problems) {
    if (resources == null) {
      return;
    }
    for (Map.Entry<String, Quantity> entry : resources.entrySet()) {
      FieldPath at = path.key(entry.getKey());
      String keyError = Syntax.qualifiedNameError(entry.getKey());
      if (keyError != null) {
        problems.add(at, "invalid resource name: " + keyError);
        continue;
      }
      BigDecimal value = Quantities.parse(entry.getValue());
      if (value == null) {
        problems.add(at, "\"" + entry.getValue() + "\" is not a valid quantity");
      } else if (value.signum() < 0) {
        problems.add(at, "must not be negative");
      }
    }
  }
}

package dev.dovetail.api.validation;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fills in the requirements upstream's defaulting webhook adds: {@code kubernetes.io/os In
 * [linux]}, {@code kubernetes.io/arch In [amd64]} and {@code karpenter.sh/capacity-type In
 * [on-demand]} when the key is not constrained, plus a provider's instance defaults when no
 * instance-shaping key is constrained. Returns a new object; the input is not changed.
 *
 * @param instanceKeys keys that count as an instance constraint (type, family, category...)
 * @param instanceDefaults requirements added when none of {@code instanceKeys} is constrained
 */
public record ProvisionerDefaulter(
    Set<String> instanceKeys, List<NodeSelectorRequirement> instanceDefaults) {

  /** Only the cloud-neutral defaults. */
  public static final ProvisionerDefaulter CORE = new ProvisionerDefaulter(Set.of(), List.of());

  /** A copy of {@code provisioner} with the defaults added. */
  public Provisioner apply(Provisioner provisioner) {
    ProvisionerSpec spec =
        provisioner.getSpec() == null ? ProvisionerSpec.empty() : provisioner.getSpec();
    List<NodeSelectorRequirement> requirements =
        spec.requirements() == null ? new ArrayList<>() : new ArrayList<>(spec.requirements());
    addIfMissing(requirements, requirement(WellKnownLabels.OS, "In", "linux"));
    addIfMissing(requirements, requirement(WellKnownLabels.ARCH, "In", "amd64"));
    addIfMissing(requirements, requirement(WellKnownLabels.CAPACITY_TYPE, "In", "on-demand"));
    boolean instanceConstrained =
        requirements.stream()
            .anyMatch(r -> instanceKeys.contains(WellKnownLabels.normalize(r.getKey())));
    if (spec.labels() != null) {
      instanceConstrained |= spec.labels().keySet().stream().anyMatch(instanceKeys::contains);
    }
    if (!instanceConstrained) {
      instanceDefaults.forEach(r -> requirements.add(copy(r)));
    }
    Provisioner copy = new Provisioner();
    copy.setMetadata(provisioner.getMetadata());
    copy.setSpec(spec.withRequirements(List.copyOf(requirements)));
    copy.setStatus(provisioner.getStatus());
    return copy;
  }

  private static void addIfMissing(
      List<NodeSelectorRequirement> requirements, NodeSelectorRequirement wanted) {
    boolean present =
        requirements.stream()
            .anyMatch(r -> wanted.getKey().equals(WellKnownLabels.normalize(r.getKey())));
    if (!present) {
      requirements.add(wanted);
    }
  }

  private static NodeSelectorRequirement copy(NodeSelectorRequirement r) {
    return new NodeSelectorRequirement(r.getKey(), r.getOperator(), List.copyOf(r.getValues()));
  }

  /** A requirement with the given values, for building a provider's instance defaults. */
  public static NodeSelectorRequirement requirement(String key, String operator, String... values) {
    return new NodeSelectorRequirement(key, operator, List.of(values));
  }
}

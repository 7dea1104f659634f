package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineSpec;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerHash;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.scheduling.Candidate;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a planned node into a Machine, as upstream's provisioner does: named {@code
 * <provisioner>-xxxxx}, owned by its Provisioner, labelled with the Provisioner's labels and owner
 * label, its requirements narrowed to the cheapest 100 candidate instance types, and requesting the
 * pods' and daemonsets' resources.
 */
public final class MachineFactory {
  /** Upstream v0.31 keeps the 100 cheapest instance types on a Machine. */
  static final int MAX_INSTANCE_TYPES = 100;

  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final Random random;

  public MachineFactory(Random random) {
    this.random = random;
  }

  Machine machine(Provisioner provisioner, PlannedNode planned) {
    return machine(provisioner, planned, List.of());
  }

  /**
   * @param pods the pods planned for the node: their node selectors and first required
   *     node-affinity terms narrow the Machine, so the cloud provider launches where they can run
   */
  public Machine machine(Provisioner provisioner, PlannedNode planned, List<Pod> pods) {
    ProvisionerSpec spec = provisioner.getSpec();
    String owner = provisioner.getMetadata().getName();
    Map<String, String> labels = new TreeMap<>();
    if (spec.labels() != null) {
      labels.putAll(spec.labels());
    }
    labels.put(WellKnownLabels.PROVISIONER_NAME, owner);

    List<NodeSelectorRequirement> requirements = new ArrayList<>();
    if (spec.requirements() != null) {
      requirements.addAll(spec.requirements());
    }
    requirements.add(in(WellKnownLabels.INSTANCE_TYPE, instanceTypes(planned)));
    for (Pod pod : pods) {
      requirements.addAll(podRequirements(pod));
    }
    // Zones and capacity types stay as wide as the Provisioner and the pods allow: the cloud
    // provider picks the offering at launch, so an offering that ran out does not strand the
    // Machine (the engine's zones and capacity types describe its cheapest candidates only).
    requirements.add(in(WellKnownLabels.PROVISIONER_NAME, List.of(owner)));

    Map<String, Quantity> requests = new TreeMap<>();
    planned.requests().toQuantityStrings().forEach((k, v) -> requests.put(k, new Quantity(v)));

    Machine machine = new Machine();
    machine.setMetadata(
        new ObjectMetaBuilder()
            .withName(owner + "-" + suffix())
            .withLabels(labels)
            .withAnnotations(annotations(spec))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(Provisioner.API_VERSION)
                    .withKind(Provisioner.KIND)
                    .withName(owner)
                    .withUid(provisioner.getMetadata().getUid())
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    machine.setSpec(
        new MachineSpec(
            spec.taints(),
            spec.startupTaints(),
            requirements,
            spec.kubeletConfiguration(),
            new MachineSpec.Resources(requests),
            spec.providerRef()));
    return machine;
  }

  /** The Provisioner's annotations and the hash of its static fields, for static drift. */
  private static Map<String, String> annotations(ProvisionerSpec spec) {
    Map<String, String> annotations = new TreeMap<>();
    if (spec.annotations() != null) {
      annotations.putAll(spec.annotations());
    }
    annotations.putAll(ProvisionerHash.annotations(spec));
    return annotations;
  }

  private static List<NodeSelectorRequirement> podRequirements(Pod pod) {
    List<NodeSelectorRequirement> result = new ArrayList<>();
    if (pod.getSpec() == null) {
      return result;
    }
    if (pod.getSpec().getNodeSelector() != null) {
      pod.getSpec().getNodeSelector().forEach((k, v) -> result.add(in(k, List.of(v))));
    }
    var affinity = pod.getSpec().getAffinity();
    if (affinity != null
        && affinity.getNodeAffinity() != null
        && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      var terms =
          affinity
              .getNodeAffinity()
              .getRequiredDuringSchedulingIgnoredDuringExecution()
              .getNodeSelectorTerms();
      // Terms are ORed; only a single term is a requirement every node must meet.
      if (terms != null && terms.size() == 1 && terms.get(0).getMatchExpressions() != null) {
        result.addAll(terms.get(0).getMatchExpressions());
      }
    }
    return result;
  }

  /** The candidate types, cheapest first, each once, at most {@link #MAX_INSTANCE_TYPES}. */
  public static List<String> instanceTypes(PlannedNode planned) {
    Set<String> names = new LinkedHashSet<>();
    for (Candidate c : planned.candidates()) {
      names.add(c.instanceType());
      if (names.size() == MAX_INSTANCE_TYPES) {
        break;
      }
    }
    return List.copyOf(names);
  }

  private String suffix() {
    StringBuilder s = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  private static NodeSelectorRequirement in(String key, List<String> values) {
    return new NodeSelectorRequirementBuilder()
        .withKey(key)
        .withOperator("In")
        .withValues(values)
        .build();
  }
}

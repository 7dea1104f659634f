package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.KubeletConfiguration;
import dev.dovetail.api.v1alpha5.MachineSpec;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.snapshot.NodeConstraints;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link LaunchRequest} for a Machine: requirements, requests, labels and taints from
 * the Machine; the node class and kubelet settings from the Machine when it carries them, else from
 * its Provisioner.
 */
final class LaunchRequests {
  private LaunchRequests() {}

  static LaunchRequest of(MachineReconcile m, Provisioner provisioner) {
    MachineSpec spec = m.machine.getSpec();
    if (spec == null) {
      spec = new MachineSpec(null, null, null, null, null, null);
    }
    String pool = m.provisioner() == null ? "" : m.provisioner();
    return new LaunchRequest(
        m.name(),
        pool,
        nodeClassRef(m.name(), pool, spec, provisioner),
        requirements(spec.requirements()),
        requests(spec.resources()),
        m.labels,
        NodeConstraints.taints(spec.taints()),
        NodeConstraints.taints(spec.startupTaints()),
        kubelet(spec.kubelet(), provisioner));
  }

  private static ProviderRef nodeClassRef(
      String machine, String pool, MachineSpec spec, Provisioner provisioner) {
    ProviderRef ref = spec.machineTemplateRef();
    if (ref == null && provisioner != null && provisioner.getSpec() != null) {
      ref = provisioner.getSpec().providerRef();
    }
    if (ref == null) {
      throw new NodeClassNotReadyException(
          "resolving node class: machine "
              + machine
              + " has no spec.machineTemplateRef and "
              + (provisioner == null
                  ? "its provisioner \"" + pool + "\" does not exist"
                  : "provisioner " + pool + " has no spec.providerRef"));
    }
    return ref;
  }

  static Requirements requirements(List<NodeSelectorRequirement> requirements) {
    if (requirements == null) {
      return Requirements.NONE;
    }
    return Requirements.of(NodeConstraints.requirements(requirements));
  }

  static Resources requests(MachineSpec.Resources resources) {
    if (resources == null || resources.requests() == null) {
      return Resources.NONE;
    }
    return Resources.parse(quantityStrings(resources.requests()));
  }

  static Map<String, String> quantityStrings(Map<String, Quantity> quantities) {
    Map<String, String> text = new LinkedHashMap<>();
    quantities.forEach((k, v) -> text.put(k, v.toString()));
    return text;
  }

  private static KubeletConfiguration kubelet(KubeletConfiguration own, Provisioner provisioner) {
    if (own != null || provisioner == null || provisioner.getSpec() == null) {
      return own;
    }
    return provisioner.getSpec().kubeletConfiguration();
  }
}

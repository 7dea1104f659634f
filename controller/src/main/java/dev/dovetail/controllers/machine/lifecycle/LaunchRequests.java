package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.KubeletConfiguration;
import dev.dovetail.api.v1alpha5.MachineSpec;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.model.KubeletSettings;
import dev.dovetail.model.NodeClassRef;
import dev.dovetail.model.ProvisionerAdapter;
import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
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
        taints(spec.taints()),
        taints(spec.startupTaints()),
        kubelet(spec.kubelet(), provisioner));
  }

  private static NodeClassRef nodeClassRef(
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
    return new NodeClassRef(ref.apiVersion(), ref.kind(), ref.name());
  }

  static Requirements requirements(List<NodeSelectorRequirement> requirements) {
    if (requirements == null) {
      return Requirements.NONE;
    }
    List<Requirement> result = new ArrayList<>();
    for (NodeSelectorRequirement r : requirements) {
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      result.add(Requirement.of(r.getKey(), Operator.fromKubernetes(r.getOperator()), values));
    }
    return Requirements.of(result);
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

  static List<Taint> taints(List<io.fabric8.kubernetes.api.model.Taint> taints) {
    if (taints == null) {
      return List.of();
    }
    return taints.stream()
        .map(t -> new Taint(t.getKey(), t.getValue(), TaintEffect.fromKubernetes(t.getEffect())))
        .toList();
  }

  private static KubeletSettings kubelet(KubeletConfiguration own, Provisioner provisioner) {
    if (own != null) {
      // The adapter owns the conversion; a Provisioner holding only this block reuses it.
      ProvisionerSpec spec =
          new ProvisionerSpec(
              null, null, null, null, null, own, null, null, null, null, null, null, null);
      return ProvisionerAdapter.toNodePool(new Provisioner("machine", spec)).kubelet();
    }
    if (provisioner == null) {
      return null;
    }
    return ProvisionerAdapter.toNodePool(provisioner).kubelet();
  }
}

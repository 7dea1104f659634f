package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;

/** The desired state of a Provisioner (Karpenter v0.31 field set). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisionerSpec(
    @JsonPropertyDescription("Labels applied to every node this provisioner launches.")
        Map<String, String> labels,
    @JsonPropertyDescription("Annotations applied to every node this provisioner launches.")
        Map<String, String> annotations,
    @JsonPropertyDescription(
            "Taints applied to nodes; pods must tolerate them to use this provisioner.")
        List<Taint> taints,
    @JsonPropertyDescription(
            "Taints applied at boot that an agent removes later; scheduling ignores them.")
        List<Taint> startupTaints,
    @JsonPropertyDescription(
            "Node selector requirements that constrain the nodes (operators In, NotIn, Exists,"
                + " DoesNotExist, Gt, Lt).")
        List<NodeSelectorRequirement> requirements,
    @JsonPropertyDescription("Kubelet settings for the nodes.")
        KubeletConfiguration kubeletConfiguration,
    @JsonPropertyDescription("Deprecated inline AWS provider block; use providerRef.")
        JsonNode provider,
    @JsonPropertyDescription("Reference to the AWSNodeTemplate that describes the nodes.")
        ProviderRef providerRef,
    @JsonPropertyDescription("Seconds after a node becomes empty before it is deleted.")
        Long ttlSecondsAfterEmpty,
    @JsonPropertyDescription("Seconds after a node is created before it is replaced.")
        Long ttlSecondsUntilExpired,
    @JsonPropertyDescription("Caps on the total capacity of the nodes this provisioner owns.")
        Limits limits,
    @JsonPropertyDescription("Priority among provisioners, 1..100; higher is tried first.")
        Integer weight,
    @JsonPropertyDescription("Consolidation settings.") Consolidation consolidation) {

  /** An empty spec, as a starting point for the {@code with*} methods. */
  public static ProvisionerSpec empty() {
    return new ProvisionerSpec(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public ProvisionerSpec withRequirements(List<NodeSelectorRequirement> value) {
    return new ProvisionerSpec(
        labels,
        annotations,
        taints,
        startupTaints,
        value,
        kubeletConfiguration,
        provider,
        providerRef,
        ttlSecondsAfterEmpty,
        ttlSecondsUntilExpired,
        limits,
        weight,
        consolidation);
  }

  public ProvisionerSpec withProviderRef(ProviderRef value) {
    return new ProvisionerSpec(
        labels,
        annotations,
        taints,
        startupTaints,
        requirements,
        kubeletConfiguration,
        provider,
        value,
        ttlSecondsAfterEmpty,
        ttlSecondsUntilExpired,
        limits,
        weight,
        consolidation);
  }

  public ProvisionerSpec withConsolidation(Consolidation value) {
    return new ProvisionerSpec(
        labels,
        annotations,
        taints,
        startupTaints,
        requirements,
        kubeletConfiguration,
        provider,
        providerRef,
        ttlSecondsAfterEmpty,
        ttlSecondsUntilExpired,
        limits,
        weight,
        value);
  }

  public ProvisionerSpec withTtlSecondsAfterEmpty(Long value) {
    return new ProvisionerSpec(
        labels,
        annotations,
        taints,
        startupTaints,
        requirements,
        kubeletConfiguration,
        provider,
        providerRef,
        value,
        ttlSecondsUntilExpired,
        limits,
        weight,
        consolidation);
  }

  public ProvisionerSpec withLabels(Map<String, String> value) {
    return new ProvisionerSpec(
        value,
        annotations,
        taints,
        startupTaints,
        requirements,
        kubeletConfiguration,
        provider,
        providerRef,
        ttlSecondsAfterEmpty,
        ttlSecondsUntilExpired,
        limits,
        weight,
        consolidation);
  }
}

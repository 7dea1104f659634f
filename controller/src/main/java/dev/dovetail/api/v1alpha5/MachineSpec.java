package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;

/** The desired node of a Machine (v1alpha5 shape). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineSpec(
    List<Taint> taints,
    List<Taint> startupTaints,
    List<NodeSelectorRequirement> requirements,
    KubeletConfiguration kubelet,
    @JsonPropertyDescription("The pod and daemon requests the node must fit.") Resources resources,
    @JsonPropertyDescription("Reference to the node template (AWSNodeTemplate).")
        ProviderRef machineTemplateRef) {

  /** Resource requests a Machine must satisfy. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Resources(Map<String, Quantity> requests) {}
}

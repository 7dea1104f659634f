package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Caps on the total capacity (not allocatable) of the nodes a Provisioner owns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limits(
    @JsonPropertyDescription("Resource name to the maximum total capacity, e.g. cpu: 1000.")
        Map<String, Quantity> resources) {}

package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A knative-style status condition, as Karpenter v1alpha5 objects carry them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
    @JsonProperty(required = true) String type,
    @JsonProperty(required = true) String status,
    String severity,
    String lastTransitionTime,
    String reason,
    String message) {}

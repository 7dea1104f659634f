package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** What the controllers observed about a Provisioner. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisionerStatus(
    @JsonPropertyDescription("Sum of the capacity of the nodes this provisioner owns.")
        Map<String, Quantity> resources,
    @JsonPropertyDescription("When the provisioner last launched or removed a node (RFC 3339).")
        String lastScaleTime,
    List<Condition> conditions) {}

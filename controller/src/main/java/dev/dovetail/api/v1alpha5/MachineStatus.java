package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** What the lifecycle controller observed about a Machine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineStatus(
    @JsonProperty("providerID") String providerID,
    Map<String, Quantity> capacity,
    Map<String, Quantity> allocatable,
    String nodeName,
    List<Condition> conditions) {}

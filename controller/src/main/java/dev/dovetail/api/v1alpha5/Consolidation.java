package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Whether nodes of a Provisioner are consolidated onto fewer or cheaper nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Consolidation(Boolean enabled) {}

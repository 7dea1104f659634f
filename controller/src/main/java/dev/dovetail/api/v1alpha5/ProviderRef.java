package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Points a Provisioner at its node template. Kind and apiVersion may be left out, as upstream
 * allows; they then mean the cloud provider's node template kind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderRef(
    String apiVersion, String kind, @JsonProperty(required = true) String name) {}

package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Points a Provisioner at its node template. Kind defaults to AWSNodeTemplate and apiVersion to
 * {@code karpenter.k8s.aws/v1alpha1} when left out, as upstream does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderRef(
    String apiVersion, String kind, @JsonProperty(required = true) String name) {}

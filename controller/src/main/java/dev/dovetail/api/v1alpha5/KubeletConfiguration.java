package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** The v1alpha5 {@code kubeletConfiguration} block (moved to the node class in v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KubeletConfiguration(
    @JsonProperty("clusterDNS") List<String> clusterDNS,
    String containerRuntime,
    Integer maxPods,
    Integer podsPerCore,
    Map<String, Quantity> systemReserved,
    Map<String, Quantity> kubeReserved,
    Map<String, String> evictionHard,
    Map<String, String> evictionSoft,
    Map<String, String> evictionSoftGracePeriod,
    Integer evictionMaxPodGracePeriod,
    Integer imageGCHighThresholdPercent,
    Integer imageGCLowThresholdPercent,
    @JsonProperty("cpuCFSQuota") Boolean cpuCFSQuota) {}

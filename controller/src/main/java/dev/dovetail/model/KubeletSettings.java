package dev.dovetail.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Kubelet settings of a pool's nodes. Reserved resources are in base units (cores, bytes); eviction
 * thresholds keep their text form because they may be percentages. Null means "not set".
 */
public record KubeletSettings(
    List<String> clusterDns,
    String containerRuntime,
    Integer maxPods,
    Integer podsPerCore,
    Map<String, BigDecimal> systemReserved,
    Map<String, BigDecimal> kubeReserved,
    Map<String, String> evictionHard,
    Map<String, String> evictionSoft,
    Map<String, Duration> evictionSoftGracePeriod,
    Integer evictionMaxPodGracePeriod,
    Integer imageGcHighThresholdPercent,
    Integer imageGcLowThresholdPercent,
    Boolean cpuCfsQuota) {}

package dev.dovetail.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovetail.api.v1alpha5.KubeletConfiguration;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.api.validation.Quantities;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a v1alpha5 Provisioner into a {@link NodePool} the way upstream does in v0.31:
 * ttlSecondsAfterEmpty becomes the empty-node TTL, consolidation.enabled the consolidation flag,
 * ttlSecondsUntilExpired the expiry, providerRef the node class reference. Expects a valid,
 * defaulted Provisioner.
 */
public final class ProvisionerAdapter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern DURATION_PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  private ProvisionerAdapter() {}

  public static NodePool toNodePool(Provisioner provisioner) {
    ProvisionerSpec spec =
        provisioner.getSpec() == null ? ProvisionerSpec.empty() : provisioner.getSpec();
    NodeClassRef ref =
        spec.providerRef() == null
            ? null
            : new NodeClassRef(
                spec.providerRef().apiVersion(),
                spec.providerRef().kind(),
                spec.providerRef().name());
    Map<String, Object> inline =
        spec.provider() == null || spec.provider().isNull()
            ? null
            : MAPPER.convertValue(spec.provider(), new TypeReference<Map<String, Object>>() {});
    Disruption disruption =
        new Disruption(
            spec.consolidation() != null && Boolean.TRUE.equals(spec.consolidation().enabled()),
            seconds(spec.ttlSecondsAfterEmpty()),
            seconds(spec.ttlSecondsUntilExpired()));
    return new NodePool(
        provisioner.getMetadata().getName(),
        spec.weight() == null ? 0 : spec.weight(),
        spec.labels(),
        spec.annotations(),
        taints(spec.taints()),
        taints(spec.startupTaints()),
        requirements(spec.requirements()),
        kubelet(spec.kubeletConfiguration()),
        spec.limits() == null ? Map.of() : quantities(spec.limits().resources()),
        disruption,
        ref,
        inline);
  }

  private static Duration seconds(Long value) {
    return value == null ? null : Duration.ofSeconds(value);
  }

  private static List<Taint> taints(List<io.fabric8.kubernetes.api.model.Taint> taints) {
    if (taints == null) {
      return List.of();
    }
    return taints.stream().map(t -> new Taint(t.getKey(), t.getValue(), t.getEffect())).toList();
  }

  private static List<Requirement> requirements(List<NodeSelectorRequirement> requirements) {
    if (requirements == null) {
      return List.of();
    }
    List<Requirement> result = new ArrayList<>();
    for (NodeSelectorRequirement r : requirements) {
      result.add(new Requirement(r.getKey(), r.getOperator(), r.getValues(), null));
    }
    return result;
  }

  static Map<String, BigDecimal> quantities(Map<String, Quantity> quantities) {
    if (quantities == null) {
      return Map.of();
    }
    Map<String, BigDecimal> result = new LinkedHashMap<>();
    quantities.forEach(
        (name, quantity) -> {
          BigDecimal value = Quantities.parse(quantity);
          if (value == null) {
            throw new IllegalArgumentException(name + ": \"" + quantity + "\" is not a quantity");
          }
          result.put(name, value);
        });
    return result;
  }

  private static KubeletSettings kubelet(KubeletConfiguration k) {
    if (k == null) {
      return null;
    }
    Map<String, Duration> grace = null;
    if (k.evictionSoftGracePeriod() != null) {
      grace = new LinkedHashMap<>();
      for (Map.Entry<String, String> entry : k.evictionSoftGracePeriod().entrySet()) {
        grace.put(entry.getKey(), parseDuration(entry.getValue()));
      }
    }
    return new KubeletSettings(
        k.clusterDNS(),
        k.containerRuntime(),
        k.maxPods(),
        k.podsPerCore(),
        k.systemReserved() == null ? null : quantities(k.systemReserved()),
        k.kubeReserved() == null ? null : quantities(k.kubeReserved()),
        k.evictionHard(),
        k.evictionSoft(),
        grace,
        k.evictionMaxPodGracePeriod(),
        k.imageGCHighThresholdPercent(),
        k.imageGCLowThresholdPercent(),
        k.cpuCFSQuota());
  }

  /** Parses a Go duration such as {@code 1m30s} or {@code 500ms}. */
  static Duration parseDuration(String text) {
    Matcher matcher = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      BigDecimal amount = new BigDecimal(matcher.group(1));
      BigDecimal nanosPerUnit =
          BigDecimal.valueOf(
              switch (matcher.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
              });
      total = total.plusNanos(amount.multiply(nanosPerUnit).longValue());
      end = matcher.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration");
    }
    return total;
  }
}

package dev.dovetail.api.validation;

import dev.dovetail.api.v1alpha5.KubeletConfiguration;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code kubeletConfiguration} rules of upstream's Provisioner webhook. */
final class KubeletRules {
  static final Set<String> RESERVED_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage", "pid");
  static final Set<String> EVICTION_SIGNALS =
      Set.of(
          "memory.available",
          "nodefs.available",
          "nodefs.inodesFree",
          "imagefs.available",
          "imagefs.inodesFree",
          "pid.available");
  private static final Pattern DURATION =
      Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");
  private static final Pattern PERCENT = Pattern.compile("(\\d+(\\.\\d+)?)%");

  private KubeletRules() {}

  static void validate(KubeletConfiguration kubelet, FieldPath path, Problems problems) {
    if (kubelet == null) {
      return;
    }
    if (kubelet.containerRuntime() != null
        && !Set.of("containerd", "dockerd").contains(kubelet.containerRuntime())) {
      problems.add(
          path.child("containerRuntime"),
          "must be containerd or dockerd, not \"" + kubelet.containerRuntime() + "\"");
    }
    clusterDns(kubelet.clusterDNS(), path.child("clusterDNS"), problems);
    nonNegative(kubelet.maxPods(), path.child("maxPods"), problems);
    nonNegative(kubelet.podsPerCore(), path.child("podsPerCore"), problems);
    nonNegative(
        kubelet.evictionMaxPodGracePeriod(), path.child("evictionMaxPodGracePeriod"), problems);
    reserved(kubelet.systemReserved(), path.child("systemReserved"), problems);
    reserved(kubelet.kubeReserved(), path.child("kubeReserved"), problems);
    thresholds(kubelet.evictionHard(), path.child("evictionHard"), problems);
    thresholds(kubelet.evictionSoft(), path.child("evictionSoft"), problems);
    gracePeriods(kubelet, path, problems);
    Integer high = kubelet.imageGCHighThresholdPercent();
    Integer low = kubelet.imageGCLowThresholdPercent();
    percent(high, path.child("imageGCHighThresholdPercent"), problems);
    percent(low, path.child("imageGCLowThresholdPercent"), problems);
    if (high != null && low != null && high <= low) {
      problems.add(
          path.child("imageGCHighThresholdPercent"),
          "must be greater than imageGCLowThresholdPercent (" + high + " <= " + low + ")");
    }
  }

  private static void clusterDns(java.util.List<String> dns, FieldPath path, Problems problems) {
    if (dns == null) {
      return;
    }
    for (int i = 0; i < dns.size(); i++) {
      if (!IpAddresses.isIp(dns.get(i))) {
        problems.add(
            path.index(i), "must be an IP address, not \"" + Problems.shown(dns.get(i)) + "\"");
      }
    }
  }

  private static void nonNegative(Integer value, FieldPath path, Problems problems) {
    if (value != null && value < 0) {
      problems.add(path, "must be non-negative");
    }
  }

  private static void percent(Integer value, FieldPath path, Problems problems) {
    if (value != null && (value < 0 || value > 100)) {
      problems.add(path, "must be between 0 and 100");
    }
  }

  private static void reserved(Map<String, Quantity> reserved, FieldPath path, Problems problems) {
    if (reserved == null) {
      return;
    }
    for (Map.Entry<String, Quantity> entry : reserved.entrySet()) {
      FieldPath at = path.key(entry.getKey());
      if (!RESERVED_RESOURCES.contains(entry.getKey())) {
        problems.add(at, "unsupported resource; use cpu, memory, ephemeral-storage or pid");
        continue;
      }
      BigDecimal value = Quantities.parse(entry.getValue());
      if (value == null) {
        problems.add(at, Quantities.invalid(entry.getValue()));
      } else if (value.signum() < 0) {
        problems.add(at, "must not be negative");
      }
    }
  }

  private static void thresholds(Map<String, String> signals, FieldPath path, Problems problems) {
    if (signals == null) {
      return;
    }
    for (Map.Entry<String, String> entry : signals.entrySet()) {
      FieldPath at = path.key(entry.getKey());
      if (!EVICTION_SIGNALS.contains(entry.getKey())) {
        problems.add(
            at,
            "unsupported eviction signal; use one of "
                + String.join(", ", EVICTION_SIGNALS.stream().sorted().toList()));
        continue;
      }
      String value = entry.getValue() == null ? "" : entry.getValue().strip();
      var percent = PERCENT.matcher(value);
      if (percent.matches()) {
        double number = Double.parseDouble(percent.group(1));
        if (number > 100) {
          problems.add(at, "percentage must be between 0% and 100%, not " + value);
        }
      } else {
        BigDecimal quantity = Quantities.parse(value);
        if (quantity == null) {
          problems.add(at, "\"" + value + "\" is neither a quantity nor a percentage");
        } else if (quantity.signum() < 0) {
          problems.add(at, "must not be negative");
        }
      }
    }
  }

  private static void gracePeriods(
      KubeletConfiguration kubelet, FieldPath path, Problems problems) {
    Map<String, String> soft = kubelet.evictionSoft() == null ? Map.of() : kubelet.evictionSoft();
    Map<String, String> grace =
        kubelet.evictionSoftGracePeriod() == null ? Map.of() : kubelet.evictionSoftGracePeriod();
    for (String signal : soft.keySet()) {
      if (!grace.containsKey(signal)) {
        problems.add(
            path.child("evictionSoft").key(signal),
            "needs a matching key in evictionSoftGracePeriod");
      }
    }
    for (Map.Entry<String, String> entry : grace.entrySet()) {
      FieldPath at = path.child("evictionSoftGracePeriod").key(entry.getKey());
      if (!EVICTION_SIGNALS.contains(entry.getKey())) {
        problems.add(at, "unsupported eviction signal");
      } else if (!soft.containsKey(entry.getKey())) {
        problems.add(at, "needs a matching key in evictionSoft");
      }
      if (entry.getValue() == null || !DURATION.matcher(entry.getValue()).matches()) {
        problems.add(at, "\"" + entry.getValue() + "\" is not a duration (e.g. 1m30s)");
      }
    }
  }
}

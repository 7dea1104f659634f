package dev.dovetail.controllers.provisioning;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provisioner's meters with upstream names: {@code
 * karpenter_provisioner_scheduling_duration_seconds} (one solve) and {@code karpenter_pods_state}
 * (one series per pod, labelled with its node, provisioner and phase).
 */
public final class ProvisioningMetrics {
  public static final String SCHEDULING_DURATION = "karpenter_provisioner_scheduling_duration";
  public static final String PODS_STATE = "karpenter_pods_state";

  private final MeterRegistry registry;
  private final Timer schedulingDuration;

  /**
   * One gauge per pod state shown, so that a pass registers only the rows that appeared and removes
   * the ones that went: re-registering 2,000 rows whenever one pod changed cost more than the pass.
   */
  private final Map<PodState, Gauge> podsState = new HashMap<>();

  public ProvisioningMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.schedulingDuration =
        Timer.builder(SCHEDULING_DURATION)
            .description("Duration of scheduling process in seconds.")
            .register(registry);
  }

  void scheduled(Duration duration) {
    schedulingDuration.record(duration);
  }

  /** One pod as the gauge shows it. */
  record PodState(String name, String namespace, String node, String provisioner, String phase) {}

  synchronized void podsState(List<PodState> pods) {
    Set<PodState> shown = new HashSet<>(pods);
    podsState
        .entrySet()
        .removeIf(
            row -> {
              if (shown.contains(row.getKey())) {
                return false;
              }
              registry.remove(row.getValue());
              return true;
            });
    for (PodState p : shown) {
      podsState.computeIfAbsent(
          p,
          row ->
              Gauge.builder(PODS_STATE, () -> 1)
                  .description("Pod state is the current state of pods.")
                  .tags(
                      "name", row.name(),
                      "namespace", row.namespace(),
                      "node", row.node(),
                      "provisioner", row.provisioner(),
                      "phase", row.phase())
                  .register(registry));
    }
  }

  static String orEmpty(Map<String, String> map, String key) {
    String v = map == null ? null : map.get(key);
    return v == null ? "" : v;
  }
}

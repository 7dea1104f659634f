package dev.dovetail.controllers.provisioning;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The provisioner's meters with upstream names: {@code
 * karpenter_provisioner_scheduling_duration_seconds} (one solve) and {@code karpenter_pods_state}
 * (one series per pod, labelled with its node, provisioner and phase).
 */
public final class ProvisioningMetrics {
  public static final String SCHEDULING_DURATION = "karpenter_provisioner_scheduling_duration";
  public static final String PODS_STATE = "karpenter_pods_state";

  private final Timer schedulingDuration;
  private final MultiGauge podsState;

  /** The rows last registered: a pass that changed no pod skips re-registering 2,000 rows. */
  private volatile List<PodState> lastPodsState = List.of();

  public ProvisioningMetrics(MeterRegistry registry) {
    this.schedulingDuration =
        Timer.builder(SCHEDULING_DURATION)
            .description("Duration of scheduling process in seconds.")
            .register(registry);
    this.podsState =
        MultiGauge.builder(PODS_STATE)
            .description("Pod state is the current state of pods.")
            .register(registry);
  }

  void scheduled(Duration duration) {
    schedulingDuration.record(duration);
  }

  /** One pod as the gauge shows it. */
  record PodState(String name, String namespace, String node, String provisioner, String phase) {}

  void podsState(List<PodState> pods) {
    if (pods.equals(lastPodsState)) {
      return;
    }
    lastPodsState = List.copyOf(pods);
    List<MultiGauge.Row<?>> rows = new ArrayList<>(pods.size());
    for (PodState p : pods) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of(
                  "name", p.name(),
                  "namespace", p.namespace(),
                  "node", p.node(),
                  "provisioner", p.provisioner(),
                  "phase", p.phase()),
              1));
    }
    podsState.register(rows, true);
  }

  static String orEmpty(Map<String, String> map, String key) {
    String v = map == null ? null : map.get(key);
    return v == null ? "" : v;
  }
}

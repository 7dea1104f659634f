package dev.dovetail.controllers.deprovisioning;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upstream's deprovisioning metrics plus {@code dovetail_deprovisioning_savings_usd_per_hour} (a
 * counter of the $/h that commands removed).
 */
public final class DeprovisioningMetrics {
  public static final String ACTIONS = "karpenter_deprovisioning_actions_performed";
  public static final String EVALUATION = "karpenter_deprovisioning_evaluation_duration";
  public static final String ELIGIBLE = "karpenter_deprovisioning_eligible_machines";
  public static final String REPLACEMENT_INITIALIZED =
      "karpenter_deprovisioning_replacement_machine_initialized";
  public static final String LAUNCH_FAILURES =
      "karpenter_deprovisioning_replacement_machine_launch_failure_counter";
  public static final String TIMEOUTS = "karpenter_deprovisioning_consolidation_timeouts";
  public static final String SAVINGS = "dovetail_deprovisioning_savings_usd_per_hour";

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> eligible = new ConcurrentHashMap<>();

  public DeprovisioningMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void actionPerformed(String action, String deprovisioner) {
    registry.counter(ACTIONS, "action", action, "deprovisioner", deprovisioner).increment();
  }

  void evaluated(String method, Duration took) {
    Timer.builder(EVALUATION).tag("method", method).register(registry).record(took);
  }

  void eligibleMachines(String deprovisioner, int count) {
    eligible
        .computeIfAbsent(
            deprovisioner,
            d ->
                registry.gauge(
                    ELIGIBLE,
                    io.micrometer.core.instrument.Tags.of("deprovisioner", d),
                    new AtomicInteger()))
        .set(count);
  }

  void replacementInitialized(Duration took) {
    Timer.builder(REPLACEMENT_INITIALIZED).register(registry).record(took);
  }

  void launchFailed(String deprovisioner) {
    registry.counter(LAUNCH_FAILURES, "deprovisioner", deprovisioner).increment();
  }

  void timedOut(String consolidationType) {
    registry.counter(TIMEOUTS, "consolidation_type", consolidationType).increment();
  }

  void saved(String deprovisioner, double usdPerHour) {
    if (usdPerHour > 0) {
      Counter.builder(SAVINGS)
          .description("$/h removed from the cluster's bill by deprovisioning commands")
          .tag("deprovisioner", deprovisioner)
          .register(registry)
          .increment(usdPerHour);
    }
  }
}

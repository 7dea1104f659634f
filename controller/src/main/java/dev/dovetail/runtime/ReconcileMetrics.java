package dev.dovetail.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * controller-runtime's reconcile metrics, which Karpenter exports for its loops too: {@code
 * controller_runtime_reconcile_total{controller,result}}, {@code
 * controller_runtime_reconcile_errors_total}, {@code controller_runtime_reconcile_time_seconds},
 * {@code controller_runtime_active_workers} and {@code
 * controller_runtime_max_concurrent_reconciles}.
 */
final class ReconcileMetrics {
  private final MeterRegistry registry;
  private final String controller;
  private final Counter errors;
  private final Timer time;
  private final AtomicInteger active = new AtomicInteger();
  // Micrometer gauges hold their state weakly: keep it referenced here.
  private final AtomicInteger maxConcurrent;

  ReconcileMetrics(MeterRegistry registry, String controller, int maxConcurrent) {
    this.registry = registry;
    this.controller = controller;
    this.errors =
        Counter.builder("controller_runtime_reconcile_errors")
            .description("Total number of reconciliation errors per controller")
            .tag("controller", controller)
            .register(registry);
    this.time =
        Timer.builder("controller_runtime_reconcile_time")
            .description("Length of time per reconciliation per controller")
            .tag("controller", controller)
            .register(registry);
    registry.gauge(
        "controller_runtime_active_workers",
        io.micrometer.core.instrument.Tags.of("controller", controller),
        active);
    this.maxConcurrent =
        registry.gauge(
            "controller_runtime_max_concurrent_reconciles",
            io.micrometer.core.instrument.Tags.of("controller", controller),
            new AtomicInteger(maxConcurrent));
  }

  void started() {
    active.incrementAndGet();
  }

  void finished(Result result, Duration elapsed) {
    active.decrementAndGet();
    time.record(elapsed);
    Counter.builder("controller_runtime_reconcile")
        .description("Total number of reconciliations per controller")
        .tag("controller", controller)
        .tag("result", result.label())
        .register(registry)
        .increment();
    if (result instanceof Result.Failed) {
      errors.increment();
    }
  }
}

package dev.dovetail.operator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Named liveness and readiness checks behind {@code /healthz} and {@code /readyz}. A check that
 * throws counts as failing. Readiness typically waits for the informer caches and the CRDs;
 * liveness for the process loops.
 */
public final class HealthChecks {
  /** The outcome of one probe: healthy or not, and one line per check. */
  public record Report(boolean healthy, String body) {}

  private final Map<String, BooleanSupplier> liveness = new LinkedHashMap<>();
  private final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();

  public synchronized HealthChecks addLiveness(String name, BooleanSupplier check) {
    liveness.put(name, check);
    return this;
  }

  public synchronized HealthChecks addReadiness(String name, BooleanSupplier check) {
    readiness.put(name, check);
    return this;
  }

  public synchronized Report live() {
    return run(liveness);
  }

  /** Ready only when live too, as controller-runtime's readyz does not imply it but we want it. */
  public synchronized Report ready() {
    Map<String, BooleanSupplier> all = new LinkedHashMap<>(liveness);
    all.putAll(readiness);
    return run(all);
  }

  private static Report run(Map<String, BooleanSupplier> checks) {
    StringBuilder body = new StringBuilder();
    boolean healthy = true;
    for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
      boolean ok;
      try {
        ok = check.getValue().getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      healthy &= ok;
      body.append(ok ? "[+]" : "[-]").append(check.getKey()).append(ok ? " ok" : " failed");
      body.append('\n');
    }
    body.append(healthy ? "ok" : "unhealthy").append('\n');
    return new Report(healthy, body.toString());
  }
}

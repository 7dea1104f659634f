package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a Machine whose Node has not registered within {@link #REGISTRATION_TTL}, counted from
 * when its {@code MachineRegistered} condition was first written (the Machine's first lifecycle
 * pass, so a Machine that keeps failing to launch is replaced too). The provisioner then plans its
 * pods again.
 */
final class Liveness implements LifecycleStep {
  private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

  static final Duration REGISTRATION_TTL = Duration.ofMinutes(15);

  private final KubernetesClient client;
  private final LifecycleMetrics metrics;

  Liveness(KubernetesClient client, LifecycleMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  @Override
  public Result reconcile(MachineReconcile m) {
    if (MachineConditions.isTrue(m.status, Keys.MACHINE_REGISTERED)) {
      return Result.done();
    }
    Optional<Instant> since = MachineConditions.lastTransition(m.status, Keys.MACHINE_REGISTERED);
    if (since.isEmpty()) {
      return Result.requeueAfter(REGISTRATION_TTL);
    }
    Duration waited = Duration.between(since.get(), m.now);
    if (waited.compareTo(REGISTRATION_TTL) < 0) {
      return Result.requeueAfter(REGISTRATION_TTL.minus(waited));
    }
    client.resources(Machine.class).withName(m.name()).delete();
    LOG.atInfo()
        .addKeyValue("machine", m.name())
        .addKeyValue("provisioner", m.provisioner())
        .addKeyValue("ttl", REGISTRATION_TTL.toString())
        .log("deprovisioning machine due to registration ttl");
    metrics.machineTerminated(MetricNames.LIVENESS, m.provisioner());
    m.deleted = true;
    return Result.done();
  }
}

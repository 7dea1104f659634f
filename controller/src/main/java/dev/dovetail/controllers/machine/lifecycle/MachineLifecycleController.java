package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Conflicts;
import dev.dovetail.controllers.Keys;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.runtime.Reconciler;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * Takes a Machine from creation to an initialized Node, and through termination when it is deleted.
 *
 * <p>Each pass adds the {@code karpenter.sh/termination} finalizer first (never launch what could
 * leak), then runs {@link Launch}, {@link Registration}, {@link Initialization} and {@link
 * Liveness} on one in-memory copy, and writes the Machine's metadata and status only when they
 * changed. A write conflict is a quick requeue, not a failure. A deleted Machine goes through
 * {@link MachineTermination}. Reconciled by name (Machines are cluster-scoped).
 */
public final class MachineLifecycleController implements Reconciler<String> {
  /** The controller name in logs and metrics. */
  public static final String NAME = "machine.lifecycle";

  private final KubernetesClient client;
  private final Clock clock;
  private final List<LifecycleStep> steps;
  private final MachineTermination termination;

  public MachineLifecycleController(
      KubernetesClient client,
      CloudProvider cloudProvider,
      ClusterLookup lookup,
      EventRecorder events,
      LifecycleMetrics metrics,
      Clock clock) {
    this.client = client;
    this.clock = clock;
    this.steps =
        List.of(
            new Launch(client, cloudProvider, events, metrics),
            new Registration(client, lookup, metrics),
            new Initialization(client, lookup, metrics),
            new Liveness(client, metrics));
    this.termination = new MachineTermination(client, cloudProvider, lookup);
  }

  @Override
  public Result reconcile(String name) {
    try (MDC.MDCCloseable c = MDC.putCloseable("machine", name)) {
      Machine machine = client.resources(Machine.class).withName(name).get();
      if (machine == null) {
        return Result.done();
      }
      if (machine.getMetadata().getDeletionTimestamp() != null) {
        return termination.finalize(machine);
      }
      if (addFinalizer(machine)) {
        machine = client.resources(Machine.class).resource(machine).update();
      }
      MachineReconcile m = new MachineReconcile(machine, clock.instant());
      List<Result> results = new ArrayList<>();
      for (LifecycleStep step : steps) {
        results.add(step.reconcile(m));
        if (m.deleted) {
          // The finalizer runs next; nothing else to write on a Machine that is going away.
          return Result.requeueAfter(Duration.ZERO);
        }
      }
      write(m);
      return combine(results);
    } catch (KubernetesClientException e) {
      if (Conflicts.isConflict(e)) {
        return Result.requeueAfter(Conflicts.RETRY);
      }
      if (Conflicts.isNotFound(e)) {
        return Result.done();
      }
      throw e;
    }
  }

  private static boolean addFinalizer(Machine machine) {
    List<String> finalizers =
        machine.getMetadata().getFinalizers() == null
            ? new ArrayList<>()
            : new ArrayList<>(machine.getMetadata().getFinalizers());
    if (finalizers.contains(Keys.TERMINATION_FINALIZER)) {
      return false;
    }
    finalizers.add(Keys.TERMINATION_FINALIZER);
    machine.getMetadata().setFinalizers(finalizers);
    return true;
  }

  private void write(MachineReconcile m) {
    Machine machine = m.machine;
    if (m.metadataChanged()) {
      machine.getMetadata().setLabels(m.labels);
      machine.getMetadata().setAnnotations(m.annotations);
      machine = client.resources(Machine.class).resource(machine).update();
    }
    if (m.statusChanged()) {
      machine.setStatus(m.status);
      client.resources(Machine.class).resource(machine).updateStatus();
    }
  }

  /** The first failure, else the soonest requeue, else done. */
  static Result combine(List<Result> results) {
    Duration soonest = null;
    for (Result r : results) {
      if (r instanceof Result.Failed) {
        return r;
      }
      if (r instanceof Result.RequeueAfter after
          && (soonest == null || after.delay().compareTo(soonest) < 0)) {
        soonest = after.delay();
      }
    }
    return soonest == null ? Result.done() : Result.requeueAfter(soonest);
  }
}

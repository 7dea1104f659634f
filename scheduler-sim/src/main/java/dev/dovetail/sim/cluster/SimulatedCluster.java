package dev.dovetail.sim.cluster;

import dev.dovetail.runtime.ControllerManager;
import dev.dovetail.runtime.ExponentialBackoff;
import dev.dovetail.runtime.SingletonLoop;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.sim.kubelet.InstanceSource;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.workload.DaemonSetController;
import dev.dovetail.sim.workload.DisruptionController;
import dev.dovetail.sim.workload.WorkloadController;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * The parts of Kubernetes that the embedded API does not run, as loops: Deployment/ReplicaSet,
 * DaemonSet and disruption (PodDisruptionBudget status) controllers, kube-scheduler, and the
 * kubelets of the instances of an {@link InstanceSource}. Each runs every {@code interval} on the
 * given scheduler, so a demo runs them on real time and a test on a fake clock.
 */
public final class SimulatedCluster implements AutoCloseable {
  private final WorkloadController workloads;
  private final DaemonSetController daemonSets;
  private final DisruptionController disruption;
  private final SimulatedScheduler scheduler;
  private final SimulatedKubelet kubelet;
  private final ControllerManager loops;

  /**
   * @param runner runs the passes (a direct executor in tests, whose passes then run on the thread
   *     that steps the scheduler); null gives each loop a thread of its own
   */
  public SimulatedCluster(
      KubernetesClient client,
      InstanceSource instances,
      Clock clock,
      TaskScheduler taskScheduler,
      Executor runner,
      MeterRegistry registry,
      Random random,
      SimulatedKubelet.Delays delays,
      Duration interval) {
    this.workloads = new WorkloadController(client, random, interval);
    this.daemonSets = new DaemonSetController(client, random, interval);
    this.disruption = new DisruptionController(client, interval);
    this.scheduler = new SimulatedScheduler(client, clock, interval);
    this.kubelet = new SimulatedKubelet(client, instances, clock, delays, interval);
    this.loops =
        new ControllerManager(
            List.of(
                loop("sim.workloads", workloads, clock, taskScheduler, runner, registry),
                loop("sim.daemonsets", daemonSets, clock, taskScheduler, runner, registry),
                loop("sim.disruption", disruption, clock, taskScheduler, runner, registry),
                loop("sim.kubelet", kubelet, clock, taskScheduler, runner, registry),
                loop("sim.scheduler", scheduler, clock, taskScheduler, runner, registry)));
  }

  private static SingletonLoop loop(
      String name,
      SingletonReconciler reconciler,
      Clock clock,
      TaskScheduler scheduler,
      Executor runner,
      MeterRegistry registry) {
    return runner == null
        ? new SingletonLoop(name, reconciler, clock, scheduler, registry)
        : new SingletonLoop(
            name, reconciler, clock, scheduler, registry, ExponentialBackoff.defaults(), runner);
  }

  public void start() {
    loops.startAll();
  }

  /** One pass of every part, in dependency order, on the calling thread. */
  public void syncOnce() {
    workloads.sync();
    daemonSets.sync();
    kubelet.sync();
    scheduler.schedulePending();
    kubelet.sync();
    disruption.sync();
  }

  public SimulatedScheduler scheduler() {
    return scheduler;
  }

  public SimulatedKubelet kubelet() {
    return kubelet;
  }

  @Override
  public void close() {
    loops.stopAll(Duration.ofSeconds(5));
  }
}

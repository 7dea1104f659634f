package dev.dovetail.controllers.node.termination;

import dev.dovetail.events.EventRecorder;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ExponentialBackoff;
import dev.dovetail.runtime.ObjectController;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.TaskScheduler;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts pods one request at a time, each pod at most once in the queue until it is evicted or
 * gone. A refusal by a PodDisruptionBudget (429) publishes {@code FailedDraining} on the node and
 * retries the pod with its own backoff, 100 ms doubling to 10 s; other errors back off the same
 * way.
 */
public final class EvictionQueue implements Controller {
  /** The controller name in logs and metrics. */
  public static final String NAME = "eviction-queue";

  static final Duration BASE_DELAY = Duration.ofMillis(100);
  static final Duration MAX_DELAY = Duration.ofSeconds(10);
  private static final int WORKERS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(EvictionQueue.class);

  /** A pod to evict and the node it drains from (for the events). */
  public record PodKey(String namespace, String name, String uid, String node, String nodeUid) {}

  private final PodEvictor evictor;
  private final EventRecorder events;
  private final ObjectController<PodKey> controller;
  private final Set<PodKey> pending = ConcurrentHashMap.newKeySet();
  private final ExponentialBackoff<PodKey> refused =
      new ExponentialBackoff<>(BASE_DELAY, MAX_DELAY);

  public EvictionQueue(
      PodEvictor evictor,
      EventRecorder events,
      Clock clock,
      TaskScheduler scheduler,
      MeterRegistry registry) {
    this.evictor = evictor;
    this.events = events;
    this.controller =
        new ObjectController<>(
            NAME,
            this::evict,
            WORKERS,
            clock,
            scheduler,
            registry,
            new ExponentialBackoff<>(BASE_DELAY, MAX_DELAY));
  }

  /** Queues the pods for eviction from {@code node}; pods already queued are left as they are. */
  public void enqueue(Collection<Pod> pods, Node node) {
    for (Pod pod : pods) {
      PodKey key =
          new PodKey(
              pod.getMetadata().getNamespace(),
              pod.getMetadata().getName(),
              pod.getMetadata().getUid(),
              node.getMetadata().getName(),
              node.getMetadata().getUid());
      if (pending.add(key)) {
        controller.enqueue(key);
      }
    }
  }

  /** Pods queued and not yet evicted. */
  public int pendingCount() {
    return pending.size();
  }

  /** Runs ready evictions on the calling thread (tests); returns how many ran. */
  public int processReady() {
    return controller.processReady();
  }

  private Result evict(PodKey key) {
    PodEvictor.Outcome outcome = evictor.evict(key.namespace(), key.name());
    switch (outcome) {
      case EVICTED -> {
        events.publish(TerminationEvents.evicted(key));
        LOG.atDebug()
            .addKeyValue("pod", key.namespace() + "/" + key.name())
            .addKeyValue("node", key.node())
            .log("evicted pod");
        forget(key);
        return Result.done();
      }
      case NOT_FOUND -> {
        forget(key);
        return Result.done();
      }
      default -> {
        events.publish(
            TerminationEvents.failedDraining(
                TerminationEvents.node(key.node(), key.nodeUid()),
                "evicting pod " + key.namespace() + "/" + key.name() + " violates a PDB"));
        return Result.requeueAfter(refused.next(key));
      }
    }
  }

  private void forget(PodKey key) {
    pending.remove(key);
    refused.forget(key);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start() {
    controller.start();
  }

  @Override
  public boolean stop(Duration grace) {
    return controller.stop(grace);
  }
}

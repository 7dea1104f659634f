package dev.dovetail.aws.controllers.interruption;

import dev.dovetail.aws.instancetype.UnavailableOfferings;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.SingletonLoop;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.state.ClusterState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the interruption controllers for the daemon: nothing without a queue name (as upstream),
 * else the queue poller and the loop that drains interrupted nodes once their replacements are up.
 * Both are singleton loops, so they run on the leader only.
 */
public final class InterruptionControllers {
  private InterruptionControllers() {}

  /**
   * @param provisionNow one provisioning pass now, returning the names of the Machines it created
   * @param workers where one batch's messages are handled; by default a pool of {@link
   *     PollSettings#workers()} threads
   */
  public static List<Controller> create(
      String queueName,
      RebalanceAction rebalanceAction,
      Optional<SqsClient> sqs,
      KubernetesClient client,
      ClusterState state,
      UnavailableOfferings unavailable,
      EventRecorder events,
      Supplier<List<String>> provisionNow,
      MeterRegistry registry,
      Clock clock,
      TaskScheduler scheduler,
      Optional<Executor> workers) {
    if (queueName == null || queueName.isBlank() || sqs.isEmpty()) {
      return List.of();
    }
    InterruptionMetrics metrics = new InterruptionMetrics(registry);
    InterruptedNodes nodes =
        new InterruptedNodes(client, state, provisionNow, events, clock, queueName);
    InterruptionHandler handler =
        new InterruptionHandler(
            state, unavailable, nodes, events, metrics, clock, rebalanceAction, true);
    PollSettings poll = PollSettings.UPSTREAM;
    InterruptionController poller =
        new InterruptionController(
            new InterruptionQueue(sqs.get(), queueName, poll),
            handler,
            metrics,
            clock,
            workers.orElseGet(
                () ->
                    Executors.newFixedThreadPool(
                        poll.workers(),
                        Thread.ofPlatform()
                            .name("interruption-handler-", 0)
                            .daemon(true)
                            .factory())));
    return List.of(
        new SingletonLoop(InterruptionController.NAME, poller, clock, scheduler, registry),
        new SingletonLoop(InterruptedNodes.NAME, nodes, clock, scheduler, registry));
  }
}

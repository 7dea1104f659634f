package dev.dovetail.aws.controllers.interruption;

import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.NoOp;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.RebalanceRecommendation;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.ScheduledChange;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.SpotInterruption;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.StateChange;
import dev.dovetail.aws.instancetype.UnavailableOfferings;
import dev.dovetail.events.Event;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on one parsed interruption message (docs/design/interruption.md): maps its instance ids to
 * the Machines and Nodes Dovetail owns (others are ignored), publishes the kind's event, marks an
 * interrupted spot offering unavailable, and hands the node to {@link InterruptedNodes}. A second
 * delivery of the same instance's interruption (SQS delivers at least once) causes no second
 * action.
 */
public final class InterruptionHandler {
  /** How long EC2 gives a spot instance after its interruption warning. */
  static final Duration SPOT_NOTICE = Duration.ofMinutes(2);

  /** What is left of the notice for draining when no replacement came up earlier. */
  static final Duration DRAIN_BUDGET = Duration.ofSeconds(30);

  /** How long a rebalance recommendation's replacement may take before the node drains anyway. */
  static final Duration REBALANCE_WAIT = Duration.ofMinutes(10);

  /** How long an instance that was acted on is remembered, to ignore repeated deliveries. */
  static final Duration REMEMBER = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger("controller.interruption");

  private final ClusterState state;
  private final UnavailableOfferings unavailable;
  private final InterruptedNodes nodes;
  private final EventRecorder events;
  private final InterruptionMetrics metrics;
  private final Clock clock;
  private final RebalanceAction rebalanceAction;
  private final boolean replaceBeforeDrain;
  private final Map<String, Instant> actedOn = new ConcurrentHashMap<>();

  /**
   * @param replaceBeforeDrain launch a spot-interrupted node's replacement before draining it
   *     (Dovetail); false deletes it at once as upstream does
   */
  public InterruptionHandler(
      ClusterState state,
      UnavailableOfferings unavailable,
      InterruptedNodes nodes,
      EventRecorder events,
      InterruptionMetrics metrics,
      Clock clock,
      RebalanceAction rebalanceAction,
      boolean replaceBeforeDrain) {
    this.state = state;
    this.unavailable = unavailable;
    this.nodes = nodes;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.rebalanceAction = rebalanceAction;
    this.replaceBeforeDrain = replaceBeforeDrain;
  }

  public void handle(InterruptionMessage message) {
    switch (message) {
      case NoOp n ->
          LOG.atDebug()
              .addKeyValue("message-id", n.id())
              .addKeyValue("reason", n.reason())
              .log("ignoring interruption message");
      case SpotInterruption s -> {
        Instant drainBy = s.time().orElse(clock.instant()).plus(SPOT_NOTICE).minus(DRAIN_BUDGET);
        act(
            s,
            s.instanceId(),
            InterruptionEvents::spotInterrupted,
            target -> {
              markOfferingUnavailable(target);
              if (replaceBeforeDrain) {
                nodes.replaceThenDrain(target, s.kind(), drainBy);
              } else {
                nodes.deleteNow(target, s.kind());
              }
            });
      }
      case RebalanceRecommendation r -> {
        if (rebalanceAction == RebalanceAction.REPLACE) {
          act(
              r,
              r.instanceId(),
              InterruptionEvents::rebalanceRecommendation,
              target ->
                  nodes.replaceThenDrain(target, r.kind(), clock.instant().plus(REBALANCE_WAIT)));
        } else {
          owned(r.instanceId())
              .ifPresent(
                  target -> {
                    publish(target, InterruptionEvents::rebalanceRecommendation);
                    metrics.action(InterruptionMetrics.NO_ACTION);
                  });
        }
      }
      case ScheduledChange c -> {
        for (String id : c.instanceIds()) {
          act(c, id, InterruptionEvents::unhealthy, target -> nodes.deleteNow(target, c.kind()));
        }
      }
      case StateChange c ->
          act(
              c,
              c.instanceId(),
              c.stopping() ? InterruptionEvents::stopping : InterruptionEvents::terminating,
              target -> nodes.deleteNow(target, c.kind()));
    }
  }

  private void act(
      InterruptionMessage message,
      String instanceId,
      Function<HasMetadata, Event> event,
      java.util.function.Consumer<StateNode> action) {
    Optional<StateNode> found = owned(instanceId);
    if (found.isEmpty()) {
      LOG.atDebug()
          .addKeyValue("message-id", message.id())
          .addKeyValue("instance-id", instanceId)
          .log("ignoring interruption message for an instance Dovetail does not manage");
      return;
    }
    StateNode target = found.get();
    publish(target, event);
    if (target.machine().get().getMetadata().getDeletionTimestamp() != null
        || !firstAction(instanceId)) {
      return;
    }
    metrics.action(InterruptionMetrics.CORDON_AND_DRAIN);
    try {
      action.accept(target);
    } catch (RuntimeException e) {
      // Not acted on after all: a re-delivery may try again.
      actedOn.remove(instanceId);
      throw e;
    }
  }

  /** True once per instance within {@link #REMEMBER}. */
  private boolean firstAction(String instanceId) {
    Instant now = clock.instant();
    actedOn.values().removeIf(at -> at.plus(REMEMBER).isBefore(now));
    return actedOn.putIfAbsent(instanceId, now) == null;
  }

  /** The Machine (and Node, if registered) of an instance Dovetail launched. */
  private Optional<StateNode> owned(String instanceId) {
    String suffix = "/" + instanceId;
    return state.nodes().stream()
        .filter(n -> n.machine().isPresent())
        .filter(n -> n.key().startsWith("aws://") && n.key().endsWith(suffix))
        .findFirst();
  }

  private void publish(StateNode target, Function<HasMetadata, Event> event) {
    target.node().ifPresent(n -> events.publish(event.apply(n)));
    target.machine().ifPresent(m -> events.publish(event.apply(m)));
  }

  private void markOfferingUnavailable(StateNode target) {
    Map<String, String> labels =
        target
            .node()
            .map(n -> n.getMetadata().getLabels())
            .or(() -> target.machine().map(m -> m.getMetadata().getLabels()))
            .orElse(Map.of());
    String type = labels.get(WellKnownLabels.INSTANCE_TYPE);
    String zone = labels.get(WellKnownLabels.ZONE);
    if (type == null || zone == null) {
      return;
    }
    unavailable.markUnavailable(CapacityType.SPOT, type, zone);
    LOG.atDebug()
        .addKeyValue("reason", "SpotInterruption")
        .addKeyValue("instance-type", type)
        .addKeyValue("zone", zone)
        .addKeyValue("capacity-type", CapacityType.SPOT.label())
        .addKeyValue("ttl", UnavailableOfferings.TTL.toString())
        .log("removing offering from offerings");
  }
}

package dev.dovetail.aws.controllers.interruption.messages;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One EventBridge event from the interruption queue, parsed into the kind the controller acts on
 * (docs/design/interruption.md). {@link #kind()} is the {@code message_type} metric label.
 */
public sealed interface InterruptionMessage {
  /** The EventBridge event id. */
  String id();

  /** When the event happened (the envelope's {@code time}), if it carried a valid one. */
  Optional<Instant> time();

  /** The bounded label for {@code karpenter_interruption_received_messages{message_type}}. */
  String kind();

  /** The instances the event is about. */
  List<String> instanceIds();

  /** EC2 will reclaim a spot instance in two minutes. */
  record SpotInterruption(
      String id, Optional<Instant> time, String instanceId, String instanceAction)
      implements InterruptionMessage {
    @Override
    public String kind() {
      return "spot_interrupted";
    }

    @Override
    public List<String> instanceIds() {
      return List.of(instanceId);
    }
  }

  /** A spot instance is at elevated risk of interruption. */
  record RebalanceRecommendation(String id, Optional<Instant> time, String instanceId)
      implements InterruptionMessage {
    @Override
    public String kind() {
      return "rebalance_recommendation";
    }

    @Override
    public List<String> instanceIds() {
      return List.of(instanceId);
    }
  }

  /** AWS Health scheduled maintenance of EC2 instances. */
  record ScheduledChange(
      String id, Optional<Instant> time, String eventTypeCode, List<String> instanceIds)
      implements InterruptionMessage {
    public ScheduledChange {
      instanceIds = List.copyOf(instanceIds);
    }

    @Override
    public String kind() {
      return "scheduled_change";
    }
  }

  /** An instance is stopping, stopped, shutting down or terminated. */
  record StateChange(String id, Optional<Instant> time, String instanceId, String state)
      implements InterruptionMessage {
    @Override
    public String kind() {
      return "state_change";
    }

    @Override
    public List<String> instanceIds() {
      return List.of(instanceId);
    }

    /** Stopping or stopped (else shutting down or terminated). */
    public boolean stopping() {
      return state.equals("stopping") || state.equals("stopped");
    }
  }

  /** A well-formed event the controller does not act on (unknown kind or filtered out). */
  record NoOp(String id, Optional<Instant> time, String reason) implements InterruptionMessage {
    @Override
    public String kind() {
      return "no_op";
    }

    @Override
    public List<String> instanceIds() {
      return List.of();
    }
  }
}

package dev.dovetail.aws.controllers.interruption;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** Karpenter's interruption metrics, with their names and bounded labels. */
public final class InterruptionMetrics {
  static final String RECEIVED = "karpenter_interruption_received_messages";
  static final String DELETED = "karpenter_interruption_deleted_messages";
  static final String LATENCY = "karpenter_interruption_message_latency_time";
  static final String ACTIONS = "karpenter_interruption_actions_performed";

  /** The {@code message_type} of a body that is not an event the parser can read. */
  static final String UNPARSEABLE = "unparseable";

  static final String CORDON_AND_DRAIN = "CordonAndDrain";
  static final String NO_ACTION = "NoAction";

  private final MeterRegistry registry;

  public InterruptionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void received(String messageType) {
    Counter.builder(RECEIVED)
        .description("Count of messages received from the SQS queue.")
        .tag("message_type", messageType)
        .register(registry)
        .increment();
  }

  void deleted() {
    Counter.builder(DELETED)
        .description("Count of messages deleted from the SQS queue.")
        .register(registry)
        .increment();
  }

  /** Time from the event to its handling. */
  void latency(Duration elapsed) {
    DistributionSummary.builder(LATENCY)
        .description("Length of time between message creation in queue and an action taken.")
        .baseUnit("seconds")
        .publishPercentiles(0.5, 0.9, 0.99)
        .register(registry)
        .record(Math.max(0, elapsed.toMillis()) / 1000.0);
  }

  void action(String actionType) {
    Counter.builder(ACTIONS)
        .description("Number of notification actions performed.")
        .tag("action_type", actionType)
        .register(registry)
        .increment();
  }
}

package dev.dovetail.aws.controllers.interruption;

import static dev.dovetail.aws.controllers.interruption.InterruptionFixture.OTHER;
import static dev.dovetail.aws.controllers.interruption.InterruptionFixture.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.runtime.Result;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class InterruptionControllerTest {
  private final InterruptionFixture f = new InterruptionFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private InterruptionFixture dovetail() {
    return f.start(true, RebalanceAction.NONE, Runnable::run);
  }

  @Test
  void aSpotWarningLaunchesTheReplacementFirstAndDrainsOnceItIsInitialized() {
    dovetail();
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));

    assertThat(f.controller.reconcile()).isEqualTo(Result.done());

    assertThat(f.replacements).as("replacement Machines created at once").hasSize(1);
    assertThat(f.machineExists(machine.getMetadata().getName()))
        .as("not drained before the replacement is up")
        .isTrue();
    Node marked = f.kube.client().nodes().withName("node-" + OURS).get();
    assertThat(marked.getMetadata().getAnnotations()).containsKey(StateNode.INTERRUPTION_PENDING);
    assertThat(marked.getSpec().getTaints())
        .anyMatch(
            t ->
                t.getKey().equals(StateNode.INTERRUPTION_PENDING)
                    && t.getEffect().equals("NoSchedule"));
    assertThat(f.state.nodeByName("node-" + OURS).orElseThrow().isDeleting())
        .as("never a target for new pods or consolidation")
        .isTrue();
    assertThat(
            f.unavailable.isUnavailable(
                CapacityType.SPOT, InterruptionFixture.TYPE, InterruptionFixture.ZONE))
        .isTrue();
    assertThat(f.events.withReason(InterruptionEvents.SPOT_INTERRUPTED)).hasSize(2);
    assertThat(f.queued()).as("message deleted").isZero();
    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "spot_interrupted"))
        .isEqualTo(1);
    assertThat(f.counter(InterruptionMetrics.DELETED)).isEqualTo(1);
    assertThat(f.counter(InterruptionMetrics.ACTIONS, "action_type", "CordonAndDrain"))
        .isEqualTo(1);

    f.nodes.reconcile();
    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();

    f.initialize(f.replacements.get(0));
    f.nodes.reconcile();

    assertThat(f.machineExists(machine.getMetadata().getName()))
        .as("deleted once the replacement is initialized")
        .isFalse();
    assertThat(f.events.withReason(InterruptionEvents.TERMINATING_ON_INTERRUPTION)).hasSize(2);
  }

  @Test
  void aSpotWarningDrainsAtTheDeadlineWhenTheReplacementIsNotUpInTime() {
    dovetail();
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));
    f.controller.reconcile();

    f.clock.advance(Duration.ofSeconds(80));
    f.nodes.reconcile();
    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();

    // 2 min notice from the event at 10:00:00, less 30 s to drain: 10:01:30.
    f.clock.advance(Duration.ofSeconds(5));
    f.nodes.reconcile();
    assertThat(f.machineExists(machine.getMetadata().getName())).isFalse();
  }

  @Test
  void theUpstreamOrderDeletesTheMachineAtOnceWithoutAReplacement() {
    f.start(false, RebalanceAction.NONE, Runnable::run);
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));

    f.controller.reconcile();

    assertThat(f.machineExists(machine.getMetadata().getName())).isFalse();
    assertThat(f.replacements).isEmpty();
    assertThat(
            f.unavailable.isUnavailable(
                CapacityType.SPOT, InterruptionFixture.TYPE, InterruptionFixture.ZONE))
        .isTrue();
  }

  @Test
  void aRebalanceRecommendationOnlyPublishesAnEventByDefault() {
    dovetail();
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("rebalance-recommendation.json", OURS));

    f.controller.reconcile();

    assertThat(f.events.withReason(InterruptionEvents.REBALANCE)).hasSize(2);
    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();
    assertThat(f.replacements).isEmpty();
    assertThat(f.counter(InterruptionMetrics.ACTIONS, "action_type", "NoAction")).isEqualTo(1);
    assertThat(f.queued()).isZero();
  }

  @Test
  void aRebalanceRecommendationWithReplaceLaunchesAReplacementThenDrains() {
    f.start(true, RebalanceAction.REPLACE, Runnable::run);
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("rebalance-recommendation.json", OURS));

    f.controller.reconcile();
    assertThat(f.replacements).hasSize(1);
    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();

    f.initialize(f.replacements.get(0));
    f.nodes.reconcile();
    assertThat(f.machineExists(machine.getMetadata().getName())).isFalse();
    assertThat(
            f.unavailable.isUnavailable(
                CapacityType.SPOT, InterruptionFixture.TYPE, InterruptionFixture.ZONE))
        .as("a recommendation is not an interruption")
        .isFalse();
  }

  @Test
  void stoppingTerminatedAndScheduledChangesDeleteTheMachineWithTheirEvents() {
    dovetail();
    var stopping = f.ownedNode(OURS);
    var terminated = f.ownedNode("i-0123456789abcdef1");
    var retiring = f.ownedNode("i-0123456789abcdef2");
    f.send(InterruptionFixture.valid("state-change-stopping.json", OURS));
    f.send(InterruptionFixture.valid("state-change-terminated.json", "i-0123456789abcdef1"));
    f.send(InterruptionFixture.valid("scheduled-change.json", "i-0123456789abcdef2"));

    f.controller.reconcile();

    assertThat(f.machineExists(stopping.getMetadata().getName())).isFalse();
    assertThat(f.machineExists(terminated.getMetadata().getName())).isFalse();
    assertThat(f.machineExists(retiring.getMetadata().getName())).isFalse();
    assertThat(f.events.withReason(InterruptionEvents.STOPPING)).hasSize(2);
    assertThat(f.events.withReason(InterruptionEvents.TERMINATING)).hasSize(2);
    assertThat(f.events.withReason(InterruptionEvents.UNHEALTHY)).hasSize(2);
    assertThat(f.replacements).as("upstream's path for these kinds").isEmpty();
    assertThat(f.counter(InterruptionMetrics.ACTIONS, "action_type", "CordonAndDrain"))
        .isEqualTo(3);
    assertThat(f.queued()).isZero();
  }

  @Test
  void instancesThatAreNotOursAreIgnoredAndTheirMessagesDeleted() {
    dovetail();
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("spot-interruption.json", OTHER));

    f.controller.reconcile();

    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();
    assertThat(f.events.events()).isEmpty();
    assertThat(f.counter(InterruptionMetrics.ACTIONS, "action_type", "CordonAndDrain")).isZero();
    assertThat(f.queued()).isZero();
    assertThat(f.counter(InterruptionMetrics.DELETED)).isEqualTo(1);
  }

  @Test
  void aMessageWhoseHandlingFailedComesBackAfterTheVisibilityTimeoutAndIsHandledThen() {
    dovetail();
    var machine = f.ownedNode(OURS);
    f.failingPasses = 1;
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));

    f.controller.reconcile();
    assertThat(f.queued()).as("left in the queue").isEqualTo(1);
    assertThat(f.counter(InterruptionMetrics.DELETED)).isZero();

    f.controller.reconcile();
    assertThat(f.replacements).as("invisible during its visibility timeout").isEmpty();

    f.clock.advance(Duration.ofSeconds(20));
    f.controller.reconcile();
    assertThat(f.replacements).hasSize(1);
    assertThat(f.queued()).isZero();
    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();
  }

  @Test
  void repeatedDeliveriesOfOneInterruptionCauseOneAction() {
    f.start(true, RebalanceAction.NONE, java.util.concurrent.Executors.newFixedThreadPool(10));
    f.ownedNode(OURS);
    String warning = InterruptionFixture.valid("spot-interruption.json", OURS);
    for (int i = 0; i < 5; i++) {
      f.send(warning);
    }

    f.controller.reconcile();
    f.send(warning);
    f.controller.reconcile();

    assertThat(f.replacements).hasSize(1);
    assertThat(f.counter(InterruptionMetrics.ACTIONS, "action_type", "CordonAndDrain"))
        .isEqualTo(1);
    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "spot_interrupted"))
        .isEqualTo(6);
    assertThat(f.queued()).isZero();
  }

  @Test
  void aMissingQueueFailsThePassAndIsLookedUpAgainOnceItExists() {
    dovetail();
    f.aws
        .sqs()
        .deleteQueue(
            software.amazon.awssdk.services.sqs.model.DeleteQueueRequest.builder()
                .queueUrl(
                    "https://sqs.us-west-2.amazonaws.com/123456789012/" + InterruptionFixture.QUEUE)
                .build());

    assertThat(f.controller.reconcile()).isInstanceOf(Result.Failed.class);

    f.aws.createInterruptionQueue(InterruptionFixture.QUEUE);
    f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("state-change-terminated.json", OURS));
    assertThat(f.controller.reconcile()).isEqualTo(Result.done());
    assertThat(f.queued()).isZero();
    assertThat(f.counter(InterruptionMetrics.ACTIONS, "action_type", "CordonAndDrain"))
        .isEqualTo(1);
  }

  @Test
  void noControllersRunWithoutAQueueName() {
    assertThat(
            InterruptionControllers.create(
                "",
                RebalanceAction.NONE,
                java.util.Optional.of(f.aws.sqs()),
                f.kube.client(),
                f.state,
                f.unavailable,
                f.events,
                java.util.List::of,
                f.registry,
                f.clock,
                (delay, task) -> () -> {},
                java.util.Optional.empty()))
        .isEmpty();
    assertThat(
            InterruptionControllers.create(
                    "q",
                    RebalanceAction.NONE,
                    java.util.Optional.of(f.aws.sqs()),
                    f.kube.client(),
                    f.state,
                    f.unavailable,
                    f.events,
                    java.util.List::of,
                    f.registry,
                    f.clock,
                    (delay, task) -> () -> {},
                    java.util.Optional.empty())
                .stream()
                .map(c -> c.name()))
        .containsExactly(InterruptionController.NAME, InterruptedNodes.NAME);
  }

  @Test
  void aReplacementWhoseLaunchFailedLetsTheDrainGoAhead() {
    dovetail();
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));
    f.controller.reconcile();

    f.kube
        .client()
        .resources(dev.dovetail.api.v1alpha5.Machine.class)
        .withName(f.replacements.get(0))
        .delete();
    f.syncMachines();
    f.nodes.reconcile();

    assertThat(f.machineExists(machine.getMetadata().getName())).isFalse();
  }

  @Test
  void aNewLeaderDrainsNodesMarkedByThePreviousOneAtTheirDeadline() {
    dovetail();
    var machine = f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));
    f.controller.reconcile();
    Node marked = f.kube.client().nodes().withName("node-" + OURS).get();

    // The leader is gone; its successor starts with cluster state from the informers.
    f.start(true, RebalanceAction.NONE, Runnable::run);
    f.state.updateNode(marked);
    f.nodes.reconcile();
    assertThat(f.nodes.waiting()).hasSize(1);
    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();

    f.clock.advance(Duration.ofSeconds(85));
    f.nodes.reconcile();
    assertThat(f.machineExists(machine.getMetadata().getName())).isFalse();
  }
}

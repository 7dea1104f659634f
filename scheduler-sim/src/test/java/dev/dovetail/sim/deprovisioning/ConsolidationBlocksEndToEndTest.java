package dev.dovetail.sim.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dovetail.events.Event;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * When consolidation must leave a node alone: blocking pods and annotations, spot nodes, no cheaper
 * replacement, and pods that arrive while a command waits for its validation.
 *
 * <p>Each case starts from one oversized node: {@code inflate} (1 CPU) and {@code filler} (2 CPU)
 * share an m5.xlarge; once {@code filler} is scaled to zero, a c5.large would do.
 */
@Timeout(180)
class ConsolidationBlocksEndToEndTest {
  private final DeprovisioningCluster c = new DeprovisioningCluster();

  @AfterEach
  void stop() {
    c.close();
  }

  private void provisioner(String capacityType, String types) {
    c.provisioner(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          consolidation: {enabled: true}
          providerRef: {name: default}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [%s]}
            - {key: node.kubernetes.io/instance-type, operator: In, values: [%s]}
        """
            .formatted(capacityType, types));
  }

  /** One m5.xlarge holding inflate; filler is gone. */
  private Node oversizedNode(Map<String, String> inflateAnnotations) {
    c.deployment("inflate", 1, "1", inflateAnnotations);
    c.deployment("filler", 1, "2");
    assertThat(
            c.roundsUntil(
                () -> c.running("inflate") == 1 && c.running("filler") == 1, Duration.ofMinutes(3)))
        .isTrue();
    assertThat(c.liveTypes()).as(c::describe).containsExactly("m5.xlarge");
    c.scale("filler", 0);
    c.roundsUntil(() -> c.pods("filler").isEmpty(), Duration.ofMinutes(1));
    return c.nodes().get(0);
  }

  private void assertNodeKept(Node node, Duration during) {
    c.roundsUntil(() -> false, during);
    assertThat(c.nodes())
        .as(c::describe)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getMetadata().getName()).isEqualTo(node.getMetadata().getName());
              assertThat(n.getMetadata().getDeletionTimestamp()).isNull();
              assertThat(n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
            });
    assertThat(c.events.withReason("DeprovisioningTerminating")).isEmpty();
  }

  private List<String> messages(String reason) {
    return c.events.withReason(reason).stream().map(Event::message).toList();
  }

  @Test
  void anOversizedOnDemandNodeIsReplacedByACheaperOne() {
    provisioner("on-demand", "c5.large, m5.xlarge");
    oversizedNode(Map.of());

    assertThat(
            c.roundsUntil(
                () -> c.settled() && c.liveTypes().equals(List.of("c5.large")),
                Duration.ofMinutes(3)))
        .as(c::describe)
        .isTrue();
    assertThat(messages("DeprovisioningTerminating"))
        .contains(
            "Deprovisioning Node: Consolidation/replace, $0.1920/h before, $0.0850/h after, saving"
                + " $0.1070/h");
  }

  @Test
  void aDoNotEvictPodBlocksWithDeprovisioningBlocked() {
    provisioner("on-demand", "c5.large, m5.xlarge");
    Node node = oversizedNode(Map.of("karpenter.sh/do-not-evict", "true"));

    assertNodeKept(node, Duration.ofMinutes(1));
    assertThat(messages("DeprovisioningBlocked"))
        .anyMatch(
            m ->
                m.startsWith("Cannot deprovision Node: Pod \"default/inflate-")
                    && m.endsWith("has \"karpenter.sh/do-not-evict\" annotation"));
  }

  @Test
  void aDoNotConsolidateNodeIsUnconsolidatableWithWhatItCosts() {
    provisioner("on-demand", "c5.large, m5.xlarge");
    Node node = oversizedNode(Map.of());
    c.client
        .nodes()
        .withName(node.getMetadata().getName())
        .edit(
            n -> {
              n.getMetadata().getAnnotations().put("karpenter.sh/do-not-consolidate", "true");
              return n;
            });

    assertNodeKept(node, Duration.ofMinutes(1));
    assertThat(messages("Unconsolidatable"))
        .contains(
            "karpenter.sh/do-not-consolidate annotation exists, keeping a node that costs"
                + " $0.1920/h");
  }

  @Test
  void aPodDisruptionBudgetThatAllowsNoDisruptionBlocks() {
    provisioner("on-demand", "c5.large, m5.xlarge");
    c.client
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("inflate")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "inflate")
                .endSelector()
                .withNewMinAvailable(1)
                .endSpec()
                .withNewStatus()
                .withDisruptionsAllowed(0)
                .withCurrentHealthy(1)
                .withDesiredHealthy(1)
                .withExpectedPods(1)
                .endStatus()
                .build())
        .create();
    Node node = oversizedNode(Map.of());

    assertNodeKept(node, Duration.ofMinutes(1));
    assertThat(messages("DeprovisioningBlocked"))
        .contains("Cannot deprovision Node: pdb \"default/inflate\" prevents pod evictions");
  }

  @Test
  void aSpotNodeIsNeverReplacedBySpot() {
    provisioner("spot", "c5.large, m5.xlarge");
    Node node = oversizedNode(Map.of());

    assertNodeKept(node, Duration.ofMinutes(1));
    assertThat(messages("Unconsolidatable")).contains("Can't replace a spot node with a spot node");
  }

  @Test
  void nothingHappensWhenNoReplacementIsCheaper() {
    provisioner("on-demand", "m5.xlarge");
    Node node = oversizedNode(Map.of());

    assertNodeKept(node, Duration.ofMinutes(1));
    assertThat(messages("Unconsolidatable"))
        .anyMatch(
            m -> m.startsWith("Can't replace with a cheaper node") && m.contains("$0.1920/h"));
  }

  @Test
  void podsArrivingDuringValidationAbandonTheCommand() {
    Logger log = (Logger) LoggerFactory.getLogger("controller.deprovisioning");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    log.addAppender(logs);
    try {
      provisioner("on-demand", "c5.large, m5.xlarge");
      Node node = oversizedNode(Map.of());

      // Run until the replace command waits for its 15 s validation.
      boolean validating = false;
      for (int i = 0; i < 24 && !validating; i++) {
        c.cluster();
        validating =
            c.deprovisioner.reconcile() instanceof Result.RequeueAfter r
                && r.delay().equals(Duration.ofSeconds(15));
        c.clock.advance(Duration.ofSeconds(5));
      }
      assertThat(validating).isTrue();

      // Churn: filler comes back and lands on the candidate.
      c.scale("filler", 1);
      c.cluster();
      c.clock.advance(Duration.ofSeconds(5));
      c.cluster();
      assertThat(c.running("filler")).isEqualTo(1);
      c.clock.advance(Duration.ofSeconds(10));
      c.deprovisioner.reconcile();

      assertThat(logs.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(
              m ->
                  m.startsWith(
                      "abandoning single-machine consolidation attempt due to pod churn, command is"
                          + " no longer valid"));
      assertThat(c.nodes())
          .singleElement()
          .satisfies(
              n -> assertThat(n.getMetadata().getName()).isEqualTo(node.getMetadata().getName()));
      assertThat(c.machineList()).hasSize(1);
    } finally {
      log.detachAppender(logs);
    }
  }
}

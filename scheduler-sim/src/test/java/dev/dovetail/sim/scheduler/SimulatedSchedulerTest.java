package dev.dovetail.sim.scheduler;

import static dev.dovetail.sim.SimObjects.pendingPod;
import static dev.dovetail.sim.SimObjects.readyNode;
import static dev.dovetail.testing.expect.Expectations.expectNotScheduled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedSchedulerTest {
  private final FakeClock clock = new FakeClock();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private SimulatedScheduler scheduler;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    scheduler = new SimulatedScheduler(client, clock, Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void bindsAPodToTheNodeItFitsAndMarksItScheduled() {
    node(readyNode("small", "1", "4"));
    node(readyNode("large", "4", "16"));
    pod(pendingPod("web", "2"));

    SimulatedScheduler.Pass pass = scheduler.schedulePending();

    assertThat(pass.bound()).containsExactly("default/web");
    Pod web = get("web");
    assertThat(web.getSpec().getNodeName()).isEqualTo("large");
    assertThat(scheduled(web).getStatus()).isEqualTo("True");
  }

  @Test
  void marksPodsThatFitNowhereUnschedulableWithUpstreamsMessage() {
    node(readyNode("small", "1", "4"));
    node(
        readyNode("gpu", "8", "32")
            .editSpec()
            .addNewTaint()
            .withKey("dedicated")
            .withValue("gpu")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec());
    pod(pendingPod("web", "2"));

    SimulatedScheduler.Pass pass = scheduler.schedulePending();

    assertThat(pass.unschedulable()).containsExactly("default/web");
    PodCondition condition = scheduled(get("web"));
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("Unschedulable");
    assertThat(condition.getMessage())
        .isEqualTo(
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint"
                + " {dedicated: gpu}.");
    expectNotScheduled(client, get("web"));
  }

  @Test
  void tolerationsLetPodsOntoTaintedNodes() {
    node(
        readyNode("gpu", "8", "32")
            .editSpec()
            .addNewTaint()
            .withKey("dedicated")
            .withValue("gpu")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec());
    pod(
        pendingPod("train", "1")
            .editSpec()
            .addNewToleration()
            .withKey("dedicated")
            .withOperator("Equal")
            .withValue("gpu")
            .withEffect("NoSchedule")
            .endToleration()
            .endSpec());

    assertThat(scheduler.schedulePending().bound()).containsExactly("default/train");
  }

  @Test
  void nodeSelectorAndRequiredAffinityFilterNodes() {
    node(
        readyNode("a", "4", "16")
            .editMetadata()
            .addToLabels("zone", "a")
            .addToLabels("gen", "5")
            .endMetadata());
    node(
        readyNode("b", "4", "16")
            .editMetadata()
            .addToLabels("zone", "b")
            .addToLabels("gen", "6")
            .endMetadata());
    pod(pendingPod("by-selector", "1").editSpec().addToNodeSelector("zone", "b").endSpec());
    pod(
        pendingPod("by-affinity", "1")
            .editSpec()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("gen")
            .withOperator("Gt")
            .withValues("5")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("zone")
            .withOperator("NotIn")
            .withValues("a")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec());
    pod(pendingPod("nowhere", "1").editSpec().addToNodeSelector("zone", "c").endSpec());

    scheduler.schedulePending();

    assertThat(get("by-selector").getSpec().getNodeName()).isEqualTo("b");
    assertThat(get("by-affinity").getSpec().getNodeName()).isEqualTo("b");
    assertThat(scheduled(get("nowhere")).getMessage())
        .isEqualTo("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
  }

  @Test
  void podsPlacedEarlierInAPassUseUpTheNode() {
    node(readyNode("n1", "2", "8"));
    pod(pendingPod("p1", "1"));
    pod(pendingPod("p2", "1"));
    pod(pendingPod("p3", "1"));

    SimulatedScheduler.Pass pass = scheduler.schedulePending();

    assertThat(pass.bound()).hasSize(2);
    assertThat(pass.unschedulable()).hasSize(1);
  }

  @Test
  void hostPortsConflict() {
    node(readyNode("n1", "8", "32"));
    for (String name : new String[] {"p1", "p2"}) {
      pod(
          pendingPod(name, "100m")
              .editSpec()
              .editFirstContainer()
              .addNewPort()
              .withContainerPort(80)
              .withHostPort(8080)
              .endPort()
              .endContainer()
              .endSpec());
    }

    scheduler.schedulePending();

    assertThat(scheduled(get("p2")).getMessage())
        .isEqualTo(
            "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod"
                + " ports.");
  }

  @Test
  void notReadyAndCordonedNodesAreSkipped() {
    Node notReady =
        readyNode("booting", "8", "32")
            .editSpec()
            .addNewTaint()
            .withKey("node.kubernetes.io/not-ready")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec()
            .build();
    notReady.getStatus().getConditions().getFirst().setStatus("False");
    client.nodes().resource(notReady).create();
    node(readyNode("cordoned", "8", "32").editSpec().withUnschedulable(true).endSpec());
    pod(pendingPod("web", "1"));

    scheduler.schedulePending();

    assertThat(scheduled(get("web")).getMessage())
        .isEqualTo(
            "0/2 nodes are available: 1 node(s) had untolerated taint"
                + " {node.kubernetes.io/not-ready}, 1 node(s) were unschedulable.");
  }

  @Test
  void anUnchangedVerdictIsNotWrittenAgain() {
    pod(pendingPod("web", "1"));
    scheduler.schedulePending();
    String version = get("web").getMetadata().getResourceVersion();

    scheduler.schedulePending();

    assertThat(get("web").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(scheduled(get("web")).getMessage()).isEqualTo("no nodes available to schedule pods");
  }

  @Test
  void aChangedMessageIsRewrittenAtMostOnceAMinute() {
    node(readyNode("small", "1", "4"));
    pod(pendingPod("web", "2"));
    scheduler.schedulePending();
    node(readyNode("small-2", "1", "4"));

    clock.advance(SimulatedScheduler.MESSAGE_EVERY.minusSeconds(1));
    scheduler.schedulePending();
    assertThat(scheduled(get("web")).getMessage())
        .isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");

    clock.advance(Duration.ofSeconds(1));
    scheduler.schedulePending();
    assertThat(scheduled(get("web")).getMessage())
        .isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
  }

  @Test
  void aPassReadsNoPodByNameAndPodsWithTheSameSpecShareTheVerdict() {
    node(readyNode("small", "1", "4"));
    for (String name : new String[] {"web-1", "web-2", "web-3"}) {
      pod(pendingPod("web", "2").editMetadata().withName(name).endMetadata());
    }
    long reads = api.requestCounts().getOrDefault("GET pods one", 0L);

    SimulatedScheduler.Pass pass = scheduler.schedulePending();

    assertThat(pass.unschedulable()).hasSize(3);
    assertThat(api.requestCounts().getOrDefault("GET pods one", 0L)).isEqualTo(reads);
    for (String name : new String[] {"web-1", "web-2", "web-3"}) {
      assertThat(scheduled(get(name)).getMessage())
          .isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
      assertThat(get(name).getStatus().getPhase()).isEqualTo("Pending");
    }
  }

  @Test
  void otherSchedulersPodsAreLeftAlone() {
    node(readyNode("n1", "8", "32"));
    pod(pendingPod("custom", "1").editSpec().withSchedulerName("my-scheduler").endSpec());

    assertThat(scheduler.schedulePending().bound()).isEmpty();
    expectNotScheduled(client, get("custom"));
  }

  @Test
  void theBindingSubresourceRefusesABoundPod() {
    node(readyNode("n1", "8", "32"));
    pod(pendingPod("web", "1"));
    scheduler.schedulePending();

    assertThatThrownBy(
            () ->
                client
                    .bindings()
                    .inNamespace("default")
                    .resource(
                        new BindingBuilder()
                            .withNewMetadata()
                            .withName("web")
                            .endMetadata()
                            .withNewTarget()
                            .withKind("Node")
                            .withName("other")
                            .endTarget()
                            .build())
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  private void node(NodeBuilder node) {
    client.nodes().resource(node.build()).create();
  }

  private void pod(PodBuilder pod) {
    client.pods().inNamespace("default").resource(pod.build()).create();
  }

  private Pod get(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  private static PodCondition scheduled(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("PodScheduled"))
        .findFirst()
        .orElseThrow();
  }
}

package dev.dovetail.sim.workload;

import static dev.dovetail.sim.SimObjects.readyNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DaemonSetControllerTest {
  private final FakeClock clock = new FakeClock();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private DaemonSetController controller;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    controller = new DaemonSetController(client, new Random(7), Duration.ofSeconds(1));
    client.apps().daemonSets().inNamespace("kube-system").resource(daemonSet()).create();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void runsOnePodPerMatchingNodeBoundThroughTheScheduler() {
    client.nodes().resource(readyNode("n1", "2", "8").build()).create();
    client
        .nodes()
        .resource(
            readyNode("gpu", "8", "32")
                .editSpec()
                .addNewTaint()
                .withKey("nvidia.com/gpu")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .build())
        .create();
    // A node that is not Ready yet still gets its daemon pod, as upstream tolerates not-ready.
    client
        .nodes()
        .resource(
            readyNode("booting", "2", "8")
                .editSpec()
                .addNewTaint()
                .withKey("node.kubernetes.io/not-ready")
                .withEffect("NoExecute")
                .endTaint()
                .endSpec()
                .build())
        .create();

    controller.sync();
    controller.sync();
    new SimulatedScheduler(client, clock, Duration.ofSeconds(1)).schedulePending();

    List<Pod> pods = pods();
    assertThat(pods)
        .extracting(p -> p.getSpec().getNodeName())
        .containsExactlyInAnyOrder("n1", "booting");
    assertThat(pods)
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getName()).startsWith("aws-node-");
              assertThat(PodPredicates.isOwnedByDaemonSet(p)).isTrue();
            });
    DaemonSet status =
        client.apps().daemonSets().inNamespace("kube-system").withName("aws-node").get();
    assertThat(status.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
  }

  @Test
  void podsOfNodesThatLeaveAreDeleted() {
    client.nodes().resource(readyNode("n1", "2", "8").build()).create();
    client.nodes().resource(readyNode("n2", "2", "8").build()).create();
    controller.sync();
    assertThat(pods()).hasSize(2);

    client.nodes().withName("n2").delete();
    controller.sync();

    assertThat(pods()).hasSize(1);
  }

  @Test
  void theTemplatesRequiredNodeAffinityChoosesTheNodesAndTheNodeNameReplacesIt() {
    client
        .nodes()
        .resource(
            readyNode("arm", "2", "8")
                .editMetadata()
                .addToLabels("arch", "arm64")
                .endMetadata()
                .build())
        .create();
    client.nodes().resource(readyNode("amd", "2", "8").build()).create();
    client
        .apps()
        .daemonSets()
        .inNamespace("kube-system")
        .withName("aws-node")
        .edit(
            d -> {
              NodeSelectorRequirement arm =
                  new NodeSelectorRequirement("arch", "In", List.of("arm64"));
              NodeSelector required =
                  new NodeSelector(List.of(new NodeSelectorTerm(List.of(arm), List.of())));
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .setAffinity(new Affinity(new NodeAffinity(List.of(), required), null, null));
              return d;
            });

    controller.sync();

    assertThat(pods())
        .singleElement()
        .satisfies(
            p ->
                assertThat(
                        p.getSpec()
                            .getAffinity()
                            .getNodeAffinity()
                            .getRequiredDuringSchedulingIgnoredDuringExecution()
                            .getNodeSelectorTerms())
                    .singleElement()
                    .satisfies(
                        t -> {
                          assertThat(t.getMatchExpressions()).isEmpty();
                          assertThat(t.getMatchFields().getFirst().getValues())
                              .containsExactly("arm");
                        }));
  }

  private List<Pod> pods() {
    return client.pods().inNamespace("kube-system").list().getItems();
  }

  private static DaemonSet daemonSet() {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName("aws-node")
        .withNamespace("kube-system")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("k8s-app", "aws-node")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("k8s-app", "aws-node")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("aws-node")
        .withImage("amazon-k8s-cni")
        .withNewResources()
        .addToRequests("cpu", new Quantity("25m"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}

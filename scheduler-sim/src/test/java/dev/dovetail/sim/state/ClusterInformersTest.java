package dev.dovetail.sim.state;

import static dev.dovetail.sim.SimObjects.pendingPod;
import static dev.dovetail.sim.SimObjects.readyNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.state.ClusterInformers;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.StateNode;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The informers against the embedded API: what the controllers will see. */
class ClusterInformersTest {
  private static final Duration DELIVERY = Duration.ofSeconds(5);

  private final FakeClock clock = new FakeClock();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private ClusterState state;
  private ClusterInformers informers;

  @BeforeEach
  void start() throws Exception {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    state = new ClusterState(clock);
    informers = new ClusterInformers(client, state, AwsConventions.CONVENTIONS.nodeClass());
    informers.start().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    informers.close();
    api.close();
  }

  @Test
  void startsSyncedOnAnEmptyCluster() {
    assertThat(informers.hasSynced()).isTrue();
    assertThat(informers.synced()).isTrue();
  }

  @Test
  void podsAreIndexedByNodeAndFollowedIntoState() {
    client
        .nodes()
        .resource(
            readyNode("n1", "4", "16")
                .editSpec()
                .withProviderID("aws:///us-west-2a/i-1")
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace("default")
        .resource(pendingPod("web-1", "1").editSpec().withNodeName("n1").endSpec().build())
        .create();
    client.pods().inNamespace("default").resource(pendingPod("web-2", "1").build()).create();

    await().atMost(DELIVERY).until(() -> informers.podsOnNode("n1").size() == 1);
    await().atMost(DELIVERY).until(() -> state.podsOn("n1").contains("default/web-1"));
    assertThat(informers.nodesByProviderId("aws:///us-west-2a/i-1")).hasSize(1);

    client
        .pods()
        .inNamespace("default")
        .withName("web-2")
        .edit(p -> new PodBuilder(p).editSpec().withNodeName("n1").endSpec().build());
    client.pods().inNamespace("default").withName("web-1").delete();

    await()
        .atMost(DELIVERY)
        .until(() -> state.podsOn("n1").equals(java.util.Set.of("default/web-2")));
    assertThat(informers.podsOnNode("n1"))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("web-2");
  }

  @Test
  void aMachineMeetsItsNodeInState() {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName("default-x7k2p").build());
    client.resources(Machine.class).resource(machine).create();
    await().atMost(DELIVERY).until(() -> state.nodeByKey("machine/default-x7k2p").isPresent());

    Machine launched = client.resources(Machine.class).withName("default-x7k2p").get();
    launched.setStatus(new MachineStatus("aws:///us-west-2a/i-1", null, null, null, null));
    client.resources(Machine.class).resource(launched).updateStatus();
    client
        .nodes()
        .resource(
            readyNode("ip-10-0-0-1", "2", "8")
                .editSpec()
                .withProviderID("aws:///us-west-2a/i-1")
                .endSpec()
                .build())
        .create();

    await()
        .atMost(DELIVERY)
        .until(
            () ->
                state
                    .nodeByKey("aws:///us-west-2a/i-1")
                    .map(n -> n.machine().isPresent() && n.node().isPresent())
                    .orElse(false));
    assertThat(state.nodes()).extracting(StateNode::key).containsExactly("aws:///us-west-2a/i-1");
    await().atMost(DELIVERY).until(informers::synced);
  }

  @Test
  void awsNodeTemplatesAreReadAsGenericResources() {
    client
        .genericKubernetesResources(AwsConventions.NODE_TEMPLATES)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("karpenter.k8s.aws/v1alpha1")
                .withKind("AWSNodeTemplate")
                .withNewMetadata()
                .withName("default")
                .endMetadata()
                .addToAdditionalProperties(
                    "spec", Map.of("subnetSelector", Map.of("karpenter.sh/discovery", "demo")))
                .build())
        .create();

    await()
        .atMost(DELIVERY)
        .until(() -> informers.nodeClasses().orElseThrow().getStore().list().size() == 1);
  }
}

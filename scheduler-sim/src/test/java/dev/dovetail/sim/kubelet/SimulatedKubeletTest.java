package dev.dovetail.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.testing.TestManifests;
import dev.dovetail.sim.workload.WorkloadController;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedKubeletTest {
  private final FakeClock clock = new FakeClock();
  private final List<LaunchedInstance> running = new CopyOnWriteArrayList<>();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private SimulatedKubelet kubelet;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    kubelet =
        new SimulatedKubelet(
            client,
            () -> List.copyOf(running),
            clock,
            SimulatedKubelet.Delays.defaults(),
            Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void registersTheNodeAfterTheBootDelayAndReportsReadyLater() {
    running.add(instance("i-1", clock.instant()));

    clock.advance(Duration.ofSeconds(19));
    kubelet.sync();
    assertThat(client.nodes().list().getItems()).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    kubelet.sync();
    Node node = client.nodes().withName("ip-10-0-0-1.ec2.internal").get();
    assertThat(node.getSpec().getProviderID()).isEqualTo("aws:///us-west-2a/i-1");
    assertThat(node.getMetadata().getLabels())
        .containsEntry("node.kubernetes.io/instance-type", "m5.large")
        .containsEntry("topology.kubernetes.io/zone", "us-west-2a")
        .containsEntry("karpenter.sh/capacity-type", "spot")
        .containsEntry("kubernetes.io/hostname", "ip-10-0-0-1.ec2.internal");
    assertThat(node.getSpec().getTaints())
        .extracting(t -> t.getKey())
        .containsExactly("karpenter.sh/startup", "node.kubernetes.io/not-ready");
    assertThat(SimulatedKubelet.isReady(node)).isFalse();
    assertThat(node.getStatus().getAllocatable().get("cpu")).isEqualTo(new Quantity("1930m"));
    assertThat(node.getMetadata().getCreationTimestamp()).isEqualTo("2026-01-01T00:00:20Z");

    clock.advance(Duration.ofSeconds(5));
    kubelet.sync();
    node = client.nodes().withName("ip-10-0-0-1.ec2.internal").get();
    assertThat(SimulatedKubelet.isReady(node)).isTrue();
    assertThat(node.getSpec().getTaints())
        .extracting(t -> t.getKey())
        .containsExactly("karpenter.sh/startup");
  }

  @Test
  void runsThePodsBoundToItsReadyNodes() {
    running.add(instance("i-1", clock.instant()));
    clock.advance(Duration.ofSeconds(30));
    kubelet.sync();
    clock.advance(Duration.ofSeconds(5));
    kubelet.sync();
    client
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withNodeName("ip-10-0-0-1.ec2.internal")
                .addNewContainer()
                .withName("app")
                .withImage("pause")
                .endContainer()
                .endSpec()
                .build())
        .create();

    kubelet.sync();

    Pod web = client.pods().inNamespace("default").withName("web").get();
    assertThat(web.getStatus().getPhase()).isEqualTo("Running");
    assertThat(web.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(web.getStatus().getContainerStatuses().getFirst().getReady()).isTrue();
  }

  @Test
  void aTerminatedInstanceLosesItsNodeAndTheNodesPods() {
    running.add(instance("i-1", clock.instant()));
    clock.advance(Duration.ofSeconds(30));
    kubelet.sync();
    client
        .pods()
        .inNamespace("default")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withNodeName("ip-10-0-0-1.ec2.internal")
                .addNewContainer()
                .withName("app")
                .withImage("pause")
                .endContainer()
                .endSpec()
                .build())
        .create();

    running.clear();
    kubelet.sync();
    kubelet.sync();

    assertThat(client.nodes().list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
  }

  @Test
  void aFinalizerHoldsTheNodeOfATerminatedInstance() {
    running.add(instance("i-1", clock.instant()));
    clock.advance(Duration.ofSeconds(30));
    kubelet.sync();
    client
        .nodes()
        .withName("ip-10-0-0-1.ec2.internal")
        .edit(
            n ->
                new NodeBuilder(n)
                    .editMetadata()
                    .addToFinalizers("karpenter.sh/termination")
                    .endMetadata()
                    .build());

    running.clear();
    kubelet.sync();

    Node node = client.nodes().withName("ip-10-0-0-1.ec2.internal").get();
    assertThat(node.getMetadata().getDeletionTimestamp()).isEqualTo("2026-01-01T00:00:30Z");
  }

  @Test
  void nodesItDidNotRegisterAreLeftAlone() {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("static")
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///us-west-2a/i-static")
                .endSpec()
                .build())
        .create();

    kubelet.sync();

    assertThat(client.nodes().withName("static").get()).isNotNull();
  }

  @Test
  void deploymentPodsRunOnceAnInstanceBootsWithTheSimulatedSchedulerAndWorkloads() {
    WorkloadController workloads =
        new WorkloadController(client, new Random(1), Duration.ofSeconds(1));
    SimulatedScheduler scheduler = new SimulatedScheduler(client, clock, Duration.ofSeconds(1));
    client
        .apps()
        .deployments()
        .inNamespace("default")
        .resource(TestManifests.deployment("inflate", 3, "500m"))
        .create();

    List<String> verdicts = new ArrayList<>();
    workloads.sync();
    verdicts.addAll(scheduler.schedulePending().unschedulable());
    assertThat(verdicts).hasSize(3);

    // No startup taint here: nothing would remove it without Dovetail.
    running.add(withoutTaints(instance("i-1", clock.instant())));
    for (int step = 0; step < 6; step++) {
      clock.advance(Duration.ofSeconds(6));
      kubelet.sync();
      scheduler.schedulePending();
      workloads.sync();
    }

    assertThat(client.pods().inNamespace("default").list().getItems())
        .hasSize(3)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName("inflate")
                .get()
                .getStatus()
                .getReadyReplicas())
        .isEqualTo(3);
  }

  private static LaunchedInstance withoutTaints(LaunchedInstance i) {
    return new LaunchedInstance(
        i.instanceId(),
        i.providerId(),
        i.nodeName(),
        i.instanceType(),
        i.zone(),
        i.labels(),
        List.of(),
        i.capacity(),
        i.allocatable(),
        i.launchTime());
  }

  private static LaunchedInstance instance(String id, Instant launched) {
    return new LaunchedInstance(
        id,
        "aws:///us-west-2a/" + id,
        "ip-10-0-0-" + id.substring(2) + ".ec2.internal",
        "m5.large",
        "us-west-2a",
        Map.of("karpenter.sh/capacity-type", "spot", "kubernetes.io/arch", "amd64"),
        List.of(
            new TaintBuilder().withKey("karpenter.sh/startup").withEffect("NoSchedule").build()),
        Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi"), "pods", new Quantity("29")),
        Map.of(
            "cpu",
            new Quantity("1930m"),
            "memory",
            new Quantity("7Gi"),
            "pods",
            new Quantity("29")),
        launched);
  }
}

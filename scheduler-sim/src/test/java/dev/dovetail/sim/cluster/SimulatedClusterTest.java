package dev.dovetail.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.kubelet.LaunchedInstance;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.testing.TestManifests;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated cluster's loops on a fake clock: scale a Deployment, boot a node, pods run. */
class SimulatedClusterTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<LaunchedInstance> running = new CopyOnWriteArrayList<>();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private SimulatedCluster cluster;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    cluster =
        new SimulatedCluster(
            client,
            () -> List.copyOf(running),
            clock,
            scheduler,
            Runnable::run,
            new SimpleMeterRegistry(),
            new Random(3),
            SimulatedKubelet.Delays.defaults(),
            Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    cluster.close();
    api.close();
  }

  @Test
  void pendingPodsRunOnceAnInstanceBootsWithTheLoopsOnAFakeClock() {
    client
        .apps()
        .deployments()
        .inNamespace("default")
        .resource(TestManifests.deployment("inflate", 2, "500m"))
        .create();
    cluster.start();

    scheduler.advance(Duration.ofSeconds(4));
    assertThat(pods()).hasSize(2).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNull());

    running.add(
        new LaunchedInstance(
            "i-1",
            "aws:///us-west-2a/i-1",
            "ip-10-0-0-1.ec2.internal",
            "m5.large",
            "us-west-2a",
            Map.of(),
            List.of(),
            Map.of(
                "cpu",
                new Quantity("2"),
                "memory",
                new Quantity("8Gi"),
                "pods",
                new Quantity("29")),
            Map.of(
                "cpu",
                new Quantity("1930m"),
                "memory",
                new Quantity("7Gi"),
                "pods",
                new Quantity("29")),
            clock.instant()));
    scheduler.advance(Duration.ofSeconds(40));

    assertThat(pods())
        .extracting(p -> p.getStatus().getPhase())
        .containsExactly("Running", "Running");
  }

  private List<Pod> pods() {
    return client.pods().inNamespace("default").list().getItems();
  }
}

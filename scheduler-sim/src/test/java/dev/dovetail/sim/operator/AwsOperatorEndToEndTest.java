package dev.dovetail.sim.operator;

import static dev.dovetail.testing.expect.Expectations.expectScheduled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.aws.AwsOperator;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.testing.SimulatedCloud;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import dev.dovetail.testing.fixtures.PendingPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;

/**
 * The production wiring end to end: the real {@link AwsOperator} (every controller as the daemon
 * composes them, behind the operator's informers) on the embedded API server and the simulated AWS
 * backend, with the simulated kubelet and kube-scheduler. The fake clock moves a second per step;
 * the controllers' workers are the operator's own threads.
 */
@Timeout(120)
class AwsOperatorEndToEndTest {
  private static final Path EXAMPLE = Path.of("../examples/a2-inflate-spot");

  private final FakeClock clock = new FakeClock();
  private final ManualScheduler tasks = new ManualScheduler(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private SimulatedCloud cloud;
  private AwsOperator operator;
  private SimulatedKubelet kubelet;
  private SimulatedScheduler kubeScheduler;

  @BeforeEach
  void start() throws Exception {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    Demo.registerCrds(client);
    cloud = SimulatedCloud.start(client, clock);
    kubelet = cloud.kubelet(client, clock, Duration.ofSeconds(3));
    kubeScheduler = new SimulatedScheduler(client, clock, Duration.ofSeconds(1));
    operator =
        new AwsOperator(
            OperatorOptions.parse(Map.of("CLUSTER_NAME", Demo.CLUSTER)),
            api.newClient(),
            cloud.providers(),
            registry,
            () -> "",
            "dovetail-e2e",
            clock,
            tasks,
            () -> {});
    apply("awsnodetemplate.yaml");
    apply("provisioner.yaml");
    operator.start().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    api.close();
  }

  private void apply(String file) throws IOException {
    try (InputStream in = new FileInputStream(EXAMPLE.resolve(file).toFile())) {
      client.load(in).createOrReplace();
    }
  }

  @Test
  void aPendingPodBecomesAMachineAnInstanceAndANodeAndIsBound() {
    Pod pod = client.resource(PendingPod.named("inflate-0").cpu("1").build()).create();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              kubeScheduler.schedulePending();
              kubelet.sync();
              tasks.advance(Duration.ofSeconds(1));
              return client.resource(pod).get().getSpec().getNodeName() != null;
            });

    List<Machine> machines = client.resources(Machine.class).list().getItems();
    assertThat(machines).hasSize(1);
    assertThat(cloud.aws().requests(CreateFleetRequest.class)).hasSize(1);
    assertThat(cloud.aws().liveInstances()).hasSize(1);
    assertThat(expectScheduled(client, pod).getMetadata().getLabels())
        .containsEntry(WellKnownLabels.PROVISIONER_NAME, "default")
        .containsEntry(WellKnownLabels.CAPACITY_TYPE, "spot");
    assertThat(registry.find("controller_runtime_reconcile").tagKeys("controller").meters())
        .extracting(m -> m.getId().getTag("controller"))
        .contains("provisioner", "machine.lifecycle", "nodetemplate");
  }
}

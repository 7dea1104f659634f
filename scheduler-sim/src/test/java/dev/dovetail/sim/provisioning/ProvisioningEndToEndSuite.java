package dev.dovetail.sim.provisioning;

import static dev.dovetail.sim.testing.Expectations.expectNotScheduled;
import static dev.dovetail.sim.testing.Expectations.expectScheduled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.machine.lifecycle.MachineLifecycleController;
import dev.dovetail.controllers.provisioner.counter.ProvisionerCounterController;
import dev.dovetail.controllers.provisioning.ProvisionerPoolReports;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.testing.KubeApiExtension;
import dev.dovetail.sim.testing.SimulatedCloud;
import dev.dovetail.sim.testing.TestCluster;
import dev.dovetail.sim.testing.TestControllers;
import dev.dovetail.sim.testing.TestManifests;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;

/**
 * Pending pods to bound pods: the provisioning loop, the Provisioner counter and the Machine
 * lifecycle with the AWS provider on the simulated backend, the simulated kubelet and
 * kube-scheduler. Every component is called directly; time is a fake clock. Runs on the embedded
 * API server ({@link ProvisioningEndToEndTest}) and on a real kube-apiserver ({@link
 * ProvisioningOnRealKubeApiTest}).
 */
@ExtendWith(KubeApiExtension.class)
@Timeout(180)
abstract class ProvisioningEndToEndSuite {
  private FakeClock clock;
  private final RecordingEventRecorder events = new RecordingEventRecorder();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Random random = new Random(3);
  private KubernetesClient client;
  private SimulatedAws aws;
  private CloudProvider cloud;
  private SimulatedKubelet kubelet;
  private SimulatedScheduler scheduler;
  private MachineLifecycleController lifecycle;

  @BeforeEach
  void start(TestCluster cluster) {
    clock = cluster.clock();
    client = cluster.client();
    SimulatedCloud simulated = SimulatedCloud.start(client, clock);
    aws = simulated.aws();
    cloud = simulated.cloudProvider();
    kubelet =
        simulated.kubelet(
            client,
            clock,
            new SimulatedKubelet.Delays(Duration.ofSeconds(20), Duration.ofSeconds(5)));
    scheduler = new SimulatedScheduler(client, clock, Duration.ofSeconds(1));
    lifecycle =
        new MachineLifecycleController(
            client,
            cloud,
            new ApiClusterLookup(client),
            events,
            new LifecycleMetrics(registry),
            clock);
    client.resource(TestManifests.awsNodeTemplate()).create();
  }

  /** Every AWS action the simulated backend saw over this class's end-to-end runs. */
  private static final Set<String> RECORDED = new TreeSet<>();

  @AfterEach
  void recordAwsActions() {
    if (aws != null) {
      aws.requests().forEach(r -> RECORDED.add(IamPolicyActions.qualified(r.operation())));
    }
  }

  @AfterAll
  static void theShippedIamPolicyAllowsExactlyTheCallsMade() throws Exception {
    Set<String> policy = IamPolicyActions.inShippedPolicy();
    assertThat(policy).as("every call the end-to-end runs made is allowed").containsAll(RECORDED);
    Set<String> unexercised = new TreeSet<>(policy);
    unexercised.removeAll(RECORDED);
    assertThat(unexercised)
        .as("policy actions these runs did not record must be explained")
        .containsExactlyInAnyOrderElementsOf(IamPolicyActions.NOT_RECORDED_HERE.keySet());
  }

  private void provisioner(String capacityTypes, String cpuLimit) {
    provisioner("default", capacityTypes, cpuLimit, "");
  }

  private void provisioner(String name, String capacityTypes, String cpuLimit, String weight) {
    client.resource(TestManifests.provisioner(name, capacityTypes, cpuLimit, weight)).create();
  }

  private void pods(int count, String cpu) {
    for (int i = 0; i < count; i++) {
      client.resource(TestManifests.pendingPod("inflate-" + i, "inflate", cpu)).create();
    }
  }

  /** One round of every component, then five seconds pass. */
  private void round() {
    scheduler.schedulePending();
    ClusterState state = TestControllers.stateOf(client, clock);
    new ProvisionerCounterController(client, state).reconcile("default");
    TestControllers.provisioning(
            client, state, cloud, TestControllers.batcher(clock), events, registry, clock, random)
        .provision();
    for (Machine m : client.resources(Machine.class).list().getItems()) {
      lifecycle.reconcile(m.getMetadata().getName());
    }
    kubelet.sync();
    for (Machine m : client.resources(Machine.class).list().getItems()) {
      lifecycle.reconcile(m.getMetadata().getName());
    }
    scheduler.schedulePending();
    clock.advance(Duration.ofSeconds(5));
  }

  private List<Pod> pods() {
    return client.pods().inNamespace("default").list().getItems();
  }

  private long boundPods() {
    return pods().stream().filter(p -> p.getSpec().getNodeName() != null).count();
  }

  private List<Node> nodes() {
    return client.nodes().list().getItems();
  }

  @Test
  void pendingPodsBecomeMachinesThenNodesAndThePodsAreBound() {
    provisioner("spot", "1000");
    pods(5, "1");

    for (int i = 0; i < 12 && boundPods() < 5; i++) {
      round();
    }

    pods().forEach(pod -> expectScheduled(client, pod));
    List<Machine> machines = client.resources(Machine.class).list().getItems();
    assertThat(machines).isNotEmpty();
    assertThat(nodes()).hasSameSizeAs(machines);
    assertThat(nodes())
        .allSatisfy(
            n ->
                assertThat(n.getMetadata().getLabels())
                    .containsEntry(WellKnownLabels.CAPACITY_TYPE, "spot")
                    .containsEntry(WellKnownLabels.PROVISIONER_NAME, "default"));
    assertThat(aws.liveInstances()).hasSameSizeAs(machines);
    assertThat(
            client
                .resources(Provisioner.class)
                .withName("default")
                .get()
                .getStatus()
                .resources()
                .get("cpu"))
        .isNotNull();
  }

  @Test
  void theHeavierProvisionerIsUsedFirstEvenWhenALighterOneIsCheaper() {
    provisioner("default", "spot", "1000", "");
    provisioner("reserved", "on-demand", "1000", "50");
    pods(3, "1");

    for (int i = 0; i < 12 && boundPods() < 3; i++) {
      round();
    }

    assertThat(boundPods()).isEqualTo(3);
    assertThat(nodes())
        .isNotEmpty()
        .allSatisfy(
            n ->
                assertThat(n.getMetadata().getLabels())
                    .containsEntry(WellKnownLabels.PROVISIONER_NAME, "reserved")
                    .containsEntry(WellKnownLabels.CAPACITY_TYPE, "on-demand"));
  }

  @Test
  void theProvisionerNeverGrowsPastItsLimit() {
    provisioner("spot, on-demand", "8");
    pods(20, "1");

    for (int i = 0; i < 12; i++) {
      round();
    }

    long cpu =
        nodes().stream()
            .mapToLong(
                n -> Quantity.getAmountInBytes(n.getStatus().getCapacity().get("cpu")).longValue())
            .sum();
    assertThat(cpu).isPositive().isLessThanOrEqualTo(8);
    assertThat(boundPods()).isPositive();
    assertThat(pods()).anySatisfy(pod -> expectNotScheduled(client, pod));
    assertThat(events.withReason("FailedScheduling")).isNotEmpty();
  }

  @Test
  void insufficientSpotCapacityIsRecoveredOnDemandInTheNextBatch() {
    provisioner("spot, on-demand", "1000");
    aws.exhaustAllSpot();
    pods(3, "1");

    for (int i = 0; i < 12 && boundPods() < 3; i++) {
      round();
    }

    assertThat(boundPods()).isEqualTo(3);
    assertThat(events.withReason("InsufficientCapacityError")).isNotEmpty();
    assertThat(nodes())
        .isNotEmpty()
        .allSatisfy(
            n ->
                assertThat(n.getMetadata().getLabels())
                    .containsEntry(WellKnownLabels.CAPACITY_TYPE, "on-demand"));
  }

  @Test
  void aPoisonedProvisionerIsReportedAndTheHealthyOneNextToItStillProvisions() {
    provisioner("healthy", "on-demand", "1000", "");
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: karpenter.sh/v1alpha5
                kind: Provisioner
                metadata: {name: poisoned}
                spec:
                  weight: 100
                  startupTaints:
                    - {key: a, value: "x' ; touch /tmp/pwned ; echo '", effect: NoSchedule}
                  kubeletConfiguration:
                    clusterDNS: ["10.0.0.10' ; touch /tmp/pwned2 ; echo '"]
                  providerRef: {name: default}
                """,
                Provisioner.class))
        .create();
    pods(3, "1");

    for (int i = 0; i < 12 && boundPods() < 3; i++) {
      round();
    }

    assertThat(boundPods()).isEqualTo(3);
    assertThat(nodes())
        .isNotEmpty()
        .allSatisfy(
            n ->
                assertThat(n.getMetadata().getLabels())
                    .containsEntry(WellKnownLabels.PROVISIONER_NAME, "healthy"));
    assertThat(aws.requests(CreateLaunchTemplateRequest.class))
        .isNotEmpty()
        .extracting(
            r ->
                new String(
                    Base64.getDecoder().decode(r.launchTemplateData().userData()),
                    StandardCharsets.UTF_8))
        .noneMatch(userData -> userData.contains("pwned"));
    assertThat(events.withReason(ProvisionerPoolReports.EVENT_REASON))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.message())
                    .contains("Provisioner/poisoned: spec.startupTaints[0].value:"));
    Provisioner poisoned = client.resources(Provisioner.class).withName("poisoned").get();
    assertThat(poisoned.getStatus().conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo(ProvisionerPoolReports.CONDITION);
              assertThat(c.status()).isEqualTo("False");
              assertThat(c.message()).contains("(and 1 more)");
            });
  }
}

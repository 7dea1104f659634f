package dev.dovetail.sim.controllers;

import static dev.dovetail.cloudprovider.ProviderConventions.CORE;
import static dev.dovetail.sim.testing.Expectations.expectDeleted;
import static dev.dovetail.sim.testing.Expectations.expectNotFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.controllers.machine.garbagecollection.GarbageCollectionController;
import dev.dovetail.controllers.machine.lifecycle.MachineLifecycleController;
import dev.dovetail.controllers.node.termination.ApiPodEvictor;
import dev.dovetail.controllers.node.termination.EvictionQueue;
import dev.dovetail.controllers.node.termination.NodeTerminationController;
import dev.dovetail.events.Event;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.operator.Controllers;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ObjectController;
import dev.dovetail.runtime.Result;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.sim.testing.ForwardingCloudProvider;
import dev.dovetail.sim.testing.KubeApiExtension;
import dev.dovetail.sim.testing.TestCluster;
import dev.dovetail.sim.workload.DisruptionController;
import dev.dovetail.state.ClusterInformers;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.FakeCloudProvider;
import dev.dovetail.testing.fake.ManualScheduler;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import dev.dovetail.testing.fixtures.TestMachines;
import dev.dovetail.testing.fixtures.TestNodes;
import dev.dovetail.testing.fixtures.TestPods;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Machine lifecycle, node termination and garbage collection controllers against an API server
 * (real eviction with PodDisruptionBudgets, field selectors, finalizers), with the fake cloud
 * provider and a minimal stand-in kubelet. Reconciles are called directly; time is a fake clock.
 * Runs on the embedded server ({@link MachineLifecycleEndToEndTest}) and on a real kube-apiserver
 * ({@link MachineLifecycleOnRealKubeApiTest}).
 */
@ExtendWith(KubeApiExtension.class)
@Timeout(120)
abstract class MachineLifecycleEndToEndSuite {
  private final RecordingEventRecorder events = new RecordingEventRecorder();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TestCluster cluster;
  private FakeClock clock;
  private ManualScheduler scheduler;
  private FakeCloudProvider cloud;
  private KubernetesClient client;
  private Replica controllers;
  private static final Duration DELIVERY = Duration.ofSeconds(10);
  private final Random random = new Random(1);
  // kube-controller-manager's part: a real server's eviction reads the budget's status.
  private DisruptionController disruptionController;

  /** One replica's controllers; a restart builds new ones over the same cluster and cloud. */
  private final class Replica {
    final ClusterLookup lookup = new ApiClusterLookup(client);
    final EvictionQueue evictions;
    final MachineLifecycleController lifecycle;
    final NodeTerminationController termination;
    final GarbageCollectionController gc;

    Replica(CloudProvider cloudProvider) {
      LifecycleMetrics metrics = new LifecycleMetrics(registry);
      evictions = new EvictionQueue(new ApiPodEvictor(client), events, clock, scheduler, registry);
      lifecycle =
          new MachineLifecycleController(client, cloudProvider, lookup, events, metrics, clock);
      termination =
          new NodeTerminationController(
              client, cloudProvider, lookup, evictions, events, metrics, clock);
      gc = new GarbageCollectionController(client, cloudProvider, lookup, metrics, clock);
    }
  }

  @BeforeEach
  void start(TestCluster cluster) {
    this.cluster = cluster;
    clock = cluster.clock();
    scheduler = new ManualScheduler(clock);
    cloud = new FakeCloudProvider(clock);
    client = cluster.client();
    client.resource(TestMachines.provisioner("default")).create();
    controllers = new Replica(cloud);
    disruptionController = new DisruptionController(client, Duration.ofSeconds(1));
  }

  private static Pod pod(String namespace, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .build();
  }

  private Machine machine(String name) {
    return client.resources(Machine.class).withName(name).get();
  }

  private String createMachine() {
    return client
        .resource(
            TestMachines.machine("default")
                .requirement(WellKnownLabels.CAPACITY_TYPE, "In", "on-demand")
                .request("cpu", "1")
                .request("memory", "1Gi")
                .build())
        .create()
        .getMetadata()
        .getName();
  }

  private LaunchedMachine instanceOf(String machine) {
    return cloud.instances().stream()
        .filter(i -> i.machineName().equals(machine))
        .findFirst()
        .orElseThrow();
  }

  /**
   * What a kubelet does at boot: register the Node, not ready yet, with the cloud taint and the
   * provisioner label that Karpenter's user data passes in {@code --node-labels}.
   */
  private Node kubeletRegisters(String machine) {
    Node node =
        TestNodes.registeredFor(
            instanceOf(machine),
            false,
            new TaintBuilder()
                .withKey("node.cloudprovider.kubernetes.io/uninitialized")
                .withValue("true")
                .withEffect("NoSchedule")
                .build());
    node.getMetadata().getLabels().put(Keys.PROVISIONER_NAME, "default");
    return cluster.createWithStatus(node);
  }

  /** The kubelet reports Ready and the cloud controller removes its taint. */
  private void kubeletReady(String nodeName) {
    Node node = client.nodes().withName(nodeName).get();
    node.getSpec().setTaints(List.of());
    client.nodes().resource(node).update();
    node = client.nodes().withName(nodeName).get();
    node.getStatus().setConditions(List.of(TestNodes.ready(true)));
    client.nodes().resource(node).updateStatus();
  }

  /**
   * What a kubelet does for a pod whose deletion was requested (an eviction, say): stops it and
   * removes it for good. The embedded server deletes at once; a real one waits for this.
   */
  private void kubeletFinishesTerminatingPods() {
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        client.resource(pod).withGracePeriod(0).delete();
      }
    }
  }

  /** Launch, registration and initialization of one Machine; returns its node name. */
  private String provisionedNode() {
    String machine = createMachine();
    controllers.lifecycle.reconcile(machine);
    String node = kubeletRegisters(machine).getMetadata().getName();
    kubeletReady(node);
    controllers.lifecycle.reconcile(machine);
    return node;
  }

  @Test
  void aMachineIsLaunchedRegisteredAndInitialized() {
    String name = createMachine();

    controllers.lifecycle.reconcile(name);
    Machine launched = machine(name);
    assertThat(MachineConditions.isTrue(launched.getStatus(), Keys.MACHINE_LAUNCHED)).isTrue();
    assertThat(launched.getStatus().providerID()).isEqualTo(instanceOf(name).providerId());

    Node node = kubeletRegisters(name);
    controllers.lifecycle.reconcile(name);
    Machine registered = machine(name);
    assertThat(MachineConditions.isTrue(registered.getStatus(), Keys.MACHINE_REGISTERED)).isTrue();
    assertThat(MachineConditions.get(registered.getStatus(), Keys.MACHINE_INITIALIZED))
        .map(c -> c.reason())
        .contains("NodeNotReady");

    kubeletReady(node.getMetadata().getName());
    controllers.lifecycle.reconcile(name);

    Machine initialized = machine(name);
    assertThat(MachineConditions.isTrue(initialized.getStatus(), Keys.READY)).isTrue();
    assertThat(initialized.getStatus().nodeName()).isEqualTo(node.getMetadata().getName());
    Node result = client.nodes().withName(node.getMetadata().getName()).get();
    assertThat(result.getMetadata().getLabels())
        .containsEntry(Keys.REGISTERED, "true")
        .containsEntry(Keys.INITIALIZED, "true")
        .containsEntry(Keys.PROVISIONER_NAME, "default")
        .containsEntry(WellKnownLabels.CAPACITY_TYPE, "on-demand");
    assertThat(result.getMetadata().getFinalizers()).containsExactly(Keys.TERMINATION_FINALIZER);
    assertThat(result.getMetadata().getOwnerReferences())
        .extracting(o -> o.getKind() + "/" + o.getName())
        .containsExactly("Machine/" + name);
    for (String metric :
        List.of(
            MetricNames.MACHINES_LAUNCHED,
            MetricNames.MACHINES_REGISTERED,
            MetricNames.MACHINES_INITIALIZED,
            MetricNames.NODES_CREATED)) {
      assertThat(registry.get(metric).tags("provisioner", "default").counter().count())
          .as(metric)
          .isEqualTo(1);
    }
  }

  @Test
  void insufficientCapacityDeletesTheMachine() {
    cloud.insufficientCapacityEverywhere();
    String name = createMachine();

    assertThat(controllers.lifecycle.reconcile(name)).isEqualTo(Result.requeueAfter(Duration.ZERO));
    controllers.lifecycle.reconcile(name);

    assertThat(machine(name)).isNull();
    assertThat(events.withReason("InsufficientCapacityError")).hasSize(1);
    assertThat(cloud.instances()).isEmpty();
  }

  @Test
  void kubectlDeleteNodeDrainsTerminatesTheInstanceAndRemovesTheMachine() {
    String nodeName = provisionedNode();
    String machineName =
        client.resources(Machine.class).list().getItems().get(0).getMetadata().getName();
    String providerId = instanceOf(machineName).providerId();
    cluster.createWithStatus(TestPods.running("default", "web-1", nodeName, "web").build());
    cluster.createWithStatus(TestPods.daemon("kube-system", "aws-node", nodeName));

    client.nodes().withName(nodeName).delete();
    assertThat(client.nodes().withName(nodeName).get()).as("held by the finalizer").isNotNull();

    controllers.termination.reconcile(nodeName);
    Node cordoned = client.nodes().withName(nodeName).get();
    assertThat(cordoned.getSpec().getUnschedulable()).isTrue();
    assertThat(cordoned.getMetadata().getLabels())
        .containsEntry(Keys.EXCLUDE_FROM_LOAD_BALANCERS, "karpenter");
    controllers.evictions.processReady();
    expectDeleted(client, pod("default", "web-1"));
    kubeletFinishesTerminatingPods();
    expectNotFound(client, pod("default", "web-1"));
    assertThat(events.withReason("Evicted")).hasSize(1);

    controllers.termination.reconcile(nodeName);
    controllers.termination.reconcile(nodeName);

    assertThat(cloud.deleteCalls()).contains(providerId);
    assertThat(cloud.instances()).isEmpty();
    assertThat(client.nodes().withName(nodeName).get()).isNull();
    assertThat(machine(machineName).getMetadata().getDeletionTimestamp()).isNotNull();

    controllers.lifecycle.reconcile(machineName);
    assertThat(machine(machineName)).isNull();
  }

  @Test
  void aDrainBlockedByADisruptionBudgetWaitsUntilTheBudgetAllowsIt() {
    String nodeName = provisionedNode();
    cluster.createWithStatus(TestPods.running("default", "web-1", nodeName, "web").build());
    PodDisruptionBudget budget =
        new PodDisruptionBudgetBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withMinAvailable(new IntOrString(1))
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .endSpec()
            .build();
    client.resource(budget).create();
    disruptionController.sync();

    client.nodes().withName(nodeName).delete();
    for (int i = 0; i < 5; i++) {
      controllers.termination.reconcile(nodeName);
      controllers.evictions.processReady();
      scheduler.advance(Duration.ofSeconds(1));
    }

    assertThat(client.pods().inNamespace("default").withName("web-1").get()).isNotNull();
    assertThat(client.nodes().withName(nodeName).get()).isNotNull();
    assertThat(events.withReason("FailedDraining"))
        .extracting(Event::message)
        .contains("Failed to drain node, evicting pod default/web-1 violates a PDB");
    assertThat(cloud.deleteCalls()).isEmpty();

    PodDisruptionBudget relaxed = client.resource(budget).get();
    relaxed.getSpec().setMinAvailable(new IntOrString(0));
    client.resource(relaxed).update();
    disruptionController.sync();
    scheduler.advance(Duration.ofSeconds(10));
    controllers.evictions.processReady();

    expectDeleted(client, pod("default", "web-1"));
    kubeletFinishesTerminatingPods();
    controllers.termination.reconcile(nodeName);
    controllers.termination.reconcile(nodeName);
    assertThat(client.nodes().withName(nodeName).get()).isNull();
    assertThat(cloud.instances()).isEmpty();
  }

  @Test
  void anInstanceLeakedByAControllerKilledAfterLaunchIsCollectedAfterARestart() {
    String name = createMachine();
    // This replica dies right after CreateFleet returns, before it writes the Machine.
    Replica dying = new Replica(new DiesAfterCreate(cloud));
    assertThatThrownBy(() -> dying.lifecycle.reconcile(name)).hasMessageContaining("killed");
    assertThat(cloud.instances()).hasSize(1);
    LaunchedMachine leaked = cloud.instances().get(0);
    Node node = kubeletRegisters(name);
    assertThat(machine(name).getStatus()).isNull();

    // Meanwhile the Machine is deleted; nothing records which instance it had.
    client.resources(Machine.class).withName(name).delete();

    Replica restarted = new Replica(cloud);
    restarted.lifecycle.reconcile(name);
    assertThat(machine(name)).isNull();
    assertThat(restarted.gc.reconcile()).isEqualTo(Result.requeueAfter(Duration.ofSeconds(10)));
    assertThat(cloud.instances()).as("younger than 30 s").containsExactly(leaked);

    scheduler.advance(Duration.ofSeconds(30));
    restarted.gc.reconcile();

    assertThat(cloud.instances()).isEmpty();
    assertThat(client.nodes().withName(node.getMetadata().getName()).get()).isNull();
  }

  @Test
  void aRestartedControllerAdoptsTheInstanceOfAMachineThatStillExists() {
    String name = createMachine();
    Replica dying = new Replica(new DiesAfterCreate(cloud));
    assertThatThrownBy(() -> dying.lifecycle.reconcile(name)).hasMessageContaining("killed");

    Replica restarted = new Replica(cloud);
    restarted.lifecycle.reconcile(name);
    scheduler.advance(Duration.ofMinutes(1));
    restarted.gc.reconcile();

    assertThat(cloud.instances()).hasSize(1);
    assertThat(machine(name).getStatus().providerID())
        .isEqualTo(cloud.instances().get(0).providerId());
  }

  @Test
  @Timeout(60)
  void theProductionCompositionRunsTheLifecycleFromInformerEvents() throws Exception {
    ClusterState state = new ClusterState(clock);
    try (ClusterInformers informers = new ClusterInformers(client, state)) {
      OperatorOptions options = OperatorOptions.parse(Map.of("CLUSTER_NAME", "test"));
      Controllers wired =
          Controllers.create(
              Controllers.Wiring.of(
                  options, client, cloud, CORE, informers, events, registry, clock, scheduler,
                  random),
              List.of());
      ObjectController<String> lifecycle = wired.objectController(MachineLifecycleController.NAME);
      ObjectController<String> termination = wired.objectController("termination");
      informers.start().get(10, TimeUnit.SECONDS);
      String name = createMachine();

      await()
          .atMost(DELIVERY)
          .until(() -> lifecycle.processReady() >= 0 && !cloud.instances().isEmpty());
      Node node = kubeletRegisters(name);
      kubeletReady(node.getMetadata().getName());
      await()
          .atMost(DELIVERY)
          .until(
              () ->
                  lifecycle.processReady() >= 0
                      && MachineConditions.isTrue(machine(name).getStatus(), Keys.READY));

      client.nodes().withName(node.getMetadata().getName()).delete();
      await().atMost(DELIVERY).until(() -> termination.processReady() > 0);
      scheduler.advance(Duration.ofSeconds(5));
      await()
          .atMost(DELIVERY)
          .until(
              () ->
                  termination.processReady() >= 0
                      && client.nodes().withName(node.getMetadata().getName()).get() == null);

      await().atMost(DELIVERY).until(() -> lifecycle.processReady() >= 0 && machine(name) == null);
      assertThat(cloud.instances()).isEmpty();
      assertThat(wired.loop(GarbageCollectionController.NAME).runOnce())
          .isEqualTo(Result.requeueAfter(Duration.ofSeconds(10)));
      assertThat(wired.all())
          .extracting(Controller::name)
          .containsExactly(
              "provisioner.trigger.pod",
              "provisioner",
              "provisioner.validation",
              "provisioner.counter",
              "machine.lifecycle",
              "eviction-queue",
              "termination",
              "machine.garbagecollection",
              "deprovisioning");
    }
  }

  /** A cloud provider whose caller is killed as soon as the launch returns. */
  private static final class DiesAfterCreate extends ForwardingCloudProvider {
    DiesAfterCreate(CloudProvider delegate) {
      super(delegate);
    }

    @Override
    public LaunchedMachine create(LaunchRequest request) {
      super.create(request);
      throw new IllegalStateException("controller killed between CreateFleet and Machine update");
    }
  }
}
